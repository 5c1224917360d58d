"""The wound-healing cascade after microneedling: which phases run when, and what a client sees.

Phase timing comes from `data/healing_phases.csv` (Landén 2016): a phase is *active* from
`onset_h` until its typical end `end_h`, and *may still be active* until `end_max_h`, the longest
end the sources give. `phase_intensity` turns that timing into a smooth 0–1 curve on a log time
axis: an illustrative teaching model of "how much this phase dominates", not a measurement and
not a prediction for a client.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from course.data import CourseData, load
from course.errors import InvalidInput
from course.records import HealingPhase

# Shape of the teaching curves (plot geometry, not clinical values): a phase that starts at
# hour 0 is drawn as starting at EARLIEST_H, and each logistic edge is this wide in decades.
EARLIEST_H = 0.1
EDGE_DECADES = 0.1
TAIL_EDGES = 3.0  # the fall is at least this many edge widths between end_h and end_max_h

# Facts about collagen type and wound strength that the cascade lesson quotes (parameters.csv).
STRENGTH_PARAMETERS = (
    "fibronectin_matrix_days",
    "collagen_iii_early_percent",
    "collagen_i_dominant_weeks",
    "collagen_i_normal_min_percent",
    "collagen_i_normal_max_percent",
    "tensile_3_weeks_percent",
    "tensile_max_percent",
)
HOURS_PER_DAY = 24.0
HOURS_PER_WEEK = 168.0


def phases(data: CourseData | None = None) -> tuple[HealingPhase, ...]:
    """The healing phases in order (haemostasis, inflammation, proliferation, remodelling)."""
    data = data or load()
    return tuple(sorted(data.healing_phases.values(), key=lambda p: p.order))


def max_hours(data: CourseData | None = None) -> float:
    """The latest time the data describe (hours): the longest end of the last phase."""
    return max(p.end_max_h for p in phases(data))


def check_hours(hours_after: float, data: CourseData | None = None) -> float:
    """`hours_after` as a float, or `InvalidInput` saying the allowed range (0 to `max_hours`)."""
    top = max_hours(data)
    try:
        value = float(hours_after)
    except (TypeError, ValueError):
        raise InvalidInput("hours_after", f"Time after treatment must be a number of hours from 0 to "
                                          f"{top:g} (got {hours_after!r}).") from None
    if math.isnan(value) or not 0 <= value <= top:
        raise InvalidInput("hours_after", f"Time after treatment must be from 0 to {top:g} hours "
                                          f"(about {top / HOURS_PER_DAY / 365:g} years), the range the "
                                          f"healing data cover; got {hours_after!r}.")
    return value


def active_phases(hours_after: float, data: CourseData | None = None) -> tuple[HealingPhase, ...]:
    """Phases active at `hours_after` hours: onset_h ≤ t < end_h (several can overlap)."""
    t = check_hours(hours_after, data)
    return tuple(p for p in phases(data) if p.onset_h <= t < p.end_h)


def possibly_active_phases(hours_after: float,
                           data: CourseData | None = None) -> tuple[HealingPhase, ...]:
    """Phases past their typical end but inside the range the sources give: end_h ≤ t < end_max_h."""
    t = check_hours(hours_after, data)
    return tuple(p for p in phases(data) if p.end_h <= t < p.end_max_h)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def phase_intensity(phase: HealingPhase, hours: np.ndarray | float) -> np.ndarray:
    """Illustrative 0–1 curve for one phase at `hours` after treatment (teaching model).

    The product of a logistic rise centred on the onset and a logistic fall centred on the typical
    end, both in log10(hours), so the curve is about ½ or more while the phase is active and fades
    towards its longest end (`end_max_h`). Times are clipped at `EARLIEST_H` for the log scale.
    """
    log_t = np.log10(np.maximum(np.asarray(hours, dtype=float), EARLIEST_H))
    log_on = math.log10(max(phase.onset_h, EARLIEST_H))
    log_end = math.log10(max(phase.end_h, EARLIEST_H))
    log_end_max = math.log10(max(phase.end_max_h, phase.end_h, EARLIEST_H))
    fall = max(EDGE_DECADES, (log_end_max - log_end) / TAIL_EDGES)
    rise = _logistic((log_t - log_on) / EDGE_DECADES) if phase.onset_h > 0 else np.ones_like(log_t)
    return rise * (1.0 - _logistic((log_t - log_end) / fall))


@dataclass(frozen=True, eq=False)
class Cascade:
    """Intensity curves (0–1, illustrative) for every phase over `hours` (hours after treatment)."""

    hours: np.ndarray
    phases: tuple[HealingPhase, ...]
    intensities: Mapping[str, np.ndarray]  # phase code -> curve, same length as `hours`


def cascade(hours: np.ndarray, data: CourseData | None = None) -> Cascade:
    """Every phase's teaching curve over `hours`; any time outside the data range is refused."""
    times = np.asarray(hours, dtype=float).ravel()
    if times.size == 0:
        raise InvalidInput("hours", "Give at least one time (hours after treatment).")
    if np.isnan(times).any():
        raise InvalidInput("hours", f"Times must be numbers from 0 to {max_hours(data):g} hours; "
                                    "remove the missing (NaN) values.")
    for t in (times.min(), times.max()):
        check_hours(float(t), data)
    ordered = phases(data)
    return Cascade(times, ordered, {p.phase: phase_intensity(p, times) for p in ordered})


