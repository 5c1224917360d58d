"""The screening form without a browser: controls -> record -> assess -> what is shown."""

from __future__ import annotations

import datetime as dt

import pytest

from course.consultation import assess, practice_clients
from course.errors import InvalidInput
from course.widgets.screening_form import ScreeningForm, practice_client

DAY = dt.date(2026, 3, 2)


def form(**changes: object) -> ScreeningForm:
    w = ScreeningForm()
    w.set_values(assessment_date=DAY, **changes)
    return w


def test_default_form_assesses_a_clean_client() -> None:
    w = form()
    assert w.result is not None and w.result.decision == "proceed"
    assert "screening-form" in w._dom_classes
    assert "Proceed" in w.output["decision"].value and "✔" in w.output["decision"].value
    assert w.message_text == ""
    assert "Decision: Proceed" in w.description.value


def test_every_control_is_labelled() -> None:
    w = ScreeningForm()
    for name, control in w.controls.items():
        if hasattr(control, "description"):
            assert control.description, name
        assert f"screening-form-{name.replace('_', '-')}" in control._dom_classes
    assert "screening-form-assess" in w.assess_button._dom_classes
    assert "screening-form-message" in w.message._dom_classes


def test_changing_controls_changes_the_result_as_the_model_says() -> None:
    w = form()
    before = w.description.value
    w.controls["conditions"].value = ("keloid_history",)
    w.controls["fitzpatrick_type"].value = 5
    w.assess_button.click()
    assert w.result is not None and w.result.decision == "refer"
    assert w.result == assess(w.record())
    assert "R-KELOID" in w.output["reasons"].value and "R-FITZ-HIGH" in w.output["reasons"].value
    assert "Refer" in w.output["decision"].value
    assert w.description.value != before


def test_medication_and_event_rows() -> None:
    w = form()
    meds, events = w.controls["medications"], w.controls["upcoming_events"]
    row = meds.append()
    row.cls.value, row.current.value, row.days.value = "isotretinoin_oral", False, "100"
    event = events.append()
    event.type.value, event.in_days.value = "beach_holiday", 3
    a = w.assess()
    assert a is not None and a.decision == "defer"
    assert a.eligible_from == DAY + dt.timedelta(days=80)
    assert "Eligible from" in w.output["eligibility"].value
    assert a.plan.flags == ("sun_hard:beach_holiday",)
    assert "sun_hard:beach_holiday" in w.output["plan"].value
    event.remove.click()
    row.remove.click()
    assert meds.rows == [] and events.rows == []
    assert w.assess().decision == "proceed"  # type: ignore[union-attr]


@pytest.mark.parametrize(("changes", "field_words"), [
    ({"proposed_needle_depth_mm": 3.5}, "Needle depth (mm)"),
    ({"last_session": DAY + dt.timedelta(days=3)}, "Last session"),
    ({"treatment_area": "eyelid_within_orbital_rim"}, "Treatment area"),
    ({"proposed_interval_weeks": 0}, "Interval (weeks)"),
])
def test_bad_input_shows_message_and_keeps_result_and_entries(changes: dict, field_words: str) -> None:
    w = form()
    result, shown = w.result, w.output["decision"].value
    name, value = next(iter(changes.items()))
    assert w.set_values(**changes) is None
    assert w.message_text.startswith(field_words)
    assert "must" in w.message_text or "not permitted" in w.message_text or "after" in w.message_text
    assert w.message.layout.display == "block"
    assert w.result is result and w.output["decision"].value == shown
    assert w.controls[name].value == value  # nothing typed is lost
    w.set_values(**{name: form().controls[name].value})
    assert w.message_text == "" and w.result is not None


def test_unreadable_days_box_is_a_message_not_a_traceback() -> None:
    w = form()
    row = w.controls["medications"].append()
    row.days.value = "about a week"
    assert w.assess() is None
    assert "Medications" in w.message_text and "blank" in w.message_text
    assert row.days.value == "about a week"


def test_from_record_round_trips() -> None:
    for client in practice_clients():
        w = ScreeningForm.from_record(client["record"])
        assert w.result is not None and w.result.decision == client["expected_decision"]
        assert assess(w.record()) == assess(client["record"])


def test_practice_client_waits_for_the_learner() -> None:
    w = practice_client(1)
    assert w.result is None
    assert "Practice client 1" in w.intro.value and "<details>" in w.intro.value
    w.assess_button.click()
    assert w.result is not None and w.result.decision == practice_clients()[0]["expected_decision"]
    with pytest.raises(InvalidInput):
        practice_client(99)
