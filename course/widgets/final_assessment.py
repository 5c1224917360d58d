"""`FinalAssessment` (css `final-assessment`): questions across the course, one final submission.

Options are shuffled per learner and question (stable across reloads); marks never depend on
the order. Submitting with questions unanswered names them and asks first; no answer is shown
before the submission is final. The first final submission is the one that counts: it is saved
to progress and to `results.json` (`course.results`, with a download link), shows a result per
objective with the lessons to revisit, and survives a reload (a damaged file is set aside).
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import logging
import re
import time
from collections import defaultdict
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import ipywidgets as widgets

from course import progress, results
from course.catalogue import final_lesson, lesson_info, link
from course.quiz import Question, Quiz
from course.widgets.course_widget import CourseWidget, date_text, notice_html
from course.widgets.self_check import (
    QuestionCard,
    Recorder,
    feedback_html,
    learner,
    load_or_explain,
    option_order,
    option_style,
)

log = logging.getLogger(__name__)
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PASS_SHARE = 0.75  # an objective with under 75% right is "to revisit" (course convention)


@lru_cache(maxsize=32)
def lesson_objectives(lesson: str) -> tuple[str, ...]:
    """The numbered objectives under a lesson's "## Objectives" heading ('' list when not found)."""
    try:
        cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return ()
    for cell in cells:
        text = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and text.lstrip().startswith("## Objectives"):
            return tuple(re.findall(r"^\s*\d+\.\s+(.+?)\s*$", text, flags=re.MULTILINE))
    return ()


def objective_words(lesson: str, number: int) -> str:
    """'Microneedling basics: Explain why …' (lesson title and the objective's own words)."""
    try:
        title = lesson_info(lesson).title
    except ValueError:
        title = lesson
    found = lesson_objectives(lesson)
    words = found[number - 1] if 0 < number <= len(found) else f"objective {number}"
    words = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", words)  # notebook emphasis, not shown as stars
    return f"{title}: {words}"


def _numbers(items: list[int]) -> str:
    text = [str(n) for n in items]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]


