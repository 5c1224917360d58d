"""Widget figures frozen for a deck: the figure large and alone on its slide, its words on the next.

A course widget that draws a figure holds its last frame (a PNG) and a one-sentence description in
its saved state. On a slide the figure is shown by itself, as large as the slide allows, with the
sentence as its `alt` text and one line saying it is frozen; the sentence and the widget's longer
text go on the slides that follow, where they can be read at projector size (text longer than two
slides is folded in a closed `<details>`, a text alternative that costs the slide one line).
"""

from __future__ import annotations

import base64
import copy
import html
import struct
from dataclasses import dataclass

import nbformat
from deck_cost import WORDS_PER_SLIDE, plain

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Room for a figure on a 1280×720 slide under a one-line heading, above a one-line note (px).
FIGURE_BOX = (1240, 570)
WORDS_CLASSES = ("-message", "course-description", "-details")
FROZEN_FIGURE_NOTE = "*Frozen in this deck: the starting setting. Change it in JupyterLab.*"
WORDS_HEADING = "What the figure shows"
WORDS_SHOWN = 2 * WORDS_PER_SLIDE  # text under a figure that needs more than two slides is folded
FOLDED_SUMMARY = "Full text description of the figure"


@dataclass
class Frozen:
    """One figure as a deck shows it: its PNG, pixel size, text alternative and the words to show."""

    png_base64: str
    width_px: int
    height_px: int
    alt: str
    words_html: str = ""


def png_size(png_base64: str) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    header = base64.b64decode(png_base64[:44])
    return struct.unpack(">II", header[16:24])


def widget_figure(cell: dict, state: dict) -> Frozen | None:
    """The figure a widget output draws (PNG, description, longer text), or None for a widget without one."""
    view = next((o["data"][WIDGET_VIEW] for o in cell.get("outputs", []) if WIDGET_VIEW in o.get("data", {})),
                None)
    if view is None:
        return None
    image, words = None, {name: "" for name in WORDS_CLASSES}
    todo = [view["model_id"]]
    while todo:
        model = state.get(todo.pop(0).removeprefix("IPY_MODEL_"), {})
        values = model.get("state", {})
        todo += [child for child in values.get("children", []) if isinstance(child, str)]
        if model.get("model_name") == "ImageModel" and image is None:
            image = next((b["data"] for b in model.get("buffers", []) if b.get("path") == ["value"]), None)
        if model.get("model_name") == "HTMLModel":
            classes = " ".join(values.get("_dom_classes", []))
            for name in WORDS_CLASSES:
                if name in classes and not words[name]:
                    words[name] = values.get("value", "")
    if not image:
        return None
    width, height = png_size(image)
    sentence = " ".join(plain(words["course-description"]).split())
    details = words["-details"]
    if len(plain(details + words["course-description"]).split()) > WORDS_SHOWN:
        details = (f'<details class="deck-figure-text"><summary>{FOLDED_SUMMARY}</summary>'
                   f'<div style="max-height:390px;overflow-y:auto">{details}</div></details>')
    return Frozen(image, width, height, sentence or "Figure of the widget at its starting setting.",
                  words["-message"] + words["course-description"] + details)


def figure_html(figure: Frozen, box: tuple[int, int] = FIGURE_BOX) -> str:
    """An `<img>` of the figure scaled (up or down) to fill `box`, keeping its shape."""
    scale = min(box[0] / figure.width_px, box[1] / figure.height_px)
    width, height = round(figure.width_px * scale), round(figure.height_px * scale)
    return (f'<img class="deck-frozen-figure" src="data:image/png;base64,{figure.png_base64}" '
            f'alt="{html.escape(figure.alt)}" width="{width}" height="{height}" '
            f'style="display:block;width:{width}px;height:{height}px;max-width:none;max-height:none;'
            f'margin:0 auto">')


def figure_slide(cell: dict, frozen: Frozen, section: str) -> list[dict]:
    """Cells of a slide with the widget's figure alone, under the section's heading, and the frozen line."""
    figure = copy.deepcopy(cell)
    figure["outputs"] = [nbformat.v4.new_output("display_data", {"text/html": figure_html(frozen)})]
    figure.setdefault("metadata", {})["slideshow"] = {"slide_type": "-" if section else "slide"}
    cells = [nbformat.v4.new_markdown_cell(f"### {section}")] if section else []
    cells += [figure, nbformat.v4.new_markdown_cell(FROZEN_FIGURE_NOTE)]
    for made, kind in ((cells[0], "slide"), (cells[-1], "-")):
        made.metadata.setdefault("slideshow", {"slide_type": kind})
    return cells
