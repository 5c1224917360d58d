"""The self-check widget: feedback per option, score, progress saved, friendly when missing."""

from __future__ import annotations

import html
import json
from pathlib import Path

from course import catalogue, progress
from course.quiz import load_quiz
from course.widgets import progress_view
from course.widgets.self_check import SelfCheck

LESSON = "00-start-here"


def test_every_option_shows_its_own_feedback() -> None:
    w = SelfCheck(LESSON)
    quiz = load_quiz(LESSON)
    assert "self-check" in w._dom_classes
    for question in quiz.questions:
        for i, option in enumerate(question.options):
            card = w.answer(question.id, i)
            assert html.escape(option.feedback) in card.feedback.value
            assert ("Correct" in card.feedback.value) == option.correct


def test_score_counts_answered_and_correct() -> None:
    w = SelfCheck(LESSON)
    q1, q2 = w.quiz.questions[:2]
    assert "0 correct of 0 answered" in w.score.value
    w.answer(q1.id, q1.correct_index)
    w.answer(q2.id, (q2.correct_index + 1) % len(q2.options))
    assert (w.answered, w.correct) == (2, 1)
    assert "1 correct of 2 answered" in w.score.value


def test_check_without_choice_asks_for_one() -> None:
    w = SelfCheck(LESSON)
    card = w.cards[0]
    card.button.click()
    assert "Choose an answer" in card.feedback.value and w.answered == 0


def test_answers_are_recorded_in_progress(home: Path) -> None:
    w = SelfCheck(LESSON)
    q = w.quiz.questions[0]
    w.answer(q.id, q.correct_index)
    saved = json.loads((home / "progress.json").read_text())
    assert saved["lessons"][LESSON][q.id]["correct"] is True
    assert progress.lesson_summary(LESSON).correct == 1


def test_controls_are_labelled_radio_buttons() -> None:
    w = SelfCheck(LESSON)
    for radio in w.radios.values():
        assert radio.description and radio.value is None
    assert all(b.description == "Check" for b in w.buttons.values())


def test_missing_quiz_is_a_friendly_note() -> None:
    w = SelfCheck("99-nothing")
    assert w.cards == [] and "no self-check for this lesson yet" in w.message.value


def test_malformed_quiz_is_a_message_not_a_traceback(monkeypatch) -> None:
    from course import quiz
    from course.quiz import QuizError

    def broken(lesson: str):
        raise QuizError(lesson, "has 2 correct options", "q3")

    monkeypatch.setattr("course.widgets.self_check.load_quiz", broken)
    w = SelfCheck(LESSON)
    assert w.cards == [] and "could not be loaded" in w.message.value and "q3" in w.message.value
    assert quiz.load_quiz(LESSON)


def test_failed_save_still_shows_feedback() -> None:
    def fail(*_args) -> None:
        raise OSError("disk full")

    w = SelfCheck(LESSON, record=fail)
    q = w.quiz.questions[0]
    card = w.answer(q.id, q.correct_index)
    assert "Correct" in card.feedback.value and "could not be saved" in w.message.value


def test_options_shuffled_stably_and_marked_by_meaning(home: Path, monkeypatch) -> None:
    first = SelfCheck("01-microneedling-basics")
    orders = [c.order for c in first.cards]
    assert orders == [c.order for c in SelfCheck("01-microneedling-basics").cards]
    assert any(order != sorted(order) for order in orders)  # the key is not always in one place
    for card in first.cards:
        shown = [value for _, value in card.radio.options]
        assert shown == card.order and sorted(shown) == list(range(len(card.question.options)))
        assert [label for label, _ in card.radio.options] == [card.question.options[i].text for i in shown]
        right = first.answer(card.question.id, card.question.correct_index)
        assert "Correct" in right.feedback.value  # marked by the option, wherever it is shown
    monkeypatch.setenv("MICRONEEDLING_COURSE_HOME", str(home / "someone-else"))
    assert orders != [c.order for c in SelfCheck("01-microneedling-basics").cards]


def test_saved_answers_come_back_after_a_reload(home: Path) -> None:
    w = SelfCheck(LESSON)
    q = w.quiz.questions[0]
    w.answer(q.id, q.correct_index)
    again = SelfCheck(LESSON)
    assert again.radios[q.id].value == q.correct_index and "Correct" in again.card(q.id).feedback.value
    assert again.answered == 1
    (home / "progress.json").write_text("{not json")
    fresh = SelfCheck(LESSON)
    assert fresh.answered == 0 and "could not be read" in fresh.message_text


def test_options_wrap_beside_their_own_button() -> None:
    from course.widgets.self_check import OPTION_CSS

    w = SelfCheck(LESSON)
    assert OPTION_CSS in w.children[0].value
    assert all("course-options" in card.radio._dom_classes for card in w.cards)
    assert "height: auto" in OPTION_CSS and "float: none" in OPTION_CSS


def test_an_unscored_orientation_item_does_not_count() -> None:
    stem = next(s for s in catalogue.stems()
                if any(not q.scored for q in load_quiz(s).questions))
    widget = SelfCheck(stem)
    unscored = next(c for c in widget.cards if not c.question.scored)
    right = next(i for i, o in enumerate(unscored.question.options) if o.correct)
    widget.answer(unscored.question.id, right)
    assert (widget.answered, widget.correct) == (0, 0)
    assert "not scored" in unscored.prompt.value
    assert f"({len(widget.cards) - 1} scored questions)" in widget.score.value
    summary = progress_view.lesson_totals()[stem]
    assert summary is not None and unscored.question.id not in summary
