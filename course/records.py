"""Frozen records, one per row of a `data/` table.

Each dataclass *is* the table's schema: its field names are the CSV's columns, its
annotations the column types, and `field(metadata=...)` the allowed range or values.
`course.data` reads the CSVs into these records; nothing else reads files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

EVIDENCE = ("V", "S", "U")


def rng(lo: float | None = None, hi: float | None = None, **extra: object) -> dict:
    """Metadata for a numeric column: inclusive bounds checked by the loader."""
    return {"min": lo, "max": hi, **extra}


def one_of(*choices: str) -> dict:
    """Metadata for a text column that takes one of a few codes."""
    return {"choices": choices}


# A text field with this metadata may be left blank, and its column may be left out of the CSV.
BLANK_OK = {"blank_ok": True}


@dataclass(frozen=True, kw_only=True)
class Sourced:
    """The tail every sourced row shares: how sure the value is, where it comes from, and (for a
    U value) how it was chosen. Keyword-only, so subclasses keep their own fields first."""

    evidence: str = field(default="U", metadata=one_of(*EVIDENCE))  # V checked, S secondary, U unverified
    source_id: str = "course"  # a `data/sources.csv` id
    note: str = field(default="", metadata=BLANK_OK)  # how a U value was chosen; may be blank


def columns(record: type) -> list[str]:
    """A record's CSV columns: its own fields first, then the shared `Sourced` tail."""
    names = [f.name for f in dataclasses.fields(record)]
    tail = [f.name for f in dataclasses.fields(Sourced)] if issubclass(record, Sourced) else []
    return [n for n in names if n not in tail] + tail


@dataclass(frozen=True)
class Source:
    source_id: str
    ref_number: int | None
    evidence: str = field(metadata=one_of(*EVIDENCE))
    citation: str = ""


@dataclass(frozen=True)
class HealingPhase(Sourced):
    """One phase of wound healing after needling, timed in hours after the session."""

    phase: str  # code, e.g. inflammation
    order: int = field(metadata=rng(1, 10))  # position in the cascade
    label: str = ""
    onset_h: float = field(default=0.0, metadata=rng(0, 20000))  # typical start, hours after
    end_h: float = field(default=0.0, metadata=rng(0, 20000))  # typical end
    end_max_h: float = field(default=0.0, metadata=rng(0, 20000))  # latest end the sources report
    key_cells: str = ""  # the cells that lead the phase
    events: str = ""  # what happens, in the course's words
    client_sees: str = ""  # what the client notices


@dataclass(frozen=True)
class TreatmentArea(Sourced):
    """A treatment area: whether it is treated, the course's maximum depth, its own intervals."""

    area: str  # code, e.g. cheeks
    label: str
    region: str = field(metadata=one_of("face", "neck", "body", "scalp"))
    permitted: bool = True  # false: never treated (device labelling)
    max_depth_mm: float = field(default=0.0, metadata=rng(0, 3.0))  # course maximum needle depth
    min_interval_weeks: float | None = field(default=None, metadata=rng(0.5, 52))  # blank: by depth band
    max_interval_weeks: float | None = field(default=None, metadata=rng(0.5, 52))


@dataclass(frozen=True)
class DepthBand(Sourced):
    """A needle-depth band and what follows from it: intervals, redness, buffers, sun avoidance."""

    band: str = field(metadata=one_of("A", "B", "C"))
    label: str = ""
    min_depth_mm: float = field(default=0.0, metadata=rng(0, 3.0))  # exclusive
    max_depth_mm: float = field(default=0.0, metadata=rng(0, 3.0))  # inclusive
    min_interval_weeks: float = field(default=0.0, metadata=rng(0.5, 52))
    max_interval_weeks: float = field(default=0.0, metadata=rng(0.5, 52))
    redness_days: int = field(default=0, metadata=rng(0, 30))  # visible redness after a session
    event_buffer_days: int = field(default=0, metadata=rng(0, 60))  # clear days before a social event
    sun_avoid_days: int = field(default=0, metadata=rng(0, 60))  # no direct sun after a session
    bleeding: str = ""  # what bleeding to expect, in words


@dataclass(frozen=True)
class SkinType(Sourced):
    """A Fitzpatrick skin type: relative PIH risk, sun avoidance and how visible redness is."""

    fitzpatrick_type: int = field(metadata=rng(1, 6))
    label: str = ""
    pih_risk: str = field(default="low", metadata=one_of("low", "moderate", "high"))  # relative, not a rate
    pih_risk_rank: int = field(default=1, metadata=rng(1, 3))  # 1 low .. 3 high, for sorting
    sun_avoid_days: int = field(default=7, metadata=rng(0, 60))
    visible_light_protection: bool = False  # advise tinted (iron-oxide) sunscreen
    redness_visibility_factor: float = field(default=1.0, metadata=rng(0.1, 1.0))  # share of redness seen


