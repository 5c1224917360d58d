"""DepthExplorer: a treatment area and needle depth -> the skin layer reached, on a cross-section.

Controls -> `course.skin.reach` -> `course.plots.skin`. A depth over the area's course maximum is
drawn (dashed red needle) and explained in the inline message with its fix; an area that is never
treated is refused by the model and shown as a message, the figure marked as the last settings
that worked. The channel is a wide band: the rat-skin ratio it is scaled from is one study.
Usage in a lesson: `DepthExplorer(area="cheeks", depth_mm=1.0)`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, ClassVar

import ipywidgets as widgets

from course import data, skin
from course.plots.skin import (
    CrossSectionArtists,
    info_lines,
    plot_cross_section,
    short_layer,
    update_cross_section,
)
from course.widgets.base import FigureWidget
from course.widgets.course_widget import WIDE


class DepthExplorer(FigureWidget):
    """Where the needle tip lands in a schematic facial skin cross-section, against the area limit."""

    css_class = "depth-explorer"
    figure_options: ClassVar[dict[str, Any]] = {"ncols": 2, "width_ratios": [3, 1.6]}

    def __init__(self, area: str = "cheeks", depth_mm: float = 1.0) -> None:
        super().__init__(area=area, depth_mm=depth_mm)

    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        d = data.load()
        areas = [(f"{a.label} (max {a.max_depth_mm:g} mm)" if a.permitted else f"{a.label} (never treated)",
                  code) for code, a in d.treatment_areas.items()]
        return {
            "area": widgets.Dropdown(options=areas, value=initial["area"], description="Treatment area",
                                     style=WIDE, layout=widgets.Layout(width="max-content")),
            "depth_mm": widgets.FloatSlider(
                value=initial["depth_mm"], min=d.param("device_min_depth_mm"),
                max=d.param("device_max_depth_mm"), step=d.param("device_depth_step_mm"),
                description="Needle depth setting (mm)", continuous_update=False, readout_format=".2f",
                style=WIDE, layout=widgets.Layout(width="480px", max_width="95%")),
        }

    def compute(self, values: Mapping[str, Any]) -> skin.Reach:
        return skin.reach(values["depth_mm"], values["area"])

    def plot(self, axes: Any, result: skin.Reach) -> CrossSectionArtists:
        ax, panel = axes
        return plot_cross_section(ax, panel, result, skin.cross_section())

    def update(self, artists: CrossSectionArtists, result: skin.Reach) -> None:
        update_cross_section(artists, result)

    def details_html(self, result: skin.Reach) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in info_lines(result))
        return f'<ul class="depth-explorer-details-text">{items}</ul>'

    def warning(self, result: skin.Reach) -> str:
        return result.warning

    def describe(self, result: skin.Reach) -> str:
        limit = (f"over the {result.max_depth_mm:g} mm course maximum for this area" if result.over_max
                 else f"within the {result.max_depth_mm:g} mm course maximum for this area")
        return (f"Illustrative model: a {result.depth_mm:g} mm setting on the {result.area.label.lower()} "
                f"is {limit} and in band {result.band.band} ({result.band.label.lower()}: "
                f"{result.band.bleeding.lower()}); the needle tip is in the "
                f"{short_layer(result.layer)}, "
                f"and the channel ends somewhere between about {result.channel_depth_mm:.2f} mm "
                f"(one rat-skin study, scaled) and the full {result.depth_mm:g} mm.")
