"""Consultation engine: screen one client record and check the proposed plan (shared/rules.md).

`assess(record)` validates the record, runs every screening rule of `data/screening_rules.csv`,
runs the plan checks of `data/plan_rules.csv` (with the lookups in `course.bands`), and returns a
frozen `Assessment`. Rule effects, wait days, ages, areas, codes, titles and sources all come from
the tables, so an instructor can change a course convention without touching this code.
Pure: no plotting, no widgets, no file reading except through `course.data`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from course import bands
from course.data import CourseData, load, load_json
from course.errors import InvalidInput
from course.records import ScreeningRule

DECISIONS = ("proceed", "proceed_with_caution", "defer", "refer")  # lowest to highest
REQUIRED_KEYS = (
    "assessment_date", "age", "fitzpatrick_type", "indication", "treatment_area", "conditions",
    "medications", "pregnant", "breastfeeding", "last_session", "proposed_needle_depth_mm",
    "proposed_interval_weeks", "planned_sessions", "upcoming_events",
)
OPTIONAL_KEYS = ("adjuncts", "maintenance")
MEDICATION_KEYS = ("name", "class", "current", "days_since_last_dose")
EVENT_KEYS = ("type", "in_days")
# A systemic drug still being taken keeps its rule firing whatever the last dose; for a topical
# product "current" only matters when the day of the last application is unknown (rules.md).
SYSTEMIC_WAIT_CLASSES = ("isotretinoin_oral",)
LAST_SESSION_RULE = "P-LAST-SESSION"


class InvalidRecord(InvalidInput):
    """A client record the engine refuses; `.field` is the top-level key at fault."""


# --- results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    """One rule that fired: its id and effect, the client detail in words, and its source id."""

    rule_id: str
    effect: str
    detail: str
    source: str
    title: str = ""

    @property
    def citation(self) -> str:
        """The full citation of `source` (from `data/sources.csv`)."""
        return load().citation(self.source)

    def to_dict(self) -> dict[str, str]:
        return {"rule_id": self.rule_id, "effect": self.effect, "detail": self.detail,
                "source": self.source, "title": self.title, "citation": self.citation}


@dataclass(frozen=True)
class EventCheck:
    """An upcoming event `in_days` after the session and its conflict: 'none', 'soft' or 'hard'."""

    type: str
    in_days: int
    conflict: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "in_days": self.in_days, "conflict": self.conflict}


@dataclass(frozen=True)
class PlanCheck:
    """The plan checks: depth against the area, interval (weeks), timing, events, adjuncts."""

    depth_band: str
    max_depth_mm: float
    depth_ok: bool
    min_interval_weeks: float
    max_interval_weeks: float
    interval_ok: bool
    earliest_next_session: dt.date | None
    event_checks: tuple[EventCheck, ...]
    acceptable: bool
    flags: tuple[str, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "depth_band": self.depth_band, "max_depth_mm": self.max_depth_mm, "depth_ok": self.depth_ok,
            "min_interval_weeks": self.min_interval_weeks, "max_interval_weeks": self.max_interval_weeks,
            "interval_ok": self.interval_ok,
            "earliest_next_session": _iso(self.earliest_next_session),
            "event_checks": [e.to_dict() for e in self.event_checks], "acceptable": self.acceptable,
            "flags": list(self.flags), "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Assessment:
    """The screening decision with its reasons, eligibility (defer only) and the plan check."""

    decision: str
    reasons: tuple[Reason, ...]
    eligible_from: dt.date | None
    eligible_when: str | None
    plan: PlanCheck

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly: dates as ISO strings, nested dicts and lists only."""
        return {"decision": self.decision, "reasons": [r.to_dict() for r in self.reasons],
                "eligible_from": _iso(self.eligible_from), "eligible_when": self.eligible_when,
                "plan": self.plan.to_dict()}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --- validation ------------------------------------------------------------------------------

def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidRecord(field, f"{field} must be a real calendar date as YYYY-MM-DD (got {value!r}).")


def _codes(value: object, field: str, known: Iterable[str], what: str) -> tuple[str, ...]:
    """A list of known codes; anything else is refused with the allowed codes."""
    allowed = sorted(known)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidRecord(field, f"{field} must be a list of {what} codes (an empty list for none).")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise InvalidRecord(field, f"Unknown {what} code(s) {', '.join(map(repr, unknown))} in {field}; "
                                   f"use only: {', '.join(allowed)}.")
    return tuple(value)


