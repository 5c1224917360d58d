"""DepthExplorer without a browser: area and depth drive the model, warnings and errors inline."""

from __future__ import annotations

import pytest

from course import data, skin
from course.widgets.depth_explorer import DepthExplorer

D = data.load()


@pytest.fixture
def widget() -> DepthExplorer:
    return DepthExplorer(area="cheeks", depth_mm=1.0)


def artist_counts(w: DepthExplorer) -> tuple[int, ...]:
    per_axes = (n for ax in w.figure.axes for n in (len(ax.lines), len(ax.texts), len(ax.patches)))
    return (len(w.figure.axes), *per_axes)


def test_initial_state_matches_the_model(widget: DepthExplorer) -> None:
    assert widget.result == skin.reach(1.0, "cheeks")
    assert "depth-explorer" in widget._dom_classes and widget.message_text == ""
    assert "needle tip is in the reticular dermis" in widget.description.value
    assert "pinpoint bleeding" in widget.description.value and "rat-skin" in widget.description.value


def test_controls_are_labelled_and_use_the_device_range(widget: DepthExplorer) -> None:
    depth = widget.controls["depth_mm"]
    assert (depth.min, depth.max, depth.step) == (
        D.param("device_min_depth_mm"), D.param("device_max_depth_mm"), D.param("device_depth_step_mm"))
    assert depth.continuous_update is False
    for control in widget.controls.values():
        assert control.description and control.style.description_width == "initial"
    assert "eyelid_within_orbital_rim" in [code for _, code in widget.controls["area"].options]


def test_changing_controls_moves_artists_not_figures(widget: DepthExplorer) -> None:
    figure, counts = widget.figure, artist_counts(widget)
    image, text = widget.image.value, widget.description.value
    widget.set_values(depth_mm=0.5)
    assert widget.result == skin.reach(0.5, "cheeks")
    assert not widget.result.reaches_papillary_dermis
    assert widget.figure is figure and artist_counts(widget) == counts
    assert widget.image.value != image and widget.description.value != text
    assert "little or no bleeding" in widget.description.value
    assert list(widget.artists.needle.get_ydata())[-1] == 0.5


def test_area_alone_moves_the_limit_line(widget: DepthExplorer) -> None:
    widget.controls["area"].value = "abdomen"
    assert widget.result.area.area == "abdomen"
    assert list(widget.artists.max_line.get_ydata()) == [2.0, 2.0]


def test_over_the_area_maximum_draws_and_warns_with_the_fix(widget: DepthExplorer) -> None:
    widget.set_values(area="forehead", depth_mm=1.0)
    assert widget.result.over_max  # still drawn: the result is on screen
    assert "lower the depth to ≤ 0.75 mm or choose another area" in widget.message_text
    assert "over the 0.75 mm course maximum" in widget.description.value
    widget.set_values(depth_mm=0.75)
    assert widget.message_text == "" and not widget.result.over_max


def test_over_max_warning_comes_back_from_a_memoised_frame(widget: DepthExplorer) -> None:
    widget.set_values(area="nose", depth_mm=1.0)
    widget.set_values(depth_mm=0.5)
    widget.set_values(depth_mm=1.0)
    assert "≤ 0.5 mm" in widget.message_text


def test_eyelid_is_refused_inline_and_the_figure_stays(widget: DepthExplorer) -> None:
    before_result, before_image = widget.result, widget.image.value
    widget.controls["area"].value = "eyelid_within_orbital_rim"
    assert "never treated" in widget.message_text and "orbital rim" in widget.message_text
    assert widget.result is before_result and widget.image.value == before_image
    assert "Last settings that worked" in widget.description.value  # marked, not passed off as current
    widget.controls["area"].value = "cheeks"
    assert widget.message_text == "" and "Last settings" not in widget.description.value
