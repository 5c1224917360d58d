"""The screening form without a browser: controls -> record -> assess -> what is shown."""

from __future__ import annotations

import datetime as dt
import html

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
    titles = [r.title for r in w.result.reasons]
    assert {"R-KELOID", "R-FITZ-HIGH"} <= {r.rule_id for r in w.result.reasons}
    assert all(html.escape(t) in w.output["reasons"].value for t in titles)
    assert "R-KELOID" not in w.output["reasons"].value  # rule codes stay out of the learner's view
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
    assert "hard sun conflict with beach holiday" in w.output["plan"].value
    assert "sun_hard" not in w.output["plan"].value
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
    assert w.message_text.lstrip("“").startswith(field_words)
    assert "must" in w.message_text or "not permitted" in w.message_text or "after" in w.message_text
    assert w.message.layout.display == "block"
    assert w.result is result and "Previous result: Proceed" in w.output["decision"].value
    assert "previous result" in w.output["previous"].value and shown != w.output["decision"].value
    assert "_" not in w.message_text and "None" not in w.message_text
    assert w.controls[name].value == value  # nothing typed is lost
    w.set_values(**{name: form().controls[name].value})
    assert w.message_text == "" and w.result is not None
    assert w.output["decision"].value == shown and w.output["previous"].value == ""


def test_unreadable_days_box_is_a_message_not_a_traceback() -> None:
    w = form()
    row = w.controls["medications"].append()
    row.days.value = "about a week"
    assert w.assess() is None
    assert w.message_text.startswith("Medications, row 1: “Days since last dose”")
    assert "blank" in w.message_text and "about a week" in w.message_text
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


def test_typed_values_are_never_changed_silently() -> None:
    w = form()
    assert w.set_values(proposed_needle_depth_mm=25) is None
    assert w.controls["proposed_needle_depth_mm"].value == 25  # not clamped to a box maximum
    assert "Needle depth (mm) must be" in w.message_text and "25" in w.message_text
    assert w.set_values(proposed_needle_depth_mm=1.0, planned_sessions=2.5) is None
    assert "whole number" in w.message_text and "2.5" in w.message_text


def test_blank_assessment_date_is_named_in_words() -> None:
    w = form()
    assert w.set_values(assessment_date=None) is None
    assert w.message_text.startswith("Assessment date") and "None" not in w.message_text
    assert "assessment_date" not in w.message_text


def test_conditions_are_tick_boxes_and_procedures_rows() -> None:
    w = form()
    conditions = w.controls["conditions"]
    conditions.boxes["keloid_history"].value = True
    assert conditions.value == ("keloid_history",)
    w.controls["conditions"].value = ()
    assert conditions.boxes["keloid_history"].value is False
    row = w.controls["recent_procedures"].append()
    row.type.value, row.days_since.value = "chemical_peel", 3
    a = w.assess()
    assert a is not None and a.decision != "proceed" and w.record()["recent_procedures"] == [
        {"type": "chemical_peel", "days_since": 3}]
    row.days_since.value = -2
    assert w.assess() is None and "Recent procedures" in w.message_text
    assert row.days_since.value == -2


def test_systemic_retinoid_other_is_offered() -> None:
    w = form()
    row = w.controls["medications"].append()
    assert "systemic_retinoid_other" in [code for _, code in row.cls.options]
    row.cls.value, row.current.value = "systemic_retinoid_other", True
    assert w.assess().decision == "refer"  # type: ignore[union-attr]


def test_removing_a_row_keeps_the_keyboard_focus_in_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove drops a row; focus goes to the next row's first box, or to Add after the last row."""
    import ipywidgets as widgets

    from course.widgets.form_rows import MedicationRow, Rows

    focused = []
    real_send = widgets.Widget.send
    monkeypatch.setattr(widgets.Widget, "send", lambda self, content, buffers=None: (
        focused.append(self) if content == {"do": "focus"} else real_send(self, content, buffers)))
    rows = Rows(MedicationRow, "Add medication", "screening-form-medications")
    first, second, third = rows.append(), rows.append(), rows.append()
    second.remove.click()
    assert rows.rows == [first, third] and focused == [third.cls]
    third.remove.click()
    assert rows.rows == [first] and focused[-1] is rows.add
