"""CollagenBuildup: two schedules (sessions, interval, depth band) -> relative collagen over a year.

Controls -> `course.collagen.compare` -> `course.plots.collagen`. Schedule B is drawn beside A
so a lesson can put a 4–6-week interval next to a too-short one. Illustrative teaching model.
Usage in a lesson: `CollagenBuildup(interval_weeks=4, interval_b_weeks=1)`.
"""

from __future__ import annotations

import functools
from typing import Any

import ipywidgets as widgets

from course import collagen, data
from course.errors import InvalidInput
from course.plots.collagen import plot_collagen, update_collagen
from course.plots.style import new_figure
from course.widgets.base import FigureWidget

WIDE = {"description_width": "initial"}
SLIDER = widgets.Layout(width="460px")
MAX_INTERVAL_WEEKS = 12  # slider range only; the model accepts any positive interval


def _sessions(value: int, label: str) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=collagen.MIN_SESSIONS, max=collagen.MAX_SESSIONS,
                             description=label, continuous_update=False, style=WIDE, layout=SLIDER)


def _interval(value: float, label: str) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=1, max=MAX_INTERVAL_WEEKS, description=label,
                             continuous_update=False, style=WIDE, layout=SLIDER)


class CollagenBuildup(FigureWidget):
    """Relative collagen 0–52 weeks: schedule A stacked by session, schedule B beside it."""

    css_class = "collagen-buildup"

    def __init__(self, sessions: int = 4, interval_weeks: int = 4, band: str = "B",
                 sessions_b: int = 4, interval_b_weeks: int = 2, compare: bool = True) -> None:
        super().__init__(sessions=sessions, interval_weeks=interval_weeks, band=band,
                         sessions_b=sessions_b, interval_b_weeks=interval_b_weeks, compare=compare)

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

    def make_figure(self) -> tuple[Any, Any]:
        self.figure, ax = new_figure()
        values = self.values()
        try:
            first = self.compute(**values)
        except InvalidInput:  # drawn with a one-session default; refresh() shows the message
            first = collagen.compare(collagen.Schedule(1, 1), collagen.Schedule(1, 1))
        self.artists = plot_collagen(ax, first, values["compare"])
        return self.figure, ax

    def compute(self, **values: Any) -> collagen.Comparison:
        return collagen.compare(
            collagen.Schedule(values["sessions"], values["interval_weeks"], values["band"]),
            collagen.Schedule(values["sessions_b"], values["interval_b_weeks"], values["band"]))

    def draw(self, result: collagen.Comparison) -> None:
        y_top = self.y_top(result.a.schedule.band)
        update_collagen(self.artists, result, self.controls["compare"].value, y_top)

    @functools.cache  # noqa: B019 - one entry per band; widgets live as long as the lesson
    def y_top(self, band: str) -> float:
        """A fixed top for the y axis per band: the highest curve any slider setting can draw."""
        peak = max(collagen.collagen_series(None, collagen.MAX_SESSIONS, weeks, band).total.max()
                   for weeks in range(1, MAX_INTERVAL_WEEKS + 1))
        return max(1.2, 1.0 + (peak - 1.0) * 1.1)

    def describe(self, result: collagen.Comparison) -> str:
        a, b = result.a, result.b
        low, high = a.visible_window_weeks
        plural = "s" if a.schedule.sessions != 1 else ""
        text = (f"Illustrative model: schedule A ({a.schedule.sessions} session{plural} every "
                f"{a.schedule.interval_weeks:g} weeks, band {a.schedule.band}) raises collagen "
                f"{a.gain_at(low):.0%} by week {low:g}, {a.gain_at(high):.0%} by week {high:g} and "
                f"{a.final_gain:.0%} at week {a.weeks[-1]:g}")
        if self.controls["compare"].value:
            text += (f"; schedule B ({b.schedule.sessions} every {b.schedule.interval_weeks:g} weeks"
                     f"{', below the minimum interval' if b.too_short else ''}) ends at {b.final_gain:.0%}")
        return text + "."
