"""Consultation engine: screen one client record and check the proposed plan.

The rules, in the project's own words, are in docs/consultation-rules.md. Modules:
`record` (validation), `screening` (rule rows), `plan_check` (plan checks), `results` (the
frozen result types), `lookups` (procedure types, engine parameters) and `engine` (`assess`).
Input ranges come from `course.limits`. Pure: no plotting, no widgets, no file reading
except through `course.data`.
"""

from course.consultation.engine import assess, practice_clients, rules_table
from course.consultation.record import Client, InvalidRecord, condition_codes, validate
from course.consultation.results import Assessment, EventCheck, PlanCheck, Reason
from course.consultation.screening import DECISIONS

__all__ = [
    "DECISIONS", "Assessment", "Client", "EventCheck", "InvalidRecord", "PlanCheck", "Reason", "assess",
    "condition_codes", "practice_clients", "rules_table", "validate",
]
