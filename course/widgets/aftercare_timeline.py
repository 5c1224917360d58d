"""`AftercareTimeline`: pick a time in the first 14 days, a depth and a skin type; see what to do
and avoid now, why, and when each restriction ends. Controls -> `course.aftercare` -> plot."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, ClassVar

import ipywidgets as widgets

from course import aftercare
from course.aftercare import AftercareSnapshot
from course.plots.aftercare import AftercareArtists, plot_aftercare, update_aftercare
from course.plots.style import style
from course.skin import roman
from course.widgets.base import FigureWidget
from course.widgets.course_widget import WIDE

# Labelled moments for the time slider (hours after the session); display choices, not rules.
TIME_POINTS_H = (0, 2, 4, 12, 24, 48, 72, 120, 168, 240, 336)
DEPTH_STEP_MM = 0.25


class AftercareTimeline(FigureWidget):
    """Aftercare timeline widget (css `aftercare-timeline`). `.result` is an `AftercareSnapshot`.

    Parameters: `hours_after` (one of `TIME_POINTS_H`, default 24), `depth_mm` (device range,
    default 1.0) and `fitzpatrick_type` (1–6, default 3). Illustrative teaching model.
    """

    css_class = "aftercare-timeline"
    figure_options: ClassVar[dict[str, Any]] = {"height_in": style().height_in * 1.45}

    def __init__(self, hours_after: float = 24, depth_mm: float = 1.0, fitzpatrick_type: int = 3) -> None:
        super().__init__(hours_after=hours_after, depth_mm=depth_mm, fitzpatrick_type=fitzpatrick_type)

    def make_controls(self, hours_after: float = 24, depth_mm: float = 1.0,
                      fitzpatrick_type: int = 3, **_: Any) -> dict[str, widgets.Widget]:
        low, high = aftercare.depth_limits_mm()
        return {
            "hours_after": widgets.SelectionSlider(
                options=[(aftercare.hours_label(h), h) for h in TIME_POINTS_H], value=hours_after,
                description="Time after the session", continuous_update=False, style=WIDE,
                layout=widgets.Layout(width="480px")),
            "depth_mm": widgets.FloatSlider(
                value=depth_mm, min=low, max=high, step=DEPTH_STEP_MM, readout_format=".2f",
                description="Needle depth (mm)", continuous_update=False, style=WIDE,
                layout=widgets.Layout(width="480px")),
            "fitzpatrick_type": widgets.Dropdown(
                options=aftercare.fitzpatrick_choices(), value=fitzpatrick_type,
                description="Fitzpatrick skin type", style=WIDE, layout=widgets.Layout(width="max-content")),
        }

    def compute(self, values: Mapping[str, Any]) -> AftercareSnapshot:
        return aftercare.steps_at(values["hours_after"], values["depth_mm"], values["fitzpatrick_type"])

    def plot(self, axes: Any, result: AftercareSnapshot) -> AftercareArtists:
        return plot_aftercare(axes, result)

    def update(self, artists: AftercareArtists, result: AftercareSnapshot) -> None:
        update_aftercare(artists, result)

    def describe(self, result: AftercareSnapshot) -> str:
        when = aftercare.hours_label(result.hours_after)
        active = result.active_restrictions
        ends = (f"the next restriction to end is {active[0].title.lower()} at "
                f"{aftercare.hours_label(active[0].end_h)}" if active else "every restriction has ended")
        return (f"Illustrative timeline at {when} after a {result.depth_mm:g} mm "
                f"({result.band_label.lower()}) treatment on Fitzpatrick type "
                f"{roman(result.fitzpatrick_type)} skin: {len(result.do)} things to do and "
                f"{len(result.avoid)} to avoid now, and {ends}.")

    def details_html(self, result: AftercareSnapshot) -> str:
        return details_html(result)


def _ends(r: aftercare.Restriction) -> str:
    text = f"ends at {aftercare.hours_label(r.end_h)} (course default)"
    if r.end_min_h < r.end_max_h:
        text += (f"; sources range {aftercare.hours_label(r.end_min_h)}–"
                 f"{aftercare.hours_label(r.end_max_h)}")
    return text


def details_html(snap: AftercareSnapshot) -> str:
    """What to do and avoid now and why, and when each restriction ends, as accessible HTML."""
    e = html.escape
    do = "".join(f"<li><b>DO — {e(s.title)}.</b> {e(s.what)} <i>Why:</i> {e(s.why)}</li>" for s in snap.do)
    avoid = "".join(f"<li><b>AVOID — {e(s.title)}.</b> {e(s.what)} <i>Why:</i> {e(s.why)}</li>"
                    for s in snap.avoid)
    ends = "".join(f"<li>{e(r.title)}: {e(_ends(r))}"
                   f"{' — already over' if r.end_h <= snap.hours_after else ''}</li>"
                   for r in snap.restrictions)
    return (f'<div class="aftercare-timeline-text"><h4>Now ({e(aftercare.hours_label(snap.hours_after))} '
            f"after the session)</h4><ul>{do or '<li>Nothing to do.</li>'}</ul>"
            f"<ul>{avoid or '<li>No restriction is still in force.</li>'}</ul>"
            f"<h4>When each restriction ends</h4><ul>{ends}</ul></div>")
