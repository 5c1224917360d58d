"""The complication triage widget: the card follows the controls in place, bad input is answered
inline with the last card kept, and the level is never shown by colour alone."""

from __future__ import annotations

import pytest

from course.errors import InvalidInput
from course.widgets.complication_triage import ComplicationTriage


def test_starts_with_a_result_and_labelled_controls() -> None:
    w = ComplicationTriage(report="dry_tight", day_after=2)
    assert w.result.level == "expected" and "Expected" in w.card_text
    assert w.report.description == "What the client reports"
    assert w.day.description.startswith("Day after the session")
    assert "course-widget" in w._dom_classes and "complication-triage" in w._dom_classes


def test_changing_the_report_or_the_day_updates_the_same_card() -> None:
    w = ComplicationTriage(report="redness_worsening", day_after=1)
    card = w.card
    assert w.result.level == "expected"
    w.day.value = 3
    assert w.result.level == "call_clinic" and "Call the clinic today" in w.card_text and w.card is card
    w.report.value = "pus_fever"
    assert w.result.level == "urgent" and "☎" not in w.card_text and "⚠" in w.card_text
    assert "Urgent" in w.description.value


def test_a_day_out_of_range_shows_a_message_and_keeps_the_last_card_and_the_typed_day() -> None:
    w = ComplicationTriage(report="late_bumps", day_after=30)
    before, result = w.card.value, w.result
    w.day.value = 400
    assert "Day 400 is outside" in w.message_text and w.message.layout.display == "block"
    assert w.message_text.startswith("Day after the session:")
    assert w.card.value == before and w.result is result and w.day.value == 400
    assert "previous answer" in w.description.value
    w.day.value = 40
    assert w.message_text == "" and w.result.day_after == 40


def test_unknown_starting_report_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidInput, match="pus_fever"):
        ComplicationTriage(report="rash")
