"""RednessTimeline without a browser: controls drive the model, one figure, inline messages."""

from __future__ import annotations

from course import redness
from course.time_labels import hours_label
from course.widgets.redness_timeline import RednessTimeline


def _artist_counts(w: RednessTimeline) -> tuple[int, int]:
    """Axes and artists on the figure: stable when a frame only moves artists."""
    return len(w.figure.axes), len(w.figure.axes[0].get_children())


def test_controls_change_the_result_on_the_same_figure() -> None:
    w = RednessTimeline()
    assert "redness-timeline" in w._dom_classes
    figure, counts, image, text = w.figure, _artist_counts(w), w.image.value, w.description.value
    before = w.result
    w.set_values(depth_mm=2.0, area="abdomen")
    assert w.figure is figure and _artist_counts(w) == counts
    assert w.result.band.band == "C" and w.result.resolve_h > before.resolve_h
    expected = redness.erythema(w.hours, 2.0, "abdomen", 2, "normal")
    assert w.result.resolve_h == expected.resolve_h
    assert w.image.value != image and w.description.value != text
    assert hours_label(w.result.resolve_h) in w.description.value


def test_each_control_is_labelled_and_changes_the_figure() -> None:
    w = RednessTimeline()
    for control in w.controls.values():
        assert control.description
    image = w.image.value
    w.controls["fitzpatrick_type"].value = 6
    assert w.result.inputs.fitzpatrick_type == 6 and "type VI" in w.description.value
    assert w.image.value != image
    resolve = w.result.resolve_h
    w.controls["sensitivity"].value = "sensitive"
    assert w.result.resolve_h > resolve


def test_depth_over_area_maximum_shows_the_fix_and_keeps_the_figure() -> None:
    w = RednessTimeline(depth_mm=0.5, area="forehead")
    result, image = w.result, w.image.value
    w.controls["depth_mm"].value = 1.5
    assert "0.75 mm or less" in w.message_text
    assert w.result is result and w.image.value == image
    assert "Last settings that worked" in w.description.value and "0.5 mm" in w.description.value
    assert "last settings that worked" in w.message_text
    w.controls["depth_mm"].value = 0.75
    assert w.message_text == "" and w.result.inputs.depth_mm == 0.75


def test_invalid_start_shows_a_message_not_a_traceback() -> None:
    w = RednessTimeline(depth_mm=2.5, area="nose")
    assert "0.5 mm or less" in w.message_text
