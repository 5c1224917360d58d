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
