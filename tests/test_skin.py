"""The skin cross-section model: layers reached, bleeding, area limits, impossible values."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course import data, skin
from course.errors import InvalidInput

D = data.load()
DEVICE_MAX = D.param("device_max_depth_mm")
STEP = D.param("device_depth_step_mm")
SETTINGS = [round(STEP * i, 2) for i in range(1, int(DEVICE_MAX / STEP) + 1)]
PERMITTED = [a for a, row in D.treatment_areas.items() if row.permitted]


def test_cross_section_is_stacked_from_the_table() -> None:
    section = skin.cross_section()
    assert [b.layer.layer for b in section] == [
        "epidermis", "papillary_dermis", "reticular_dermis", "subcutis"]
    assert section[0].top_mm == 0
    for upper, lower in itertools.pairwise(section):
        assert upper.bottom_mm == pytest.approx(lower.top_mm)
    assert section[-1].bottom_mm >= DEVICE_MAX  # the schematic is deep enough for every setting


def test_layer_at_boundaries() -> None:
    epidermis = D.skin_layers["epidermis"].typical_thickness_mm
    assert skin.layer_at(epidermis).layer == "epidermis"
    assert skin.layer_at(epidermis + 0.01).layer == "papillary_dermis"
    assert skin.layer_at(99).layer == "subcutis"


def test_channel_ratio_is_kalluri() -> None:
    assert skin.channel_ratio() == pytest.approx(0.15 / 0.77)


@pytest.mark.parametrize("depth_mm", SETTINGS)
def test_bleeding_estimate_agrees_with_the_depth_band(depth_mm: float) -> None:
    # Band A (≤ 0.5 mm) expects little or no bleeding; deeper bands expect pinpoint bleeding.
    result = skin.reach(depth_mm, "cheeks")
    assert result.reaches_papillary_dermis == (result.band.band != "A")
    assert result.bleeding == result.band.bleeding


def test_reach_reports_layers_and_note() -> None:
    result = skin.reach(1.0, "cheeks")
    assert result.layer.layer == "reticular_dermis"
    assert result.channel_layer.layer == "papillary_dermis"
    assert result.channel_depth_mm < result.depth_mm
    assert "Kalluri 2011" in result.note and "0.15 mm" in result.note
    assert not result.over_max and result.warning == ""


def test_over_the_area_maximum_is_reported_with_the_fix() -> None:
    result = skin.reach(1.0, "forehead")
    assert result.over_max and result.max_depth_mm == 0.75
    assert "lower the depth to ≤ 0.75 mm or choose another area" in result.warning


@pytest.mark.parametrize("bad", [0, -0.5, DEVICE_MAX + 0.25, math.nan, "deep"])
def test_depth_outside_the_device_range_is_refused(bad: object) -> None:
    with pytest.raises(InvalidInput, match=f"at most {DEVICE_MAX:g} mm") as info:
        skin.reach(bad, "cheeks")  # type: ignore[arg-type]
    assert info.value.field == "depth_mm"


def test_eyelid_and_unknown_areas_are_refused() -> None:
    with pytest.raises(InvalidInput, match="orbital rim"):
        skin.reach(0.25, "eyelid_within_orbital_rim")
    with pytest.raises(InvalidInput, match="choose one of"):
        skin.reach(0.5, "elbow")


@given(st.sampled_from(SETTINGS), st.sampled_from(PERMITTED))
def test_over_max_iff_deeper_than_the_area_allows(depth_mm: float, area: str) -> None:
    result = skin.reach(depth_mm, area)
    assert result.over_max == (depth_mm > D.treatment_areas[area].max_depth_mm)
    assert bool(result.warning) == result.over_max


def test_depth_table_lists_every_area_with_eyelid_last() -> None:
    rows = skin.depth_table()
    assert len(rows) == len(D.treatment_areas)
    assert rows[-1]["treated"].startswith("never") and rows[-1]["max_depth_mm"] is None
    cheeks = next(r for r in rows if r["area"] == "Cheeks")
    assert cheeks["max_depth_mm"] == 1.5
