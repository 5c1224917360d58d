"""Collagen over a year for two schedules: `plot_collagen(ax, comparison) -> artists`, `update_collagen`.

The model is in arbitrary units (baseline = 1): its shape is a teaching device, so no percentage
is printed, and a too-short interval is labelled as the model's penalty, not a measured effect.

Schedule A is a solid line with each session's contribution stacked underneath (hatched layers,
a different hatch per session) and triangle markers at its sessions; schedule B is a dashed line
with hollow square markers. The visible-results window is a shaded, labelled band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import FillBetweenPolyCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from course.collagen import MAX_SESSIONS, CollagenCurve, Comparison
from course.plots.style import HATCHES, PALETTE, series, style

NOTE = "illustrative teaching model in arbitrary units, not a prediction for a client"
WEEKS_PER_MONTH = 52 / 12


@dataclass
class CollagenArtists:
    """The artists `update_collagen` moves; `layers` has one per possible session."""

    layers: tuple[FillBetweenPolyCollection, ...]
    total_a: Line2D
    total_b: Line2D
    sessions_a: Line2D
    sessions_b: Line2D
    summary: Text
    shows_b: list[bool]  # whether the legend lists schedule B (rebuilt when that changes)


def schedule_text(name: str, curve: CollagenCurve) -> str:
    """`A: 4 sessions every 4 weeks, band B` (and a second line when the interval is short)."""
    s = curve.schedule
    plural = "s" if s.sessions != 1 else ""
    text = f"{name}: {s.sessions} session{plural} every {s.interval_weeks:g} weeks, band {s.band}"
    if curve.too_short:
        text += (f"\n    below the {curve.min_interval_weeks:g}-week minimum: the model shrinks"
                 "\n    each session (a teaching device)")
    return text


def summary_text(comparison: Comparison, show_b: bool) -> str:
    lines = [schedule_text("A", comparison.a)]
    if show_b:
        lines.append(schedule_text("B", comparison.b))
    return "\n".join(lines)


def _session_points(curve: CollagenCurve) -> tuple[list[float], list[float]]:
    weeks = [w for w in curve.session_weeks if w <= curve.weeks[-1]]
    return weeks, [float(np.interp(w, curve.weeks, curve.total)) for w in weeks]


def plot_collagen(ax: Axes, comparison: Comparison, show_b: bool = True,
                  y_top: float | None = None) -> CollagenArtists:
    """Draw once; later frames call `update_collagen`."""
    s = style()
    a = comparison.a
    low, high = a.visible_window_weeks
    months = f"{low / WEEKS_PER_MONTH:.0f}–{high / WEEKS_PER_MONTH:.0f} months"
    ax.axvspan(low, high, facecolor=PALETTE["yellow"], alpha=0.25, edgecolor="none",
               label=f"results usually visible ({months})")
    ax.axhline(1.0, color=PALETTE["grey"], lw=1, linestyle="-")
    layers = []
    for i in range(MAX_SESSIONS):
        cue = series(i)
        label = "each session's added collagen (A)" if i == 0 else None
        layers.append(ax.fill_between(a.weeks, 1.0, 1.0, facecolor=cue["color"], alpha=0.3, linewidth=0,
                                      hatch=HATCHES[1 + i % (len(HATCHES) - 1)], edgecolor=cue["color"],
                                      label=label))
    a_cue, b_cue = series(0), series(1)
    (total_a,) = ax.plot(a.weeks, a.total, color=a_cue["color"], linestyle="-", lw=s.line_width,
                         label="schedule A: collagen in the model")
    (total_b,) = ax.plot(a.weeks, a.total, color=b_cue["color"], linestyle="--", lw=s.line_width,
                         label="schedule B: collagen in the model")
    (sessions_a,) = ax.plot([], [], linestyle="none", marker="v", ms=8, color=a_cue["color"],
                            label="session (A)")
    (sessions_b,) = ax.plot([], [], linestyle="none", marker="s", ms=7, markerfacecolor="white",
                            color=b_cue["color"], label="session (B)")
    summary = ax.text(0.01, 0.97, "", transform=ax.transAxes, ha="left", va="top", fontsize=s.font_size * 0.8,
                      bbox={"facecolor": "white", "edgecolor": PALETTE["grey"], "alpha": 0.9})
    ax.set_xlim(a.weeks[0], a.weeks[-1])
    ax.set_xlabel("weeks after the first session")
    ax.set_ylabel("collagen in the model\n(arbitrary units)")
    artists = CollagenArtists(tuple(layers), total_a, total_b, sessions_a, sessions_b, summary, [not show_b])
    update_collagen(artists, comparison, show_b, y_top)
    return artists


def _legend(ax: Axes, show_b: bool) -> None:
    """The legend, listing schedule B only when it is drawn."""
    s = style()
    handles, labels = ax.get_legend_handles_labels()
    keep = [(h, label) for h, label in zip(handles, labels, strict=True) if show_b or "B" not in label]
    legend = ax.legend(*zip(*keep, strict=True), loc="upper left", bbox_to_anchor=(1.01, 1.0),
                       fontsize=s.font_size * 0.8, frameon=False, title=NOTE.replace(", ", ",\n"),
                       title_fontsize=s.font_size * 0.75)
    legend.get_title().set_style("italic")


def update_collagen(artists: CollagenArtists, comparison: Comparison, show_b: bool = True,
                    y_top: float | None = None) -> None:
    """Move the existing artists to show `comparison` (same weeks axis).

    `y_top` fixes the vertical axis (the widget passes one value per depth band, so the axes, and the
    cached background behind the moving artists, stay put while sessions and intervals change).
    """
    a, b = comparison.a, comparison.b
    bottom = np.ones_like(a.weeks)
    for i, layer in enumerate(artists.layers):
        visible = i < len(a.contributions)
        layer.set_visible(visible)
        if visible:
            top = bottom + a.contributions[i]
            layer.set_data(a.weeks, bottom, top)
            bottom = top
    artists.total_a.set_data(a.weeks, a.total)
    artists.total_b.set_data(b.weeks, b.total)
    artists.sessions_a.set_data(*_session_points(a))
    artists.sessions_b.set_data(*_session_points(b))
    artists.total_b.set_visible(show_b)
    artists.sessions_b.set_visible(show_b)
    artists.summary.set_text(summary_text(comparison, show_b))
    if artists.shows_b[0] != show_b:
        _legend(artists.total_a.axes, show_b)
        artists.shows_b[0] = show_b
    if y_top is None:
        peak = max(a.total.max(), b.total.max() if show_b else 1.0)
        y_top = max(1.2, 1.0 + (peak - 1.0) * 1.5)
    artists.total_a.axes.set_ylim(0.98, y_top)
    artists.total_a.axes.set_yticks([1.0], ["baseline"])  # arbitrary units: no scale to read off
