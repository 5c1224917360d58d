"""Properties of `assess` over generated valid records (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from course.consultation import DECISIONS, assess, condition_codes
from course.consultation.lookups import procedure_types
from course.data import load

D = load()
AREAS = [a for a, r in D.treatment_areas.items() if r.permitted]
CLASSES = list(D.medication_classes)
EVENT_TYPES = [*D.event_types, "graduation"]
PROCEDURES = list(procedure_types())
DAY = dt.date(2026, 3, 2)


@st.composite
def medications(draw: st.DrawFn) -> dict[str, Any]:
    cls = draw(st.sampled_from(CLASSES))
    current = draw(st.booleans())
    days = draw(st.one_of(st.none(), st.integers(0, 400), st.floats(0, 400, allow_nan=False)))
    dated = any(cls in r.medication_classes and r.wait_days for r in D.screening_rules.values())
    if dated and not current and days is None:
        days = draw(st.integers(0, 400))
    return {"name": cls, "class": cls, "current": current, "days_since_last_dose": days}


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    today = DAY + dt.timedelta(days=draw(st.integers(-400, 400)))
    last = draw(st.one_of(st.none(), st.integers(0, 120).map(lambda d: today - dt.timedelta(days=d))))
    top = D.param("device_max_depth_mm")
    record: dict[str, Any] = {
        "assessment_date": today.isoformat(),
        "age": draw(st.integers(0, 120)),
        "fitzpatrick_type": draw(st.integers(1, 6)),
        "indication": draw(st.sampled_from(list(D.indications))),
        "treatment_area": draw(st.sampled_from(AREAS)),
        "conditions": draw(st.lists(st.sampled_from(condition_codes()), max_size=3)),
        "medications": draw(st.lists(medications(), max_size=3)),
        "pregnant": draw(st.booleans()),
        "breastfeeding": draw(st.booleans()),
        "last_session": None if last is None else last.isoformat(),
        "proposed_needle_depth_mm": draw(st.one_of(
            st.sampled_from([0.25, 0.5, 0.51, 1.0, 1.5, 1.51, 2.0, top]), st.floats(0.01, top))),
        "proposed_interval_weeks": draw(st.one_of(st.integers(1, 12), st.floats(0.1, 20))),
        "planned_sessions": draw(st.integers(1, 20)),
        "upcoming_events": draw(st.lists(st.fixed_dictionaries(
            {"type": st.sampled_from(EVENT_TYPES), "in_days": st.integers(0, 30)}), max_size=3)),
    }
    if draw(st.booleans()):
        record["adjuncts"] = draw(st.lists(st.sampled_from(list(D.adjuncts)), max_size=2))
    if draw(st.booleans()):
        record["maintenance"] = draw(st.booleans())
    if draw(st.booleans()):
        record["recent_procedures"] = draw(st.one_of(st.none(), st.lists(st.fixed_dictionaries(
            {"type": st.sampled_from(PROCEDURES), "days_since": st.integers(0, 60)}), max_size=3)))
    return record


RANK = {d: i for i, d in enumerate(DECISIONS)}


@settings(max_examples=300, deadline=None)
@given(records())
def test_decision_is_the_highest_reason_effect(record: dict[str, Any]) -> None:
    a = assess(record)
    assert a.decision in DECISIONS
    for reason in a.reasons:
        assert RANK[a.decision] >= RANK[reason.effect]
    assert a.decision == max((r.effect for r in a.reasons), key=RANK.__getitem__, default="proceed")
    if any(r.effect in ("refer", "defer") for r in a.reasons):
        assert a.decision != "proceed"
    if a.decision == "proceed":
        assert a.reasons == ()


@settings(max_examples=300, deadline=None)
@given(records())
def test_eligibility_only_for_defer(record: dict[str, Any]) -> None:
    a = assess(record)
    if a.decision != "defer":
        assert a.eligible_from is None and a.eligible_when is None
    else:
        assert (a.eligible_from is None) != (a.eligible_when is None)
        if a.eligible_from is not None:
            assert a.eligible_from >= dt.date.fromisoformat(record["assessment_date"])


@settings(max_examples=200, deadline=None)
@given(records())
def test_to_dict_round_trips_through_json(record: dict[str, Any]) -> None:
    d = assess(record).to_dict()
    assert json.loads(json.dumps(d)) == d


@settings(max_examples=300, deadline=None)
@given(records())
def test_plan_acceptability(record: dict[str, Any]) -> None:
    p = assess(record).plan
    hard = any(e.conflict == "hard" for e in p.event_checks)
    over = record["proposed_needle_depth_mm"] > D.treatment_areas[record["treatment_area"]].max_depth_mm
    assert p.depth_ok is not over
    if hard or over or not p.interval_ok:
        assert p.acceptable is False
    assert [e.type for e in p.event_checks] == [e["type"] for e in record["upcoming_events"]]
    assert all(e.conflict in ("none", "soft", "hard") for e in p.event_checks)
    blocking = {"depth_over_max", "interval_below_min", "last_session_too_recent"}
    blocked = bool(blocking & set(p.flags)) or any(
        f.startswith(("adjunct_refused:", "event_hard:", "sun_hard:")) for f in p.flags)
    assert p.acceptable is not blocked


@settings(max_examples=200, deadline=None)
@given(records())
def test_screening_does_not_depend_on_the_plan_except_last_session(record: dict[str, Any]) -> None:
    a = assess(record)
    screening = {r.rule_id for r in a.reasons} - {"P-LAST-SESSION"}
    other = dict(record, upcoming_events=[], adjuncts=["vitamin_c_serum"])
    assert {r.rule_id for r in assess(other).reasons} - {"P-LAST-SESSION"} == screening


@settings(max_examples=200, deadline=None)
@given(records())
def test_recent_procedure_fires_iff_one_is_under_14_days(record: dict[str, Any]) -> None:
    a = assess(record)
    recent = [p["days_since"] for p in record.get("recent_procedures") or [] if p["days_since"] < 14]
    assert ("R-RECENT-PROC" in {r.rule_id for r in a.reasons}) is bool(recent)
    today = dt.date.fromisoformat(record["assessment_date"])
    if recent and a.eligible_from is not None:
        assert a.eligible_from >= today + dt.timedelta(days=14 - min(recent))


@settings(max_examples=200, deadline=None)
@given(records())
def test_fitz_depth_warning_iff_dark_skin_deeper_than_1_mm(record: dict[str, Any]) -> None:
    p = assess(record).plan
    dark_and_deep = record["fitzpatrick_type"] >= 4 and record["proposed_needle_depth_mm"] > 1.0
    assert ("fitz_depth" in p.flags) is dark_and_deep
