"""Everything a lesson shows that is not a widget: tables and cards, one home, one return type.

Each function takes its rows from a model (or `data/` through the loader) and returns an
`HtmlBlock`: a notebook displays it, a test reads `.html`, and `.source_ids` says which sources it
cites, so a lesson's reference list can include them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from course import aftercare, data, healing, redness, skin, triage
from course.catalogue import all_lessons, link
from course.consultation import rules_table
from course.errors import InvalidInput
from course.planning import planning_rows
from course.sources import EVIDENCE_WORDS, cite, inline_citations, short_name

HOURS_PER_MONTH = 730.0  # 365 days × 24 h / 12


@dataclass(frozen=True)
class HtmlBlock:
    """An HTML fragment that a notebook displays (`_repr_html_`) and a test can read (`.html`)."""

    html: str
    source_ids: tuple[str, ...] = ()  # the sources it cites, for the lesson's reference list

    def _repr_html_(self) -> str:
        return self.html


def _block(markup: str, source_ids: Iterable[str]) -> HtmlBlock:
    """The block, citing its rows' sources and any `[Name Year]` its texts cite inline."""
    inline = inline_citations(html.unescape(markup)).source_ids
    return HtmlBlock(markup, tuple(dict.fromkeys([*source_ids, *inline])))


Cell = str | tuple[str, str]  # HTML already escaped, or (HTML, plain-text tooltip)


def _td(cell: Cell) -> str:
    if isinstance(cell, tuple):
        return f'<td title="{html.escape(cell[1])}">{cell[0]}</td>'
    return f"<td>{cell}</td>"


def html_table(css: str, head: Sequence[str], rows: Iterable[Sequence[Cell]], caption: str = "") -> str:
    """A `<table>`: `head` is plain text (escaped here), row cells are HTML already escaped."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    heads = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}">{cap}<thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>'


def when(hours: float) -> str:
    """A time after treatment in the unit a reader expects: hours, days, weeks or years."""
    if hours < 24:
        return f"{hours:g} h"
    if hours < 14 * 24:
        return f"day {hours / 24:g}"
    if hours < 12 * healing.HOURS_PER_WEEK:
        return f"week {hours / healing.HOURS_PER_WEEK:g}"
    years = hours / (12 * HOURS_PER_MONTH)
    return f"{years:g} year" + ("s" if years != 1 else "")


def facts_table(param_names: Iterable[str]) -> HtmlBlock:
    """Named parameters: label, value with unit, evidence tag, short citation."""
    d = data.load()
    names = list(param_names)
    unknown = [n for n in names if n not in d.parameters]
    if unknown:
        raise InvalidInput("param_names", f"no parameter(s) {', '.join(unknown)} in data/parameters.csv; "
                                          "check the spelling against its `name` column.")
    params = [d.parameters[n] for n in names]
    rows = [(html.escape(p.label or p.name), f"{p.value:g} {p.unit}",
             (f"[{p.evidence}]", EVIDENCE_WORDS[p.evidence]),
             (html.escape(short_name(p.source_id)), d.citation(p.source_id))) for p in params]
    return _block(html_table("course-facts", ("Fact", "Value", "Evidence", "Source"), rows),
                  (p.source_id for p in params))


def area_depth_table() -> HtmlBlock:
    """The course maximum depth per treatment area (course convention, [U])."""
    table = skin.depth_table()
    rows = [(html.escape(str(r["area"])),
             "—" if r["max_depth_mm"] is None else format(r["max_depth_mm"], "g") + " mm",
             html.escape(str(r["treated"])), f"[{r['evidence']}]") for r in table]
    return _block(html_table("course-facts depth-table", ("Area", "Course maximum", "Treated", "Evidence"),
                             rows), (str(r["source_id"]) for r in table))


def phase_table() -> HtmlBlock:
    """The healing phases: timing, leading cells, events, evidence and source."""
    rows = []
    for p in healing.phases():
        timing = f"{when(p.onset_h)} to {when(p.end_h)}"
        if p.end_max_h > p.end_h:
            timing += f" (may run to {when(p.end_max_h)})"
        source = f"[{p.evidence}] {short_name(p.source_id)}"
        rows.append([html.escape(c) for c in (p.label, timing, p.key_cells, p.events, source)])
    head = ("Phase", "Typical timing", "Leading cells", "What happens", "Source")
    return _block(html_table("course-facts phase-table", head, rows),
                  (p.source_id for p in healing.phases()))


def warning_signs_table() -> HtmlBlock:
    """The warning signs after a session (`course.redness.warning_signs`) with evidence and source."""
    signs = redness.warning_signs()
    rows = [(html.escape(w.text), f"[{w.evidence}]", html.escape(short_name(w.source_id))) for w in signs]
    return _block(html_table("course-facts redness-warning-signs",
                             ("Not normal: act on it", "Evidence", "Source"), rows),
                  (w.source_id for w in signs))


def collagen_studies_table() -> HtmlBlock:
    """What the collagen studies measured and found (`data/collagen_studies.csv`)."""
    studies = list(data.load().collagen_studies.values())
    rows = [(html.escape(short_name(s.source_id)), html.escape(s.design), html.escape(s.protocol),
             html.escape(s.measurement), html.escape(s.result), f"[{s.evidence}]") for s in studies]
    head = ("Study", "Design", "Protocol", "Measured", "Found", "Evidence")
    return _block(html_table("course-facts collagen-studies", head, rows), (s.source_id for s in studies))


def _rows_table(css: str, rows: list[Mapping[str, object]]) -> HtmlBlock:
    """A table of model rows (column title → value); `*evidence` / `*source_id` cells become tags."""

    def cell(key: str, value: object) -> str:
        if key.endswith("evidence"):
            return f"[{value}]"
        if key.endswith("source_id"):
            return html.escape(short_name(str(value)))
        return html.escape(str(value))

    head = [k.replace("_id", "").replace("_", " ") for k in rows[0]]
    body = [[cell(k, v) for k, v in row.items()] for row in rows]
    cited = (str(v) for row in rows for k, v in row.items() if k.endswith("source_id"))
    return _block(html_table(css, head, body), cited)


def planning_table(kind: str) -> HtmlBlock:
    """Lesson 06's tables ('areas', 'bands', 'indications', 'protocols') with evidence and sources."""
    return _rows_table(f"course-facts planning-{kind}", planning_rows(kind))


