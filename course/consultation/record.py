"""Validate one client record (docs/consultation-rules.md, "The client record") into a typed `Client`."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from course import bands
from course.consultation.lookups import procedure_types
from course.data import CourseData, load
from course.errors import InvalidInput
from course.limits import check_date, limit, shown
from course.time_labels import date_label

REQUIRED_KEYS = (
    "assessment_date", "age", "fitzpatrick_type", "indication", "treatment_area", "conditions",
    "medications", "pregnant", "breastfeeding", "last_session", "proposed_needle_depth_mm",
    "proposed_interval_weeks", "planned_sessions", "upcoming_events",
)
OPTIONAL_KEYS = ("adjuncts", "maintenance", "recent_procedures")
MEDICATION_KEYS = ("name", "class", "current", "days_since_last_dose")
EVENT_KEYS = ("type", "in_days")
LABELS = {  # each key in words, as the screening form labels it
    "assessment_date": "Assessment date", "last_session": "Last session", "conditions": "Conditions",
    "adjuncts": "Products needled in", "pregnant": "Pregnant", "breastfeeding": "Breastfeeding",
    "maintenance": "Maintenance session",
}
PROCEDURE_KEYS = ("type", "days_since")


class InvalidRecord(InvalidInput):
    """A client record the engine refuses; `.field` is the top-level key at fault."""


@dataclass(frozen=True)
class Medication:
    """One medicine the client takes or took; `days_since_last_dose` is None when not known."""

    name: str
    medication_class: str
    current: bool
    days_since_last_dose: float | None


@dataclass(frozen=True)
class Event:
    """An upcoming client event `in_days` after the proposed session."""

    type: str
    in_days: int


@dataclass(frozen=True)
class RecentProcedure:
    """Another procedure in or next to the area, `days_since` whole days before the assessment."""

    type: str
    days_since: int


@dataclass(frozen=True)
class Client:
    """A validated record: the same keys, typed (dates as `date`, tuples for lists)."""

    assessment_date: dt.date
    age: int
    fitzpatrick_type: int
    indication: str
    treatment_area: str
    conditions: tuple[str, ...]
    medications: tuple[Medication, ...]
    pregnant: bool
    breastfeeding: bool
    last_session: dt.date | None
    proposed_needle_depth_mm: float
    proposed_interval_weeks: float
    planned_sessions: int
    upcoming_events: tuple[Event, ...]
    adjuncts: tuple[str, ...] = ()
    maintenance: bool = False
    recent_procedures: tuple[RecentProcedure, ...] = ()


def condition_codes(data: CourseData | None = None) -> tuple[str, ...]:
    """Every condition code the screening rules recognise, in rule-table order."""
    data = data or load()
    return tuple(dict.fromkeys(c for rule in data.screening_rules.values() for c in rule.conditions))


def dated_classes(data: CourseData) -> set[str]:
    """Medication classes whose rule has a wait: their last dose must be known when stopped."""
    return {c for r in data.screening_rules.values() if r.wait_days for c in r.medication_classes}


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if isinstance(value, dt.date):
        return check_date(value, LABELS[field], field, InvalidRecord)
    raise InvalidRecord(field, f"{LABELS[field]} must be a real calendar date as YYYY-MM-DD "
                               f"(got {shown(value)}).")


def _codes(value: object, field: str, known: Iterable[str], what: str) -> tuple[str, ...]:
    """A list of known codes; anything else is refused with the allowed codes."""
    allowed = sorted(known)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidRecord(field, f"{LABELS[field]} must be a list of {what} codes (an empty list for none; "
                                   f"got {shown(value)}).")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise InvalidRecord(field, f"{LABELS[field]}: unknown {what} {', '.join(map(repr, unknown))}; "
                                   f"use only: {', '.join(allowed)}.")
    return tuple(value)


def _bool(record: Mapping[str, Any], field: str) -> bool:
    value = record[field]
    if not isinstance(value, bool):
        raise InvalidRecord(field, f"{LABELS[field]} must be yes or no (got {shown(value)}).")
    return value


def _choice(value: object, field: str, known: Iterable[str], what: str) -> str:
    allowed = list(known)
    if not isinstance(value, str) or value not in allowed:
        raise InvalidRecord(field, f"Unknown {what} {shown(value)}; choose one of: {', '.join(allowed)}.")
    return value


def _medications(value: object, data: CourseData) -> tuple[Medication, ...]:
    field = "medications"
    if not isinstance(value, list | tuple):
        raise InvalidRecord(field, "Medicines must be a list of {name, class, current, "
                                   "days_since_last_dose} entries (an empty list for none).")
    classes = list(data.medication_classes)
    found = []
    for i, item in enumerate(value, start=1):
        where = f"Medicine {i}"
        if not isinstance(item, Mapping):
            raise InvalidRecord(field, f"{where} must be a mapping with keys {', '.join(MEDICATION_KEYS)}.")
        extra = [k for k in item if k not in MEDICATION_KEYS]
        missing = [k for k in MEDICATION_KEYS[:3] if k not in item]
        if extra or missing:
            raise InvalidRecord(field, f"{where} must have the keys {', '.join(MEDICATION_KEYS)} "
                                       f"(missing: {', '.join(missing) or 'none'}; "
                                       f"unknown: {', '.join(map(str, extra)) or 'none'}).")
        name, cls, current = item["name"], item["class"], item["current"]
        days = item.get("days_since_last_dose")
        if not isinstance(name, str):
            raise InvalidRecord(field, f"{where}: the name must be text (got {shown(name)}).")
        if not isinstance(cls, str) or cls not in classes:
            raise InvalidRecord(field, f"{where}: unknown medication class {cls!r}; choose one of: "
                                       f"{', '.join(classes)} (use 'other' for anything else).")
        if not isinstance(current, bool):
            raise InvalidRecord(field, f"{where}: 'still taking' must be yes or no (got {shown(current)}).")
        if days is not None and not limit("days_since_last_dose").ok(days):
            raise InvalidRecord(field, f"Medicine {i}: days since the last dose must be "
                                       f"{limit('days_since_last_dose').describe()}, or left empty when "
                                       f"not known (got {shown(days)}).")
        if cls in dated_classes(data) and not current and days is None:
            raise InvalidRecord(field, f"{where}: {data.medication_classes[cls].label.lower()} was "
                                       "stopped, so the days since the last dose (or application) are "
                                       "needed to say when the client becomes eligible.")
        found.append(Medication(name, cls, current, days))
    return tuple(found)


def _events(value: object) -> tuple[Event, ...]:
    field = "upcoming_events"
    if not isinstance(value, list | tuple):
        raise InvalidRecord(field, "Upcoming events must be a list of {type, in_days} entries "
                                   "(an empty list for none).")
    found = []
    for i, item in enumerate(value, start=1):
        ok = isinstance(item, Mapping) and set(item) == set(EVENT_KEYS)
        kind, days = (item.get("type"), item.get("in_days")) if isinstance(item, Mapping) else (None, None)
        if not (ok and isinstance(kind, str) and kind.strip()):
            raise InvalidRecord(field, f"Event {i} must have exactly a type (an event name such as "
                                       "'wedding' or 'beach_holiday') and in_days (days until the "
                                       f"event; got {shown(item)}).")
        if not limit("in_days").ok(days):
            raise InvalidRecord(field, f"Event {i} ({kind.replace('_', ' ')}): days until the event must be "
                                       f"{limit('in_days').describe()} (got {shown(days)}).")
        found.append(Event(kind, days))
    return tuple(found)


def _procedures(value: object) -> tuple[RecentProcedure, ...]:
    """`recent_procedures`: absent or null is none; otherwise a list of {type, days_since}."""
    field = "recent_procedures"
    if value is None:
        return ()
    known = procedure_types()
    if not isinstance(value, list | tuple):
        raise InvalidRecord(field, "Recent procedures must be a list of {type, days_since} entries "
                                   f"(an empty list or null for none; got {shown(value)}).")
    found = []
    for i, item in enumerate(value, start=1):
        if not (isinstance(item, Mapping) and set(item) == set(PROCEDURE_KEYS)):
            raise InvalidRecord(field, f"Recent procedure {i} must have exactly a type and days_since "
                                       f"(got {shown(item)}).")
        kind, days = item["type"], item["days_since"]
        if not isinstance(kind, str) or kind not in known:
            raise InvalidRecord(field, f"Recent procedure {i}: unknown type {shown(kind)}; choose one of: "
                                       f"{', '.join(known)}.")
        if not limit("days_since_procedure").ok(days):
            raise InvalidRecord(field, f"Recent procedure {i} ({known[kind].label.lower()}): days since "
                                       f"the procedure must be {limit('days_since_procedure').describe()} "
                                       f"(got {shown(days)}).")
        found.append(RecentProcedure(kind, days))
    return tuple(found)


def _area(value: object, data: CourseData) -> str:
    if not isinstance(value, str):
        raise InvalidRecord("treatment_area", f"Treatment area must be an area code (got {shown(value)}).")
    try:
        return bands.treatment_area(value, data).area
    except InvalidInput as exc:
        raise InvalidRecord("treatment_area", str(exc)) from None


def _number(name: str, record: Mapping[str, Any], field: str) -> Any:
    return limit(name).check(record[field], field, InvalidRecord)


def _or_none(record: Mapping[str, Any], field: str) -> Any:
    """An optional list key: missing or null is an empty list; anything else is checked as given."""
    value = record.get(field)
    return [] if value is None else value


def validate(record: Mapping[str, Any], data: CourseData | None = None) -> Client:
    """Check every key of a client record; raise `InvalidRecord` naming the first key at fault."""
    data = data or load()
    if not isinstance(record, Mapping):
        raise InvalidRecord("record", "The client record must be a mapping of the keys in "
                                      "docs/consultation-rules.md.")
    for key in REQUIRED_KEYS:
        if key not in record:
            raise InvalidRecord(key, f"The record has no {key!r}; every record needs: "
                                     f"{', '.join(REQUIRED_KEYS)}.")
    for key in record:
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            raise InvalidRecord(str(key), f"Unknown key {key!r}; allowed keys are "
                                          f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}.")
    today = _date(record["assessment_date"], "assessment_date")
    age = limit("age_years").check(record["age"], "age", InvalidRecord)
    fitz = limit("fitzpatrick_type").check(record["fitzpatrick_type"], "fitzpatrick_type", InvalidRecord)
    indication = _choice(record["indication"], "indication", data.indications, "indication")
    area = _area(record["treatment_area"], data)
    last = record["last_session"]
    last_day = None if last is None else _date(last, "last_session")
    if last_day is not None and last_day > today:
        raise InvalidRecord("last_session", f"The last session ({date_label(last_day)}) is after the "
                                            f"assessment date ({date_label(today)}); enter the previous "
                                            "session, on or before it.")
    return Client(
        assessment_date=today, age=int(age), fitzpatrick_type=int(fitz), indication=indication,
        treatment_area=area,
        conditions=_codes(record["conditions"], "conditions", condition_codes(data), "condition"),
        medications=_medications(record["medications"], data),
        pregnant=_bool(record, "pregnant"), breastfeeding=_bool(record, "breastfeeding"),
        last_session=last_day,
        proposed_needle_depth_mm=_number("depth_mm", record, "proposed_needle_depth_mm"),
        proposed_interval_weeks=_number("interval_weeks", record, "proposed_interval_weeks"),
        planned_sessions=_number("sessions", record, "planned_sessions"),
        upcoming_events=_events(record["upcoming_events"]),
        # optional keys: absent or null means none / not a maintenance session
        adjuncts=_codes(_or_none(record, "adjuncts"), "adjuncts", data.adjuncts, "adjunct"),
        maintenance=_bool(record, "maintenance") if record.get("maintenance") is not None else False,
        recent_procedures=_procedures(record.get("recent_procedures")),
    )
