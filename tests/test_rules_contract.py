"""The consultation contract, checked case by case against docs/consultation-rules.md.

Written independently of `tests/test_consultation.py` (by another author, from the rules sheet
alone) as a second reading of the same rules: where the two disagree, one reading is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from course.consultation import InvalidRecord, assess

DAY = dt.date(2026, 3, 2)


def record(**changes: Any) -> dict[str, Any]:
    """A client who may proceed with an acceptable plan; `changes` override keys."""
    base: dict[str, Any] = {
        "assessment_date": DAY.isoformat(),
        "age": 35,
        "fitzpatrick_type": 2,
        "indication": "fine_lines_wrinkles",
        "treatment_area": "cheeks",
        "conditions": [],
        "medications": [],
        "pregnant": False,
        "breastfeeding": False,
        "last_session": None,
        "proposed_needle_depth_mm": 1.0,
        "proposed_interval_weeks": 4,
        "planned_sessions": 4,
        "upcoming_events": [],
    }
    base.update(changes)
    return base


def med(cls: str, current: bool = True, days: float | None = None) -> dict[str, Any]:
    return {"name": cls.replace("_", " "), "class": cls, "current": current,
            "days_since_last_dose": days}


def rule_ids(result: Any) -> set[str]:
    return {r.rule_id for r in result.reasons}


def test_clean_record_proceeds_with_acceptable_plan() -> None:
    a = assess(record())
    assert a.decision == "proceed"
    assert a.reasons == () or list(a.reasons) == []
    assert a.eligible_from is None and a.eligible_when is None
    p = a.plan
    assert (p.depth_band, p.max_depth_mm, p.depth_ok) == ("B", 1.5, True)
    assert (p.min_interval_weeks, p.max_interval_weeks, p.interval_ok) == (4, 6, True)
    assert p.acceptable is True and p.earliest_next_session is None


# --- screening ------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "rule", "decision"), [
    ({"conditions": ["active_skin_infection"]}, "R-INF-ACTIVE", "defer"),
    ({"conditions": ["herpes_simplex_active_lesion"]}, "R-INF-ACTIVE", "defer"),
    ({"conditions": ["open_wound_in_area"]}, "R-INF-ACTIVE", "defer"),
    ({"conditions": ["herpes_simplex_recurrent_history"]}, "R-HSV-HX", "refer"),
    ({"medications": [med("anticoagulant")]}, "R-ANTITHROMBOTIC", "refer"),
    ({"medications": [med("antiplatelet_prescribed")]}, "R-ANTITHROMBOTIC", "refer"),
    ({"conditions": ["bleeding_disorder"]}, "R-ANTITHROMBOTIC", "refer"),
    ({"medications": [med("otc_bleeding_risk")]}, "R-BRUISE-OTC", "proceed_with_caution"),
    ({"medications": [med("isotretinoin_oral")]}, "R-ISO", "defer"),
    ({"medications": [med("topical_retinoid", False, 1)]}, "R-RETINOID", "defer"),
    ({"pregnant": True}, "R-PREG", "defer"),
    ({"breastfeeding": True}, "R-PREG", "defer"),
    ({"conditions": ["keloid_history"]}, "R-KELOID", "refer"),
    ({"conditions": ["active_inflammatory_acne_in_area"]}, "R-ACNE-ACTIVE", "defer"),
    ({"conditions": ["eczema_flare_in_area"]}, "R-DERM-FLARE", "defer"),
    ({"conditions": ["psoriasis_flare_in_area"]}, "R-DERM-FLARE", "defer"),
    ({"conditions": ["rosacea_flare_in_area"]}, "R-DERM-FLARE", "defer"),
    ({"conditions": ["diabetes_controlled"]}, "R-DIAB-CTRL", "proceed_with_caution"),
    ({"conditions": ["diabetes_uncontrolled"]}, "R-DIAB-UNCTRL", "refer"),
    ({"conditions": ["immunosuppressed"]}, "R-IMMUNO", "refer"),
    ({"medications": [med("immunosuppressant")]}, "R-IMMUNO", "refer"),
    ({"conditions": ["radiotherapy_to_area"]}, "R-RADIO", "refer"),
    ({"conditions": ["suspicious_lesion_in_area"]}, "R-LESION", "refer"),
    ({"conditions": ["nickel_or_stainless_steel_allergy"]}, "R-METAL", "refer"),
    ({"conditions": ["sunburn_in_area"]}, "R-SUN", "defer"),
    ({"age": 17}, "R-AGE-MINOR", "refer"),
    ({"age": 19, "indication": "acne_scars", "treatment_area": "forehead",
      "proposed_needle_depth_mm": 0.75, "proposed_interval_weeks": 4}, "R-AGE-LABEL", "proceed_with_caution"),
    ({"fitzpatrick_type": 4}, "R-FITZ-HIGH", "proceed_with_caution"),
    ({"fitzpatrick_type": 6}, "R-FITZ-HIGH", "proceed_with_caution"),
])
def test_each_rule_fires_with_its_effect(changes: dict, rule: str, decision: str) -> None:
    a = assess(record(**changes))
    assert rule in rule_ids(a)
    assert a.decision == decision
    reason = next(r for r in a.reasons if r.rule_id == rule)
    assert reason.effect == decision
    assert reason.detail and reason.source


def test_precedence_refer_beats_defer_beats_caution() -> None:
    both = assess(record(conditions=["keloid_history", "sunburn_in_area"], fitzpatrick_type=5))
    assert both.decision == "refer"
    assert {"R-KELOID", "R-SUN", "R-FITZ-HIGH"} <= rule_ids(both)
    assert both.eligible_from is None and both.eligible_when is None  # only defer carries eligibility
    defer = assess(record(conditions=["sunburn_in_area"], fitzpatrick_type=5))
    assert defer.decision == "defer"


@pytest.mark.parametrize(("days", "fires"), [
    (0, True), (179, True), (179.5, True), (180, False), (400, False)])
def test_isotretinoin_boundary(days: float, fires: bool) -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, days)]))
    assert ("R-ISO" in rule_ids(a)) is fires
    if fires and float(days).is_integer():
        assert a.decision == "defer"
        assert a.eligible_from == DAY + dt.timedelta(days=180 - days)


def test_isotretinoin_current_defers_without_a_date() -> None:
    a = assess(record(medications=[med("isotretinoin_oral", True, None)]))
    assert a.decision == "defer"
    assert a.eligible_from is None
    assert a.eligible_when and "180" in a.eligible_when


@pytest.mark.parametrize(("days", "fires"), [(0, True), (2, True), (3, False)])
def test_topical_retinoid_boundary(days: int, fires: bool) -> None:
    a = assess(record(medications=[med("topical_retinoid", False, days)]))
    assert ("R-RETINOID" in rule_ids(a)) is fires
    if fires:
        assert a.eligible_from == DAY + dt.timedelta(days=3 - days)


def test_eligibility_is_the_latest_date_when_every_reason_has_one() -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, 170), med("topical_retinoid", False, 1)],
                      last_session=(DAY - dt.timedelta(days=10)).isoformat()))
    assert a.decision == "defer"
    assert {"R-ISO", "R-RETINOID", "P-LAST-SESSION"} <= rule_ids(a)
    assert a.eligible_from == max(DAY + dt.timedelta(days=10), DAY + dt.timedelta(days=2),
                                  DAY - dt.timedelta(days=10) + dt.timedelta(weeks=4))
    assert a.eligible_when is None


def test_an_undated_deferral_gives_the_condition_not_a_date() -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, 100)], pregnant=True))
    assert a.decision == "defer"
    assert a.eligible_from is None
    assert a.eligible_when and "pregnan" in a.eligible_when.lower()


@pytest.mark.parametrize(("age", "area", "fires"), [
    (17, "cheeks", False), (18, "cheeks", True), (21, "chin_jawline", True), (22, "cheeks", False),
    (20, "nose", True), (20, "perioral", True), (20, "neck", False), (20, "forehead", True),
])
def test_device_label_age_rule(age: int, area: str, fires: bool) -> None:
    depth = 0.5 if area in ("nose",) else 0.75 if area in ("perioral", "forehead") else 1.0
    a = assess(record(age=age, indication="acne_scars", treatment_area=area, proposed_needle_depth_mm=depth))
    assert ("R-AGE-LABEL" in rule_ids(a)) is fires


def test_age_label_rule_needs_acne_scars() -> None:
    assert "R-AGE-LABEL" not in rule_ids(assess(record(age=19, indication="texture_pores")))


def test_age_18_is_not_a_minor() -> None:
    assert "R-AGE-MINOR" not in rule_ids(assess(record(age=18)))


# --- plan checks ----------------------------------------------------------------------------

@pytest.mark.parametrize(("depth", "band"), [(0.25, "A"), (0.5, "A"), (0.51, "B"), (1.5, "B"), (1.51, "C"),
                                             (3.0, "C")])
def test_depth_bands(depth: float, band: str) -> None:
    area = "abdomen"
    a = assess(record(treatment_area=area, indication="stretch_marks", proposed_needle_depth_mm=depth,
                      proposed_interval_weeks=8))
    assert a.plan.depth_band == band


@pytest.mark.parametrize(("area", "depth", "ok"), [
    ("forehead", 0.75, True), ("forehead", 0.76, False),
    ("periorbital", 0.5, True), ("periorbital", 0.75, False),
    ("neck", 1.0, True), ("neck", 1.25, False), ("abdomen", 2.0, True), ("abdomen", 2.25, False),
    ("scalp", 1.5, True), ("hands", 0.5, True), ("hands", 0.75, False),
])
def test_depth_against_area_maximum(area: str, depth: float, ok: bool) -> None:
    a = assess(record(treatment_area=area, proposed_needle_depth_mm=depth, proposed_interval_weeks=8))
    assert a.plan.depth_ok is ok
    if not ok:
        assert a.plan.acceptable is False
        assert a.decision == "proceed"  # a plan problem is not a screening decision


@pytest.mark.parametrize(("depth", "weeks", "ok", "warned"), [
    (0.5, 2, True, False), (0.5, 1.5, False, False), (0.5, 6, True, False), (0.5, 7, True, True),
    (1.0, 4, True, False), (1.0, 3.9, False, False), (1.0, 6.5, True, True),
    (2.0, 6, True, False), (2.0, 5, False, False), (2.0, 8, True, False), (2.0, 9, True, True),
])
def test_interval_limits_by_band(depth: float, weeks: float, ok: bool, warned: bool) -> None:
    a = assess(record(treatment_area="abdomen", indication="stretch_marks", proposed_needle_depth_mm=depth,
                      proposed_interval_weeks=weeks))
    assert a.plan.interval_ok is ok
    assert a.plan.acceptable is ok
    assert bool(a.plan.warnings) is warned


def test_scalp_interval_overrides_band() -> None:
    a = assess(record(treatment_area="scalp", indication="hair_loss", proposed_needle_depth_mm=1.5,
                      proposed_interval_weeks=1, planned_sessions=12))
    assert (a.plan.min_interval_weeks, a.plan.max_interval_weeks) == (1, 4)
    assert a.plan.interval_ok and a.plan.acceptable and not a.plan.warnings


@pytest.mark.parametrize(("days_ago", "too_soon"), [(27, True), (28, False), (0, True), (100, False)])
def test_time_since_last_session(days_ago: int, too_soon: bool) -> None:
    last = DAY - dt.timedelta(days=days_ago)
    a = assess(record(last_session=last.isoformat()))
    assert a.plan.earliest_next_session == last + dt.timedelta(weeks=4)
    assert ("P-LAST-SESSION" in rule_ids(a)) is too_soon
    assert a.plan.acceptable is (not too_soon)
    if too_soon:
        assert a.decision == "defer"
        assert a.eligible_from == last + dt.timedelta(weeks=4)


@pytest.mark.parametrize(("sessions", "indication", "maintenance", "warned"), [
    (3, "acne_scars", False, False), (6, "acne_scars", False, False), (2, "acne_scars", False, True),
    (7, "acne_scars", False, True), (1, "acne_scars", True, False), (12, "hair_loss", False, False),
    (4, "hair_loss", False, True),
])
def test_number_of_sessions_warns_never_refuses(sessions: int, indication: str, maintenance: bool,
                                                warned: bool) -> None:
    area, depth, weeks = ("scalp", 1.5, 1) if indication == "hair_loss" else ("cheeks", 1.0, 4)
    a = assess(record(indication=indication, treatment_area=area, proposed_needle_depth_mm=depth,
                      proposed_interval_weeks=weeks, planned_sessions=sessions, maintenance=maintenance))
    assert bool(a.plan.warnings) is warned
    assert a.plan.acceptable is True


@pytest.mark.parametrize(("depth", "in_days", "conflict"), [
    (0.5, 0, "hard"), (0.5, 1, "soft"), (0.5, 2, "soft"), (0.5, 3, "none"),
    (1.0, 2, "hard"), (1.0, 3, "soft"), (1.0, 6, "soft"), (1.0, 7, "none"),
    (2.0, 6, "hard"), (2.0, 7, "soft"), (2.0, 13, "soft"), (2.0, 14, "none"),
])
def test_social_event_conflicts(depth: float, in_days: int, conflict: str) -> None:
    a = assess(record(treatment_area="abdomen", indication="stretch_marks", proposed_needle_depth_mm=depth,
                      proposed_interval_weeks=6, upcoming_events=[{"type": "wedding", "in_days": in_days}]))
    (check,) = a.plan.event_checks
    assert (check.type, check.in_days, check.conflict) == ("wedding", in_days, conflict)
    assert a.plan.acceptable is (conflict != "hard")
    assert bool(a.plan.warnings) is (conflict == "soft")


@pytest.mark.parametrize(("depth", "fitz", "in_days", "conflict"), [
    (1.0, 2, 6, "hard"), (1.0, 2, 7, "none"), (1.0, 4, 13, "hard"), (1.0, 4, 14, "none"),
    (2.0, 1, 13, "hard"), (2.0, 1, 14, "none"), (0.5, 5, 10, "hard"),
])
def test_sun_exposure_conflicts_have_no_soft_level(depth: float, fitz: int, in_days: int,
                                                   conflict: str) -> None:
    for kind in ("beach_holiday", "sun_holiday", "ski_trip"):
        a = assess(record(treatment_area="abdomen", indication="stretch_marks", fitzpatrick_type=fitz,
                          proposed_needle_depth_mm=depth, proposed_interval_weeks=8,
                          upcoming_events=[{"type": kind, "in_days": in_days}]))
        assert a.plan.event_checks[0].conflict == conflict
        assert a.plan.acceptable is (conflict == "none")


def test_unknown_event_type_counts_as_social() -> None:
    a = assess(record(upcoming_events=[{"type": "graduation", "in_days": 1}]))
    assert a.plan.event_checks[0].conflict == "hard"


@pytest.mark.parametrize(("adjuncts", "ok"), [
    ([], True), (["sterile_glide_gel"], True), (["vitamin_c_serum"], False),
    (["sterile_glide_gel", "peptide_serum"], False), (["cosmetic_hyaluronic_serum"], False),
    (["tretinoin_cream"], False),
])
def test_adjuncts(adjuncts: list[str], ok: bool) -> None:
    a = assess(record(adjuncts=adjuncts))
    assert a.plan.acceptable is ok
    assert a.decision == "proceed"


# --- validation ---------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"proposed_needle_depth_mm": 0}, "proposed_needle_depth_mm"),
    ({"proposed_needle_depth_mm": -0.5}, "proposed_needle_depth_mm"),
    ({"proposed_needle_depth_mm": 3.01}, "proposed_needle_depth_mm"),
    ({"proposed_needle_depth_mm": "1.0"}, "proposed_needle_depth_mm"),
    ({"proposed_interval_weeks": 0}, "proposed_interval_weeks"),
    ({"proposed_interval_weeks": -4}, "proposed_interval_weeks"),
    ({"fitzpatrick_type": 0}, "fitzpatrick_type"),
    ({"fitzpatrick_type": 7}, "fitzpatrick_type"),
    ({"fitzpatrick_type": 2.5}, "fitzpatrick_type"),
    ({"treatment_area": "elbow"}, "treatment_area"),
    ({"treatment_area": "eyelid_within_orbital_rim", "proposed_needle_depth_mm": 0.25}, "treatment_area"),
    ({"indication": "tattoo_removal"}, "indication"),
    ({"conditions": ["sniffles"]}, "conditions"),
    ({"medications": [med("aspirin_like")]}, "medications"),
    ({"last_session": (DAY + dt.timedelta(days=1)).isoformat()}, "last_session"),
    ({"assessment_date": "2026-02-30"}, "assessment_date"),
])
def test_invalid_input_names_the_field(changes: dict, field: str) -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(**changes))
    assert err.value.field == field
    assert isinstance(err.value, ValueError)
    assert str(err.value)


def test_depth_at_device_maximum_is_valid() -> None:
    a = assess(record(treatment_area="abdomen", proposed_needle_depth_mm=3.0, proposed_interval_weeks=8))
    assert a.plan.depth_band == "C" and a.plan.depth_ok is False


def test_missing_key_is_refused() -> None:
    bad = record()
    del bad["age"]
    with pytest.raises(InvalidRecord) as err:
        assess(bad)
    assert err.value.field == "age"


def test_last_session_on_the_day_is_allowed_to_validate() -> None:
    a = assess(record(last_session=DAY.isoformat()))
    assert "P-LAST-SESSION" in rule_ids(a)


def test_to_dict_is_json_friendly() -> None:
    a = assess(record(medications=[med("isotretinoin_oral", False, 10)],
                      upcoming_events=[{"type": "party", "in_days": 4}]))
    d = a.to_dict()
    again = json.loads(json.dumps(d))
    assert again["decision"] == "defer"
    assert again["eligible_from"] == (DAY + dt.timedelta(days=170)).isoformat()
    assert again["plan"]["event_checks"][0] == {"type": "party", "in_days": 4, "conflict": "soft"}
    assert {r["rule_id"] for r in again["reasons"]} == {"R-ISO"}
    assert set(again["reasons"][0]) >= {"rule_id", "effect", "detail", "source"}


def test_accepts_date_objects_too() -> None:
    a = assess(record(assessment_date=DAY, last_session=DAY - dt.timedelta(days=60)))
    assert a.plan.earliest_next_session == DAY - dt.timedelta(days=60) + dt.timedelta(weeks=4)


def test_optional_keys_may_be_absent_or_null() -> None:
    assert assess(record(adjuncts=None, maintenance=None)).plan.acceptable is True
    with pytest.raises(InvalidRecord) as err:
        assess(record(maintenance="yes"))
    assert err.value.field == "maintenance"
