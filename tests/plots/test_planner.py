"""The planner's timeline: events drawn as a day or a span, names clear of other artists, the height."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from course.planning import ClientEvent, PlanRequest, make_plan
from course.plots import planner
from course.plots.style import new_figure

START = dt.date(2027, 3, 1)
HOLIDAY = ClientEvent("beach_holiday", START + dt.timedelta(days=40), "Beach holiday",
                      START + dt.timedelta(days=46))  # 7 days, first and last included
WEDDING = ClientEvent("wedding", START + dt.timedelta(days=20), "Sister's wedding")


def plan(*events: ClientEvent, sessions: int = 4):
    return make_plan(PlanRequest(start_date=START, indication="fine_lines_wrinkles", area="cheeks",
                                 depth_mm=1.0, sessions=sessions, interval_weeks=4, fitzpatrick_type=4,
                                 events=events))


def drawn(p):
    """The plan drawn as the widget draws it: a figure as tall as `figure_height_in` says."""
    fig, ax = new_figure()
    FigureCanvasAgg(fig)
    fig.set_size_inches(fig.get_figwidth(), planner.figure_height_in(p, fig.get_figwidth()))
    artists = planner.plot_plan(ax, p)
    fig.canvas.draw()
    return fig, artists


def x_range(path) -> tuple[float, float]:
    xs = path.vertices[:, 0]
    return float(xs.min()), float(xs.max())


def crowded():
    """Events that overlap in time (with their names) need lanes of their own."""
    day = START + dt.timedelta(days=56)
    return plan(*(ClientEvent("wedding", day + dt.timedelta(days=k), f"Event number {k + 1}")
                  for k in range(5)), WEDDING, HOLIDAY, sessions=6)


def test_a_seven_day_event_is_a_span_over_its_seven_days():
    _, artists = drawn(plan(HOLIDAY))
    (span,) = artists.event_spans.get_paths()
    first, after = x_range(span)
    assert first == mdates.date2num(HOLIDAY.date)
    assert after - first == pytest.approx(7)  # from the start of the first day to the end of the last
    assert len(artists.events.get_xdata()) == 0  # no one-day marker for it
    label = next(t for t in artists.event_labels if t.get_visible())
    assert label.get_text() == "Beach holiday" and label.get_position()[0] > after


def test_a_one_day_event_is_a_marker_not_a_span():
    _, artists = drawn(plan(WEDDING))
    assert len(artists.event_spans.get_paths()) == 0
    assert list(artists.events.get_xdata()) == [mdates.date2num(WEDDING.date)]
    _, both = drawn(plan(WEDDING, HOLIDAY))
    assert len(both.event_spans.get_paths()) == 1 and len(both.events.get_xdata()) == 1


def test_span_and_marker_are_not_told_apart_by_colour_alone():
    _, artists = drawn(plan(WEDDING, HOLIDAY))
    assert artists.event_spans.get_hatch() and artists.events.get_marker() == "v"
    legend = artists.ax.get_legend()
    assert {"client event (one day)", "client event (first to last day)"} <= {
        t.get_text() for t in legend.get_texts()}


@pytest.mark.parametrize("make", [lambda: plan(WEDDING, HOLIDAY), crowded,
                                  lambda: plan(ClientEvent("wedding", START + dt.timedelta(days=30),
                                                           "A very long name for a family party at the "
                                                           "seaside with everyone"), sessions=1)])
def test_event_names_sit_clear_of_every_other_artist_and_inside_the_figure(make):
    fig, artists = drawn(make())
    renderer = fig.canvas.get_renderer()
    ax = artists.ax
    labels = [t for t in artists.event_labels if t.get_visible()]
    assert len(labels) == len(make().request.events)
    boxes = [t.get_window_extent(renderer) for t in labels]
    texts = [*artists.session_labels, *artists.conflict_labels, artists.maintenance_label]
    others = [t.get_window_extent(renderer) for t in texts if t.get_visible()]
    bars = [Bbox.from_extents(*xy.min(axis=0), *xy.max(axis=0)) for xy in (
        ax.transData.transform(path.vertices) for c in (artists.redness, artists.sun, artists.maintenance,
                                                        artists.event_spans) for path in c.get_paths())]
    half = artists.events.get_markersize() / 72 * fig.dpi / 2
    markers = [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in ax.transData.transform(
        np.column_stack([artists.events.get_xdata(), artists.events.get_ydata()]))]
    for i, box in enumerate(boxes):
        clash = [b for j, b in enumerate(boxes) if j != i] + others + bars + markers
        assert not any(box.overlaps(other) for other in clash), labels[i].get_text()
    inside_figure(fig)


def inside_figure(fig) -> None:
    renderer = fig.canvas.get_renderer()
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            box = text.get_window_extent(renderer)
            assert fig.bbox.padded(1).contains(box.x0, box.y0), text.get_text()
            assert fig.bbox.padded(1).contains(box.x1, box.y1), text.get_text()


def test_more_lanes_make_a_taller_figure_within_bounds():
    one, two, many = plan(HOLIDAY), plan(WEDDING, HOLIDAY), crowded()
    lanes = [planner.plan_layout(p, 7.5, 10).lanes for p in (one, two, many)]
    heights = [planner.figure_height_in(p, 7.5, 10) for p in (one, two, many)]
    assert lanes[0] == 1 and lanes[2] > lanes[1] > lanes[0]
    assert heights[2] > heights[1] > heights[0]
    assert heights[0] >= planner.MIN_HEIGHT_IN and heights[2] <= planner.MAX_HEIGHT_IN
    assert planner.figure_height_in(many, 7.5 * 1.5, 15) == pytest.approx(heights[2] * 1.5)  # projector


def test_events_far_apart_share_a_lane():
    far = ClientEvent("wedding", START + dt.timedelta(days=100), "Party")
    layout = planner.plan_layout(plan(WEDDING, far), 7.5, 10)
    assert layout.lanes == 1 and {p.lane for p in layout.events} == {0}
