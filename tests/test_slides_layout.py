"""Deck layout without a browser: what a slide is charged for, frozen widget figures, merging short slides."""

from __future__ import annotations

import base64
import importlib
import re
import struct
import sys
import zlib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

deck_cost = importlib.import_module("deck_cost")
deck_layout = importlib.import_module("deck_layout")
deck_figures = importlib.import_module("deck_figures")

FOLDED_BODY = " ".join(f"Hidden sentence {i} explains the answer at length." for i in range(40))


def test_closed_details_count_only_their_summary():
    folded = f"<details>\n<summary>Compare your answer</summary>\n\n{FOLDED_BODY}\n</details>"
    cost = deck_cost.markdown_cost(f"Visible line here.\n\n{folded}")
    assert cost.words == 3 + 3
    assert deck_cost.plain(folded).split() == ["Compare", "your", "answer"]
    assert deck_cost.html_cost(f"<div><p>One two.</p>{folded}</div>").words == 2 + 3


def test_open_details_and_details_without_summary():
    opened = f"<details open><summary>Shown</summary><p>{FOLDED_BODY}</p></details>"
    assert deck_cost.html_cost(opened).words == 1 + len(FOLDED_BODY.split())
    assert deck_cost.plain("<details><p>secret words</p></details>").split() == ["Details"]


def test_nested_details_fold_to_the_outer_summary():
    nested = ("<details><summary>Outer</summary><p>a b c</p>"
              "<details open><summary>Inner</summary><p>d e f</p></details></details>")
    assert deck_cost.plain(nested).split() == ["Outer"]


def test_folded_text_never_splits_a_cell():
    folded = f"<details>\n<summary>What you should see</summary>\n\n- {FOLDED_BODY}\n- more\n</details>"
    source = f"## Try it\n\nMove the slider.\n\n{folded}"
    assert deck_layout.split_markdown(source) == [source]
    folded_list = f"<details><summary>More</summary><ul><li>{FOLDED_BODY}</li></ul></details>"
    page = f"<div><p>Intro.</p>{folded_list}</div>"
    assert deck_layout.split_html(page) == [page]


def test_a_long_visible_cell_is_still_split_and_keeps_its_folded_part_whole():
    visible = "\n".join(f"- item {i} with a few more words to read" for i in range(20))
    folded = f"<details>\n<summary>Answer</summary>\n\n{FOLDED_BODY}\n\n- a list\n</details>"
    parts = deck_layout.split_markdown(f"{visible}\n\n{folded}")
    assert len(parts) > 1
    holding = [p for p in parts if "<details>" in p]
    assert len(holding) == 1 and "</details>" in holding[0] and FOLDED_BODY in holding[0]


def _png_base64(width: int, height: int) -> str:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


