"""`course.consultation.assess`: every rule and boundary of docs/consultation-rules.md, and validation.

Thresholds are read from `data/` where a course convention sets them, so an instructor changing a
convention sees which boundary moved; the rules sheet's own numbers are quoted where they are the
contract.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest

from course.consultation import (
    Assessment,
    InvalidRecord,
    assess,
    condition_codes,
    practice_clients,
    rules_table,
)
from course.data import load
from course.errors import InvalidInput

DAY = dt.date(2026, 3, 2)
D = load()


def record(**changes: Any) -> dict[str, Any]:
    """A client who may proceed with an acceptable plan (band B cheeks); `changes` override keys."""
    base: dict[str, Any] = {
        "assessment_date": DAY.isoformat(), "age": 35, "fitzpatrick_type": 2,
        "indication": "fine_lines_wrinkles", "treatment_area": "cheeks", "conditions": [],
        "medications": [], "pregnant": False, "breastfeeding": False, "last_session": None,
        "proposed_needle_depth_mm": 1.0, "proposed_interval_weeks": 4, "planned_sessions": 4,
        "upcoming_events": [],
    }
    base.update(changes)
    return base


def body(depth: float, weeks: float, **changes: Any) -> dict[str, Any]:
    """A record on the abdomen (maximum 2.0 mm) so that every band is allowed."""
    return record(treatment_area="abdomen", indication="stretch_marks", proposed_needle_depth_mm=depth,
                  proposed_interval_weeks=weeks, **changes)


def med(cls: str, current: bool = True, days: float | None = None, name: str = "x") -> dict[str, Any]:
    return {"name": name, "class": cls, "current": current, "days_since_last_dose": days}


def ids(a: Assessment) -> set[str]:
    return {r.rule_id for r in a.reasons}


def reason(a: Assessment, rule_id: str) -> Any:
    return next(r for r in a.reasons if r.rule_id == rule_id)


# --- a clean record -----------------------------------------------------------------------------

def test_clean_record() -> None:
    a = assess(record())
    assert (a.decision, a.reasons, a.eligible_from, a.eligible_when) == ("proceed", (), None, None)
    p = a.plan
    assert (p.depth_band, p.max_depth_mm, p.depth_ok, p.interval_ok) == ("B", 1.5, True, True)
    assert (p.min_interval_weeks, p.max_interval_weeks) == (4, 6)
    assert p.acceptable and p.flags == () and p.warnings == () and p.event_checks == ()
    assert p.earliest_next_session is None


# --- screening: every rule from the table -------------------------------------------------------

@pytest.mark.parametrize("code", condition_codes())
def test_every_condition_fires_its_rule_with_the_table_effect(code: str) -> None:
    rules = [r for r in D.screening_rules.values() if code in r.conditions]
    a = assess(record(conditions=[code]))
    assert {r.rule_id for r in rules} <= ids(a)
    for rule in rules:
        got = reason(a, rule.rule_id)
        assert (got.effect, got.source, got.title) == (rule.effect, rule.source_id, rule.title)
        assert code.replace("_", " ") in got.detail
        assert got.citation == D.citation(rule.source_id)
    assert a.decision == max((r.effect for r in rules),
                             key=("proceed_with_caution", "defer", "refer").index)


@pytest.mark.parametrize(("cls", "rule", "decision"), [
    ("anticoagulant", "R-ANTITHROMBOTIC", "refer"), ("antiplatelet_prescribed", "R-ANTITHROMBOTIC", "refer"),
    ("otc_bleeding_risk", "R-BRUISE-OTC", "proceed_with_caution"), ("immunosuppressant", "R-IMMUNO", "refer"),
    ("isotretinoin_oral", "R-ISO", "defer"), ("topical_retinoid", "R-RETINOID", "defer"),
])
def test_current_medication_fires(cls: str, rule: str, decision: str) -> None:
    a = assess(record(medications=[med(cls, True, None, name="Brand")]))
    assert ids(a) == {rule} and a.decision == decision
    assert "Brand" in reason(a, rule).detail


@pytest.mark.parametrize("cls", ["anticoagulant", "antiplatelet_prescribed", "otc_bleeding_risk",
                                 "immunosuppressant"])
def test_other_classes_stopped(cls: str) -> None:
    assert ids(assess(record(medications=[med(cls, False, 1)]))) == set()  # stopped, known day: no
    assert ids(assess(record(medications=[med(cls, False, None)])))  # stopped at an unknown time: yes


def test_other_class_never_fires() -> None:
    assert assess(record(medications=[med("other", True, None)])).decision == "proceed"


@pytest.mark.parametrize(("flag", "value"), [("pregnant", True), ("breastfeeding", True)])
def test_record_flags(flag: str, value: bool) -> None:
    a = assess(record(**{flag: value}))
    assert ids(a) == {"R-PREG"} and a.decision == "defer"
    assert a.eligible_from is None and "pregnan" in (a.eligible_when or "")


@pytest.mark.parametrize(("fitz", "fires"), [(1, False), (3, False), (4, True), (5, True), (6, True)])
def test_fitzpatrick_high(fitz: int, fires: bool) -> None:
    a = assess(record(fitzpatrick_type=fitz))
    assert ("R-FITZ-HIGH" in ids(a)) is fires
    assert a.decision == ("proceed_with_caution" if fires else "proceed")


# --- boundaries ---------------------------------------------------------------------------------

ISO_WAIT = D.screening_rules["R-ISO"].wait_days
RET_WAIT = D.screening_rules["R-RETINOID"].wait_days


def test_waits_are_the_rules_sheet_values() -> None:
    assert (ISO_WAIT, RET_WAIT) == (180, 3)


@pytest.mark.parametrize(("days", "fires"), [(0, True), (ISO_WAIT - 1, True), (ISO_WAIT - 0.5, True),
                                             (ISO_WAIT, False), (ISO_WAIT + 1, False)])
def test_isotretinoin_179_vs_180(days: float, fires: bool) -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, days)]))
    assert ("R-ISO" in ids(a)) is fires
    if fires:
        assert a.decision == "defer" and a.eligible_when is None
        assert a.eligible_from == DAY + dt.timedelta(days=math.ceil(ISO_WAIT - days))
        # on the eligible date itself the wait has passed
        later = assess(record(assessment_date=a.eligible_from.isoformat(),
                              medications=[med("isotretinoin_oral", False,
                                               days + (a.eligible_from - DAY).days)]))
        assert "R-ISO" not in ids(later)
    else:
        assert a.decision == "proceed"


@pytest.mark.parametrize("days", [None, 0, 10, 400])
def test_isotretinoin_current_has_no_date(days: float | None) -> None:
    a = assess(record(medications=[med("isotretinoin_oral", True, days)]))
    assert a.decision == "defer" and a.eligible_from is None
    assert a.eligible_when == D.screening_rules["R-ISO"].eligible_when


@pytest.mark.parametrize(("current", "days", "fires", "eligible_days"), [
    (False, 0, True, RET_WAIT), (False, RET_WAIT - 1, True, 1), (False, RET_WAIT, False, None),
    (True, RET_WAIT - 1, True, 1), (True, RET_WAIT, False, None), (True, None, True, None),
])
def test_topical_retinoid_2_vs_3(current: bool, days: int | None, fires: bool,
                                 eligible_days: int | None) -> None:
    a = assess(record(medications=[med("topical_retinoid", current, days)]))
    assert ("R-RETINOID" in ids(a)) is fires
    if fires:
        expected = DAY + dt.timedelta(days=eligible_days) if eligible_days is not None else None
        assert a.eligible_from == expected
        assert (a.eligible_when is None) is (expected is not None)


@pytest.mark.parametrize("cls", ["isotretinoin_oral", "topical_retinoid"])
def test_stopped_dated_class_needs_days(cls: str) -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(medications=[med(cls, False, None)]))
    assert err.value.field == "medications" and "days since the last dose" in str(err.value)


@pytest.mark.parametrize(("age", "minor", "label"), [
    (0, True, False), (17, True, False), (18, False, True), (21, False, True), (22, False, False),
    (120, False, False),
])
def test_age_17_18_21_22(age: int, minor: bool, label: bool) -> None:
    a = assess(record(age=age, indication="acne_scars"))
    assert ("R-AGE-MINOR" in ids(a)) is minor
    assert ("R-AGE-LABEL" in ids(a)) is label
    if minor:
        assert a.decision == "refer"


@pytest.mark.parametrize("area", [a for a, r in D.treatment_areas.items() if r.permitted])
def test_age_label_only_for_the_listed_areas(area: str) -> None:
    depth = min(0.5, D.treatment_areas[area].max_depth_mm)
    a = assess(record(age=20, indication="acne_scars", treatment_area=area, proposed_needle_depth_mm=depth,
                      proposed_interval_weeks=4))
    assert ("R-AGE-LABEL" in ids(a)) is (area in D.screening_rules["R-AGE-LABEL"].areas)


def test_age_label_needs_acne_scars() -> None:
    assert "R-AGE-LABEL" not in ids(assess(record(age=20, indication="other_scars")))


@pytest.mark.parametrize("area", [a for a, r in D.treatment_areas.items() if r.permitted])
def test_depth_exactly_at_area_max_is_ok_and_a_hundredth_over_is_not(area: str) -> None:
    top = D.treatment_areas[area].max_depth_mm
    at = assess(record(treatment_area=area, proposed_needle_depth_mm=top, proposed_interval_weeks=6))
    over = assess(record(treatment_area=area, proposed_needle_depth_mm=round(top + 0.01, 2),
                         proposed_interval_weeks=6))
    assert at.plan.depth_ok and at.plan.max_depth_mm == top
    assert not over.plan.depth_ok and not over.plan.acceptable
    assert "depth_over_max" in over.plan.flags and "depth_over_max" not in at.plan.flags
    assert over.decision == "proceed"  # plan problems do not change the decision


@pytest.mark.parametrize(("depth", "band"), [(0.01, "A"), (0.25, "A"), (0.5, "A"), (0.51, "B"), (1.5, "B"),
                                             (1.51, "C"), (3.0, "C")])
def test_depth_bands(depth: float, band: str) -> None:
    assert assess(body(depth, 8)).plan.depth_band == band


@pytest.mark.parametrize("depth", [0, -0.25, 3.01, 3.5, float("nan"), float("inf"), True, "1.0", None])
def test_depth_refused(depth: object) -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(body(depth, 8))  # type: ignore[arg-type]
    assert err.value.field == "proposed_needle_depth_mm"
    assert "3.0" in str(err.value)


@pytest.mark.parametrize(("band", "depth"), [("A", 0.5), ("B", 1.0), ("C", 2.0)])
def test_interval_exactly_minimum_and_maximum(band: str, depth: float) -> None:
    b = D.depth_bands[band]
    lowest = assess(body(depth, b.min_interval_weeks)).plan
    assert lowest.interval_ok and lowest.acceptable and not lowest.warnings
    below = assess(body(depth, b.min_interval_weeks - 0.1)).plan
    assert not below.interval_ok and not below.acceptable and "interval_below_min" in below.flags
    assert not below.warnings
    top = assess(body(depth, b.max_interval_weeks)).plan
    assert top.acceptable and not top.warnings and not top.flags
    above = assess(body(depth, b.max_interval_weeks + 0.5)).plan
    assert above.interval_ok and above.acceptable and "interval_above_max" in above.flags
    assert len(above.warnings) == 1 and "week" in above.warnings[0]


def test_scalp_interval_1_week() -> None:
    scalp = D.treatment_areas["scalp"]
    a = assess(record(treatment_area="scalp", indication="hair_loss", proposed_needle_depth_mm=1.5,
                      proposed_interval_weeks=scalp.min_interval_weeks, planned_sessions=12))
    p = a.plan
    assert (p.min_interval_weeks, p.max_interval_weeks) == (1, 4) == (scalp.min_interval_weeks,
                                                                    scalp.max_interval_weeks)
    assert p.interval_ok and p.acceptable and not p.warnings and a.decision == "proceed"
    assert not assess(record(treatment_area="scalp", indication="hair_loss", proposed_needle_depth_mm=1.5,
                             proposed_interval_weeks=0.9, planned_sessions=12)).plan.interval_ok


@pytest.mark.parametrize(("band", "depth"), [("A", 0.5), ("B", 1.0), ("C", 2.0)])
def test_last_session_exactly_minimum_ago_is_fine_one_day_less_defers(band: str, depth: float) -> None:
    min_days = int(D.depth_bands[band].min_interval_weeks * 7)
    ok_day = DAY - dt.timedelta(days=min_days)
    ok = assess(body(depth, 8, last_session=ok_day.isoformat()))
    assert "P-LAST-SESSION" not in ids(ok) and ok.plan.acceptable
    assert ok.plan.earliest_next_session == DAY
    soon_day = ok_day + dt.timedelta(days=1)
    soon = assess(body(depth, 8, last_session=soon_day.isoformat()))
    assert "P-LAST-SESSION" in ids(soon) and soon.decision == "defer"
    assert not soon.plan.acceptable and "last_session_too_recent" in soon.plan.flags
    assert soon.eligible_from == soon.plan.earliest_next_session == DAY + dt.timedelta(days=1)
    r = reason(soon, "P-LAST-SESSION")
    assert (r.effect, r.source) == ("defer", D.plan_rules["P-LAST-SESSION"].source_id)


def test_last_session_today_and_after_today() -> None:
    assert "P-LAST-SESSION" in ids(assess(record(last_session=DAY.isoformat())))
    with pytest.raises(InvalidRecord) as err:
        assess(record(last_session=(DAY + dt.timedelta(days=1)).isoformat()))
    assert err.value.field == "last_session"


@pytest.mark.parametrize(("band", "depth"), [("A", 0.5), ("B", 1.0), ("C", 2.0)])
def test_social_event_at_redness_days_is_soft_and_at_buffer_is_none(band: str, depth: float) -> None:
    b = D.depth_bands[band]
    weeks = b.max_interval_weeks

    def conflict(days: int) -> tuple[str, tuple[str, ...], bool, int]:
        p = assess(body(depth, weeks, upcoming_events=[{"type": "wedding", "in_days": days}])).plan
        return p.event_checks[0].conflict, p.flags, p.acceptable, len(p.warnings)

    assert conflict(b.redness_days - 1) == ("hard", ("event_hard:wedding",), False, 0)
    assert conflict(b.redness_days) == ("soft", ("event_soft:wedding",), True, 1)
    assert conflict(b.event_buffer_days - 1) == ("soft", ("event_soft:wedding",), True, 1)
    assert conflict(b.event_buffer_days) == ("none", (), True, 0)


@pytest.mark.parametrize(("depth", "fitz", "days", "conflict"), [
    (1.0, 2, 6, "hard"), (1.0, 2, 7, "none"), (0.5, 1, 7, "none"), (2.0, 2, 13, "hard"), (2.0, 2, 14, "none"),
    (0.5, 4, 10, "hard"), (0.5, 4, 13, "hard"), (0.5, 4, 14, "none"), (1.0, 6, 0, "hard"),
])
def test_sun_events_7_or_14_days_and_no_soft_level(depth: float, fitz: int, days: int, conflict: str) -> None:
    for kind in ("beach_holiday", "sun_holiday", "ski_trip"):
        weeks = D.depth_bands[assess(body(depth, 8)).plan.depth_band].max_interval_weeks
        p = assess(body(depth, weeks, fitzpatrick_type=fitz,
                        upcoming_events=[{"type": kind, "in_days": days}])).plan
        assert p.event_checks[0].conflict == conflict
        assert p.acceptable is (conflict == "none")
        assert p.flags == ((f"sun_hard:{kind}",) if conflict == "hard" else ())
        assert p.warnings == ()


def test_events_keep_input_order_and_unknown_types_are_social() -> None:
    events = [{"type": "graduation", "in_days": 5}, {"type": "party", "in_days": 0},
              {"type": "beach_holiday", "in_days": 30}]
    p = assess(record(upcoming_events=events)).plan
    assert [(e.type, e.in_days, e.conflict) for e in p.event_checks] == [
        ("graduation", 5, "soft"), ("party", 0, "hard"), ("beach_holiday", 30, "none")]
    assert p.flags == ("event_soft:graduation", "event_hard:party") and not p.acceptable


@pytest.mark.parametrize(("sessions", "indication", "maintenance", "warned"), [
    (2, "acne_scars", False, True), (3, "acne_scars", False, False), (6, "acne_scars", False, False),
    (7, "acne_scars", False, True), (1, "acne_scars", True, False), (20, "acne_scars", True, False),
    (9, "hair_loss", False, True), (10, "hair_loss", False, False), (14, "hair_loss", False, False),
    (15, "hair_loss", False, True),
])
def test_sessions_outside_typical_warn(sessions: int, indication: str, maintenance: bool,
                                       warned: bool) -> None:
    area, depth, weeks = ("scalp", 1.5, 1) if indication == "hair_loss" else ("cheeks", 1.0, 4)
    a = assess(record(indication=indication, treatment_area=area, proposed_needle_depth_mm=depth,
                      proposed_interval_weeks=weeks, planned_sessions=sessions, maintenance=maintenance))
    assert ("sessions_outside_typical" in a.plan.flags) is warned
    assert len(a.plan.warnings) == int(warned)
    assert a.plan.acceptable and a.decision == "proceed"


@pytest.mark.parametrize("adjunct", list(D.adjuncts))
def test_adjuncts_from_the_table(adjunct: str) -> None:
    p = assess(record(adjuncts=[adjunct])).plan
    permitted = D.adjuncts[adjunct].permitted
    assert p.acceptable is permitted
    assert p.flags == (() if permitted else (f"adjunct_refused:{adjunct}",))


# --- decision and eligibility -------------------------------------------------------------------

def test_precedence_and_eligibility_only_for_defer() -> None:
    refer = assess(record(conditions=["keloid_history", "sunburn_in_area"], fitzpatrick_type=5))
    assert refer.decision == "refer" and refer.eligible_from is None and refer.eligible_when is None
    defer = assess(record(conditions=["sunburn_in_area"], fitzpatrick_type=5))
    assert defer.decision == "defer" and defer.eligible_when == D.screening_rules["R-SUN"].eligible_when
    caution = assess(record(fitzpatrick_type=5, medications=[med("otc_bleeding_risk")]))
    assert caution.decision == "proceed_with_caution" and caution.eligible_when is None
    assert [r.rule_id for r in caution.reasons] == ["R-BRUISE-OTC", "R-FITZ-HIGH"]  # table order


def test_latest_date_when_every_defer_reason_is_dated() -> None:
    last = DAY - dt.timedelta(days=10)
    a = assess(record(medications=[med("isotretinoin_oral", False, 170), med("topical_retinoid", False, 1)],
                      last_session=last.isoformat(), fitzpatrick_type=4))
    assert {"R-ISO", "R-RETINOID", "P-LAST-SESSION", "R-FITZ-HIGH"} == ids(a)
    assert a.eligible_from == last + dt.timedelta(weeks=4) and a.eligible_when is None  # latest of three


def test_undated_defer_gives_conditions_and_the_not_before_date() -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, 100)],
                      conditions=["eczema_flare_in_area"], pregnant=True))
    assert a.decision == "defer" and a.eligible_from is None
    date = f"{DAY + dt.timedelta(days=80):%d %b %Y}"  # as the learner reads it: '21 May 2026'
    assert a.eligible_when is not None
    assert D.screening_rules["R-DERM-FLARE"].eligible_when in a.eligible_when
    assert D.screening_rules["R-PREG"].eligible_when in a.eligible_when
    assert a.eligible_when.endswith(f"not before {date}")


def test_two_medications_of_one_class_make_one_reason_with_the_later_date() -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, 100, "A"),
                                   med("isotretinoin_oral", False, 10, "B")]))
    assert [r.rule_id for r in a.reasons] == ["R-ISO"]
    assert "A" in a.reasons[0].detail and "B" in a.reasons[0].detail
    assert a.eligible_from == DAY + dt.timedelta(days=170)


def test_to_dict_round_trips_through_json() -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, 10)], last_session="2026-01-01",
                      upcoming_events=[{"type": "party", "in_days": 4}], adjuncts=["vitamin_c_serum"]))
    d = json.loads(json.dumps(a.to_dict()))
    assert d == a.to_dict()
    assert d["eligible_from"] == "2026-08-19" and d["plan"]["earliest_next_session"] == "2026-01-29"
    assert d["plan"]["event_checks"] == [{"type": "party", "in_days": 4, "conflict": "soft"}]
    assert d["plan"]["flags"] == ["event_soft:party", "adjunct_refused:vitamin_c_serum"]
    assert d["reasons"][0]["citation"] == D.citation("isotretinoin_guide")


def test_date_objects_and_optional_keys() -> None:
    a = assess(record(assessment_date=DAY, last_session=dt.datetime(2026, 1, 1, 9), adjuncts=[],
                      maintenance=False))
    assert a.plan.earliest_next_session == dt.date(2026, 1, 29)


def test_assessment_is_frozen() -> None:
    a = assess(record())
    with pytest.raises(AttributeError):
        a.decision = "refer"  # type: ignore[misc]


# --- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"assessment_date": "2026-02-30"}, "assessment_date"), ({"assessment_date": "soon"}, "assessment_date"),
    ({"assessment_date": 20260302}, "assessment_date"),
    ({"age": True}, "age"), ({"age": -1}, "age"), ({"age": 121}, "age"), ({"age": 30.5}, "age"),
    ({"age": "30"}, "age"),
    ({"fitzpatrick_type": 0}, "fitzpatrick_type"), ({"fitzpatrick_type": 7}, "fitzpatrick_type"),
    ({"fitzpatrick_type": 2.5}, "fitzpatrick_type"), ({"fitzpatrick_type": True}, "fitzpatrick_type"),
    ({"fitzpatrick_type": "II"}, "fitzpatrick_type"),
    ({"indication": "tattoo_removal"}, "indication"), ({"treatment_area": "elbow"}, "treatment_area"),
    ({"conditions": ["sniffles"]}, "conditions"), ({"conditions": "keloid_history"}, "conditions"),
    ({"medications": [med("aspirin_like")]}, "medications"), ({"medications": "none"}, "medications"),
    ({"medications": [{"name": "x", "class": "other"}]}, "medications"),
    ({"medications": [{**med("other"), "dose": 5}]}, "medications"),
    ({"medications": [med("other", "yes")]}, "medications"),  # type: ignore[arg-type]
    ({"medications": [med("other", False, -1)]}, "medications"),
    ({"medications": [med("other", False, True)]}, "medications"),  # type: ignore[arg-type]
    ({"medications": [{**med("other"), "name": 3}]}, "medications"),
    ({"pregnant": "no"}, "pregnant"), ({"breastfeeding": None}, "breastfeeding"),
    ({"last_session": "yesterday"}, "last_session"),
    ({"proposed_interval_weeks": 0}, "proposed_interval_weeks"),
    ({"proposed_interval_weeks": -4}, "proposed_interval_weeks"),
    ({"proposed_interval_weeks": float("inf")}, "proposed_interval_weeks"),
    ({"proposed_interval_weeks": True}, "proposed_interval_weeks"),
    ({"planned_sessions": 0}, "planned_sessions"), ({"planned_sessions": 2.5}, "planned_sessions"),
    ({"planned_sessions": True}, "planned_sessions"),
    ({"upcoming_events": [{"type": "party", "in_days": -1}]}, "upcoming_events"),
    ({"upcoming_events": [{"type": "party", "in_days": True}]}, "upcoming_events"),
    ({"upcoming_events": [{"type": "party", "in_days": 1.5}]}, "upcoming_events"),
    ({"upcoming_events": [{"type": "", "in_days": 1}]}, "upcoming_events"),
    ({"upcoming_events": [{"type": "party"}]}, "upcoming_events"),
    ({"upcoming_events": ["party"]}, "upcoming_events"),
    ({"adjuncts": ["snake_oil"]}, "adjuncts"), ({"maintenance": "yes"}, "maintenance"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
])
def test_invalid_record_names_the_field(changes: dict, field: str) -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(**changes))
    assert err.value.field == field
    assert isinstance(err.value, InvalidInput) and isinstance(err.value, ValueError)
    assert len(str(err.value)) > 20


@pytest.mark.parametrize("key", ["assessment_date", "age", "conditions", "last_session", "upcoming_events"])
def test_missing_key_is_refused(key: str) -> None:
    bad = record()
    del bad[key]
    with pytest.raises(InvalidRecord) as err:
        assess(bad)
    assert err.value.field == key


def test_eyelid_is_not_permitted() -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(treatment_area="eyelid_within_orbital_rim", proposed_needle_depth_mm=0.25))
    assert err.value.field == "treatment_area"
    assert "not permitted" in str(err.value) and "orbital rim" in str(err.value)


def test_unknown_code_messages_list_what_is_allowed() -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(conditions=["sniffles"]))
    assert "keloid_history" in str(err.value)
    with pytest.raises(InvalidRecord) as err:
        assess(record(medications=[med("aspirin_like")]))
    assert "other" in str(err.value) and "anticoagulant" in str(err.value)


def test_depth_at_device_maximum_is_valid() -> None:
    top = D.param("device_max_depth_mm")
    a = assess(body(top, 8))
    assert a.plan.depth_band == "C" and a.plan.depth_ok is False


# --- lesson helpers -----------------------------------------------------------------------------

def test_rules_table_groups_by_effect() -> None:
    rows = rules_table()
    assert len(rows) == len(D.screening_rules)
    effects = [r["effect"] for r in rows]
    assert effects == sorted(effects, key=["refer", "defer", "proceed with caution"].index)


def test_practice_clients_get_their_expected_decision() -> None:
    clients = practice_clients()
    assert len(clients) >= 8
    assert len({c["id"] for c in clients}) == len(clients)
    decisions, rules, flags = set(), set(), set()
    for client in clients:
        a = assess(client["record"])
        assert a.decision == client["expected_decision"], client["name"]
        assert client["teaching"] and client["name"]
        decisions.add(a.decision)
        rules |= {r.rule_id for r in a.reasons}
        flags |= set(a.plan.flags)
    assert decisions == {"proceed", "proceed_with_caution", "defer", "refer"}
    new_rules = {"R-RECENT-PROC", "R-MELASMA", "R-VITILIGO", "R-DERM-QUIET", "R-RETINOID-SYS"}
    assert new_rules <= rules and "fitz_depth" in flags  # the 2026-11-30 rules have practice clients
