"""Screening: which rules of `data/screening_rules.csv` fire for a client, and when a deferral ends.

The rules and their effects are data; this module only knows how a row's columns combine
(docs/consultation-rules.md, "How a rule row fires").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from course.consultation.lookups import procedure_types
from course.consultation.record import Client, Medication, RecentProcedure
from course.consultation.results import Reason
from course.data import CourseData
from course.records import ScreeningRule
from course.skin import roman
from course.time_labels import date_label

DECISIONS = ("proceed", "proceed_with_caution", "defer", "refer")  # lowest to highest
# A systemic drug still being taken keeps its rule firing whatever the last dose; for a topical
# product "current" only matters when the day of the last application is unknown.
SYSTEMIC_WAIT_CLASSES = ("isotretinoin_oral", "systemic_retinoid_other")


@dataclass(frozen=True)
class Fired:
    """A fired rule before it becomes a `Reason`: what triggered it and its eligible date, if any."""

    details: tuple[str, ...]
    eligible_from: dt.date | None
    dated: bool


def words(code: str) -> str:
    """A code in words: underscores become spaces."""
    return code.replace("_", " ")


def _medication_fires(rule: ScreeningRule, med: Medication, today: dt.date,
                      class_label: str) -> Fired | None:
    """Whether one medication triggers a medication rule, and the date its wait ends."""
    days = med.days_since_last_dose
    label = f"{med.name} ({class_label.lower()})" if med.name.strip() else class_label
    if rule.wait_days is None:  # no wait: relevant while taken, or stopped at an unknown time
        if med.current or days is None:
            status = "currently taken" if med.current else "stopped, date of the last dose unknown"
            return Fired((f"{label}: {status}",), None, False)
        return None
    recent = days is not None and days < rule.wait_days
    if med.current and (med.medication_class in SYSTEMIC_WAIT_CLASSES or days is None):
        return Fired((f"{label}: currently taken",), None, False)
    if not recent:
        return None
    eligible = today + dt.timedelta(days=math.ceil(rule.wait_days - days))
    return Fired((f"{label}: last dose {days:g} days ago, fewer than {rule.wait_days}",), eligible, True)


def _flag_fires(rule: ScreeningRule, flag: str, client: Client) -> list[Fired]:
    """A record flag fires when true; a list of dated items (`recent_procedures`) fires for each
    item fewer than the rule's wait days ago, eligible that many days after the item."""
    value = getattr(client, flag, False)
    if not isinstance(value, tuple):
        return [Fired((words(flag),), None, False)] if value else []
    wait = rule.wait_days or 0
    labels = procedure_types()
    return [Fired((f"{labels[p.type].label.lower()} {p.days_since} days ago, fewer than {wait}",),
                  client.assessment_date + dt.timedelta(days=wait - p.days_since), True)
            for p in value if isinstance(p, RecentProcedure) and p.days_since < wait]


def rule_fires(rule: ScreeningRule, client: Client, data: CourseData) -> Fired | None:
    """Evaluate one screening rule: any trigger (condition, medication, flag, skin type) fires it,
    and every qualifier it has (age range, area, indication) must hold."""
    qualifiers = []
    if rule.min_age_years is not None or rule.max_age_years is not None:
        low = rule.min_age_years if rule.min_age_years is not None else 0
        high = rule.max_age_years if rule.max_age_years is not None else math.inf
        qualifiers.append((low <= client.age <= high, f"age {client.age}"))
    if rule.areas:
        qualifiers.append((client.treatment_area in rule.areas, f"area {words(client.treatment_area)}"))
    if rule.indications:
        qualifiers.append((client.indication in rule.indications, f"indication {words(client.indication)}"))
    if not all(ok for ok, _ in qualifiers):
        return None
    fired = [Fired((f"condition: {words(c)}",), None, False) for c in client.conditions
             if c in rule.conditions]
    fired += [f for m in client.medications if m.medication_class in rule.medication_classes
              if (f := _medication_fires(rule, m, client.assessment_date,
                                        data.medication_classes[m.medication_class].label))]
    fired += [f for flag in rule.record_flags for f in _flag_fires(rule, flag, client)]
    if client.fitzpatrick_type in rule.fitzpatrick_types:
        fired.append(Fired((f"Fitzpatrick type {roman(client.fitzpatrick_type)}",), None, False))
    has_trigger = rule.conditions or rule.medication_classes or rule.record_flags or rule.fitzpatrick_types
    if has_trigger and not fired:
        return None
    if not has_trigger and not qualifiers:
        return None
    details = tuple(d for f in fired for d in f.details) + tuple(text for _, text in qualifiers)
    dated = bool(fired) and all(f.dated for f in fired)
    latest = max((f.eligible_from for f in fired if f.eligible_from), default=None) if dated else None
    return Fired(details, latest, dated)


def eligibility(fired: Sequence[tuple[Reason, Fired, str | None]]) -> tuple[dt.date | None, str | None]:
    """(date, None) when every deferring reason gives a date (the latest), else (None, conditions)."""
    defers = [(f, when) for reason, f, when in fired if reason.effect == "defer"]
    latest = max((f.eligible_from for f, _ in defers if f.eligible_from), default=None)
    if all(f.dated for f, _ in defers):
        return latest, None
    waits = list(dict.fromkeys(when or "when the reason has resolved" for f, when in defers if not f.dated))
    text = " and ".join(waits)
    if latest is not None:
        text += f", and not before {date_label(latest)}"
    return None, text
