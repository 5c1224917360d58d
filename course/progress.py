"""A learner's progress through the self-checks, kept in the user folder (never the repository).

`progress.json` in `course.userdir.user_dir()` records, per lesson and question, the option
last chosen, whether it was right, and how many times it was checked. Writes are atomic. A
missing file starts fresh; a corrupt one is kept aside as `progress.json.corrupt-<timestamp>`
and progress starts fresh with a message saying so — a learner never meets a crash here.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course.userdir import atomic_write_text, user_dir

FILE_NAME = "progress.json"
VERSION = 1


@dataclass(frozen=True)
class LessonSummary:
    """Answered and correct questions of one lesson, out of `total` (None when unknown)."""

    lesson: str
    answered: int
    correct: int
    total: int | None

    def text(self) -> str:
        out_of = f" of {self.total}" if self.total is not None else ""
        return f"{self.answered}{out_of} answered, {self.correct} correct"


def progress_path() -> Path:
    return user_dir() / FILE_NAME


def _fresh() -> dict[str, Any]:
    return {"version": VERSION, "lessons": {}}


def _valid(document: Any) -> bool:
    return (isinstance(document, dict) and isinstance(document.get("lessons"), dict)
            and all(isinstance(v, dict) for v in document["lessons"].values()))


def load() -> tuple[dict[str, Any], str | None]:
    """The progress document and a message for the learner (None when all is well)."""
    path = progress_path()
    if not path.exists():
        return _fresh(), None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        document = None
    if _valid(document):
        return document, None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{FILE_NAME}.corrupt-{stamp}")
    try:
        path.replace(aside)
        kept = f" The damaged file was kept as {aside.name}."
    except OSError:
        kept = ""
    return _fresh(), f"Your saved progress could not be read, so progress starts fresh.{kept}"


def save(document: dict[str, Any]) -> Path:
    return atomic_write_text(progress_path(), json.dumps(document, indent=1, sort_keys=True),
                             overwrite=True)


def record_answer(lesson: str, question_id: str, option_index: int, correct: bool) -> dict[str, Any]:
    """Save one checked answer; returns the stored entry for the question."""
    document, _ = load()
    answers = document["lessons"].setdefault(lesson, {})
    previous = answers.get(question_id, {})
    entry = {
        "option": int(option_index),
        "correct": bool(correct),
        "attempts": int(previous.get("attempts", 0)) + 1,
        "answered_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    answers[question_id] = entry
    save(document)
    return entry


def answers(lesson: str) -> dict[str, dict[str, Any]]:
    """The saved answers of one lesson, keyed by question id."""
    document, _ = load()
    return dict(document["lessons"].get(lesson, {}))


def lesson_summary(lesson: str, total: int | None = None,
                   question_ids: tuple[str, ...] | None = None) -> LessonSummary:
    """Answered/correct counts; only `question_ids` count when given (questions may be renamed)."""
    saved = answers(lesson)
    if question_ids is not None:
        saved = {k: v for k, v in saved.items() if k in question_ids}
    correct = sum(1 for entry in saved.values() if entry.get("correct") is True)
    return LessonSummary(lesson=lesson, answered=len(saved), correct=correct, total=total)


def as_json() -> str:
    """The whole progress document as JSON text (for download)."""
    document, _ = load()
    return json.dumps(document, indent=1, sort_keys=True)


def reset() -> None:
    """Forget all progress (the file is replaced by an empty record)."""
    save(_fresh())