def _bool(record: Mapping[str, Any], field: str) -> bool:
    value = record[field]
    if not isinstance(value, bool):
        raise InvalidRecord(field, f"{field} must be true or false (got {value!r}).")
    return value


def _choice(value: object, field: str, known: Iterable[str], what: str) -> str:
    allowed = list(known)
    if value not in allowed:
        raise InvalidRecord(field, f"Unknown {what} {value!r}; choose one of: {', '.join(allowed)}.")
    return value  # type: ignore[return-value]


def condition_codes(data: CourseData | None = None) -> tuple[str, ...]:
    """Every condition code the screening rules recognise, in rule-table order."""
    data = data or load()
    return tuple(dict.fromkeys(c for rule in data.screening_rules.values() for c in rule.conditions))


def _dated_classes(data: CourseData) -> set[str]:
    """Medication classes whose rule has a wait: their last dose must be known when stopped."""
    return {c for r in data.screening_rules.values() if r.wait_days for c in r.medication_classes}


@dataclass(frozen=True)
class Medication:
    name: str
    medication_class: str
    current: bool
    days_since_last_dose: float | None


@dataclass(frozen=True)
class Event:
    type: str
    in_days: int


def _medications(value: object, data: CourseData) -> tuple[Medication, ...]:
    field = "medications"
    if not isinstance(value, list | tuple):
        raise InvalidRecord(field, "medications must be a list of {name, class, current, "
                                   "days_since_last_dose} entries (an empty list for none).")
    classes = list(data.medication_classes)
    found = []
    for i, item in enumerate(value, start=1):
        where = f"medications entry {i}"
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
            raise InvalidRecord(field, f"{where}: name must be text (got {name!r}).")
        if cls not in classes:
            raise InvalidRecord(field, f"{where}: unknown medication class {cls!r}; choose one of: "
                                       f"{', '.join(classes)} (use 'other' for anything else).")
        if not isinstance(current, bool):
            raise InvalidRecord(field, f"{where}: current must be true or false (got {current!r}).")
        if days is not None and not (_is_number(days) and days >= 0):
            raise InvalidRecord(field, f"{where}: days_since_last_dose must be a number of days, 0 or "
                                       f"more, or null when not known (got {days!r}).")
        if cls in _dated_classes(data) and not current and days is None:
            raise InvalidRecord(field, f"{where}: {data.medication_classes[cls].label} was stopped, so "
                                       "days_since_last_dose is needed (days since the last dose or "
                                       "application) to say when the client becomes eligible.")
        found.append(Medication(name, cls, current, days))
    return tuple(found)


def _events(value: object) -> tuple[Event, ...]:
    field = "upcoming_events"
    if not isinstance(value, list | tuple):
        raise InvalidRecord(field, "upcoming_events must be a list of {type, in_days} entries "
                                   "(an empty list for none).")
    found = []
    for i, item in enumerate(value, start=1):
        ok = isinstance(item, Mapping) and set(item) == set(EVENT_KEYS)
        kind, days = (item.get("type"), item.get("in_days")) if isinstance(item, Mapping) else (None, None)
        if not (ok and isinstance(kind, str) and kind.strip() and _is_int(days) and days >= 0):
            raise InvalidRecord(field, f"upcoming_events entry {i} must be {{type: a non-empty event "
                                       "name such as 'wedding' or 'beach_holiday', in_days: a whole "
                                       f"number of days, 0 or more}} (got {item!r}).")
        found.append(Event(kind, days))
    return tuple(found)


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


