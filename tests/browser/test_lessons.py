"""Every lesson, run top to bottom in real JupyterLab in real Chromium, the way a learner runs it.

Checks: each widget output rendered as a widget (no `VBox(`-style text fallback), every
`.course-widget` and the self-check on the page, no traceback in any output, no page or console
error, no request off the machine, no notebook saved, no news popup. A screenshot of each
lesson's widgets goes to `artifacts/screenshots/` for a human to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import support

from course import catalogue

LESSONS = [f"{stem}.ipynb" for stem in catalogue.stems()]  # the registry; `_template` is no lesson


@pytest.mark.browser
@pytest.mark.parametrize("notebook", LESSONS)
def test_lesson_runs_in_jupyterlab(notebook: str, lab_page, lab, screenshot_dir: Path) -> None:
    page, watch = lab_page
    support.open_notebook(page, lab, notebook)
    support.run_all_cells(page)

    counts = support.widget_counts(page)
    assert counts["rendered"] >= counts["expected"], f"widgets not rendered: {counts}"
    assert support.output_problems(page) == []
    panel = page.locator(support.VISIBLE_NOTEBOOK)
    widgets = panel.locator(".course-widget, .self-check")
    for i in range(widgets.count()):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        assert widget.is_visible()
        css = support.widget_name(widget.get_attribute("class") or "")
        support.screenshot_widget(page, widget, screenshot_dir / f"{Path(notebook).stem}-{i}-{css}.png")
    images = panel.locator(".course-widget img")
    for i in range(images.count()):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"), f"figure {i} empty"
    assert not support.news_popup_visible(page), "the 'Jupyter news?' notification covers the page"
    assert watch.problems() == []
