"""What every lesson notebook calls: navigation, references, facts tables, the notice, self-checks.

Everything here is generated from `data/` (lessons, sources, parameters, quizzes), so a lesson
notebook holds prose and one-line calls only. Links are relative `.ipynb` links: they open in
JupyterLab, and the static-site builder may rewrite them to `.html`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from IPython.display import HTML, Markdown

from course import data
from course.data import DataError
from course.errors import InvalidInput
from course.records import Lesson

if TYPE_CHECKING:
    from course.widgets.case_study import CaseStudy
    from course.widgets.final_assessment import FinalAssessment
    from course.widgets.progress_view import ProgressView
    from course.widgets.self_check import SelfCheck

START = "00-start-here"
FINAL = "08-case-studies-and-assessment"
COURSE_MAP_ANCHOR = "Course-map"  # JupyterLab's id for the "## Course map" heading
EVIDENCE_WORDS = {"V": "checked", "S": "secondary source", "U": "unverified or course convention"}


def all_lessons() -> list[Lesson]:
    """Every lesson in teaching order."""
    return sorted(data.load().lessons.values(), key=lambda lesson: lesson.lesson_number)


def lesson_info(lesson: str) -> Lesson:
    """The `data/lessons.csv` row of a lesson stem such as `03-redness-and-bleeding`."""
    lessons = data.load().lessons
    if lesson not in lessons:
        raise InvalidInput("lesson", f"{lesson!r} is not a lesson; use one of {', '.join(lessons)}.")
    return lessons[lesson]


def link(lesson: str, anchor: str = "") -> str:
    """A relative link target for a lesson notebook."""
    return f"{lesson}.ipynb" + (f"#{anchor}" if anchor else "")


def _anchor(target: Lesson, text: str) -> str:
    return f'<a href="{link(target.lesson)}">{html.escape(text)}</a>'


def navigation(lesson: str) -> HTML:
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
    return HTML('<nav class="course-navigation" aria-label="Lesson navigation" '
                'style="display:flex;gap:2em;flex-wrap:wrap;border-top:1px solid #999;padding-top:6px">'
                + "".join(f"<span>{p}</span>" for p in parts) + "</nav>")


def _plain(word: str) -> str:
    """Lower case without accents, hyphens or apostrophes, for matching ids to citation words."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def _spelled(part: str, citation: str, fallback: str) -> str:
    """A name part of a source id as the citation spells it (`landen` → `Landén`)."""
    for word in re.findall(r"[\w'-]+", citation):
        if _plain(word) == part:
            return word
    return fallback


def short_name(source_id: str) -> str:
    """A short citation name such as `Chu 2021` or `Alster & Li 2020 (scars)` for a source id;
    ids without a year (grouped secondary sources, `course`) are written out."""
    sources = data.load().sources
    citation = sources[source_id].citation if source_id in sources else ""
    match = re.fullmatch(r"([a-z_]+?)(\d{4})(?:_([a-z_]+))?", source_id)
    if not match:
        words = " ".join(_spelled(n, citation, n) for n in source_id.split("_"))
        return words[:1].upper() + words[1:]
    # a name part the citation does not spell out is an acronym (aad → AAD, ijd → IJD)
    names = [_spelled(n, citation, n.upper() if len(n) <= 5 else n.capitalize())
             for n in match.group(1).split("_") if n]
    text = " & ".join(names) + f" {match.group(2)}"
    return text + (f" ({match.group(3).replace('_', ' ')})" if match.group(3) else "")


def _quiz_source_ids(lesson: str) -> tuple[str, ...]:
    """Sources of the lesson's quiz (and, for the last lesson, of its case studies)."""
    from course.quiz import load_quiz

    ids: tuple[str, ...] = ()
    try:
        ids = load_quiz(lesson).source_ids
        if lesson == FINAL:
            from course.cases import load_cases

            ids += tuple(s for case in load_cases() for q in case.questions for s in q.source_ids)
    except DataError:
        pass
    return ids


def reference_ids(lesson: str, extra_source_ids: Iterable[str] = ()) -> list[str]:
    """Source ids for a lesson's reference list, in `data/sources.csv` order."""
    lesson_info(lesson)
    sources = data.load().sources
    wanted = set(_quiz_source_ids(lesson)) | set(extra_source_ids)
    unknown = sorted(wanted - set(sources))
    if unknown:
        raise InvalidInput("extra_source_ids", f"unknown source id(s) {', '.join(unknown)}; "
                                               "use ids from data/sources.csv.")
    return [s for s in sources if s in wanted]


def references(lesson: str, extra_source_ids: Iterable[str] = ()) -> Markdown:
    """The lesson's references (its quiz's sources plus `extra_source_ids`) as a Markdown list."""
    d = data.load()
    ids = reference_ids(lesson, extra_source_ids)
    if not ids:
        return Markdown("*No references listed for this lesson yet.*")
    lines = [f"- **[{short_name(s)}]** {d.sources[s].citation} "
             f"*(evidence {d.sources[s].evidence}: {EVIDENCE_WORDS[d.sources[s].evidence]})*" for s in ids]
    return Markdown("\n".join(lines))


