"""Insert a lesson into the course: a registry row, a notebook from the template, and the later
lessons renumbered everywhere.

    python scripts/insert_lesson.py safety-and-consent "Safety and consent" [--before 08] [--minutes 40]
        [--teaches "..."] [--root PATH] [--dry-run]

Without `--before` the lesson is added at the end. With `--before NN`, lessons NN and above move
up by one: their notebook, quiz and any other file named after them is renamed, and every mention
of their stems in the repository's text files (data, docs, notebooks, tests, code) is rewritten.
The README lesson table and Binder links are rebuilt from the registry. The new lesson gets
`notebooks/NN-slug.ipynb` copied from `notebooks/_template.ipynb`. Mentions of a bare lesson number
("lesson 08") cannot be rewritten safely: they are listed at the end for a person to check.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".py", ".md", ".csv", ".json", ".ipynb", ".txt", ".yml", ".yaml", ".toml", ".j2", ".html",
                 ".cfg", ".ini", ".sh"}
TEXT_NAMES = {"Makefile", "postBuild", "Dockerfile"}
SKIP_DIRS = {".git", ".venv", "build", "vendor", "node_modules", ".ipynb_checkpoints", ".pytest_cache",
             "__pycache__", ".ruff_cache"}
STEM = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$")
TEMPLATE_STEM = "NN-your-lesson"


def repository_files(root: Path) -> list[Path]:
    """Files under version control (or, outside a git checkout, every file not in a skipped folder)."""
    if (root / ".git").exists():
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, text=True,
                                check=True).stdout.split("\0")
        return [root / name for name in listed if name and (root / name).is_file()]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        found += [Path(folder) / f for f in files]
    return found


def is_text(path: Path) -> bool:
    return path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES


def read_registry(root: Path) -> tuple[list[str], list[dict[str, str]]]:
    with (root / "data" / "lessons.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_registry(root: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: int(r["lesson_number"])))
    (root / "data" / "lessons.csv").write_text(out.getvalue(), encoding="utf-8")


def renames_for(rows: list[dict[str, str]], before: int) -> dict[str, str]:
    """Old stem -> new stem for every lesson numbered `before` or later, highest first."""
    moves = {}
    for row in sorted(rows, key=lambda r: -int(r["lesson_number"])):
        number = int(row["lesson_number"])
        if number >= before:
            slug = STEM.match(row["lesson"]).group(2)  # type: ignore[union-attr]
            moves[row["lesson"]] = f"{number + 1:02d}-{slug}"
    return moves


def rewrite_text(files: list[Path], moves: dict[str, str]) -> list[Path]:
    """Replace every old stem by its new one (highest first, so no stem is renamed twice)."""
    changed = []
    for path in files:
        if not is_text(path):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        new = text
        for old, target in moves.items():
            new = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", target, new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def rename_files(files: list[Path], moves: dict[str, str]) -> list[tuple[Path, Path]]:
    """Rename every file whose name carries an old stem (notebook, quiz, notes), highest first."""
    done = []
    for old, target in moves.items():
        for path in files:
            if path.exists() and old in path.name:
                new = path.with_name(path.name.replace(old, target))
                if new.exists():
                    raise SystemExit(f"{new} already exists; nothing more renamed.")
                path.rename(new)
                done.append((path, new))
    return done


def sync_readme(root: Path, rows: list[dict[str, str]], teaches: dict[str, str]) -> None:
    """Rebuild README's lesson table rows and Binder links from the registry (keeping descriptions)."""
    path = root / "README.md"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    table = re.compile(r"^\| \d\d \| \[[^\]]+\]\(notebooks/([\w-]+)\.ipynb\) \| (.*) \|$", re.MULTILINE)
    binder = re.compile(r"^- \[\d\d [^\]]+\]\((\S+?notebooks/)([\w-]+)\.ipynb\)$", re.MULTILINE)
    described = {m.group(1): m.group(2) for m in table.finditer(text)}
    prefixes = [m.group(1) for m in binder.finditer(text)]
    ordered = sorted(rows, key=lambda r: int(r["lesson_number"]))

    def replace_block(pattern: re.Pattern[str], lines: list[str], source: str) -> str:
        found = list(pattern.finditer(source))
        if not found:
            return source
        return source[:found[0].start()] + "\n".join(lines) + source[found[-1].end():]

    table_lines = [f"| {int(r['lesson_number']):02d} | [{r['title']}](notebooks/{r['lesson']}.ipynb) | "
                   f"{described.get(r['lesson'], teaches.get(r['lesson'], r['teaches']))} |" for r in ordered]
    text = replace_block(table, table_lines, text)
    if prefixes:
        binder_lines = [f"- [{int(r['lesson_number']):02d} {r['title']}]({prefixes[0]}{r['lesson']}.ipynb)"
                        for r in ordered]
        text = replace_block(binder, binder_lines, text)
    path.write_text(text, encoding="utf-8")


