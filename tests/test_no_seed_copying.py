"""The course never copies sentences from the brief's seed articles (shared/seeds).

The seeds set the scope but are not evidence; lessons, quizzes, data and docs must be written
in our own words. Any run of eight words shared with a seed article fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _course_texts() -> dict[str, str]:
    texts = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[path.name] = " ".join("".join(c["source"]) for c in cells)
    for pattern in ("data/**/*.json", "data/*.csv", "docs/*.md", "README.md"):
        for path in sorted(ROOT.glob(pattern)):
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the project")
def test_no_eight_word_run_from_a_seed_article() -> None:
    seed_words = _words(" ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("0*.txt")))
    runs = {tuple(seed_words[i:i + RUN]) for i in range(len(seed_words) - RUN + 1)}
    copied = {}
    for name, text in _course_texts().items():
        w = _words(text)
        hits = [" ".join(w[i:i + RUN]) for i in range(len(w) - RUN + 1) if tuple(w[i:i + RUN]) in runs]
        if hits:
            copied[name] = hits[:3]
    assert not copied, f"sentences copied from the seed articles: {copied}"
