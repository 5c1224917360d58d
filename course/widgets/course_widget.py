"""`CourseWidget`: what every course form shares (CSS classes, an inline message, a description).

Forms (`SelfCheck`, `FinalAssessment`, `ProgressView`, `ScreeningForm`) subclass it. The message
sits at the top and speaks to the learner ("Check your input: …"); the description is one plain
sentence for screen readers and the static version. Colours come from `course.plots.style`.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import ipywidgets as widgets
from IPython.display import display

from course.plots.style import PALETTE
from course.time_labels import date_label
from course.widgets.a11y import display_a11y

WIDE = {"description_width": "initial"}  # labels are never cut to "R…"
ALERT = PALETTE["vermillion"]
NOTICE = PALETTE["sky"]
RIGHT = PALETTE["green"]


def box_html(text: str, colour: str, css: str, role: str = "status", lead: str = "") -> str:
    """A left-bordered box; `lead` (bold, e.g. "Check your input:") goes before the escaped text."""
    bold = f"<b>{html.escape(lead)}</b> " if lead else ""
    return (f'<div class="{css}" role="{role}" style="border-left:4px solid {colour};padding:4px 8px">'
            f"{bold}{html.escape(text)}</div>")


def notice_html(text: str, css: str = "course-notice") -> str:
    """A neutral note (nothing wrong with the learner's input)."""
    return box_html(text, NOTICE, css)


def date_text(day: dt.date | None) -> str:
    """Every date a learner reads, one way: '03 Mar 2025' ('—' when there is none), as the planner."""
    return "—" if day is None else date_label(day)


def auto_width(*controls: widgets.Widget) -> None:
    """Let buttons and dropdowns size to their text, so labels are never cut off."""
    for control in controls:
        control.layout.width = "auto"
        if hasattr(control, "style") and "description_width" in control.style.keys:
            control.style.description_width = "initial"


class CourseWidget(widgets.VBox):
    """A course form: classes `course-widget` and `css_class`, `message` on top, `description` below."""

    css_class = "course-form"
    MESSAGE_LEAD = "Check your input:"

    def __init__(self, children: list[widgets.Widget] | tuple[widgets.Widget, ...] = (), **kwargs) -> None:
        self.message = widgets.HTML("", layout=widgets.Layout(display="none"))
        self.message.add_class(f"{self.css_class}-message")
        self.message.add_class("course-message")
        self.description = widgets.HTML("")
        self.description.add_class(f"{self.css_class}-description")
        self.description.add_class("course-description")
        super().__init__(children=list(children), **kwargs)
        self.add_class("course-widget")
        self.add_class(self.css_class)

    def _ipython_display_(self, **kwargs) -> None:
        """The accessibility script (`a11y`: slider names, spoken descriptions, alt), then the widget."""
        display_a11y()
        display(self._repr_mimebundle_(**kwargs), raw=True)

    def show_message(self, text: str, lead: str | None = None) -> None:
        """An alert the learner must act on (screen readers announce it)."""
        lead = self.MESSAGE_LEAD if lead is None else lead
        self.message.value = box_html(text, ALERT, "course-message-text", "alert", lead)
        self.message.layout.display = "block"

    def show_notice(self, text: str) -> None:
        """A neutral note in the message area (saved, reset, nothing to load …)."""
        self.message.value = box_html(text, NOTICE, "course-message-text")
        self.message.layout.display = "block"

    def clear_message(self) -> None:
        self.message.value = ""
        self.message.layout.display = "none"

    @property
    def message_text(self) -> str:
        """The message without markup or lead ('' when there is none)."""
        text = html.unescape(re.sub(r"<[^>]+>", "", self.message.value))
        return text.replace(f"{self.MESSAGE_LEAD} ", "", 1)

    def show_description(self, text: str) -> None:
        self.description.value = f'<p class="course-description-text">{html.escape(text)}</p>'
