"""What the screening form (and the capstone's reveal) shows for an `Assessment`, in words.

Pure functions of a `course.consultation.Assessment`: the decision badge (colour, icon and words,
never colour alone), the reasons, the eligibility (one way, shared with the case reveal), the plan
check with its problems in words, and one plain sentence for screen readers.
"""

from __future__ import annotations

import html

from course.consultation import Assessment
from course.plots.style import PALETTE
from course.sources import short_name
from course.widgets.course_widget import date_text
from course.widgets.record_text import words

CSS = "screening-form"
BADGES = {
    "proceed": (PALETTE["green"], "✔", "Proceed"),
    "proceed_with_caution": (PALETTE["orange"], "⚠", "Proceed with caution"),
    "defer": (PALETTE["blue"], "‖", "Defer"),  # a pause sign every font has
    "refer": (PALETTE["vermillion"], "➜", "Refer for medical clearance"),
}
FLAG_WORDS = {
    "depth_over_max": "the depth is over the area maximum",
    "interval_below_min": "the interval is shorter than the band minimum",
    "interval_above_max": "the interval is longer than the band maximum",
    "last_session_too_recent": "the last session was too recent",
    "sessions_outside_typical": "the number of sessions is outside the usual range",
    "fitz_depth": "deep needling on skin at higher risk of darkening (PIH)",
    "sun_hard": "hard sun conflict with", "sun_soft": "soft sun conflict with",
    "event_hard": "hard conflict with", "event_soft": "soft conflict with",
    "adjunct_refused": "a product that must not be needled in:",
}
CELL = "style='text-align:left;padding:2px 12px 2px 0;vertical-align:top'"


def flag_words(flag: str) -> str:
    """A plan-check flag in words: 'sun_hard:beach_holiday' -> 'hard sun conflict with beach holiday'."""
    code, _, detail = flag.partition(":")
    said = FLAG_WORDS.get(code, words(code))
    return f"{said} {words(detail)}" if detail else said


def decision_html(a: Assessment, previous: bool = False) -> str:
    colour, icon, said = BADGES[a.decision]
    if previous:
        colour, said = PALETTE["grey"], f"Previous result: {said}"
    return (f'<div class="{CSS}-badge {CSS}-badge-{a.decision}" role="status" style="display:inline-block;'
            f'border:3px solid {colour};border-radius:6px;padding:4px 12px;font-size:1.2em">'
            f'<span aria-hidden="true" style="color:{colour}">{icon}</span> <b>{html.escape(said)}</b></div>')


def reasons_html(a: Assessment) -> str:
    if not a.reasons:
        return "<p>No screening rule applies to this client.</p>"
    rows = "".join(
        f"<tr><td {CELL}><b>{html.escape(r.title or words(r.rule_id))}</b></td>"
        f"<td {CELL}>{html.escape(words(r.effect))}</td><td {CELL}>{html.escape(r.detail)}</td>"
        f'<td {CELL} title="{html.escape(r.citation)}">{html.escape(short_name(r.source))}</td></tr>'
        for r in a.reasons)
    return (f"<table><thead><tr><th {CELL}>Why</th><th {CELL}>Effect</th><th {CELL}>Client detail</th>"
            f"<th {CELL}>Source</th></tr></thead><tbody>{rows}</tbody></table>")


def eligibility_text(a: Assessment) -> str:
    """When a deferred client may be treated, in words ('' when there is nothing to wait for)."""
    if a.eligible_from is not None:
        return f"Eligible from {date_text(a.eligible_from)}."
    if a.eligible_when:
        return f"Eligible {a.eligible_when} (no date can be given yet)."
    return ""


def eligibility_html(a: Assessment) -> str:
    text = eligibility_text(a)
    return f"<p><b>{html.escape(text)}</b></p>" if text else ""


def _yes(ok: bool) -> str:
    return "✔ yes" if ok else "✘ no"


def plan_html(a: Assessment) -> str:
    p = a.plan
    rows = [
        ("Depth band", p.depth_band),
        ("Depth within the area maximum", f"{_yes(p.depth_ok)} (maximum {p.max_depth_mm:g} mm)"),
        ("Interval", f"{_yes(p.interval_ok)} "
                     f"(allowed {p.min_interval_weeks:g}–{p.max_interval_weeks:g} weeks)"),
        ("Earliest next session", date_text(p.earliest_next_session)),
        *((f"Event: {words(e.type)} in {e.in_days} day{'s' if e.in_days != 1 else ''}",
           "no conflict" if e.conflict == "none" else f"{e.conflict} conflict") for e in p.event_checks),
        ("Plan acceptable", _yes(p.acceptable)),
    ]
    body = "".join(f"<tr><th {CELL}>{html.escape(k)}</th><td {CELL}>{html.escape(v)}</td></tr>"
                   for k, v in rows)
    problems = "".join(f"<li>{html.escape(flag_words(f))}</li>" for f in p.flags)
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in p.warnings)
    return (f"<h4>Plan check</h4><table>{body}</table>"
            + (f"<p>Problems found:</p><ul>{problems}</ul>" if problems else "<p>Problems found: none.</p>")
            + (f"<p>Warnings:</p><ul>{warnings}</ul>" if warnings else ""))


def describe(a: Assessment) -> str:
    """One plain sentence for screen readers and the static version."""
    said = BADGES[a.decision][2]
    rules = "; ".join(r.title or words(r.rule_id) for r in a.reasons) or "no screening rule applies"
    when = eligibility_text(a)
    plan = ("acceptable" if a.plan.acceptable
            else f"not acceptable ({'; '.join(flag_words(f) for f in a.plan.flags)})")
    return f"Decision: {said} ({rules}).{' ' + when if when else ''} The plan is {plan}."
