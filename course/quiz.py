"""Self-check questions as data: load `data/quizzes/<lesson>.json` and validate it.

A quiz file holds 4–6 multiple-choice questions for one lesson (the final assessment holds
more, each tagged with the lesson it checks). Every question has exactly one correct option,
feedback on every option (why it is right, or why it is tempting and wrong), the number of the
lesson objective it checks, the kind of thinking it asks (`recall`, `apply`, `analyse`), the
misconception its distractors target, and `source_ids` that resolve in `data/sources.csv`.
`"scored": false` marks an orientation item that is not counted. Options are shown in the order
`option_order` gives: shuffled, stable per learner and item. Errors name the file and question.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course import data
from course.data import DataError, MissingDataFile

QUIZ_DIR = "quizzes"
THINKING = ("recall", "apply", "analyse")


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
    thinking: str = "recall"  # recall, apply or analyse
    misconception: str = ""  # what the distractors target
    scored: bool = True  # False only for an orientation item (lesson 00)

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


def option_order(item_id: str, learner_id: str, n: int) -> list[int]:
    """A shuffle of range(n), the same for a learner and item on every reload and Python version.

    Each index is ranked by a SHA-256 digest of (learner, item, index), so no position is
    favoured and the order does not depend on Python's per-process `hash` salt. Widgets pass
    `"<lesson>/<question id>"` as `item_id`; scoring and feedback use stored indices.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")

    def rank(index: int) -> bytes:
        return hashlib.sha256(f"{learner_id}\x1f{item_id}\x1f{index}".encode()).digest()

    return sorted(range(n), key=rank)


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
    thinking = raw.get("thinking")
    if thinking not in THINKING:
        raise QuizError(lesson, f"\"thinking\" must be one of {', '.join(THINKING)}", qid)
    scored = raw.get("scored", True)
    if not isinstance(scored, bool):
        raise QuizError(lesson, "\"scored\" must be true or false", qid)
    tagged = raw.get("lesson", lesson)
    return Question(
        id=qid,
        lesson=_text(tagged, lesson, qid, "lesson tag"),
        objective=objective,
        prompt=_text(raw.get("prompt"), lesson, qid, "prompt"),
        options=options,
        source_ids=tuple(source_ids),
        thinking=thinking,
        misconception=_text(raw.get("misconception"), lesson, qid,
                            "\"misconception\" (what the wrong options target)"),
        scored=scored,
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


@dataclass(frozen=True)
class BankFigures:
    """How gameable a set of questions is (the figures issue 12 measured)."""

    items: int
    mean_options: float
    key_longest_share: float  # share of items whose key is the (strictly or jointly) longest option
    key_position_shares: dict[int, float]  # stored position of the key -> share of items
    mean_key_length_ratio: float  # key length / mean distractor length, averaged over items
    apply_or_analyse_share: float

    def lines(self) -> list[str]:
        positions = ", ".join(f"{p + 1}: {s:.0%}" for p, s in sorted(self.key_position_shares.items()))
        return [f"items: {self.items}", f"mean options: {self.mean_options:.2f}",
                f"key is the longest option: {self.key_longest_share:.0%}",
                f"key position in storage: {positions}",
                f"key length / mean distractor length: {self.mean_key_length_ratio:.2f}",
                f"apply or analyse: {self.apply_or_analyse_share:.0%}"]


def bank_figures(questions: list[Question] | tuple[Question, ...]) -> BankFigures:
    """Measure a question bank: option counts, key length and key position (lengths in characters)."""
    if not questions:
        raise ValueError("no questions to measure")
    n = len(questions)
    longest = ratio = 0.0
    positions: Counter[int] = Counter()
    for q in questions:
        lengths = [len(o.text) for o in q.options]
        key = lengths[q.correct_index]
        others = [length for i, length in enumerate(lengths) if i != q.correct_index]
        longest += key >= max(others)
        ratio += key / (sum(others) / len(others))
        positions[q.correct_index] += 1
    return BankFigures(
        items=n, mean_options=sum(len(q.options) for q in questions) / n, key_longest_share=longest / n,
        key_position_shares={p: c / n for p, c in positions.items()}, mean_key_length_ratio=ratio / n,
        apply_or_analyse_share=sum(q.thinking in ("apply", "analyse") for q in questions) / n)
