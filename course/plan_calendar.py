"""The calendar of a planned series: requests, sessions, their windows and conflicts with events.

A `PlanRequest` (start date, indication, area, depth, number of sessions, interval, skin type,
client events) becomes a `Plan` without fix suggestions (`build`); `course.planning.make_plan`
adds the fixes. Limits are course conventions read from `data/` through `course.bands`; input
ranges are in `course.limits`.

Client events have a length: a wedding is one day, a holiday runs from `date` to `end_date`.
Every day of an event is checked against each session's redness and sun windows, so a sun
holiday that starts before a session and goes on after it is sun exposure after needling.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from dataclasses import dataclass

from course import bands
from course.consultation.plan_check import fitz_depth_warning
from course.data import CourseData, load
from course.errors import InvalidInput
from course.limits import MAX_SESSIONS as MAX_SESSIONS  # re-exported for the planner widget
from course.limits import check_date, limit, shown
from course.records import DepthBand, TreatmentArea
from course.time_labels import date_label, date_range_label

LEVELS = ("none", "soft", "hard")  # conflict levels, mildest first
FITZ_DEPTH_RULE = "P-FITZ-DEPTH"  # plan rule: darker skin deeper than 1.0 mm (a warning)
SUN_BEFORE_RULE = "R-SUN"  # screening rule whose wait applies to a sun holiday just before a session


@dataclass(frozen=True)
class ClientEvent:
    """Something in the client's diary: `type` is a code from `data/event_types.csv`."""

    type: str
    date: dt.date  # the first day
    label: str = ""
    end_date: dt.date | None = None  # the last day (inclusive); None on input means a one-day event

    def __post_init__(self) -> None:
        if self.end_date is None:
            object.__setattr__(self, "end_date", self.date)

    @property
    def name(self) -> str:
        """The label, or the event type's own label when none was given."""
        return self.label or self.type.replace("_", " ")

    @property
    def length_days(self) -> int:
        """How many days the event lasts (1 for a one-day event)."""
        return (self.end_date - self.date).days + 1  # type: ignore[operator]

    @property
    def when(self) -> str:
        """The day, or the first and last day, in words: '05 Jul 2027' or '05 Jul 2027 – 19 Jul 2027'."""
        return date_range_label(self.date, self.end_date)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PlanRequest:
    """What the practitioner proposes. Units: depth in mm, interval in weeks.

    `session_dates`, when given, overrides start + k × interval (a suggested fix that moves one
    session sets it); it must hold `sessions` dates, the first equal to `start_date`.
    """

    start_date: dt.date
    indication: str
    area: str
    depth_mm: float
    sessions: int
    interval_weeks: float
    fitzpatrick_type: int
    events: tuple[ClientEvent, ...] = ()
    maintenance: bool = False  # a one-off maintenance session, not a series
    session_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Session:
    """One planned session and the windows that follow it (end dates exclusive)."""

    number: int  # 1-based
    date: dt.date
    redness_end: dt.date  # expected visible redness until (not including) this day
    buffer_end: dt.date  # pre-event buffer: a social event before this day is a soft conflict
    sun_avoid_end: dt.date  # avoid direct sun until (not including) this day


@dataclass(frozen=True)
class Fix:
    """A suggested change that clears one conflict; `request` is the changed plan request."""

    kind: str  # 'move_earlier', 'move_later', 'lower_depth', 'lengthen_interval'
    text: str
    request: PlanRequest


