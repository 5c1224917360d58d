"""Aftercare over the first 14 days: what to do and avoid at a given hour, and why.

Pure functions over `data/aftercare_steps.csv` (timed do/avoid steps with the course default end
and the sources' range), `data/skin_types.csv` (PIH risk by Fitzpatrick type) and
`data/aftercare.json` (PIH facts, prevention and warning signs). All times are hours after the
end of the session. A step applies at hour h when `start_h <= h < end_h`; steps marked
`high_pih_or_deep` apply only to Fitzpatrick IV–VI (PIH risk above low) or the deep band.
This is an illustrative teaching model of common protocols, not advice for a particular client.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from course import bands, time_labels
from course.data import CourseData, load, load_json
from course.errors import InvalidInput
from course.records import AftercareStep, DepthBand, SkinType

HOURS_PER_DAY = 24
HOURS_PER_WEEK = 7 * HOURS_PER_DAY
ONGOING_H = 365 * HOURS_PER_DAY  # aftercare_steps.csv ends a step at a year to mean "keep going"


@dataclass(frozen=True)
class StepWindow:
    """One aftercare step for this client: when it applies (hours after the session) and why."""

    step_id: str
    category: str
    action: str  # "do" or "avoid"
    title: str
    what: str
    why: str
    start_h: float
    end_h: float  # course default end
    end_min_h: float  # earliest end in the sources
    end_max_h: float  # latest end in the sources
    applies: bool  # False for a high-PIH-or-deep step when the client is neither
    evidence: str
    source_id: str


@dataclass(frozen=True)
class Restriction:
    """An avoid-step (or a chain of them) with when it ends: course default and sources' range."""

    step_ids: tuple[str, ...]
    title: str
    category: str
    what: str
    why: str
    end_h: float
    end_min_h: float
    end_max_h: float
    evidence: str
    source_id: str


@dataclass(frozen=True)
class AftercareSnapshot:
    """What applies `hours_after` the session, for one depth and skin type."""

    hours_after: float
    depth_mm: float
    band: str
    band_label: str
    fitzpatrick_type: int
    high_pih_or_deep: bool
    steps: tuple[StepWindow, ...]  # every step in the table, in table order
    do: tuple[StepWindow, ...]  # do-steps that apply now
    avoid: tuple[StepWindow, ...]  # avoid-steps that apply now
    restrictions: tuple[Restriction, ...]  # every restriction for this client, by end hour
    horizon_h: float

    @property
    def active_restrictions(self) -> tuple[Restriction, ...]:
        """Restrictions still in force at `hours_after`, soonest end first."""
        return tuple(r for r in self.restrictions if r.end_h > self.hours_after)


@dataclass(frozen=True)
class SourcedText:
    """One sentence with its evidence tag and source ids."""

    text: str
    evidence: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class PihRisk:
    """Relative PIH risk for a Fitzpatrick type; no validated per-type incidence exists."""

    fitzpatrick_type: int
    label: str
    level: str  # low, moderate, high
    rank: int  # 1 low .. 3 high
    explanation: str
    sun_avoid_days: int
    visible_light_protection: bool
    prevention: tuple[SourcedText, ...]  # what the client does
    practitioner_notes: tuple[SourcedText, ...]  # what the practitioner does
    facts: tuple[SourcedText, ...]


# --- validation ------------------------------------------------------------------------------

def horizon_h(data: CourseData | None = None) -> float:
    """Hours the aftercare timeline covers (the first 14 days)."""
    return (data or load()).param("aftercare_horizon_h")


def depth_limits_mm(data: CourseData | None = None) -> tuple[float, float]:
    """(shallowest, deepest) pen-device setting in mm, for controls."""
    data = data or load()
    return data.param("device_min_depth_mm"), data.param("device_max_depth_mm")


def fitzpatrick_choices(data: CourseData | None = None) -> list[tuple[str, int]]:
    """(label, type) pairs for a Fitzpatrick control, from `skin_types.csv`."""
    data = data or load()
    return [(f"{s.label} (PIH risk {s.pih_risk})", t) for t, s in data.skin_types.items()]


def _check_hours(hours_after: float, data: CourseData) -> float:
    top = horizon_h(data)
    if isinstance(hours_after, bool) or not isinstance(hours_after, int | float) or not math.isfinite(
            hours_after) or not 0 <= hours_after <= top:
        raise InvalidInput("hours_after", f"Hours after the session must be a number from 0 to "
                                          f"{top:g} ({top / HOURS_PER_DAY:g} days); got {hours_after!r}.")
    return float(hours_after)


def _skin_type(fitzpatrick_type: int, data: CourseData) -> SkinType:
    if isinstance(fitzpatrick_type, bool) or fitzpatrick_type not in data.skin_types:
        allowed = ", ".join(str(t) for t in data.skin_types)
        raise InvalidInput("fitzpatrick_type", f"Fitzpatrick type must be a whole number, one of "
                                               f"{allowed} (I–VI); got {fitzpatrick_type!r}.")
    return data.skin_types[fitzpatrick_type]


def _band(depth_mm: float, data: CourseData) -> DepthBand:
    if isinstance(depth_mm, bool) or not isinstance(depth_mm, int | float) or not math.isfinite(depth_mm):
        raise InvalidInput("depth_mm", f"Needle depth must be a number in mm; got {depth_mm!r}.")
    return bands.depth_band(depth_mm, data)


def is_high_pih_or_deep(band: DepthBand, skin: SkinType, data: CourseData | None = None) -> bool:
    """True for Fitzpatrick IV–VI (PIH risk above low) or the deepest band (C)."""
    data = data or load()
    deepest = max(data.depth_bands.values(), key=lambda b: b.max_depth_mm)
    return skin.pih_risk != "low" or band.band == deepest.band


