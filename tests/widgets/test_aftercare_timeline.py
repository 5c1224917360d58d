"""AftercareTimeline without a browser: controls drive the model, one figure, inline errors."""

from __future__ import annotations

import pytest

from course import aftercare
from course.widgets.aftercare_timeline import TIME_POINTS_H, AftercareTimeline


@pytest.fixture
def widget() -> AftercareTimeline:
    return AftercareTimeline(hours_after=24, depth_mm=1.0, fitzpatrick_type=3)


def artist_counts(w: AftercareTimeline) -> tuple[int, ...]:
    ax = w.figure.axes[0]
    return len(w.figure.axes), len(ax.patches), len(ax.lines), len(ax.texts)


def test_initial_state_matches_the_model(widget: AftercareTimeline) -> None:
    assert widget.result == aftercare.steps_at(24, 1.0, 3)
    assert "aftercare-timeline" in widget._dom_classes
    assert widget.message_text == ""
    assert "When each restriction ends" in widget.details.value


def test_every_control_has_a_visible_label(widget: AftercareTimeline) -> None:
    for control in widget.controls.values():
        assert control.description and control.style.description_width == "initial"
    assert [v for _, v in widget.controls["hours_after"].options] == list(TIME_POINTS_H)
    assert widget.controls["hours_after"].continuous_update is False


def test_changing_controls_moves_artists_not_figures(widget: AftercareTimeline) -> None:
    figure, counts = widget.figure, artist_counts(widget)
    image, text = widget.image.value, widget.description.value
    widget.set_values(hours_after=240, depth_mm=2.0, fitzpatrick_type=2)
    assert widget.result == aftercare.steps_at(240, 2.0, 2)
    assert "sun_avoid_extended" in {s.step_id for s in widget.result.avoid}  # deep band
    assert widget.figure is figure and artist_counts(widget) == counts
    assert widget.image.value != image and widget.description.value != text
    assert "10 days" in widget.description.value


def test_each_control_alone_updates_result(widget: AftercareTimeline) -> None:
    widget.controls["hours_after"].value = 2
    assert widget.result.hours_after == 2 and "soothe" in {s.step_id for s in widget.result.do}
    widget.controls["fitzpatrick_type"].value = 6
    assert widget.result.high_pih_or_deep
    widget.controls["depth_mm"].value = 0.5
    assert widget.result.band == "A"


def test_details_list_what_to_do_now_and_when_restrictions_end(widget: AftercareTimeline) -> None:
    widget.set_values(hours_after=4)
    for step in widget.result.do + widget.result.avoid:
        assert step.title in widget.details.value or step.title.replace("'", "&#x27;") in widget.details.value
    assert "No make-up: ends at 1 day (course default); sources range 1 day–2 days" in widget.details.value


def test_bad_input_shows_message_and_keeps_result(widget: AftercareTimeline) -> None:
    result, image, details = widget.result, widget.image.value, widget.details.value
    widget.compute = lambda v: aftercare.steps_at(-5, v["depth_mm"], v["fitzpatrick_type"])  # type: ignore
    widget.set_values(hours_after=48)
    assert "0 to 336" in widget.message_text
    assert widget.result is result and widget.image.value == image and widget.details.value == details


def test_bad_depth_from_the_model_is_shown_inline() -> None:
    w = AftercareTimeline(depth_mm=1.0)
    before = w.result
    w.compute = lambda v: aftercare.steps_at(v["hours_after"], 3.5, v["fitzpatrick_type"])  # type: ignore
    w.set_values(fitzpatrick_type=4)
    assert "at most 3.0 mm" in w.message_text and w.result is before


def test_image_has_no_tooltip_that_would_break_the_browser_view(widget: AftercareTimeline) -> None:
    # ipywidgets 8's ImageView reads a `description` an Image lacks when a tooltip is set
    widget.set_values(hours_after=48)
    assert not widget.image.tooltip
