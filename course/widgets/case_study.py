"""`CaseStudy` (css `case-study`): a client's story and record, questions first, then the reveal.

The record is shown in words (labels as on the screening form, days and weeks, never codes or
`None`); "Reveal" runs the course's own engines (`course.cases.outcome`) and shows the screening
decision with its reasons, the plan (marked when it starts before the client is eligible) and
the aftercare in days and weeks.
"""

from __future__ import annotations

import html
import logging

import ipywidgets as widgets

from course.aftercare import hours_label
from course.cases import Case, CaseOutcome, case, final_lesson, outcome
from course.sources import short_name
from course.widgets.course_widget import date_text
from course.widgets.record_text import record_rows, words
from course.widgets.screening_report import eligibility_html
from course.widgets.self_check import Recorder, SelfCheck

log = logging.getLogger(__name__)
ILLUSTRATIVE = ("Illustrative teaching cases and models from the course data, not advice for a real "
                "client; always follow your provider's protocol.")
HEADING = "<h4 style='font-size:1.1em;margin:0.8em 0 0.2em'>{}</h4>"


def _items(title: str, lines: list[str]) -> str:
    """A labelled list ('Reasons: none' rather than a lone 'None.')."""
    if not lines:
        return f"<p><b>{html.escape(title)}:</b> none.</p>"
    return f"<p><b>{html.escape(title)}:</b></p><ul>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul>"


def record_html(item: Case) -> str:
    """The client's story and record (in words) as a definition table."""
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                   f"<td>{html.escape(v)}</td></tr>" for k, v in record_rows(item.record))
    return (f"<h4>{html.escape(item.title)}</h4><p>{html.escape(item.story)}</p>"
            f'<details><summary>The consultation record</summary><table class="case-record">{rows}</table>'
            "</details>")


def _plan_html(result: CaseOutcome) -> list[str]:
    a = result.assessment
    if result.plan is None:
        return [HEADING.format("Plan: refused as proposed"),
                f"<p>{html.escape(result.plan_refusal or '')}</p>",
                _items("Warnings", [html.escape(w) for w in a.plan.warnings])]
    plan = result.plan
    verdict = "acceptable" if plan.acceptable else "not acceptable"
    early = a.eligible_from is not None and plan.session_dates[0] < a.eligible_from
    if early or (a.decision in ("defer", "refer") and a.eligible_from is None):
        verdict = ("on hold: the dates below are the plan as proposed, and no session may take place "
                   + (f"before {date_text(a.eligible_from)}" if a.eligible_from else "until the client is "
                      "eligible") + "; plan again from then")
    dates = ", ".join(date_text(d) for d in plan.session_dates)
    conflicts = [f"{html.escape(c.level)} conflict: {html.escape(c.text)}"
                 + "".join(f" <i>Fix: {html.escape(f.text)}</i>" for f in c.fixes) for c in plan.conflicts]
    return [HEADING.format(f"Plan (depth band {html.escape(str(plan.band))}): {html.escape(verdict)}"),
            f"<p>Sessions: {dates}.</p>",
            _items("Conflicts and warnings", conflicts + [html.escape(w) for w in plan.warnings])]


def outcome_html(result: CaseOutcome) -> str:
    """What the screening engine, planner and aftercare model say, in words, days and weeks."""
    a = result.assessment
    reasons = [f"<b>{html.escape(r.title or words(r.rule_id))}</b> ({html.escape(words(r.effect))}): "
               f"{html.escape(r.detail)} [{html.escape(short_name(r.source))}]" for r in a.reasons]
    parts = [HEADING.format(f"Screening: {html.escape(words(a.decision))}"),
             _items("Reasons", reasons), eligibility_html(a), *_plan_html(result)]
    care = result.aftercare
    restrictions = []
    for r in care.active_restrictions:
        span = (f"sources say {hours_label(r.end_min_h)} to {hours_label(r.end_max_h)}"
                if r.end_min_h != r.end_max_h else "")
        restrictions.append(f"{html.escape(r.title)}: until {hours_label(r.end_h)} after the session"
                            + (f" ({span})" if span else ""))
    when = hours_label(care.hours_after)
    parts += [HEADING.format(f"Aftercare {when} after the session (the time this case asks about)"),
              "<p><b>Do:</b> " + html.escape("; ".join(s.title for s in care.do) or "nothing special")
              + "</p>",
              _items("Still to avoid", restrictions), f"<p><i>{html.escape(ILLUSTRATIVE)}</i></p>"]
    return "".join(parts)


class CaseStudy(SelfCheck):
    """One case: the record, questions to answer first, then a Reveal button (css `case-study`)."""

    css_class = "case-study"

    def __init__(self, case_id: str, record: Recorder | None = None) -> None:
        self.case = case(case_id)
        super().__init__(final_lesson(), quiz=self.case.quiz(), record=record)
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
            self.show_notice(f"The worked answer is not available yet ({exc}).")
            return
        self.revealed.value = outcome_html(self.outcome)
