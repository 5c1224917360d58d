"""Lesson tables and cards (`course.tables`): one return type, rows from the models, sources named."""

from __future__ import annotations

import pytest

from course import aftercare, data, healing, redness, tables
from course.errors import InvalidInput
from course.tables import HtmlBlock

D = data.load()


@pytest.mark.parametrize(("hours", "text"), [
    (0, "0 h"), (6, "6 h"), (72, "day 3"), (504, "week 3"), (8760, "1 year"), (17520, "2 years")])
def test_when_uses_the_readers_unit(hours: float, text: str) -> None:
    assert tables.when(hours) == text


def test_phase_table_lists_every_phase_with_timing_and_source() -> None:
    table = tables.phase_table().html
    for phase in healing.phases():
        assert phase.label in table and phase.key_cells in table
    assert "week 3 to 1 year (may run to 2 years)" in table
    assert "[V] Landén 2016" in table


def test_area_depth_table_lists_every_area() -> None:
    table = tables.area_depth_table().html
    for area in D.treatment_areas.values():
        assert area.label.replace("'", "&#x27;") in table or area.label in table
    assert "never (device labelling)" in table


def test_warning_signs_table_shows_each_sign_with_its_source() -> None:
    table = tables.warning_signs_table().html
    for sign in redness.warning_signs():
        assert sign.text[:25] in table
    assert "Chu 2021" in table


def test_studies_table_lists_every_study_without_the_400_percent_claim() -> None:
    table = tables.collagen_studies_table().html
    for study in D.collagen_studies.values():
        assert study.source_id in D.sources
        assert study.result.replace('"', "&quot;")[:20] in table
    assert "101.86%" in table and "400%" not in table


@pytest.mark.parametrize("kind", ["areas", "bands", "indications", "protocols"])
def test_planning_tables_render(kind: str) -> None:
    table = tables.planning_table(kind).html
    assert table.startswith("<table") and "<td>[" in table


def test_planning_table_refuses_an_unknown_kind() -> None:
    with pytest.raises(InvalidInput, match="areas, bands, indications or protocols"):
        tables.planning_table("prices")


def test_rules_table_lists_every_rule() -> None:
    table = tables.screening_rules().html
    assert "R-ISO" in table and "R-FITZ-HIGH" in table
    assert table.index("R-KELOID") < table.index("R-ISO") < table.index("R-FITZ-HIGH")


def test_restrictions_and_pih_card_show_ranges_and_sources() -> None:
    table = tables.restrictions_table(1.0, 2).html
    assert "No make-up</td><td>1 day</td><td>1 day–2 days</td>" in table
    assert "Clinic protocols" in table and table.count("<tr>") == 1 + len(aftercare.restriction_ends(1.0, 2))
    card = tables.pih_card(5).html
    assert "relative PIH risk high" in card and "5 of 36" in card and "[Dogra 2014] [V]" in card
    assert "months to years" in card and "tinted" in card


def test_facts_table_shows_value_unit_evidence_and_source() -> None:
    table = tables.facts_table(["device_max_depth_mm"]).html
    p = D.parameters["device_max_depth_mm"]
    assert f"{p.value:g} {p.unit}" in table and f"[{p.evidence}]" in table
    with pytest.raises(InvalidInput, match="no_such_param"):
        tables.facts_table(["no_such_param"])


ALL_TABLES = [
    tables.phase_table, tables.area_depth_table, tables.warning_signs_table, tables.collagen_studies_table,
    tables.screening_rules, lambda: tables.planning_table("protocols"),
    lambda: tables.restrictions_table(1.0, 2), lambda: tables.pih_card(5),
    lambda: tables.facts_table(["device_max_depth_mm", "pih_dogra_cases"]),
]


@pytest.mark.parametrize("make", ALL_TABLES)
def test_every_table_is_an_html_block_naming_the_sources_it_shows(make) -> None:
    block = make()
    assert isinstance(block, HtmlBlock) and block._repr_html_() == block.html
    assert block.source_ids and set(block.source_ids) <= set(D.sources)
    shown = {s for s in D.sources if tables.short_name(s) in block.html}
    assert shown <= set(block.source_ids), shown - set(block.source_ids)