def screening_rules() -> HtmlBlock:
    """The screening rules grouped refer / defer / caution, with reasoning and sources."""
    table = rules_table()
    rows = [(f"<code>{html.escape(r['rule_id'])}</code>", html.escape(r["effect"]),
             f"<b>{html.escape(r['title'])}</b><br>{html.escape(r['reasoning'])}",
             html.escape(r["eligible_when"]),
             f"[{r['evidence']}] {html.escape(short_name(r['source_id']))}") for r in table]
    head = ("Rule", "Effect", "What and why", "Eligible again", "Source")
    return _block(html_table("screening-rules", head, rows), (r["source_id"] for r in table))


def restrictions_table(depth_mm: float, fitzpatrick_type: int) -> HtmlBlock:
    """When each restriction ends for this client: course default, the sources' range, the source."""
    label = aftercare.hours_label
    ends = aftercare.restriction_ends(depth_mm, fitzpatrick_type)
    rows = [(html.escape(r.title), label(r.end_h), f"{label(r.end_min_h)}–{label(r.end_max_h)}",
             html.escape(cite([r.source_id], r.evidence))) for r in ends]
    caption = (f"Restrictions after {depth_mm:g} mm on Fitzpatrick type {skin.roman(fitzpatrick_type)}: "
               "when each ends")
    head = ("Avoid", "Course default", "Range in the sources", "Source")
    return _block(html_table("aftercare-restrictions", head, rows, caption), (r.source_id for r in ends))


def pih_card(fitzpatrick_type: int) -> HtmlBlock:
    """PIH risk for one Fitzpatrick type: level, what the studies found, prevention, with sources."""
    risk = aftercare.pih_risk(fitzpatrick_type)
    e = html.escape
    groups = (risk.facts, risk.prevention, risk.practitioner_notes)

    def items(texts: tuple[aftercare.SourcedText, ...]) -> str:
        return "".join(f"<li>{e(t.text)} {e(cite(t.source_ids, t.evidence))}</li>" for t in texts)

    return _block(
        f'<div class="pih-card"><p><b>{e(risk.label)}: relative PIH risk {e(risk.level)}.</b> '
        f"{e(risk.explanation)} Sun avoidance: {risk.sun_avoid_days} days.</p>"
        f"<p><b>What the studies found</b></p><ul>{items(risk.facts)}</ul>"
        f"<p><b>Prevention the client does</b></p><ul>{items(risk.prevention)}</ul>"
        f"<p><b>Prevention the practitioner does</b></p><ul>{items(risk.practitioner_notes)}</ul></div>",
        (s for group in groups for t in group for s in t.source_ids))


