"""Every number a learner, a record or a saved file can give the course, with its sensible range.

One place for the consultation engine, the planner, the saved-plan loader and the forms: a value
outside its range is refused with the quantity named in plain words ("Interval between sessions
must be above 0 and at most 52 weeks"). The ranges keep absurd input out (1e308 weeks, 10^30
sessions, NaN, true/false for a number); they are input bounds, not clinical advice, and every
clinical limit inside them (area maxima, band intervals) stays in `data/`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

from course.data import load
from course.errors import InvalidInput
from course.time_labels import date_label

EARLIEST_DATE = dt.date(2000, 1, 1)  # no course record or plan is dated before this
LATEST_DATE = dt.date(2100, 12, 31)  # nor after this (leaves room for years of sessions after it)
MAX_SESSIONS = 52  # a year of weekly sessions
MAX_INTERVAL_WEEKS = 52  # a year between sessions; longer is no longer a series


def shown(value: object) -> str:
    """A value as a learner would recognise it in a message (never `None` or `True`)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "not a number" if math.isnan(value) else f"{value:g}"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**12 else f"{value:.3g}"
    if isinstance(value, str):
        return repr(value[:40])
    return f"a {type(value).__name__}"


@dataclass(frozen=True)
class Limit:
    """The allowed range of one number. `low_open`: strictly above `low`; `whole`: an int."""

    name: str
    label: str
    unit: str
    low: float
    high: float
    low_open: bool = False
    whole: bool = False

    def number(self, value: float) -> str:
        """A bound as shown in messages: millimetres keep one decimal (3.0 mm)."""
        text = f"{value:g}"
        return text + ".0" if self.unit == "mm" and "." not in text and "e" not in text else text

    def describe(self) -> str:
        """The range in words, e.g. 'above 0 and at most 52 weeks'."""
        unit = f" {self.unit}" if self.unit else ""
        low, high = self.number(self.low), self.number(self.high)
        if self.low_open:
            return f"above {low} and at most {high}{unit}"
        what = "a whole number " if self.whole else ""
        return f"{what}from {low} to {high}{unit}"

    def ok(self, value: object) -> bool:
        """True when `value` is a number of the right kind inside the range."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if self.whole and not isinstance(value, int):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        return above and value <= self.high

    def check(self, value: object, field: str | None = None,
              error: type[InvalidInput] = InvalidInput) -> float:
        """`value` when allowed; otherwise raise `error(field, message)` naming the quantity."""
        if not self.ok(value):
            raise error(field or self.name, f"{self.label} must be {self.describe()} (got {shown(value)}).")
        return value  # type: ignore[return-value]


@functools.lru_cache(maxsize=1)
def limits() -> dict[str, Limit]:
    """Every limit by name (the depth and skin-type ranges come from `data/`)."""
    data = load()
    types = sorted(data.skin_types)
    found = [
        Limit("depth_mm", "Needle depth", "mm", 0, data.param("device_max_depth_mm"), low_open=True),
        Limit("interval_weeks", "Interval between sessions", "weeks", 0, MAX_INTERVAL_WEEKS, low_open=True),
        Limit("sessions", "Number of sessions", "sessions", 1, MAX_SESSIONS, whole=True),
        Limit("age_years", "Age", "years", 0, 120, whole=True),
        Limit("fitzpatrick_type", "Fitzpatrick skin type", "", types[0], types[-1], whole=True),
        Limit("days_since_last_dose", "Days since the last dose", "days", 0, 36500),
        Limit("days_since_procedure", "Days since the procedure", "days", 0, 36500, whole=True),
        Limit("in_days", "Days until the event", "days", 0, 730, whole=True),
        Limit("event_days", "Length of the event", "days", 1, 366, whole=True),
    ]
    return {item.name: item for item in found}


def limit(name: str) -> Limit:
    """One limit by name (see `limits()` for the names)."""
    return limits()[name]


def check_date(value: dt.date, label: str, field: str, error: type[InvalidInput] = InvalidInput) -> dt.date:
    """`value` when it lies between `EARLIEST_DATE` and `LATEST_DATE`; otherwise raise `error`."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise error(field, f"{label} must be between {date_label(EARLIEST_DATE)} and "
                           f"{date_label(LATEST_DATE)} (got {date_label(value)}).")
    return value