def validate(record: Mapping[str, Any], data: CourseData | None = None) -> Client:
    """Check every key of a client record (rules.md, input record); raise `InvalidRecord` if wrong."""
    data = data or load()
    if not isinstance(record, Mapping):
        raise InvalidRecord("record", "The client record must be a mapping of the keys in rules.md.")
    for key in REQUIRED_KEYS:
        if key not in record:
            raise InvalidRecord(key, f"The record has no {key!r}; every record needs: "
                                     f"{', '.join(REQUIRED_KEYS)}.")
    for key in record:
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            raise InvalidRecord(str(key), f"Unknown key {key!r}; allowed keys are "
                                          f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}.")
    today = _date(record["assessment_date"], "assessment_date")
    age = record["age"]
    if not (_is_int(age) and 0 <= age <= 120):
        raise InvalidRecord("age", f"age must be a whole number of years from 0 to 120 (got {age!r}).")
    fitz = record["fitzpatrick_type"]
    if not (_is_int(fitz) and fitz in data.skin_types):
        raise InvalidRecord("fitzpatrick_type", "fitzpatrick_type must be a whole number from "
                                                f"{min(data.skin_types)} to {max(data.skin_types)} "
                                                f"(Fitzpatrick I–VI; got {fitz!r}).")
    indication = _choice(record["indication"], "indication", data.indications, "indication")
    area = _area(record["treatment_area"], data)
    last = record["last_session"]
    last_day = None if last is None else _date(last, "last_session")
    if last_day is not None and last_day > today:
        raise InvalidRecord("last_session", f"last_session ({last_day}) is after the assessment date "
                                            f"({today}); enter the previous session, on or before it.")
    return Client(
        assessment_date=today, age=age, fitzpatrick_type=fitz, indication=indication, treatment_area=area,
        conditions=_codes(record["conditions"], "conditions", condition_codes(data), "condition"),
        medications=_medications(record["medications"], data),
        pregnant=_bool(record, "pregnant"), breastfeeding=_bool(record, "breastfeeding"),
        last_session=last_day,
        proposed_needle_depth_mm=_depth(record["proposed_needle_depth_mm"], data),
        proposed_interval_weeks=_interval(record["proposed_interval_weeks"]),
        planned_sessions=_sessions(record["planned_sessions"]),
        upcoming_events=_events(record["upcoming_events"]),
        # optional keys: absent or null means none / not a maintenance session
        adjuncts=_codes(record.get("adjuncts") or [], "adjuncts", data.adjuncts, "adjunct"),
        maintenance=_bool(record, "maintenance") if record.get("maintenance") is not None else False,
    )


def _area(value: object, data: CourseData) -> str:
    area = _choice(value, "treatment_area", data.treatment_areas, "treatment area")
    if not data.treatment_areas[area].permitted:
        raise InvalidRecord("treatment_area", f"{data.treatment_areas[area].label} is not permitted: device "
                                              "labelling forbids needling within the orbital rim. Choose "
                                              "another area ('periorbital' is outside the rim).")
    return area


def _depth(value: object, data: CourseData) -> float:
    top = data.param("device_max_depth_mm")
    if not (_is_number(value) and 0 < value <= top):
        raise InvalidRecord("proposed_needle_depth_mm", f"proposed_needle_depth_mm must be a number of mm "
                                                        f"above 0 and at most {top} (the deepest pen-device "
                                                        f"setting; got {value!r}).")
    return value  # type: ignore[return-value]


def _interval(value: object) -> float:
    if not (_is_number(value) and value > 0):
        raise InvalidRecord("proposed_interval_weeks", "proposed_interval_weeks must be a positive number "
                                                       f"of weeks (got {value!r}).")
    return value  # type: ignore[return-value]


def _sessions(value: object) -> int:
    if not (_is_int(value) and value >= 1):
        raise InvalidRecord("planned_sessions", "planned_sessions must be a whole number, 1 or more "
                                                f"(got {value!r}).")
    return value  # type: ignore[return-value]


# --- screening ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Fired:
    """A fired rule before it becomes a `Reason`: what triggered it and its eligible date, if any."""

    details: tuple[str, ...]
    eligible_from: dt.date | None
    dated: bool


def _words(code: str) -> str:
    return code.replace("_", " ")


