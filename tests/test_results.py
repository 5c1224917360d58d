"""The results file: written atomically in the user folder, read back validated, errors named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course import results, userdir
from course.results import ObjectiveResult, ResultsError, load_results, write_results

OBJECTIVES = [ObjectiveResult("Screening: when to defer", 1, 3, ("05-consultation-and-screening",)),
              ObjectiveResult("Aftercare timing", 2, 2)]


def test_written_file_round_trips_in_the_documented_format(home: Path) -> None:
    path = write_results(OBJECTIVES)
    assert path == home / "results.json"
    document = load_results(path)
    assert document["format"] == "microneedling-course-results" and document["version"] == 1
    assert document["score"] == {"correct": 3, "total": 5}
    assert document["objectives"][0] == {"objective": "Screening: when to defer", "correct": 1, "total": 3,
                                         "revisit": ["05-consultation-and-screening"]}
    assert document["learner"] == userdir.learner_id()
    assert document["submitted_at"].endswith("Z")
    assert not list(home.glob(".results.json.*"))  # no temporary file left behind


def test_second_write_replaces_the_first() -> None:
    write_results(OBJECTIVES)
    write_results([ObjectiveResult("Aftercare timing", 0, 2, ("07-aftercare",))])
    assert load_results()["score"] == {"correct": 0, "total": 2}


def test_learner_id_is_random_kept_and_repaired(home: Path) -> None:
    first = userdir.learner_id()
    assert len(first) == 32 and userdir.learner_id() == first
    (home / userdir.LEARNER_FILE).write_text("not an id\n")
    repaired = userdir.learner_id()
    assert repaired != "not an id" and len(repaired) == 32 and userdir.learner_id() == repaired


def _saved(home: Path, change) -> Path:
    document = json.loads(write_results(OBJECTIVES).read_text())
    change(document)
    path = home / "edited.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(format="other"), "Not a course results file"),
    (lambda d: d.update(version=2), "Unknown results version"),
    (lambda d: d.update(learner=""), "no learner"),
    (lambda d: d.update(submitted_at="yesterday"), "submitted_at"),
    (lambda d: d.update(submitted_at="2026-01-01T10:00:00+02:00"), "UTC"),
    (lambda d: d["score"].update(correct=9), "more than total"),
    (lambda d: d["score"].update(correct=True), "whole number"),
    (lambda d: d["score"].update(correct=2), "does not add up"),
    (lambda d: d["objectives"][0].update(revisit="05"), "revisit"),
    (lambda d: d["objectives"][1].update(total=-1), "objective 2 total"),
    (lambda d: d.update(objectives={}), "must be a list"),
])
def test_damaged_documents_raise_results_error(home: Path, change, words: str) -> None:
    with pytest.raises(ResultsError, match=words):
        load_results(_saved(home, change))


def test_missing_and_unreadable_files_raise_results_error(home: Path) -> None:
    with pytest.raises(ResultsError, match="No results file"):
        load_results(home / "absent.json")
    (home / "bad.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(ResultsError):
        load_results(home / "bad.json")
    (home / "half.json").write_text('{"format": "microneedling-course-results", ')
    with pytest.raises(ResultsError, match="not valid JSON"):
        load_results(home / "half.json")


def test_results_document_validates_what_it_builds() -> None:
    with pytest.raises(ResultsError):
        results.results_document([ObjectiveResult("x", 3, 2)], learner="abc")
