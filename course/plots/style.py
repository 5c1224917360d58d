"""Colour-blind-safe palette, line styles and sizes shared by every course figure.

Okabe–Ito colours, each paired with a line style and a marker so no meaning rests on
colour alone. `presentation_mode(True)` enlarges everything for a large room: figures scale as a
whole (fonts, sizes and lines by one factor, so nothing is clipped that fits at the desk), and the
notebook's prose, tables and controls grow through a style sheet shown in the calling cell.
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
    scale: float = 1.0  # applied to figure sizes a widget asks for explicitly


PRESENTATION_SCALE = 1.5
# JupyterLab sizes for a projector: prose, tables, code and ipywidgets controls, scoped to notebooks.
PRESENTATION_CSS = """
.jp-Notebook { --jp-content-font-size1: 22px; --jp-content-font-size2: 20px; --jp-code-font-size: 19px;
  --jp-ui-font-size1: 19px; --jp-widgets-font-size: 19px; --jp-widgets-inline-height: 40px;
  --jp-widgets-inline-label-width: 220px; --jp-widgets-inline-width: 460px;
  --jp-widgets-inline-width-short: 220px; --jp-widgets-slider-handle-size: 22px; }
.jp-Notebook .jp-RenderedHTMLCommon { font-size: 22px; line-height: 1.45; }
.jp-Notebook .jp-RenderedHTMLCommon table { font-size: 20px; }
.jp-Notebook .widget-label, .jp-Notebook .widget-readout, .jp-Notebook .widget-button,
.jp-Notebook .widget-toggle-button, .jp-Notebook .widget-dropdown select, .jp-Notebook .widget-text input,
.jp-Notebook .widget-radio-box label, .jp-Notebook .widget-checkbox label,
.jp-Notebook .widget-html-content { font-size: 19px; line-height: 1.4; height: auto; }
.jp-Notebook .widget-image { max-width: 100%; height: auto; }
"""


@dataclass
class PresentationMode:
    """What `presentation_mode()` switched to; shown in a notebook it applies (or drops) the style sheet."""

    on: bool
    style: Style

    def _repr_html_(self) -> str:
        if not self.on:
            return ("<p><i>Presentation mode is off.</i> Presenting to a room? Run "
                    "<code>presentation_mode(True)</code> in this cell, then Run → Run All Cells.</p>")
        return (f'<style id="course-presentation-mode">{PRESENTATION_CSS}</style>'
                "<p><b>Presentation mode is on</b> for this lesson: larger text, tables and controls. "
                "Figures made from now on are larger: Run → Run All Cells to redraw them. "
                "To switch back, run <code>presentation_mode(False)</code> in this same cell.</p>")


_STYLE = Style()


def style() -> Style:
    """The current style (classroom or desk)."""
    return _STYLE


def presentation_mode(on: bool = True) -> PresentationMode:
    """Switch projector sizes on (text, tables, controls and figures) or back off.

    Figures made after the call use it; the style sheet applies while the calling cell's output is
    on the page, so call it in one cell and switch it off by re-running that cell with `False`.
    """
    global _STYLE
    desk = Style()
    k = PRESENTATION_SCALE
    _STYLE = Style(font_size=desk.font_size * k, width_in=desk.width_in * k, height_in=desk.height_in * k,
                   dpi=desk.dpi, line_width=desk.line_width * k, scale=k) if on else desk
    return PresentationMode(on, _STYLE)


def series(i: int) -> dict:
    """Colour, line style and marker for the i-th series."""
    return dict(SERIES[i % len(SERIES)])


def new_figure(width_in: float | None = None, height_in: float | None = None,
               nrows: int = 1, ncols: int = 1, **subplot_kw: object) -> tuple[Figure, object]:
    """A figure made with the object API (no pyplot state, no leaks) and its axes."""
    s = style()
    width = width_in * s.scale if width_in else s.width_in
    height = height_in * s.scale if height_in else s.height_in
    fig = Figure(figsize=(width, height), dpi=s.dpi, layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    for ax in fig.axes:
        ax.tick_params(labelsize=s.font_size * 0.9)
        ax.xaxis.label.set_size(s.font_size)
        ax.yaxis.label.set_size(s.font_size)
        ax.title.set_size(s.font_size * 1.05)
        ax.spines[["top", "right"]].set_visible(False)
    return fig, axes
