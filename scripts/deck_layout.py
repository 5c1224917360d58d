"""Lay an executed lesson out as projector slides, in the deck build only (lessons are never changed).

A 1280×720 slide at 32 px holds about 80 words or 12 lines of body text (`deck_cost.py`), so:
- every sub-slide becomes a slide (the arrow keys then visit every slide);
- cells are packed onto a slide until the budget is spent; the rest starts a new slide that repeats
  the section heading with "(continued)"; a cell the lesson starts a slide with but that has no
  heading shares the slide before it when both fit (a heading always starts a slide);
- long Markdown cells, long HTML tables and long lists in outputs are split between rows, items or
  sentences, shared out evenly over the slides they need;
- a widget that draws a figure shows the figure alone, large, with one line saying it is frozen;
  its description and text follow on their own slides (`deck_figures.py`); other widgets get a
  slide of their own with the same line;
- a folded answer (`<details>`) opens on the next slide, as a presenter would reveal it;
- the self-check becomes one slide per question (options lettered for a class vote); the final
  assessment is named but never shown.
"""

from __future__ import annotations

import copy
import re

import nbformat
from deck_cost import (
    FULL,
    HEADING,
    Cost,
    html_cost,
    markdown_cost,
    plain,
)
from deck_figures import WORDS_HEADING, figure_slide, widget_figure
from deck_split import CONTINUED, split_html, split_markdown

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FROZEN_NOTE = ("*Frozen in this deck: the figure shows the lesson's starting setting and the controls do not "
               "respond. Open the lesson in JupyterLab to use them.*")
FINAL_NOTE = ("The final assessment is taken individually in JupyterLab (this lesson's notebook); its "
              "questions are not shown on the slides.")


FIGURE_HTML = re.compile(r"<img\b|<iframe\b|class=\"handout-preview")


def _output_pieces(cell: dict) -> list[tuple[dict, Cost, str]]:
    """(cell, cost, kind) for a code cell, split when a table or list output is too long.

    kind is "widget" (frozen controls), "figure" (an image or page preview) or "text".
    """
    outputs = cell.get("outputs", [])
    if any(WIDGET_VIEW in o.get("data", {}) for o in outputs):
        return [(cell, FULL, "widget")]
    if any(_is_figure(o.get("data", {})) for o in outputs):
        return [(cell, FULL, "figure")]
    if len(outputs) != 1 or "data" not in outputs[0]:
        cost = Cost()
        for output in outputs:
            cost.add(markdown_cost(plain(_joined(output.get("text", "")))))
        return [(cell, cost, "text")]
    data = outputs[0]["data"]
    if "text/html" in data:
        page = _joined(data["text/html"])
        parts = split_html(page)
        key, costs = "text/html", [html_cost(p) for p in parts]
    elif "text/markdown" in data:
        parts, key = split_markdown(_joined(data["text/markdown"])), "text/markdown"
        costs = [markdown_cost(p) for p in parts]
    else:
        return [(cell, markdown_cost(_joined(data.get("text/plain", ""))), "text")]
    pieces = []
    for part, cost in zip(parts, costs, strict=True):
        piece = copy.deepcopy(cell)
        piece["outputs"][0]["data"] = {key: part}
        pieces.append((piece, cost, "text"))
    return pieces


def _is_figure(data: dict) -> bool:
    return "image/png" in data or bool(FIGURE_HTML.search(_joined(data.get("text/html", ""))))


