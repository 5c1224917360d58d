"""Lesson 08: the final assessment and the case studies (decide, then reveal from the models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course import lessons
from course.cases import load_cases, outcome
from course.quiz import load_quiz
from course.widgets.assessment import Assessment, CaseStudy

FINAL = "08-case-studies-and-assessment"


@pytest.fixture(autouse=True)
def home(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("MICRONEEDLING_COURSE_HOME", str(tmp_path))
    return tmp_path


def test_final_quiz_covers_the_course() -> None:
    quiz = load_quiz(FINAL)
    assert 10 <= len(quiz.questions) <= 12
    tagged = {q.lesson for q in quiz.questions}
    assert {item.lesson for item in lessons.all_lessons()[1:]} <= tagged


def test_submit_scores_feedback_breakdown_and_saves(home: Path) -> None:
    w = Assessment()
    assert "final-assessment" in w._dom_classes and w is not None
    quiz = w.quiz
    answers = {q.id: q.correct_index for q in quiz.questions[:-1]}
    wrong = quiz.questions[-1]
    answers[wrong.id] = (wrong.correct_index + 1) % len(wrong.options)
    w.choose(answers)
    breakdown = w.submit()
    assert f"Score: {len(quiz.questions) - 1} of {len(quiz.questions)}" in w.score.value
    assert breakdown[(wrong.lesson, wrong.objective)][0] < breakdown[(wrong.lesson, wrong.objective)][1]
    assert all(card.feedback.value for card in w.cards)  # feedback on every answer
    saved = json.loads((home / "progress.json").read_text())["lessons"][FINAL]
    assert len(saved) == len(quiz.questions) and saved[wrong.id]["correct"] is False


def test_unanswered_questions_show_the_answer_and_count_wrong() -> None:
    w = Assessment()
    breakdown = w.submit()
    assert "Score: 0 of" in w.score.value and "Not answered" in w.cards[0].feedback.value
    assert sum(total for _, total in breakdown.values()) == len(w.cards)


def test_self_check_of_the_last_lesson_is_the_final_assessment() -> None:
    assert isinstance(lessons.self_check(FINAL), Assessment)


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_case_answers_agree_with_the_models(case) -> None:
    result = outcome(case)
    decision = case.quiz().question(f"{case.id}-decision")
    right = decision.options[decision.correct_index].text.lower()
    assert result.assessment.decision.replace("_", " ") in right


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

    monkeypatch.setattr("course.widgets.assessment.outcome", broken)
    w = CaseStudy("ben")
    w.reveal()
    assert "not available yet" in w.revealed.value
