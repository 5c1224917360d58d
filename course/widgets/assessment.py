"""Lesson 08's widgets: a case study (decide first, then reveal) and the final assessment.

`CaseStudy` shows a client's record and story, asks the case's questions (self-check style),
and a "Reveal" button then shows what the course's models say: the screening decision with its
reasons, the planned sessions with conflicts and fixes, and the aftercare at a given hour.
`Assessment` (css `final-assessment`) asks 10–12 questions across the course at once; Submit
gives the score, feedback on every answer, a breakdown per lesson objective, and saves the
answers to the learner's progress.
"""

from __future__ import annotations

import html
import logging
from collections import defaultdict

import ipywidgets as widgets

from course import progress
from course.cases import LESSON, Case, CaseOutcome, case, outcome
from course.data import DataError
from course.lessons import lesson_info, short_name
from course.quiz import Quiz, load_quiz
from course.widgets.self_check import QuestionCard, Recorder, SelfCheck, feedback_html, notice_html

log = logging.getLogger(__name__)
ILLUSTRATIVE = ("Illustrative teaching cases and models from the course data, not advice for a real "
                "client; always follow your provider's protocol.")


def _items(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>" if lines else "<p>None.</p>"


def record_html(item: Case) -> str:
    """The client's story and record as a definition table."""
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k.replace('_', ' '))}</th>"
                   f"<td>{html.escape(str(v))}</td></tr>" for k, v in item.record.items())
    return (f"<h4>{html.escape(item.title)}</h4><p>{html.escape(item.story)}</p>"
            f'<details><summary>The consultation record</summary><table class="case-record">{rows}</table>'
            "</details>")


def outcome_html(result: CaseOutcome) -> str:
    """What the screening engine, planner and aftercare model say, as HTML."""
    a = result.assessment
    reasons = [f"<b>{html.escape(r.rule_id)}</b> ({html.escape(r.effect.replace('_', ' '))}): "
               f"{html.escape(r.title)} — {html.escape(r.detail)} [{html.escape(short_name(r.source))}]"
               for r in a.reasons]
    eligible = ""
    if a.eligible_from is not None:
        eligible = f"<p>Eligible from {a.eligible_from.isoformat()}.</p>"
    elif a.eligible_when:
        eligible = f"<p>Eligible when: {html.escape(a.eligible_when)}.</p>"
    parts = [f"<h5>Screening: {html.escape(a.decision.replace('_', ' '))}</h5>", _items(reasons), eligible]
    if result.plan is None:
        parts.append(f"<h5>Plan: refused as proposed</h5><p>{html.escape(result.plan_refusal or '')}</p>")
        parts.append(_items([html.escape(w) for w in a.plan.warnings]))
    else:
        plan = result.plan
        verdict = "acceptable" if plan.acceptable else "not acceptable"
        dates = ", ".join(d.isoformat() for d in plan.session_dates)
        conflicts = [f"{html.escape(c.level)}: {html.escape(c.text)}"
                     + "".join(f" <i>Fix: {html.escape(f.text)}</i>" for f in c.fixes)
                     for c in plan.conflicts]
        parts += [f"<h5>Plan (band {plan.band}): {verdict}</h5><p>Sessions: {dates}.</p>",
                  _items(conflicts + [html.escape(w) for w in plan.warnings])]
    care = result.aftercare
    restrictions = [f"{html.escape(r.title)} (until {r.end_h:g} h; sources {r.end_min_h:g}–{r.end_max_h:g} h)"
                    for r in care.active_restrictions]
    parts += [f"<h5>Aftercare {care.hours_after:g} h after the session</h5>",
              "<p>Do: " + html.escape("; ".join(s.title for s in care.do) or "nothing special") + "</p>",
              _items(restrictions), f"<p><i>{html.escape(ILLUSTRATIVE)}</i></p>"]
    return "".join(parts)


class CaseStudy(SelfCheck):
    """One case: the record, questions to answer first, then a Reveal button (css `case-study`)."""

    css_class = "case-study"

    def __init__(self, case_id: str, record: Recorder | None = None) -> None:
        self.case = case(case_id)
        super().__init__(LESSON, quiz=self.case.quiz(), record=record)
        self.remove_class(SelfCheck.css_class)
        self.story = widgets.HTML(record_html(self.case))
        self.reveal_button = widgets.Button(description="Reveal the course's answer",
                                            layout=widgets.Layout(width="auto"),
                                            tooltip="Show the screening, plan and aftercare for this case")
        self.reveal_button.add_class("case-study-reveal")
        self.revealed = widgets.HTML("")
        self.revealed.add_class("case-study-outcome")
        self.outcome: CaseOutcome | None = None
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.children = [self.story, *self.children, self.reveal_button, self.revealed]

    def reveal(self) -> None:
        try:
            self.outcome = outcome(self.case)
        except Exception as exc:  # a model still landing must not show a traceback
            log.warning("case %s could not be revealed: %s", self.case.id, exc)
            self.revealed.value = notice_html(f"The worked answer is not available yet ({exc}).")
            return
        self.revealed.value = outcome_html(self.outcome)


