"""Plan a series of microneedling sessions around a client's calendar (pure model, no I/O).

A `PlanRequest` (start date, indication, area, depth, number of sessions, interval, skin type,
client events with a first and a last day) becomes a `Plan`: the session dates, each session's
expected redness and sun-avoidance window, the maintenance window after the series, every
session × event conflict with suggested fixes, and warnings. The calendar itself (requests,
windows, conflicts) is `course.plan_calendar`; this module adds the fix search and lesson 06's
tables, and re-exports the calendar's names. Limits are course conventions read from `data/`
through `course.bands`; input ranges are in `course.limits`.

Refused (raises `InvalidInput`, reason and fix in the message): depth over the area maximum,
interval under the band minimum, numbers or dates outside `course.limits`, the eyelid within the
orbital rim, sessions placed closer together than the band minimum, an event that ends before it
starts. Merely unusual plans (an interval over the band maximum, a session count outside the
indication's typical range) get a warning.

Every day of an event on or after a session is checked against `course.bands.event_conflict`
(a holiday that starts before a session and goes on after it is sun exposure after needling).
An event over before a session cannot be spoilt by it; but a sun holiday that ended shortly
before a session gets a note, because a sunburn in the area defers the session (rule R-SUN).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from course.data import CourseData, load
from course.errors import InvalidInput
from course.plan_calendar import (  # noqa: F401  (re-exported: the planner's public names)
    MAX_SESSIONS,
    ClientEvent,
    Conflict,
    Fix,
    Plan,
    PlanRequest,
    Session,
    add_months,
    build,
    days_of,
    earliest_next_session,
    limits,
    plural,
    sun_before,
)
from course.records import DepthBand
from course.time_labels import date_label

SEARCH_DAYS = 366  # how far the fix search looks for a safe date


def _clears(req: PlanRequest, event: ClientEvent, data: CourseData) -> bool:
    """True when `req` is a valid plan with no conflict with `event` and no session just after a
    sun event (a session in the middle of a holiday is no fix)."""
    try:
        plan, _, _ = build(req, data)
    except InvalidInput:
        return False
    return all(c.event != event for c in plan.conflicts) and all(
        e != event for _, e, _ in sun_before(plan.sessions, req, data))


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
            return Fix("move_later", f"Move session {k + 1}{later} {plural(delta, 'day')} later, to "
                                     f"{date_label(moved[k])}.", candidate)
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
    earliest = dates[k - 1] + dt.timedelta(days=days_of(low_weeks))
    day = dates[k] - dt.timedelta(days=1)
    while day >= earliest:
        candidate = _with_dates(plan.request, [*dates[:k], day, *dates[k + 1:]])
        if _clears(candidate, conflict.event, data):
            return Fix("move_earlier", f"Bring session {k + 1} forward to {date_label(day)} "
                                       f"({plural((dates[k] - day).days, 'day')} earlier).", candidate)
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
                                      f"redness about {plural(lower.redness_days, 'day')}): less downtime, "
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
    plan, band, low = build(request, data)
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