@dataclass(frozen=True)
class Conflict:
    """A session whose redness or sun window collides with a client event."""

    session_number: int
    session_date: dt.date
    event: ClientEvent
    level: str  # 'hard' (plan not acceptable) or 'soft' (warning)
    kind: str  # 'social' or 'sun'
    days_after: int
    rule_id: str
    text: str
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The planned series. `acceptable` is False while any hard conflict remains."""

    request: PlanRequest
    band: str
    min_interval_weeks: float
    max_interval_weeks: float
    sessions: tuple[Session, ...]
    maintenance_from: dt.date
    maintenance_to: dt.date
    conflicts: tuple[Conflict, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def acceptable(self) -> bool:
        return not any(c.level == "hard" for c in self.conflicts)

    @property
    def session_dates(self) -> tuple[dt.date, ...]:
        return tuple(s.date for s in self.sessions)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def days_of(weeks: float) -> int:
    return round(weeks * 7)


def _check_depth(depth_mm: float, area: TreatmentArea, data: CourseData) -> DepthBand:
    limit("depth_mm").check(depth_mm, "depth_mm")
    band = bands.depth_band(depth_mm, data)
    if depth_mm > area.max_depth_mm:
        rule = data.plan_rules["P-DEPTH"]
        raise InvalidInput("depth_mm", f"{rule.title}: {depth_mm} mm is deeper than the course maximum of "
                                       f"{area.max_depth_mm} mm for the {area.label.lower()}. Choose "
                                       f"{area.max_depth_mm} mm or less.")
    return band


def limits(depth_mm: float, area_code: str, data: CourseData | None = None
           ) -> tuple[DepthBand, TreatmentArea, float, float]:
    """(band, area, minimum weeks, maximum weeks) for a depth on an area; refuses bad depths/areas."""
    data = data or load()
    area = bands.treatment_area(area_code, data)
    band = _check_depth(depth_mm, area, data)
    low, high = bands.interval_limits_weeks(band, area)
    return band, area, low, high


def earliest_next_session(last_session: dt.date, depth_mm: float, area: str,
                          data: CourseData | None = None) -> dt.date:
    """The first day a next session may take place: last session + the minimum interval."""
    _, _, low, _ = limits(depth_mm, area, data)
    return last_session + dt.timedelta(days=days_of(low))


def _check_request(req: PlanRequest, data: CourseData) -> tuple[DepthBand, float, float]:
    if not isinstance(req.indication, str) or req.indication not in data.indications:
        raise InvalidInput("indication", f"Unknown indication {shown(req.indication)}; choose one of: "
                                         f"{', '.join(data.indications)}.")
    limit("fitzpatrick_type").check(req.fitzpatrick_type, "fitzpatrick_type")
    band, area, low, high = limits(req.depth_mm, req.area, data)
    limit("sessions").check(req.sessions, "sessions")
    limit("interval_weeks").check(req.interval_weeks, "interval_weeks")
    _check_dates(req)
    if req.interval_weeks < low:
        rule = data.plan_rules["P-INTERVAL-MIN"]
        raise InvalidInput("interval_weeks", f"{rule.title}: {req.interval_weeks} weeks is shorter than the "
                                             f"minimum of {low:g} weeks for band {band.band} on the "
                                             f"{area.label.lower()} ({rule.reasoning.rstrip('.')}). "
                                             f"Choose at least {low:g} weeks.")
    for event in req.events:
        if not isinstance(event.type, str) or event.type not in data.event_types:
            raise InvalidInput("events", f"Unknown event type {event.type!r}; choose one of: "
                                         f"{', '.join(data.event_types)}.")
    return band, low, high


def _check_dates(req: PlanRequest) -> None:
    """Every date of the request inside the course's date range; events well-formed."""
    if not isinstance(req.start_date, dt.date):
        raise InvalidInput("start_date", f"Start date must be a date (got {shown(req.start_date)}).")
    check_date(req.start_date, "Start date", "start_date")
    for name, value in (("events", req.events), ("session_dates", req.session_dates)):
        if not isinstance(value, tuple | list):
            raise InvalidInput(name, f"The {name.replace('_', ' ')} must be a list (got {shown(value)}).")
    if not isinstance(req.maintenance, bool):
        raise InvalidInput("maintenance", f"Maintenance must be yes or no (got {shown(req.maintenance)}).")
    for day in req.session_dates:
        if not isinstance(day, dt.date):
            raise InvalidInput("session_dates", f"Session dates must be dates (got {shown(day)}).")
        check_date(day, "Session date", "session_dates")
    for event in req.events:
        if not (isinstance(event, ClientEvent) and isinstance(event.type, str)
                and isinstance(event.label, str) and isinstance(event.date, dt.date)):
            raise InvalidInput("events", f"Each event needs a type, a date and a name (got {shown(event)}).")
        check_date(event.date, f"The date of the {event.name}", "events")
        if not isinstance(event.end_date, dt.date):
            raise InvalidInput("events", f"The {event.name} needs a last day that is a date "
                                         f"(got {shown(event.end_date)}).")
        if event.end_date < event.date:
            raise InvalidInput("events", f"The {event.name} ends ({date_label(event.end_date)}) before it "
                                         f"starts ({date_label(event.date)}); give the last day on or after "
                                         "the first.")
        limit("event_days").check(event.length_days, "events")


def _dates(req: PlanRequest, low_weeks: float) -> tuple[dt.date, ...]:
    if not req.session_dates:
        step = dt.timedelta(days=days_of(req.interval_weeks))
        return tuple(req.start_date + k * step for k in range(req.sessions))
    dates = tuple(req.session_dates)
    if len(dates) != req.sessions or dates[0] != req.start_date:
        raise InvalidInput("session_dates", f"Give one date per session ({req.sessions}), the first on the "
                                            "start date; or leave the dates out to space them evenly.")
    for before, after in itertools.pairwise(dates):
        if (after - before).days < days_of(low_weeks):
            gap = plural((after - before).days, "day")
            raise InvalidInput("session_dates", f"{date_label(after)} is only {gap} after "
                                                f"{date_label(before)}; sessions must be at least "
                                                f"{days_of(low_weeks)} days apart for this depth and area.")
    return dates


def _session(number: int, day: dt.date, band: DepthBand, sun_days: int) -> Session:
    return Session(number, day, day + dt.timedelta(days=band.redness_days),
                   day + dt.timedelta(days=band.event_buffer_days), day + dt.timedelta(days=sun_days))


