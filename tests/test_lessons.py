"""The lesson helpers: navigation, references, facts tables, notice, course map, self-check."""

from __future__ import annotations

import re

import pytest

from course import data, lessons
from course.errors import InvalidInput
from course.widgets.self_check import SelfCheck

STEMS = [
    "00-start-here", "01-microneedling-basics", "02-healing-cascade", "03-redness-and-bleeding",
    "04-collagen-over-weeks", "05-consultation-and-screening", "06-session-planning", "07-aftercare",
    "08-case-studies-and-assessment",
]


def test_all_nine_lessons_in_order() -> None:
    assert [item.lesson for item in lessons.all_lessons()] == STEMS
    assert [item.lesson_number for item in lessons.all_lessons()] == list(range(9))


def test_navigation_links_previous_next_and_map() -> None:
    middle = lessons.navigation("03-redness-and-bleeding").data
    hrefs = re.findall(r'href="([^"]+)"', middle)
    assert hrefs == ["02-healing-cascade.ipynb", "00-start-here.ipynb#Course-map",
                     "04-collagen-over-weeks.ipynb"]
    first = lessons.navigation("00-start-here").data
    assert "Previous" not in first and "01-microneedling-basics.ipynb" in first
    last = lessons.navigation("08-case-studies-and-assessment").data
    assert "Next" not in last and "end of the course" in last


def test_unknown_lesson_says_what_is_allowed() -> None:
    with pytest.raises(InvalidInput, match="03-redness-and-bleeding"):
        lessons.navigation("3-redness")


def test_short_names() -> None:
    assert lessons.short_name("chu2021") == "Chu 2021"
    assert lessons.short_name("alster_li2020_scars") == "Alster & Li 2020 (scars)"
    assert lessons.short_name("aad2018") == "AAD 2018"
    assert lessons.short_name("course") == "Course"
    assert lessons.short_name("landen2016") == "Landén 2016"
    assert lessons.short_name("eldomyati2015_ijd") == "El-Domyati 2015 (ijd)"


def test_references_are_full_citations_in_source_order() -> None:
    d = data.load()
    text = lessons.references("00-start-here", extra_source_ids=["landen2016", "chu2021"]).data
    assert d.citation("chu2021") in text and d.citation("landen2016") in text
    assert text.index("Chu 2021") < text.index("Landén") < text.index("Course convention")
    assert "evidence V" in text
    with pytest.raises(InvalidInput, match="nowhere"):
        lessons.references("00-start-here", extra_source_ids=["nowhere"])


def test_references_without_quiz_still_list_extras() -> None:
    text = lessons.references("08-case-studies-and-assessment", ["chu2021"]).data
    assert "Chu 2021" in text


def test_facts_table_shows_value_unit_evidence_and_source() -> None:
    d = data.load()
    table = lessons.facts_table(["device_max_depth_mm"]).data
    p = d.parameters["device_max_depth_mm"]
    assert f"{p.value:g} {p.unit}" in table and f"[{p.evidence}]" in table
    assert lessons.short_name(p.source_id) in table
    with pytest.raises(InvalidInput, match="no_such_param"):
        lessons.facts_table(["no_such_param"])


def test_notice_and_course_map() -> None:
    assert "not medical advice" in lessons.educational_notice().data
    course_map = lessons.course_map().data
    for item in lessons.all_lessons():
        assert f'href="{item.lesson}.ipynb"' in course_map
        assert f"{item.time_to_learn_minutes} min" in course_map


def test_self_check_returns_widget(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MICRONEEDLING_COURSE_HOME", str(tmp_path))
    widget = lessons.self_check("00-start-here")
    assert isinstance(widget, SelfCheck) and widget.cards


def test_preset_views_show_each_preset_with_its_description(monkeypatch) -> None:
    import html as html_module
    import re

    from course import lessons

    monkeypatch.delenv(lessons.STATIC_SITE_ENV, raising=False)
    folded = lessons.preset_views("03-redness-and-bleeding").data
    assert folded.startswith('<details class="preset-views">')
    captions = [html_module.unescape(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", folded)]
    alts = [html_module.unescape(a) for a in re.findall(r'alt="([^"]*)"', folded)]
    assert len(captions) == 3 and len(set(captions)) == 3  # three different states, described
    assert alts == captions  # every still figure carries its description as alt text
    assert folded.count('src="data:image/png;base64,') == 3
    monkeypatch.setenv(lessons.STATIC_SITE_ENV, "1")
    opened = lessons.preset_views("03-redness-and-bleeding").data
    assert opened.startswith('<details class="preset-views" open>')


def test_every_preset_is_a_valid_state_of_its_widget() -> None:
    import importlib

    from course import data

    presets = data.load_json("presets.json")["lessons"]
    for lesson, entry in presets.items():
        module, _, name = entry["widget"].rpartition(".")
        widget = getattr(importlib.import_module(module), name)()
        for preset in entry["presets"]:
            widget.set_values(**preset)
            assert widget.message_text == "", (lesson, preset, widget.message_text)
            assert {k: widget.values()[k] for k in preset} == preset, (lesson, preset)


def test_lessons_without_presets_show_nothing() -> None:
    from course import lessons

    assert lessons.preset_views("05-consultation-and-screening").data == ""
