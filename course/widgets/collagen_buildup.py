"""CollagenBuildup: two schedules (sessions, interval, depth band) -> collagen in the model over a year.

Controls -> `course.collagen.compare` -> `course.plots.collagen`. Schedule B is drawn beside A
(its sliders show only while it is compared). Illustrative teaching model in arbitrary units: it
prints no percentages, and says that its interval penalty is a teaching device, not a finding.
Usage in a lesson: `CollagenBuildup(interval_weeks=4, interval_b_weeks=1)`.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from course import collagen, data
from course.plots.collagen import CollagenArtists, plot_collagen, update_collagen
from course.widgets.base import FigureWidget
from course.widgets.course_widget import WIDE

SLIDER_WIDTH = "460px"
MAX_INTERVAL_WEEKS = 12  # slider range only; the model accepts any positive interval


def _sessions(value: int, label: str) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=collagen.MIN_SESSIONS, max=collagen.MAX_SESSIONS,
                             description=label, continuous_update=False, style=WIDE,
                             layout=widgets.Layout(width=SLIDER_WIDTH))


def _interval(value: float, label: str) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=1, max=MAX_INTERVAL_WEEKS, description=label,
                             continuous_update=False, style=WIDE, layout=widgets.Layout(width=SLIDER_WIDTH))


@dataclass(frozen=True, eq=False)
class CollagenView:
    """What one frame shows: the two schedules, whether B is compared, and the band's fixed y top."""

    comparison: collagen.Comparison
    compare: bool
    y_top: float

    @property
    def a(self) -> collagen.CollagenCurve:
        return self.comparison.a

    @property
    def b(self) -> collagen.CollagenCurve:
        return self.comparison.b

    @property
    def better(self) -> str:
        return self.comparison.better


@functools.cache
def y_top(band: str) -> float:
    """A fixed top for the y axis per band: the highest curve any slider setting can draw."""
    peak = max(collagen.collagen_series(None, collagen.MAX_SESSIONS, weeks, band).total.max()
               for weeks in range(1, MAX_INTERVAL_WEEKS + 1))
    return max(1.2, 1.0 + (peak - 1.0) * 1.1)


class CollagenBuildup(FigureWidget):
    """Collagen in the model (arbitrary units) 0–52 weeks: schedule A stacked by session, B beside it."""

    css_class = "collagen-buildup"

    def __init__(self, sessions: int = 4, interval_weeks: int = 4, band: str = "B",
                 sessions_b: int = 4, interval_b_weeks: int = 2, compare: bool = True) -> None:
        super().__init__(sessions=sessions, interval_weeks=interval_weeks, band=band,
                         sessions_b=sessions_b, interval_b_weeks=interval_b_weeks, compare=compare)
        self.controls["compare"].observe(self._show_schedule_b, names="value")
        self._show_schedule_b()

    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        bands = [(f"{b.band}: {b.label} ({b.min_depth_mm:g}–{b.max_depth_mm:g} mm)", code)
                 for code, b in data.load().depth_bands.items()]
        return {
            "band": widgets.Dropdown(options=bands, value=initial["band"], description="Depth band (A and B)",
                                     style=WIDE, layout=widgets.Layout(width="max-content")),
            "sessions": _sessions(initial["sessions"], "A: sessions"),
            "interval_weeks": _interval(initial["interval_weeks"], "A: weeks between sessions"),
            "compare": widgets.Checkbox(value=initial["compare"], description="Compare with schedule B",
                                        indent=False),
            "sessions_b": _sessions(initial["sessions_b"], "B: sessions"),
            "interval_b_weeks": _interval(initial["interval_b_weeks"], "B: weeks between sessions"),
        }

    def control_box(self) -> widgets.Widget:
        c = self.controls
        column_a = widgets.VBox([c["sessions"], c["interval_weeks"]])
        column_b = widgets.VBox([c["compare"], c["sessions_b"], c["interval_b_weeks"]])
        wrap = widgets.Layout(flex_flow="row wrap", grid_gap="1em")
        columns = widgets.HBox([column_a, column_b], layout=wrap)
        return widgets.VBox([c["band"], columns])

    def _show_schedule_b(self, _change: Any = None) -> None:
        """Schedule B's sliders only while B is compared (otherwise they would do nothing)."""
        display = None if self.controls["compare"].value else "none"
        for name in ("sessions_b", "interval_b_weeks"):
            self.controls[name].layout.display = display

    def frame_key(self, values: Mapping[str, Any]) -> Hashable:
        if not values["compare"]:  # B's sliders change nothing on screen while B is hidden
            values = {k: v for k, v in values.items() if k not in ("sessions_b", "interval_b_weeks")}
        return super().frame_key(values)

    def compute(self, values: Mapping[str, Any]) -> CollagenView:
        band = values["band"]
        comparison = collagen.compare(
            collagen.Schedule(values["sessions"], values["interval_weeks"], band),
            collagen.Schedule(values["sessions_b"], values["interval_b_weeks"], band))
        return CollagenView(comparison, bool(values["compare"]), y_top(band))

    def plot(self, axes: Any, result: CollagenView) -> CollagenArtists:
        return plot_collagen(axes, result.comparison, result.compare, result.y_top)

    def update(self, artists: CollagenArtists, result: CollagenView) -> None:
        update_collagen(artists, result.comparison, result.compare, result.y_top)

    def describe(self, result: CollagenView) -> str:
        a, b = result.a, result.b
        plural = "s" if a.schedule.sessions != 1 else ""
        text = (f"Illustrative model in arbitrary units: schedule A ({a.schedule.sessions} session{plural} "
                f"every {a.schedule.interval_weeks:g} weeks, band {a.schedule.band}) adds a layer per "
                "session that builds over weeks and is partly remodelled away over months")
        if result.compare:
            ends = {"A": "ends higher than B", "B": "ends lower than B", "same": "ends level with B"}
            text += (f"; schedule B ({b.schedule.sessions} every {b.schedule.interval_weeks:g} weeks"
                     f"{', below the minimum interval' if b.too_short else ''}): A {ends[result.better]} "
                     "in the model")
        if a.too_short or (result.compare and b.too_short):
            text += (". A short interval shrinks each session here only because the model is built "
                     "that way (a teaching device, not a measured effect)")
        return text + "."
