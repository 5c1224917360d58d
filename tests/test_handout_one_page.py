"""The client handout prints on one page, on A4 and on Letter, as the lessons promise.

Printed with Debian's Chromium (`--print-to-pdf`), the way a browser's Print does, for the
shallowest, a medium and the deepest treatment on light and dark skin (the longest sun sections).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from course import handout

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")


def _pages(pdf: bytes) -> int:
    return max(int(n) for n in re.findall(rb"/Count (\d+)", pdf))  # the page tree's root counts all


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                    reason="chromium not installed (required on CI)")
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize(("depth_mm", "fitzpatrick"), [(0.5, 1), (1.0, 4), (2.0, 6)])
def test_handout_prints_on_one_page(tmp_path: Path, paper: str, depth_mm: float, fitzpatrick: int) -> None:
    assert shutil.which(CHROMIUM), "CI must provide /usr/bin/chromium"
    page = handout.client_handout(depth_mm, fitzpatrick, "2025-03-03", "Northside Skin and Laser Clinic")
    assert "size: auto;" in page, "the handout lets the printer choose the paper"
    source = tmp_path / "handout.html"
    source.write_text(page.replace("size: auto;", f"size: {paper};"), encoding="utf-8")
    pdf = tmp_path / "handout.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--disable-background-networking", "--no-first-run", f"--print-to-pdf={pdf}",
                    source.as_uri()], check=True, capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp_path)})
    pages = _pages(pdf.read_bytes())
    assert pages == 1, f"{depth_mm} mm, type {fitzpatrick}: the handout prints on {pages} {paper} pages"
