"""The last lesson: the final assessment (final submission, results file) and the case studies."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from course import lessons, results
from course.cases import load_cases, outcome
from course.quiz import load_quiz
from course.widgets.case_study import CaseStudy, record_html
from course.widgets.final_assessment import FinalAssessment, objective_words

FINAL = lessons.all_lessons()[-1].lesson


def _all_but_last_right(w: FinalAssessment):
    answers = {q.id: q.correct_index for q in w.quiz.questions[:-1]}
    wrong = w.quiz.questions[-1]
    answers[wrong.id] = (wrong.correct_index + 1) % len(wrong.options)
    w.choose(answers)
    return wrong


def test_final_quiz_covers_the_course() -> None:
    quiz = load_quiz(FINAL)
    tagged = {q.lesson for q in quiz.questions}
    assert {item.lesson for item in lessons.all_lessons()[1:-1]} <= tagged


def test_submit_scores_feedback_breakdown_results_file_and_progress(home: Path) -> None:
    w = FinalAssessment()
    assert "final-assessment" in w._dom_classes
    wrong = _all_but_last_right(w)
    total = len(w.quiz.questions)
    breakdown = w.submit()
    assert f"Score: {total - 1} of {total}" in w.score.value
    key = (wrong.lesson, wrong.objective)
    assert breakdown[key][0] < breakdown[key][1]
    assert all(card.feedback.value for card in w.cards)
    saved = json.loads((home / "progress.json").read_text())["lessons"][FINAL]
    assert len(saved) == total and saved[wrong.id]["correct"] is False
    document = results.load_results(home / "results.json")
    assert document["score"] == {"correct": total - 1, "total": total}
    weak = [o for o in document["objectives"] if o["correct"] < o["total"]]
    assert weak and all(o["revisit"] == [wrong.lesson] for o in weak)
    assert all(o["revisit"] == [] for o in document["objectives"] if o["correct"] == o["total"])
    link = re.search(r'href="data:application/json;base64,([^"]+)"', w.download.value)
    assert link and json.loads(base64.b64decode(link[1])) == document
    assert 'download="results.json"' in w.download.value


def test_empty_submit_reveals_nothing_and_asks_first(home: Path) -> None:
    w = FinalAssessment()
    assert w.submit() is None
    assert "You have not answered questions 1, 2" in w.message_text
    for card in w.cards:
        right = card.question.options[card.question.correct_index]
        assert "Not answered yet" in card.feedback.value and right.text not in card.feedback.value
    assert w.score.value == "" and not (home / "results.json").exists()
    assert w.confirm_box.layout.display == "flex"


def test_partly_answered_submit_names_only_the_unanswered(home: Path) -> None:
    w = FinalAssessment()
    first = w.quiz.questions[0]
    w.choose({first.id: first.correct_index})
    w.submit()
    assert "questions 2, 3" in w.message_text and "question 1," not in w.message_text
    assert w.cards[0].feedback.value == ""  # no mark, so no hint, before the final submission


def test_first_final_submission_is_the_one_that_counts(home: Path) -> None:
    w = FinalAssessment()
    w.submit()
    w.confirm_button.click()
    assert "Score: 0 of" in w.score.value
    assert all(card.radio.disabled for card in w.cards) and w.submit_button.disabled
    assert "The answer was" in w.cards[0].feedback.value  # revealed only now it cannot be redone
    w.choose({q.id: q.correct_index for q in w.quiz.questions})
    assert w.submit() is None and "already submitted" in w.message_text
    assert results.load_results()["score"]["correct"] == 0


def test_submission_survives_a_reload_and_a_corrupt_file_is_set_aside(home: Path) -> None:
    w = FinalAssessment()
    _all_but_last_right(w)
    w.submit()
    again = FinalAssessment()
    assert again.submitted and again.submit_button.disabled
    assert [c.radio.value for c in again.cards] == [c.radio.value for c in w.cards]
    assert again.score.value.split("submitted")[0] == w.score.value.split("submitted")[0]
    (home / "results.json").write_text('{"format": "microneedling-course-results", "ver')
    fresh = FinalAssessment()
    assert not fresh.submitted and "could not be read" in fresh.message_text
    assert list(home.glob("results.json.corrupt-*"))


def test_options_are_shuffled_per_learner_and_stable(home: Path, monkeypatch) -> None:
    orders = [c.order for c in FinalAssessment().cards]
    assert orders == [c.order for c in FinalAssessment().cards]  # same learner, same order
    assert any(order != sorted(order) for order in orders)
    monkeypatch.setenv("MICRONEEDLING_COURSE_HOME", str(home / "other-learner"))
    assert orders != [c.order for c in FinalAssessment().cards]
    card = FinalAssessment().cards[0]
    assert [value for _, value in card.radio.options] == card.order


def test_objectives_are_named_in_words() -> None:
    q = load_quiz(FINAL).questions[0]
    text = objective_words(q.lesson, q.objective)
    assert lessons.lesson_info(q.lesson).title in text and "objective" not in text.split(": ", 1)[1][:10]


def test_self_check_of_the_last_lesson_is_the_final_assessment() -> None:
    assert isinstance(lessons.self_check(FINAL), FinalAssessment)


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_case_answers_agree_with_the_models(case) -> None:
    result = outcome(case)
    decision = case.quiz().question(f"{case.id}-decision")
    right = decision.options[decision.correct_index].text.lower()
    assert result.assessment.decision.replace("_", " ") in right


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_case_record_and_reveal_are_in_words(case) -> None:
    w = CaseStudy(case.id)
    w.reveal()
    shown = record_html(case) + w.revealed.value
    for raw in ("[]", "None", "False", "True", "_", "{'", " h;", "336 h"):
        assert raw not in re.sub(r"<[^>]+>", "", shown), raw


def test_case_study_decide_then_reveal() -> None:
    w = lessons.case_study("amira")
    assert "case-study" in w._dom_classes and "Amira" in w.story.value
    assert w.revealed.value == ""
    q = w.quiz.questions[0]
    w.answer(q.id, q.correct_index)
    assert w.correct == 1
    w.reveal_button.click()
    assert "proceed with caution" in w.revealed.value and "not acceptable" in w.revealed.value


def test_case_study_reveal_failure_is_a_message(monkeypatch) -> None:
    def broken(_case):
        raise RuntimeError("model not ready")

    monkeypatch.setattr("course.widgets.case_study.outcome", broken)
    w = CaseStudy("ben")
    w.reveal()
    assert "not available yet" in w.message_text


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_a_plan_before_eligibility_is_never_shown_as_acceptable(case) -> None:
    w = CaseStudy(case.id)
    w.reveal()
    result, text = w.outcome, w.revealed.value
    eligible = result.assessment.eligible_from
    if result.plan is not None and eligible is not None and result.plan.session_dates[0] < eligible:
        assert "on hold" in text and ": acceptable" not in text
    elif result.plan is not None and result.plan.acceptable and result.assessment.decision != "refer":
        assert ": acceptable" in text
