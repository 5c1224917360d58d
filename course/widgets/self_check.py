"""The self-check at the end of a lesson: one card per question, feedback per option, a score.

Each question shows its prompt, labelled radio buttons (Tab to reach them, arrow keys to move)
in an order shuffled for this learner (`course.quiz.option_order`, stable across reloads), and a
"Check" button. Checking shows the feedback written for the chosen option, updates the score and
records the answer (by its stored index, so nothing depends on the order) in `course.progress`.
Long options wrap beside their own radio button at any width (`OPTION_CSS`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

import ipywidgets as widgets

from course import progress
from course.data import DataError, MissingDataFile
from course.quiz import Question, Quiz, load_quiz, option_order
from course.userdir import learner_id
from course.widgets.course_widget import ALERT, RIGHT, WIDE, CourseWidget, box_html, notice_html

log = logging.getLogger(__name__)

Recorder = Callable[[str, str, int, bool], object]

# ipywidgets gives each option a fixed-height line with a floated radio: a wrapped option then
# spills onto the next one. Options become flex rows that grow with their text instead.
OPTION_CSS = """<style>
.course-options {flex-wrap: wrap; max-width: 100%;}
.course-options > .widget-label {min-width: 0; width: 100%;}
.course-options .widget-radio-box {flex: 1 1 16em; min-width: 0;}
.course-options .widget-radio-box label {display: flex; align-items: flex-start; height: auto;
  line-height: 1.35; padding: 3px 0; white-space: normal; overflow-wrap: anywhere;}
.course-options .widget-radio-box input {float: none; order: -1; flex: 0 0 auto; height: 1.35em;
  margin: 0 0.5em 0 1px;}
</style>"""


def option_style() -> widgets.HTML:
    """The stylesheet that lets options wrap beside their own button (one per quiz widget)."""
    style = widgets.HTML(OPTION_CSS, layout=widgets.Layout(height="0px", overflow="hidden"))
    style.add_class("course-option-style")
    return style


def feedback_html(question: Question, option_index: int) -> str:
    """The feedback box for one chosen option: a colour, a sign and a word, never colour alone."""
    option = question.options[option_index]
    colour, verdict = (RIGHT, "✔ Correct.") if option.correct else (ALERT, "✘ Not quite.")
    return box_html(option.feedback, colour, "self-check-feedback-text", lead=verdict)


def learner() -> str:
    """This learner's id, or a shared one when the user folder cannot be written."""
    try:
        return learner_id()
    except OSError as exc:
        log.warning("no learner id (%s): options are shown in one shared order", exc)
        return "anonymous"


class QuestionCard(widgets.VBox):
    """One question: prompt, radio buttons (values are stored option indexes), Check button, feedback."""

    def __init__(self, question: Question, number: int, on_check: Callable[[QuestionCard], None],
                 order: list[int] | None = None) -> None:
        self.question = question
        self.order = order if order is not None else list(range(len(question.options)))
        unscored = "" if question.scored else " <i>(practice question: not scored)</i>"
        self.prompt = widgets.HTML(f"<p><b>Question {number}.</b>{unscored} "
                                   f"{html.escape(question.prompt)}</p>")
        self.radio = widgets.RadioButtons(
            options=[(question.options[i].text, i) for i in self.order], value=None,
            description="Your answer", style=WIDE, layout=widgets.Layout(width="auto"))
        self.radio.add_class("self-check-options")
        self.radio.add_class("course-options")
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


def load_or_explain(lesson: str, widget: CourseWidget, what: str) -> Quiz | None:
    """A lesson's quiz, or None with a friendly note in `widget`'s message area."""
    try:
        return load_quiz(lesson)
    except MissingDataFile:
        widget.show_notice(f"There is no {what} for this lesson yet.")
    except DataError as exc:
        log.warning("quiz for %s did not load: %s", lesson, exc)
        widget.show_notice(f"The {what} for this lesson could not be loaded, so it is skipped here. "
                           f"Please tell your instructor: {exc}")
    return None


class SelfCheck(CourseWidget):
    """All questions of one lesson's quiz with a running score (css class `self-check`)."""

    css_class = "self-check"

    def __init__(self, lesson: str, quiz: Quiz | None = None, record: Recorder | None = None) -> None:
        super().__init__()
        self.lesson = lesson
        self.record = record if record is not None else progress.record_answer
        self.score = widgets.HTML("")
        self.score.add_class("self-check-score")
        self.quiz = quiz if quiz is not None else load_or_explain(lesson, self, "self-check")
        who = learner()
        self.cards = [QuestionCard(q, n, self._check, self.order_for(q, who))
                      for n, q in enumerate(self.quiz.questions if self.quiz else (), start=1)]
        self.children = [option_style(), self.message, *self.cards, self.score]
        if record is None:
            self.restore()
        self._update_score()

    def restore(self) -> None:
        """Show the answers saved in the learner's progress (so a reload keeps them)."""
        try:
            document, problem = progress.load()
        except OSError as exc:
            log.warning("progress not read: %s", exc)
            return
        if problem:
            self.show_notice(problem)
        saved = document["lessons"].get(self.lesson, {})
        for card in self.cards:
            entry = saved.get(card.question.id)
            option = entry.get("option") if isinstance(entry, dict) else None
            if isinstance(option, int) and not isinstance(option, bool) and option in card.order:
                card.radio.value = option
                card.checked_index = option
                card.feedback.value = feedback_html(card.question, option)

    def order_for(self, question: Question, who: str) -> list[int]:
        return option_order(f"{self.lesson}/{question.id}", who, len(question.options))

    @property
    def radios(self) -> dict[str, widgets.RadioButtons]:
        return {c.question.id: c.radio for c in self.cards}

    @property
    def buttons(self) -> dict[str, widgets.Button]:
        return {c.question.id: c.button for c in self.cards}

    def card(self, question_id: str) -> QuestionCard:
        return next(c for c in self.cards if c.question.id == question_id)

    def answer(self, question_id: str, option_index: int) -> QuestionCard:
        """Choose an option by its stored index and press Check (tests and demonstrations)."""
        card = self.card(question_id)
        card.radio.value = option_index
        card.button.click()
        return card

    def _check(self, card: QuestionCard) -> None:
        index = card.radio.value
        if index is None:
            card.feedback.value = notice_html("Choose an answer first, then press Check.",
                                              "self-check-notice")
            return
        card.checked_index = index
        card.feedback.value = feedback_html(card.question, index)
        self._update_score()
        try:
            self.record(self.lesson, card.question.id, index, bool(card.correct))
        except Exception as exc:  # saving progress must never break the lesson
            log.warning("could not save progress: %s", exc)
            self.show_notice(f"Your answer was checked but could not be saved to your progress ({exc}).")

    @property
    def scored_cards(self) -> list[QuestionCard]:
        """The questions that count (an orientation item may be marked `"scored": false`)."""
        return [c for c in self.cards if c.question.scored]

    @property
    def answered(self) -> int:
        return sum(c.checked_index is not None for c in self.scored_cards)

    @property
    def correct(self) -> int:
        return sum(c.correct is True for c in self.scored_cards)

    def _update_score(self) -> None:
        if not self.cards:
            self.score.value = ""
            return
        self.score.value = (f'<p class="self-check-score-text" aria-live="polite">Score so far: '
                            f"{self.correct} correct of {self.answered} answered "
                            f"({len(self.scored_cards)} scored questions).</p>")
