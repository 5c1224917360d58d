"""Plan a series of microneedling sessions around a client's calendar (pure model, no I/O).

A `PlanRequest` (start date, indication, area, depth, number of sessions, interval, skin type,
dated client events) becomes a `Plan`: the session dates, each session's expected redness and
sun-avoidance window, the maintenance window after the series, every session × event conflict
with suggested fixes, and warnings. The limits are course conventions read from `data/`
(`depth_bands.csv`, `treatment_areas.csv`, `indications.csv`, `plan_rules.csv`,
`parameters.csv`); the lookups are the shared ones in `course.bands`.

Refused (raises `InvalidInput`, reason and fix in the message): depth over the area maximum,
interval under the band minimum, numbers or dates outside `course.limits`, the eyelid within the
orbital rim, sessions placed closer together than the band minimum. Merely unusual plans (an interval over
the band maximum, a session count outside the indication's typical range) get a warning.

Conflicts follow `course.bands.event_conflict` for events on or after a session. An event
*before* a session cannot be spoilt by it; but a sun holiday shortly before a session gets a
note, because a sunburn in the area defers the session (screening rule R-SUN).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from dataclasses import dataclass, replace

from course import bands
from course.data import CourseData, load
from course.errors import InvalidInput
from course.limits import MAX_SESSIONS as MAX_SESSIONS  # re-exported for the planner widget
from course.limits import check_date, limit, shown
from course.records import DepthBand, TreatmentArea

SEARCH_DAYS = 366  # how far the fix search looks for a safe date
SUN_BEFORE_RULE = "R-SUN"  # screening rule whose wait applies to a sun holiday just before a session


@dataclass(frozen=True)
class ClientEvent:
    """Something in the client's diary: `type` is a code from `data/event_types.csv`."""

    type: str
    date: dt.date
    label: str = ""

    @property
    def name(self) -> str:
        """The label, or the event type's own label when none was given."""
        return self.label or self.type.replace("_", " ")


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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _days(weeks: float) -> int:
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
    return last_session + dt.timedelta(days=_days(low))


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


def _dates(req: PlanRequest, low_weeks: float) -> tuple[dt.date, ...]:
    if not req.session_dates:
        step = dt.timedelta(days=_days(req.interval_weeks))
        return tuple(req.start_date + k * step for k in range(req.sessions))
    dates = tuple(req.session_dates)
    if len(dates) != req.sessions or dates[0] != req.start_date:
        raise InvalidInput("session_dates", f"Give one date per session ({req.sessions}), the first on the "
                                            "start date; or leave the dates out to space them evenly.")
    for before, after in itertools.pairwise(dates):
        if (after - before).days < _days(low_weeks):
            gap = _plural((after - before).days, "day")
            raise InvalidInput("session_dates", f"{after:%d %b %Y} is only {gap} after "
                                                f"{before:%d %b %Y}; sessions must be at least "
                                                f"{_days(low_weeks)} days apart for this depth and area.")
    return dates


def _session(number: int, day: dt.date, band: DepthBand, sun_days: int) -> Session:
    return Session(number, day, day + dt.timedelta(days=band.redness_days),
                   day + dt.timedelta(days=band.event_buffer_days), day + dt.timedelta(days=sun_days))


def _raw_conflicts(sessions: tuple[Session, ...], req: PlanRequest, band: DepthBand,
                   data: CourseData) -> list[Conflict]:
    found = []
    for session in sessions:
        for event in req.events:
            days_after = (event.date - session.date).days
            if days_after < 0:
                continue
            level = bands.event_conflict(band, req.fitzpatrick_type, event.type, days_after, data)
            if level == "none":
                continue
            kind = bands.event_kind(event.type, data)
            rule_id = "P-SUN" if kind == "sun" else ("P-EVENT-HARD" if level == "hard" else "P-EVENT-SOFT")
            title = data.plan_rules[rule_id].title.lower()
            when = f"{_plural(days_after, 'day')} before" if days_after else "on the day of"
            text = (f"Session {session.number} ({session.date:%d %b %Y}) is {when} the {event.name} "
                    f"({event.date:%d %b %Y}): {title}.")
            found.append(Conflict(session.number, session.date, event, level, kind, days_after,
                                  rule_id, text))
    return found


