"""The learner's progress on the start page: self-check results per lesson, reset, download.

Shows, for every lesson, how many self-check questions were answered and how many correctly,
out of the lesson's total; a Refresh button (answers are saved from other notebooks); a Reset
button that asks for confirmation first; and a download link for `progress.json`, because on
Binder the file is lost when the session ends.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as widgets

from course import progress, results
from course.catalogue import all_lessons, link
from course.data import DataError
from course.quiz import load_quiz
from course.widgets.course_widget import CourseWidget, date_text
from course.widgets.final_assessment import results_day, results_link_html

BINDER_NOTE = ("Your progress is saved in a file in your user folder on this computer, never in the "
               "course files. On Binder it is lost when the session ends: download it to keep a copy.")


def lesson_totals() -> dict[str, tuple[str, ...] | None]:
    """Question ids per lesson (None for a lesson with no usable quiz yet)."""
    totals: dict[str, tuple[str, ...] | None] = {}
    for item in all_lessons():
        try:
            totals[item.lesson] = tuple(q.id for q in load_quiz(item.lesson).questions if q.scored)
        except DataError:
            totals[item.lesson] = None
    return totals


class ProgressView(CourseWidget):
    """Per-lesson self-check progress with Refresh, Reset (confirmed) and a download link."""

    css_class = "progress-view"

    def __init__(self) -> None:
        super().__init__()
        self.table = widgets.HTML("")
        self.table.add_class(f"{self.css_class}-table")
        self.download = widgets.HTML("")
        self.download.add_class(f"{self.css_class}-download")
        self.refresh_button = widgets.Button(description="Refresh", tooltip="Read your saved progress again")
        self.reset_button = widgets.Button(description="Reset progress…", button_style="warning",
                                           layout=widgets.Layout(width="auto"),
                                           tooltip="Erase all saved self-check answers (asks first)")
        self.confirm_button = widgets.Button(description="Yes, erase my progress", button_style="danger",
                                            layout=widgets.Layout(width="auto"))
        self.cancel_button = widgets.Button(description="Cancel")
        self.confirm_box = widgets.HBox(
            [widgets.HTML("<b>Erase every saved answer?</b> This cannot be undone."),
             self.confirm_button, self.cancel_button],
            layout=widgets.Layout(display="none"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.reset_button.on_click(lambda _b: self._ask())
        self.cancel_button.on_click(lambda _b: self._hide_confirm())
        self.confirm_button.on_click(lambda _b: self._reset())
        self.summaries: dict[str, progress.LessonSummary] = {}
        self.children = [
            self.message, self.table, widgets.HBox([self.refresh_button, self.reset_button]),
            self.confirm_box, widgets.HTML(f"<p>{html.escape(BINDER_NOTE)}</p>"), self.download,
        ]
        self.refresh()

    def refresh(self, note: str = "") -> None:
        """Re-read the progress file and redraw the table and download link."""
        _, problem = progress.load()
        if problem or note:
            self.show_notice(problem or note)
        else:
            self.clear_message()
        totals = lesson_totals()
        rows = []
        for item in all_lessons():
            ids = totals[item.lesson]
            summary = progress.lesson_summary(item.lesson, None if ids is None else len(ids), ids)
            self.summaries[item.lesson] = summary
            shown = "no self-check yet" if ids is None else summary.text()
            rows.append(f'<tr><td><a href="{link(item.lesson)}">{item.lesson_number:02d} '
                        f"{html.escape(item.title)}</a></td><td>{shown}</td></tr>")
        self.table.value = ('<table class="progress-view-rows"><thead><tr><th>Lesson</th>'
                            f"<th>Self-check</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
        payload = base64.b64encode(progress.as_json().encode("utf-8")).decode("ascii")
        self.download.value = (f'<a download="microneedling-progress.json" '
                               f'href="data:application/json;base64,{payload}">'
                               "Download your progress (progress.json)</a>" + self._results_line())

    @staticmethod
    def _results_line() -> str:
        """The final assessment's first submission, with its download link ('' before one)."""
        try:
            document = results.load_results()
        except results.ResultsError:
            return ""
        score = document["score"]
        return (f"<p>Final assessment: {score['correct']} of {score['total']} correct, submitted "
                f"{date_text(results_day(document))}. {results_link_html(document)}.</p>")

    def _ask(self) -> None:
        self.confirm_box.layout.display = "flex"

    def _hide_confirm(self) -> None:
        self.confirm_box.layout.display = "none"

    def _reset(self) -> None:
        progress.reset()
        self._hide_confirm()
        self.refresh(note="Your progress was reset.")
