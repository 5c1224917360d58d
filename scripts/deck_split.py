"""Markdown and HTML too long for one slide, cut into parts that fit (`deck_cost.py` prices them).

Cuts fall between blocks, table rows, list items or sentences, never inside a folded `<details>`;
HTML parts are balanced (open elements closed and reopened, a table's header repeated), a heading
moves on with the part it introduces, and a short last part is avoided by sharing the units out
evenly over as many slides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from deck_cost import (
    HEADING,
    LINES_PER_SLIDE,
    WORDS_PER_SLIDE,
    Cost,
    blocks,
    html_cost,
    html_rows,
    items,
    markdown_cost,
    table_row_costs,
)

CONTINUED = Cost(0, 1.5)  # a "### … (continued)" heading: its height (a repeated title is not body text)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+(?=[A-Z*(\"'])", text) if s.strip()]


def _units(source: str) -> Iterator[tuple[str, str]]:
    """The smallest pieces a Markdown cell may be cut into: (unit, joiner before it)."""
    for block in blocks(source):
        lines = block.splitlines()
        if block.lstrip().startswith("<details"):
            yield block, "block"  # a folded answer is never cut: it shows its summary line only
        elif block.lstrip().startswith("|") and len(lines) > 2:
            header = "\n".join(lines[:2])
            for row in lines[2:]:
                yield f"{header}\n{row}", "table"
        elif len(items(block)) > 1:
            for item in items(block):
                yield item, "item"
        elif markdown_cost(block).words > WORDS_PER_SLIDE * 0.8 and not HEADING.match(block):
            for sentence in _sentences(" ".join(block.split())):
                yield sentence, "sentence"
        else:
            yield block, "block"


HTML_BLOCK = re.compile(r"^\s*<(div|ul|ol|table|details|section|aside|blockquote)\b")


def split_markdown(source: str) -> list[str]:
    """`source` cut at block, row, item or sentence boundaries into pieces that fit a slide."""
    if markdown_cost(source).fits_with(Cost()):
        return [source]
    if HTML_BLOCK.match(source):
        return split_html(source)
    lines = [line for line in source.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith(">") for line in lines):
        inner = "\n".join(re.sub(r"^\s*> ?", "", line) for line in source.splitlines())
        return ["\n".join("> " + line if line.strip() else ">" for line in part.splitlines())
                for part in split_markdown(inner)]
    units = list(_units(source))
    pieces = _evenly(lambda share: [_join(piece) for piece in _pack(units, share) if piece], markdown_cost)
    return pieces


def _evenly(cut: Callable[[float], list[str]], cost_of: Callable[[str], Cost]) -> list[str]:
    """`cut(1.0)`, or, when its last part is short (a third of a slide or less), the parts shared out
    evenly over as many slides (`cut(share)` fills each slide to `share` of the budget)."""
    parts = cut(1.0)
    tail = cost_of(parts[-1])
    share = 1.0 if 3 * tail.words < WORDS_PER_SLIDE and 3 * tail.lines < LINES_PER_SLIDE else 0.5
    while len(parts) > 1 and share > 0.5:
        share -= 0.05
        even = cut(share)
        if len(even) != len(parts):
            break
        parts = even
    return parts


def _pack(units: list[tuple[str, str]], share: float) -> list[list[tuple[str, str]]]:
    """Units packed in order onto slides filled to `share` of the budget (a unit alone always fits)."""
    limit = Cost(WORDS_PER_SLIDE * share, LINES_PER_SLIDE * share)
    pieces: list[list[tuple[str, str]]] = [[]]
    cost, paragraph = Cost(), ""
    for unit, kind in units:
        unit_cost = markdown_cost(unit.split("\n", 2)[-1] if kind == "table" else unit)
        if kind == "sentence" and paragraph:  # a sentence runs on in its paragraph's last line
            longer = markdown_cost(f"{paragraph} {unit}")
            unit_cost = Cost(longer.words - markdown_cost(paragraph).words,
                             longer.lines - markdown_cost(paragraph).lines)
        # later pieces keep room for their "(continued)" heading
        total = cost.plus(unit_cost).plus(CONTINUED if len(pieces) > 1 else Cost())
        if pieces[-1] and (total.words > limit.words or total.lines > limit.lines):
            pieces.append([])
            cost, paragraph = Cost(), ""
        pieces[-1].append((unit, kind))
        cost.add(unit_cost)
        paragraph = f"{paragraph} {unit}".strip() if kind == "sentence" else ""
    return pieces


def _join(units: list[tuple[str, str]]) -> str:
    text = ""
    for i, (unit, kind) in enumerate(units):
        if i == 0:
            text = unit
        elif kind == "table" and units[i - 1][1] == "table":
            text += "\n" + unit.splitlines()[-1]
        elif kind in ("item", "sentence") and units[i - 1][1] == kind:
            text += ("\n" if kind == "item" else " ") + unit
        else:
            text += "\n\n" + unit
    return text


# A closed <details> is one unit: it shows only its summary, so it is never cut.
UNIT = re.compile(r"<(details(?![^>]*\bopen\b)|li|p|tr|h[1-6]|caption|dt|dd)\b[^>]*>.*?</\1>", re.DOTALL)
THEAD = re.compile(r"<thead\b.*?</thead>", re.DOTALL)


def split_html(page: str) -> list[str]:
    """HTML too long for a slide, cut between list items, paragraphs or table rows.

    Every part is balanced: elements open at a cut are closed and opened again in the next part,
    and a table's header row is repeated.
    """
    if html_cost(page).fits_with(Cost()):
        return [page]
    return _evenly(lambda share: _cut_html(page, share), html_cost)


def _cut_html(page: str, share: float) -> list[str]:
    """`page` cut into parts that each fill at most `share` of a slide (see `split_html`)."""
    kept_free = Cost(WORDS_PER_SLIDE * (1 - share), LINES_PER_SLIDE * (1 - share))
    head = THEAD.search(page)
    cells_at = dict(html_rows(page))
    head_cells = [cells for _, cells in html_rows(head.group(0))] if head else []
    head_cost = html_cost(head.group(0)) if head else Cost()
    part_rows: list[list[str]] = []  # a part is a table of its own: its columns fit its own rows
    parts: list[str] = []
    current, cost, units, pos = "", head_cost.plus(Cost()), 0, 0  # the first part has the header too
    held: tuple[int, Cost] | None = None  # where the last unit, a heading, starts in `current`
    for match in UNIT.finditer(page):
        if head and head.start() <= match.start() < head.end():
            continue  # header rows travel with every part
        glue, unit = page[pos:match.start()], match.group(0)
        pos = match.end()
        row = cells_at.get(match.start())
        unit_cost = html_cost(unit) if row is None else _added_row_cost(head_cells, part_rows, row)
        if units > (held is not None) and not cost.plus(kept_free).fits_with(unit_cost):
            carried = ""
            if held:  # a heading moves on with the part it introduces
                current, carried = current[:held[0]], current[held[0]:]
            opened = _open_tags(current)
            parts.append(current + "".join(f"</{name}>" for _, name in reversed(opened)))
            current, cost, units, part_rows = "", Cost(), 0, []
            if row is not None:
                unit_cost = _added_row_cost(head_cells, part_rows, row)
            for tag, name in opened:
                current += tag
                if name == "table" and head:
                    current += head.group(0)
                    cost.add(head_cost)
            if held:
                current, units = current + carried, 1
                cost.add(held[1])
        held = (len(current), unit_cost) if match.group(1).startswith("h") else None
        current += glue + unit
        cost.add(unit_cost)
        units += 1
        part_rows += [row] if row is not None else []
    parts.append(current + page[pos:])
    return parts


def _added_row_cost(head: list[list[str]], rows: list[list[str]], row: list[str]) -> Cost:
    """What adding `row` to a table of `head` and `rows` costs (its columns may widen or narrow)."""
    def lines(table: list[list[str]]) -> float:
        return sum(cost.lines for cost in table_row_costs(table)) if table else 0.0

    return Cost(sum(len(cell.split()) for cell in row), lines(head + rows + [row]) - lines(head + rows))


VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}
START_OR_END = re.compile(r"<(/?)(\w+)[^>]*>")


def _open_tags(fragment: str) -> list[tuple[str, str]]:
    """(start tag, name) of the elements still open at the end of an HTML fragment, outermost first."""
    stack: list[tuple[str, str]] = []
    for match in START_OR_END.finditer(fragment):
        closing, name = match.group(1), match.group(2).lower()
        if name in VOID or match.group(0).endswith("/>"):
            continue
        if not closing:
            stack.append((match.group(0), name))
        elif any(open_name == name for _, open_name in stack):
            while stack.pop()[1] != name:
                pass
    return stack


