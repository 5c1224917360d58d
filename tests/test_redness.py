"""The redness teaching model: shape, sourced durations, visibility by skin type, refusals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import data
from course.errors import InvalidInput
from course.redness import SENSITIVITIES, erythema, warning_signs

D = data.load()
HOURS = np.arange(0.0, 24 * 8 + 1, 0.5)
PERMITTED = [a for a, r in D.treatment_areas.items() if r.permitted]


@st.composite
def valid_inputs(draw: st.DrawFn) -> tuple[float, str, int, str]:
    area = draw(st.sampled_from(PERMITTED))
    top = D.treatment_areas[area].max_depth_mm
    depth = draw(st.sampled_from([d for d in np.arange(0.25, 3.01, 0.25) if d <= top + 1e-9]))
    return float(depth), area, draw(st.integers(1, 6)), draw(st.sampled_from(SENSITIVITIES))


@settings(max_examples=60, deadline=None)
@given(valid_inputs())
def test_shape_properties(inputs: tuple[float, str, int, str]) -> None:
    curve = erythema(HOURS, *inputs)
    assert (curve.index >= 0).all() and (curve.visible_index >= 0).all()
    assert curve.index[0] == curve.peak_index == curve.index.max()
    assert (np.diff(curve.index) <= 1e-12).all(), "redness only fades after the peak"
    after = curve.hours >= curve.resolve_h
    assert (curve.index[after] == 0).all() and (curve.index[~after] > 0).all()
    assert (curve.lower <= curve.index + 1e-12).all() and (curve.index <= curve.upper + 1e-12).all()
    assert curve.min_resolve_h <= curve.resolve_h <= curve.max_resolve_h
    assert 0 <= curve.visible_until_h <= curve.resolve_h


def test_face_medium_depth_matches_the_taught_default() -> None:
    """Facts §3: face 0.5–1.5 mm, strongest at once, mostly gone by 24 h, resolved by 48–72 h."""
    curve = erythema(HOURS, 1.0, "cheeks", 2, "normal")
    assert curve.band.band == "B"
    assert curve.resolve_h == D.redness_bands["B"].typical_resolve_h
    assert 48 <= curve.resolve_h <= 72
    at_24h = curve.index[HOURS == 24][0]
    assert at_24h < 0.5 * curve.peak_index
    assert curve.visible_until_h <= 48


def test_body_and_deep_last_longer_but_not_beyond_seven_days() -> None:
    face = erythema(HOURS, 1.0, "cheeks", 2)
    body = erythema(HOURS, 1.0, "arms", 2)
    deep = erythema(HOURS, 2.0, "abdomen", 2)
    seven_days_h = D.param("abnormal_redness_days") * 24
    assert face.resolve_h < body.resolve_h <= seven_days_h
    assert body.resolve_h == pytest.approx(face.resolve_h * D.param("redness_body_factor"))
    assert deep.resolve_h <= seven_days_h and deep.resolve_h == pytest.approx(
        min(D.redness_bands["C"].typical_resolve_h * D.param("redness_body_factor"),
            D.redness_bands["C"].max_resolve_h))


def test_sensitivity_orders_resolve_time() -> None:
    times = [erythema(HOURS, 1.0, "cheeks", 2, s).resolve_h for s in SENSITIVITIES]
    assert times[0] < times[1] < times[2]


def test_darker_skin_shows_less_redness_but_same_inflammation() -> None:
    light = erythema(HOURS, 1.0, "cheeks", 1)
    dark = erythema(HOURS, 1.0, "cheeks", 6)
    assert np.array_equal(light.index, dark.index)
    assert dark.visible_index.max() < light.visible_index.max()
    assert dark.visible_until_h < light.visible_until_h
    assert dark.visibility_factor == D.skin_types[6].redness_visibility_factor


def test_before_the_session_is_baseline() -> None:
    curve = erythema([-5.0, 0.0], 0.5, "forehead", 3)
    assert curve.index[0] == 0 and curve.index[1] == curve.peak_index


def test_depth_over_area_maximum_says_the_fix() -> None:
    with pytest.raises(InvalidInput, match=r"Choose 0.75 mm or less") as err:
        erythema(HOURS, 1.5, "forehead", 2)
    assert err.value.field == "depth_mm"


@pytest.mark.parametrize("kwargs, field", [
    ({"depth_mm": 0.5, "area": "eyelid_within_orbital_rim"}, "treatment_area"),
    ({"depth_mm": 3.5, "area": "abdomen"}, "depth_mm"),
    ({"depth_mm": 0.0, "area": "cheeks"}, "depth_mm"),
    ({"depth_mm": 1.0, "area": "cheeks", "sensitivity": "very"}, "sensitivity"),
    ({"depth_mm": 1.0, "area": "cheeks", "fitzpatrick_type": 7}, "fitzpatrick_type"),
])
def test_invalid_inputs_are_refused(kwargs: dict, field: str) -> None:
    kwargs.setdefault("fitzpatrick_type", 2)
    with pytest.raises(InvalidInput) as err:
        erythema(HOURS, **kwargs)
    assert err.value.field == field


def test_warning_signs_quote_the_parameters() -> None:
    signs = warning_signs()
    text = " ".join(s.text for s in signs)
    assert f"{D.param('abnormal_redness_days'):g} days" in text
    assert f"{D.param('bleeding_pressure_minutes'):g} minutes" in text
    assert all(s.source_id in D.sources and s.evidence in "VSU" for s in signs)
