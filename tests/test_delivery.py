"""Delivery tooling without a browser or a kernel: templates, links, vendored asset paths, answer key, docs.

The full builds (every lesson executed, opened offline in Chromium) are in
`tests/browser/test_offline_delivery.py`.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
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
build_slides = importlib.import_module("build_slides")
build_instructor = importlib.import_module("build_instructor")
deck_layout = importlib.import_module("deck_layout")
deck_cost = importlib.import_module("deck_cost")
instructor_notes = importlib.import_module("instructor_notes")

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


def _tracked(path: str) -> bool:
    done = subprocess.run(["git", "ls-files", "--error-unmatch", path], cwd=ROOT, capture_output=True,
                          check=False)
    return done.returncode == 0


def test_answer_key_is_never_committed_and_is_built_on_command(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    assert not _tracked("docs/self-check-answers.md"), "the answer key reaches every learner: git rm it"
    for path in ("instructor/self-check-answers.md", "docs/self-check-answers.md"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        assert ignored.returncode == 0, f"{path} must be git-ignored"
    key = build_answers.write_answers(tmp_path / "key.md").read_text(encoding="utf-8")
    assert key == build_answers.render()
    assert "✅" in key and "not share" in key


def _think_cells() -> list[tuple[str, str]]:
    found = []
    for notebook in delivery.lessons():
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and re.search(r"^\*\*Think!\*\*", text, re.M):
                found.append((notebook.stem, cell["id"]))
    return found


def test_learner_notebooks_carry_no_speaker_notes():
    for notebook in delivery.lessons():
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            kind = cell["metadata"].get("slideshow", {}).get("slide_type")
            assert kind != "notes", (
                f"{notebook.stem}: notes cell {cell['id']}: move it to docs/instructor/notes/")
            assert not text.lstrip().startswith("Speaker notes"), f"{notebook.stem} {cell['id']}: notes"


def test_every_think_prompt_has_a_model_answer_for_instructors():
    assert _think_cells(), "lessons have Think! prompts"
    missing = []
    for stem, cell_id in _think_cells():
        notes = [n for n in instructor_notes.lesson_notes(stem) if n.cell_id == cell_id]
        if not any(instructor_notes.MODEL_ANSWER in n.text for n in notes):
            missing.append(f"{stem} {cell_id}")
    assert not missing, f"Think! prompts without a model answer in docs/instructor/notes: {missing}"


def test_every_note_belongs_to_a_cell_of_a_lesson():
    stems = {p.stem: p for p in delivery.lessons()}
    for path in instructor_notes.NOTES.glob("*.md"):
        if path.name == "README.md":
            continue
        assert path.stem in stems, f"{path.name} names no lesson (rename it with its lesson)"
        ids = {c.get("id") for c in json.loads(stems[path.stem].read_text(encoding="utf-8"))["cells"]}
        notes = instructor_notes.lesson_notes(path.stem)
        assert notes, f"{path.name} has no '## <cell id>' sections"
        stale = [n.cell_id for n in notes if n.cell_id not in ids]
        assert not stale, f"{path.name}: notes for cells no longer in the lesson: {stale}"


def test_notes_file_format():
    text = "# x\n\n## abc — Think! one\n**Model answer:** yes.\n\n## def\nSay it.\n"
    notes = instructor_notes.parse_notes(text)
    assert [(n.cell_id, n.label, n.text) for n in notes] == [
        ("abc", "Think! one", "**Model answer:** yes."), ("def", "", "Say it.")]


def test_every_discussion_prompt_section_has_answers():
    text = (ROOT / "docs" / "instructor" / "discussion-answers.md").read_text(encoding="utf-8")
    for notebook in delivery.lessons():
        assert f"## {notebook.stem}" in text, f"no discussion answers for {notebook.stem}"


def _deck_source(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    long_text = " ".join(f"Sentence number {i} says something useful about aftercare." for i in range(30))
    rows = "\n".join(f"| row {i} | a value with several words in it | [U] |" for i in range(14))
    cells = [("slide", "# Tiny lesson"), ("subslide", f"## Long section\n\n{long_text}"),
             ("-", f"| what | value | tag |\n|---|---|---|\n{rows}"),
             ("fragment", "**Think!** Why?")]
    for kind, text in cells:
        cell = nbformat.v4.new_markdown_cell(text)
        cell.metadata["slideshow"] = {"slide_type": kind}
        nb.cells.append(cell)
    view = {"model_id": "m1", "version_major": 2, "version_minor": 0}
    widget = nbformat.v4.new_code_cell("Widget()", outputs=[nbformat.v4.new_output(
        "execute_result", {"application/vnd.jupyter.widget-view+json": view, "text/plain": "W"})])
    widget.metadata["slideshow"] = {"slide_type": "-"}
    nb.cells.append(widget)
    nb.cells[3]["id"] = "think-1"
    path = tmp_path / "99-tiny.ipynb"
    nbformat.write(nb, path)
    return path


def test_deck_layout_splits_flattens_and_frames_widgets(tmp_path):
    nb = nbformat.read(_deck_source(tmp_path), as_version=4)
    laid = deck_layout.lay_out(nb, "99-tiny", "99-final")
    kinds = [c["metadata"]["slideshow"]["slide_type"] for c in laid["cells"]]
    assert "subslide" not in kinds, "sub-slides are flattened so the arrow keys visit every slide"
    slides: list[list[str]] = []
    for cell, kind in zip(laid["cells"], kinds, strict=True):
        if kind == "slide" or not slides:
            slides.append([])
        if cell["cell_type"] == "markdown":
            slides[-1].append(cell["source"])
    for texts in slides:
        cost = deck_layout.markdown_cost("\n\n".join(texts))
        assert cost.words <= deck_cost.WORDS_PER_SLIDE + 10, texts
    joined = "\n".join(c["source"] for c in laid["cells"] if c["cell_type"] == "markdown")
    assert all(f"row {i} |" in joined for i in range(14)), "no table row is lost when a table is split"
    assert joined.count("| what | value | tag |") >= 2, "a split table repeats its header"
    assert "(continued)" in joined
    widget_at = next(i for i, c in enumerate(laid["cells"]) if c["cell_type"] == "code")
    assert kinds[widget_at] == "slide" or kinds[widget_at - 1] == "slide", "a widget starts its own slide"
    assert "Frozen in this deck" in laid["cells"][widget_at + 1]["source"]


def test_html_tables_split_with_header_and_balanced_tags():
    rows = "".join(f"<tr><td>row {i}</td><td>{'words ' * 12}</td></tr>" for i in range(20))
    head = "<thead><tr><th>A</th><th>B</th></tr></thead>"
    page = f'<div class="x"><table>{head}<tbody>{rows}</tbody></table></div>'
    parts = deck_layout.split_html(page)
    assert len(parts) > 1
    for part in parts:
        assert part.count("<div") == part.count("</div>") and part.count("<table") == part.count("</table>")
        assert "<th>A</th>" in part
    assert sum(part.count("<td>row ") for part in parts) == 20


def test_only_the_instructor_deck_gets_speaker_notes(tmp_path, monkeypatch):
    source = _deck_source(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "99-tiny.md").write_text("# 99-tiny\n\n## think-1 — Think!\n**Model answer:** because.\n")
    add = instructor_notes.add_notes
    monkeypatch.setattr(build_slides, "add_notes", lambda nb, stem: add(nb, stem, notes))
    for instructor in (False, True):
        target = tmp_path / f"deck-{instructor}.ipynb"
        laid = build_slides.deck_notebook(source, "99-tiny", target, instructor)
        cells = nbformat.read(laid, as_version=4).cells
        found = [c.source for c in cells if c.metadata.get("slideshow", {}).get("slide_type") == "notes"]
        assert (found == ["**Model answer:** because."]) == instructor, (instructor, found)


def test_instructor_pack_has_guide_answers_and_kit(tmp_path):
    written = build_instructor.build_instructor(tmp_path, slides=False)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"guide.html", "self-check-answers.md", "self-check-answers.html"} <= names
    guide = (tmp_path / "guide.html").read_text(encoding="utf-8")
    assert "Model answer:" in guide and "Speaker notes and model answers" in guide
    assert "<script" not in guide
    kit = sorted(p.stem for p in (ROOT / "docs" / "kit").glob("*.md"))
    assert kit and all(f"kit/{stem}.html" in names for stem in kit)


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
