"""Deck layout without a browser: what a slide is charged for, frozen widget figures, merging short slides."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

deck_cost = importlib.import_module("deck_cost")
deck_layout = importlib.import_module("deck_layout")

FOLDED_BODY = " ".join(f"Hidden sentence {i} explains the answer at length." for i in range(40))


def test_closed_details_count_only_their_summary():
    folded = f"<details>\n<summary>Compare your answer</summary>\n\n{FOLDED_BODY}\n</details>"
    cost = deck_cost.markdown_cost(f"Visible line here.\n\n{folded}")
    assert cost.words == 3 + 3
    assert deck_cost.plain(folded).split() == ["Compare", "your", "answer"]
    assert deck_cost.html_cost(f"<div><p>One two.</p>{folded}</div>").words == 2 + 3


def test_open_details_and_details_without_summary():
    opened = f"<details open><summary>Shown</summary><p>{FOLDED_BODY}</p></details>"
    assert deck_cost.html_cost(opened).words == 1 + len(FOLDED_BODY.split())
    assert deck_cost.plain("<details><p>secret words</p></details>").split() == ["Details"]


def test_nested_details_fold_to_the_outer_summary():
    nested = ("<details><summary>Outer</summary><p>a b c</p>"
              "<details open><summary>Inner</summary><p>d e f</p></details></details>")
    assert deck_cost.plain(nested).split() == ["Outer"]


def test_folded_text_never_splits_a_cell():
    folded = f"<details>\n<summary>What you should see</summary>\n\n- {FOLDED_BODY}\n- more\n</details>"
    source = f"## Try it\n\nMove the slider.\n\n{folded}"
    assert deck_layout.split_markdown(source) == [source]
    folded_list = f"<details><summary>More</summary><ul><li>{FOLDED_BODY}</li></ul></details>"
    page = f"<div><p>Intro.</p>{folded_list}</div>"
    assert deck_layout.split_html(page) == [page]


def test_a_long_visible_cell_is_still_split_and_keeps_its_folded_part_whole():
    visible = "\n".join(f"- item {i} with a few more words to read" for i in range(20))
    folded = f"<details>\n<summary>Answer</summary>\n\n{FOLDED_BODY}\n\n- a list\n</details>"
    parts = deck_layout.split_markdown(f"{visible}\n\n{folded}")
    assert len(parts) > 1
    holding = [p for p in parts if "<details>" in p]
    assert len(holding) == 1 and "</details>" in holding[0] and FOLDED_BODY in holding[0]
