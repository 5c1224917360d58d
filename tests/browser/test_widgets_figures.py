"""Slider figure widgets in their lessons, driven with real keyboard and mouse input.

For each main figure widget: press ArrowRight on the focused slider handle, drag the handle, and
pick another skin type; after each input the figure image (`img` src) and the one-sentence
description must change, with no inline error and nothing logged to the console.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import support
from playwright.sync_api import expect

# (lesson, widget css class): the lesson that shows the widget first.
FIGURE_WIDGETS = [
    ("01-microneedling-basics", "depth-explorer"),
    ("02-healing-cascade", "phase-explorer"),
    ("03-redness-and-bleeding", "redness-timeline"),
    ("04-collagen-over-weeks", "collagen-buildup"),
    ("07-aftercare", "aftercare-timeline"),
]
WAIT_MS = 20_000


def expect_new_frame(widget, css: str, old_src: str, old_text: str, after: str) -> tuple[str, str]:
    """Wait until the figure and its description changed after input `after`; return the new ones."""
    image = widget.locator(f"img.{css}-figure").first
    description = widget.locator(f".{css}-description").first
    expect(image, f"figure unchanged after {after}").not_to_have_attribute("src", old_src, timeout=WAIT_MS)
    expect(description, f"description unchanged after {after}").not_to_have_text(old_text, timeout=WAIT_MS)
    return support.figure_src(widget, css), description.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize(("lesson", "css"), FIGURE_WIDGETS, ids=[c for _, c in FIGURE_WIDGETS])
def test_figure_widget_follows_real_input(lesson: str, css: str, run_lesson, screenshot_dir: Path) -> None:
    page, watch = run_lesson(lesson, css)
    widget = support.course_widget(page, css)
    src, said = support.figure_src(widget, css), widget.locator(f".{css}-description").first.inner_text()
    assert src and said

    handle = widget.locator(".noUi-handle").first
    readout = widget.locator(".widget-readout").first.inner_text()
    support.press(handle, "ArrowRight")
    src, said = expect_new_frame(widget, css, src, said, "ArrowRight")
    assert widget.locator(".widget-readout").first.inner_text() != readout

    support.drag_handle(page, handle, -0.4)  # leftwards: shallower stays valid for every area
    src, said = expect_new_frame(widget, css, src, said, "dragging the slider")

    skin = support.labelled(widget, "dropdown", "Fitzpatrick").locator("select")
    if skin.count():
        choices = skin.locator("option").all_inner_texts()
        current = skin.evaluate("s => s.options[s.selectedIndex].text")
        darkest = choices[-1] if current != choices[-1] else choices[0]  # the skin type most unlike
        skin.select_option(label=darkest)
        src, said = expect_new_frame(widget, css, src, said, "choosing another skin type")

    assert support.text(widget, f".{css}-message") == "", "valid input showed an error message"
    assert widget.locator(f"img.{css}-figure").first.evaluate("img => img.naturalWidth > 0")
    support.screenshot_widget(page, widget, screenshot_dir / f"interaction-{css}.png")
    assert support.output_problems(page) == []
    assert watch.problems() == []
