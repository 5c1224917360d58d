"""Answers in the lessons are folded away, so self-study learners think first (issue 12).

Every **Think!** prompt and every **Try it** step is followed, before the next prose, by a closed
`<details>` block (code cells may sit between, e.g. the widget the step is about): a Think! by its
answer, a Try it by "What you should see". Markdown inside `<details>` needs a blank line after
`</summary>` (JupyterLab, nbconvert and the decks all follow CommonMark here); `</details>` goes on a
line of its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOKS_DIR.glob("*.ipynb") if not p.name.startswith("_"))
PROMPT = re.compile(r"^\*\*(Think!|Try it)", re.MULTILINE)
LIST_LINE = re.compile(r"^\s*(?:\d+\.|[-*+])\s|^\s{2,}\S")
DETAILS = re.compile(
    r"\A<details>\s*<summary>(?P<summary>[^<]+)</summary>[ \t]*\n[ \t]*\n"
    r"(?P<body>.*?)\n(?:[ \t]*\n)?</details>",
    re.DOTALL,
)
SEE = "What you should see"


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _blocks(text: str) -> list[str]:
    return [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]


def _after_prompt(text: str) -> str:
    """What follows a prompt paragraph (and the numbered or bulleted steps that belong to it)."""
    blocks = _blocks(text)
    rest = 1
    while rest < len(blocks) and all(LIST_LINE.match(line) for line in blocks[rest].splitlines()):
        rest += 1
    cut = 0
    for block in blocks[:rest]:
        cut = text.index(block, cut) + len(block)
    return text[cut:].lstrip()


def _next_markdown(cells: list[dict], index: int) -> str:
    for cell in cells[index + 1:]:
        if cell["cell_type"] == "markdown":
            return _source(cell).lstrip()
    return ""


def unfolded_prompts(cells: list[dict]) -> list[str]:
    """One line per Think!/Try it prompt whose answer is open or missing (empty when all are folded)."""
    problems = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        starts = [m.start() for m in PROMPT.finditer(text)]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(text)
            prompt = text[start:end]
            kind = "Think!" if prompt.startswith("**Think!") else "Try it"
            where = f"cell {index} ({cell.get('id', '?')}) {kind} {prompt[:60].splitlines()[0]!r}"
            last = n + 1 == len(starts)
            following = _after_prompt(prompt) or (_next_markdown(cells, index) if last else "")
            folded = DETAILS.match(following)
            if not folded:
                shown = following[:70].splitlines()[0] if following else "nothing"
                problems.append(f"{where}: next comes {shown!r}, not a closed <details> block with "
                                "<summary>, a blank line, the answer and </details> on its own line")
            elif not folded["body"].strip():
                problems.append(f"{where}: the <details> block is empty")
            elif kind == "Try it" and SEE not in folded["summary"]:
                problems.append(f"{where}: summary {folded['summary']!r} does not say {SEE!r}")
    return problems


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "source": text}


ANSWER = "<details>\n<summary>Compare your answer</summary>\n\nAt once, not weeks later.\n\n</details>"
SEEN = f"<details>\n<summary>{SEE}</summary>\n\n1. The bar grows.\n\n</details>"


@pytest.mark.parametrize("cells", [
    [_md("**Think!** When is redness strongest?"), _md(ANSWER)],
    [_md(f"**Think!** When is redness strongest?\n\n{ANSWER}")],
    [_md("**Try it**\n\n1. Move the slider.\n2. Read the message."), {"cell_type": "code", "source": "w()"},
     _md(SEEN)],
    [_md(f"Some prose first.\n\n**Try it:** move the slider.\n\n{SEEN}\n\n**Think!** Why?\n\n{ANSWER}")],
])
def test_folded_answers_pass(cells) -> None:
    assert unfolded_prompts(cells) == []


@pytest.mark.parametrize("cells", [
    [_md("**Think!** When is redness strongest?"), _md("*(At once: it fades within days.)*")],
    [_md("**Think!** When is redness strongest?\n\n*(At once.)*\n\n" + ANSWER)],
    [_md("**Think!** When?"), _md("<details open>\n<summary>Answer</summary>\n\nAt once.\n\n</details>")],
    [_md("**Think!** When?"), _md("<details>\n<summary>Answer</summary>\nNo blank line.\n</details>")],
    [_md("**Think!** When?"), _md("## Next section")],
    [_md("**Try it:** move the slider."), _md(ANSWER)],
    [_md("**Try it:** move the slider.\n\n**Think!** Why?"), _md(ANSWER)],
])
def test_open_or_missing_answers_fail(cells) -> None:
    assert unfolded_prompts(cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_think_and_try_it_answer_is_folded(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    problems = unfolded_prompts(cells)
    assert not problems, f"{path.stem}:\n" + "\n".join(problems)
