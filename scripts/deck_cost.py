"""How much of a 1280×720 slide a piece of Markdown or HTML takes: words and projected lines.

Only what shows is counted: a closed `<details>` shows its `<summary>` alone (the browser's
"Details" when it has none), so its folded text costs nothing until it is opened.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

WORDS_PER_SLIDE = 80
LINES_PER_SLIDE = 13.0
CHARS_PER_LINE = 68
HEADING = re.compile(r"^(#{1,3}) (.+?)\s*$", re.MULTILINE)
TABLE_ROW = re.compile(r"<tr\b.*?</tr>", re.DOTALL)
CELL = re.compile(r"<t[dh]\b.*?</t[dh]>", re.DOTALL)
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.) ")
TAG = re.compile(r"<[^>]+>")
# An innermost <details> (none inside it): folded ones are reduced first, then the ones around them.
INNERMOST_DETAILS = re.compile(r"<details\b([^>]*)>((?:(?!<details\b).)*?)</details>",
                               re.DOTALL | re.IGNORECASE)
OPEN = re.compile(r"\bopen\b", re.IGNORECASE)
BLOCK_END = re.compile(r"</(?:p|li|div|h[1-6]|dt|dd|caption|summary)>|<br\s*/?>", re.IGNORECASE)
SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.DOTALL | re.IGNORECASE)


@dataclass
class Cost:
    """How much of a slide a piece of content takes."""

    words: float = 0.0
    lines: float = 0.0

    def fits_with(self, other: Cost) -> bool:
        return (self.words + other.words <= WORDS_PER_SLIDE
                and self.lines + other.lines <= LINES_PER_SLIDE)

    def add(self, other: Cost) -> None:
        self.words += other.words
        self.lines += other.lines

    def plus(self, other: Cost) -> Cost:
        return Cost(self.words + other.words, self.lines + other.lines)


FULL = Cost(WORDS_PER_SLIDE, LINES_PER_SLIDE)


def shown_text(text: str) -> str:
    """`text` as a slide shows it: each closed `<details>` reduced to its summary line."""
    def as_shown(found: re.Match[str]) -> str:
        if OPEN.search(found.group(1)):
            return f"<div>{found.group(2)}</div>"
        summary = SUMMARY.search(found.group(2))
        return f"<p>{summary.group(1) if summary else 'Details'}</p>"

    while True:
        shorter = INNERMOST_DETAILS.sub(as_shown, text)
        if shorter == text:
            return text
        text = shorter


def plain(text: str) -> str:
    """The words a reader sees in a Markdown or HTML fragment, without markup."""
    text = html.unescape(TAG.sub(" ", shown_text(text)))
    return re.sub(r"[*_`|#>\[\]]|\(\S+?\)", " ", text)


def _text_lines(text: str, chars: int = CHARS_PER_LINE) -> float:
    return max(1, math.ceil(len(" ".join(text.split())) / chars))


def markdown_cost(source: str) -> Cost:
    """Words and projected lines of a Markdown fragment (only what shows, see `shown_text`)."""
    cost = Cost()
    for block in blocks(shown_text(source)):
        first = block.lstrip()
        if first.startswith("|"):
            rows = [r for r in block.splitlines() if r.strip() and not re.match(r"^\|[\s:|-]+\|$", r.strip())]
            cells = [[plain(c) for c in r.strip().strip("|").split("|")] for r in rows]
            for row_cost in table_row_costs(cells):
                cost.add(row_cost)
            continue
        heading = HEADING.match(first)
        if heading:
            cost.lines += {1: 2.2, 2: 1.8, 3: 1.5}[len(heading.group(1))]
            cost.words += len(heading.group(2).split())
            rest = first[heading.end():].strip()
            if not rest:
                continue
            block = rest
        for item in items(block):
            cost.lines += _text_lines(plain(item)) + 0.35
            cost.words += len(plain(item).split())
    return cost


def blocks(source: str) -> list[str]:
    """Blank-line separated blocks; a table, and an HTML `<details>` element, kept whole."""
    found: list[str] = []
    depth = 0
    for block in re.split(r"\n\s*\n", source.strip()):
        if not block.strip():
            continue
        if depth > 0:
            found[-1] += "\n\n" + block
        else:
            found.append(block)
        depth += len(re.findall(r"<details\b", block, re.I)) - len(re.findall(r"</details>", block, re.I))
    return found


def items(block: str) -> list[str]:
    """A list block's items (continuation lines joined), or the block as one paragraph."""
    found: list[str] = []
    for line in block.splitlines():
        if LIST_ITEM.match(line.lstrip()) or not found:
            found.append(line)
        else:
            found[-1] += " " + line.strip()
    return found


def table_row_costs(rows: list[list[str]]) -> list[Cost]:
    """Each row's cost, with column widths shared out the way a browser's automatic table layout does."""
    texts = [[" ".join(cell.split()) for cell in row] for row in rows]
    columns = max((len(row) for row in texts), default=0)
    need = [max((len(row[j]) for row in texts if j < len(row)), default=1) or 1 for j in range(columns)]
    least = [max((len(w) for row in texts if j < len(row) for w in row[j].split()), default=1)
             for j in range(columns)]
    room = CHARS_PER_LINE * 1.07 - 1.3 * columns
    if sum(need) <= room:
        widths = need
    else:
        spare = max(0.0, room - sum(least))
        extra = [n - m for n, m in zip(need, least, strict=True)]
        widths = [m + spare * e / (sum(extra) or 1) for m, e in zip(least, extra, strict=True)]
    costs = []
    for row in texts:
        lines = max((math.ceil(len(cell) * 1.1 / max(1.0, widths[j])) for j, cell in enumerate(row) if cell),
                    default=1)
        costs.append(Cost(sum(len(cell.split()) for cell in row), max(1, lines) * 0.87 + 0.2))
    return costs


def html_rows(fragment: str) -> list[tuple[int, list[str]]]:
    """(offset, cell texts) of each table row in an HTML fragment."""
    return [(m.start(), [plain(c) for c in CELL.findall(m.group(0))]) for m in TABLE_ROW.finditer(fragment)]


def html_cost(fragment: str) -> Cost:
    """Words and projected lines of an HTML fragment: its table rows, or its text as paragraphs."""
    fragment = shown_text(fragment)
    rows = html_rows(fragment)
    if not rows:  # each paragraph, list item or heading starts a line of its own
        return markdown_cost(plain(BLOCK_END.sub("\n\n", fragment)))
    cost = Cost()
    for row_cost in table_row_costs([cells for _, cells in rows]):
        cost.add(row_cost)
    return cost