def _format_value(value: float) -> str:
    return f"{value:g}"


def facts_table(param_names: Iterable[str]) -> HTML:
    """An HTML table of named parameters: label, value with unit, evidence tag, short citation."""
    d = data.load()
    names = list(param_names)
    unknown = [n for n in names if n not in d.parameters]
    if unknown:
        raise InvalidInput("param_names", f"no parameter(s) {', '.join(unknown)} in data/parameters.csv; "
                                          "check the spelling against its `name` column.")
    rows = []
    for name in names:
        p = d.parameters[name]
        rows.append(
            f"<tr><td>{html.escape(p.label or name)}</td><td>{_format_value(p.value)} {p.unit}</td>"
            f'<td title="{EVIDENCE_WORDS[p.evidence]}">[{p.evidence}]</td>'
            f'<td title="{html.escape(d.citation(p.source_id))}">'
            f"{html.escape(short_name(p.source_id))}</td></tr>"
        )
    return HTML('<table class="course-facts"><thead><tr><th>Fact</th><th>Value</th><th>Evidence</th>'
                "<th>Source</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def educational_notice() -> HTML:
    """A short boxed notice: education, not medical advice; models are illustrative."""
    return HTML(
        '<div class="course-notice" role="note" style="border:2px solid #0072B2;border-radius:4px;'
        'padding:6px 10px;margin:6px 0"><b>Educational use only.</b> This course trains practitioners; '
        "it is not medical advice and not a substitute for your training provider's protocols, a "
        "clinician's judgement or local regulations. Figures and widgets use <i>illustrative teaching "
        "models, not predictions for a client</i>. Evidence tags: [V] checked against the source, "
        "[S] secondary source only, [U] unverified or a course convention.</div>"
    )


def self_check(lesson: str) -> SelfCheck | FinalAssessment:
    """The lesson's self-check widget (a friendly note when it has no quiz yet); for the last
    lesson it is the final assessment, marked all at once."""
    lesson_info(lesson)
    if lesson == FINAL:
        return final_assessment()
    from course.widgets.self_check import SelfCheck

    return SelfCheck(lesson)


def final_assessment() -> FinalAssessment:
    """The final assessment across the course (the last lesson)."""
    from course.widgets.final_assessment import FinalAssessment

    return FinalAssessment(FINAL)


def case_study(case_id: str) -> CaseStudy:
    """One integrated case from `data/cases.json`: decide first, then reveal."""
    from course.widgets.case_study import CaseStudy

    return CaseStudy(case_id)


def progress_view() -> ProgressView:
    """The learner's progress per lesson, with reset and download (start page)."""
    from course.widgets.progress_view import ProgressView

    return ProgressView()


def course_map() -> HTML:
    """Every lesson with its time to learn and what it teaches, linked (for the start page)."""
    rows = "".join(
        f"<tr><td>{item.lesson_number:02d}</td><td>{_anchor(item, item.title)}</td>"
        f"<td>{item.time_to_learn_minutes} min</td><td>{html.escape(item.teaches)}</td></tr>"
        for item in all_lessons()
    )
    total = sum(item.time_to_learn_minutes for item in all_lessons())
    return HTML('<table class="course-map"><thead><tr><th>#</th><th>Lesson</th><th>Time to learn</th>'
                f"<th>What it teaches</th></tr></thead><tbody>{rows}</tbody></table>"
                f"<p>About {total} minutes in all.</p>")


STATIC_SITE_ENV = "MICRONEEDLING_STATIC_SITE"  # set by the static-site build: presets open


def preset_views(lesson: str) -> HTML:
    """The lesson's main widget at a few preset settings (`data/presets.json`), as still figures
    with their descriptions: the "static twin" for readers with no kernel, folded away in JupyterLab."""
    import importlib
    import os

    lesson_info(lesson)
    entry = data.load_json("presets.json")["lessons"].get(lesson)  # type: ignore[index]
    if entry is None:
        return HTML("")
    module_name, _, class_name = entry["widget"].rpartition(".")
    if not module_name.startswith("course.widgets."):
        raise InvalidInput("widget", f"{entry['widget']!r} is not a course widget (course.widgets.…).")
    widget = getattr(importlib.import_module(module_name), class_name)()
    figures = widget.static_twin(entry["presets"])
    opened = " open" if os.environ.get(STATIC_SITE_ENV) else ""
    return HTML(f'<details class="preset-views"{opened}><summary><b>{html.escape(entry["title"])}</b> '
                "(still figures at preset settings, for reading without a kernel)</summary>"
                f"{figures}</details>")
