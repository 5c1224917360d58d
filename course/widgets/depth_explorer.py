"""DepthExplorer: a treatment area and needle depth -> the skin layer reached, on a cross-section.

Controls -> `course.skin.reach` -> `course.plots.skin`. A depth over the area's course maximum is
drawn (dashed red needle) and explained in the inline message with its fix; an area that is never
treated is refused by the model and shown as a message while the last figure stays.
Usage in a lesson: `DepthExplorer(area="cheeks", depth_mm=1.0)`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from course import data, skin
from course.plots.skin import plot_cross_section, update_cross_section
from course.plots.style import new_figure
from course.widgets.base import FigureWidget

WIDE = {"description_width": "initial"}


class DepthExplorer(FigureWidget):
    """Where the needle tip lands in a schematic facial skin cross-section, against the area limit."""

    css_class = "depth-explorer"

    def __init__(self, area: str = "cheeks", depth_mm: float = 1.0) -> None:
        super().__init__(area=area, depth_mm=depth_mm)

    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        d = data.load()
        areas = [(f"{a.label} (max {a.max_depth_mm:g} mm)" if a.permitted else f"{a.label} (never treated)",
                  code) for code, a in d.treatment_areas.items()]
        return {
            "area": widgets.Dropdown(options=areas, value=initial["area"], description="Treatment area",
                                     style=WIDE),
            "depth_mm": widgets.FloatSlider(
                value=initial["depth_mm"], min=d.param("device_min_depth_mm"),
                max=d.param("device_max_depth_mm"), step=d.param("device_depth_step_mm"),
                description="Needle depth setting (mm)", continuous_update=False, readout_format=".2f",
                style=WIDE, layout=widgets.Layout(width="480px", max_width="95%")),
        }

    def make_figure(self) -> tuple[Any, Any]:
        figure, (ax, panel) = new_figure(ncols=2, width_ratios=[3, 2])
        first = skin.reach(self.controls["depth_mm"].min, "cheeks")
        self.artists = plot_cross_section(ax, panel, first, skin.cross_section())
        return figure, ax

    def compute(self, **values: Any) -> skin.Reach:
        return skin.reach(values["depth_mm"], values["area"])

    def draw(self, result: skin.Reach) -> None:
        update_cross_section(self.artists, result)

    def describe(self, result: skin.Reach) -> str:
        bleed = ("reaching the capillary-rich papillary dermis, so pinpoint bleeding is expected"
                 if result.reaches_papillary_dermis else "staying in the epidermis, so little or no bleeding")
        limit = (f"over the {result.max_depth_mm:g} mm course maximum for this area" if result.over_max
                 else f"within the {result.max_depth_mm:g} mm course maximum for this area")
        return (f"Illustrative model: a {result.depth_mm:g} mm setting on the {result.area.label.lower()} "
                f"is {limit}; the estimated channel is about {result.channel_depth_mm:.2f} mm deep, "
                f"{bleed}.")

    def refresh(self) -> None:
        """As the base, then warn (with the fix) when the depth on screen is over the area maximum."""
        super().refresh()
        failed = self.message.layout.display != "none"  # the base showed an InvalidInput message
        if not failed and self.result is not None and self.result.over_max:
            self.show_message(self.result.warning)
