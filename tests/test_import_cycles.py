"""No import cycle in `course/`: an AST scan of every import, lazy ones (inside functions or
`TYPE_CHECKING`) included, so a cycle cannot be hidden by moving an import into a function."""

from __future__ import annotations

import ast
from pathlib import Path

COURSE = Path(__file__).resolve().parent.parent / "course"


def module_name(path: Path) -> str:
    parts = path.relative_to(COURSE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, here: str, is_package: bool, known: set[str]) -> set[str]:
    """The `course` modules that module `here` imports anywhere in its body (functions included)."""
    package = here if is_package else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}  # `from course import data` names a module
    modules = set()
    for name in found:
        while name and name not in known:  # `course.widgets.base.FigureWidget` -> its module
            name = name.rpartition(".")[0]
        if name and name != here:
            modules.add(name)
    return modules


def graph() -> dict[str, set[str]]:
    files = sorted(COURSE.rglob("*.py"))
    known = {module_name(p) for p in files}
    return {module_name(p): imports_of(p.read_text(encoding="utf-8"), module_name(p),
                                       p.name == "__init__.py", known) for p in files}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_scan_sees_lazy_imports_and_finds_a_planted_cycle() -> None:
    known = {"course", "course.lessons", "course.widgets", "course.widgets.base", "course.data"}
    lazy = "import os\n\ndef f():\n    from course.lessons import short_name\n    from . import base\n"
    found = imports_of(lazy, "course.widgets.planner", False, known)
    assert found == {"course.lessons", "course.widgets", "course.widgets.base"}
    hidden = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from course import data\n"
    assert imports_of(hidden, "course.lessons", False, known) == {"course", "course.data"}
    edges = {"course.a": {"course.b"}, "course.b": {"course.c"}, "course.c": {"course.a"}, "course.d": set()}
    assert cycles(edges) == [["course.a", "course.b", "course.c"]]


def test_no_import_cycle_in_course() -> None:
    found = cycles(graph())
    assert found == [], "import cycles in course/: " + "; ".join(" ↔ ".join(c) for c in found)


def test_nothing_below_the_facade_imports_it() -> None:
    importers = sorted(m for m, deps in graph().items() if "course.lessons" in deps)
    assert importers == [], f"these modules import the notebook facade course.lessons: {importers}"
