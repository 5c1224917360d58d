"""A skin cross-section with a needle: `plot_cross_section(ax, reach) -> artists`, `update_cross_section`.

Layers are stacked bands, each with its own hatch and a text label giving its typical thickness
(not colour alone). The needle is drawn to the dial setting, the channel beside it as a wide
band (from one rat-skin ratio scaled, down to the needle's full length: the model does not know
where in that band a channel ends) and the area's course maximum as a dashed line. The words
(`info_lines`) go under the figure as HTML. Labels sit clear of the needle, above other artists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from course.plots.style import HATCHES, PALETTE, style
from course.records import SkinLayer
from course.skin import LayerBand, Reach

NOTE = "illustrative teaching model, not a prediction for a client"
LAYER_COLOURS = ("#F3E0D0", "#F0B9A8", "#E8CFA8", "#FFF2B3")  # pale skin tones, text labels carry meaning
NEEDLE_X, CHANNEL_X, CHANNEL_HALF_WIDTH = 0.66, 0.72, 0.025  # right of the layer labels
LABELS_Z = 5  # text above the needle and the channel

@dataclass
class CrossSectionArtists:
    """The artists `update_cross_section` moves."""

    needle: Line2D
    channel: Line2D
    channel_band: Rectangle
    max_line: Line2D
    max_text: Text


def plot_cross_section(ax: Axes, panel: Axes, result: Reach,
                       section: Sequence[LayerBand]) -> CrossSectionArtists:
    """Draw the layers once on `ax` (the legend on `panel`), then the needle, channel, limit
    and label for `result`."""
    s = style()
    panel.set_axis_off()
    bottom = section[-1].bottom_mm
    ax.set_xlim(0, 1)
    ax.set_ylim(bottom, -0.12)  # depth grows downwards; a little room above the surface
    ax.set_xticks([])
    ax.set_ylabel("depth below the surface (mm)")
    ax.spines[["bottom"]].set_visible(False)
    for i, band in enumerate(section):
        ax.axhspan(band.top_mm, band.bottom_mm, xmin=0, xmax=1, facecolor=LAYER_COLOURS[i % 4],
                   hatch=HATCHES[i % len(HATCHES)], edgecolor="#8c6d5a", linewidth=0.5)
        label = f"{short_layer(band.layer).capitalize()}: {band.layer.typical_thickness_mm:g} mm thick"
        middle = (band.top_mm + band.bottom_mm) / 2
        ax.text(0.02, middle, label, va="center", fontsize=s.font_size * 0.8, zorder=LABELS_Z,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    (needle,) = ax.plot([NEEDLE_X, NEEDLE_X], [-0.1, 0], color=PALETTE["black"], lw=3, alpha=0.7,
                        marker="v", markevery=[1], markersize=7, label="needle at the dial setting")
    (channel,) = ax.plot([CHANNEL_X, CHANNEL_X], [0, 0], color=PALETTE["vermillion"], lw=5,
                         solid_capstyle="butt", label="channel, low end (one rat-skin ratio)")
    channel_band = Rectangle((CHANNEL_X - CHANNEL_HALF_WIDTH, 0), 2 * CHANNEL_HALF_WIDTH, 0,
                             facecolor=PALETTE["vermillion"], alpha=0.3, hatch="..",
                             edgecolor=PALETTE["vermillion"],
                             label="channel may end anywhere here")
    ax.add_patch(channel_band)
    max_line = ax.axhline(0, color=PALETTE["blue"], linestyle="--", lw=1.5, label="area maximum")
    max_text = ax.text(0.99, 0, "", ha="right", va="bottom", color=PALETTE["blue"], zorder=LABELS_Z,
                       fontsize=s.font_size * 0.8, multialignment="right",
                       bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    panel.legend(*ax.get_legend_handles_labels(), loc="upper left", fontsize=s.font_size * 0.8,
                 frameon=False)
    ax.text(0.0, -0.06, NOTE, transform=ax.transAxes, fontsize=s.font_size * 0.7, color="#444444")
    artists = CrossSectionArtists(needle, channel, channel_band, max_line, max_text)
    update_cross_section(artists, result)
    return artists


def info_lines(result: Reach) -> list[str]:
    """What the figure shows, in words (the widget lists them under the figure)."""
    lines = [f"Dial {result.depth_mm:g} mm: the needle tip is in the {short_layer(result.layer)}.",
             f"Channel: somewhere from about {result.channel_depth_mm:.2f} mm to "
             f"{result.channel_high_mm:g} mm "
             f"({_channel_layers(result)}); a wide band, because it is scaled from one rat-skin study.",
             f"Band {result.band.band} ({result.band.label.lower()}): {result.bleeding}",
             f"{result.area.label}: course maximum {result.max_depth_mm:g} mm (dashed line)"
             + ("; this setting is OVER it." if result.over_max else ".")]
    return lines


def _channel_layers(result: Reach) -> str:
    low, high = short_layer(result.channel_layer), short_layer(result.layer)
    return f"in the {low}" if low == high else f"{low} to {high}"


def short_layer(layer: SkinLayer) -> str:
    """A layer's name without its bracketed note, in lower case ('papillary dermis')."""
    return layer.label.split(" (")[0].lower()


def update_cross_section(artists: CrossSectionArtists, result: Reach) -> None:
    """Move the needle, channel and limit line, and rewrite the label, for a new `result`."""
    artists.needle.set_ydata([-0.1, result.depth_mm])
    artists.needle.set_color(PALETTE["vermillion"] if result.over_max else PALETTE["black"])
    artists.needle.set_linestyle("--" if result.over_max else "-")
    artists.channel.set_ydata([0, result.channel_depth_mm])
    artists.channel_band.set_y(result.channel_depth_mm)
    artists.channel_band.set_height(result.channel_high_mm - result.channel_depth_mm)
    artists.max_line.set_ydata([result.max_depth_mm, result.max_depth_mm])
    artists.max_text.set_position((0.99, result.max_depth_mm - 0.03))
    artists.max_text.set_text(f"max {result.max_depth_mm:g} mm")