def _left(text: str) -> str:
    """Escaped prose in a table cell, left-aligned (JupyterLab right-aligns table cells)."""
    return f'<div style="text-align:left">{html.escape(text)}</div>'


def safety_points_table(topic: str) -> HtmlBlock:
    """The safety lesson's teaching points on one topic (`data/safety_points.csv`), in order."""
    points = sorted((p for p in data.load().safety_points.values() if p.topic == topic),
                    key=lambda p: p.order)
    if not points:
        topics = sorted({p.topic for p in data.load().safety_points.values()})
        raise InvalidInput("topic", f"no safety points on {topic!r}; use one of {', '.join(topics)}.")
    rows = [(_left(p.text), (f"[{p.evidence}]", EVIDENCE_WORDS[p.evidence]),
             (html.escape(short_name(p.source_id)), data.load().citation(p.source_id))) for p in points]
    return _block(html_table(f"course-facts safety-points safety-{topic}", ("Point", "Evidence", "Source"),
                             rows), (p.source_id for p in points))


def triage_card(result: triage.TriageResult) -> HtmlBlock:
    """One triage answer: the level in words with its symbol, the likely cause, the action, the source."""
    e = html.escape
    day = "the day of the session" if result.day_after == 0 else f"day {result.day_after} after the session"
    return _block(
        f'<div class="triage-card triage-{e(result.level.replace("_", "-"))}" role="status">'
        f'<p class="triage-level"><span aria-hidden="true">{e(result.icon)}</span> '
        f"<b>{e(result.level_words)}</b></p>"
        f"<p><b>Client reports</b> ({e(day)}): {e(result.label)}</p>"
        f"<p><b>Likely cause:</b> {e(result.likely)}</p>"
        f"<p><b>What to do:</b> {e(result.action)}</p>"
        f'<p class="triage-source"><b>Source:</b> {e(cite([result.source_id], result.evidence))} '
        f"({e(EVIDENCE_WORDS[result.evidence])})</p></div>", (result.source_id,))


def triage_table() -> HtmlBlock:
    """Every triage row (the triage widget's static twin): report, days, level, likely cause, source."""
    rows_in = list(data.load().complications.values())
    rows = [(_left(r.label), f"{r.day_from_days}–{r.day_to_days}",
             f"{triage.LEVEL_ICONS[r.level]} {html.escape(triage.LEVEL_WORDS[r.level])}",
             html.escape(r.likely), html.escape(cite([r.source_id], r.evidence))) for r in rows_in]
    head = ("The client reports", "Days after", "Level", "Likely cause", "Source")
    return _block(html_table("course-facts triage-table", head, rows), (r.source_id for r in rows_in))


def educational_notice() -> HtmlBlock:
    """A short boxed notice: education, not medical advice; models are illustrative."""
    return HtmlBlock(
        '<div class="course-notice" role="note" style="border:2px solid #0072B2;border-radius:4px;'
        'padding:6px 10px;margin:6px 0"><b>Educational use only.</b> This course trains practitioners; '
        "it is not medical advice and not a substitute for your training provider's protocols, a "
        "clinician's judgement or local regulations. Figures and widgets use <i>illustrative teaching "
        "models, not predictions for a client</i>. Evidence tags: [V] checked against the source, "
        "[S] secondary source only, [U] unverified or a course convention.</div>"
    )


def course_map() -> HtmlBlock:
    """Every lesson with its time to learn and what it teaches, linked (for the start page)."""
    lessons = all_lessons()
    rows = [(f"{item.lesson_number:02d}", f'<a href="{link(item.lesson)}">{html.escape(item.title)}</a>',
             f"{item.time_to_learn_minutes} min", html.escape(item.teaches)) for item in lessons]
    total = sum(item.time_to_learn_minutes for item in lessons)
    table = html_table("course-map", ("#", "Lesson", "Time to learn", "What it teaches"), rows)
    return HtmlBlock(f"{table}<p>About {total} minutes in all.</p>")