class FinalAssessment(CourseWidget):
    """The final assessment: all questions, one final Submit, score, per-objective result, results file."""

    css_class = "final-assessment"

    def __init__(self, lesson: str | None = None, quiz: Quiz | None = None,
                 record: Recorder | None = None) -> None:
        super().__init__()
        self.lesson = lesson = lesson or final_lesson()
        self.record = record if record is not None else progress.record_answer
        self.quiz = quiz if quiz is not None else load_or_explain(lesson, self, "final assessment")
        who = learner()
        questions = self.quiz.questions if self.quiz is not None else ()
        self.cards = [QuestionCard(q, n, lambda _c: None,
                                   option_order(f"{lesson}/{q.id}", who, len(q.options)))
                      for n, q in enumerate(questions, start=1)]
        for card in self.cards:
            card.button.layout.display = "none"  # one Submit for all
            card.prompt.value += f"<p><small>Checks: {html.escape(self._tag(card.question))}</small></p>"
        self.submit_button = self._button("Submit answers", "primary", "submit",
                                          "Mark every answer and show your result (final)")
        self.submit_button.disabled = not self.cards
        self.confirm_button = self._button("Submit anyway (final)", "warning", "confirm",
                                           "Submit now; unanswered questions count as not correct")
        self.keep_button = self._button("Keep answering", "", "keep", "Go back to the questions")
        self.confirm_box = widgets.HBox([self.confirm_button, self.keep_button],
                                        layout=widgets.Layout(display="none"))
        self.submit_button.on_click(lambda _b: self.submit())
        self.confirm_button.on_click(lambda _b: self.submit(final=True))
        self.keep_button.on_click(lambda _b: self._hide_confirm())
        self.score = widgets.HTML("")
        self.score.add_class(f"{self.css_class}-score")
        self.breakdown_html = widgets.HTML("")
        self.breakdown_html.add_class(f"{self.css_class}-breakdown")
        self.download = widgets.HTML("")
        self.download.add_class(f"{self.css_class}-download")
        self.submitted = False
        self.breakdown: dict[tuple[str, int], tuple[int, int]] = {}
        self.children = [option_style(), *self.cards, self.message, self.submit_button, self.confirm_box,
                         self.score, self.breakdown_html, self.download]
        if record is None and self.cards:
            self._restore()

    def _button(self, label: str, style: str, css: str, tip: str) -> widgets.Button:
        button = widgets.Button(description=label, button_style=style, tooltip=tip,
                                layout=widgets.Layout(width="auto"))
        button.add_class(f"{self.css_class}-{css}")
        return button

    @staticmethod
    def _tag(q: Question) -> str:
        return objective_words(q.lesson, q.objective)

    @property
    def radios(self) -> dict[str, widgets.RadioButtons]:
        return {c.question.id: c.radio for c in self.cards}

    def choose(self, answers: dict[str, int]) -> None:
        """Select options by question id and stored option index (tests and demonstrations)."""
        for qid, index in answers.items():
            self.radios[qid].value = index

    def _hide_confirm(self) -> None:
        self.confirm_box.layout.display = "none"
        self.clear_message()

    def submit(self, final: bool = False) -> dict[tuple[str, int], tuple[int, int]] | None:
        """Mark and save all answers; with questions unanswered, ask first unless `final`."""
        if self.submitted:
            self.show_notice("Your answers were already submitted; the first submission is the one "
                             "that counts.")
            return None
        missing = [n for n, card in enumerate(self.cards, start=1) if card.radio.value is None]
        if missing and not final:
            for card in self.cards:
                card.feedback.value = (notice_html("Not answered yet.", "final-assessment-unanswered")
                                       if card.radio.value is None else "")
            which = "question" if len(missing) == 1 else "questions"
            self.show_message(f"You have not answered {which} {_numbers(missing)} yet. Answer them, or "
                              "press “Submit anyway (final)”: a submission cannot be redone, and "
                              "unanswered questions count as not correct.", lead="Before you submit:")
            self.confirm_box.layout.display = "flex"
            return None
        return self._finish()

    def _finish(self) -> dict[tuple[str, int], tuple[int, int]]:
        self.submitted = True
        self.confirm_box.layout.display = "none"
        self.submit_button.disabled = True
        self.clear_message()
        saved_ok = True
        for card in self.cards:
            index = card.radio.value
            card.radio.disabled = True
            card.checked_index = index
            if index is None:
                right = card.question.options[card.question.correct_index]
                card.feedback.value = notice_html(
                    f"Not answered (counts as not correct). The answer was “{right.text}”: {right.feedback}",
                    "final-assessment-unanswered")
                continue
            card.feedback.value = feedback_html(card.question, index)
            try:
                self.record(self.lesson, card.question.id, index, bool(card.correct))
            except Exception as exc:
                log.warning("could not save progress: %s", exc)
                saved_ok = False
        self.breakdown = self._count()
        objectives = [results.ObjectiveResult(objective_words(lesson, number), c, t,
                                              () if c >= PASS_SHARE * t else (lesson,))
                      for (lesson, number), (c, t) in self.breakdown.items()]
        try:
            document = results.results_document(objectives, learner())
            if self.record is progress.record_answer:
                results.write_document(document)
        except (OSError, results.ResultsError) as exc:
            log.warning("results not written: %s", exc)
            document, saved_ok = results.results_document(objectives, "anonymous"), False
        self._show(document, saved_ok)
        return self.breakdown

    def _count(self) -> dict[tuple[str, int], tuple[int, int]]:
        counts: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        for card in self.cards:
            key = (card.question.lesson, card.question.objective)
            counts[key][0] += int(card.correct is True)
            counts[key][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(counts.items())}

    def _show(self, document: dict, saved_ok: bool = True) -> None:
        """Score, the per-objective table with lessons to revisit, and the download link."""
        score = document["score"]
        answered = sum(c.checked_index is not None for c in self.cards)
        when = date_text(results_day(document))
        self.score.value = (f'<p class="final-assessment-score-text" aria-live="polite"><b>Score: '
                            f"{score['correct']} of {score['total']}</b> ({answered} answered; submitted "
                            f"{when}; this first submission is the one that counts)."
                            + ("" if saved_ok else " Your result could not be saved in your course folder.")
                            + "</p>")
        rows = []
        for item in document["objectives"]:
            revisit = ", ".join(f'<a href="{link(stem)}">{html.escape(_title(stem))}</a>'
                                for stem in item["revisit"]) or "✔ nothing to revisit"
            rows.append(f"<tr><td>{html.escape(item['objective'])}</td><td style='white-space:nowrap'>"
                        f"{item['correct']} of {item['total']}</td><td>{revisit}</td></tr>")
        self.breakdown_html.value = (
            '<table class="final-assessment-objectives"><thead><tr><th>Objective</th><th>Correct</th>'
            f"<th>Revisit</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
        self.download.value = f"<p>{results_link_html(document)} to keep them or hand them in.</p>"

    def _restore(self) -> None:
        """After a reload: show the submission already made (its answers from progress), or start fresh."""
        path = results.results_path()
        if not path.exists():
            return
        try:
            document = results.load_results(path)
        except results.ResultsError as exc:
            aside = path.with_name(f"{results.FILE_NAME}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            with contextlib.suppress(OSError):
                path.replace(aside)
            log.warning("results file set aside: %s", exc)
            self.show_notice(f"Your earlier results could not be read, so you can submit again. The "
                             f"damaged file was kept as {aside.name}.")
            return
        saved = progress.answers(self.lesson)
        for card in self.cards:
            entry = saved.get(card.question.id)
            option = entry.get("option") if isinstance(entry, dict) else None
            if option in card.order:
                card.radio.value = option
                card.feedback.value = feedback_html(card.question, option)
            card.checked_index = card.radio.value
            card.radio.disabled = True
        self.submitted = True
        self.submit_button.disabled = True
        self.breakdown = self._count()
        self._show(document)


def results_link_html(document: dict) -> str:
    """A link that downloads the results document as `results.json` from the page itself."""
    payload = base64.b64encode(results.results_json(document).encode("utf-8")).decode("ascii")
    return (f'<a class="final-assessment-download-link" download="{results.FILE_NAME}" '
            f'href="data:application/json;base64,{payload}">Download your results ({results.FILE_NAME})</a>')


def _title(stem: str) -> str:
    try:
        return lesson_info(stem).title
    except ValueError:
        return stem


def results_day(document: dict) -> date:
    """The submission date of a results document."""
    return datetime.fromisoformat(document["submitted_at"]).date()
