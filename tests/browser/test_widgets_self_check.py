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


@pytest.mark.browser
def test_final_assessment_shuffles_reveals_nothing_early_scores_and_downloads(
        lab, run_lesson, screenshot_dir: Path, tmp_path: Path) -> None:
    from course.catalogue import all_lessons
    from course.quiz import load_quiz, option_order
    from course.results import load_results

    home = lab.state_dir / "course-home"
    final = all_lessons()[-1].lesson
    page, watch = run_lesson(final, "final-assessment")
    exam = support.course_widget(page, "final-assessment")
    questions = load_quiz(final).questions
    cards = exam.locator(".self-check-question")
    assert cards.count() == len(questions)

    exam.locator(".final-assessment-submit").first.click()
    message = exam.locator(".final-assessment-message").first
    expect(message, "an empty submission asked nothing").to_contain_text("not answered", timeout=WAIT_MS)
    shown = exam.inner_text()
    revealed = [q.id for q in questions if q.options[q.correct_index].feedback in shown]
    assert revealed == [], f"answers revealed before any answer: {revealed}"
    assert "Score:" not in shown
    support.screenshot_widget(page, exam, screenshot_dir / "final-assessment-empty-submit.png")

    learner = (home / "learner-id").read_text().strip()
    moved = 0
    for n, q in enumerate(questions):
        labels = [t.strip() for t in cards.nth(n).locator(".widget-radio-box label").all_inner_texts()]
        order = option_order(f"{final}/{q.id}", learner, len(q.options))
        assert labels == [q.options[i].text for i in order], f"question {n + 1} not in this learner's order"
        moved += order.index(q.correct_index) != q.correct_index
        cards.nth(n).locator(".widget-radio-box label").nth(order.index(q.correct_index)).click()
    assert moved > 0, "the key sat at its stored position in every question"

    exam.locator(".final-assessment-submit").first.click()
    score = exam.locator(".final-assessment-score").first
    expect(score).to_contain_text(f"Score: {len(questions)} of {len(questions)}", timeout=WAIT_MS)
    with page.expect_download() as download_info:
        exam.locator(".final-assessment-download-link").first.click()
    saved = tmp_path / "results.json"
    download_info.value.save_as(saved)
    document = load_results(saved)
    assert document["score"] == {"correct": len(questions), "total": len(questions)}
    assert document["learner"] == learner and document == load_results(home / "results.json")
    support.screenshot_widget(page, exam, screenshot_dir / "final-assessment-submitted.png")
    assert support.output_problems(page) == []
    assert watch.problems() == []