def _worst_level(session: Session, event: ClientEvent, band: DepthBand, fitzpatrick_type: int,
                 data: CourseData) -> tuple[str, int]:
    """('hard' | 'soft' | 'none', days after the session of the event's first day on or after it),
    checking every day of the event that falls inside the longest window after the session."""
    first = max(event.date, session.date)
    last = min(event.end_date, session.date + dt.timedelta(days=_longest_window(band, fitzpatrick_type,
                                                                                 data)))
    worst = "none"
    for offset in range((last - first).days + 1):
        days_after = (first - session.date).days + offset
        level = bands.event_conflict(band, fitzpatrick_type, event.type, days_after, data)
        if LEVELS.index(level) > LEVELS.index(worst):
            worst = level
    return worst, (first - session.date).days


def _longest_window(band: DepthBand, fitzpatrick_type: int, data: CourseData) -> int:
    return max(band.redness_days, band.event_buffer_days, bands.sun_avoid_days(band, fitzpatrick_type, data))


def _raw_conflicts(sessions: tuple[Session, ...], req: PlanRequest, band: DepthBand,
                   data: CourseData) -> list[Conflict]:
    found = []
    for session in sessions:
        for event in req.events:
            if event.end_date < session.date:  # type: ignore[operator]
                continue  # over before the session: it cannot be spoilt by it
            level, days_after = _worst_level(session, event, band, req.fitzpatrick_type, data)
            if level == "none":
                continue
            kind = bands.event_kind(event.type, data)
            rule_id = "P-SUN" if kind == "sun" else ("P-EVENT-HARD" if level == "hard" else "P-EVENT-SOFT")
            title = data.plan_rules[rule_id].title.lower()
            if event.date < session.date:
                when = "falls during"
            else:
                day = "the first day of" if event.length_days > 1 else "the day of"
                when = f"is {plural(days_after, 'day')} before" if days_after else f"is on {day}"
            text = (f"Session {session.number} ({date_label(session.date)}) {when} the {event.name} "
                    f"({event.when}): {title}.")
            found.append(Conflict(session.number, session.date, event, level, kind, days_after,
                                  rule_id, text))
    return found


def sun_before(sessions: tuple[Session, ...], req: PlanRequest,
                data: CourseData) -> list[tuple[Session, ClientEvent, int]]:
    """(session, sun event, days) for sun events whose last day is up to the R-SUN wait before a session."""
    wait = data.screening_rules[SUN_BEFORE_RULE].wait_days or 0
    return [(s, e, (s.date - e.end_date).days) for s in sessions for e in req.events  # type: ignore[operator]
            if bands.event_kind(e.type, data) == "sun" and 0 < (s.date - e.end_date).days <= wait]


def _sun_notes(sessions: tuple[Session, ...], req: PlanRequest, data: CourseData) -> list[str]:
    rule = data.screening_rules[SUN_BEFORE_RULE]
    return [f"Session {s.number} is {plural(gap, 'day')} after the {e.name}: check the area for sunburn "
            f"first; a burn defers the session ({rule.eligible_when})."
            for s, e, gap in sun_before(sessions, req, data)]


def _warnings(req: PlanRequest, dates: tuple[dt.date, ...], high: float, data: CourseData) -> list[str]:
    found = []
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
    if any(gap > days_of(high) for gap in gaps):
        rule = data.plan_rules["P-INTERVAL-MAX"]
        found.append(f"{rule.title} ({high:g} weeks): {rule.reasoning}")
    darker_skin = fitz_depth_warning(req.fitzpatrick_type, req.depth_mm, data)
    if darker_skin:
        found.append(f"{data.plan_rules[FITZ_DEPTH_RULE].title}: {darker_skin}")
    indication = data.indications[req.indication]
    if not req.maintenance and not indication.min_sessions <= req.sessions <= indication.max_sessions:
        rule = data.plan_rules["P-SESSIONS"]
        found.append(f"{rule.title}: {req.sessions} planned; {indication.label.lower()} typically takes "
                     f"{indication.min_sessions}–{indication.max_sessions}. {rule.reasoning}")
    return found


def build(req: PlanRequest, data: CourseData) -> tuple[Plan, DepthBand, float]:
    """The plan without fix suggestions (the fix search calls this repeatedly)."""
    band, low, high = _check_request(req, data)
    sun_days = bands.sun_avoid_days(band, req.fitzpatrick_type, data)
    dates = _dates(req, low)
    sessions = tuple(_session(k + 1, day, band, sun_days) for k, day in enumerate(dates))
    last = dates[-1]
    plan = Plan(
        request=req, band=band.band, min_interval_weeks=low, max_interval_weeks=high, sessions=sessions,
        maintenance_from=add_months(last, int(data.param("maintenance_min_months"))),
        maintenance_to=add_months(last, int(data.param("maintenance_max_months"))),
        conflicts=tuple(_raw_conflicts(sessions, req, band, data)),
        warnings=tuple(_warnings(req, dates, high, data)),
        notes=tuple(_sun_notes(sessions, req, data)),
    )
    return plan, band, low
