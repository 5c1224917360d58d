"""RednessTimeline: depth, area, skin type and sensitivity -> redness over the first 7 days.

Controls -> `course.redness.erythema` -> `course.plots.redness`. No clinical rule lives here:
a depth over the area's maximum comes back from the model as an inline message with its fix.
Usage in a lesson: `RednessTimeline(depth_mm=1.0, area="cheeks")`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np

from course import data, redness
from course.plots.redness import RednessArtists, info_lines, plot_redness, roman, update_redness
from course.time_labels import hours_label
from course.widgets.base import FigureWidget
from course.widgets.course_widget import WIDE


class RednessTimeline(FigureWidget):
    """Erythema over the first week with its expected range, threshold and return to baseline."""

    css_class = "redness-timeline"

    def __init__(self, depth_mm: float = 1.0, area: str = "cheeks", fitzpatrick_type: int = 2,
                 sensitivity: str = "normal", days: int = 7) -> None:
        self.hours = np.arange(0.0, days * 24 + 1.0, 1.0)
        super().__init__(depth_mm=depth_mm, area=area, fitzpatrick_type=fitzpatrick_type,
                         sensitivity=sensitivity)

    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        d = data.load()
        areas = [(f"{a.label} (max {a.max_depth_mm:g} mm)", code)
                 for code, a in d.treatment_areas.items() if a.permitted]
        return {
            "depth_mm": widgets.FloatSlider(
                value=initial["depth_mm"], min=d.param("device_min_depth_mm"),
                max=d.param("device_max_depth_mm"), step=d.param("device_min_depth_mm"),
                description="Needle depth (mm)", continuous_update=False, readout_format=".2f", style=WIDE,
                layout=widgets.Layout(width="420px"),
            ),
            "area": widgets.Dropdown(options=areas, value=initial["area"], description="Treatment area",
                                     style=WIDE),
            "fitzpatrick_type": widgets.Dropdown(
                options=[(f"Type {roman(t)}", t) for t in d.skin_types],
                value=initial["fitzpatrick_type"], description="Fitzpatrick skin type", style=WIDE),
            "sensitivity": widgets.ToggleButtons(
                options=[(s.capitalize(), s) for s in redness.SENSITIVITIES],
                value=initial["sensitivity"], description="Skin sensitivity", style=WIDE),
        }

    def compute(self, values: Mapping[str, Any]) -> redness.RednessCurve:
        return redness.erythema(self.hours, values["depth_mm"], values["area"],
                                values["fitzpatrick_type"], values["sensitivity"])

    def plot(self, axes: Any, result: redness.RednessCurve) -> RednessArtists:
        return plot_redness(axes, result)

    def details_html(self, result: redness.RednessCurve) -> str:
        lines = info_lines(result, redness.warning_signs())
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return f'<ul class="redness-timeline-details-text">{items}</ul>'

    def update(self, artists: RednessArtists, result: redness.RednessCurve) -> None:
        update_redness(artists, result)

    def describe(self, result: redness.RednessCurve) -> str:
        i = result.inputs
        return (f"Illustrative model: after {i.depth_mm:g} mm on the {result.area.label.lower()} "
                f"(band {result.band.band}, {i.sensitivity} skin), redness peaks at once, shows on "
                f"Fitzpatrick type {roman(i.fitzpatrick_type)} skin until about "
                f"{hours_label(result.visible_until_h)} and is back to baseline at about "
                f"{hours_label(result.resolve_h)} (course range around the studies: "
                f"{hours_label(result.min_resolve_h)} to "
                f"{hours_label(result.max_resolve_h)}).")