def _joined(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else str(text)


def _markdown(text: str, slide_type: str) -> dict:
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _slide_type(cell: dict) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def _set_type(cell: dict, slide_type: str) -> dict:
    cell.setdefault("metadata", {})["slideshow"] = {"slide_type": slide_type}
    return cell


def quiz_cells(lesson: str, instructor: bool) -> list[dict]:
    """One slide per self-check question, options lettered A, B, C…; the key only in speaker notes."""
    from course.data import DataError
    from course.quiz import load_quiz, option_order

    try:
        quiz = load_quiz(lesson)
    except DataError as exc:
        print(f"slides: {lesson}: no self-check slides ({exc})")
        return [_markdown("### Self-check\n\nThe self-check for this lesson is in the notebook.", "slide")]
    cells = []
    for number, question in enumerate(quiz.questions, start=1):
        order = option_order(question.id, "class-deck", len(question.options))
        letters = "ABCDEFGH"
        lines = [f'### Self-check {number} of {len(quiz.questions)} <span class="deck-quiz"></span>', "",
                 question.prompt, ""]
        lines += [f"- **{letters[i]}.** {question.options[k].text}" for i, k in enumerate(order)]
        cells.append(_markdown("\n".join(lines), "slide"))
        if instructor:
            key = [f"- **{letters[i]}** {'✅ correct' if question.options[k].correct else '✗'}: "
                   f"{question.options[k].feedback}" for i, k in enumerate(order)]
            cells.append(_set_type(_markdown("Answer and reasoning:\n\n" + "\n".join(key), "notes"), "notes"))
    return cells


FOLDED = re.compile(r"^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(.*?)</summary>)?(.*?)</details>\s*$",
                    re.DOTALL)


def unfold(source: str) -> str | None:
    """A folded answer (`<details>`) as a slide of its own, open: its summary becomes the heading."""
    found = FOLDED.match(source)
    if not found:
        return None
    summary = plain(found.group(1) or "Answer").strip() or "Answer"
    return f"### {summary}\n\n{found.group(2).strip()}"


def _unwidget(cell: dict, state: dict) -> dict:
    """A widget that is only an HTML block (a table, a card) becomes plain HTML, so it can be split."""
    for output in cell.get("outputs", []):
        view = output.get("data", {}).get(WIDGET_VIEW)
        model = state.get(view["model_id"], {}) if view else {}
        if model.get("model_name") == "HTMLModel":
            output["data"] = {"text/html": model["state"].get("value", "")}
    return cell


def lay_out(nb: dict, lesson: str, final_lesson: str, instructor: bool = False) -> dict:
    """A copy of executed notebook `nb` laid out as projector slides (see the module docstring)."""
    out = copy.deepcopy(nb)
    cells: list[dict] = []
    used = Cost()
    heading = section = ""
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    state = state.get("state", {})

    def place(cell: dict, cost: Cost, wanted: str, own_slide: bool = False) -> None:
        """Add `cell` to the current slide, or start one: for a heading, a widget, or when it does not fit.

        A cell the lesson starts a (sub-)slide with, but with no heading of its own, stays on the
        current slide when both fit: short pieces of one section share a slide.
        """
        nonlocal used
        text = cell["source"] if cell["cell_type"] == "markdown" else ""
        titled = bool(HEADING.match(text.lstrip()))
        fits = used.fits_with(cost) and not own_slide
        starts = not cells or (wanted in ("slide", "subslide") and titled)
        if not starts and not fits:
            starts = True
            if heading and not titled:
                cells.append(_markdown(f"### {heading} (continued)", "slide"))
                used = CONTINUED.plus(Cost())
                cells.append(_set_type(cell, "-"))
                used.add(cost)
                return
        if starts:
            used = Cost()
        cells.append(_set_type(cell, "slide" if starts else ("fragment" if wanted == "fragment" else "-")))
        used.add(cost)

    for cell in nb["cells"]:
        kind = _slide_type(cell)
        if kind in ("skip", "notes"):
            cells.append(copy.deepcopy(cell))
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            opened = unfold(source)
            if opened is not None:
                source, kind = opened, "slide"
            for i, part in enumerate(split_markdown(source)):
                found = HEADING.findall(part)
                piece = _markdown(part, "-")
                piece.metadata.update({k: v for k, v in cell.get("metadata", {}).items() if k != "slideshow"})
                if i and not HEADING.match(part.lstrip()) and heading:
                    piece.source = f"### {heading} (continued)\n\n{part}"
                    place(piece, markdown_cost(part).plus(CONTINUED), "slide")
                else:
                    place(piece, markdown_cost(part), kind if i == 0 else "slide")
                if found:
                    heading = found[-1][1]
                    section = heading if opened is None else section
            heading = section if opened is not None else heading  # the answer is over
            continue
        if source.lstrip().startswith("self_check("):
            if lesson == final_lesson:
                place(_markdown(f"### Final assessment\n\n{FINAL_NOTE}", "slide"), Cost(30, 4), "slide")
            else:
                cells.extend(quiz_cells(lesson, instructor))
                used = FULL
            continue
        frozen = widget_figure(cell, state)
        if frozen is not None:
            cells.extend(figure_slide(cell, frozen, section))
            used = FULL
            if frozen.words_html:  # on the next slide(s), the heading part of the first one
                heading, page = WORDS_HEADING, f"<h3>{WORDS_HEADING}</h3>{frozen.words_html}"
                words = copy.deepcopy(cell)
                words["outputs"] = [nbformat.v4.new_output("display_data", {"text/html": page})]
                for i, (piece, cost, _) in enumerate(_output_pieces(words)):
                    if i == 0:
                        cells.append(_set_type(piece, "slide"))
                    else:
                        place(piece, cost, "-")
                used = FULL  # the lesson goes on on a slide of its own
            heading = section
            continue
        for piece, cost, what in _output_pieces(_unwidget(copy.deepcopy(cell), state)):
            if what != "text":
                place(piece, FULL, kind, own_slide=True)
                if what == "widget":
                    cells.append(_markdown(FROZEN_NOTE, "-"))
                used = FULL
            else:
                place(piece, cost, kind)
    seen: set[str] = set()
    for number, cell in enumerate(cells):
        if cell.get("id") in seen or "id" not in cell:
            cell["id"] = f"deck-{number}"
        seen.add(cell["id"])
    out["cells"] = cells
    return out
