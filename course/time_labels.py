"""Times after a session, shown one way everywhere: '4 h', '3 days', '2 weeks', '3 months', '1 year'."""

from __future__ import annotations

HOURS_PER_DAY = 24
HOURS_PER_WEEK = 7 * HOURS_PER_DAY
HOURS_PER_YEAR = 365 * HOURS_PER_DAY
HOURS_PER_MONTH = HOURS_PER_YEAR / 12  # unit conversion: 730 h


def _count(value: float, unit: str) -> str:
    shown = f"{round(value, 1):g}"
    return f"{shown} {unit}{'' if shown == '1' else 's'}"


def hours_label(hours: float) -> str:
    """A time in hours in the unit a reader expects (hours under a day, then days, weeks, months, years)."""
    if hours < HOURS_PER_DAY:
        return f"{round(hours, 1):g} h" if hours < 10 else f"{round(hours):g} h"
    if hours >= HOURS_PER_YEAR and hours % HOURS_PER_MONTH < 1:
        return _count(hours / HOURS_PER_YEAR, "year")
    if hours >= 8 * HOURS_PER_WEEK and hours % HOURS_PER_MONTH < 1:
        return _count(hours / HOURS_PER_MONTH, "month")
    if hours % HOURS_PER_WEEK == 0:
        return _count(hours / HOURS_PER_WEEK, "week")
    return _count(hours / HOURS_PER_DAY, "day")
