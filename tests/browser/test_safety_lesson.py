"""The safety lesson (08) in real JupyterLab: the complication triage answers keyboard input in place,
says a bad day in words next to the controls, and keeps the last answer on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
import support
from playwright.sync_api import expect

CSS = "complication-triage"
WAIT_MS = 20_000


@pytest.mark.browser
def test_complication_triage_by_keyboard_and_bad_day(run_lesson, screenshot_dir: Path) -> None:
    page, watch = run_lesson("08-safety-and-consent", CSS)
    triage = support.course_widget(page, CSS)
    card = triage.locator(f".{CSS}-card").first
    report = triage.locator(f".{CSS}-report select").first
    day = triage.locator(f".{CSS}-day input").first
    expect(card).to_contain_text("Expected", timeout=WAIT_MS)  # rising redness on day 1: the normal peak
    assert "getting worse" in card.inner_text()
    support.screenshot_widget(page, triage, screenshot_dir / "interaction-complication-triage-start.png")

    support.press(day, "ArrowUp")  # day 2: rising redness is now a reason to call
    expect(card).to_contain_text("Call the clinic today", timeout=WAIT_MS)
    expect(card).to_contain_text("day 2 after the session")
    assert "☎" in card.inner_text()  # the level has a symbol and words, not only a colour

    report.focus()
    report.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "number", "Tab does not reach the day box"
    # Type-ahead: the first letter picks the report ("Pus, …"). Arrow keys on a closed list are taken
    # by JupyterLab's command mode (they move between cells), so the test uses what works for learners.
    support.press(report, "P")
    assert report.input_value().startswith("Pus"), f"typing P chose {report.input_value()!r}"
    expect(card).to_contain_text("Urgent", timeout=WAIT_MS)
    expect(card).to_contain_text("bacterial skin infection")
    shown = card.inner_text()

    day.fill("400")
    day.press("Enter")
    message = triage.locator(f".{CSS}-message").first
    expect(message, "a day out of range showed no message").to_be_visible(timeout=WAIT_MS)
    expect(message).to_contain_text("Day 400 is outside")
    expect(message).to_contain_text("Day after the session")
    assert card.inner_text() == shown, "the last answer disappeared on bad input"
    assert day.input_value() == "400", "the typed day was lost"
    support.screenshot_widget(page, triage, screenshot_dir / "interaction-complication-triage-bad-day.png")

    day.fill("30")
    day.press("Enter")
    expect(message).to_be_hidden(timeout=WAIT_MS)
    expect(card).to_contain_text("day 30 after the session", timeout=WAIT_MS)
    assert support.output_problems(page) == []
    assert watch.problems() == []
