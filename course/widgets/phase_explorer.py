"""PhaseExplorer: a time after treatment -> which healing phases are active, on the cascade curves.

Controls -> `course.healing.snapshot` -> `course.plots.healing`. The curves are computed once;
each frame only moves the time marker and restyles the curves. The details panel under the figure
lists the leading cells, what happens and what the client sees, from `data/healing_phases.csv`.
Usage in a lesson: `PhaseExplorer(time="3 days")`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from course import healing
from course.plots.healing import CascadeArtists, plot_cascade, update_cascade
from course.time_labels import HOURS_PER_MONTH, hours_label
from course.widgets.base import FigureWidget
from course.widgets.course_widget import WIDE

TIMES = (  # (label, hours after treatment): fixed, labelled stops from hours to a year
    ("1 hour", 1.0), ("6 hours", 6.0), ("1 day", 24.0), ("3 days", 72.0), ("1 week", 168.0),
    ("3 weeks", 504.0), ("6 weeks", 1008.0), ("3 months", 3 * HOURS_PER_MONTH),
    ("6 months", 6 * HOURS_PER_MONTH), ("1 year", 12 * HOURS_PER_MONTH),
)


class PhaseExplorer(FigureWidget):
    """The four healing phases on a log time axis with a movable 'now' and what happens then."""

    css_class = "phase-explorer"

    def __init__(self, time: str = "1 hour") -> None:
        super().__init__(time=time)

    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        hours = dict(TIMES)[initial["time"]] if initial["time"] in dict(TIMES) else TIMES[0][1]
        return {"hours_after": widgets.SelectionSlider(
            options=list(TIMES), value=hours, description="Time after treatment",
            continuous_update=False, style=WIDE, layout=widgets.Layout(width="95%"))}

    def compute(self, values: Mapping[str, Any]) -> healing.PhaseSnapshot:
        return healing.snapshot(values["hours_after"])

    def time_label(self, hours: float) -> str:
        return next((label for label, h in TIMES if h == hours), hours_label(hours))

    def plot(self, axes: Any, result: healing.PhaseSnapshot) -> CascadeArtists:
        artists = plot_cascade(axes, healing.cascade(healing.default_hours()), healing.milestones())
        self.update(artists, result)
        return artists

    def update(self, artists: CascadeArtists, result: healing.PhaseSnapshot) -> None:
        update_cascade(artists, result, self.time_label(result.hours))

    def describe(self, result: healing.PhaseSnapshot) -> str:
        when = self.time_label(result.hours)
        if result.active:
            names = " and ".join(p.label.lower() for p in result.active)
            verb = "are" if len(result.active) > 1 else "is"
            text = f"{when.capitalize()} after treatment, {names} {verb} active"
        else:
            text = f"{when.capitalize()} after treatment, no phase is in its typical window"
        if result.possibly_active:
            names = " and ".join(p.label.lower() for p in result.possibly_active)
            text += f"; {names} may still be running"
        return text + " (illustrative teaching model, timing from Landén 2016)."

    def details_html(self, result: healing.PhaseSnapshot) -> str:
        """One block per phase shown: leading cells, what happens and what the client sees."""
        status = "active" if result.active else "may still be active"
        blocks = [
            f"<div><b>{html.escape(p.label)}</b> ({status})<ul>"
            f"<li><b>Leading cells:</b> {html.escape(cells)}</li>"
            f"<li><b>What happens:</b> {html.escape(events)}</li>"
            f"<li><b>What the client sees:</b> {html.escape(sees)}</li></ul></div>"
            for p, cells, events, sees in zip(result.shown, result.leading_cells, result.events,
                                              result.client_sees, strict=True)
        ] or ["<div>Beyond the time the healing data describe.</div>"]
        return '<div class="phase-explorer-panel-text">' + "".join(blocks) + "</div>"
