"""Walk a built reveal.js deck in Chromium at 1280×720 the way a presenter does, and measure each slide.

Used by `tests/browser/test_offline_delivery.py`; also runnable by hand to see the figures:
`python tests/browser/deck_check.py slides/07-aftercare.slides.html [--shots DIR]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VIEWPORT = {"width": 1280, "height": 720}
MIN_TEXT_PX = 27.5  # "about 28 px" on the projector
MAX_WORDS = 100  # "about 80 words" of body; headings, table headers and option letters counted too
MAX_QUIZ_WORDS = 130  # a self-check question and all its options stay on one slide for a class vote
MIN_FIGURE_SHARE = 0.6  # a frozen widget figure fills at least this share of the slide's height or width
SPARSE_SHARE = 1 / 3  # a slide whose content ends above this share of the height is reported as sparse

# Everything measured about the slide on screen, in the page (slide = Reveal.getCurrentSlide()).
MEASURE = """() => {
  const slide = Reveal.getCurrentSlide();
  const height = Reveal.getConfig().height;
  const title = ((slide.querySelector('h1, h2, h3') || {}).textContent || '').replace('\u00b6', '');
  const inWidget = el => el.closest('.jupyter-widgets, .widget-area, aside.notes, .deck-fitted');
  const texts = Array.from(slide.querySelectorAll('p, li, td, th'))
      .filter(el => !inWidget(el) && el.offsetParent !== null && el.textContent.trim());
  const scale = Reveal.getScale();
  const smallest = texts.reduce((m, el) => Math.min(m,
      parseFloat(getComputedStyle(el).fontSize) * scale), 1000);
  const clone = slide.cloneNode(true);
  const hidden = 'aside.notes, .jupyter-widgets, .deck-fitted, script, style';
  clone.querySelectorAll(hidden).forEach(n => n.remove());
  // a closed <details> shows its summary line only
  clone.querySelectorAll('details:not([open])').forEach(d => Array.from(d.childNodes)
      .forEach(c => { if (c.nodeName !== 'SUMMARY') { d.removeChild(c); } }));
  const words = clone.textContent.split(/\\s+/).filter(w => /\\w/.test(w)).length;
  const notes = Array.from(slide.querySelectorAll('aside.notes')).map(n => n.textContent.trim())
      .filter(Boolean).length;
  const top = slide.getBoundingClientRect().top;
  const shown = Array.from(slide.children).filter(el => !el.matches('aside.notes, script, style'));
  const bottom = shown.reduce((m, el) => Math.max(m, el.getBoundingClientRect().bottom - top), 0);
  // A frozen widget figure, or (decks built before figures were frozen) a widget's own image.
  const figures = Array.from(slide.querySelectorAll('img.deck-frozen-figure, .jupyter-widgets img'))
      .filter(img => img.offsetParent !== null).map(img => {
        const box = img.getBoundingClientRect();
        return [Math.round(box.width / scale), Math.round(box.height / scale)];
      });
  return {title: title.trim().slice(0, 70), height: slide.scrollHeight, limit: height,
          width: slide.scrollWidth, width_limit: Reveal.getConfig().width,
          smallest_px: Math.round(smallest * 10) / 10, words, notes,
          quiz: !!slide.querySelector('.deck-quiz'), used: Math.round(bottom / scale), figures,
          pictures: slide.querySelectorAll('img, canvas, .jupyter-widgets').length};
}"""


@dataclass
class Slide:
    """What one slide measured: its place, title, content height, smallest text and words."""

    number: int
    title: str
    height: int
    limit: int
    smallest_px: float
    words: int
    notes: int
    width: int = 0
    width_limit: int = 0
    quiz: bool = False
    used: int = 0
    figures: list[list[int]] = field(default_factory=list)
    pictures: int = 0

    def empty(self) -> bool:
        return self.words == 0 and self.pictures == 0

    def sparse(self) -> bool:
        return self.used < self.limit * SPARSE_SHARE

    def problems(self) -> list[str]:
        found = []
        if self.empty():
            found.append("empty")
        for width, height in self.figures:
            if width < self.width_limit * MIN_FIGURE_SHARE and height < self.limit * MIN_FIGURE_SHARE:
                found.append(f"widget figure only {width}×{height} px")
        if self.height > self.limit + 2:
            found.append(f"overflows ({self.height} px of {self.limit})")
        if self.width > self.width_limit + 2:
            found.append(f"too wide ({self.width} px of {self.width_limit})")
        if self.smallest_px < MIN_TEXT_PX:
            found.append(f"text at {self.smallest_px} px")
        if self.words > (MAX_QUIZ_WORDS if self.quiz else MAX_WORDS):
            found.append(f"{self.words} words")
        return found

    def name(self) -> str:
        return f"slide {self.number} '{self.title}'"


def walk_deck(browser: Any, deck: Path, shots: Path | None = None) -> tuple[list[Slide], int]:
    """Every slide visited with the right arrow key from the first; returns them and the deck's total."""
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())
    page = context.new_page()
    try:
        page.goto(deck.as_uri(), wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
        if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
            page.wait_for_selector(".jupyter-widgets", state="attached", timeout=30_000)
        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30_000)
        total = page.evaluate("Reveal.getTotalSlides()")
        page.evaluate("Reveal.slide(0, 0)")
        slides: list[Slide] = []
        for number in range(1, total + 1):
            page.evaluate("courseFitSlide(Reveal.getCurrentSlide())")
            page.wait_for_timeout(50)
            data = page.evaluate(MEASURE)
            slides.append(Slide(number, data["title"], data["height"], data["limit"],
                                data["smallest_px"], data["words"], data["notes"], data["width"],
                                data["width_limit"], data["quiz"], data["used"], data["figures"],
                                data["pictures"]))
            if shots is not None:
                page.screenshot(path=str(shots / f"{deck.stem}-{number:02d}.png"))
            if number < total:
                page.keyboard.press("ArrowRight")
                # a fragment step stays on the slide; keep pressing until the slide changes
                for _ in range(12):
                    if page.evaluate("Reveal.getSlidePastCount()") >= number:
                        break
                    page.keyboard.press("ArrowRight")
        return slides, page.evaluate("Reveal.getSlidePastCount()") + 1
    finally:
        context.close()


def summary(slides: list[Slide]) -> dict[str, int]:
    """How many slides, how many of them sparse (content in the top third) and how many empty."""
    return {"slides": len(slides), "sparse": sum(s.sparse() for s in slides),
            "empty": sum(s.empty() for s in slides)}


def main() -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).parent))
    import support

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="+", type=Path)
    parser.add_argument("--shots", type=Path)
    args = parser.parse_args()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=support.chromium_path(), args=support.CHROMIUM_ARGS)
        for deck in args.decks:
            slides, visited = walk_deck(browser, deck.resolve(), args.shots)
            bad = [(s.name(), s.problems()) for s in slides if s.problems()]
            print(json.dumps({"deck": deck.name, **summary(slides), "visited": visited,
                              "with_notes": sum(1 for s in slides if s.notes),
                              "sparse_slides": [s.name() for s in slides if s.sparse()],
                              "problems": bad}, indent=1))
        browser.close()


if __name__ == "__main__":
    main()
