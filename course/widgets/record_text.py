"""A consultation record and the engine's messages in the learner's words.

`FIELD_LABELS` are the labels the screening form shows; `in_words` puts them (and plain words for
`None`, `null` or `True`) into an engine message; `record_rows` lists a record as label/value pairs
in words and days, for the capstone's case records. Forms and cases share them, so one name is
used for one thing everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from course.data import load
from course.widgets.course_widget import date_text

FIELD_LABELS = {
    "assessment_date": "Assessment date", "age": "Age (years)", "fitzpatrick_type": "Fitzpatrick skin type",
    "indication": "Indication", "treatment_area": "Treatment area", "conditions": "Conditions",
    "medications": "Medications", "pregnant": "Pregnant", "breastfeeding": "Breastfeeding",
    "last_session": "Last session", "proposed_needle_depth_mm": "Needle depth (mm)",
    "proposed_interval_weeks": "Interval (weeks)", "planned_sessions": "Planned sessions",
    "maintenance": "Maintenance session", "upcoming_events": "Upcoming events",
    "adjuncts": "Products needled in", "recent_procedures": "Recent procedures",
    "days_since_last_dose": "Days since last dose", "in_days": "In days", "days_since": "Days since",
}
_PLAIN = {"None": "empty", "null": "empty", "True": "yes", "False": "no", "true": "yes", "false": "no"}


def words(code: str) -> str:
    """A code in words: 'acne_scars' -> 'acne scars'."""
    return str(code).replace("_", " ")


def in_words(message: str) -> str:
    """An engine message with record keys replaced by the form's labels and code values in words."""
    for key in sorted(FIELD_LABELS, key=len, reverse=True):
        message = re.sub(rf"(?<![\w']){key}(?![\w'])", f"“{FIELD_LABELS[key]}”", message)
    message = re.sub(r"\(got ([^)]*)\)", _got, message)
    message = re.sub(r"\b(None|null)\b", "empty", message)
    message = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", _date, message)
    return message.replace("as YYYY-MM-DD", "picked in the date box").replace("rules.md",
                                                                               "docs/consultation-rules.md")


def _date(match: re.Match[str]) -> str:
    try:
        return date_text(dt.date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return match[0]


def _got(match: re.Match[str]) -> str:
    value = _PLAIN.get(match[1], match[1].strip("'"))
    return "(the box is empty)" if value == "empty" else f"(you entered {value})"


def _label(table: Mapping[Any, Any], code: Any) -> str:
    item = table.get(code)
    return getattr(item, "label", None) or words(code)


def _days(n: Any) -> str:
    return f"{n:g} day{'s' if n != 1 else ''}" if isinstance(n, int | float) else "not known"


def _medication(item: Mapping[str, Any]) -> str:
    classes = load().medication_classes
    since = item.get("days_since_last_dose")
    status = "still taking" if item.get("current") else f"last dose {_days(since)} ago"
    if item.get("current") is False and item.get("days_since_last_dose") is None:
        status = "stopped (when not known)"
    name = str(item.get("name") or "").strip()
    return f"{name + ': ' if name else ''}{_label(classes, item.get('class'))}, {status}"


def value_words(key: str, value: Any) -> str:
    """One record value in words ('none' for an empty list; dates as the course shows them)."""
    d = load()
    tables = {"indication": d.indications, "treatment_area": d.treatment_areas,
              "fitzpatrick_type": d.skin_types}
    if key in tables:
        return _label(tables[key], value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none" if key == "last_session" else "not given"
    if key in ("assessment_date", "last_session"):
        return date_text(dt.date.fromisoformat(value) if isinstance(value, str) else value)
    if key == "medications":
        return "; ".join(_medication(m) for m in value) or "none"
    if key == "upcoming_events":
        return "; ".join(f"{_label(d.event_types, e.get('type'))} in {_days(e.get('in_days'))}"
                         for e in value) or "none"
    if key == "adjuncts":
        return "; ".join(_label(d.adjuncts, a) for a in value) or "none"
    if key == "recent_procedures":
        return "; ".join(f"{words(p.get('type'))}, {_days(p.get('days_since'))} ago" for p in value) or "none"
    if isinstance(value, list | tuple):
        return "; ".join(words(v).capitalize() for v in value) or "none"
    if key == "proposed_needle_depth_mm":
        return f"{value:g} mm"
    if key == "proposed_interval_weeks":
        return f"{value:g} week{'s' if value != 1 else ''}"
    return words(value)


def record_rows(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value in words) for every field of a consultation record, in the form's order."""
    order = [k for k in FIELD_LABELS if k in record] + [k for k in record if k not in FIELD_LABELS]
    labels = {**FIELD_LABELS, "proposed_needle_depth_mm": "Needle depth",
              "proposed_interval_weeks": "Interval", "age": "Age"}
    return [(labels.get(k, words(k).capitalize()), value_words(k, record[k])) for k in order]
