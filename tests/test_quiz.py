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
        {"id": "q1", "objective": 1, "thinking": "apply", "misconception": "M", "prompt": "P?",
         "source_ids": ["chu2021"], "options": [
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
    first = q.questions[0]
    assert (first.thinking, first.misconception, first.scored) == ("apply", "M", True)


def test_an_orientation_item_can_be_unscored() -> None:
    doc = _broken(lambda q: q.update(scored=False))
    assert parse_quiz("01-x", doc, SOURCES).questions[0].scored is False


def test_option_order_is_a_stable_permutation_per_learner_and_item() -> None:
    order = quiz.option_order("q1", "learner-a", 4)
    assert sorted(order) == [0, 1, 2, 3]
    assert quiz.option_order("q1", "learner-a", 4) == order  # the same on every call (reloads)
    assert quiz.option_order("q1", "learner-a", 0) == []
    # different learners and items see different orders (some of 50 learners must differ)
    assert len({tuple(quiz.option_order("q1", f"learner-{i}", 4)) for i in range(50)}) > 1
    assert len({tuple(quiz.option_order(f"q{i}", "learner-a", 4)) for i in range(50)}) > 1
    with pytest.raises(ValueError):
        quiz.option_order("q1", "learner-a", -1)


def test_option_order_does_not_favour_a_position() -> None:
    """Over many learners the key (stored first) is shown in each of 4 places about equally."""
    shown_at = [quiz.option_order("q1", f"learner-{i}", 4).index(0) for i in range(2000)]
    for place in range(4):
        assert 0.2 < shown_at.count(place) / len(shown_at) < 0.3, place


def test_option_order_does_not_depend_on_the_hash_seed() -> None:
    """The order is the same in a fresh interpreter with another PYTHONHASHSEED."""
    import os
    import subprocess
    import sys

    code = "from course.quiz import option_order; print(option_order('q7', 'learner-z', 5))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2")}
    assert runs == {str(quiz.option_order("q7", "learner-z", 5))}


def test_bank_figures_measure_key_length_and_position() -> None:
    doc = copy.deepcopy(GOOD)
    second = copy.deepcopy(doc["questions"][0])
    second["id"] = "q2"
    second["options"] = [{"text": "short", "correct": False, "feedback": "f"},
                         {"text": "a much longer key", "correct": True, "feedback": "f"},
                         {"text": "mid length", "correct": False, "feedback": "f"}]
    doc["questions"].append(second)
    figures = quiz.bank_figures(parse_quiz("01-x", doc, SOURCES).questions)
    assert figures.items == 2 and figures.mean_options == 2.5
    assert figures.key_longest_share == 1.0  # "A" ties "B"; the second key is strictly longest
    assert figures.key_position_shares == {0: 0.5, 1: 0.5}
    assert figures.apply_or_analyse_share == 1.0
    with pytest.raises(ValueError):
        quiz.bank_figures([])


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
    (lambda q: q.pop("thinking"), "thinking"),
    (lambda q: q.update(thinking="remember"), "recall, apply, analyse"),
    (lambda q: q.pop("misconception"), "misconception"),
    (lambda q: q.update(misconception="  "), "misconception"),
    (lambda q: q.update(scored="no"), "scored"),
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
