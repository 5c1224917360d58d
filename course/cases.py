"""Integrated teaching cases (`data/cases.json`): one client from screening to plan to aftercare.

Each case holds an invented client's consultation record, questions (in the quiz format) that
the learner answers first, and the hour after the session at which to show aftercare. `outcome`
runs the course's own models on the record — `course.consultation.assess`, `course.planning`
and `course.aftercare` — so the reveal always agrees with the engine the other lessons teach.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from course import data
from course.quiz import Question, Quiz, QuizError, parse_quiz

CASES_FILE = "cases.json"
LESSON = "08-case-studies-and-assessment"


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    story: str
    record: dict[str, Any]
    aftercare_hours: float
    questions: tuple[Question, ...]

    def quiz(self) -> Quiz:
        """The case's questions as a quiz, ids prefixed with the case id (for progress)."""
        return Quiz(LESSON, self.questions)


@dataclass(frozen=True)
class CaseOutcome:
    """What the course's models say about a case."""

    assessment: Any  # course.consultation.Assessment
    plan: Any | None  # course.planning.Plan, or None when the planner refuses the request
    plan_refusal: str | None
    aftercare: Any  # course.aftercare.AftercareSnapshot


def load_cases() -> tuple[Case, ...]:
    """Every case in `data/cases.json`, validated (questions as in a quiz file)."""
    document = data.load_json(CASES_FILE)
    sources = set(data.load().sources)
    cases = []
    for raw in document["cases"]:  # type: ignore[index]
        questions = [dict(q, id=f"{raw['id']}-{q['id']}") for q in raw["questions"]]
        try:
            quiz = parse_quiz(LESSON, {"lesson": LESSON, "questions": questions}, sources)
        except QuizError as exc:
            raise QuizError(LESSON, f"in data/cases.json case {raw['id']!r}: {exc}") from None
        cases.append(Case(raw["id"], raw["title"], raw["story"], dict(raw["record"]),
                          float(raw["aftercare_hours"]), quiz.questions))
    return tuple(cases)


def case(case_id: str) -> Case:
    for item in load_cases():
        if item.id == case_id:
            return item
    raise KeyError(f"no case {case_id!r} in data/cases.json")


def plan_request(record: dict[str, Any]) -> Any:
    """The planner's request for a consultation record (events dated from the assessment date)."""
    from course.planning import ClientEvent, PlanRequest

    start = dt.date.fromisoformat(record["assessment_date"])
    events = tuple(ClientEvent(e["type"], start + dt.timedelta(days=e["in_days"]))
                   for e in record["upcoming_events"])
    return PlanRequest(start_date=start, indication=record["indication"], area=record["treatment_area"],
                       depth_mm=record["proposed_needle_depth_mm"], sessions=record["planned_sessions"],
                       interval_weeks=record["proposed_interval_weeks"],
                       fitzpatrick_type=record["fitzpatrick_type"], events=events,
                       maintenance=bool(record.get("maintenance", False)))


def outcome(item: Case) -> CaseOutcome:
    """Screen the record, plan the series and take the aftercare snapshot (lazy imports: the
    models live in their own modules)."""
    from course import aftercare, consultation, planning
    from course.errors import InvalidInput

    assessment = consultation.assess(item.record)
    try:
        plan, refusal = planning.make_plan(plan_request(item.record)), None
    except InvalidInput as exc:
        plan, refusal = None, str(exc)
    snapshot = aftercare.steps_at(item.aftercare_hours, item.record["proposed_needle_depth_mm"],
                                  item.record["fitzpatrick_type"])
    return CaseOutcome(assessment, plan, refusal, snapshot)
