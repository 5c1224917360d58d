"""The aftercare model: which steps apply when, restriction ends, the sun window and PIH facts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course import aftercare, bands
from course.data import load
from course.errors import InvalidInput

D = load()
HORIZON_H = D.param("aftercare_horizon_h")
DEPTHS_MM = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0)


def ids(steps: tuple) -> set[str]:
    return {s.step_id for s in steps}


def test_horizon_is_the_first_14_days() -> None:
    assert HORIZON_H == 14 * 24


def test_steps_at_applies_start_inclusive_end_exclusive() -> None:
    make_up = D.aftercare_steps["no_makeup"]
    assert "no_makeup" in ids(aftercare.steps_at(make_up.start_h, 1.0, 2).avoid)
    assert "no_makeup" in ids(aftercare.steps_at(make_up.end_h - 1, 1.0, 2).avoid)
    assert "no_makeup" not in ids(aftercare.steps_at(make_up.end_h, 1.0, 2).avoid)


@given(hours=st.floats(0, HORIZON_H), depth=st.sampled_from(DEPTHS_MM), fitz=st.integers(1, 6))
def test_every_step_that_applies_is_inside_its_window(hours: float, depth: float, fitz: int) -> None:
    snap = aftercare.steps_at(hours, depth, fitz)
    for step in snap.do + snap.avoid:
        assert step.applies and step.start_h <= hours < step.end_h
    assert all(s.action == "do" for s in snap.do) and all(s.action == "avoid" for s in snap.avoid)
    inside = {s.step_id for s in snap.steps if s.applies and s.start_h <= hours < s.end_h}
    assert ids(snap.do) | ids(snap.avoid) == inside


def test_extended_sun_step_only_for_dark_skin_or_deep_band() -> None:
    week2_h = 10 * 24
    assert "sun_avoid_extended" not in ids(aftercare.steps_at(week2_h, 1.0, 2).avoid)
    assert "sun_avoid_extended" in ids(aftercare.steps_at(week2_h, 1.0, 4).avoid)
    assert "sun_avoid_extended" in ids(aftercare.steps_at(week2_h, 2.0, 1).avoid)
    assert aftercare.steps_at(0, 1.0, 6).high_pih_or_deep
    assert not aftercare.steps_at(0, 1.5, 3).high_pih_or_deep


@pytest.mark.parametrize("depth", DEPTHS_MM)
@pytest.mark.parametrize("fitz", range(1, 7))
def test_sun_window_agrees_with_bands(depth: float, fitz: int) -> None:
    band = bands.depth_band(depth)
    assert aftercare.sun_window_h(depth, fitz) == bands.sun_avoid_days(band, fitz) * 24


def test_restriction_ends_sorted_with_ranges() -> None:
    ends = aftercare.restriction_ends(1.0, 2)
    assert [r.end_h for r in ends] == sorted(r.end_h for r in ends)
    for r in ends:
        assert r.end_min_h <= r.end_h <= r.end_max_h
    by_id = {r.step_ids[0]: r for r in ends}
    # the disagreements the lesson teaches: make-up 24 (range 24–48 h), retinoids default 3–5 days
    assert (by_id["no_makeup"].end_h, by_id["no_makeup"].end_max_h) == (24, 48)
    assert 3 * 24 <= by_id["no_retinoids_acids"].end_h <= 5 * 24
    assert by_id["no_retinoids_acids"].end_min_h == 24
    assert all(r.category != "sun" or r.step_ids == ("sun_avoid",) for r in ends)


def test_extended_sun_window_is_one_restriction() -> None:
    sun = [r for r in aftercare.restriction_ends(1.0, 5) if r.category == "sun"]
    assert len(sun) == 1 and sun[0].step_ids == ("sun_avoid", "sun_avoid_extended")
    assert sun[0].end_h == 14 * 24


def test_active_restrictions_shrink_over_time() -> None:
    early = aftercare.steps_at(2, 1.0, 2).active_restrictions
    late = aftercare.steps_at(6 * 24, 1.0, 2).active_restrictions
    assert len(late) < len(early)
    assert all(r.end_h > 6 * 24 for r in late)


def test_sunscreen_and_warning_signs_continue_past_two_weeks() -> None:
    snap = aftercare.steps_at(HORIZON_H, 1.0, 3)
    assert {"sunscreen", "watch_signs"} <= ids(snap.do)
    assert snap.active_restrictions == ()


def test_pih_risk_by_type_and_facts() -> None:
    levels = [aftercare.pih_risk(t).level for t in range(1, 7)]
    assert levels == ["low", "low", "low", "moderate", "high", "high"]
    risk = aftercare.pih_risk(5)
    facts = " ".join(f.text for f in risk.facts)
    assert f"{D.param('pih_dogra_cases'):g} of {D.param('pih_dogra_total'):g}" in facts
    assert "5 of 36" in facts  # the value the lesson quotes
    assert "Fabbrocini" in facts and "Alster & Li" in facts
    assert "months to years" in facts and "week" in facts
    assert any("tinted" in p.text for p in risk.prevention)
    assert not any("tinted" in p.text for p in aftercare.pih_risk(2).prevention)
    for item in risk.facts + risk.prevention + risk.practitioner_notes + aftercare.warning_signs():
        assert item.source_ids and all(s in D.sources for s in item.source_ids)
        assert "{" not in item.text


@pytest.mark.parametrize("hours", [-1, HORIZON_H + 1, float("nan"), "2 h", True])
def test_bad_hours_are_refused(hours: object) -> None:
    with pytest.raises(InvalidInput, match="0 to 336") as err:
        aftercare.steps_at(hours, 1.0, 2)  # type: ignore[arg-type]
    assert err.value.field == "hours_after"


@pytest.mark.parametrize("fitz", [0, 7, 2.5, "IV", True])
def test_bad_fitzpatrick_is_refused(fitz: object) -> None:
    with pytest.raises(InvalidInput, match="1, 2, 3, 4, 5, 6") as err:
        aftercare.pih_risk(fitz)  # type: ignore[arg-type]
    assert err.value.field == "fitzpatrick_type"
    with pytest.raises(InvalidInput):
        aftercare.restriction_ends(1.0, fitz)  # type: ignore[arg-type]


@pytest.mark.parametrize("depth", [0, -0.5, 3.5, float("inf"), "1 mm"])
def test_bad_depth_is_refused(depth: object) -> None:
    with pytest.raises(InvalidInput) as err:
        aftercare.steps_at(4, depth, 2)  # type: ignore[arg-type]
    assert err.value.field == "depth_mm"


def test_hours_label() -> None:
    labels = [aftercare.hours_label(h) for h in (0, 4, 24, 48, 168, 240, 336, 8760)]
    assert labels == ["0 h", "4 h", "1 day", "2 days", "1 week", "10 days", "2 weeks", "ongoing"]


def test_choices_for_controls_come_from_data() -> None:
    assert [t for _, t in aftercare.fitzpatrick_choices()] == list(D.skin_types)
    assert aftercare.depth_limits_mm() == (D.param("device_min_depth_mm"), D.param("device_max_depth_mm"))