def _sun_before(sessions: tuple[Session, ...], req: PlanRequest,
                data: CourseData) -> list[tuple[Session, ClientEvent, int]]:
    """(session, sun event, days) for sun events up to the R-SUN wait before a session."""
    wait = data.screening_rules[SUN_BEFORE_RULE].wait_days or 0
    return [(s, e, (s.date - e.date).days) for s in sessions for e in req.events
            if bands.event_kind(e.type, data) == "sun" and 0 < (s.date - e.date).days <= wait]


def _sun_notes(sessions: tuple[Session, ...], req: PlanRequest, data: CourseData) -> list[str]:
    rule = data.screening_rules[SUN_BEFORE_RULE]
    return [f"Session {s.number} is {_plural(gap, 'day')} after the {e.name}: check the area for sunburn "
            f"first; a burn defers the session ({rule.eligible_when})."
            for s, e, gap in _sun_before(sessions, req, data)]


def _warnings(req: PlanRequest, dates: tuple[dt.date, ...], high: float, data: CourseData) -> list[str]:
    found = []
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
    if any(gap > _days(high) for gap in gaps):
        rule = data.plan_rules["P-INTERVAL-MAX"]
        found.append(f"{rule.title} ({high:g} weeks): {rule.reasoning}")
    indication = data.indications[req.indication]
    if not req.maintenance and not indication.min_sessions <= req.sessions <= indication.max_sessions:
        rule = data.plan_rules["P-SESSIONS"]
        found.append(f"{rule.title}: {req.sessions} planned; {indication.label.lower()} typically takes "
                     f"{indication.min_sessions}–{indication.max_sessions}. {rule.reasoning}")
    return found


def _build(req: PlanRequest, data: CourseData) -> tuple[Plan, DepthBand, float]:
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


def _clears(req: PlanRequest, event: ClientEvent, data: CourseData) -> bool:
    """True when `req` is a valid plan with no conflict with `event` and no session just after a
    sun event (a session in the middle of a holiday is no fix)."""
    try:
        plan, _, _ = _build(req, data)
    except InvalidInput:
        return False
    return all(c.event != event for c in plan.conflicts) and all(
        e != event for _, e, _ in _sun_before(plan.sessions, req, data))


def _with_dates(req: PlanRequest, dates: list[dt.date]) -> PlanRequest:
    return replace(req, start_date=dates[0], session_dates=tuple(dates))


def _move_later(plan: Plan, conflict: Conflict, data: CourseData) -> Fix | None:
    """Shift this session and all later ones (keeping their spacing) to the first safe day."""
    k = conflict.session_number - 1
    dates = list(plan.session_dates)
    for delta in range(1, SEARCH_DAYS):
        moved = dates[:k] + [d + dt.timedelta(days=delta) for d in dates[k:]]
        candidate = _with_dates(plan.request, moved)
        if _clears(candidate, conflict.event, data):
            later = " and the later sessions" if k + 1 < len(dates) else ""
            return Fix("move_later", f"Move session {k + 1}{later} {_plural(delta, 'day')} later, to "
                                     f"{moved[k]:%d %b %Y}.", candidate)
    return None


def _move_earlier(plan: Plan, conflict: Conflict, low_weeks: float, data: CourseData) -> Fix | None:
    """Bring this session forward to the latest safe day, keeping the minimum gap to the previous one.

    The first session never comes forward: the start date is the earliest day the client can come
    (a suggestion dated before the consultation would be no use).
    """
    k = conflict.session_number - 1
    if k == 0:
        return None
    dates = list(plan.session_dates)
    earliest = dates[k - 1] + dt.timedelta(days=_days(low_weeks))
    day = dates[k] - dt.timedelta(days=1)
    while day >= earliest:
        candidate = _with_dates(plan.request, [*dates[:k], day, *dates[k + 1:]])
        if _clears(candidate, conflict.event, data):
            return Fix("move_earlier", f"Bring session {k + 1} forward to {day:%d %b %Y} "
                                       f"({_plural((dates[k] - day).days, 'day')} earlier).", candidate)
        day -= dt.timedelta(days=1)
    return None