def _medication_fires(rule: ScreeningRule, med: Medication, today: dt.date,
                      class_label: str) -> _Fired | None:
    """Whether one medication triggers a medication rule, and the date its wait ends (rules.md)."""
    days = med.days_since_last_dose
    label = f"{med.name} ({class_label.lower()})" if med.name.strip() else class_label
    if rule.wait_days is None:  # no wait: relevant while taken, or stopped at an unknown time
        if med.current or days is None:
            status = "currently taken" if med.current else "stopped, date of the last dose unknown"
            return _Fired((f"{label}: {status}",), None, False)
        return None
    recent = days is not None and days < rule.wait_days
    if med.current and (med.medication_class in SYSTEMIC_WAIT_CLASSES or days is None):
        return _Fired((f"{label}: currently taken",), None, False)
    if not recent:
        return None
    eligible = today + dt.timedelta(days=math.ceil(rule.wait_days - days))
    return _Fired((f"{label}: last dose {days:g} days ago, fewer than {rule.wait_days}",), eligible, True)


def _rule_fires(rule: ScreeningRule, client: Client, data: CourseData) -> _Fired | None:
    """Evaluate one screening rule: any trigger (condition, medication, flag, skin type) fires it,
    and every qualifier it has (age range, area, indication) must hold."""
    qualifiers = []
    if rule.min_age_years is not None or rule.max_age_years is not None:
        low = rule.min_age_years if rule.min_age_years is not None else 0
        high = rule.max_age_years if rule.max_age_years is not None else math.inf
        qualifiers.append((low <= client.age <= high, f"age {client.age}"))
    if rule.areas:
        qualifiers.append((client.treatment_area in rule.areas, f"area {_words(client.treatment_area)}"))
    if rule.indications:
        qualifiers.append((client.indication in rule.indications, f"indication {_words(client.indication)}"))
    if not all(ok for ok, _ in qualifiers):
        return None
    fired = [_Fired((f"condition: {_words(c)}",), None, False) for c in client.conditions
             if c in rule.conditions]
    fired += [f for m in client.medications if m.medication_class in rule.medication_classes
              if (f := _medication_fires(rule, m, client.assessment_date,
                                        data.medication_classes[m.medication_class].label))]
    fired += [_Fired((f"{flag}",), None, False) for flag in rule.record_flags if getattr(client, flag, False)]
    if client.fitzpatrick_type in rule.fitzpatrick_types:
        fired.append(_Fired((f"Fitzpatrick type {client.fitzpatrick_type}",), None, False))
    has_trigger = rule.conditions or rule.medication_classes or rule.record_flags or rule.fitzpatrick_types
    if has_trigger and not fired:
        return None
    if not has_trigger and not qualifiers:
        return None
    details = tuple(d for f in fired for d in f.details) + tuple(text for _, text in qualifiers)
    dated = bool(fired) and all(f.dated for f in fired)
    latest = max((f.eligible_from for f in fired if f.eligible_from), default=None) if dated else None
    return _Fired(details, latest, dated)


# --- plan --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Plan:
    check: PlanCheck
    too_recent: _Fired | None


def _plan(client: Client, data: CourseData) -> _Plan:
    """The plan checks of rules.md; independent of the screening decision."""
    depth = client.proposed_needle_depth_mm
    band = bands.depth_band(depth, data)
    area = data.treatment_areas[client.treatment_area]
    low, high = bands.interval_limits_weeks(band, area)
    flags: list[str] = []
    warnings: list[str] = []
    depth_ok = depth <= area.max_depth_mm
    if not depth_ok:
        flags.append("depth_over_max")
    weeks = client.proposed_interval_weeks
    interval_ok = weeks >= low
    if not interval_ok:
        flags.append("interval_below_min")
    elif weeks > high:
        flags.append("interval_above_max")
        warnings.append(f"The interval of {weeks:g} weeks is longer than the usual maximum of {high:g} "
                        f"weeks for band {band.band} ({area.label.lower()}): acceptable, but the series "
                        "loses momentum.")
    earliest, too_recent = None, None
    if client.last_session is not None:
        min_days = math.ceil(low * 7)
        earliest = client.last_session + dt.timedelta(days=min_days)
        since = (client.assessment_date - client.last_session).days
        if since < min_days:
            flags.append("last_session_too_recent")
            detail = (f"last session {client.last_session.isoformat()}, {since} days ago; the minimum "
                      f"interval here is {low:g} weeks ({min_days} days)")
            too_recent = _Fired((detail,), earliest, True)
    ind = data.indications[client.indication]
    if not client.maintenance and not ind.min_sessions <= client.planned_sessions <= ind.max_sessions:
        flags.append("sessions_outside_typical")
        warnings.append(f"{client.planned_sessions} planned sessions is outside the typical "
                        f"{ind.min_sessions}–{ind.max_sessions} for {ind.label.lower()}: check the reason.")
    events = []
    for event in client.upcoming_events:
        conflict = bands.event_conflict(band, client.fitzpatrick_type, event.type, event.in_days, data)
        events.append(EventCheck(event.type, event.in_days, conflict))
        sun = bands.event_kind(event.type, data) == "sun"
        if conflict != "none":
            flags.append(f"{'sun' if sun else 'event'}_{conflict}:{event.type}")
        if conflict == "soft":
            warnings.append(f"The {_words(event.type)} in {event.in_days} days is inside the "
                            f"{band.event_buffer_days}-day pre-event buffer for band {band.band}: redness "
                            "should have gone, but the safety margin is not met.")
    refused = [a for a in client.adjuncts if not data.adjuncts[a].permitted]
    flags += [f"adjunct_refused:{a}" for a in dict.fromkeys(refused)]
    hard = any(e.conflict == "hard" for e in events)
    acceptable = depth_ok and interval_ok and too_recent is None and not refused and not hard
    check = PlanCheck(band.band, area.max_depth_mm, depth_ok, low, high, interval_ok, earliest,
                      tuple(events), acceptable, tuple(flags), tuple(warnings))
    return _Plan(check, too_recent)


