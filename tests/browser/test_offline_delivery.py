"""The built slides and static site work offline: opened from `file://` in Chromium, with every
request that is not a local file aborted and recorded.

The session fixture builds both once into a temporary folder (`make slides` / `make site` code,
executed lessons cached in `build/executed/`) and prints how long that took. Each page must show
its first heading, load every image (PNG figures come from stored widget state), render widgets
as widgets (never their `IntSlider(...)` text), raise no page error and ask for nothing outside
the folder.

Every deck is also walked at 1280×720 with the right arrow key, as a presenter does
(`deck_check.py`): each slide must fit (no overflow, body text ≥ ~28 px, about 80 words at most),
show something (no empty slide), and give a frozen widget figure at least 60% of its height or width;
the arrow key must reach the last slide, and only the instructor decks carry speaker notes. The
number of slides and of sparse ones (content in the top third) is printed and saved beside the
screenshots (`decks/<lesson>-summary.json`), never asserted.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import deck_check
import pytest
import support

sys.path.insert(0, str(support.REPO / "scripts"))
delivery = importlib.import_module("delivery")

LESSONS = [p.stem for p in delivery.lessons()]
EXTERNAL = re.compile(r'(?:src|href)="(https?://[^"]+)"')
TEXT_FALLBACK = re.compile(r"\b(?:Int|Float)(?:Range)?Slider\(|\b[VH]Box\(|\bOutput\(|\bImage\(|\bDropdown\(|"
                           r"\bDatePicker\(|\bToggleButtons\(|\bHTML\(value=")
PAGES = ([("slides", "index"), ("site", "index")]
         + [("slides", stem) for stem in LESSONS] + [("site", stem) for stem in LESSONS])


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Slides and site built once for the session, with the time each build took."""
    support.require_offline_assets()
    build_slides = importlib.import_module("build_slides")
    build_site = importlib.import_module("build_site")
    out = tmp_path_factory.mktemp("delivery")
    start = time.perf_counter()
    build_slides.build_slides(out / "slides", delivery.lessons())
    slides_s = time.perf_counter() - start
    build_site.build_site(out / "site", delivery.lessons())
    site_s = time.perf_counter() - start - slides_s
    build_slides.build_slides(out / "instructor-slides", delivery.lessons(), instructor=True)
    print(f"\ndelivery build: slides {slides_s:.1f} s (with executing uncached lessons), site {site_s:.1f} s")
    yield {"slides": out / "slides", "site": out / "site", "instructor": out / "instructor-slides"}


def _page_path(built: dict[str, Path], kind: str, stem: str) -> Path:
    if stem == "index":
        return built[kind] / "index.html"
    return built[kind] / (f"{stem}.slides.html" if kind == "slides" else f"{stem}.html")


def test_built_pages_name_no_external_resources(built):
    offenders = {}
    for folder in (built["slides"], built["site"]):
        for page in folder.rglob("*.html"):
            if "vendor" in page.relative_to(folder).parts:
                continue
            found = EXTERNAL.findall(page.read_text(encoding="utf-8"))
            if found:
                offenders[str(page.relative_to(folder.parent))] = found[:5]
    assert not offenders, f"pages load or link outside the folder: {offenders}"


def test_links_between_built_pages_resolve(built):
    broken = {}
    for folder in (built["slides"], built["site"]):
        for page in folder.glob("*.html"):
            for href in re.findall(r'href="([^"#?]+)[^"]*"', page.read_text(encoding="utf-8")):
                if re.match(r"^[a-z][a-z0-9+.-]*:", href):
                    continue  # data:, mailto: and the like
                if not (page.parent / href).exists():
                    broken.setdefault(page.name, []).append(href)
    assert not broken, f"relative links to files the build does not contain: {broken}"


