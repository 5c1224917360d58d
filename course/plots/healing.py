"""The healing cascade on a log time axis: `plot_cascade(ax, cascade) -> artists`, `update_cascade`.

Each phase is a curve with its own colour, line style and marker; the chosen time is a vertical
line with its label; active phases are drawn thick and marked "active" in the legend, phases that
may still be active are drawn normally, and the others fade. Sourced milestones (barrier back,
fibronectin matrix, collagen I, early strength) are short dotted ticks along the bottom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text

from course.healing import Cascade, Milestone, PhaseSnapshot
from course.plots.style import PALETTE, series, style

NOTE = "illustrative teaching model, not a prediction for a client"
# Axis ticks: (hours, label). Unit conversions only; the phases' timing comes from data.
TICKS = ((1, "1 h"), (6, "6 h"), (24, "1 d"), (72, "3 d"), (168, "1 wk"), (504, "3 wk"),
         (2190, "3 mo"), (8760, "1 yr"), (17520, "2 yr"))
LEFT_H = 0.25
MARKERS_PER_CURVE = 12


@dataclass
class CascadeArtists:
    """The artists `update_cascade` moves."""

    curves: dict[str, Line2D]
    labels: dict[str, str]
    legend: Legend
    marker: Line2D
    marker_text: Text


def plot_cascade(ax: Axes, result: Cascade, milestones: Sequence[Milestone] = ()) -> CascadeArtists:
    """Draw every phase curve, the milestones and a time marker once; frames call `update_cascade`."""
    s = style()
    ax.set_xscale("log")
    ax.set_xlim(LEFT_H, result.hours.max())
    ax.set_ylim(0, 1.18)
    ax.set_xticks([h for h, _ in TICKS], [label for _, label in TICKS])
    ax.minorticks_off()
    ax.set_xlabel("time after treatment (log scale)")
    ax.set_ylabel("phase activity (0–1, illustrative)")
    every = max(1, len(result.hours) // MARKERS_PER_CURVE)
    curves, labels = {}, {}
    for i, phase in enumerate(result.phases):
        (line,) = ax.plot(result.hours, result.intensities[phase.phase], **series(i),
                          markevery=(i * every // len(result.phases), every), lw=s.line_width,
                          label=phase.label)
        curves[phase.phase], labels[phase.phase] = line, phase.label
    for mark in milestones:
        ax.plot([mark.hours, mark.hours], [0, 0.12], color=PALETTE["grey"], linestyle=":", lw=1)
        ax.text(mark.hours, 0.13, mark.label, rotation=90, fontsize=s.font_size * 0.7,
                color="#444444", ha="right", va="bottom")
    marker = ax.axvline(1.0, color=PALETTE["black"], lw=1.5)
    marker_text = ax.text(1.0, 1.16, "", ha="center", va="top", fontsize=s.font_size * 0.9,
                          fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    legend = ax.legend(loc="lower center", fontsize=s.font_size * 0.8, ncols=2, frameon=False,
                       bbox_to_anchor=(0.5, 1.0))
    ax.text(0.0, -0.28, NOTE, transform=ax.transAxes, fontsize=s.font_size * 0.7, color="#444444")
    return CascadeArtists(curves, labels, legend, marker, marker_text)


def update_cascade(artists: CascadeArtists, snapshot: PhaseSnapshot, time_label: str) -> None:
    """Move the time marker and restyle the curves for the phases active at `snapshot.hours`."""
    s = style()
    hours = max(snapshot.hours, LEFT_H)
    artists.marker.set_xdata([hours, hours])
    artists.marker_text.set_position((hours, 1.16))
    artists.marker_text.set_text(time_label)
    for (code, line), text in zip(artists.curves.items(), artists.legend.get_texts(), strict=True):
        if code in snapshot.active_codes:
            line.set_linewidth(s.line_width * 1.8)
            line.set_alpha(1.0)
            text.set_text(f"{artists.labels[code]} (active)")
            text.set_fontweight("bold")
        else:
            maybe = code in snapshot.possibly_active_codes
            line.set_linewidth(s.line_width if maybe else s.line_width * 0.6)
            line.set_alpha(0.8 if maybe else 0.3)
            text.set_text(artists.labels[code] + (" (may still be active)" if maybe else ""))
            text.set_fontweight("normal")
