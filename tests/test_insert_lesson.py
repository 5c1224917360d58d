"""`scripts/insert_lesson.py` on a copy of the course: a new lesson before the capstone renumbers the
later lessons everywhere, and the registry, files, README and notebooks stay in step."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

from course import catalogue, data

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("insert_lesson", ROOT / "scripts" / "insert_lesson.py")
insert_lesson = importlib.util.module_from_spec(SPEC)  # type: ignore[arg-type]
SPEC.loader.exec_module(insert_lesson)  # type: ignore[union-attr]


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """The parts of the repository that name lessons: data, notebooks, docs, README, tests, code."""
    copy = tmp_path / "course-copy"
    for folder in ("data", "notebooks", "docs", "tests", "course"):
        shutil.copytree(ROOT / folder, copy / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(ROOT / "README.md", copy / "README.md")
    return copy


def _texts(root: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in root.rglob("*")
            if p.is_file() and p.suffix in {".py", ".md", ".csv", ".json", ".ipynb"}}


def test_inserting_before_the_last_lesson_renumbers_it_everywhere(course_copy: Path, capsys) -> None:
    final, position = catalogue.final_lesson(), len(catalogue.all_lessons()) - 1
    slug = final.partition("-")[2]
    moved = f"{position + 1:02d}-{slug}"
    new = f"{position:02d}-inserted-lesson"
    assert insert_lesson.main(["inserted-lesson", "Inserted lesson", "--before", f"{position:02d}",
                               "--minutes", "40", "--root", str(course_copy)]) == 0

    lessons = sorted(data.load(course_copy / "data").lessons.values(), key=lambda r: r.lesson_number)
    assert [r.lesson_number for r in lessons] == list(range(position + 2))
    assert [r.lesson for r in lessons[-2:]] == [new, moved]
    assert lessons[-2].title == "Inserted lesson" and lessons[-2].time_to_learn_minutes == 40
    for stem in (new, moved):
        assert (course_copy / "notebooks" / f"{stem}.ipynb").exists()
    assert (course_copy / "data" / "quizzes" / f"{moved}.json").exists()
    assert not (course_copy / "notebooks" / f"{final}.ipynb").exists()
    stale = [str(p) for p, text in _texts(course_copy).items() if final in text or final in p.name]
    assert stale == [], f"still naming {final}: {stale}"

    readme = (course_copy / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| \[([^\]]+)\]\(notebooks/([\w-]+)\.ipynb\) \|", readme, re.MULTILINE)
    assert rows == [(f"{r.lesson_number:02d}", r.title, r.lesson) for r in lessons]
    binder = re.findall(r"^- \[(\d\d) [^\]]+\]\(\S+?notebooks/([\w-]+)\.ipynb\)", readme, re.MULTILINE)
    assert binder == [(f"{r.lesson_number:02d}", r.lesson) for r in lessons]

    notebook = json.loads((course_copy / "notebooks" / f"{new}.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in notebook["cells"])
    assert text.startswith("# Inserted lesson") and "About 40 minutes." in text
    assert f'references("{new}")' in text and "NN-your-lesson" not in text
    assert f"quizzes/{new}.json" in capsys.readouterr().out  # the next steps are printed


def test_dry_run_changes_nothing(course_copy: Path) -> None:
    before = _texts(course_copy)
    assert insert_lesson.main(["inserted-lesson", "Inserted", "--before", "08", "--dry-run",
                               "--root", str(course_copy)]) == 0
    assert _texts(course_copy) == before


def test_a_lesson_added_at_the_end_moves_nothing(course_copy: Path) -> None:
    stems = catalogue.stems()
    assert insert_lesson.main(["aftercare-audit", "Aftercare audit", "--root", str(course_copy)]) == 0
    lessons = sorted(data.load(course_copy / "data").lessons.values(), key=lambda r: r.lesson_number)
    assert [r.lesson for r in lessons] == [*stems, f"{len(stems):02d}-aftercare-audit"]
    readme = (course_copy / "README.md").read_text(encoding="utf-8")
    assert f"notebooks/{len(stems):02d}-aftercare-audit.ipynb) | Aftercare audit |" in readme


@pytest.mark.parametrize("args", [
    ["aftercare", "Aftercare again", "--before", "05"],          # the slug exists
    ["07-new-lesson", "New", "--before", "05"],                  # number and --before disagree
    ["new-lesson", "New", "--before", "99"],                     # no such lesson
    ["New Lesson", "New", "--before", "05"],                     # not a slug
])
def test_bad_requests_are_refused_before_anything_changes(course_copy: Path, args: list[str]) -> None:
    before = _texts(course_copy)
    with pytest.raises(SystemExit):
        insert_lesson.main([*args, "--root", str(course_copy)])
    assert _texts(course_copy) == before
