"""The client handout says the same as the safety lesson: the warning signs (rising after 24–48 hours,
contact dermatitis, tram-track scarring) and one consistent message about bleeding and oozing."""

from __future__ import annotations

import html
import re

from course import data
from course.handout import client_handout


def _text(depth_mm: float = 1.0, fitzpatrick_type: int = 3) -> str:
    page = client_handout(depth_mm, fitzpatrick_type, "2025-03-03")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_warning_signs_include_the_early_threshold_dermatitis_and_tram_tracks() -> None:
    text = _text()
    assert "increases after the first 24–48 hours" in text
    assert "contact dermatitis" in text and "tram-track scarring" in text
    assert "after day 3" not in text and "worse after the first 3 days" not in text


def test_bleeding_message_is_consistent_with_the_cool_compress() -> None:
    text = _text()
    minutes = data.load().parameters["bleeding_pressure_minutes"].value
    assert "should have stopped before you left" not in text
    assert "cool compress" in text.lower() and "oozing" in text
    assert f"does not stop after {minutes:g} minutes of firm pressure is a reason to call" in text


def test_breathing_trouble_is_an_emergency_not_a_clinic_call() -> None:
    assert "trouble breathing: call the emergency number now" in _text(0.5, 2)
