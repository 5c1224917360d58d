"""Learner progress: stored in the user folder, atomic, survives corruption; the progress view."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from course import progress
from course.widgets.progress_view import ProgressView


def test_fresh_start_without_a_file(home: Path) -> None:
    document, message = progress.load()
    assert document["lessons"] == {} and message is None
    assert progress.lesson_summary("03-redness-and-bleeding", total=5).text() == "0 of 5 answered, 0 correct"


def test_record_answer_writes_user_folder_only(home: Path) -> None:
    progress.record_answer("03-x", "q1", 2, True)
    progress.record_answer("03-x", "q2", 0, False)
    entry = progress.record_answer("03-x", "q2", 1, True)
    assert entry["attempts"] == 2 and entry["option"] == 1
    saved = json.loads((home / "progress.json").read_text())
    assert set(saved["lessons"]["03-x"]) == {"q1", "q2"}
    summary = progress.lesson_summary("03-x", total=4)
    assert (summary.answered, summary.correct, summary.total) == (2, 2, 4)
    assert not list(home.glob(".progress.json.*"))  # no temporary file left behind
    assert not (Path(progress.__file__).resolve().parents[1] / "progress.json").exists()


def test_summary_counts_only_current_question_ids() -> None:
    progress.record_answer("03-x", "old_q", 0, True)
    progress.record_answer("03-x", "q1", 0, False)
    assert progress.lesson_summary("03-x", 5, ("q1", "q2")).answered == 1


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"lessons": 3}', "\udcff"])
def test_corrupt_file_is_kept_aside_and_progress_starts_fresh(home: Path, content: str) -> None:
    path = home / "progress.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    document, message = progress.load()
    assert document["lessons"] == {} and "starts fresh" in message
    aside = list(home.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content.encode("utf-8", "surrogateescape")
    progress.record_answer("01-x", "q1", 0, True)  # and saving works again
    assert progress.lesson_summary("01-x").correct == 1


def test_reset_forgets_everything() -> None:
    progress.record_answer("01-x", "q1", 0, True)
    progress.reset()
    assert progress.load()[0]["lessons"] == {}


def test_progress_view_shows_counts_and_download(home: Path) -> None:
    progress.record_answer("00-start-here", "q1", 0, True)
    view = ProgressView()
    assert "progress-view" in view._dom_classes
    summary = view.summaries["00-start-here"]
    assert (summary.answered, summary.correct) == (1, 1) and summary.total
    assert "1 of" in view.table.value and "Binder" in view.children[4].value
    payload = view.download.value.split("base64,")[1].split('"')[0]
    assert json.loads(base64.b64decode(payload))["lessons"]["00-start-here"]["q1"]["correct"] is True


def test_progress_view_reset_asks_first(home: Path) -> None:
    progress.record_answer("00-start-here", "q1", 0, True)
    view = ProgressView()
    view.reset_button.click()
    assert view.confirm_box.layout.display == "flex"
    view.cancel_button.click()
    assert view.confirm_box.layout.display == "none" and view.summaries["00-start-here"].answered == 1
    view.reset_button.click()
    view.confirm_button.click()
    assert view.summaries["00-start-here"].answered == 0 and "reset" in view.message.value


def test_progress_view_reports_corrupt_file(home: Path) -> None:
    (home / "progress.json").write_text("{oops", encoding="utf-8")
    view = ProgressView()
    assert "starts fresh" in view.message.value


def test_progress_view_shows_the_final_assessment_result_and_its_download(home: Path) -> None:
    from course.results import ObjectiveResult, write_results

    assert "Final assessment" not in ProgressView().download.value
    write_results([ObjectiveResult("Aftercare timing", 3, 4, ("07-aftercare",))])
    shown = ProgressView().download.value
    assert "Final assessment: 3 of 4 correct" in shown and 'download="results.json"' in shown
    (home / "results.json").write_text("{broken")
    assert "Final assessment" not in ProgressView().download.value
