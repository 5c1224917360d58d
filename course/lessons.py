"""The notebook facade: what every lesson notebook calls (navigation, references, notice, course map,
self-checks, preset views). It sits on top and imports downward only: the catalogue, sources,
tables and widgets never import it.

Links are relative `.ipynb` links: they open in JupyterLab, and the static-site builder may rewrite
them to `.html`.
"""

from __future__ import annotations

import ast
import html
import importlib
import json
import os

from IPython.display import Markdown

from course import catalogue, data, tables
from course.cases import load_cases
from course.catalogue import COURSE_MAP_ANCHOR, START, all_lessons, final_lesson, lesson_info, link
from course.data import DataError
from course.errors import InvalidInput
from course.quiz import load_quiz
from course.records import Lesson
from course.sources import EVIDENCE_WORDS, cited_ids, short_name
from course.tables import HtmlBlock, course_map, educational_notice, facts_table
from course.widgets.case_study import CaseStudy
from course.widgets.final_assessment import FinalAssessment
from course.widgets.progress_view import ProgressView
from course.widgets.self_check import SelfCheck

__all__ = [
    "COURSE_MAP_ANCHOR", "START", "all_lessons", "case_study", "course_map", "educational_notice",
    "facts_table", "final_assessment", "final_lesson", "lesson_info", "link", "navigation",
    "preset_views", "progress_view", "reference_ids", "references", "self_check", "short_name",
]
STATIC_SITE_ENV = "MICRONEEDLING_STATIC_SITE"  # set by the static-site build: presets open


def _anchor(target: Lesson, text: str) -> str:
    return f'<a href="{link(target.lesson)}">{html.escape(text)}</a>'


def navigation(lesson: str) -> HtmlBlock:
    """Previous / course map / next links for the foot of a lesson."""
    ordered = all_lessons()
    here = next(i for i, item in enumerate(ordered) if item.lesson == lesson_info(lesson).lesson)
    parts = []
    if here > 0:
        prev = ordered[here - 1]
        parts.append("← Previous: " + _anchor(prev, f"{prev.lesson_number:02d} {prev.title}"))
    parts.append(f'<a href="{link(START, COURSE_MAP_ANCHOR)}">Course map</a>')
    if here < len(ordered) - 1:
        nxt = ordered[here + 1]
        parts.append("Next: " + _anchor(nxt, f"{nxt.lesson_number:02d} {nxt.title}") + " →")
    else:
        parts.append("You have reached the end of the course.")
    return HtmlBlock('<nav class="course-navigation" aria-label="Lesson navigation" '
                     'style="display:flex;gap:2em;flex-wrap:wrap;border-top:1px solid #999;padding-top:6px">'
                     + "".join(f"<span>{p}</span>" for p in parts) + "</nav>")


def _quiz_source_ids(lesson: str) -> tuple[str, ...]:
    """Sources of the lesson's quiz (and, for the last lesson, of its case studies)."""
    ids: tuple[str, ...] = ()
    try:
        ids = load_quiz(lesson).source_ids
        if lesson == final_lesson():
            ids += tuple(s for case in load_cases() for q in case.questions for s in q.source_ids)
    except DataError:
        pass
    return ids


def _shown_table_ids(lesson: str) -> tuple[str, ...]:
    """Sources of the `course.tables` tables the notebook's code cells show (literal arguments only)."""
    path = catalogue.notebook_path(lesson)
    if not path.exists():
        return ()
    ids: list[str] = []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in (c for c in cells if c["cell_type"] == "code"):
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            make = getattr(tables, node.func.id, None)
            if make is None or tables.__dict__.get(node.func.id) is not make or not callable(make):
                continue
            try:
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            except ValueError:
                continue
            try:
                block = make(*args, **kwargs)
            except (InvalidInput, TypeError):  # a learner's edited call: its own cell says what is wrong
                continue
            if isinstance(block, HtmlBlock):
                ids += block.source_ids
    return tuple(ids)


def reference_ids(lesson: str) -> list[str]:
    """Source ids for a lesson's reference list, in `data/sources.csv` order: those its prose cites
    inline, those of the tables it shows, and those of its quiz."""
    lesson_info(lesson)
    path = catalogue.notebook_path(lesson)
    wanted = set(_quiz_source_ids(lesson)) | set(_shown_table_ids(lesson))
    if path.exists():
        wanted |= set(cited_ids(path))
    return [s for s in data.load().sources if s in wanted]


def references(lesson: str) -> Markdown:
    """The lesson's references, computed from what it cites, as a Markdown list of full citations."""
    d = data.load()
    ids = reference_ids(lesson)
    if not ids:
        return Markdown("*No references listed for this lesson yet.*")
    lines = [f"- **[{short_name(s)}]** {d.sources[s].citation} "
             f"*(evidence {d.sources[s].evidence}: {EVIDENCE_WORDS[d.sources[s].evidence]})*" for s in ids]
    return Markdown("\n".join(lines))


def self_check(lesson: str) -> SelfCheck | FinalAssessment:
    """The lesson's self-check widget (a friendly note when it has no quiz yet); for the last
    lesson it is the final assessment, marked all at once."""
    lesson_info(lesson)
    if lesson == final_lesson():
        return final_assessment()
    return SelfCheck(lesson)


def final_assessment() -> FinalAssessment:
    """The final assessment across the course (the last lesson)."""
    return FinalAssessment(final_lesson())


def case_study(case_id: str) -> CaseStudy:
    """One integrated case from `data/cases.json`: decide first, then reveal."""
    return CaseStudy(case_id)


def progress_view() -> ProgressView:
    """The learner's progress per lesson, with reset and download (start page)."""
    return ProgressView()


def preset_views(lesson: str) -> HtmlBlock:
    """The lesson's main widget (the registry's first) at a few preset settings (`data/presets.json`),
    as still figures with their descriptions: the "static twin" for readers with no kernel, folded
    away in JupyterLab, open in the static site."""
    widget_path = catalogue.main_widget(lesson)
    entry = data.load_json("presets.json")["lessons"].get(lesson)  # type: ignore[index]
    if entry is None or widget_path is None:
        return HtmlBlock("")
    module_name, _, class_name = widget_path.rpartition(".")
    if not module_name.startswith("course.widgets."):
        raise InvalidInput("widget", f"{widget_path!r} is not a course widget (course.widgets.…).")
    widget = getattr(importlib.import_module(module_name), class_name)()
    figures = widget.static_twin(entry["presets"])
    opened = " open" if os.environ.get(STATIC_SITE_ENV) else ""
    return HtmlBlock(f'<details class="preset-views"{opened}><summary><b>{html.escape(entry["title"])}</b> '
                     "(still figures at preset settings, for reading without a kernel)</summary>"
                     f"{figures}</details>")
