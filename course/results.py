"""The final assessment's results file: one documented JSON format an instructor can collect.

`results.json` in `course.userdir.user_dir()`:
`{"format": "microneedling-course-results", "version": 1, "learner": str,
"submitted_at": ISO-8601 UTC, "score": {"correct": int, "total": int},
"objectives": [{"objective": str, "correct": int, "total": int, "revisit": [lesson stems]}]}`.
`write_results` writes it atomically; `load_results` returns it validated or raises `ResultsError`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course.userdir import atomic_write_text, learner_id, user_dir

FILE_NAME = "results.json"
FORMAT = "microneedling-course-results"
VERSION = 1


class ResultsError(ValueError):
    """A results file is missing, unreadable or not in the documented format."""


@dataclass(frozen=True)
class ObjectiveResult:
    """Correct answers out of `total` for one objective, and the lessons to revisit when weak."""

    objective: str
    correct: int
    total: int
    revisit: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"objective": self.objective, "correct": self.correct, "total": self.total,
                "revisit": list(self.revisit)}


def results_path() -> Path:
    return user_dir() / FILE_NAME


def results_document(objectives: list[ObjectiveResult], learner: str | None = None,
                     submitted_at: datetime | None = None) -> dict[str, Any]:
    """The results document for these objective results (score summed over them)."""
    when = (submitted_at or datetime.now(UTC)).astimezone(UTC)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "learner": learner if learner is not None else learner_id(),
        "submitted_at": when.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "score": {"correct": sum(o.correct for o in objectives), "total": sum(o.total for o in objectives)},
        "objectives": [o.as_dict() for o in objectives],
    }
    validate(document)
    return document


def results_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def write_results(objectives: list[ObjectiveResult], learner: str | None = None) -> Path:
    """Write `results.json` atomically in the user folder (replacing an earlier one)."""
    return write_document(results_document(objectives, learner))


def write_document(document: dict[str, Any]) -> Path:
    """Write a results document (validated first) atomically as the user folder's `results.json`."""
    return atomic_write_text(results_path(), results_json(validate(document)), overwrite=True)


def _count(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ResultsError(f"{what} must be a whole number, 0 or more (got {value!r}).")
    return value


def _score(raw: Any, what: str) -> tuple[int, int]:
    if not isinstance(raw, dict):
        raise ResultsError(f"{what} must be an object with 'correct' and 'total'.")
    correct, total = _count(raw.get("correct"), f"{what} correct"), _count(raw.get("total"), f"{what} total")
    if correct > total:
        raise ResultsError(f"{what}: correct ({correct}) is more than total ({total}).")
    return correct, total


def _objective(raw: Any, number: int) -> tuple[int, int]:
    what = f"objective {number}"
    if not isinstance(raw, dict):
        raise ResultsError(f"{what} must be an object.")
    if not isinstance(raw.get("objective"), str) or not raw["objective"].strip():
        raise ResultsError(f"{what} needs a non-empty 'objective' text.")
    revisit = raw.get("revisit")
    if not isinstance(revisit, list) or not all(isinstance(s, str) and s for s in revisit):
        raise ResultsError(f"{what}: 'revisit' must be a list of lesson names.")
    return _score(raw, what)


def validate(document: Any) -> dict[str, Any]:
    """Return `document` if it follows the documented format; otherwise raise `ResultsError`."""
    if not isinstance(document, dict):
        raise ResultsError("The results file must hold a JSON object.")
    if document.get("format") != FORMAT:
        raise ResultsError(f"Not a course results file (format is {document.get('format')!r}).")
    if document.get("version") != VERSION:
        raise ResultsError(f"Unknown results version {document.get('version')!r}; expected {VERSION}.")
    if not isinstance(document.get("learner"), str) or not document["learner"].strip():
        raise ResultsError("The results file names no learner.")
    stamp = document.get("submitted_at")
    try:
        when = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        when = None
    if when is None or when.utcoffset() is None or when.utcoffset().total_seconds() != 0:
        raise ResultsError(f"submitted_at must be an ISO-8601 UTC time (got {stamp!r}).")
    correct, total = _score(document.get("score"), "score")
    objectives = document.get("objectives")
    if not isinstance(objectives, list):
        raise ResultsError("'objectives' must be a list.")
    sums = [_objective(raw, n) for n, raw in enumerate(objectives, start=1)]
    if sums and (sum(c for c, _ in sums), sum(t for _, t in sums)) != (correct, total):
        raise ResultsError("The score does not add up to the objectives' counts.")
    return document


def load_results(path: Path | str | None = None) -> dict[str, Any]:
    """The results document at `path` (default: the user folder's), validated."""
    path = Path(path) if path is not None else results_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResultsError(f"No results file at {path.name}.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path.name} could not be read ({exc}).") from exc
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ResultsError(f"{path.name} is not valid JSON.") from exc
    return validate(document)
