"""Integrated teaching cases (`data/cases.json`): one client from screening to plan to aftercare.

Each case holds an invented client's consultation record, questions (in the quiz format) that
the learner answers first, and the hour after the session at which to show aftercare. `outcome`
runs the course's own engines on the record — `course.consultation.assess`, `course.planning`
and `course.aftercare` — so the reveal always agrees with what the other lessons teach. A
deferred client's series is planned from the day they become eligible, never before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from course import catalogue, data
from course.quiz import Question, Quiz, QuizError, parse_quiz

CASES_FILE = "cases.json"


def final_lesson() -> str:
    """The capstone's lesson stem: the last lesson in the course catalogue (never a constant)."""
    return catalogue.final_lesson()


def __getattr__(name: str) -> str:
    """`LESSON` (the capstone's stem) is looked up when asked for, so a renamed lesson follows."""
    if name == "LESSON":
        return final_lesson()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    story: str
    record: dict[str, Any]
    aftercare_hours: float
    questions: tuple[Question, ...]

    def quiz(self) -> Quiz:
        """The case's questions as a quiz of the capstone lesson, ids prefixed with the case id."""
        return Quiz(final_lesson(), self.questions)


@dataclass(frozen=True)
class CaseOutcome:
    """What the course's engines say about a case."""

    assessment: Any  # course.consultation.Assessment
    plan: Any | None  # course.planning.Plan; None when the planner refuses or no date can be given
    plan_refusal: str | None
    aftercare: Any  # course.aftercare.AftercareSnapshot
    plan_start: dt.date | None = None  # the first day a session may be planned (eligibility)


def load_cases() -> tuple[Case, ...]:
    """Every case in `data/cases.json`, validated (questions as in a quiz file)."""
    document = data.load_json(CASES_FILE)
    sources = set(data.load().sources)
    lesson = final_lesson()
    cases = []
    for raw in document["cases"]:  # type: ignore[index]
        questions = [dict(q, id=f"{raw['id']}-{q['id']}") for q in raw["questions"]]
        try:
            quiz = parse_quiz(lesson, {"lesson": lesson, "questions": questions}, sources)
        except QuizError as exc:
            raise QuizError(lesson, f"in data/cases.json case {raw['id']!r}: {exc}") from None
        cases.append(Case(raw["id"], raw["title"], raw["story"], dict(raw["record"]),
                          float(raw["aftercare_hours"]), quiz.questions))
    return tuple(cases)


def case(case_id: str) -> Case:
    for item in load_cases():
        if item.id == case_id:
            return item
    raise KeyError(f"no case {case_id!r} in data/cases.json")


def plan_request(record: dict[str, Any], start: dt.date | None = None) -> Any:
    """The planner's request for a record, first session on `start` (default: the assessment date).

    Events stay on their own dates, counted from the assessment date.
    """
    from course.planning import ClientEvent, PlanRequest

    assessed = dt.date.fromisoformat(record["assessment_date"])
    events = tuple(ClientEvent(e["type"], assessed + dt.timedelta(days=e["in_days"]))
                   for e in record["upcoming_events"])
    return PlanRequest(start_date=start or assessed, indication=record["indication"],
                       area=record["treatment_area"], depth_mm=record["proposed_needle_depth_mm"],
                       sessions=record["planned_sessions"], interval_weeks=record["proposed_interval_weeks"],
                       fitzpatrick_type=record["fitzpatrick_type"], events=events,
                       maintenance=bool(record.get("maintenance", False)))


def plan_start(assessment: Any, assessed: dt.date) -> dt.date | None:
    """The first day a session may be planned: today, the eligibility date, or None (refer, or
    a deferral that gives only a condition)."""
    if assessment.decision == "refer":
        return None
    if assessment.decision == "defer":
        return max(assessed, assessment.eligible_from) if assessment.eligible_from else None
    return assessed


def _waiting(assessment: Any) -> str:
    if assessment.decision == "refer":
        return "No sessions are planned: the client is referred, so plan again once they are cleared."
    return ("No sessions are planned until the client is eligible"
            + (f" ({assessment.eligible_when})" if assessment.eligible_when else "") + ".")


def outcome(item: Case) -> CaseOutcome:
    """Screen the record, plan the series from the first eligible day and take the aftercare
    snapshot (lazy imports: the engines live in their own modules)."""
    from course import aftercare, consultation, planning
    from course.errors import InvalidInput

    assessment = consultation.assess(item.record)
    start = plan_start(assessment, dt.date.fromisoformat(item.record["assessment_date"]))
    plan, refusal = None, None
    if start is None:
        refusal = _waiting(assessment)
    else:
        try:
            plan = planning.make_plan(plan_request(item.record, start))
        except InvalidInput as exc:
            refusal = str(exc)
    snapshot = aftercare.steps_at(item.aftercare_hours, item.record["proposed_needle_depth_mm"],
                                  item.record["fitzpatrick_type"])
    return CaseOutcome(assessment, plan, refusal, snapshot, start)


def question_bank() -> tuple[Question, ...]:
    """Every self-check, final-assessment and case question in the course (for the bank's checks)."""
    from course.quiz import has_quiz, load_quiz

    lessons = data.load().lessons
    quizzes = tuple(q for stem in sorted(lessons) if has_quiz(stem) for q in load_quiz(stem).questions)
    return quizzes + tuple(q for item in load_cases() for q in item.questions)