# --- the model -------------------------------------------------------------------------------

def _window(step: AftercareStep, high: bool) -> StepWindow:
    applies = step.applies_to == "all" or high
    return StepWindow(step.step_id, step.category, step.action, step.title, step.what, step.why,
                      step.start_h, step.end_h, step.end_min_h, step.end_max_h, applies,
                      step.evidence, step.source_id)


def _client_steps(depth_mm: float, fitzpatrick_type: int,
                  data: CourseData) -> tuple[DepthBand, bool, tuple[StepWindow, ...]]:
    band = _band(depth_mm, data)
    skin = _skin_type(fitzpatrick_type, data)
    high = is_high_pih_or_deep(band, skin, data)
    return band, high, tuple(_window(s, high) for s in data.aftercare_steps.values())


def _restrictions(steps: tuple[StepWindow, ...]) -> tuple[Restriction, ...]:
    """Applicable avoid-steps with their ends. An avoid-step that starts exactly when another of
    the same category ends continues it (the extended sun window), so the two are one restriction."""
    chains: list[list[StepWindow]] = []
    for step in sorted((s for s in steps if s.action == "avoid" and s.applies), key=lambda s: s.start_h):
        chain = next((c for c in chains if c[-1].category == step.category
                      and c[-1].end_h == step.start_h), None)
        if chain is None:
            chains.append([step])
        else:
            chain.append(step)
    out = []
    for chain in chains:
        first, last = chain[0], chain[-1]
        # a continuation's range replaces the first step's when it applies
        end_min = last.end_min_h if len(chain) > 1 else first.end_min_h
        out.append(Restriction(tuple(s.step_id for s in chain), first.title, first.category,
                               " ".join(s.what for s in chain), " ".join(s.why for s in chain),
                               last.end_h, end_min, max(s.end_max_h for s in chain),
                               last.evidence, last.source_id))
    return tuple(sorted(out, key=lambda r: (r.end_h, r.title)))


def restriction_ends(depth_mm: float, fitzpatrick_type: int,
                     data: CourseData | None = None) -> tuple[Restriction, ...]:
    """Each restriction for this client with its end hour (default and the sources' range), sorted."""
    data = data or load()
    _, _, steps = _client_steps(depth_mm, fitzpatrick_type, data)
    return _restrictions(steps)


def sun_window_h(depth_mm: float, fitzpatrick_type: int, data: CourseData | None = None) -> float:
    """Hours of direct-sun avoidance for this client (agrees with `bands.sun_avoid_days`)."""
    ends = [r.end_h for r in restriction_ends(depth_mm, fitzpatrick_type, data) if r.category == "sun"]
    return max(ends, default=0.0)


def steps_at(hours_after: float, depth_mm: float, fitzpatrick_type: int,
             data: CourseData | None = None) -> AftercareSnapshot:
    """Which do/avoid steps apply `hours_after` the session (0–336 h), with why and when each ends."""
    data = data or load()
    hours = _check_hours(hours_after, data)
    band, high, steps = _client_steps(depth_mm, fitzpatrick_type, data)
    now = [s for s in steps if s.applies and s.start_h <= hours < s.end_h]
    return AftercareSnapshot(
        hours_after=hours, depth_mm=float(depth_mm), band=band.band, band_label=band.label,
        fitzpatrick_type=fitzpatrick_type, high_pih_or_deep=high, steps=steps,
        do=tuple(s for s in now if s.action == "do"),
        avoid=tuple(s for s in now if s.action == "avoid"),
        restrictions=_restrictions(steps), horizon_h=horizon_h(data))


def _sourced(items: list[dict], data: CourseData) -> tuple[SourcedText, ...]:
    params = {name: f"{p.value:g}" for name, p in data.parameters.items()}
    return tuple(SourcedText(item["text"].format(**params), item["evidence"], tuple(item["source_ids"]))
                 for item in items)


def aftercare_text() -> dict:
    """The JSON document `data/aftercare.json` (PIH levels, prevention, facts, warning signs)."""
    return load_json("aftercare.json")  # type: ignore[return-value]


def warning_signs(data: CourseData | None = None) -> tuple[SourcedText, ...]:
    """Signs that are not normal healing and mean 'call the clinic', with numbers from the data."""
    data = data or load()
    return _sourced(aftercare_text()["warning_signs"], data)


def pih_risk(fitzpatrick_type: int, data: CourseData | None = None) -> PihRisk:
    """Relative PIH risk, prevention and the published facts for a Fitzpatrick type."""
    data = data or load()
    skin = _skin_type(fitzpatrick_type, data)
    doc = aftercare_text()
    wanted = {"all"} | ({"visible_light"} if skin.visible_light_protection else set())
    client = [p for p in doc["pih_prevention"] if p["applies_to"] in wanted]
    practitioner = [p for p in doc["pih_prevention"] if p["applies_to"] == "practitioner"]
    return PihRisk(fitzpatrick_type, skin.label, skin.pih_risk, skin.pih_risk_rank,
                   doc["pih_levels"][skin.pih_risk], skin.sun_avoid_days, skin.visible_light_protection,
                   _sourced(client, data), _sourced(practitioner, data), _sourced(doc["pih_facts"], data))


def hours_label(hours: float) -> str:
    """`course.time_labels.hours_label`, with a step that lasts a year or more shown as 'ongoing'."""
    return "ongoing" if hours >= ONGOING_H else time_labels.hours_label(hours)
