"""Form widgets in their lessons with real input: the screening form (05) and the sessions planner (06).

Valid input changes the result on screen; bad input shows the inline message with its fix while
the previous result stays on screen (no traceback, nothing lost).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import support
from playwright.sync_api import expect

WAIT_MS = 20_000


@pytest.mark.browser
def test_screening_form_assesses_and_explains_bad_input(run_lesson, screenshot_dir: Path) -> None:
    css = "screening-form"
    page, watch = run_lesson("05-consultation-and-screening", css)
    form = support.course_widget(page, css)
    decision, description = form.locator(f".{css}-decision").first, form.locator(f".{css}-description").first
    before = description.inner_text()

    support.labelled(form, "checkbox", "Pregnant").locator("input").check()
    form.locator(f".{css}-assess").first.click()
    expect(description, "assessment unchanged after ticking Pregnant").not_to_have_text(before,
                                                                                        timeout=WAIT_MS)
    shown_decision, shown_description = decision.inner_text(), description.inner_text()

    form.locator(f".{css}-assessment-date input[type=date]").fill("")
    form.locator(f".{css}-assess").first.click()
    message = form.locator(f".{css}-message").first
    expect(message, "bad input showed no inline message").to_be_visible(timeout=WAIT_MS)
    expect(message).to_contain_text("Assessment date")
    expect(decision, "the result on screen is not marked as the previous one").to_contain_text(
        "Previous result: " + re.sub(r"^\W+", "", shown_decision).strip(), timeout=WAIT_MS)
    assert shown_description.split("Decision: ")[1] in description.inner_text()
    for code in ("assessment_date", "None", "null", "_"):
        assert code not in message.inner_text(), code

    form.locator(f".{css}-assessment-date input[type=date]").fill("2026-03-02")
    depth = support.labelled(form, "text", "Needle depth (mm)").locator("input")
    depth.fill("25")
    depth.press("Tab")
    form.locator(f".{css}-assess").first.click()
    expect(message, "a depth of 25 mm was changed or accepted silently").to_contain_text(
        "Needle depth (mm) must be", timeout=WAIT_MS)
    expect(message).to_contain_text("25")
    assert depth.input_value() == "25", "the box changed what the learner typed"
    depth.fill("1")
    depth.press("Tab")
    form.locator(f".{css}-assess").first.click()
    expect(message, "a valid entry left the message up").to_be_hidden(timeout=WAIT_MS)
    expect(decision).not_to_contain_text("Previous result", timeout=WAIT_MS)
    support.screenshot_widget(page, form, screenshot_dir / f"interaction-{css}.png")
    assert support.output_problems(page) == []
    assert watch.problems() == []


@pytest.mark.browser
def test_sessions_planner_replans_and_keeps_plan_on_bad_input(run_lesson, screenshot_dir: Path) -> None:
    css = "sessions-planner"
    page, watch = run_lesson("06-session-planning", css)
    planner = support.course_widget(page, css)
    image = planner.locator(f"img.{css}-figure").first
    description = planner.locator(f".{css}-description").first
    src, said = image.get_attribute("src"), description.inner_text()

    sessions = support.labelled(planner, "text", "Sessions").locator("input")
    sessions.fill("3")
    sessions.press("Enter")
    expect(image, "plan figure unchanged after typing 3 sessions").not_to_have_attribute("src", src,
                                                                                      timeout=WAIT_MS)
    expect(description).to_contain_text("3 session(s)", timeout=WAIT_MS)
    src, said = image.get_attribute("src"), description.inner_text()

    planner.locator(f".{css}-start input[type=date]").fill("2031-03-03")
    expect(image, "plan figure unchanged after a new start date").not_to_have_attribute("src", src,
                                                                                     timeout=WAIT_MS)
    expect(description).to_contain_text("03 Mar 2031", timeout=WAIT_MS)
    src, said = image.get_attribute("src"), description.inner_text()

    planner.locator(f".{css}-start input[type=date]").fill("")
    message = planner.locator(f".{css}-message").first
    expect(message, "an empty start date showed no inline message").to_be_visible(timeout=WAIT_MS)
    expect(message).to_contain_text("first session")
    assert image.get_attribute("src") == src, "the previous plan's figure disappeared"
    assert description.inner_text() == f"Last settings that worked: {said}", "stale plan not marked"

    # This plan has no conflict: no dead "Apply fix" control, and a note that says why.
    expect(planner.locator(".sessions-planner-apply-fix").first).to_be_hidden()
    expect(planner).to_contain_text("No fix to apply")
    support.screenshot_widget(page, planner, screenshot_dir / f"interaction-{css}.png")
    assert support.output_problems(page) == []
    assert watch.problems() == []


TRY_IT_JS = """async (code) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  const notebook = panel.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  notebook.activeCell.model.sharedModel.setSource(code);
  await app.commands.execute('notebook:run-cell');
  return notebook.widgets.length - 1;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("call, words", [
    ('handout_preview(depth_mm=1.0, fitzpatrick_type=5, session_date="03/03/2025")', "year-month-day"),
    ("handout_preview(depth_mm=5, fitzpatrick_type=7)", "Needle depth"),
    ('save_handout(1.0, 9, "2025-03-03")', "Fitzpatrick type"),
])
def test_handout_try_it_answers_bad_input_in_one_sentence(run_lesson, screenshot_dir: Path, call: str,
                                                          words: str) -> None:
    page, watch = run_lesson("07-aftercare")
    code = f"from course.handout import handout_preview, save_handout\n{call}"
    index = page.evaluate(TRY_IT_JS, code)
    support.wait_kernel_idle(page)
    cell = page.locator(f"{support.VISIBLE_NOTEBOOK} .jp-Cell").nth(index)
    output = cell.locator(".jp-OutputArea-output").first
    expect(output, "the Try-it call showed nothing").to_contain_text("No handout was made", timeout=WAIT_MS)
    said = output.inner_text()
    assert words in said and "Traceback" not in said and "Error" not in said
    assert len([s for s in said.split(". ") if s.strip()]) <= 3, said
    cell.scroll_into_view_if_needed()
    cell.screenshot(path=str(screenshot_dir / f"handout-try-it-{words.split()[0].lower()}.png"))
    assert support.output_problems(page) == []
    assert watch.problems() == []