def _lower_depth(plan: Plan, conflict: Conflict, band: DepthBand, data: CourseData) -> Fix | None:
    """Use the deepest setting of a shallower band whose shorter windows clear the event."""
    shallower = sorted((b for b in data.depth_bands.values() if b.max_depth_mm < band.max_depth_mm),
                       key=lambda b: -b.max_depth_mm)
    for lower in shallower:
        candidate = replace(plan.request, depth_mm=lower.max_depth_mm)
        if _clears(candidate, conflict.event, data):
            return Fix("lower_depth", f"Lower the depth to {lower.max_depth_mm:g} mm (band {lower.band}, "
                                      f"redness about {_plural(lower.redness_days, 'day')}): less downtime, "
                                      "but also a gentler treatment.", candidate)
    return None


def _lengthen_interval(plan: Plan, conflict: Conflict, data: CourseData) -> Fix | None:
    """A longer, even interval that moves the later sessions clear of the event."""
    if conflict.session_number == 1:
        return None
    req = plan.request
    top = max(plan.max_interval_weeks, req.interval_weeks) + 4
    weeks = int(req.interval_weeks) + 1
    while weeks <= top:
        candidate = replace(req, interval_weeks=weeks, session_dates=())
        if _clears(candidate, conflict.event, data):
            return Fix("lengthen_interval", f"Lengthen the interval to {weeks} weeks.", candidate)
        weeks += 1
    return None


def make_plan(request: PlanRequest, data: CourseData | None = None) -> Plan:
    """Plan the series, find every conflict and suggest fixes for each (see the module docstring)."""
    data = data or load()
    plan, band, low = _build(request, data)
    conflicts = []
    for conflict in plan.conflicts:
        fixes = (_move_earlier(plan, conflict, low, data), _move_later(plan, conflict, data),
                 _lower_depth(plan, conflict, band, data), _lengthen_interval(plan, conflict, data))
        conflicts.append(replace(conflict, fixes=tuple(f for f in fixes if f is not None)))
    return replace(plan, conflicts=tuple(conflicts))


# --- tables the lesson shows (rows of plain values; the widget layer renders them) ----------------
def _span(low: float | None, high: float | None, unit: str) -> str:
    if low is None:
        return "—"
    text = f"{low:g} {unit}" if high is None or low == high else f"{low:g}–{high:g} {unit}"
    return text.strip()


def planning_rows(kind: str, data: CourseData | None = None) -> list[dict[str, object]]:
    """Rows for lesson 06's tables: 'areas', 'bands', 'indications' or 'protocols'.

    Each row maps a column title to its value; `evidence` / `*source_id` keys carry the tags.
    """
    data = data or load()
    if kind == "areas":
        return [{"area": a.label, "course maximum": _span(a.max_depth_mm, None, "mm"),
                 "interval": _span(a.min_interval_weeks, a.max_interval_weeks, "weeks")
                 if a.min_interval_weeks is not None else "by depth band",
                 "evidence": a.evidence, "source_id": a.source_id}
                for a in data.treatment_areas.values() if a.permitted]
    if kind == "bands":
        return [{"band": f"{b.band} {b.label.lower()}",
                 "depth": f"> {b.min_depth_mm:g} to {b.max_depth_mm:g} mm",
                 "interval": _span(b.min_interval_weeks, b.max_interval_weeks, "weeks"),
                 "visible redness": _span(b.redness_days, None, "days"),
                 "pre-event buffer": _span(b.event_buffer_days, None, "days"),
                 "avoid direct sun": _span(b.sun_avoid_days, None, "days"),
                 "evidence": b.evidence, "source_id": b.source_id}
                for b in data.depth_bands.values()]
    if kind == "indications":
        return [{"indication": i.label, "typical sessions": _span(i.min_sessions, i.max_sessions, ""),
                 "typical interval": _span(i.typical_interval_weeks, None, "weeks"),
                 "evidence": i.evidence, "source_id": i.source_id,
                 "typical depth": _span(i.typical_depth_min_mm, i.typical_depth_max_mm, "mm"),
                 "depth_evidence": i.depth_evidence, "depth_source_id": i.depth_source_id}
                for i in data.indications.values()]
    if kind == "protocols":
        return [{"indication": data.indications[p.indication].label, "protocol": p.schedule,
                 "sessions": _span(p.min_sessions, p.max_sessions, ""),
                 "interval": _span(p.interval_weeks, None, "weeks"), "depth": _span(p.depth_mm, None, "mm"),
                 "evidence": p.evidence, "source_id": p.source_id}
                for p in data.protocols.values()]
    raise InvalidInput("kind", f"Unknown table {kind!r}; choose areas, bands, indications or protocols.")