def _figure_widget_notebook(details_words: int) -> dict:
    """A lesson whose widget (slider, figure, description, details) was saved as after execution."""
    def model(name: str, **state: object) -> dict:
        return {"model_name": name, "model_module": "@jupyter-widgets/controls", "state": state}

    details = "".join(f"<li>Detail {i} of the timeline.</li>" for i in range(details_words // 5))
    state = {
        "box": model("VBoxModel", children=[f"IPY_MODEL_{k}" for k in "sidx"]),
        "s": model("FloatSliderModel", description="Needle depth (mm)", value=1.0),
        "i": {**model("ImageModel", _dom_classes=["x-figure"], format="png"),
              "buffers": [{"path": ["value"], "data": _png_base64(600, 417), "encoding": "base64"}]},
        "d": model("HTMLModel", _dom_classes=["x-description", "course-description"],
                   value="<p>Illustrative timeline at 1 day: 3 things to do now.</p>"),
        "x": model("HTMLModel", _dom_classes=["x-details"], value=f"<ul>{details}</ul>"),
    }
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    heading = nbformat.v4.new_markdown_cell("## Hour by hour\n\nThe timeline below.")
    heading.metadata["slideshow"] = {"slide_type": "slide"}
    view = {"model_id": "box", "version_major": 2, "version_minor": 0}
    widget = nbformat.v4.new_code_cell("Timeline()", outputs=[nbformat.v4.new_output(
        "execute_result", {deck_figures.WIDGET_VIEW: view, "text/plain": "Timeline"})])
    after = nbformat.v4.new_markdown_cell("Text after the widget.")
    nb.cells = [heading, widget, after]
    return nb


def _slides(laid: dict) -> list[list[dict]]:
    slides: list[list[dict]] = []
    for cell in laid["cells"]:
        if cell["metadata"]["slideshow"]["slide_type"] == "slide" or not slides:
            slides.append([])
        slides[-1].append(cell)
    return slides


def _shown(cells: list[dict]) -> str:
    return "\n".join(c["source"] if c["cell_type"] == "markdown" else
                     "".join(o["data"].get("text/html", "") for o in c.get("outputs", [])) for c in cells)


def test_a_widget_figure_is_alone_large_and_described_on_the_next_slide():
    laid = deck_layout.lay_out(_figure_widget_notebook(details_words=30), "99-x", "99-final")
    slides = _slides(laid)
    at = next(i for i, cells in enumerate(slides) if "deck-frozen-figure" in _shown(cells))
    figure_slide = _shown(slides[at])
    assert figure_slide.startswith("### Hour by hour")
    assert "Frozen in this deck" in figure_slide and "Needle depth" not in figure_slide
    assert 'alt="Illustrative timeline at 1 day: 3 things to do now."' in figure_slide
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', figure_slide).groups())
    assert width >= 0.6 * 1280 or height >= 0.6 * 720
    assert abs(width / height - 600 / 417) < 0.01, "the figure keeps its shape"
    words = _shown(slides[at + 1])
    assert deck_figures.WORDS_HEADING in words and "3 things to do now" in words and "Detail 0" in words
    assert "<details" not in words
    assert "Text after the widget." in _shown(slides[at + 2])


def test_text_under_a_figure_longer_than_two_slides_is_folded_not_dropped():
    laid = deck_layout.lay_out(_figure_widget_notebook(details_words=400), "99-x", "99-final")
    slides = _slides(laid)
    at = next(i for i, cells in enumerate(slides) if deck_figures.WORDS_HEADING in _shown(cells))
    words = _shown(slides[at])
    assert "<details" in words and "Detail 59" in words and "3 things to do now" in words
    assert not any(deck_figures.WORDS_HEADING in _shown(s) for s in slides[at + 1:]), "one slide of words"


def _markdown(text: str, kind: str) -> dict:
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def test_a_short_slide_without_a_heading_joins_the_slide_before_but_a_heading_never_does():
    nb = nbformat.v4.new_notebook()
    nb.cells = [_markdown("## One\n\nShort text.", "slide"), _markdown("**Think!** Why?", "subslide"),
                _markdown("## Two\n\nShort.", "subslide"), _markdown("Lead-in sentence.", "slide"),
                _markdown(" ".join(["word"] * 78), "slide")]
    slides = [_shown(cells) for cells in _slides(deck_layout.lay_out(nb, "99-x", "99-final"))]
    assert slides[0].startswith("## One") and "**Think!** Why?" in slides[0]
    assert slides[1].startswith("## Two") and "Lead-in sentence." in slides[1]
    assert slides[2].startswith("### Two (continued)") and "word word" in slides[2], "it does not fit"
    assert len(slides) == 3


def test_a_split_cell_shares_its_items_out_instead_of_leaving_a_short_tail():
    items = "\n".join(f"- item {i} " + "word " * 14 for i in range(6))
    parts = deck_layout.split_markdown(f"## List\n\n{items}")
    assert len(parts) == 2
    counts = [deck_cost.markdown_cost(p).words for p in parts]
    assert min(counts) > deck_cost.WORDS_PER_SLIDE / 3, counts


def test_an_html_list_with_a_short_tail_is_shared_out_and_every_part_fits():
    long_items = "".join(f"<li>Item {i} " + "word " * 38 + "</li>" for i in range(2))
    items = f"{long_items}<li>Short last item.</li>"
    page = f'<div class="course-box"><b>Online vs evidence</b><ul>{items}</ul></div>'
    parts = deck_layout.split_html(page)
    assert len(parts) == 2
    assert all(deck_cost.html_cost(part).fits_with(deck_cost.Cost()) for part in parts)
    assert [part.count("<li>") for part in parts] == [1, 2], "the short item joins the second long one"
    assert all(part.count("<div") == part.count("</div>") for part in parts)


def test_every_part_of_a_split_table_fits_with_its_header_row():
    wide = "<tr><td>R-X</td><td>" + "supercalifragilistic " * 3 + "</td></tr>"
    narrow = "".join(f"<tr><td>R-{i}</td><td>short words here</td></tr>" for i in range(30))
    page = f"<table><thead><tr><th>Rule</th><th>Why</th></tr></thead><tbody>{wide}{narrow}</tbody></table>"
    parts = deck_layout.split_html(page)
    assert sum(part.count("<td>R-") for part in parts) == 31
    assert all(deck_cost.html_cost(part).fits_with(deck_cost.Cost()) for part in parts)
