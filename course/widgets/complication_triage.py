"""The complication triage (css class `complication-triage`): what the client reports and the day
after the session in, the level (expected / call the clinic today / urgent) with the likely cause,
the action and the source out.

No clinical rule lives here: `course.triage` decides, `course.tables.triage_card` draws the card.
The level is given in words and a symbol as well as a colour. A day outside 0–365 shows a message
naming the box; the last valid card stays on screen and the typed value is kept.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from course import triage
from course.errors import InvalidInput
from course.plots.style import PALETTE
from course.tables import triage_card
from course.widgets.course_widget import WIDE, CourseWidget

CSS = "complication-triage"
LEVEL_COLOURS = {"expected": PALETTE["green"], "call_clinic": PALETTE["orange"],
                 "urgent": PALETTE["vermillion"]}
REPORT_LABEL = "What the client reports"
DAY_LABEL = "Day after the session (0 = same day)"
STALE = "The card above is still your previous answer: fix the day and it updates."


class ComplicationTriage(CourseWidget):
    """Client's report + day after the session -> `course.triage.triage` -> a result card."""

    css_class = CSS

    def __init__(self, report: str = "redness_fading", day_after: int = 1) -> None:
        super().__init__()
        reports = triage.reports()
        if report not in reports:
            raise InvalidInput("report", f"{report!r} is not a report; use one of {', '.join(reports)}.")
        self.result: triage.TriageResult | None = None
        self.report = widgets.Dropdown(description=REPORT_LABEL, style=WIDE, value=report,
                                       options=[(label, code) for code, label in reports.items()],
                                       layout=widgets.Layout(width="auto", max_width="100%"))
        self.report.add_class(f"{CSS}-report")
        self.day = widgets.IntText(description=DAY_LABEL, style=WIDE, value=day_after,
                                   continuous_update=True, layout=widgets.Layout(width="30em"))
        self.day.add_class(f"{CSS}-day")
        self.card = widgets.HTML("")
        self.card.add_class(f"{CSS}-card")
        self.report.observe(self.update, names="value")
        self.day.observe(self.update, names="value")
        self.children = [self.report, self.day, self.message, self.card, self.description]
        self.update()

    def update(self, _change: object = None) -> None:
        """Triage the current choice; on bad input show the message and keep the last card."""
        try:
            result = triage.triage(self.report.value, self.day.value)
        except InvalidInput as err:
            self.show_message(f"{DAY_LABEL.split(' (')[0]}: {err}" if err.field == "day_after" else str(err))
            if self.result is not None:
                self.show_description(STALE)
            return
        self.clear_message()
        self.result = result
        colour = LEVEL_COLOURS[result.level]
        self.card.value = (f'<div style="border-left:6px solid {colour};padding:2px 10px">'
                           f"{triage_card(result).html}</div>")
        day = "the day of the session" if result.day_after == 0 else f"day {result.day_after}"
        self.show_description(f"On {day}, “{result.label}”: {result.level_words}. {result.likely}.")

    @property
    def card_text(self) -> str:
        """The card without markup, as a screen reader reads it."""
        return html.unescape(re.sub(r"<[^>]+>", " ", self.card.value)).strip()
