"""CollagenBuildup without a browser: two schedules, one figure, stable artists, inline messages."""

from __future__ import annotations

from course import collagen, data
from course.widgets.collagen_buildup import CollagenBuildup


def _artist_counts(w: CollagenBuildup) -> tuple[int, int]:
    """Axes and artists on the figure: stable when a frame only moves artists."""
    return len(w.figure.axes), len(w.figure.axes[0].get_children())


def test_schedule_a_controls_change_the_result_on_the_same_figure() -> None:
    w = CollagenBuildup()
    assert "collagen-buildup" in w._dom_classes
    figure, counts, image, text = w.figure, _artist_counts(w), w.image.value, w.description.value
    gain = w.result.a.final_gain
    w.set_values(sessions=6, band="C")
    assert w.figure is figure and _artist_counts(w) == counts
    expected = collagen.collagen_series(None, 6, 4, "C")
    assert w.result.a.final_gain == expected.final_gain > gain
    assert w.image.value != image and w.description.value != text
    visible_layers = [c for c in w.artists.layers if c.get_visible()]
    assert len(visible_layers) == 6


def test_short_interval_in_b_is_smaller_and_said() -> None:
    minimum = data.load().depth_bands["B"].min_interval_weeks
    w = CollagenBuildup(sessions=4, interval_weeks=int(minimum), sessions_b=4, interval_b_weeks=1)
    assert w.result.b.too_short and w.result.better == "A"
    assert "below the minimum interval" in w.description.value
    assert "below the 4-week minimum" in w.artists.summary.get_text()


def test_compare_toggle_hides_schedule_b() -> None:
    w = CollagenBuildup()
    assert w.artists.total_b.get_visible()
    image = w.image.value
    w.controls["compare"].value = False
    assert not w.artists.total_b.get_visible() and "schedule B" not in w.description.value
    assert w.image.value != image


def test_controls_are_labelled_and_interval_changes_result() -> None:
    w = CollagenBuildup()
    for control in w.controls.values():
        assert control.description
    before = w.result.a.session_weeks
    w.controls["interval_weeks"].value = 6
    assert w.result.a.session_weeks == (0, 6, 12, 18) != before


def test_invalid_value_shows_message_and_keeps_the_figure() -> None:
    w = CollagenBuildup()
    result, image = w.result, w.image.value
    # Sliders cannot go out of range; a bad value can still arrive through the model's own check.
    w.compute = lambda values: collagen.collagen_series(None, 0, 4)  # type: ignore[method-assign]
    w.controls["sessions_b"].value = 5
    assert "whole number from 1 to 12" in w.message_text
    assert w.result is result and w.image.value == image


def test_model_in_arbitrary_units_without_percentages_and_the_penalty_named_a_device() -> None:
    w = CollagenBuildup(band="C", interval_weeks=4, interval_b_weeks=2)
    shown = w.description.value + w.artists.summary.get_text()
    assert "%" not in shown and "arbitrary units" in w.description.value
    assert "teaching device" in w.description.value and "teaching device" in w.artists.summary.get_text()
    assert "deeper" not in shown.lower()  # no prompt to escalate depth from invented numbers
    assert "arbitrary units" in w.figure.axes[0].get_ylabel()


def test_schedule_b_controls_show_only_while_compared() -> None:
    w = CollagenBuildup(compare=False)
    legend = [t.get_text() for t in w.figure.axes[0].get_legend().get_texts()]
    assert w.controls["sessions_b"].layout.display == "none" == w.controls["interval_b_weeks"].layout.display
    assert not any("B" in text for text in legend)
    w.controls["compare"].value = True
    assert w.controls["sessions_b"].layout.display is None
    assert any("schedule B" in t.get_text() for t in w.figure.axes[0].get_legend().get_texts())
    assert w.controls["sessions"].layout.display is None  # each slider has its own layout
