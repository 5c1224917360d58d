"""Build the instructors' pack into `instructor/` (`make instructor`); the folder is git-ignored.

- `slides/`: every deck with speaker notes and model answers (press S), self-check keys included;
- `guide.html`: the instructor guide, then every lesson's speaker notes and model answers beside the
  prompt they answer, and the model answers to the guide's discussion prompts;
- `self-check-answers.md` and `.html`: the answer key, final assessment included;
- `kit/`: the classroom kit from `docs/kit/` as print-ready pages (A4 and Letter).

None of it is committed or reaches learners. Run: `python scripts/build_instructor.py [--no-slides]`.
"""

from __future__ import annotations

import argparse
import html
import json
import re
from pathlib import Path

import mistune
from build_answers import render as answer_key
from delivery import lessons
from instructor_notes import lesson_notes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "instructor"
DOCS = ROOT / "docs"
KIT = DOCS / "kit"
PRINT_CSS = """
 body { font: 12pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem;
        margin: 1.5rem auto; padding: 0 1rem; color: #111; }
 h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 1.4em; } h3 { font-size: 12.5pt; }
 table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
 th, td { border: 1px solid #888; padding: 4px 6px; text-align: left; vertical-align: top; }
 th { background: #eee; } a { color: #0072B2; }
 blockquote { border-left: 4px solid #0072B2; margin: 0.5em 0; padding: 2px 10px; background: #f4f8fb; }
 .write-in { display: block; border-bottom: 1px solid #555; height: 1.8em; }
 .prompt { border-left: 4px solid #E69F00; padding: 2px 10px; background: #fff8e6; }
 @page { size: auto; margin: 15mm; }
 @media print { body { margin: 0; max-width: none; } a { color: #000; } h2 { break-after: avoid; }
                tr, blockquote, .prompt { break-inside: avoid; } .page-break { break-before: page; } }
"""


def page(title: str, body_markdown: str, banner: str = "") -> str:
    """A self-contained, print-ready HTML page from Markdown (no scripts, no external files)."""
    body = mistune.html(body_markdown)
    note = f'<p class="prompt">{html.escape(banner)}</p>\n' if banner else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{PRINT_CSS}</style></head>\n"
            f"<body>\n{note}{body}</body></html>\n")


def _cell_texts(notebook: Path) -> dict[str, str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {c.get("id", ""): "".join(c["source"]) for c in cells}


def _prompt(text: str) -> str:
    """The Think!/Try it paragraph of a cell, or its first lines, quoted."""
    found = re.search(r"^\*\*(?:Think!|Try it)[^\n]*(?:\n(?!\n)[^\n]*)*", text, re.MULTILINE)
    excerpt = found.group(0) if found else "\n".join(text.strip().splitlines()[:2])
    return "\n".join("> " + line for line in excerpt.splitlines())


def notes_markdown(notebooks: list[Path]) -> str:
    """Every lesson's speaker notes and model answers, each under the prompt or cell it belongs to."""
    parts = ["# Speaker notes and model answers", ""]
    for notebook in notebooks:
        notes = lesson_notes(notebook.stem)
        if not notes:
            continue
        texts = _cell_texts(notebook)
        parts += [f"## {notebook.stem}", ""]
        for note in notes:
            cell = texts.get(note.cell_id)
            gone = f"> (cell {note.cell_id} is no longer in the lesson)"
            where = _prompt(cell) if cell is not None else gone
            parts += [where, "", note.text, ""]
    return "\n".join(parts)


def build_guide(out: Path, notebooks: list[Path]) -> Path:
    """`guide.html`: the guide, the notes and model answers, and the discussion answers, in one page."""
    guide = (DOCS / "instructor-guide.md").read_text(encoding="utf-8")
    discussion = (DOCS / "instructor" / "discussion-answers.md").read_text(encoding="utf-8")
    text = "\n\n".join([guide, notes_markdown(notebooks), discussion])
    path = out / "guide.html"
    path.write_text(page("Instructor guide with notes and model answers", text,
                         "For instructors only: model answers and speaker notes. Do not share them."),
                    encoding="utf-8")
    return path


def build_kit(out: Path) -> list[Path]:
    """Every `docs/kit/*.md` page as print-ready HTML in `out/kit/`."""
    folder = out / "kit"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(KIT.glob("*.md")):
        text = source.read_text(encoding="utf-8")
        title = next((ln[2:] for ln in text.splitlines() if ln.startswith("# ")), source.stem)
        target = folder / f"{source.stem}.html"
        target.write_text(page(title, text.replace(".md)", ".html)")), encoding="utf-8")
        written.append(target)
    return written


def build_instructor(out: Path = OUT, slides: bool = True) -> list[Path]:
    """Build the whole pack into `out`; return the files written (decks included when `slides`)."""
    out.mkdir(parents=True, exist_ok=True)
    notebooks = lessons()
    key = answer_key()
    (out / "self-check-answers.md").write_text(key, encoding="utf-8")
    (out / "self-check-answers.html").write_text(
        page("Self-check answers", key, "For instructors only: the answer key. Do not share with learners."),
        encoding="utf-8")
    written = [out / "self-check-answers.md", out / "self-check-answers.html", build_guide(out, notebooks)]
    written += build_kit(out)
    if slides:
        from build_slides import build_slides

        written += build_slides(out / "slides", notebooks, instructor=True)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-slides", action="store_true", help="skip the decks (no lessons executed)")
    args = parser.parse_args()
    written = build_instructor(args.out, slides=not args.no_slides)
    print(f"instructor: {len(written)} files in {args.out} (for instructors only; git-ignored): "
          f"open {args.out / 'guide.html'}")


if __name__ == "__main__":
    main()
