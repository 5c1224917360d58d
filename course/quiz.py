"""Self-check questions as data: load `data/quizzes/<lesson>.json` and validate it.

A quiz file holds 4–6 multiple-choice questions for one lesson (the final assessment holds
more, each tagged with the lesson it checks). Every question has exactly one correct option,
feedback on every option (why it is right, or why it is wrong and what is right), the number
of the lesson objective it checks, and `source_ids` that resolve in `data/sources.csv`.
Errors name the file and the question so an author can fix them at once.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course import data
from course.data import DataError, MissingDataFile

QUIZ_DIR = "quizzes"


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One question; `lesson` is the lesson it checks (the quiz's own lesson unless tagged)."""

    id: str
    lesson: str
    objective: int
    prompt: str
    options: tuple[Option, ...]
    source_ids: tuple[str, ...]

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class Quiz:
    lesson: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"no question {question_id!r} in the {self.lesson} quiz")

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source the questions cite, first appearance first, no repeats."""
        return tuple(dict.fromkeys(s for q in self.questions for s in q.source_ids))


class QuizError(DataError):
    """A quiz file is malformed; the message names the file and the question."""

    def __init__(self, lesson: str, message: str, question: str | None = None) -> None:
        where = f" question {question!r}:" if question else ""
        super().__init__(Path(data.DATA_DIR, QUIZ_DIR, f"{lesson}.json"), f"{where} {message}".strip())
        self.question = question


def quiz_path(lesson: str) -> str:
    """The quiz file of a lesson, relative to `data/`."""
    return f"{QUIZ_DIR}/{lesson}.json"


def load_quiz(lesson: str, data_dir: Path | str | None = None) -> Quiz:
    """Load and validate one lesson's quiz; `MissingDataFile` when the lesson has none yet."""
    raw = data.load_json(quiz_path(lesson), data_dir)
    sources = data.load(data_dir).sources
    return parse_quiz(lesson, raw, set(sources))


def has_quiz(lesson: str, data_dir: Path | str | None = None) -> bool:
    """True when `data/quizzes/<lesson>.json` exists (it may still be malformed)."""
    try:
        data.load_json(quiz_path(lesson), data_dir)
    except MissingDataFile:
        return False
    except DataError:
        return True
    return True


def _text(value: Any, lesson: str, qid: str | None, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizError(lesson, f"{what} must be non-empty text", qid)
    return value.strip()


def _option(raw: Any, lesson: str, qid: str, number: int) -> Option:
    if not isinstance(raw, dict):
        raise QuizError(lesson, f"option {number} must be an object with text, correct, feedback", qid)
    if not isinstance(raw.get("correct"), bool):
        raise QuizError(lesson, f"option {number} needs \"correct\": true or false", qid)
    return Option(
        text=_text(raw.get("text"), lesson, qid, f"option {number} text"),
        correct=raw["correct"],
        feedback=_text(raw.get("feedback"), lesson, qid,
                       f"option {number} feedback (say why it is right, or why it is wrong)"),
    )


def _question(raw: Any, lesson: str, number: int, sources: set[str]) -> Question:
    if not isinstance(raw, dict):
        raise QuizError(lesson, f"question {number} must be an object")
    qid = _text(raw.get("id"), lesson, None, f"question {number} id")
    objective = raw.get("objective")
    if isinstance(objective, bool) or not isinstance(objective, int) or objective < 1:
        raise QuizError(lesson, "\"objective\" must be the number (1, 2, …) of the lesson objective "
                                "the question checks", qid)
    options_raw = raw.get("options")
    if not isinstance(options_raw, list) or len(options_raw) < 2:
        raise QuizError(lesson, "needs a list of at least 2 options", qid)
    options = tuple(_option(o, lesson, qid, i) for i, o in enumerate(options_raw, start=1))
    n_correct = sum(o.correct for o in options)
    if n_correct != 1:
        raise QuizError(lesson, f"has {n_correct} correct options; mark exactly one \"correct\": true", qid)
    if len({o.text for o in options}) != len(options):
        raise QuizError(lesson, "two options have the same text", qid)
    source_ids = raw.get("source_ids")
    if not isinstance(source_ids, list) or not source_ids:
        raise QuizError(lesson, "needs \"source_ids\": a list of ids from data/sources.csv", qid)
    unknown = [s for s in source_ids if s not in sources]
    if unknown:
        raise QuizError(lesson, f"source id(s) {', '.join(map(repr, unknown))} are not in "
                                "data/sources.csv", qid)
    tagged = raw.get("lesson", lesson)
    return Question(
        id=qid,
        lesson=_text(tagged, lesson, qid, "lesson tag"),
        objective=objective,
        prompt=_text(raw.get("prompt"), lesson, qid, "prompt"),
        options=options,
        source_ids=tuple(source_ids),
    )


def parse_quiz(lesson: str, raw: Any, sources: set[str]) -> Quiz:
    """Validate a quiz document (already parsed JSON) for `lesson`."""
    if not isinstance(raw, dict):
        raise QuizError(lesson, "must be a JSON object with \"lesson\" and \"questions\"")
    if raw.get("lesson") != lesson:
        raise QuizError(lesson, f"\"lesson\" is {raw.get('lesson')!r}; it must match the file name "
                                f"{lesson!r}")
    questions_raw = raw.get("questions")
    if not isinstance(questions_raw, list) or not questions_raw:
        raise QuizError(lesson, "\"questions\" must be a non-empty list")
    questions = tuple(_question(q, lesson, i, sources) for i, q in enumerate(questions_raw, start=1))
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise QuizError(lesson, f"question id(s) used twice: {', '.join(duplicates)}")
    return Quiz(lesson=lesson, questions=questions)


def option_order(item_id: str, learner_id: str, n: int) -> list[int]:
    """Display order of an item's `n` options: shuffled, stable for one learner and item."""
    seed = hashlib.sha256(f"{learner_id}\x1f{item_id}".encode()).digest()
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order
