"""Delivery tooling without a browser or a kernel: templates, links, vendored asset paths, answer key, docs.

The full builds (every lesson executed, opened offline in Chromium) are in
`tests/browser/test_offline_delivery.py`.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter, SlidesExporter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

vendor_assets = importlib.import_module("vendor_assets")
delivery = importlib.import_module("delivery")
build_answers = importlib.import_module("build_answers")
build_site = importlib.import_module("build_site")

EXTERNAL = re.compile(r'(?:src|href)="https?://')


def _tiny_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    # Stored widget state (as after execution) makes the templates load the widget renderer.
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {}, "version_major": 2, "version_minor": 0}}
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny lesson\n\n$x^2$ and [next](01-next.ipynb#objectives)"),
                nbformat.v4.new_code_cell("1 + 1")]
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(("exporter_class", "template"),
                         [(SlidesExporter, "course-reveal"), (HTMLExporter, "course-lab")])
def test_templates_load_nothing_from_the_internet(tmp_path, exporter_class, template):
    exporter = exporter_class(config=delivery.exporter_config(template))
    page = delivery.export(exporter, _tiny_notebook(tmp_path / "00-tiny.ipynb"), ".html")
    assert not EXTERNAL.findall(page), EXTERNAL.findall(page)
    assert "mermaid" not in page  # the stock templates import it from a CDN
    for url in vendor_assets.asset_urls().values():
        if template == "course-lab" and "reveal" in url:
            continue
        if template == "course-lab" and "jquery" in url:
            continue  # the lab template does not load jQuery
        assert url.split("?")[0] in page, f"{template} does not load {url}"
    assert 'href="01-next.html#objectives"' in page


def test_site_template_links_back_to_the_course_map(tmp_path):
    exporter = HTMLExporter(config=delivery.exporter_config("course-lab"))
    page = delivery.export(exporter, _tiny_notebook(tmp_path / "00-tiny.ipynb"), ".html",
                           {"course_map_url": "index.html"})
    assert '<a href="index.html">Course map</a>' in page


def test_slides_use_a_theme_without_web_fonts():
    config = delivery.exporter_config("course-reveal")
    assert config.SlidesExporter.reveal_theme in {"white", "black", "serif"}


@pytest.mark.parametrize(("link", "expected"), [
    ('href="02-healing-cascade.ipynb"', 'href="02-healing-cascade.html"'),
    ('href="02-healing-cascade.ipynb#summary"', 'href="02-healing-cascade.html#summary"'),
    ('href="./09-case-studies-and-assessment.ipynb?x=1"', 'href="./09-case-studies-and-assessment.html?x=1"'),
    ('href="https://example.org/a.ipynb"', 'href="https://example.org/a.ipynb"'),
    ('href="../data/sources.csv"', 'href="../data/sources.csv"'),
])
def test_notebook_links_point_at_built_pages(link, expected):
    assert delivery.rewrite_notebook_links(f"<a {link}>x</a>", ".html") == f"<a {expected}>x</a>"


def test_lessons_are_the_numbered_notebooks_in_order(tmp_path):
    for name in ("01-b.ipynb", "00-a.ipynb", "scratch.ipynb", "Untitled.ipynb"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in delivery.lessons(tmp_path)] == ["00-a.ipynb", "01-b.ipynb"]
    assert delivery.lessons(), "the repository has lessons"


def test_execution_cache_key_follows_the_notebook(tmp_path):
    notebook = _tiny_notebook(tmp_path / "00-tiny.ipynb")
    before = delivery._source_key(notebook)
    assert delivery._source_key(notebook) == before
    notebook.write_text(notebook.read_text().replace("Tiny", "Small"))
    assert delivery._source_key(notebook) != before


def test_every_asset_url_names_a_vendored_package():
    dests = {asset.dest for asset in vendor_assets.ASSETS}
    for url in vendor_assets.asset_urls("vendor").values():
        assert url.startswith("vendor/")
        assert url.split("/")[1] in dests, url


def test_vendored_assets_are_complete_when_present():
    folder = vendor_assets.VENDOR
    if not (folder / vendor_assets.STAMP).exists():
        pytest.skip("vendor/ not fetched yet (python scripts/vendor_assets.py)")
    stamp = json.loads((folder / vendor_assets.STAMP).read_text())
    assert stamp == {a.dest: a.spec for a in vendor_assets.ASSETS}
    for url in vendor_assets.asset_urls(str(folder)).values():
        assert Path(url.split("?")[0]).exists(), url
    assert (folder / "reveal.js" / "plugin" / "notes" / "notes.js").is_file()
    assert (folder / "reveal.js" / "dist" / "theme" / "white.css").is_file()
    fonts = list((folder / "html-manager").glob("*.woff2"))
    assert fonts, "the widget renderer loads its fonts from its own folder"


def test_answer_key_is_up_to_date():
    committed = (ROOT / "docs" / "self-check-answers.md").read_text(encoding="utf-8")
    assert committed == build_answers.render(), "run: python scripts/build_answers.py"


def test_answer_key_shows_every_option_and_its_feedback():
    quiz = {"lesson": "99-x", "questions": [{
        "id": "q1", "objective": 2, "prompt": "Which?", "source_ids": ["course"],
        "options": [{"text": "Right", "correct": True, "feedback": "Because."},
                    {"text": "Wrong", "correct": False, "feedback": "Not so."}]}]}
    from course import data

    text = build_answers.render_quiz(quiz, data.load().sources)
    assert "objective 2" in text
    assert "- ✅ **Right** — Because." in text
    assert "- ✗ **Wrong** — Not so." in text
    assert "Course [U]" in text


def test_site_downloads_never_break_the_build(tmp_path, capsys):
    written = build_site.build_downloads(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(written)
    skipped = capsys.readouterr().out
    for part in ("course.handout", "course.exports"):
        if importlib.util.find_spec(part) is None:
            assert part in skipped


def test_course_map_lists_every_lesson(tmp_path):
    lessons = delivery.lessons()
    index = build_site.write_index(tmp_path, lessons, ["example-plan.ics"])
    page = index.read_text(encoding="utf-8")
    for notebook in lessons:
        assert f'href="{notebook.stem}.html"' in page
    assert 'href="downloads/example-plan.ics"' in page
    assert "not medical advice" in page


@pytest.mark.parametrize("doc", ["instructor-guide.md", "teaching-at-scale.md"])
def test_instructor_docs_exist_and_link_only_existing_repo_files(doc):
    path = ROOT / "docs" / doc
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\((?!https?://|#|mailto:)([^)#\s]+)", text):
        assert (path.parent / target).exists(), f"docs/{doc} links to missing {target}"


def test_instructor_guide_covers_every_lesson_and_the_answer_key():
    text = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    for notebook in delivery.lessons():
        assert notebook.stem in text, f"instructor guide does not cover {notebook.stem}"
    assert "self-check-answers.md" in text
    assert "presentation_mode()" in text


def test_teaching_at_scale_covers_the_hub_essentials():
    text = (ROOT / "docs" / "teaching-at-scale.md").read_text(encoding="utf-8")
    for needed in ("repo2docker", "nbgitpuller", "MICRONEEDLING_COURSE_HOME", "environment.yml"):
        assert needed in text


def test_instructor_guide_timings_match_the_lessons_table():
    from course import data

    text = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    for lesson in data.load().lessons.values():
        row = next((ln for ln in text.splitlines() if ln.startswith(f"| `{lesson.lesson}` |")), None)
        assert row, f"instructor guide has no timing row for {lesson.lesson}"
        assert f"| {lesson.time_to_learn_minutes} min |" in row, (
            f"{lesson.lesson}: data/lessons.csv says {lesson.time_to_learn_minutes} min; update the guide")


def test_instructor_guide_citations_name_course_sources():
    from course import data
    from course.lessons import short_name

    known = {short_name(source_id) for source_id in data.load().sources}
    text = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    for bracket in re.findall(r"\[([A-Z][^\]]*\d{4}[^\]]*)\]", text):
        for name in bracket.split("; "):
            assert name in known, f"instructor guide cites [{name}], which is not a short name in sources.csv"
