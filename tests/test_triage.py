"""Complication triage: every report has one answer on every day 0–365, the thresholds the course
teaches hold at their boundaries, and bad input gets a plain message."""

from __future__ import annotations

import dataclasses

import pytest

from course import data, triage
from course.errors import InvalidInput
from course.tables import triage_card, triage_table


def test_every_report_covers_days_0_to_365_without_gaps_or_overlaps() -> None:
    assert triage.check_coverage() == []
    for report in triage.reports():
        for day in range(triage.FIRST_DAY, triage.LAST_DAY + 1):
            assert triage.triage(report, day).report == report


def test_coverage_check_finds_a_gap_an_overlap_and_a_short_end() -> None:
    rows = {r.triage_id: r for r in data.load().complications.values()}
    gap = dataclasses.replace(rows["redness-late"], day_from_days=9)
    overlap = dataclasses.replace(rows["dry-late"], day_from_days=6)
    short = dataclasses.replace(rows["swelling-late"], day_to_days=300)
    others = [r for k, r in rows.items() if k not in {"redness-late", "dry-late", "swelling-late"}]
    problems = triage.check_coverage([*others, gap, overlap, short])
    assert any("redness_fading: gap at day 8" in p for p in problems)
    assert any("dry_tight: overlap" in p and "starts on day 6" in p for p in problems)
    assert any("swelling_mild: rows end on day 300" in p for p in problems)


def test_rising_redness_is_expected_on_day_1_and_a_call_from_day_2() -> None:
    worsening = data.load().parameters["worsening_after_days"].value
    assert triage.triage("redness_worsening", worsening - 1).level == "expected"
    assert triage.triage("redness_worsening", worsening).level == "call_clinic"


def test_fading_redness_is_expected_for_the_week_chu_reports_then_a_call() -> None:
    days = data.load().parameters["abnormal_redness_days"].value
    assert triage.triage("redness_fading", days).level == "expected"
    assert triage.triage("redness_fading", days + 1).level == "call_clinic"


URGENT_ALWAYS = ["pus_fever", "blisters_cluster", "bleeding_continues", "breathing_swelling"]


@pytest.mark.parametrize("report", URGENT_ALWAYS)
@pytest.mark.parametrize("day", [0, 3, 60])
def test_infection_herpes_bleeding_and_anaphylaxis_are_urgent_on_any_day(report: str, day: int) -> None:
    assert triage.triage(report, day).level == "urgent"


def test_late_lumps_point_to_a_granuloma_and_cite_the_reports() -> None:
    result = triage.triage("late_bumps", 30)
    assert "granulomatous" in result.likely and result.level == "call_clinic"
    assert "Friedmann 2024" in data.load().complications[result.triage_id].note


def test_no_expected_level_after_the_first_week() -> None:
    assert {triage.triage(r, 8).level for r in triage.reports()} <= {"call_clinic", "urgent"}


@pytest.mark.parametrize(("day", "words"), [(366, "outside"), (-1, "outside"), ("ten", "not a number"),
                                            (2.5, "whole days"), ("", "whole number"),
                                            (None, "whole number")])
def test_bad_days_get_a_plain_message(day: object, words: str) -> None:
    with pytest.raises(InvalidInput) as err:
        triage.triage("pus_fever", day)
    assert words in str(err.value) and err.value.field == "day_after"
    assert "None" not in str(err.value) and "day_after" not in str(err.value)


def test_unknown_report_says_to_choose_from_the_list() -> None:
    with pytest.raises(InvalidInput, match="Choose what the client reports"):
        triage.triage("itchy", 2)


def test_day_given_as_text_or_float_whole_number_is_accepted() -> None:
    assert triage.triage("dry_tight", "3").day_after == 3 == triage.triage("dry_tight", 3.0).day_after


def test_card_states_the_level_in_words_and_a_symbol_with_the_source() -> None:
    card = triage_card(triage.triage("blisters_cluster", 2))
    assert "Urgent: get medical help now" in card.html and "⚠" in card.html
    assert "day 2 after the session" in card.html and "[Course] [U]" in card.html
    assert card.source_ids == ("course",)
    assert "the day of the session" in triage_card(triage.triage("dry_tight", 0)).html


def test_table_lists_every_row_with_its_days_and_sources() -> None:
    table = triage_table()
    rows = data.load().complications.values()
    assert table.html.count("<tr>") == len(rows) + 1
    assert "Chu 2021" in table.html and set(table.source_ids) == {r.source_id for r in rows}