@dataclass(frozen=True)
class Indication(Sourced):
    """What a series treats, with the sessions and interval the studies used; depth sourced apart."""

    indication: str  # code, e.g. acne_scars
    label: str
    min_sessions: int = field(metadata=rng(1, 52))  # in a series
    max_sessions: int = field(metadata=rng(1, 52))
    typical_interval_weeks: float = field(metadata=rng(0.5, 52))  # between sessions
    typical_depth_min_mm: float = field(metadata=rng(0, 3.0))  # evidence and source: depth_* below
    typical_depth_max_mm: float = field(metadata=rng(0, 3.0))
    depth_evidence: str = field(metadata=one_of(*EVIDENCE))
    depth_source_id: str


@dataclass(frozen=True)
class EventType(Sourced):
    event_type: str
    label: str
    kind: str = field(metadata=one_of("social", "sun"))


@dataclass(frozen=True)
class AftercareStep(Sourced):
    """One aftercare step: do or avoid, from `start_h` to `end_h` hours after (sources' range in
    `end_min_h`–`end_max_h`)."""

    step_id: str
    category: str = field(
        metadata=one_of("skin_care", "make_up", "exercise", "heat_water", "sun", "actives", "warning")
    )
    action: str = field(default="do", metadata=one_of("do", "avoid"))
    title: str = ""
    start_h: float = field(default=0.0, metadata=rng(0, 8760))
    end_h: float = field(default=0.0, metadata=rng(0, 8760))
    end_min_h: float = field(default=0.0, metadata=rng(0, 8760))
    end_max_h: float = field(default=0.0, metadata=rng(0, 8760))
    applies_to: str = field(default="all", metadata=one_of("all", "high_pih_or_deep"))
    what: str = ""
    why: str = ""


@dataclass(frozen=True)
class ScreeningRule(Sourced):
    """A consultation rule: which client findings trigger it and its effect (docs/consultation-rules.md)."""

    rule_id: str  # e.g. R-ISO
    effect: str = field(metadata=one_of("refer", "defer", "proceed_with_caution"))
    conditions: tuple[str, ...] = ()
    medication_classes: tuple[str, ...] = ()
    record_flags: tuple[str, ...] = ()
    fitzpatrick_types: tuple[int, ...] = ()
    wait_days: int | None = field(default=None, metadata=rng(1, 3650))  # for defer: days to wait
    min_age_years: int | None = field(default=None, metadata=rng(0, 130))
    max_age_years: int | None = field(default=None, metadata=rng(0, 130))
    areas: tuple[str, ...] = ()
    indications: tuple[str, ...] = ()
    eligible_when: str | None = None  # when the client may be treated again, in words
    title: str = ""
    reasoning: str = ""  # why, in the course's words


@dataclass(frozen=True)
class PlanRule(Sourced):
    """A check on a session plan (depth, interval, events) and its effect."""

    rule_id: str
    effect: str = field(metadata=one_of("not_acceptable", "warning", "defer"))
    title: str = ""
    reasoning: str = ""


@dataclass(frozen=True)
class Adjunct(Sourced):
    adjunct: str
    label: str
    permitted: bool


@dataclass(frozen=True)
class MedicationClass(Sourced):
    medication_class: str
    label: str
    examples: str


@dataclass(frozen=True)
class RednessBand(Sourced):
    """Redness after a session in one depth band: peak and the hours until it has resolved."""

    band: str = field(metadata=one_of("A", "B", "C"))  # a `depth_bands.csv` band
    peak_erythema_index: float = field(default=0.0, metadata=rng(0, 100))  # model scale, 0 = baseline
    typical_resolve_h: float = field(default=0.0, metadata=rng(1, 720))  # back to baseline, course default
    min_resolve_h: float = field(default=0.0, metadata=rng(1, 720))  # shortest the sources report
    max_resolve_h: float = field(default=0.0, metadata=rng(1, 720))  # longest the sources report


