"""Relative collagen over the year after a course of sessions: an illustrative teaching model.

Not a prediction for a client. Each session adds new matrix that starts to be laid down after
`collagen_lag_days` (the fibronectin scaffold), builds up with time constant `collagen_rise_weeks`,
and is partly remodelled away: only `collagen_retained_fraction` of it lasts, the rest fades with
time constant `collagen_remodel_weeks`. The gain per session depends on the depth band. A session
booked before the band's minimum interval (`data/depth_bands.csv`) lands on skin still in the
proliferation phase; the model shrinks its contribution in proportion to interval / minimum.
That penalty is a teaching device: trials used 2-week intervals safely and the best interval is
not known (Iriarte 2017), so the minimums are conventions. Baseline collagen is 1.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from course.data import CourseData, load
from course.errors import InvalidInput
from course.records import DepthBand

MIN_SESSIONS, MAX_SESSIONS = 1, 12  # model range: 12 covers the weekly scalp protocol
DAYS_PER_WEEK = 7.0


@dataclass(frozen=True)
class Schedule:
    """A course of `sessions` sessions, `interval_weeks` apart, at depth band `band` (A, B, C)."""

    sessions: int
    interval_weeks: float
    band: str = "B"


@dataclass(frozen=True, eq=False)
class CollagenCurve:
    """Relative collagen (1.0 = baseline) at `weeks` after the first session.

    `contributions[i]` is session i's added collagen over the same weeks; `total` is 1 plus their
    sum. `efficiency[i]` is the share of the band's gain session i adds (below 1 when booked too soon).
    """

    weeks: np.ndarray
    total: np.ndarray
    contributions: tuple[np.ndarray, ...]
    session_weeks: tuple[float, ...]
    efficiency: tuple[float, ...]
    schedule: Schedule
    band: DepthBand
    gain_per_session: float
    min_interval_weeks: float
    visible_window_weeks: tuple[float, float]

    @property
    def too_short(self) -> bool:
        """True when the interval is below the band's minimum."""
        return self.schedule.sessions > 1 and self.schedule.interval_weeks < self.min_interval_weeks

    def gain_at(self, week: float) -> float:
        """Collagen added at `week` (relative to baseline, e.g. 0.25 = 25% above)."""
        return float(np.interp(week, self.weeks, self.total)) - 1.0

    @property
    def final_gain(self) -> float:
        """Collagen added at the last week shown."""
        return float(self.total[-1]) - 1.0


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two schedules over the same weeks; `difference` = gain of A minus gain of B at the end."""

    a: CollagenCurve
    b: CollagenCurve

    @property
    def difference(self) -> float:
        return self.a.final_gain - self.b.final_gain

    @property
    def better(self) -> str:
        """'A', 'B' or 'same' (within 0.5 percentage points) at the last week shown."""
        if abs(self.difference) < 0.005:
            return "same"
        return "A" if self.difference > 0 else "B"


def default_weeks(data: CourseData | None = None, step_weeks: float = 0.25) -> np.ndarray:
    """0 to `collagen_horizon_weeks` in steps of `step_weeks`."""
    data = data or load()
    horizon = data.param("collagen_horizon_weeks")
    return np.arange(0.0, horizon + step_weeks / 2, step_weeks)


def _band(band: str | DepthBand, data: CourseData) -> DepthBand:
    code = band.band if isinstance(band, DepthBand) else band
    if code not in data.depth_bands:
        raise InvalidInput("band", f"Depth band must be one of {', '.join(data.depth_bands)} "
                                   f"(got {band!r}).")
    return data.depth_bands[code]


def _check(sessions: int, interval_weeks: float) -> None:
    if isinstance(sessions, bool) or not float(sessions).is_integer() or not (
            MIN_SESSIONS <= sessions <= MAX_SESSIONS):
        raise InvalidInput("sessions", f"Number of sessions must be a whole number from {MIN_SESSIONS} "
                                       f"to {MAX_SESSIONS} (got {sessions!r}).")
    if not interval_weeks > 0:
        raise InvalidInput("interval_weeks", "The interval between sessions must be more than 0 weeks "
                                             f"(got {interval_weeks!r}); courses use 1–8 weeks.")


def session_shape(weeks_since: np.ndarray, data: CourseData) -> np.ndarray:
    """Share of one session's full gain present `weeks_since` the session (0 before the lag)."""
    lag = data.param("collagen_lag_days") / DAYS_PER_WEEK
    rise, remodel = data.param("collagen_rise_weeks"), data.param("collagen_remodel_weeks")
    kept = data.param("collagen_retained_fraction")
    t = np.maximum(np.asarray(weeks_since, dtype=float) - lag, 0.0)
    return (1.0 - np.exp(-t / rise)) * (kept + (1.0 - kept) * np.exp(-t / remodel))


def collagen_series(weeks: np.ndarray | list[float] | None, sessions: int, interval_weeks: float,
                    band: str | DepthBand = "B", data: CourseData | None = None) -> CollagenCurve:
    """Relative collagen over `weeks` (default 0–52) for a schedule (illustrative teaching model)."""
    data = data or load()
    _check(sessions, interval_weeks)
    found = _band(band, data)
    weeks_arr = default_weeks(data) if weeks is None else np.asarray(weeks, dtype=float)
    gain = data.param(f"collagen_gain_band_{found.band.lower()}")
    short = min(1.0, interval_weeks / found.min_interval_weeks)
    starts = tuple(i * float(interval_weeks) for i in range(int(sessions)))
    efficiency = tuple(1.0 if i == 0 else short for i in range(int(sessions)))
    contributions = tuple(gain * e * session_shape(weeks_arr - s, data)
                          for s, e in zip(starts, efficiency, strict=True))
    return CollagenCurve(
        weeks=weeks_arr,
        total=1.0 + np.sum(contributions, axis=0),
        contributions=contributions,
        session_weeks=starts,
        efficiency=efficiency,
        schedule=Schedule(int(sessions), float(interval_weeks), found.band),
        band=found,
        gain_per_session=gain,
        min_interval_weeks=found.min_interval_weeks,
        visible_window_weeks=(data.param("visible_result_min_weeks"), data.param("visible_result_max_weeks")),
    )


def _schedule(value: Schedule | Mapping[str, object]) -> Schedule:
    if isinstance(value, Schedule):
        return value
    try:
        return Schedule(**value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInput("schedule", "A schedule needs sessions, interval_weeks and optionally band, "
                                       f"e.g. {{'sessions': 4, 'interval_weeks': 4, 'band': 'B'}} "
                                       f"(got {value!r}).") from None


def compare(schedule_a: Schedule | Mapping[str, object], schedule_b: Schedule | Mapping[str, object],
            weeks: np.ndarray | list[float] | None = None, data: CourseData | None = None) -> Comparison:
    """Two schedules side by side over the same weeks (illustrative teaching model)."""
    data = data or load()
    a, b = _schedule(schedule_a), _schedule(schedule_b)
    return Comparison(collagen_series(weeks, a.sessions, a.interval_weeks, a.band, data),
                      collagen_series(weeks, b.sessions, b.interval_weeks, b.band, data))