def new_notebook(root: Path, stem: str, title: str, minutes: int) -> Path:
    """The new lesson's notebook, copied from the template with its stem, title and time filled in."""
    template = json.loads((root / "notebooks" / "_template.ipynb").read_text(encoding="utf-8"))
    for cell in template["cells"]:
        text = "".join(cell["source"]).replace(TEMPLATE_STEM, stem)
        text = text.replace("# Lesson title", f"# {title}", 1)
        text = text.replace("About 30 minutes.", f"About {minutes} minutes.")
        lines = text.split("\n")
        cell["source"] = [line + "\n" for line in lines[:-1]] + [lines[-1]]
        cell["id"] = cell["id"].replace("template", stem[:2] + "-new")
    path = root / "notebooks" / f"{stem}.ipynb"
    path.write_text(json.dumps(template, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def number_mentions(files: list[Path], numbers: list[int]) -> list[str]:
    """Lines that name a moved lesson by number only ("lesson 08"): to check by hand."""
    alternatives = "|".join(str(n) for n in numbers)
    pattern = re.compile(rf"\b[Ll]essons? 0?({alternatives})\b")
    lines = []
    for path in files:
        if path.exists() and is_text(path) and path.suffix in {".md", ".ipynb", ".py", ".json"}:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if pattern.search(line):
                    lines.append(f"{path}:{number}: {line.strip()[:120]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stem", help="the new lesson's slug (safety-and-consent) or stem (08-safety-…)")
    parser.add_argument("title", help="its title, as the course map shows it")
    parser.add_argument("--before", help="the lesson number it goes before (e.g. 08); default: at the end")
    parser.add_argument("--minutes", type=int, default=30, help="time to learn in minutes (default 30)")
    parser.add_argument("--teaches", default="", help="one line for the course map (default: the title)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository to change (default: here)")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    columns, rows = read_registry(root)
    numbers = [int(r["lesson_number"]) for r in rows]
    before = int(args.before) if args.before is not None else max(numbers) + 1
    slug = args.stem
    if STEM.match(slug):
        number, slug = STEM.match(slug).groups()  # type: ignore[union-attr]
        if int(number) != before:
            parser.error(f"{args.stem} is numbered {number} but the new lesson would be {before:02d}")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        parser.error(f"{slug!r}: use lower-case words joined by hyphens, e.g. safety-and-consent")
    if not 0 < before <= max(numbers) + 1:
        parser.error(f"--before must be a lesson number from 01 to {max(numbers):02d}, or left out")
    if any(STEM.match(r["lesson"]).group(2) == slug for r in rows):  # type: ignore[union-attr]
        parser.error(f"a lesson called {slug} already exists")
    stem = f"{before:02d}-{slug}"
    moves = renames_for(rows, before)
    print(f"New lesson {stem} ({args.title}); renumbered: "
          + (", ".join(f"{old} -> {new}" for old, new in reversed(moves.items())) or "none"))
    files = repository_files(root)
    if args.dry_run:
        return 0

    renamed = rename_files(files, moves)
    files = [new for old, new in renamed] + [p for p in files if p not in {old for old, _ in renamed}]
    changed = rewrite_text(files, moves)
    columns, rows = read_registry(root)  # stems now renamed; numbers still old
    for row in rows:
        if int(row["lesson_number"]) >= before:
            row["lesson_number"] = str(int(row["lesson_number"]) + 1)
    row = dict.fromkeys(columns, "")
    row.update(lesson=stem, lesson_number=str(before), title=args.title,
               time_to_learn_minutes=str(args.minutes), teaches=args.teaches or args.title,
               evidence="U", source_id="course")
    write_registry(root, columns, [*rows, row])
    sync_readme(root, [*rows, row], {stem: row["teaches"]})
    notebook = new_notebook(root, stem, args.title, args.minutes)
    for old, new in renamed:
        print(f"renamed {old.relative_to(root)} -> {new.relative_to(root)}")
    print(f"rewrote stems in {len(changed)} files; created {notebook.relative_to(root)}")
    print(f"Next: write the lesson, its quiz data/quizzes/{stem}.json, and (if it shows a widget) its "
          "`widgets` entry in data/lessons.csv; see docs/adding-a-lesson.md.")
    mentions = number_mentions(files, sorted(int(old[:2]) for old in moves))
    if mentions:
        print("Check these mentions of a moved lesson by number:", *mentions, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