# --- assessment --------------------------------------------------------------------------------

def _eligibility(fired: Sequence[tuple[Reason, _Fired, str | None]]) -> tuple[dt.date | None, str | None]:
    """(date, None) when every deferring reason gives a date (the latest), else (None, conditions)."""
    defers = [(f, when) for reason, f, when in fired if reason.effect == "defer"]
    latest = max((f.eligible_from for f, _ in defers if f.eligible_from), default=None)
    if all(f.dated for f, _ in defers):
        return latest, None
    waits = list(dict.fromkeys(when or "when the reason has resolved" for f, when in defers if not f.dated))
    text = " and ".join(waits)
    if latest is not None:
        text += f", and not before {latest.isoformat()}"
    return None, text


def assess(record: Mapping[str, Any]) -> Assessment:
    """Screen a client record and check its plan (shared/rules.md).

    Raises `InvalidRecord` (a `ValueError`) naming the key at fault when the record is invalid.
    """
    data = load()
    client = validate(record, data)
    fired: list[tuple[Reason, _Fired, str | None]] = []
    for rule in data.screening_rules.values():
        found = _rule_fires(rule, client, data)
        if found is not None:
            reason = Reason(rule.rule_id, rule.effect, "; ".join(found.details), rule.source_id, rule.title)
            fired.append((reason, found, rule.eligible_when))
    plan = _plan(client, data)
    if plan.too_recent is not None:
        rule = data.plan_rules[LAST_SESSION_RULE]
        reason = Reason(rule.rule_id, rule.effect, "; ".join(plan.too_recent.details), rule.source_id,
                        rule.title)
        fired.append((reason, plan.too_recent, None))
    decision = max((r.effect for r, _, _ in fired), key=DECISIONS.index, default="proceed")
    eligible_from, eligible_when = _eligibility(fired) if decision == "defer" else (None, None)
    return Assessment(decision, tuple(r for r, _, _ in fired), eligible_from, eligible_when, plan.check)


# --- for lessons -------------------------------------------------------------------------------

EFFECT_ORDER = ("refer", "defer", "proceed_with_caution")


def rules_table(data: CourseData | None = None) -> list[dict[str, str]]:
    """The screening rules as rows for a lesson table: refer, then defer, then caution."""
    data = data or load()
    rows = []
    for effect in EFFECT_ORDER:
        for rule in data.screening_rules.values():
            if rule.effect != effect:
                continue
            rows.append({"rule_id": rule.rule_id, "effect": _words(rule.effect), "title": rule.title,
                         "reasoning": rule.reasoning, "eligible_when": rule.eligible_when or "",
                         "evidence": rule.evidence, "source_id": rule.source_id})
    return rows


def practice_clients() -> list[dict[str, Any]]:
    """The practice clients of `data/practice_clients.json` (record, expected decision, teaching)."""
    document = load_json("practice_clients.json")
    return list(document["clients"])  # type: ignore[index]
