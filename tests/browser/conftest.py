"""Fixtures for the browser tests: one JupyterLab and one Chromium per session, a fresh page per test.

Every test in this folder is marked `browser`. Without Chromium the tests skip with a message
saying how to install it; under `CI=true` a missing Chromium fails them instead.
Import the helpers as `from support import ...` (this folder is put on `sys.path`) or as
`from tests.browser.support import ...`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
for entry in (str(HERE), str(HERE.parents[1])):
    if entry not in sys.path:
        sys.path.insert(0, entry)

import support  # noqa: E402

ARTIFACTS = support.REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = support.chromium_path()
    if not path:
        _missing("Chromium is not installed: run `make chromium` (Debian: apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed in this environment (pip install -e '.[test]')")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium_browser(playwright_driver: Any, chromium_executable: str) -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    browser = support.launch_chromium(playwright_driver, chromium_executable)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[support.LabServer]:
    """JupyterLab serving the repository's `notebooks/`, state folders in a temporary directory."""
    server = support.start_lab(tmp_path_factory.mktemp("jupyterlab"), support.NOTEBOOKS)
    yield server
    server.stop()


@pytest.fixture()
def lab_page(chromium_browser: Any, lab: support.LabServer) -> Iterator[tuple[Any, support.PageWatch]]:
    """A new page (own context) on the lab, watched for errors and external requests; kernels shut after.

    The learner's course folder is emptied first, so no test sees answers another test saved.
    """
    support.clear_course_home(lab)
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    watch = support.watch_page(page, lab)
    yield page, watch
    context.close()
    support.close_notebook(page, lab)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture()
def run_lesson(lab_page: tuple[Any, support.PageWatch], lab: support.LabServer):
    """Open a lesson, run all its cells, and return (page, watch); skip if the lesson or widget is missing.

    `run_lesson("03-redness-and-bleeding", "redness-timeline")`.
    """
    page, watch = lab_page

    def run(lesson: str, css_class: str | None = None) -> tuple[Any, support.PageWatch]:
        notebook = f"{lesson}.ipynb"
        if not (support.NOTEBOOKS / notebook).exists():
            pytest.skip(f"lesson {notebook} has not landed yet")
        support.open_notebook(page, lab, notebook)
        support.run_all_cells(page)
        if css_class and page.locator(f"{support.VISIBLE_NOTEBOOK} .{css_class}").count() == 0:
            pytest.fail(f"lesson {lesson} shows no .{css_class} widget after running all cells")
        return page, watch

    return run
