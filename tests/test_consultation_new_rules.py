"""The rules added on 2026-11-30 (docs/consultation-rules.md): new conditions, systemic retinoids,
recent procedures (input key, validation, deferral date) and the darker-skin depth warning.

Written from the rules text, boundaries included; expected values are worked out by hand here,
not read from the engine's tables.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.consultation import InvalidRecord, assess

DAY = dt.date(2026, 3, 2)
PROCEDURES = ("chemical_peel", "laser_or_ipl", "dermal_filler", "botulinum_toxin", "microdermabrasion",
              "waxing")


# A client who may proceed with an acceptable plan: type II, fine lines on the cheeks, 1.0 mm every 4 weeks.
CLEAN = json.loads(
    '{"assessment_date": "2026-03-02", "age": 35, "fitzpatrick_type": 2, "indication": "fine_lines_wrinkles",'
    ' "treatment_area": "cheeks", "conditions": [], "medications": [], "pregnant": false,'
    ' "breastfeeding": false, "last_session": null, "proposed_needle_depth_mm": 1.0,'
    ' "proposed_interval_weeks": 4, "planned_sessions": 4, "upcoming_events": []}')


def record(**changes: Any) -> dict[str, Any]:
    return {**CLEAN, **changes}


def ids(result: Any) -> list[str]:
    return [r.rule_id for r in result.reasons]


def proc(kind: str, days: Any) -> dict[str, Any]:
    return {"type": kind, "days_since": days}


def retinoid(current: bool, days: float | None) -> dict[str, Any]:
    return {"name": "acitretin", "class": "systemic_retinoid_other", "current": current,
            "days_since_last_dose": days}


# --- new condition rules --------------------------------------------------------------------------

@pytest.mark.parametrize(("condition", "rule", "decision"), [
    ("granuloma_history", "R-GRANULOMA", "refer"),
    ("autoimmune_connective_tissue_active", "R-AUTOIMMUNE", "refer"),
    ("vitiligo", "R-VITILIGO", "refer"),
    ("eczema_quiescent", "R-DERM-QUIET", "proceed_with_caution"),
    ("psoriasis_quiescent", "R-DERM-QUIET", "proceed_with_caution"),
    ("melasma", "R-MELASMA", "proceed_with_caution"),
])
def test_new_condition_fires_its_rule(condition: str, rule: str, decision: str) -> None:
    a = assess(record(conditions=[condition]))
    assert ids(a) == [rule]
    assert a.decision == decision
    assert a.eligible_from is None and a.eligible_when is None  # never a defer
    assert a.plan.acceptable  # the plan is checked on its own


def test_new_caution_rules_lose_to_refer_and_defer() -> None:
    assert assess(record(conditions=["melasma", "vitiligo"])).decision == "refer"
    assert assess(record(conditions=["eczema_quiescent"], pregnant=True)).decision == "defer"
    both = assess(record(conditions=["eczema_quiescent", "psoriasis_quiescent"]))
    assert ids(both) == ["R-DERM-QUIET"] and both.decision == "proceed_with_caution"


def test_quiescent_and_flare_are_different_rules() -> None:
    a = assess(record(conditions=["eczema_quiescent", "eczema_flare_in_area"]))
    assert set(ids(a)) == {"R-DERM-QUIET", "R-DERM-FLARE"} and a.decision == "defer"


# --- R-RETINOID-SYS -------------------------------------------------------------------------------

@pytest.mark.parametrize(("current", "days", "fires"), [
    (True, None, True), (True, 0, True), (True, 400, True),  # still taken: always
    (False, 0, True), (False, 179, True), (False, 179.9, True),
    (False, 180, False), (False, 181, False), (False, 3650, False),
])
def test_systemic_retinoid_179_vs_180(current: bool, days: float | None, fires: bool) -> None:
    a = assess(record(medications=[retinoid(current, days)]))
    assert ("R-RETINOID-SYS" in ids(a)) is fires
    assert a.decision == ("refer" if fires else "proceed")
    assert a.eligible_from is None  # refer carries no eligibility


def test_systemic_retinoid_is_not_isotretinoin() -> None:
    a = assess(record(medications=[retinoid(False, 100)]))
    assert ids(a) == ["R-RETINOID-SYS"]
    iso = {"name": "isotretinoin", "class": "isotretinoin_oral", "current": False,
           "days_since_last_dose": 100}
    assert ids(assess(record(medications=[iso]))) == ["R-ISO"]


def test_stopped_systemic_retinoid_needs_the_last_dose() -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(medications=[retinoid(False, None)]))
    assert err.value.field == "medications"


# --- R-RECENT-PROC ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", PROCEDURES)
@pytest.mark.parametrize(("days", "fires"), [(0, True), (1, True), (13, True), (14, False), (15, False),
                                             (400, False)])
def test_recent_procedure_13_vs_14_days(kind: str, days: int, fires: bool) -> None:
    a = assess(record(recent_procedures=[proc(kind, days)]))
    assert ("R-RECENT-PROC" in ids(a)) is fires
    if fires:
        assert a.decision == "defer"
        assert a.eligible_from == DAY + dt.timedelta(days=14 - days)
        assert a.eligible_when is None
    else:
        assert a.decision == "proceed" and a.eligible_from is None


def test_recent_procedure_date_counts_from_the_most_recent() -> None:
    a = assess(record(recent_procedures=[proc("dermal_filler", 10), proc("waxing", 3),
                                         proc("chemical_peel", 20)]))
    assert ids(a) == ["R-RECENT-PROC"]
    assert a.eligible_from == dt.date(2026, 3, 13)  # 14 days after the waxing 3 days ago


def test_recent_procedure_combines_with_other_dated_deferrals_as_the_latest() -> None:
    iso = {"name": "isotretinoin", "class": "isotretinoin_oral", "current": False,
           "days_since_last_dose": 170}
    a = assess(record(medications=[iso], recent_procedures=[proc("chemical_peel", 3)]))
    assert set(ids(a)) == {"R-ISO", "R-RECENT-PROC"}
    assert a.eligible_from == dt.date(2026, 3, 13)  # peel: +11 days beats isotretinoin: +10 days
    b = assess(record(medications=[{**iso, "days_since_last_dose": 100}],
                      recent_procedures=[proc("chemical_peel", 3)]))
    assert b.eligible_from == DAY + dt.timedelta(days=80)
    last = (DAY - dt.timedelta(days=20)).isoformat()  # 4-week minimum: eligible 2026-03-10
    c = assess(record(last_session=last, recent_procedures=[proc("botulinum_toxin", 13)]))
    assert set(ids(c)) == {"P-LAST-SESSION", "R-RECENT-PROC"}
    assert c.eligible_from == dt.date(2026, 3, 10)  # the toxin alone: 2026-03-03


def test_recent_procedure_with_an_undated_deferral_gives_the_condition_and_not_before() -> None:
    a = assess(record(pregnant=True, recent_procedures=[proc("laser_or_ipl", 4)]))
    assert a.decision == "defer" and a.eligible_from is None
    assert a.eligible_when is not None and "12 Mar 2026" in a.eligible_when


def test_recent_procedure_under_a_referral_has_no_eligibility() -> None:
    a = assess(record(conditions=["vitiligo"], recent_procedures=[proc("laser_or_ipl", 4)]))
    assert a.decision == "refer" and a.eligible_from is None and a.eligible_when is None


@pytest.mark.parametrize("value", ["absent", None, []])
def test_no_recent_procedures_absent_null_or_empty_are_the_same(value: Any) -> None:
    rec = record() if value == "absent" else record(recent_procedures=value)
    assert assess(rec).to_dict() == assess(record()).to_dict()


@pytest.mark.parametrize("value", [
    "dermal_filler", {"type": "dermal_filler", "days_since": 3}, 0, False, -0.0, "",
    [proc("tattoo", 3)], [proc("Dermal_Filler", 3)], [proc(None, 3)], [proc(3, 3)],
    [proc("waxing", -1)], [proc("waxing", 2.5)], [proc("waxing", 3.0)], [proc("waxing", "3")],
    [proc("waxing", None)], [proc("waxing", True)], [proc("waxing", False)],
    [proc("waxing", float("nan"))], [proc("waxing", float("inf"))],
    [{"type": "waxing"}], [{"days_since": 3}], [{"type": "waxing", "days_since": 3, "area": "lip"}],
    ["waxing"], [None], [[("type", "waxing")]],
])
def test_bad_recent_procedures_are_refused_naming_the_field(value: Any) -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(recent_procedures=value))
    assert err.value.field == "recent_procedures"
    assert isinstance(err.value, ValueError) and len(str(err.value)) > 20


def test_recent_procedure_detail_and_source() -> None:
    (reason,) = assess(record(recent_procedures=[proc("dermal_filler", 10)])).reasons
    assert reason.effect == "defer" and "filler" in reason.detail and "10" in reason.detail
    assert reason.source and reason.citation


# --- plan warning fitz_depth ----------------------------------------------------------------------

@pytest.mark.parametrize(("fitz", "depth", "warned"), [
    (4, 1.0, False), (4, 1.01, True), (5, 1.5, True), (6, 1.25, True), (6, 1.0, False),
    (5, 0.75, False), (3, 1.5, False), (1, 2.0, False), (2, 1.01, False),
])
def test_fitz_depth_warning_boundary(fitz: int, depth: float, warned: bool) -> None:
    area = "cheeks" if depth <= 1.5 else "abdomen"
    a = assess(record(fitzpatrick_type=fitz, proposed_needle_depth_mm=depth, treatment_area=area,
                      indication="stretch_marks" if depth > 1.5 else "fine_lines_wrinkles",
                      proposed_interval_weeks=6 if depth > 1.5 else 4))
    assert ("fitz_depth" in a.plan.flags) is warned
    texts = [w for w in a.plan.warnings if "1.0 mm" in w]
    assert bool(texts) is warned
    assert a.plan.acceptable  # a warning, never a refusal
    assert a.decision == ("proceed_with_caution" if fitz >= 4 else "proceed")  # R-FITZ-HIGH only


def test_fitz_depth_does_not_change_the_screening_decision() -> None:
    shallow = assess(record(fitzpatrick_type=5, proposed_needle_depth_mm=1.0))
    deep = assess(record(fitzpatrick_type=5, proposed_needle_depth_mm=1.5))
    assert shallow.decision == deep.decision and ids(shallow) == ids(deep) == ["R-FITZ-HIGH"]


def test_fitz_depth_sits_beside_other_plan_flags() -> None:
    a = assess(record(fitzpatrick_type=6, proposed_needle_depth_mm=2.0))  # over the cheek maximum
    assert "depth_over_max" in a.plan.flags and "fitz_depth" in a.plan.flags and not a.plan.acceptable


# --- properties ---------------------------------------------------------------------------------

OLD_CONDITIONS = ["active_skin_infection", "keloid_history", "diabetes_controlled", "eczema_flare_in_area",
                  "sunburn_in_area", "radiotherapy_to_area"]


@st.composite
def old_records(draw: st.DrawFn) -> dict[str, Any]:
    """Records without any of the new inputs, at depths up to 1.0 mm (no fitz_depth)."""
    return record(
        age=draw(st.integers(18, 90)), fitzpatrick_type=draw(st.integers(1, 6)),
        conditions=draw(st.lists(st.sampled_from(OLD_CONDITIONS), max_size=2, unique=True)),
        pregnant=draw(st.booleans()), proposed_needle_depth_mm=draw(st.sampled_from([0.25, 0.5, 0.75, 1.0])),
        upcoming_events=draw(st.lists(st.fixed_dictionaries(
            {"type": st.sampled_from(["party", "sun_holiday"]), "in_days": st.integers(0, 30)}), max_size=2)),
    )


@settings(max_examples=60, deadline=None)
@given(old_records(), st.lists(st.tuples(st.sampled_from(PROCEDURES), st.integers(14, 3000)), max_size=3))
def test_procedures_14_days_or_more_change_nothing(rec: dict[str, Any], old: list) -> None:
    with_old = assess({**rec, "recent_procedures": [proc(k, d) for k, d in old]})
    assert with_old.to_dict() == assess(rec).to_dict()


@settings(max_examples=60, deadline=None)
@given(old_records(), st.lists(st.tuples(st.sampled_from(PROCEDURES), st.integers(0, 13)), min_size=1,
                               max_size=3))
def test_a_recent_procedure_defers_at_least_and_dates_from_the_most_recent(rec: dict[str, Any],
                                                                         recent: list) -> None:
    before = assess(rec)
    after = assess({**rec, "recent_procedures": [proc(k, d) for k, d in recent]})
    order = ["proceed", "proceed_with_caution", "defer", "refer"]
    assert order.index(after.decision) == max(order.index(before.decision), order.index("defer"))
    assert [r for r in ids(after) if r != "R-RECENT-PROC"] == ids(before)
    assert after.plan == before.plan
    own = DAY + dt.timedelta(days=14 - min(d for _, d in recent))
    if after.decision == "defer" and after.eligible_from is not None:
        assert after.eligible_from >= own
    if after.decision == "defer" and before.decision in ("proceed", "proceed_with_caution"):
        assert after.eligible_from == own
    json.dumps(after.to_dict())


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.floats(0.01, 1.5, allow_nan=False))
def test_fitz_depth_flag_iff_dark_skin_and_deeper_than_1_mm(fitz: int, depth: float) -> None:
    a = assess(record(fitzpatrick_type=fitz, proposed_needle_depth_mm=depth))
    assert ("fitz_depth" in a.plan.flags) is (fitz >= 4 and depth > 1.0)
    assert a.plan.acceptable
