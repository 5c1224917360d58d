"""Redness over the first week: `plot_redness(ax, curve) -> artists`, `update_redness(artists, curve)`.

The expected range is hatched, the inflammation is a solid line with a marker each day, what
shows on the chosen skin type is dashed with square markers, the visible threshold is dotted,
and a cross marks the return to baseline: no meaning rests on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.collections import FillBetweenPolyCollection
from matplotlib.lines import Line2D

from course.plots.style import PALETTE, series, style
from course.redness import RednessCurve, WarningSign
from course.skin import roman
from course.time_labels import hours_label

HOURS_PER_DAY = 24
INDEX_TOP = 100  # the erythema index scale runs 0–100
NOTE = "illustrative teaching model, not a prediction for a client"


@dataclass
class RednessArtists:
    """The artists `update_redness` moves."""

    expected: FillBetweenPolyCollection
    index: Line2D
    visible: Line2D
    threshold: Line2D
    baseline_marker: Line2D
    fades_marker: Line2D


def info_lines(curve: RednessCurve, warnings: Sequence[WarningSign] = ()) -> list[str]:
    """What the figure shows, in words (the widget lists them under the figure)."""
    i = curve.inputs
    area, skin = curve.area.label.lower(), roman(i.fitzpatrick_type)
    lines = [f"{i.depth_mm:g} mm on the {area} (band {curve.band.band}), {i.sensitivity} skin.",
             f"Back to baseline after about {hours_label(curve.resolve_h)} (cross on the axis).",
             f"Visible on type {skin} skin until about {hours_label(curve.visible_until_h)} (open circle).",
             f"Course range around the studies: {hours_label(curve.min_resolve_h)} to "
             f"{hours_label(curve.max_resolve_h)}."]
    if warnings:
        lines.append("Act if: " + "; ".join(w.short for w in warnings[:3]) + ".")
    return lines


def plot_redness(ax: Axes, curve: RednessCurve) -> RednessArtists:
    """Draw the curve once; later frames call `update_redness`."""
    s = style()
    days = int(curve.hours.max() // HOURS_PER_DAY)
    ticks = [d * HOURS_PER_DAY for d in range(days + 1)]
    ax.set_xticks(ticks, [f"{t} h\nday {t // HOURS_PER_DAY}" for t in ticks])
    ax.set_xlim(0, ticks[-1])
    ax.set_ylim(0, INDEX_TOP)
    ax.set_xlabel("time after the session")
    ax.set_ylabel("erythema index (0 = baseline)")
    expected = ax.fill_between(curve.hours, curve.lower, curve.upper, facecolor=PALETTE["sky"],
                               alpha=0.3, hatch="//", edgecolor=PALETTE["blue"], linewidth=0,
                               label="expected range (course, around the studies)")
    every = max(1, len(curve.hours) * HOURS_PER_DAY // max(ticks[-1], 1))
    (index,) = ax.plot(curve.hours, curve.index, **series(0), markevery=every, lw=s.line_width,
                       label="redness (inflammation)")
    (visible,) = ax.plot(curve.hours, curve.visible_index, **series(1), markevery=every,
                         lw=s.line_width, markerfacecolor="none", label="as seen on this skin type")
    threshold = ax.axhline(curve.visible_threshold_index, color=PALETTE["grey"], linestyle=":",
                           lw=s.line_width, label="visible above this line")
    (baseline_marker,) = ax.plot([curve.resolve_h], [0], linestyle="none", marker="X", ms=12,
                                 color=PALETTE["black"], clip_on=False, label="back to baseline")
    (fades_marker,) = ax.plot([curve.visible_until_h], [curve.visible_threshold_index], linestyle="none",
                              marker="o", ms=9, markerfacecolor="white", color=PALETTE["vermillion"],
                              label="no longer visible")
    ax.text(0.01, -0.3, NOTE, transform=ax.transAxes, fontsize=s.font_size * 0.75, style="italic",
            color="#555555")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=s.font_size * 0.8, frameon=False)
    return RednessArtists(expected, index, visible, threshold, baseline_marker, fades_marker)


def update_redness(artists: RednessArtists, curve: RednessCurve) -> None:
    """Move the existing artists to show `curve` (same hours axis)."""
    artists.expected.set_data(curve.hours, curve.lower, curve.upper)
    artists.index.set_data(curve.hours, curve.index)
    artists.visible.set_data(curve.hours, curve.visible_index)
    artists.threshold.set_ydata([curve.visible_threshold_index] * 2)
    artists.baseline_marker.set_data([curve.resolve_h], [0])
    artists.fades_marker.set_data([curve.visible_until_h], [curve.visible_threshold_index])