def test_site_downloads_are_reachable_from_the_course_map(built):
    index = (built["site"] / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]+)"', index):
        assert (built["site"] / href).exists(), f"course map links to missing {href}"
    for name in ("example-client-handout.html", "example-plan.ics", "example-plan.csv"):
        if (built["site"] / "downloads" / name).exists():
            assert f'href="downloads/{name}"' in index


@pytest.mark.parametrize(("kind", "stem"), PAGES, ids=[f"{k}-{s}" for k, s in PAGES])
def test_page_works_offline(built, chromium_browser: Any, screenshot_dir: Path, kind: str, stem: str):
    path = _page_path(built, kind, stem)
    assert path.is_file(), f"{path.name} was not built"
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    blocked = support.block_external(context, [])
    failed: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    try:
        page.goto(path.as_uri(), wait_until="load")
        if kind == "slides" and stem != "index":
            page.wait_for_selector(".reveal .slides section.present", timeout=30_000)
            heading = page.locator(".reveal .slides section.present").locator("h1, h2").first
        else:
            heading = page.locator("h1").first
        heading.wait_for(state="visible", timeout=30_000)
        assert heading.inner_text().strip()
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
        if views:
            page.wait_for_selector(".jupyter-widgets", state="attached", timeout=30_000)
        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30_000)
        broken = page.evaluate(
            "Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
        assert not broken, f"images that did not load: {broken}"
        assert page.locator(".jupyter-widgets-error-widget").count() == 0, "a widget failed to render"
        body_text = page.evaluate("document.body.innerText")
        fallback = TEXT_FALLBACK.findall(body_text)
        assert not fallback, f"widgets shown as text: {fallback[:5]}"
        page.screenshot(path=str(screenshot_dir / f"offline-{kind}-{stem}.png"))
    finally:
        context.close()
    assert not blocked, f"requests outside the folder: {blocked[:5]}"
    assert not failed, f"local files that failed to load: {failed[:5]}"
    assert not errors, f"page errors: {errors[:5]}"


@pytest.mark.parametrize("stem", LESSONS)
def test_every_slide_fits_a_projector_and_the_arrow_key_reaches_it(built, chromium_browser: Any,
                                                                  screenshot_dir: Path, stem: str):
    deck = built["instructor"] / f"{stem}.slides.html"
    shots = screenshot_dir / "decks"
    shots.mkdir(exist_ok=True)
    slides, reached = deck_check.walk_deck(chromium_browser, deck, shots)
    counts = deck_check.summary(slides)
    # a figure to follow (never a pass/fail line): how many slides, and how many fill under a third
    print(f"\n{stem}: {counts['slides']} slides, {counts['sparse']} using under a third of the height")
    (shots / f"{stem}-summary.json").write_text(json.dumps(
        {**counts, "sparse_slides": [s.name() for s in slides if s.sparse()]}, indent=1), encoding="utf-8")
    assert reached == len(slides), f"{stem}: the right arrow key stopped at slide {reached} of {len(slides)}"
    bad = [f"{s.name()}: {', '.join(s.problems())}" for s in slides if s.problems()]
    assert not bad, f"{stem} at 1280x720:\n" + "\n".join(bad)


@pytest.mark.parametrize("stem", LESSONS)
def test_speaker_notes_only_in_the_instructor_decks(built, stem: str):
    notes = importlib.import_module("instructor_notes")
    learner = (built["slides"] / f"{stem}.slides.html").read_text(encoding="utf-8")
    instructor = (built["instructor"] / f"{stem}.slides.html").read_text(encoding="utf-8")
    assert '<aside class="notes">' not in learner, f"{stem}: the learners' deck has speaker notes"
    expected = len(notes.lesson_notes(stem))
    found = instructor.count('<aside class="notes">')
    assert found >= expected, f"{stem}: {found} notes in the instructor deck, {expected} in its notes file"
    for note in notes.lesson_notes(stem):
        if "Model answer" in note.text:
            assert "Model answer:" in instructor, f"{stem}: model answers missing from the instructor deck"
