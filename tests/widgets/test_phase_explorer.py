"""PhaseExplorer without a browser: the time slider drives the model, one figure, inline errors."""

from __future__ import annotations

import pytest

from course import healing
from course.widgets.phase_explorer import TIMES, PhaseExplorer


@pytest.fixture
def widget() -> PhaseExplorer:
    return PhaseExplorer(time="1 hour")


def artist_counts(w: PhaseExplorer) -> tuple[int, ...]:
    ax = w.figure.axes[0]
    return len(w.figure.axes), len(ax.lines), len(ax.texts), len(ax.patches)


def test_initial_state_matches_the_model(widget: PhaseExplorer) -> None:
    assert widget.result == healing.snapshot(1.0)
    assert widget.result.active_codes == ("haemostasis", "inflammation")
    assert "phase-explorer" in widget._dom_classes and widget.message_text == ""
    assert "Leading cells" in widget.details.value and "platelets" in widget.details.value
    assert "phase-explorer-details" in widget.details._dom_classes
    assert widget.details in widget.children


def test_slider_is_labelled_keyboard_friendly_and_log_spaced(widget: PhaseExplorer) -> None:
    slider = widget.controls["hours_after"]
    assert slider.description == "Time after treatment"
    assert slider.style.description_width == "initial" and slider.continuous_update is False
    assert [label for label, _ in slider.options] == [label for label, _ in TIMES]
    hours = [h for _, h in TIMES]
    assert hours == sorted(hours) and hours[0] >= 1 and hours[-1] <= healing.max_hours()


def test_moving_the_time_moves_artists_not_figures(widget: PhaseExplorer) -> None:
    figure, counts = widget.figure, artist_counts(widget)
    image, text, panel = widget.image.value, widget.description.value, widget.details.value
    widget.controls["hours_after"].value = 72.0  # "3 days"
    assert widget.result == healing.snapshot(72.0)
    assert widget.result.active_codes == ("proliferation",)
    assert widget.result.possibly_active_codes == ("inflammation",)
    assert widget.figure is figure and artist_counts(widget) == counts
    assert widget.image.value != image and widget.description.value != text
    assert widget.details.value != panel and "fibroblasts" in widget.details.value
    assert "3 days after treatment, proliferation is active" in widget.description.value
    assert widget.artists.marker.get_xdata()[0] == 72.0
    assert widget.artists.marker_text.get_text() == "3 days"


def test_active_curves_are_thick_and_named_in_the_legend(widget: PhaseExplorer) -> None:
    widget.set_values(hours_after=168.0)
    curves = widget.artists.curves
    assert curves["proliferation"].get_linewidth() > curves["remodelling"].get_linewidth()
    legend = [t.get_text() for t in widget.artists.legend.get_texts()]
    assert "Proliferation (active)" in legend and "Haemostasis" in legend
    styles = {line.get_linestyle() for line in curves.values()}
    assert len(styles) == len(curves)  # told apart by line style as well as colour


def test_a_year_shows_what_may_still_be_running(widget: PhaseExplorer) -> None:
    widget.set_values(hours_after=TIMES[-1][1])
    assert widget.result.active == ()
    assert "remodelling may still be running" in widget.description.value
    assert "may still be active" in widget.details.value


def test_revisiting_a_time_reuses_the_memoised_frame(widget: PhaseExplorer) -> None:
    first = widget.image.value
    widget.set_values(hours_after=24.0)
    widget.set_values(hours_after=1.0)
    assert widget.image.value == first and widget.result == healing.snapshot(1.0)


def test_bad_time_shows_the_allowed_range_and_keeps_the_figure(widget: PhaseExplorer) -> None:
    before_result, before_image = widget.result, widget.image.value
    slider = widget.controls["hours_after"]
    slider.options = [*TIMES, ("3 years", 3 * 8760.0)]  # beyond the healing data
    slider.value = 3 * 8760.0
    assert "from 0 to" in widget.message_text and "hours" in widget.message_text
    assert widget.result is before_result and widget.image.value == before_image
    slider.value = 24.0
    assert widget.message_text == "" and widget.result == healing.snapshot(24.0)