def default_hours(points: int = 240, data: CourseData | None = None) -> np.ndarray:
    """Log-spaced times from `EARLIEST_H` to the end of the data, for plotting the cascade."""
    return np.geomspace(EARLIEST_H, max_hours(data), points)


@dataclass(frozen=True)
class PhaseSnapshot:
    """What is happening `hours` after treatment, for the phase explorer's text panel.

    `leading_cells`, `events` and `client_sees` have one entry per phase in `shown` (the active
    phases, or, when none is active, those that may still be active).
    """

    hours: float
    active: tuple[HealingPhase, ...]
    possibly_active: tuple[HealingPhase, ...]
    shown: tuple[HealingPhase, ...]
    leading_cells: tuple[str, ...]
    events: tuple[str, ...]
    client_sees: tuple[str, ...]

    @property
    def active_codes(self) -> tuple[str, ...]:
        return tuple(p.phase for p in self.active)

    @property
    def possibly_active_codes(self) -> tuple[str, ...]:
        return tuple(p.phase for p in self.possibly_active)


def snapshot(hours_after: float, data: CourseData | None = None) -> PhaseSnapshot:
    """The active (and possibly still active) phases at `hours_after`, with cells, events and signs."""
    t = check_hours(hours_after, data)
    active = active_phases(t, data)
    maybe = possibly_active_phases(t, data)
    shown = active or maybe
    return PhaseSnapshot(
        hours=t, active=active, possibly_active=maybe, shown=shown,
        leading_cells=tuple(p.key_cells for p in shown),
        events=tuple(p.events for p in shown),
        client_sees=tuple(p.client_sees for p in shown),
    )


def strength_facts(data: CourseData | None = None) -> dict[str, float]:
    """Collagen III→I and tensile-strength values from parameters.csv (units in their names)."""
    data = data or load()
    return {name: data.param(name) for name in STRENGTH_PARAMETERS}


@dataclass(frozen=True)
class Milestone:
    """A sourced event on the healing time line (hours after treatment)."""

    hours: float
    label: str
    parameter: str


def milestones(data: CourseData | None = None) -> tuple[Milestone, ...]:
    """Barrier back, fibronectin matrix, collagen I dominant again, early strength: from parameters."""
    data = data or load()
    items = (  # (time parameter, hours per its unit, label)
        ("barrier_recovery_min_h", 1.0, "barrier back"),
        ("fibronectin_matrix_days", HOURS_PER_DAY, "fibronectin matrix"),
        ("collagen_i_dominant_weeks", HOURS_PER_WEEK, "collagen I main again"),
        ("tensile_measured_weeks", HOURS_PER_WEEK,
         f"~{data.param('tensile_3_weeks_percent'):g}% strength"),
    )
    return tuple(Milestone(data.param(name) * per_unit, label, name) for name, per_unit, label in items)
