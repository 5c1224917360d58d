"""Speaker notes and model answers kept out of the learner notebooks (`docs/instructor/notes/`).

Each lesson has `docs/instructor/notes/<lesson>.md`; a `## <cell id>` section belongs to the
notebook cell with that id. The instructor build (`make instructor`) puts every section back as a
reveal.js speaker note right after its cell; learner notebooks, `make slides` and `make site` never
see them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "docs" / "instructor" / "notes"
SECTION = re.compile(r"^## (\S+)(?:[ \t]+—[ \t]*(.*))?$", re.MULTILINE)
MODEL_ANSWER = "**Model answer:**"


@dataclass(frozen=True)
class Note:
    """One speaker note: the cell it follows, an editor's label and the Markdown text."""

    cell_id: str
    label: str
    text: str


def parse_notes(text: str) -> list[Note]:
    """The notes of one lesson file, in file order."""
    parts = SECTION.split(text)
    # split() gives [preamble, id, label, body, id, label, body, ...]
    return [Note(cell_id, (label or "").strip(), body.strip())
            for cell_id, label, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)]


def lesson_notes(stem: str, folder: Path = NOTES) -> list[Note]:
    """The notes for lesson `stem` (none when it has no notes file)."""
    path = folder / f"{stem}.md"
    return parse_notes(path.read_text(encoding="utf-8")) if path.exists() else []


def add_notes(nb: nbformat.NotebookNode, stem: str, folder: Path = NOTES) -> list[str]:
    """Put each note of lesson `stem` into `nb` as a `notes` cell right after its cell.

    Returns the ids of notes whose cell is no longer in the notebook (the caller reports them).
    """
    by_id: dict[str, list[Note]] = {}
    for note in lesson_notes(stem, folder):
        by_id.setdefault(note.cell_id, []).append(note)
    cells, used = [], set()
    for cell in nb.cells:
        cells.append(cell)
        for note in by_id.get(cell.get("id"), []):
            extra = nbformat.v4.new_markdown_cell(note.text)
            extra.metadata["slideshow"] = {"slide_type": "notes"}
            cells.append(extra)
            used.add(note.cell_id)
    nb.cells = cells
    return sorted(set(by_id) - used)
