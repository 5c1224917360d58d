"""The client handout prints on one page, on A4 and on Letter, at a size a client can read.

Chromium lays the print version out for every depth band and skin type and the tallest handout
(with a long clinic name) is printed with `--print-to-pdf`, the way a browser's Print does; no
printed text may be smaller than 9 pt.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from course import handout
from course.data import load

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run"]
CLINIC = "The Northside Skin, Laser and Aesthetic Medicine Clinic of Saint Bartholomew's"  # long on purpose
PAPER_MM = {"A4": (210.0, 297.0), "letter": (215.9, 279.4)}
PRINT_MARGIN_MM = 10  # the handout's @page margin in print
MIN_PRINT_PT = 9.0
PX_PER_MM = 96 / 25.4
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                    reason="chromium not installed (required on CI)")

SMALLEST_TEXT_JS = """() => {
  const sizes = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) sizes.push(parseFloat(getComputedStyle(el).fontSize));
  }
  return {smallest: Math.min(...sizes), body: parseFloat(getComputedStyle(document.body).fontSize),
          count: sizes.length};
}"""


def _pages(pdf: bytes) -> int:
    return max(int(n) for n in re.findall(rb"/Count (\d+)", pdf))  # the page tree's root counts all


def _cases() -> list[tuple[float, int]]:
    """Every depth band (its deepest allowed depth and a shallow one) with every skin type."""
    data = load()
    depths = sorted({d for b in data.depth_bands.values()
                     for d in (b.max_depth_mm, (b.min_depth_mm + b.max_depth_mm) / 2) if d > 0})
    return [(d, t) for d in depths for t in data.skin_types]


@pytest.fixture(scope="module")
def print_page(chromium_browser):
    """A Chromium page showing documents as they print (the session's one browser: a second
    Playwright in the same test process is refused)."""
    context = chromium_browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def _set_paper(page, paper: str) -> None:
    width, height = (side - 2 * PRINT_MARGIN_MM for side in PAPER_MM[paper])
    page.set_viewport_size({"width": round(width * PX_PER_MM), "height": round(height * PX_PER_MM)})


def _tallest(page, paper: str) -> tuple[float, int]:
    """The depth and skin type whose printed handout is tallest on this paper."""
    _set_paper(page, paper)
    heights = {}
    for depth, fitzpatrick in _cases():
        page.set_content(handout.client_handout(depth, fitzpatrick, "2025-03-03", CLINIC))
        heights[depth, fitzpatrick] = page.evaluate("document.body.getBoundingClientRect().bottom")
    return max(heights, key=heights.__getitem__)


@needs_chromium
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_the_longest_handout_prints_on_one_page(tmp_path: Path, print_page, paper: str) -> None:
    assert shutil.which(CHROMIUM), "CI must provide /usr/bin/chromium"
    depth_mm, fitzpatrick = _tallest(print_page, paper)
    page = handout.client_handout(depth_mm, fitzpatrick, "2025-03-03", CLINIC)
    assert "size: auto;" in page, "the handout lets the printer choose the paper"
    source = tmp_path / "handout.html"
    source.write_text(page.replace("size: auto;", f"size: {paper};"), encoding="utf-8")
    pdf = tmp_path / "handout.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_ARGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    source.as_uri()], check=True, capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp_path)})
    pages = _pages(pdf.read_bytes())
    assert pages == 1, f"{depth_mm} mm, type {fitzpatrick}: the handout prints on {pages} {paper} pages"


@needs_chromium
def test_printed_text_is_at_least_9_pt(print_page) -> None:
    _set_paper(print_page, "letter")
    print_page.set_content(handout.client_handout(1.0, 4, "2025-03-03", CLINIC))
    sizes = print_page.evaluate(SMALLEST_TEXT_JS)
    assert sizes["count"] > 50  # headings, steps, lists and notes were all measured
    smallest_pt = sizes["smallest"] * 0.75  # CSS px to pt
    print(f"printed body text {sizes['body'] * 0.75:g} pt, smallest text {smallest_pt:g} pt")
    assert smallest_pt >= MIN_PRINT_PT, f"printed text as small as {smallest_pt:.1f} pt"
