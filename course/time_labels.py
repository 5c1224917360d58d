"""Times and dates shown one way everywhere: '4 h', '3 days', '2 weeks', '3 months', '1 year';
calendar dates as '03 Mar 2025' (machine-read files keep ISO dates: JSON, CSV, ICS)."""

from __future__ import annotations

import datetime as dt

HOURS_PER_DAY = 24
HOURS_PER_WEEK = 7 * HOURS_PER_DAY
HOURS_PER_YEAR = 365 * HOURS_PER_DAY
HOURS_PER_MONTH = HOURS_PER_YEAR / 12  # unit conversion: 730 h
DATE_FORMAT = "%d %b %Y"  # '03 Mar 2025': no day/month ambiguity, the same in every English locale


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


def date_label(day: dt.date) -> str:
    """A calendar date as every learner and client reads it: '03 Mar 2025'."""
    return day.strftime(DATE_FORMAT)


def date_range_label(first: dt.date, last: dt.date) -> str:
    """First to last day (inclusive): '05 Jul 2027 – 19 Jul 2027', or one date when they are the same."""
    return date_label(first) if first == last else f"{date_label(first)} – {date_label(last)}"
