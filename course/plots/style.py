"""Colour-blind-safe palette, line styles and sizes shared by every course figure.

Okabe–Ito colours, each paired with a line style and a marker so no meaning rests on
colour alone. `presentation_mode(True)` enlarges fonts and figures for a large room.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

# Okabe & Ito (2008) colour-universal-design palette.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
# Ordered series cues: colour, line style and marker together.
SERIES = (
    {"color": PALETTE["blue"], "linestyle": "-", "marker": "o"},
    {"color": PALETTE["vermillion"], "linestyle": "--", "marker": "s"},
    {"color": PALETTE["green"], "linestyle": "-.", "marker": "^"},
    {"color": PALETTE["purple"], "linestyle": ":", "marker": "D"},
    {"color": PALETTE["orange"], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
    {"color": PALETTE["sky"], "linestyle": (0, (1, 1)), "marker": "P"},
)
HATCHES = ("", "//", "..", "xx", "\\\\", "++")


@dataclass
class Style:
    """Sizes for the current display mode."""

    font_size: float = 10.0
    width_in: float = 7.5
    height_in: float = 3.6
    dpi: int = 80
    line_width: float = 2.0


_STYLE = Style()


def style() -> Style:
    """The current style (classroom or desk)."""
    return _STYLE


def presentation_mode(on: bool = True) -> Style:
    """Switch larger fonts and figures on (for a projector) or back off; widgets made after
    the call use it."""
    global _STYLE
    _STYLE = Style(font_size=15, width_in=10, height_in=5, dpi=80, line_width=3) if on else Style()
    return _STYLE


def series(i: int) -> dict:
    """Colour, line style and marker for the i-th series."""
    return dict(SERIES[i % len(SERIES)])


def new_figure(width_in: float | None = None, height_in: float | None = None,
               nrows: int = 1, ncols: int = 1, **subplot_kw: object) -> tuple[Figure, object]:
    """A figure made with the object API (no pyplot state, no leaks) and its axes."""
    s = style()
    fig = Figure(figsize=(width_in or s.width_in, height_in or s.height_in), dpi=s.dpi,
                 layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    for ax in fig.axes:
        ax.tick_params(labelsize=s.font_size * 0.9)
        ax.xaxis.label.set_size(s.font_size)
        ax.yaxis.label.set_size(s.font_size)
        ax.title.set_size(s.font_size * 1.05)
        ax.spines[["top", "right"]].set_visible(False)
    return fig, axes
