"""The self-check with real clicks: choose an option, press Check, read the feedback and the score."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import support
from playwright.sync_api import expect

WAIT_MS = 20_000


@pytest.mark.browser
def test_self_check_gives_feedback_for_a_clicked_answer(run_lesson, screenshot_dir: Path) -> None:
    page, watch = run_lesson("00-start-here", "self-check")
    quiz = support.course_widget(page, "self-check")
    card = quiz.locator(".self-check-question").first
    score = quiz.locator(".self-check-score").first
    before = score.inner_text()

    card.locator("input[type=radio]").nth(1).check()
    card.locator(".self-check-button").first.click()
    feedback = card.locator(".self-check-feedback").first
    verdict = re.compile("Correct|Not quite")
    expect(feedback, "no feedback after Check").to_contain_text(verdict, timeout=WAIT_MS)
    expect(score, "score unchanged after Check").not_to_have_text(before, timeout=WAIT_MS)
    support.screenshot_widget(page, card, screenshot_dir / "interaction-self-check.png")
    assert support.output_problems(page) == []
    assert watch.problems() == []


RADIO_GEOMETRY = """(group) => Array.from(group.querySelectorAll('.widget-radio-box label')).map(label => {
  const input = label.querySelector('input[type=radio]').getBoundingClientRect();
  const box = label.getBoundingClientRect();
  return {inputTop: input.top, inputBottom: input.bottom, inputLeft: input.left, inputRight: input.right,
          top: box.top, bottom: box.bottom, right: box.right, text: label.innerText.trim().slice(0, 40),
          textHeight: label.scrollHeight, boxHeight: label.clientHeight};
})"""


def _overlaps(options: list[dict]) -> list[str]:
    """Why the options of one question would confuse a learner ([] when each sits beside its button)."""
    problems = []
    for n, o in enumerate(options):
        middle = (o["inputTop"] + o["inputBottom"]) / 2
        if not o["top"] <= middle <= o["bottom"]:
            problems.append(f"radio of {o['text']!r} is outside its own option")
        if o["textHeight"] > o["boxHeight"] + 2:
            problems.append(f"text of {o['text']!r} spills out of its option")
        if n and o["top"] < options[n - 1]["bottom"] - 1:
            problems.append(f"{o['text']!r} overlaps the option above")
        if n and abs(o["inputTop"] - options[n - 1]["inputTop"]) < 4:
            problems.append(f"radio of {o['text']!r} sits on the one above")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_self_check_options_wrap_beside_their_own_radio(lab_page, run_lesson, screenshot_dir: Path,
                                                         width: int) -> None:
    lab_page[0].set_viewport_size({"width": width, "height": 900})
    page, watch = run_lesson("01-microneedling-basics", "self-check")
    page.evaluate("() => { const s = window.jupyterapp.shell; s.collapseLeft(); s.collapseRight(); }")
    quiz = support.course_widget(page, "self-check")
    groups = quiz.locator(".self-check-options")
    assert groups.count() >= 4
    groups.first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / f"self-check-options-{width}px.png"))
    problems, wrapped = [], 0
    for i in range(groups.count()):
        group = groups.nth(i)
        group.scroll_into_view_if_needed()
        options = group.evaluate(RADIO_GEOMETRY)
        assert min(o["right"] - o["inputLeft"] for o in options) > 0.5 * width - 60, "options squeezed"
        wrapped += sum(o["bottom"] - o["top"] > 1.6 * (o["inputBottom"] - o["inputTop"]) + 8 for o in options)
        problems += [f"question {i + 1}: {p}" for p in _overlaps(options)]
    assert problems == []
    if width == 360:
        assert wrapped > 0, "no option wrapped at 360 px: the test did not exercise wrapping"
    card = quiz.locator(".self-check-question").nth(1)
    card.scroll_into_view_if_needed()
    label = card.locator(".widget-radio-box label").nth(2)
    label.click(position={"x": 40, "y": 5})  # a click on an option's text chooses that option
    assert label.locator("input").is_checked()
    assert watch.problems() == []
