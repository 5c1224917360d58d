"""Complication triage: what a client reports, and on which day after the session, decides whether it
is expected, a call to the clinic today, or urgent. Pure: rows from `data/complications.csv`.

Day 0 is the day of the session. Each report's rows cover days 0–365 with no gap or overlap
(`check_coverage`), so every valid (report, day) pair has exactly one answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from course import data
from course.errors import InvalidInput
from course.records import Complication

FIRST_DAY = 0
LAST_DAY = 365
LEVEL_WORDS = {
    "expected": "Expected: part of normal healing",
    "call_clinic": "Call the clinic today",
    "urgent": "Urgent: get medical help now",
}
# A text symbol per level, so the level never rests on colour alone.
LEVEL_ICONS = {"expected": "✓", "call_clinic": "☎", "urgent": "⚠"}


@dataclass(frozen=True)
class TriageResult:
    """The answer for one report on one day: level, likely cause, action and where it comes from."""

    report: str
    label: str  # the report in the learner's words
    day_after: int
    level: str  # expected | call_clinic | urgent
    likely: str
    action: str
    evidence: str
    source_id: str
    triage_id: str

    @property
    def level_words(self) -> str:
        return LEVEL_WORDS[self.level]

    @property
    def icon(self) -> str:
        return LEVEL_ICONS[self.level]


def _rows() -> list[Complication]:
    return list(data.load().complications.values())


def reports() -> dict[str, str]:
    """Report code -> what the client says, in table order."""
    return {row.report: row.label for row in _rows()}


def check_coverage(rows: list[Complication] | None = None) -> list[str]:
    """Problems with the table: a report whose rows leave a day uncovered, cover one twice, run
    backwards or disagree on its label. An empty list means every day 0–365 has one answer."""
    problems = []
    by_report: dict[str, list[Complication]] = {}
    for row in _rows() if rows is None else rows:
        by_report.setdefault(row.report, []).append(row)
    for report, group in by_report.items():
        if len({row.label for row in group}) > 1:
            problems.append(f"{report}: its rows give different labels")
        expected_from = FIRST_DAY
        for row in sorted(group, key=lambda r: r.day_from_days):
            if row.day_to_days < row.day_from_days:
                problems.append(f"{row.triage_id}: ends (day {row.day_to_days}) before it starts")
            if row.day_from_days != expected_from:
                kind = "gap" if row.day_from_days > expected_from else "overlap"
                problems.append(f"{report}: {kind} at day {expected_from} ({row.triage_id} starts "
                                f"on day {row.day_from_days})")
            expected_from = row.day_to_days + 1
        if expected_from != LAST_DAY + 1:
            problems.append(f"{report}: rows end on day {expected_from - 1}, not day {LAST_DAY}")
    return problems


def day_number(day_after: object) -> int:
    """The day as a whole number from 0 to 365, or a plain message saying what to enter."""
    if isinstance(day_after, bool) or day_after is None or day_after == "":
        raise InvalidInput("day_after", "Enter the day after the session as a whole number "
                                        f"from {FIRST_DAY} (the day of the session) to {LAST_DAY}.")
    try:
        number = float(day_after)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput("day_after", f"“{day_after}” is not a number of days: enter a whole number "
                                        f"from {FIRST_DAY} to {LAST_DAY}.") from None
    if number != int(number):
        raise InvalidInput("day_after", f"Enter whole days (0 is the day of the session), not {day_after}.")
    if not FIRST_DAY <= number <= LAST_DAY:
        raise InvalidInput("day_after", f"Day {int(number)} is outside the triage: enter a day from "
                                        f"{FIRST_DAY} (the day of the session) to {LAST_DAY} (a year later).")
    return int(number)


def triage(report: str, day_after: object) -> TriageResult:
    """Triage what the client reports on `day_after` (0 = the day of the session)."""
    known = reports()
    if report not in known:
        raise InvalidInput("report", "Choose what the client reports from the list "
                                     f"({len(known)} options); “{report}” is not one of them.")
    day = day_number(day_after)
    row = next(r for r in _rows() if r.report == report and r.day_from_days <= day <= r.day_to_days)
    return TriageResult(report=report, label=row.label, day_after=day, level=row.level, likely=row.likely,
                        action=row.action, evidence=row.evidence, source_id=row.source_id,
                        triage_id=row.triage_id)
