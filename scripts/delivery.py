"""What the slide and site builds share: the lesson list, executing lessons once, exporting, links.

Executing a lesson is the slow part (a kernel runs every cell and every widget renders its PNG),
so executed copies are cached in `build/executed/` under a key made from the notebook and every
file in `course/` and `data/`: `make slides` then `make site` executes each lesson only once.
Widget state is stored, so PNG figures shown through `widgets.Image` appear with no kernel.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.exporters import TemplateExporter
from traitlets.config import Config
from vendor_assets import asset_urls

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"
EXECUTED = ROOT / "build" / "executed"
CELL_TIMEOUT_S = 300
LESSON_NAME = re.compile(r"^\d\d-[a-z0-9-]+$")
# A relative link to a notebook (no scheme): href="01-basics.ipynb#objectives".
NOTEBOOK_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:)([^"#?]*?)\.ipynb([#?][^"]*)?"')


class LessonFailed(RuntimeError):
    """A lesson raised while executing: a broken lesson is never shipped as slides or a page."""


def lessons(notebooks: Path = NOTEBOOKS) -> list[Path]:
    """Every lesson notebook (`NN-name.ipynb`), in teaching order."""
    return sorted(p for p in notebooks.glob("*.ipynb") if LESSON_NAME.match(p.stem))


def _source_key(notebook: Path) -> str:
    digest = hashlib.sha256(notebook.read_bytes())
    for folder in ("course", "data"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _execute_one(notebook: Path, target: Path) -> float:
    """Run every cell of one lesson in a fresh kernel, storing widget state; return seconds taken."""
    start = time.perf_counter()
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(notebook.parent)}})
    client.execute()
    nbformat.write(nb, target)
    return time.perf_counter() - start


def execute_lessons(notebooks: Iterable[Path], cache: Path = EXECUTED) -> list[Path]:
    """Executed copies of `notebooks` (cached; stale or missing ones run in parallel kernels).

    Learner state written while executing (saved plans, progress) goes to a throwaway folder,
    never to the builder's own `~/.microneedling-course`.
    """
    cache.mkdir(parents=True, exist_ok=True)
    notebooks = list(notebooks)
    todo = []
    for notebook in notebooks:
        key = _source_key(notebook)
        key_file = cache / f"{notebook.stem}.key"
        if not (cache / notebook.name).exists() or not key_file.exists() or key_file.read_text() != key:
            todo.append((notebook, key, key_file))
    if todo:
        with tempfile.TemporaryDirectory(prefix="course-home-") as home:
            os.environ["MICRONEEDLING_COURSE_HOME"] = home
            os.environ["MICRONEEDLING_STATIC_SITE"] = "1"  # preset views open for kernel-less readers
            with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
                jobs = {nb: pool.submit(_execute_one, nb, cache / nb.name) for nb, _, _ in todo}
                for notebook, key, key_file in todo:
                    try:
                        seconds = jobs[notebook].result()
                    except Exception as exc:
                        message = f"{notebook.name} failed to execute; fix the lesson first:\n{exc}"
                        raise LessonFailed(message) from exc
                    key_file.write_text(key)
                    print(f"executed {notebook.name} in {seconds:.1f} s")
    return [cache / nb.name for nb in notebooks]


def exporter_config(template: str, prefix: str = "vendor", hide_code: bool = False) -> Config:
    """nbconvert settings for a course template with every asset taken from the vendored copies.

    `hide_code` drops code cells' input and prompts (slides show prose and results, not the one-line
    calls behind them).
    """
    config = Config()
    if hide_code:
        config.TemplateExporter.exclude_input = True
        config.TemplateExporter.exclude_input_prompt = True
        config.TemplateExporter.exclude_output_prompt = True
    config.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.TemplateExporter.template_name = template
    urls = asset_urls(prefix)
    for exporter in ("HTMLExporter", "SlidesExporter"):
        section = config[exporter]
        section.require_js_url = urls["require_js_url"]
        section.mathjax_url = urls["mathjax_url"]
        section.widget_renderer_url = urls["widget_renderer_url"]
        section.jquery_url = urls["jquery_url"]
    config.SlidesExporter.reveal_url_prefix = urls["reveal_url_prefix"]
    # Only these reveal.js themes avoid Google Fonts (shared/delivery-notes.md).
    config.SlidesExporter.reveal_theme = "white"
    return config


def export(exporter: TemplateExporter, notebook: Path, link_suffix: str,
           resources: dict | None = None) -> str:
    """One executed notebook as HTML, with links to other lessons pointing at their built pages."""
    body, _ = exporter.from_filename(str(notebook), resources=resources)
    return rewrite_notebook_links(body, link_suffix)


def rewrite_notebook_links(html_text: str, suffix: str) -> str:
    """Point relative `.ipynb` links at the built pages (`suffix` such as `.html` or `.slides.html`)."""
    return NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}{suffix}{m.group(2) or ""}"', html_text)


def lesson_title(notebook: Path) -> str:
    """The lesson's `# ` heading (its first markdown cell), or its file name."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def run_cli(doc: str, default_out: Path, build: Callable[[Path, list[Path]], list[Path]], what: str) -> None:
    """The command line both builders share: `[--out DIR] [LESSON.ipynb ...]`, then a timed build."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_out,
                        help=f"output folder (default: {default_out.name}/)")
    parser.add_argument("lessons", nargs="*", type=Path, help="lesson notebooks (default: all)")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        built = build(args.out, [p.resolve() for p in args.lessons] or lessons())
    except LessonFailed as exc:
        raise SystemExit(str(exc)) from None
    print(f"{default_out.name}: {len(built)} {what} in {args.out} ({time.perf_counter() - start:.1f} s); "
          f"open {args.out / 'index.html'}")
