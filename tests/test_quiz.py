"""Quiz files: every one validates; malformed ones fail naming the file and the question."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from course import data, quiz
from course.data import MissingDataFile
from course.quiz import QuizError, parse_quiz

SOURCES = {"course", "chu2021"}
GOOD = {
    "lesson": "01-x",
    "questions": [
        {"id": "q1", "objective": 1, "prompt": "P?", "source_ids": ["chu2021"], "options": [
            {"text": "A", "correct": True, "feedback": "why right"},
            {"text": "B", "correct": False, "feedback": "why wrong"}]},
    ],
}


def _broken(edit) -> dict:
    doc = copy.deepcopy(GOOD)
    edit(doc["questions"][0])
    return doc


def test_good_quiz_parses() -> None:
    q = parse_quiz("01-x", GOOD, SOURCES)
    assert q.questions[0].correct_index == 0
    assert q.questions[0].lesson == "01-x"
    assert q.source_ids == ("chu2021",)


@pytest.mark.parametrize(("edit", "fragment"), [
    (lambda q: q["options"][1].update(correct=True), "2 correct options"),
    (lambda q: q["options"][0].update(correct=False), "0 correct options"),
    (lambda q: q["options"][1].update(feedback=""), "option 2 feedback"),
    (lambda q: q.update(objective=0), "objective"),
    (lambda q: q.update(objective="1"), "objective"),
    (lambda q: q.update(source_ids=["nowhere1999"]), "nowhere1999"),
    (lambda q: q.update(source_ids=[]), "source_ids"),
    (lambda q: q.update(options=q["options"][:1]), "at least 2 options"),
    (lambda q: q["options"][1].update(text="A"), "same text"),
])
def test_malformed_question_names_file_and_question(edit, fragment: str) -> None:
    with pytest.raises(QuizError) as err:
        parse_quiz("01-x", _broken(edit), SOURCES)
    message = str(err.value)
    assert "01-x.json" in message and "'q1'" in message and fragment in message


def test_lesson_must_match_file_and_ids_be_unique() -> None:
    with pytest.raises(QuizError, match="must match the file name"):
        parse_quiz("02-y", GOOD, SOURCES)
    doc = copy.deepcopy(GOOD)
    doc["questions"].append(copy.deepcopy(doc["questions"][0]))
    with pytest.raises(QuizError, match="used twice: q1"):
        parse_quiz("01-x", doc, SOURCES)


def test_missing_quiz_is_distinguishable(tmp_path: Path) -> None:
    with pytest.raises(MissingDataFile):
        quiz.load_quiz("99-nothing")
    assert not quiz.has_quiz("99-nothing")


def test_every_quiz_file_in_the_course_validates() -> None:
    files = sorted((data.DATA_DIR / "quizzes").glob("*.json"))
    assert files
    for path in files:
        q = quiz.load_quiz(path.stem)
        assert q.lesson == path.stem
        for question in q.questions:
            assert question.lesson in data.load().lessons, (path.name, question.id)
