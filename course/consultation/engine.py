"""`assess`: validate a record, run the screening rules and the plan checks, decide.

Rule effects, waits, ages, areas, codes, titles and sources all come from `data/`
(`screening_rules.csv`, `plan_rules.csv` and the lookups in `course.bands`), so an instructor can
change a course convention without touching code. The rules in words: docs/consultation-rules.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course.consultation.plan_check import check_plan
from course.consultation.record import validate
from course.consultation.results import Assessment, Reason
from course.consultation.screening import DECISIONS, Fired, eligibility, rule_fires, words
from course.data import CourseData, load, load_json

LAST_SESSION_RULE = "P-LAST-SESSION"
EFFECT_ORDER = ("refer", "defer", "proceed_with_caution")


def assess(record: Mapping[str, Any]) -> Assessment:
    """Screen a client record and check its plan (docs/consultation-rules.md).

    Raises `InvalidRecord` (a `ValueError`) naming the key at fault when the record is invalid.
    """
    data = load()
    client = validate(record, data)
    fired: list[tuple[Reason, Fired, str | None]] = []
    for rule in data.screening_rules.values():
        found = rule_fires(rule, client, data)
        if found is not None:
            reason = Reason(rule.rule_id, rule.effect, "; ".join(found.details), rule.source_id, rule.title)
            fired.append((reason, found, rule.eligible_when))
    plan = check_plan(client, data)
    if plan.too_recent is not None:
        rule = data.plan_rules[LAST_SESSION_RULE]
        reason = Reason(rule.rule_id, rule.effect, "; ".join(plan.too_recent.details), rule.source_id,
                        rule.title)
        fired.append((reason, plan.too_recent, None))
    decision = max((r.effect for r, _, _ in fired), key=DECISIONS.index, default="proceed")
    eligible_from, eligible_when = eligibility(fired) if decision == "defer" else (None, None)
    return Assessment(decision, tuple(r for r, _, _ in fired), eligible_from, eligible_when, plan.check)


def rules_table(data: CourseData | None = None) -> list[dict[str, str]]:
    """The screening rules as rows for a lesson table: refer, then defer, then caution."""
    data = data or load()
    rows = []
    for effect in EFFECT_ORDER:
        for rule in data.screening_rules.values():
            if rule.effect != effect:
                continue
            rows.append({"rule_id": rule.rule_id, "effect": words(rule.effect), "title": rule.title,
                         "reasoning": rule.reasoning, "eligible_when": rule.eligible_when or "",
                         "evidence": rule.evidence, "source_id": rule.source_id})
    return rows


def practice_clients() -> list[dict[str, Any]]:
    """The practice clients of `data/practice_clients.json` (record, expected decision, teaching)."""
    document = load_json("practice_clients.json")
    return list(document["clients"])  # type: ignore[index]
