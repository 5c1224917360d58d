"""Dates shown one way: `date_label` and every learner- or client-facing message that carries a date.

Each message type is made for a known input and must show its dates as '03 Mar 2025', never as an
ISO date, a long month name or a weekday; machine-read fields (CSV columns, saved JSON) stay ISO.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from course import exports, handout
from course.consultation import InvalidRecord, assess
from course.errors import InvalidInput
from course.limits import check_date
from course.planning import ClientEvent, PlanRequest, make_plan
from course.time_labels import date_label, date_range_label

ONE_WAY = re.compile(r"\b\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
OTHER_WAYS = re.compile(r"\b(January|February|March|April|June|July|August|September|October|November|"
                        r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                        r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? \d)\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
START = dt.date(2027, 3, 1)
WEDDING = ClientEvent("wedding", START + dt.timedelta(days=29), "Sam's wedding")  # a day after session 2
HOLIDAY = ClientEvent("beach_holiday", START + dt.timedelta(days=50), "Beach holiday",
                      START + dt.timedelta(days=56))


def one_way(text: str) -> None:
    """`text` shows at least one date, each as '03 Mar 2025', and no date any other way."""
    assert ONE_WAY.search(text), text
    assert not ISO.search(text), ISO.search(text)
    assert not OTHER_WAYS.search(text), OTHER_WAYS.search(text)


def plan_request(**changes) -> PlanRequest:
    base = {"start_date": START, "indication": "fine_lines_wrinkles", "area": "cheeks", "depth_mm": 1.0,
            "sessions": 4, "interval_weeks": 4, "fitzpatrick_type": 2, "events": (WEDDING, HOLIDAY)}
    return PlanRequest(**{**base, **changes})


def test_date_label_and_range():
    assert date_label(dt.date(2025, 3, 3)) == "03 Mar 2025"
    assert date_range_label(dt.date(2027, 7, 5), dt.date(2027, 7, 19)) == "05 Jul 2027 – 19 Jul 2027"
    assert date_range_label(dt.date(2027, 7, 5), dt.date(2027, 7, 5)) == "05 Jul 2027"
    assert HOLIDAY.when == "20 Apr 2027 – 26 Apr 2027" and WEDDING.when == "30 Mar 2027"


def test_handout_dates_one_way():
    page = handout.client_handout(1.0, 2, "2025-03-03")
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)
    one_way(text)
    assert "03 Mar 2025" in text and "04 Mar 2025" in text


def test_plan_conflicts_fixes_and_exports_one_way():
    plan = make_plan(plan_request())
    assert plan.conflicts and any(c.fixes for c in plan.conflicts)
    for conflict in plan.conflicts:
        one_way(conflict.text)
        for fix in conflict.fixes:
            if fix.kind.startswith("move"):
                one_way(fix.text)
    table = list(csv.DictReader(io.StringIO(exports.plan_to_csv(plan))))
    session = next(r for r in table if r["session"] == "1" and r["item"].startswith("Microneedling"))
    one_way(session["details"])  # people read the details ...
    assert ISO.fullmatch(session["start_date"]) and ISO.fullmatch(session["last_date"])  # ... machines these
    ics = exports.plan_to_ics(plan).decode().replace("\r\n ", "")  # unfold long iCalendar lines
    sessions = [line for line in ics.splitlines() if line.startswith("DESCRIPTION:1 mm on the cheeks")]
    assert len(sessions) == len(plan.sessions)
    for line in sessions:
        one_way(line)


def test_plan_refusals_one_way():
    with pytest.raises(InvalidInput) as ends_first:
        trip = ClientEvent("beach_holiday", START, "Trip", START - dt.timedelta(days=1))
        make_plan(plan_request(events=(trip,)))
    one_way(str(ends_first.value))
    dates = tuple(START + dt.timedelta(days=n) for n in (0, 10, 56, 84))
    with pytest.raises(InvalidInput) as too_close:
        make_plan(plan_request(events=(), session_dates=dates))
    one_way(str(too_close.value))
    with pytest.raises(InvalidInput) as out_of_range:
        check_date(dt.date(1850, 1, 1), "First session", "start_date")
    one_way(str(out_of_range.value))


def test_consultation_texts_one_way():
    day = dt.date(2026, 3, 2)
    base = {"assessment_date": day.isoformat(), "age": 35, "fitzpatrick_type": 2,
            "indication": "fine_lines_wrinkles", "treatment_area": "cheeks", "conditions": [],
            "medications": [], "pregnant": False, "breastfeeding": False, "last_session": None,
            "proposed_needle_depth_mm": 1.0, "proposed_interval_weeks": 4, "planned_sessions": 4,
            "upcoming_events": []}
    recent = assess({**base, "last_session": (day - dt.timedelta(days=10)).isoformat()})
    one_way(" ".join(r.detail for r in recent.reasons if "last session" in r.detail))
    undated = assess({**base, "pregnant": True, "medications": [
        {"name": "x", "class": "isotretinoin_oral", "current": False, "days_since_last_dose": 100}]})
    one_way(undated.eligible_when or "")
    assert recent.to_dict()["plan"]["earliest_next_session"] == recent.plan.earliest_next_session.isoformat()
    with pytest.raises(InvalidRecord) as future:
        assess({**base, "last_session": (day + dt.timedelta(days=1)).isoformat()})
    one_way(str(future.value))


def test_planner_widget_texts_and_figure_one_way(tmp_path: Path):
    from course.widgets.planner import SessionsPlanner

    w = SessionsPlanner(folder=tmp_path, start_date=START, events=(WEDDING, HOLIDAY))
    one_way(w.description.value)
    one_way(" ".join(label for label, _ in w.controls["events"].listing.options))
    one_way(w.details.value)
    w.set_values(sessions=1)  # the maintenance window is named at the right edge of the figure
    shown = " ".join(t.get_text() for t in w.figure.axes[0].texts if t.get_visible() and t.get_text())
    one_way(shown)
