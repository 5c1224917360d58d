"""The lesson registry, read from `data/lessons.csv`: lessons in order, their notebooks, the final
lesson and the figure widgets each lesson shows. Everything that lists lessons asks here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course import data
from course.errors import InvalidInput
from course.records import Lesson

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
START = "00-start-here"
COURSE_MAP_ANCHOR = "Course-map"  # JupyterLab's id for the "## Course map" heading


def all_lessons() -> list[Lesson]:
    """Every lesson in teaching order."""
    return sorted(data.load().lessons.values(), key=lambda lesson: lesson.lesson_number)


def stems() -> list[str]:
    """Every lesson's notebook stem in teaching order."""
    return [item.lesson for item in all_lessons()]


def lesson_info(stem: str) -> Lesson:
    """The `data/lessons.csv` row of a lesson stem such as `03-redness-and-bleeding`."""
    lessons = data.load().lessons
    if stem not in lessons:
        raise InvalidInput("lesson", f"{stem!r} is not a lesson; use one of {', '.join(lessons)}.")
    return lessons[stem]


def final_lesson() -> str:
    """The stem of the last lesson (the capstone with the final assessment)."""
    return all_lessons()[-1].lesson


def notebook_path(stem: str) -> Path:
    """Where a lesson's notebook lives."""
    return NOTEBOOKS_DIR / f"{lesson_info(stem).lesson}.ipynb"


def link(stem: str, anchor: str = "") -> str:
    """A relative link target for a lesson notebook."""
    return f"{stem}.ipynb" + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class LessonWidget:
    """A figure widget a lesson shows: the lesson stem and the widget's dotted class path."""

    lesson: str
    widget: str  # e.g. course.widgets.redness_timeline.RednessTimeline

    @property
    def module(self) -> str:
        return self.widget.rpartition(".")[0]

    @property
    def class_name(self) -> str:
        return self.widget.rpartition(".")[2]


def figure_widgets() -> list[LessonWidget]:
    """Every (lesson, widget) pair in teaching order, from the `widgets` column."""
    return [LessonWidget(item.lesson, widget) for item in all_lessons() for widget in item.widgets]


def main_widget(stem: str) -> str | None:
    """The first widget a lesson lists (its main figure), or None."""
    widgets = lesson_info(stem).widgets
    return widgets[0] if widgets else None
