"""The deck check's verdicts on measured slides (the measuring itself runs in Chromium, tests/browser)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
deck_check = importlib.import_module("deck_check")


def _slide(**measured: object) -> object:
    values = {"number": 3, "title": "Hour by hour", "height": 500, "limit": 720, "smallest_px": 32.0,
              "words": 40, "notes": 0, "width": 1280, "width_limit": 1280, "used": 500, "pictures": 0}
    return deck_check.Slide(**{**values, **measured})


def test_a_frozen_figure_must_fill_most_of_the_slide_one_way():
    assert _slide(figures=[[820, 570]]).problems() == []
    assert _slide(figures=[[1187, 300]]).problems() == []
    assert _slide(figures=[[307, 213]]).problems() == ["widget figure only 307×213 px"]


def test_an_empty_slide_is_a_problem_and_a_short_one_only_counts_as_sparse():
    assert _slide(words=0, pictures=0).problems() == ["empty"]
    assert _slide(words=0, pictures=1).problems() == []
    short = _slide(words=6, used=120)
    assert short.problems() == [] and short.sparse()
    counts = deck_check.summary([short, _slide(), _slide(words=0, used=0)])
    assert counts == {"slides": 3, "sparse": 2, "empty": 1}
