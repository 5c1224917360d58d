"""The lesson registry and the notebook facade: navigation, references, notice, course map, self-check,
preset views; each notebook agrees with `data/lessons.csv` and cites only known sources."""

from __future__ import annotations

import html
import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

from course import catalogue, data, lessons, sources
from course.errors import InvalidInput
from course.widgets.base import FigureWidget
from course.widgets.self_check import SelfCheck

ROOT = Path(__file__).resolve().parent.parent
LESSONS = catalogue.all_lessons()
STEMS = [item.lesson for item in LESSONS]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if not p.name.startswith("_"))


def _markdown(path: Path) -> str:
    return sources.notebook_text(path)


def test_registry_numbers_lessons_in_order_and_names_their_notebooks() -> None:
    assert [item.lesson_number for item in LESSONS] == list(range(len(LESSONS)))
    for item in LESSONS:
        assert item.lesson.startswith(f"{item.lesson_number:02d}-"), item.lesson
        assert catalogue.notebook_path(item.lesson).exists(), item.lesson
    assert [p.stem for p in NOTEBOOKS] == STEMS
    assert catalogue.final_lesson() == STEMS[-1] and catalogue.stems() == STEMS


def test_registry_widgets_are_figure_widgets_that_exist() -> None:
    pairs = catalogue.figure_widgets()
    assert pairs, "no lesson lists a figure widget"
    for pair in pairs:
        cls = getattr(importlib.import_module(pair.module), pair.class_name)
        assert issubclass(cls, FigureWidget), pair
        text = (ROOT / "notebooks" / f"{pair.lesson}.ipynb").read_text(encoding="utf-8")
        assert f"{pair.class_name}(" in text, f"{pair.lesson} does not show {pair.class_name}"


def test_navigation_links_previous_next_and_map() -> None:
    before, here, after = LESSONS[2], LESSONS[3], LESSONS[4]
    middle = lessons.navigation(here.lesson).html
    hrefs = re.findall(r'href="([^"]+)"', middle)
    assert hrefs == [f"{before.lesson}.ipynb", f"{catalogue.START}.ipynb#Course-map", f"{after.lesson}.ipynb"]
    first = lessons.navigation(STEMS[0]).html
    assert "Previous" not in first and f"{STEMS[1]}.ipynb" in first
    last = lessons.navigation(catalogue.final_lesson()).html
    assert "Next" not in last and "end of the course" in last


def test_unknown_lesson_says_what_is_allowed() -> None:
    with pytest.raises(InvalidInput, match=STEMS[3]):
        lessons.navigation("3-redness")


def test_short_names() -> None:
    assert sources.short_name("chu2021") == "Chu 2021"
    assert sources.short_name("alster_li2020_scars") == "Alster & Li 2020 (scars)"
    assert sources.short_name("aad2018") == "AAD 2018"
    assert sources.short_name("course") == "Course"
    assert sources.short_name("landen2016") == "Landén 2016"
    assert sources.short_name("eldomyati2015_ijd") == "El-Domyati 2015 (ijd)"


def test_inline_citations_resolve_names_and_flag_unknown_ones() -> None:
    found = sources.inline_citations(
        "Redness fades [Chu 2021; Alster & Li 2020 (scars)], tags [V], a [link](x.ipynb) and "
        "[Textbook chapters], [x] and [1]; but [Nobody 2019] and [Clinic protocol] are unknown.")
    assert found.source_ids == ("chu2021", "alster_li2020_scars", "textbook_chapters")
    assert found.unresolved == ("Nobody 2019", "Clinic protocol")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_inline_citation_resolves_to_a_source(path: Path) -> None:
    assert sources.inline_citations(_markdown(path)).unresolved == ()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_references_are_computed_from_what_the_lesson_cites(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "extra_source_ids" not in text, f"{path.stem} keeps a hand-made reference list"
    ids = lessons.reference_ids(path.stem)
    assert set(sources.cited_ids(path)) <= set(ids)
    rendered = lessons.references(path.stem).data
    d = data.load()
    for source_id in ids:
        assert d.citation(source_id) in rendered, (path.stem, source_id)


def test_references_take_only_the_lesson() -> None:
    assert list(inspect.signature(lessons.references).parameters) == ["lesson"]


def test_references_include_the_tables_a_lesson_shows() -> None:
    protocols = {p.source_id for p in data.load().protocols.values()}
    shows_protocols = [s for s in STEMS if 'planning_table(\\"protocols\\")' in
                       catalogue.notebook_path(s).read_text(encoding="utf-8")]  # JSON-escaped quotes
    assert shows_protocols
    for stem in shows_protocols:
        assert protocols <= set(lessons.reference_ids(stem)), stem


def test_references_survive_a_table_call_the_learner_broke(monkeypatch, tmp_path: Path) -> None:
    stem = STEMS[1]
    notebook = json.loads(catalogue.notebook_path(stem).read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                              "source": ['planning_table("prices")\n', "facts_table(['no_such_param'])"]})
    edited = tmp_path / f"{stem}.ipynb"
    edited.write_text(json.dumps(notebook), encoding="utf-8")
    monkeypatch.setattr(catalogue, "NOTEBOOKS_DIR", tmp_path)
    assert lessons.reference_ids(stem)  # the broken calls are skipped, not raised


