"""The client handout: complete HTML, every applicable step, no external resources, print CSS."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from course import aftercare, handout
from course.errors import InvalidInput


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize(("depth", "fitz"), [(0.5, 1), (1.0, 5), (2.0, 3)])
def test_handout_is_complete_html_with_every_applicable_step(depth: float, fitz: int) -> None:
    page = handout.client_handout(depth, fitz, "2025-03-03", "Demo Clinic")
    doc = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert {"html", "head", "body", "style", "ul", "li"} <= set(doc.tags)
    text = " ".join(doc.text)
    snap = aftercare.steps_at(0, depth, fitz)
    for step in snap.steps:
        if step.applies:
            assert step.title in text or step.what in text, step.step_id
    for sign in aftercare.warning_signs():
        assert sign.text in text
    assert handout.NOTICE in text and "Demo Clinic" in text
    assert "DO" in text and "AVOID" in text
    assert aftercare.pih_risk(fitz).explanation in text


def test_extended_sun_window_appears_only_when_it_applies() -> None:
    assert "14 days" in handout.client_handout(1.0, 5)
    assert "7 days" in handout.client_handout(1.0, 2)
    assert "tinted (iron-oxide)" in handout.client_handout(1.0, 5)
    assert "tinted (iron-oxide)" not in handout.client_handout(1.0, 2)


def test_no_external_resources_and_print_css() -> None:
    page = handout.client_handout(1.5, 4, clinic_name="<Clinic & Co>")
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "@import" not in page and "url(" not in page
    assert "@page { size: auto; margin: 15mm; }" in page and "@media print" in page
    assert "&lt;Clinic &amp; Co&gt;" in page  # escaped, never injected


def test_session_date_gives_calendar_dates_and_bad_date_is_refused() -> None:
    page = handout.client_handout(1.0, 2, "2025-03-03")
    assert "Treatment date: <b>03 Mar 2025</b>" in page
    assert "1 day after (<b>04 Mar 2025</b>)" in page  # make-up ends after 1 day, dated the one way
    with pytest.raises(InvalidInput, match="year-month-day"):
        handout.client_handout(1.0, 2, "3rd March")


def test_save_never_overwrites(tmp_path: Path) -> None:
    first = handout.save_handout(1.0, 2, "2025-03-03", folder=tmp_path)
    second = handout.save_handout(1.0, 2, "2025-03-03", folder=tmp_path)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert first.path.name == "aftercare-2025-03-03-bandB-type2.html"
    assert second.path.name.endswith("-2.html")
    assert 'download="aftercare-2025-03-03-bandB-type2.html"' in first.link_html
    assert "data:text/html;charset=utf-8;base64," in first.link_html


def test_save_uses_the_user_folder(home: Path) -> None:
    saved = handout.save_handout(0.5, 1)
    assert saved.path.parent == home / "handouts" and "undated" in saved.path.name


def test_preview_shows_frame_and_link_without_writing() -> None:
    html_text = handout.handout_preview(1.0, 5, "2025-03-03")._repr_html_()
    assert "<iframe" in html_text and "srcdoc=" in html_text and "handout-download" in html_text


@pytest.mark.parametrize(("args", "words"), [
    ((1.0, 5, "03/03/2025"), "could be read as day/month or month/day"),
    ((5, 3), "Needle depth must be"),
    ((1.0, 7), "Fitzpatrick type"),
    (("deep", 3), "Needle depth"),
    ((1.0, 3, "2025-02-30"), "year-month-day"),
])
def test_learner_calls_answer_bad_input_with_one_sentence(home: Path, args: tuple, words: str) -> None:
    for call in (handout.handout_preview, handout.save_handout):
        shown = call(*args)
        assert isinstance(shown, handout.HandoutProblem) and words in shown.message
        assert shown._repr_html_().count("<div") == 1 and "Traceback" not in shown._repr_html_()
        assert repr(shown).startswith("No handout was made.")
    assert not (home / "handouts").exists() or not list((home / "handouts").iterdir())
