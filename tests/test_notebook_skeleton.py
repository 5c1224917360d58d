"""Every lesson notebook follows the course skeleton and is committed clean.

Checks, per `notebooks/*.ipynb`: the skeleton headings in order, at least one **Think!** and one
**Try it**, the first code cell imports the lesson helpers, no outputs, execution counts or widget
state, a kernelspec, no definitions or loops in code cells, slide metadata on every cell, the
self-check / references / navigation calls, and a quiz whose objectives exist in the lesson.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from course import catalogue, quiz

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# Lessons only: `_template.ipynb` (and any other `_` name) is not a lesson.
NOTEBOOKS = sorted(p for p in NOTEBOOKS_DIR.glob("*.ipynb") if not p.name.startswith("_"))
TEMPLATE = NOTEBOOKS_DIR / "_template.ipynb"
SKELETON = ["Objectives", "Time to learn", "Prerequisites", "Summary", "Self-check", "References"]
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
FORBIDDEN = re.compile(r"^\s*(def|class|for|while|async def)\b|\blambda\b", re.MULTILINE)
IMPORT = "from course.lessons import navigation, references, self_check"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _headings(nb: dict, level: str) -> list[str]:
    pattern = re.compile(rf"^{level} (.+?)\s*$", re.MULTILINE)
    return [h for c in nb["cells"] if c["cell_type"] == "markdown" for h in pattern.findall(_source(c))]


def objectives(nb: dict) -> set[int]:
    """The numbers of the lesson's numbered Objectives list."""
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "markdown" and re.search(r"^## Objectives\s*$", text, re.MULTILINE):
            return {int(n) for n in re.findall(r"^(\d+)\. ", text, re.MULTILINE)}
    return set()


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request) -> tuple[str, dict]:
    return request.param.stem, _load(request.param)


def test_every_notebook_is_a_registered_lesson() -> None:
    assert {p.stem for p in NOTEBOOKS} <= set(catalogue.stems())


def test_template_has_the_whole_skeleton_and_says_what_goes_in_each_section() -> None:
    nb = _load(TEMPLATE)
    found = [h for h in _headings(nb, "##") if h in SKELETON]
    assert found == SKELETON
    code = [_source(c) for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0].startswith(IMPORT) and code[-1].startswith("navigation(")
    for cell in nb["cells"]:
        assert cell["metadata"]["slideshow"]["slide_type"] in SLIDE_TYPES
        assert cell["cell_type"] == "markdown" or (cell["outputs"] == [] and cell["execution_count"] is None)
    sections = re.split(r"^## ", "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown"),
                        flags=re.MULTILINE)
    for section in sections[1:]:
        title = section.splitlines()[0]
        assert re.search(r"(?<!\*)\*[^*\s][^*]+\*(?!\*)", section), f"template section {title!r} says nothing"


def test_skeleton_headings_in_order(notebook) -> None:
    stem, nb = notebook
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and _source(first).startswith("# "), stem
    found = [h for h in _headings(nb, "##") if h in SKELETON]
    assert found == SKELETON, f"{stem}: skeleton headings {found}, expected {SKELETON}"


def test_think_and_try_it_moments(notebook) -> None:
    stem, nb = notebook
    text = "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert re.search(r"^\*\*Think!\*\*", text, re.MULTILINE), f"{stem}: no **Think!** paragraph"
    assert re.search(r"^\*\*Try it", text, re.MULTILINE), f"{stem}: no **Try it** paragraph"


def test_clean_commit_no_outputs_no_widget_state(notebook) -> None:
    stem, nb = notebook
    assert nb["metadata"]["kernelspec"]["name"] == "python3", stem
    assert "widgets" not in nb["metadata"], f"{stem}: widget state saved in metadata"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{stem}: stored output"


def test_code_cells_are_short_calls(notebook) -> None:
    stem, nb = notebook
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert _source(code[0]).startswith(IMPORT), f"{stem}: first code cell must start with {IMPORT!r}"
    for cell in code:
        src = _source(cell)
        assert not FORBIDDEN.search(src), f"{stem}: definition or loop in a code cell:\n{src}"
        calls = [n for n in ast.parse(src).body if not isinstance(n, ast.Import | ast.ImportFrom)]
        assert len(calls) <= 2, f"{stem}: a code cell holds imports and at most two calls:\n{src}"


def test_every_cell_has_slide_metadata(notebook) -> None:
    stem, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        slide = cell["metadata"].get("slideshow", {}).get("slide_type")
        assert slide in SLIDE_TYPES, f"{stem}: cell {i} has no valid slideshow metadata"


def test_self_check_references_and_navigation_calls(notebook) -> None:
    stem, nb = notebook
    code = [_source(c) for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(f'self_check("{stem}")' in s for s in code), stem
    assert any(s.startswith(f'references("{stem}"') for s in code), stem
    assert code[-1].strip() == f'navigation("{stem}")' and nb["cells"][-1]["cell_type"] == "code", stem


def test_quiz_exists_and_objectives_match(notebook) -> None:
    stem, nb = notebook
    lesson_quiz = quiz.load_quiz(stem)
    if stem != catalogue.final_lesson():
        assert 4 <= len(lesson_quiz.questions) <= 6, f"{stem}: a self-check has 4–6 questions"
    by_lesson = {p.stem: p for p in NOTEBOOKS}
    for q in lesson_quiz.questions:
        if q.lesson not in by_lesson:
            continue  # tagged with a lesson whose notebook has not landed yet
        known = objectives(nb if q.lesson == stem else _load(by_lesson[q.lesson]))
        assert q.objective in known, (f"{stem} quiz question {q.id}: objective {q.objective} is not in "
                                      f"the Objectives list of {q.lesson} ({sorted(known)})")
