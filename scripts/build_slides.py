"""Build offline reveal.js decks of every lesson into `slides/` (`make slides`).

Each lesson is executed (cached, see `delivery.py`), exported with the `course-reveal` template
(nbconvert's reveal template without its CDN mermaid import) and the white theme, and pointed at
the vendored assets copied to `slides/vendor/`. Code inputs are hidden: slides show prose and
results. Each executed lesson is laid out for a 1280×720 projector first (`deck_layout.py`: long
cells split, a widget figure alone and large on its slide with its text after it, sub-slides
flattened), in the build only. Learner decks carry no speaker notes; the instructor build
(`build_instructor.py`, `make instructor`) adds them from `docs/instructor/notes/`. The folder
works from `file://` or a USB stick: open `slides/index.html`. Widgets show their last figure;
nothing recomputes without a kernel. For live slides with working widgets use JupyterLab's
View → Presentation Mode (docs/instructor-guide.md).

Run: `python scripts/build_slides.py [--out DIR] [LESSON.ipynb ...]`.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import nbformat
from deck_layout import lay_out
from delivery import ROOT, execute_lessons, export, exporter_config, lesson_title, lessons, run_cli
from instructor_notes import add_notes
from nbconvert import SlidesExporter
from vendor_assets import copy_vendor

SUFFIX = ".slides.html"
NOTES_LINE = {True: "Press <kbd>S</kbd> for the speaker notes and model answers.",
              False: "These are the learners' decks, without speaker notes."}


def deck_notebook(executed: Path, stem: str, target: Path, instructor: bool = False) -> Path:
    """The executed lesson laid out as slides (with speaker notes when `instructor`), written to `target`."""
    nb = nbformat.read(executed, as_version=4)
    if instructor:
        missing = add_notes(nb, stem)
        if missing:
            print(f"slides: {stem}: notes for cells no longer in the lesson: {', '.join(missing)}")
    final = lessons()[-1].stem
    nbformat.write(nbformat.from_dict(lay_out(nb, stem, final, instructor)), target)
    return target


def build_slides(out: Path, notebooks: list[Path], instructor: bool = False) -> list[Path]:
    """Write one deck per lesson and an index page into `out`; return the deck paths."""
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out)
    exporter = SlidesExporter(config=exporter_config("course-reveal", hide_code=True))
    decks = []
    with tempfile.TemporaryDirectory(prefix="course-deck-") as work:
        for source, executed in zip(notebooks, execute_lessons(notebooks), strict=True):
            laid_out = deck_notebook(executed, source.stem, Path(work) / source.name, instructor)
            deck = out / f"{source.stem}{SUFFIX}"
            deck.write_text(export(exporter, laid_out, SUFFIX), encoding="utf-8")
            decks.append(deck)
    items = "\n".join(
        f'<li><a href="{d.name}">{html.escape(lesson_title(s))}</a></li>'
        for s, d in zip(notebooks, decks, strict=True))
    (out / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Course slides</title></head>\n'
        "<body><h1>Microneedling course: slides</h1>\n"
        f"<p>The arrow keys (or Space) visit every slide in order. {NOTES_LINE[instructor]} "
        "Educational use only: the models are illustrative teaching models, "
        "not predictions for a client.</p>\n"
        f"<ol>\n{items}\n</ol></body></html>\n", encoding="utf-8")
    return decks


def main() -> None:
    run_cli(__doc__, ROOT / "slides", build_slides, "decks")


if __name__ == "__main__":
    main()