class Assessment(widgets.VBox):
    """The final assessment: all questions, one Submit, score, feedback and per-objective breakdown."""

    css_class = "final-assessment"

    def __init__(self, lesson: str = LESSON, quiz: Quiz | None = None,
                 record: Recorder | None = None) -> None:
        self.lesson = lesson
        self.record = record if record is not None else progress.record_answer
        self.message = widgets.HTML("")
        self.message.add_class(f"{self.css_class}-message")
        self.quiz = quiz
        if self.quiz is None:
            try:
                self.quiz = load_quiz(lesson)
            except DataError as exc:
                self.message.value = notice_html(f"The final assessment could not be loaded ({exc}).")
        questions = self.quiz.questions if self.quiz is not None else ()
        self.cards = [QuestionCard(q, n, lambda _c: None) for n, q in enumerate(questions, start=1)]
        for card in self.cards:
            card.button.layout.display = "none"  # one Submit for all
            card.prompt.value += f"<p><small>Checks: {html.escape(self._tag(card))}</small></p>"
        self.submit_button = widgets.Button(description="Submit answers", button_style="primary",
                                            tooltip="Mark every answer and show your score",
                                            disabled=not self.cards)
        self.submit_button.add_class(f"{self.css_class}-submit")
        self.submit_button.on_click(lambda _b: self.submit())
        self.score = widgets.HTML("")
        self.score.add_class(f"{self.css_class}-score")
        self.breakdown_html = widgets.HTML("")
        self.breakdown_html.add_class(f"{self.css_class}-breakdown")
        super().__init__(children=[self.message, *self.cards, self.submit_button, self.score,
                                   self.breakdown_html])
        self.add_class("course-widget")
        self.add_class(self.css_class)

    @staticmethod
    def _tag(card: QuestionCard) -> str:
        q = card.question
        try:
            title = lesson_info(q.lesson).title
        except ValueError:
            title = q.lesson
        return f"lesson {q.lesson[:2]} {title}, objective {q.objective}"

    @property
    def radios(self) -> dict[str, widgets.RadioButtons]:
        return {c.question.id: c.radio for c in self.cards}

    def choose(self, answers: dict[str, int]) -> None:
        """Select options by question id (tests and demonstrations)."""
        for qid, index in answers.items():
            self.radios[qid].value = index

    def submit(self) -> dict[tuple[str, int], tuple[int, int]]:
        """Mark every question, save answered ones, show score and breakdown; returns the breakdown."""
        breakdown: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        saved_ok = True
        for card in self.cards:
            q = card.question
            index = card.radio.value
            key = (q.lesson, q.objective)
            breakdown[key][1] += 1
            if index is None:
                card.checked_index = None
                right = q.options[q.correct_index]
                card.feedback.value = notice_html(
                    f"Not answered. The answer is “{right.text}”: {right.feedback}")
                continue
            card.checked_index = index
            card.feedback.value = feedback_html(q, index)
            breakdown[key][0] += int(bool(card.correct))
            try:
                self.record(self.lesson, q.id, index, bool(card.correct))
            except Exception as exc:
                log.warning("could not save progress: %s", exc)
                saved_ok = False
        correct = sum(c.correct is True for c in self.cards)
        answered = sum(c.checked_index is not None for c in self.cards)
        self.score.value = (f'<p class="final-assessment-score-text" aria-live="polite"><b>Score: {correct} '
                            f"of {len(self.cards)}</b> ({answered} answered)."
                            + ("" if saved_ok else " Your answers could not be saved to your progress.")
                            + "</p>")
        result = {k: (v[0], v[1]) for k, v in sorted(breakdown.items())}
        rows = "".join(f"<tr><td>{html.escape(lesson)}</td><td>{objective}</td><td>{c} of {t}</td></tr>"
                       for (lesson, objective), (c, t) in result.items())
        self.breakdown_html.value = ('<table class="final-assessment-objectives"><thead><tr><th>Lesson</th>'
                                     f"<th>Objective</th><th>Correct</th></tr></thead><tbody>{rows}</tbody>"
                                     "</table><p>Revisit the lesson objectives you missed.</p>")
        self.breakdown = result
        return result
