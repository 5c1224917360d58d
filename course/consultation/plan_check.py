"""Plan checks: depth, interval, time since the last session, sessions, events, adjuncts.

Independent of the screening decision: a plan can be unacceptable for a client who may proceed
(docs/consultation-rules.md, "Checking the plan"). Limits come from `course.bands`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from course import bands
from course.consultation.lookups import parameter
from course.consultation.record import Client
from course.consultation.results import EventCheck, PlanCheck
from course.consultation.screening import Fired, words
from course.data import CourseData
from course.skin import roman
from course.time_labels import date_label

FITZ_DEPTH_FLAG = "fitz_depth"
FITZ_RULE = "R-FITZ-HIGH"  # the screening rule that names the skin types at higher PIH risk


def fitz_depth_warning(fitzpatrick_type: int, depth_mm: float, data: CourseData) -> str | None:
    """A warning sentence for darker skin (the types of R-FITZ-HIGH) deeper than the set depth,
    or None. Shared with the planner (`course.plan_calendar`)."""
    top = parameter("fitz_depth_max_mm")
    if fitzpatrick_type not in data.screening_rules[FITZ_RULE].fitzpatrick_types or depth_mm <= top:
        return None
    return (f"Fitzpatrick type {roman(fitzpatrick_type)} at {depth_mm:g} mm: post-inflammatory "
            f"hyperpigmentation is more likely above {top:.1f} mm in darker skin. Consider a "
            f"conservative depth ({top:.1f} mm or less) or a test spot first.")


@dataclass(frozen=True)
class PlanResult:
    """The plan check, and the too-recent-last-session deferral when there is one."""

    check: PlanCheck
    too_recent: Fired | None


def check_plan(client: Client, data: CourseData) -> PlanResult:
    """Run every plan check for a validated client."""
    depth = client.proposed_needle_depth_mm
    band = bands.depth_band(depth, data)
    area = data.treatment_areas[client.treatment_area]
    low, high = bands.interval_limits_weeks(band, area)
    flags: list[str] = []
    warnings: list[str] = []
    depth_ok = depth <= area.max_depth_mm
    if not depth_ok:
        flags.append("depth_over_max")
    weeks = client.proposed_interval_weeks
    interval_ok = weeks >= low
    if not interval_ok:
        flags.append("interval_below_min")
    elif weeks > high:
        flags.append("interval_above_max")
        warnings.append(f"The interval of {weeks:g} weeks is longer than the usual maximum of {high:g} "
                        f"weeks for band {band.band} ({area.label.lower()}): acceptable: a long gap is not "
                        "known to do harm, but check the reason for it.")
    earliest, too_recent = None, None
    if client.last_session is not None:
        min_days = math.ceil(low * 7)
        earliest = client.last_session + dt.timedelta(days=min_days)
        since = (client.assessment_date - client.last_session).days
        if since < min_days:
            flags.append("last_session_too_recent")
            detail = (f"last session {date_label(client.last_session)}, {since} days ago; the minimum "
                      f"interval here is {low:g} weeks ({min_days} days)")
            too_recent = Fired((detail,), earliest, True)
    ind = data.indications[client.indication]
    if not client.maintenance and not ind.min_sessions <= client.planned_sessions <= ind.max_sessions:
        flags.append("sessions_outside_typical")
        warnings.append(f"{client.planned_sessions} planned sessions is outside the typical "
                        f"{ind.min_sessions}–{ind.max_sessions} for {ind.label.lower()}: check the reason.")
    events = []
    for event in client.upcoming_events:
        conflict = bands.event_conflict(band, client.fitzpatrick_type, event.type, event.in_days, data)
        events.append(EventCheck(event.type, event.in_days, conflict))
        sun = bands.event_kind(event.type, data) == "sun"
        if conflict != "none":
            flags.append(f"{'sun' if sun else 'event'}_{conflict}:{event.type}")
        if conflict == "soft":
            warnings.append(f"The {words(event.type)} in {event.in_days} days is inside the "
                            f"{band.event_buffer_days}-day pre-event buffer for band {band.band}: redness "
                            "should have gone, but the safety margin is not met.")
    fitz_warning = fitz_depth_warning(client.fitzpatrick_type, client.proposed_needle_depth_mm, data)
    if fitz_warning:
        flags.append(FITZ_DEPTH_FLAG)
        warnings.append(fitz_warning)
    refused = [a for a in client.adjuncts if not data.adjuncts[a].permitted]
    flags += [f"adjunct_refused:{a}" for a in dict.fromkeys(refused)]
    hard = any(e.conflict == "hard" for e in events)
    acceptable = depth_ok and interval_ok and too_recent is None and not refused and not hard
    check = PlanCheck(band.band, area.max_depth_mm, depth_ok, low, high, interval_ok, earliest,
                      tuple(events), acceptable, tuple(flags), tuple(warnings))
    return PlanResult(check, too_recent)