@dataclass(frozen=True)
class SkinLayer(Sourced):
    """A skin layer in the cross-section: typical thickness and its range (sourced apart)."""

    layer: str  # code, e.g. papillary_dermis
    label: str
    order: int = field(metadata=rng(1, 10))  # from the surface down
    typical_thickness_mm: float = field(metadata=rng(0.01, 10))  # evidence and source: typical_* below
    typical_evidence: str = field(metadata=one_of(*EVIDENCE))
    typical_source_id: str
    min_thickness_mm: float = field(metadata=rng(0.01, 10))
    max_thickness_mm: float = field(metadata=rng(0.01, 10))


UNITS = (
    "mm", "h", "days", "weeks", "months", "years", "minutes", "percent", "ratio", "index",
    "patients", "hairs",
)


@dataclass(frozen=True)
class Parameter(Sourced):
    name: str
    value: float
    unit: str = field(metadata=one_of(*UNITS))
    label: str = ""


@dataclass(frozen=True)
class Lesson(Sourced):
    """One course lesson (the lesson registry's row): navigation, course map, widgets it shows."""

    lesson: str  # notebook stem, `NN-slug`
    lesson_number: int = field(metadata=rng(0, 99))
    title: str = ""
    time_to_learn_minutes: int = field(default=30, metadata=rng(5, 240))
    teaches: str = ""
    widgets: tuple[str, ...] = ()  # dotted classes of the figure widgets it shows, `;`-separated

    @property
    def slug(self) -> str:
        """The stem without its number: `redness-and-bleeding`."""
        return self.lesson.partition("-")[2]


@dataclass(frozen=True)
class Protocol(Sourced):
    """A session protocol used in a published study (lesson 06's table of literature protocols)."""

    protocol_id: str
    indication: str
    min_sessions: int = field(metadata=rng(1, 52))
    max_sessions: int = field(metadata=rng(1, 52))
    interval_weeks: float = field(metadata=rng(0.5, 52))
    depth_mm: float | None = field(default=None, metadata=rng(0.25, 3.0))
    schedule: str = ""
    evidence: str = field(default="V", kw_only=True, metadata=one_of(*EVIDENCE))


@dataclass(frozen=True)
class CollagenStudy(Sourced):
    """What a collagen study measured and found (lesson 04's table), in the course's own words."""

    study: str
    design: str
    protocol: str
    measurement: str
    result: str
    evidence: str = field(default="V", kw_only=True, metadata=one_of(*EVIDENCE))


TRIAGE_LEVELS = ("expected", "call_clinic", "urgent")
SAFETY_TOPICS = ("asepsis", "anaesthetic", "stopping", "complications", "reporting", "consent",
                 "photography", "devices", "nearby", "records", "scope")


@dataclass(frozen=True)
class Complication(Sourced):
    """One row of the complication triage: a client's report over a range of days after a session."""

    triage_id: str
    report: str  # the report code; rows of one report cover days 0–365 without gaps or overlaps
    label: str  # what the client says, as the learner reads it
    day_from_days: int = field(metadata=rng(0, 365))
    day_to_days: int = field(metadata=rng(0, 365))
    level: str = field(default="call_clinic", metadata=one_of(*TRIAGE_LEVELS))
    likely: str = ""
    action: str = ""


@dataclass(frozen=True)
class SafetyPoint(Sourced):
    """A safety teaching point of the safety lesson (asepsis, anaesthetic, stopping, consent, …)."""

    point_id: str
    topic: str = field(metadata=one_of(*SAFETY_TOPICS))
    order: int = field(default=1, metadata=rng(1, 50))
    text: str = ""


# Table file (stem) -> record type -> key column. The order is the order tables load.
TABLES: dict[str, tuple[type, str]] = {
    "sources": (Source, "source_id"),
    "healing_phases": (HealingPhase, "phase"),
    "treatment_areas": (TreatmentArea, "area"),
    "depth_bands": (DepthBand, "band"),
    "skin_types": (SkinType, "fitzpatrick_type"),
    "indications": (Indication, "indication"),
    "event_types": (EventType, "event_type"),
    "aftercare_steps": (AftercareStep, "step_id"),
    "screening_rules": (ScreeningRule, "rule_id"),
    "plan_rules": (PlanRule, "rule_id"),
    "adjuncts": (Adjunct, "adjunct"),
    "medication_classes": (MedicationClass, "medication_class"),
    "redness_bands": (RednessBand, "band"),
    "skin_layers": (SkinLayer, "layer"),
    "parameters": (Parameter, "name"),
    "lessons": (Lesson, "lesson"),
    "protocols": (Protocol, "protocol_id"),
    "collagen_studies": (CollagenStudy, "study"),
    "complications": (Complication, "triage_id"),
    "safety_points": (SafetyPoint, "point_id"),
}
