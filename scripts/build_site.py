"""Build the offline static course site into `site/` (`make site`).

Each lesson is executed once (cached, see `delivery.py`) and exported as a static HTML page with
its widget state, so figures (PNG through `widgets.Image`) show with no kernel; sliders render
but nothing recomputes. Links between lessons point at the `.html` pages, every script and font
comes from `site/vendor/`, and `site/index.html` is the course map with downloads: an example
client handout and an example treatment plan as .ics and .csv, made by the course package itself.
Open `site/index.html` from disk, or serve the folder from any static web host.

Run: `python scripts/build_site.py [--out DIR] [LESSON.ipynb ...]`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import importlib
import shutil
from collections.abc import Callable
from pathlib import Path

from delivery import ROOT, execute_lessons, export, exporter_config, lesson_title, run_cli
from nbconvert import HTMLExporter
from vendor_assets import copy_vendor

SUFFIX = ".html"
# The worked example for the downloads: a fixed start date keeps builds reproducible.
EXAMPLE_START = dt.date(2026, 3, 2)
EXAMPLE_INDICATION = "fine_lines_wrinkles"
EXAMPLE_AREA = "cheeks"
EXAMPLE_FITZPATRICK = 3


def _example_request(planning: object) -> object:
    """A plan request for the example client, with depth, sessions and interval from the data tables."""
    from course import data

    indication = data.load().indications[EXAMPLE_INDICATION]
    wanted = {
        "start_date": EXAMPLE_START, "start": EXAMPLE_START, "indication": EXAMPLE_INDICATION,
        "area": EXAMPLE_AREA, "depth_mm": indication.typical_depth_max_mm,
        "sessions": indication.min_sessions, "interval_weeks": indication.typical_interval_weeks,
        "fitzpatrick_type": EXAMPLE_FITZPATRICK, "events": (),
    }
    request_type = planning.PlanRequest
    names = {f.name for f in dataclasses.fields(request_type)}
    return request_type(**{k: v for k, v in wanted.items() if k in names})


def _example_plan_files() -> dict[str, Callable[[], str | bytes]]:
    exports = importlib.import_module("course.exports")
    planning = importlib.import_module("course.planning")
    plan = planning.make_plan(_example_request(planning))
    return {"example-plan.ics": lambda: exports.plan_to_ics(plan),
            "example-plan.csv": lambda: exports.plan_to_csv(plan)}


def _example_handout() -> dict[str, Callable[[], str | bytes]]:
    handout = importlib.import_module("course.handout")
    from course import data

    depth_mm = data.load().indications[EXAMPLE_INDICATION].typical_depth_max_mm
    return {"example-client-handout.html": lambda: handout.client_handout(
        depth_mm, EXAMPLE_FITZPATRICK, session_date=EXAMPLE_START, clinic_name="Example Clinic")}


def build_downloads(folder: Path) -> list[str]:
    """Write the example handout and plan exports; a part not yet in the package is skipped with a note."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for what, makers in (("client handout (course.handout)", _example_handout),
                         ("plan exports (course.exports, course.planning)", _example_plan_files)):
        try:
            for name, make in makers().items():
                content = make()
                path = folder / name
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
                written.append(name)
        except (ImportError, AttributeError, TypeError, KeyError, ValueError) as exc:
            print(f"site: skipped the example {what}: {type(exc).__name__}: {exc}")
    return written


def _lesson_rows(notebooks: list[Path]) -> str:
    """One table row per built lesson: title and time to learn from `data/lessons.csv`."""
    from course import data

    table = data.load().lessons
    rows = []
    for notebook in notebooks:
        row = table.get(notebook.stem)
        title = row.title if row else lesson_title(notebook)
        minutes = f"{row.time_to_learn_minutes} min" if row else ""
        teaches = row.teaches if row else ""
        rows.append(
            f'<tr><td><a href="{notebook.stem}{SUFFIX}">{html.escape(title)}</a></td>'
            f"<td>{html.escape(minutes)}</td><td>{html.escape(teaches)}</td>"
            f'<td><a href="notebooks/{notebook.name}" download>.ipynb</a></td></tr>')
    return "\n".join(rows)


def write_index(out: Path, notebooks: list[Path], downloads: list[str]) -> Path:
    """The course map: every lesson with time to learn, what it teaches, and the downloads."""
    files = "\n".join(f'<li><a href="downloads/{n}">{html.escape(n)}</a></li>' for n in downloads)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Microneedling — healing, scheduling and aftercare</title>
<style>
 body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
 table {{ border-collapse: collapse; }}
 td, th {{ border-bottom: 1px solid #ccc; padding: 4px 8px; text-align: left; }}
 a {{ color: #0072B2; }} .notice {{ border-left: 4px solid #E69F00; padding: 4px 12px; background: #fff8e6; }}
</style></head>
<body>
<h1>Microneedling — healing, scheduling and aftercare</h1>
<p class="notice">Educational use only: this course is not medical advice. Its models are illustrative
teaching models, never predictions for a client. This is the static copy: figures show the lessons'
default settings and the controls do not recompute; run the notebooks in JupyterLab for live widgets.</p>
<h2>Course map</h2>
<table><thead><tr><th>Lesson</th><th>Time to learn</th><th>What it teaches</th><th>Notebook</th></tr></thead>
<tbody>
{_lesson_rows(notebooks)}
</tbody></table>
<h2>Downloads</h2>
<ul>
{files or "<li>No downloads were built (see the build log).</li>"}
</ul>
</body></html>
"""
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def build_site(out: Path, notebooks: list[Path]) -> list[Path]:
    """Write one page per lesson, the vendored assets, the downloads and the course map into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out)
    exporter = HTMLExporter(config=exporter_config("course-lab"))
    pages = []
    (out / "notebooks").mkdir(exist_ok=True)
    for source, executed in zip(notebooks, execute_lessons(notebooks), strict=True):
        page = out / f"{source.stem}{SUFFIX}"
        resources = {"course_map_url": "index.html"}
        page.write_text(export(exporter, executed, SUFFIX, resources), encoding="utf-8")
        shutil.copy2(source, out / "notebooks" / source.name)
        pages.append(page)
    write_index(out, notebooks, build_downloads(out / "downloads"))
    return pages


def main() -> None:
    run_cli(__doc__, ROOT / "site", build_site, "lesson pages")


if __name__ == "__main__":
    main()
