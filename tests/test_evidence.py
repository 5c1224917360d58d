"""Evidence integrity: every tag is earned, every U value says how it was chosen, every inline
citation resolves, and the clinical numbers in lesson prose come from `data/`."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from course import data, records
from course.sources import _BRACKETS, _ids_by_name, notebook_text

NOTEBOOKS = sorted((Path(data.DATA_DIR).parent / "notebooks").glob("[0-9][0-9]-*.ipynb"))
TAGS = set(records.EVIDENCE)
# (evidence column, source column) pairs a row may carry
TAG_COLUMNS = (("evidence", "source_id"), ("depth_evidence", "depth_source_id"),
               ("typical_evidence", "typical_source_id"))
# Tables whose U rows need no note, and why.
NO_NOTE_NEEDED = {"lessons": "navigation metadata (order, titles, minutes), not a clinical value"}


def overstated_rows(d: data.CourseData) -> list[str]:
    """Rows tagged V whose cited source is not itself V (the tag claims more than the source)."""
    found = []
    for stem in records.TABLES:
        for key, row in getattr(d, stem).items():
            for tag_col, source_col in TAG_COLUMNS:
                tag, source = getattr(row, tag_col, None), getattr(row, source_col, None)
                if stem != "sources" and tag == "V" and d.sources[source].evidence != "V":
                    found.append(f"{stem}[{key}].{tag_col}=V cites {source} "
                                 f"({d.sources[source].evidence})")
    return found


def test_no_v_row_cites_a_weaker_source() -> None:
    assert overstated_rows(data.load()) == []


def test_overstated_row_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    path = copy / "skin_types.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",U,course,", ",V,clinic_protocols,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert overstated_rows(data.load(copy)) == [
        "skin_types[1].evidence=V cites clinic_protocols (S)"]


def test_aftercare_texts_tagged_v_cite_v_sources() -> None:
    d = data.load()
    doc = data.load_json("aftercare.json")
    items = [i for key in ("pih_prevention", "pih_facts", "warning_signs") for i in doc[key]]
    weak = [(i["text"][:40], s) for i in items if i["evidence"] == "V"
            for s in i["source_ids"] if d.sources[s].evidence != "V"]
    assert weak == []


@pytest.mark.parametrize("stem", [s for s in records.TABLES
                                  if s != "sources" and s not in NO_NOTE_NEEDED])
def test_every_u_row_says_how_its_value_was_chosen(stem: str) -> None:
    rows = getattr(data.load(), stem)
    silent = [key for key, row in rows.items() if row.evidence == "U" and not row.note.strip()]
    assert silent == [], f"data/{stem}.csv: U rows without a note: {silent}"


# --- inline citations -------------------------------------------------------------------

def unresolved_citations(text: str) -> list[str]:
    """Bracketed parts that are neither an evidence tag nor a source's short name. Stricter than
    `sources.inline_citations` (test_lessons), which flags only parts that carry a year."""
    names = _ids_by_name()
    return [part for group in _BRACKETS.findall(text)
            for part in (p.strip() for p in group.split(";"))
            if part not in TAGS and part.casefold() not in names]


def test_citation_checker_flags_unknown_names() -> None:
    text = "Known [Chu 2021; Course] [V], unknown [Nobody 2020] and [FDA Pen], a [link](x)."
    assert unresolved_citations(text) == ["Nobody 2020", "FDA Pen"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_inline_citation_in_a_lesson_resolves(notebook: Path) -> None:
    assert unresolved_citations(notebook_text(notebook)) == []


def test_every_inline_citation_in_data_text_resolves() -> None:
    d = data.load()
    texts = [v for stem in records.TABLES if stem != "sources"
             for row in getattr(d, stem).values()
             for v in vars(row).values() if isinstance(v, str)]
    doc = data.load_json("aftercare.json")
    texts += [i["text"] for key in ("pih_prevention", "pih_facts", "warning_signs") for i in doc[key]]
    assert [p for t in texts for p in unresolved_citations(t)] == []


# --- numbers in lesson prose ------------------------------------------------------------

_BASE = {"mm": ("mm", 1.0), "µm": ("mm", 0.001), "h": ("h", 1.0), "hour": ("h", 1.0),
         "hours": ("h", 1.0), "day": ("h", 24.0), "days": ("h", 24.0), "week": ("h", 168.0),
         "weeks": ("h", 168.0), "month": ("h", 730.0), "months": ("h", 730.0),
         "year": ("h", 8760.0), "years": ("h", 8760.0), "minute": ("min", 1.0),
         "minutes": ("min", 1.0), "%": ("%", 1.0), "percent": ("%", 1.0)}
_COLUMN_UNITS = {"_mm": "mm", "_h": "h", "_days": "days", "_weeks": "weeks", "_months": "months",
                 "_years": "years", "_minutes": "minutes", "_percent": "percent"}
# Digits with a unit only: numbers written as words ("three weeks") are not checked.
_NUM = r"(\d+(?:\.\d+)?)"
_QUANTITY = re.compile(_NUM + r"(?:\s*(?:–|-|to)\s*" + _NUM + r")?\s*"
                       r"(mm|µm|hours?|h|days?|weeks?|months?|years?|minutes?|percent)\b|"
                       + _NUM + r"%")
# A month is not a whole number of weeks: 3 months is shown as 13 weeks in the data.
_TOLERANCE = 0.02

# Numbers shown in prose that are deliberately not data values: (lesson slug, text) -> reason.
ALLOWED = {
    ("healing-cascade", "70%"): "the lower strength ceiling 'some texts' give, quoted as the alternative [U]",
    ("healing-cascade", "1 hour"): "a stop on the phase explorer's time slider, not a clinical value",
    ("healing-cascade", "400%"): "the untraceable online claim the lesson refutes",
    ("healing-cascade", "5–7 years"): "the unsupported 'collagen III for 5–7 years' claim the lesson refutes",
    ("redness-and-bleeding", "4–5 days"): "a manufacturer's redness chart the lesson shows is not trial data",
    ("redness-and-bleeding", "6–7 days"): "a manufacturer's redness chart the lesson shows is not trial data",
    ("collagen-over-weeks", "400%"): "the untraceable online claim the lesson refutes",
    ("consultation-and-screening", "179 days"): "an exercise input, one day before the 180-day wait ends",
    ("consultation-and-screening", "150 days"): "the story of a Think! exercise, not a clinical value",
    ("case-studies-and-assessment", "400%"): "the untraceable online claim the lesson refutes",
    ("case-studies-and-assessment", "1–1.5 days"): "the seed claim about bleeding that the lesson corrects",
    ("case-studies-and-assessment", "8 minutes"): "time to learn per case, not a clinical value",
    ("case-studies-and-assessment", "20 minutes"): "time to learn (final assessment), not clinical",
    ("consultation-and-screening", "10 days"): "when an exercise client's holiday starts",
    ("session-planning", "5 weeks"): "a suggested fix for the exercise's plan, which the planner checks",
}


def _data_quantities(d: data.CourseData) -> list[tuple[str, float]]:
    """Every numeric data value with a unit, in base units (mm, h, min, %)."""
    found = []
    for stem in records.TABLES:
        for row in getattr(d, stem).values():
            for fld in dataclasses.fields(row):
                value = getattr(row, fld.name)
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue
                units = [u for suffix, u in _COLUMN_UNITS.items() if fld.name.endswith(suffix)]
                if stem == "parameters" and row.unit in _BASE:
                    units.append(row.unit)
                for unit in units:
                    base, factor = _BASE[unit]
                    found.append((base, value * factor))
    return found


def unknown_quantities(text: str, known: list[tuple[str, float]]) -> list[str]:
    """Quantities in a text (e.g. `1.5 mm`, `3–5 days`, `20%`) whose numbers are no data value."""
    misses = []
    for match in _QUANTITY.finditer(text):
        low, high, unit, percent_number = match.groups()
        if percent_number is not None:
            low, unit = percent_number, "%"
        base, factor = _BASE[unit]
        for number in (n for n in (low, high) if n is not None):
            value = float(number) * factor
            if not any(b == base and abs(v - value) <= _TOLERANCE * max(abs(v), 1e-9)
                       for b, v in known):
                misses.append(match.group(0))
                break
    return misses


def test_quantity_checker_flags_numbers_not_in_data() -> None:
    known = [("mm", 1.5), ("h", 72.0), ("%", 20.0)]
    text = "At 1.5 mm, 3 days, 20%, but 9.9 mm, 2–3 days and 37% are not data."
    assert unknown_quantities(text, known) == ["9.9 mm", "2–3 days", "37%"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_clinical_numbers_in_lesson_prose_come_from_data(notebook: Path) -> None:
    known = _data_quantities(data.load())
    lesson = notebook.stem[3:]  # the slug survives renumbering
    misses = [q for q in unknown_quantities(notebook_text(notebook), known)
              if (lesson, q) not in ALLOWED]
    assert misses == [], (f"{notebook.name}: numbers not in data/ (add them to a table with a "
                          f"source, or to ALLOWED with a reason): {misses}")


def test_every_allowed_number_is_still_in_its_lesson() -> None:
    texts = {p.stem[3:]: notebook_text(p) for p in NOTEBOOKS}
    stale = [key for key in ALLOWED if key[1] not in texts.get(key[0], "")]
    assert stale == [], f"ALLOWED entries no lesson shows any more: {stale}"