def test_references_are_full_citations_in_source_order() -> None:
    stem = STEMS[3]
    ids = lessons.reference_ids(stem)
    text = lessons.references(stem).data
    order = list(data.load().sources)
    assert ids == sorted(ids, key=order.index) and len(ids) >= 2
    assert text.index(sources.short_name(ids[0])) < text.index(sources.short_name(ids[-1]))
    assert "evidence " in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_time_to_learn_matches_the_registry(path: Path) -> None:
    match = re.search(r"^## Time to learn\s*\n+About (\d+) minutes", _markdown(path), re.MULTILINE)
    assert match, f"{path.stem}: no 'About N minutes' under ## Time to learn"
    assert int(match.group(1)) == catalogue.lesson_info(path.stem).time_to_learn_minutes, path.stem


def test_readme_lesson_table_and_binder_links_match_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| \[([^\]]+)\]\(notebooks/([\w-]+)\.ipynb\) \|", readme, re.MULTILINE)
    assert rows == [(f"{i.lesson_number:02d}", i.title, i.lesson) for i in LESSONS]
    binder = re.findall(r"^- \[(\d\d) ([^\]]+)\]\(https://mybinder\.org/\S+?notebooks/([\w-]+)\.ipynb\)",
                        readme, re.MULTILINE)
    assert binder == [(f"{i.lesson_number:02d}", i.title, i.lesson) for i in LESSONS]


def test_facts_table_shows_value_unit_evidence_and_source() -> None:
    d = data.load()
    table = lessons.facts_table(["device_max_depth_mm"]).html
    p = d.parameters["device_max_depth_mm"]
    assert f"{p.value:g} {p.unit}" in table and f"[{p.evidence}]" in table
    assert html.escape(sources.short_name(p.source_id)) in table


def test_notice_and_course_map() -> None:
    assert "not medical advice" in lessons.educational_notice().html
    course_map = lessons.course_map().html
    for item in LESSONS:
        assert f'href="{item.lesson}.ipynb"' in course_map
        assert f"{item.time_to_learn_minutes} min" in course_map


def test_self_check_returns_widget() -> None:
    widget = lessons.self_check(STEMS[0])
    assert isinstance(widget, SelfCheck) and widget.cards


def test_preset_views_show_each_preset_with_its_description(monkeypatch) -> None:
    stem = next(s for s in STEMS if s in data.load_json("presets.json")["lessons"])
    monkeypatch.delenv(lessons.STATIC_SITE_ENV, raising=False)
    folded = lessons.preset_views(stem).html
    assert folded.startswith('<details class="preset-views">')
    captions = [html.unescape(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", folded)]
    alts = [html.unescape(a) for a in re.findall(r'alt="([^"]*)"', folded)]
    presets = data.load_json("presets.json")["lessons"][stem]["presets"]
    assert len(captions) == len(presets) and len(set(captions)) == len(presets)  # different, described
    assert alts == captions  # every still figure carries its description as alt text
    assert folded.count('src="data:image/png;base64,') == len(presets)
    monkeypatch.setenv(lessons.STATIC_SITE_ENV, "1")
    assert lessons.preset_views(stem).html.startswith('<details class="preset-views" open>')


def test_every_preset_is_a_valid_state_of_the_lessons_main_widget() -> None:
    presets = data.load_json("presets.json")["lessons"]
    for lesson, entry in presets.items():
        widget_path = catalogue.main_widget(lesson)
        assert widget_path is not None, f"{lesson} has presets but lists no widget in data/lessons.csv"
        assert entry.get("widget", widget_path) == widget_path, lesson
        module, _, name = widget_path.rpartition(".")
        widget = getattr(importlib.import_module(module), name)()
        for preset in entry["presets"]:
            widget.set_values(**preset)
            assert widget.message_text == "", (lesson, preset, widget.message_text)
            assert {k: widget.values()[k] for k in preset} == preset, (lesson, preset)


def test_lessons_without_presets_show_nothing() -> None:
    presets = data.load_json("presets.json")["lessons"]
    stem = next(s for s in STEMS if s not in presets)
    assert lessons.preset_views(stem).html == ""

