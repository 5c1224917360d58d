"""The healing-cascade model: phase timing from data, teaching curves, snapshots, quoted facts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course import data, healing
from course.errors import InvalidInput

D = data.load()
TOP_H = max(p.end_max_h for p in D.healing_phases.values())


def test_phases_in_teaching_order() -> None:
    assert [p.phase for p in healing.phases()] == [
        "haemostasis", "inflammation", "proliferation", "remodelling"]
    assert healing.max_hours() == TOP_H


@pytest.mark.parametrize(("hours", "active", "maybe"), [
    (0, ("haemostasis", "inflammation"), ()),
    (1, ("haemostasis", "inflammation"), ()),
    (24, ("inflammation",), ()),
    (72, ("proliferation",), ("inflammation",)),  # the switch comes around days 2–5
    (7 * 24, ("proliferation",), ()),
    (21 * 24, ("remodelling",), ()),
    (365 * 24, (), ("remodelling",)),  # remodelling may run to 2 years
])
def test_active_phases_follow_the_table(hours: float, active: tuple, maybe: tuple) -> None:
    assert tuple(p.phase for p in healing.active_phases(hours)) == active
    assert tuple(p.phase for p in healing.possibly_active_phases(hours)) == maybe


@given(st.floats(min_value=0, max_value=TOP_H))
def test_active_means_inside_onset_and_end(hours: float) -> None:
    for p in healing.active_phases(hours):
        assert p.onset_h <= hours < p.end_h
    for p in healing.possibly_active_phases(hours):
        assert p.end_h <= hours < p.end_max_h


@pytest.mark.parametrize("bad", [-1, math.nan, TOP_H + 1, "soon", None])
def test_invalid_time_names_the_allowed_range(bad: object) -> None:
    with pytest.raises(InvalidInput, match=f"from 0 to {TOP_H:g}") as info:
        healing.active_phases(bad)  # type: ignore[arg-type]
    assert info.value.field == "hours_after"


@given(st.floats(min_value=0, max_value=TOP_H))
def test_intensity_is_between_0_and_1(hours: float) -> None:
    for p in healing.phases():
        value = float(healing.phase_intensity(p, hours))
        assert 0 <= value <= 1


def test_intensity_high_while_active_and_low_long_after() -> None:
    for p in healing.phases():
        start = max(p.onset_h, healing.EARLIEST_H)
        middle = math.sqrt(start * p.end_h)  # the middle of the phase on a log axis
        assert healing.phase_intensity(p, middle) > 0.9
        assert healing.phase_intensity(p, p.end_max_h * 3) < 0.05
        if p.onset_h > 0:
            assert healing.phase_intensity(p, p.onset_h / 3) < 0.05


def test_cascade_has_one_curve_per_phase_and_refuses_bad_times() -> None:
    hours = healing.default_hours(50)
    result = healing.cascade(hours)
    assert set(result.intensities) == set(D.healing_phases)
    assert all(curve.shape == hours.shape for curve in result.intensities.values())
    with pytest.raises(InvalidInput, match="NaN"):
        healing.cascade(np.array([1.0, np.nan]))
    with pytest.raises(InvalidInput, match="from 0 to"):
        healing.cascade(np.array([-2.0, 5.0]))
    with pytest.raises(InvalidInput, match="at least one"):
        healing.cascade(np.array([]))


def test_snapshot_texts_come_from_the_table() -> None:
    snap = healing.snapshot(1)
    assert snap.active_codes == ("haemostasis", "inflammation")
    assert snap.leading_cells[0] == D.healing_phases["haemostasis"].key_cells
    assert snap.client_sees[1] == D.healing_phases["inflammation"].client_sees
    late = healing.snapshot(365 * 24)  # nothing active: show what may still be running
    assert late.active == () and late.shown == late.possibly_active
    assert late.events == (D.healing_phases["remodelling"].events,)


def test_values_the_cascade_lesson_quotes() -> None:
    facts = healing.strength_facts()
    assert facts["tensile_3_weeks_percent"] == 20
    assert facts["tensile_max_percent"] == 80
    assert facts["fibronectin_matrix_days"] == 5
    assert (facts["collagen_i_normal_min_percent"], facts["collagen_i_normal_max_percent"]) == (80, 90)


def test_milestones_in_hours_from_parameters() -> None:
    marks = {m.parameter: m for m in healing.milestones()}
    assert marks["fibronectin_matrix_days"].hours == D.param("fibronectin_matrix_days") * 24
    assert marks["tensile_measured_weeks"].hours == D.param("tensile_measured_weeks") * 168
    assert "20%" in marks["tensile_measured_weeks"].label
    assert all(0 < m.hours <= TOP_H for m in marks.values())
