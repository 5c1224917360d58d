"""Citation names and evidence words, and the inline citations of a lesson notebook.

Lessons cite sources inline as `[Chu 2021]` or `[Soltani 2014; Friedmann 2024]`, using the short
names built here from `data/sources.csv`; `cited_ids` reads them back so a lesson's reference list
is computed, never kept by hand.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from course import data

EVIDENCE_WORDS = {"V": "checked", "S": "secondary source", "U": "unverified or course convention"}
# `[...]` not followed by `(` (that would be a Markdown link); no nested brackets.
_BRACKETS = re.compile(r"\[([^\[\]\n]+)\](?!\()")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _plain(word: str) -> str:
    """Lower case without accents, hyphens or apostrophes, for matching ids to citation words."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def _spelled(part: str, citation: str, fallback: str) -> str:
    """A name part of a source id as the citation spells it (`landen` → `Landén`)."""
    for word in re.findall(r"[\w'-]+", citation):
        if _plain(word) == part:
            return word
    return fallback


def short_name(source_id: str) -> str:
    """A short citation name such as `Chu 2021` or `Alster & Li 2020 (scars)` for a source id;
    ids without a year (grouped secondary sources, `course`) are written out."""
    sources = data.load().sources
    citation = sources[source_id].citation if source_id in sources else ""
    match = re.fullmatch(r"([a-z_]+?)(\d{4})(?:_([a-z_]+))?", source_id)
    if not match:
        words = " ".join(_spelled(n, citation, n) for n in source_id.split("_"))
        return words[:1].upper() + words[1:]
    # a name part the citation does not spell out is an acronym (aad → AAD, ijd → IJD)
    names = [_spelled(n, citation, n.upper() if len(n) <= 5 else n.capitalize())
             for n in match.group(1).split("_") if n]
    text = " & ".join(names) + f" {match.group(2)}"
    return text + (f" ({match.group(3).replace('_', ' ')})" if match.group(3) else "")


def cite(source_ids: Iterable[str], evidence: str) -> str:
    """Plain-text citation with its evidence tag: `[Chu 2021; AAD 2018] [V]`."""
    return f"[{'; '.join(short_name(s) for s in source_ids)}] [{evidence}]"


@functools.lru_cache(maxsize=1)
def _ids_by_name() -> dict[str, str]:
    return {short_name(s).casefold(): s for s in data.load().sources}


@dataclass(frozen=True)
class InlineCitations:
    """What a text cites: resolved source ids (first-seen order) and names that resolve to none."""

    source_ids: tuple[str, ...]
    unresolved: tuple[str, ...]


def inline_citations(text: str) -> InlineCitations:
    """The `[Name Year; …]` citations in a text. A part that names no source counts as an unresolved
    citation when it carries a year or starts with a capital (`[Nobody 2019]`, `[Clinic protocol]`);
    evidence tags (`[V]`), links and lower-case brackets are ignored."""
    names = _ids_by_name()
    found: dict[str, None] = {}
    unresolved: dict[str, None] = {}
    for group in _BRACKETS.findall(text):
        for part in (p.strip() for p in group.split(";")):
            if part.casefold() in names:
                found[names[part.casefold()]] = None
            elif _YEAR.search(part) or (len(part) > 1 and part[0].isupper()):
                unresolved[part] = None
    return InlineCitations(tuple(found), tuple(unresolved))


def notebook_text(path: Path | str) -> str:
    """The Markdown cells of a notebook, joined (the prose a learner reads)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    return "\n\n".join("".join(cell["source"]) for cell in notebook["cells"]
                       if cell["cell_type"] == "markdown")


def cited_ids(path: Path | str) -> tuple[str, ...]:
    """Source ids cited inline in a notebook's prose, in `data/sources.csv` order."""
    wanted = set(inline_citations(notebook_text(path)).source_ids)
    return tuple(s for s in data.load().sources if s in wanted)
