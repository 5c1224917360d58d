"""Build offline reveal.js decks of every lesson into `slides/` (`make slides`).

Each lesson is executed (cached, see `delivery.py`), exported with the `course-reveal` template
(nbconvert's reveal template without its CDN mermaid import) and the white theme, and pointed at
the vendored assets copied to `slides/vendor/`. Code inputs are hidden: slides show prose and
results. The folder works from `file://` or a USB stick: open `slides/index.html`. Widgets show
their last figure; nothing recomputes without a kernel. For live slides with working widgets use
JupyterLab's View → Presentation Mode (docs/instructor-guide.md).

Run: `python scripts/build_slides.py [--out DIR] [LESSON.ipynb ...]`.
"""

from __future__ import annotations

import html
from pathlib import Path

from delivery import ROOT, execute_lessons, export, exporter_config, lesson_title, run_cli
from nbconvert import SlidesExporter
from vendor_assets import copy_vendor

SUFFIX = ".slides.html"


def build_slides(out: Path, notebooks: list[Path]) -> list[Path]:
    """Write one deck per lesson and an index page into `out`; return the deck paths."""
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out)
    exporter = SlidesExporter(config=exporter_config("course-reveal", hide_code=True))
    decks = []
    for source, executed in zip(notebooks, execute_lessons(notebooks), strict=True):
        deck = out / f"{source.stem}{SUFFIX}"
        deck.write_text(export(exporter, executed, SUFFIX), encoding="utf-8")
        decks.append(deck)
    items = "\n".join(
        f'<li><a href="{d.name}">{html.escape(lesson_title(s))}</a></li>'
        for s, d in zip(notebooks, decks, strict=True))
    (out / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Course slides</title></head>\n'
        "<body><h1>Microneedling course: slides</h1>\n"
        "<p>Arrow keys move between slides; press <kbd>S</kbd> for speaker notes. Educational use only: "
        "the models are illustrative teaching models, not predictions for a client.</p>\n"
        f"<ol>\n{items}\n</ol></body></html>\n", encoding="utf-8")
    return decks


def main() -> None:
    run_cli(__doc__, ROOT / "slides", build_slides, "decks")


if __name__ == "__main__":
    main()
