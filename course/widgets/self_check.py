"""The self-check at the end of a lesson: one card per question, feedback per option, a score.

Each question shows its prompt, labelled radio buttons (Tab to reach them, arrow keys to move),
and a "Check" button. Checking shows the feedback written for the chosen option — every
wrong option has its own — updates the score, and records the answer in the learner's
progress (`course.progress`). A lesson without a quiz file shows a friendly note instead.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

import ipywidgets as widgets

from course import progress
from course.data import DataError, MissingDataFile
from course.quiz import Question, Quiz, load_quiz

log = logging.getLogger(__name__)

Recorder = Callable[[str, str, int, bool], object]

RIGHT = ("#009E73", "✔ Correct.")  # Okabe–Ito green plus a tick and a word: not colour alone
WRONG = ("#D55E00", "✘ Not quite.")


def feedback_html(question: Question, option_index: int) -> str:
    """The feedback box for one chosen option."""
    option = question.options[option_index]
    colour, verdict = RIGHT if option.correct else WRONG
    return (f'<div class="self-check-feedback-text" role="status" style="border-left:4px solid '
            f'{colour};padding:4px 8px"><b>{verdict}</b> {html.escape(option.feedback)}</div>')


def notice_html(text: str) -> str:
    return (f'<div class="self-check-notice" style="border-left:4px solid #56B4E9;'
            f'padding:4px 8px">{html.escape(text)}</div>')


class QuestionCard(widgets.VBox):
    """One question: prompt, radio buttons, Check button, feedback."""

    def __init__(self, question: Question, number: int, on_check: Callable[[QuestionCard], None]) -> None:
        self.question = question
        self.prompt = widgets.HTML(f"<p><b>Question {number}.</b> {html.escape(question.prompt)}</p>")
        self.radio = widgets.RadioButtons(
            options=[(o.text, i) for i, o in enumerate(question.options)], value=None,
            description="Your answer", style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.radio.add_class("self-check-options")
        self.button = widgets.Button(description="Check", tooltip=f"Check your answer to question {number}",
                                     button_style="primary")
        self.button.add_class("self-check-button")
        self.feedback = widgets.HTML("")
        self.feedback.add_class("self-check-feedback")
        self.checked_index: int | None = None
        self.button.on_click(lambda _b: on_check(self))
        super().__init__(children=[self.prompt, self.radio, self.button, self.feedback])
        self.add_class("self-check-question")

    @property
    def correct(self) -> bool | None:
        """Whether the last checked answer was right (None before any check)."""
        if self.checked_index is None:
            return None
        return self.question.options[self.checked_index].correct


class SelfCheck(widgets.VBox):
    """All questions of one lesson's quiz with a running score (css class `self-check`)."""

    css_class = "self-check"

    def __init__(self, lesson: str, quiz: Quiz | None = None, record: Recorder | None = None) -> None:
        self.lesson = lesson
        self.record = record if record is not None else progress.record_answer
        self.message = widgets.HTML("")
        self.message.add_class("self-check-message")
        self.score = widgets.HTML("")
        self.score.add_class("self-check-score")
        self.cards: list[QuestionCard] = []
        self.quiz = quiz if quiz is not None else self._load(lesson)
        if self.quiz is not None:
            self.cards = [QuestionCard(q, n, self._check) for n, q in enumerate(self.quiz.questions, start=1)]
        super().__init__(children=[self.message, *self.cards, self.score])
        self.add_class("course-widget")
        self.add_class(self.css_class)
        self._update_score()

    def _load(self, lesson: str) -> Quiz | None:
        try:
            return load_quiz(lesson)
        except MissingDataFile:
            self.message.value = notice_html("There is no self-check for this lesson yet.")
        except DataError as exc:
            log.warning("quiz for %s did not load: %s", lesson, exc)
            self.message.value = notice_html(
                f"The self-check for this lesson could not be loaded, so it is skipped here. "
                f"Please tell your instructor: {exc}")
        return None

    @property
    def radios(self) -> dict[str, widgets.RadioButtons]:
        return {c.question.id: c.radio for c in self.cards}

    @property
    def buttons(self) -> dict[str, widgets.Button]:
        return {c.question.id: c.button for c in self.cards}

    def card(self, question_id: str) -> QuestionCard:
        return next(c for c in self.cards if c.question.id == question_id)

    def answer(self, question_id: str, option_index: int) -> QuestionCard:
        """Choose an option and press Check (for tests and demonstrations)."""
        card = self.card(question_id)
        card.radio.value = option_index
        card.button.click()
        return card

    def _check(self, card: QuestionCard) -> None:
        index = card.radio.value
        if index is None:
            card.feedback.value = notice_html("Choose an answer first, then press Check.")
            return
        card.checked_index = index
        card.feedback.value = feedback_html(card.question, index)
        self._update_score()
        try:
            self.record(self.lesson, card.question.id, index, bool(card.correct))
        except Exception as exc:  # saving progress must never break the lesson
            log.warning("could not save progress: %s", exc)
            self.message.value = notice_html(
                f"Your answer was checked but could not be saved to your progress ({exc}).")

    @property
    def answered(self) -> int:
        return sum(c.checked_index is not None for c in self.cards)

    @property
    def correct(self) -> int:
        return sum(c.correct is True for c in self.cards)

    def _update_score(self) -> None:
        if not self.cards:
            self.score.value = ""
            return
        self.score.value = (f'<p class="self-check-score-text" aria-live="polite">Score so far: '
                            f"{self.correct} correct of {self.answered} answered "
                            f"({len(self.cards)} questions).</p>")
