"""WCAG 2.1 AA, checked by axe-core in real Chromium (issue 13), and a keyboard-only walk.

- Every page of the static site (`make site`, built once into a temporary folder): no serious or
  critical axe violation (WCAG 2.0/2.1 A and AA rules), and every figure image has an `alt`.
- Every lesson in live JupyterLab, axe restricted to the course's own output areas: no serious or
  critical violation. What axe says about JupyterLab's own interface is printed, never failed.
- Every course widget of every lesson, keyboard only: starting at its first control, Tab reaches
  every control (controls that appear on the way, such as results after Submit, included); arrows,
  Enter and Space operate each one, and an empty date box takes a typed day; each slider or list
  that drives a figure changes the figure or its sentence, and the figure's text alternative
  follows it; a list that picks an item for a button changes its choice.
Violations are printed with the elements and axe's reasons. Lessons come from `course.catalogue`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import support
from axe import failing, report, run_axe

from course.catalogue import stems

sys.path.insert(0, str(support.REPO / "scripts"))
OUTPUTS = f"{support.VISIBLE_NOTEBOOK} .jp-OutputArea-output"
# Widgets at the top of an output (a course widget's own parts are walked inside it).
TOP_WIDGETS = f"{OUTPUTS} > .course-widget"
CHANGE_WAIT_MS = 15_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The static site, built once for this module (executed lessons cached in `build/executed/`)."""
    support.require_offline_assets()
    delivery = importlib.import_module("delivery")
    build_site = importlib.import_module("build_site")
    out = tmp_path_factory.mktemp("a11y-site")
    build_site.build_site(out, delivery.lessons())
    yield out


# Widget views written in the page (each a <script type=...widget-view+json>) against rendered ones.
WIDGETS_RENDERED_JS = """() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  return document.querySelectorAll('.jupyter-widgets.widget-container, .jupyter-widgets.widget-inline-hbox,'
    + ' .jupyter-widgets.widget-html, .jupyter-widgets.widget-image').length >= views
    && [...document.images].every(img => img.complete);
}"""

IMAGES_WITHOUT_ALT_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output img')]
  .filter(img => !(img.getAttribute('alt') || '').trim())
  .map(img => img.className || img.src.slice(0, 60))"""


def test_static_site_has_no_serious_axe_violations(site, chromium_browser):
    lessons = [site / f"{stem}.html" for stem in stems()]
    pages = [site / "index.html"] + [path for path in lessons if path.exists()]
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    problems, reports = {}, []
    try:
        for path in pages:
            page = context.new_page()
            support.block_external(page, ())
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function(WIDGETS_RENDERED_JS, timeout=60_000, polling=200)
            violations = run_axe(page)
            reports.append(report(path.name, violations))
            missing_alt = page.evaluate(IMAGES_WITHOUT_ALT_JS)
            if failing(violations) or missing_alt:
                problems[path.name] = {"axe": [v["id"] for v in failing(violations)], "no alt": missing_alt}
            page.close()
    finally:
        context.close()
    print("\n" + "\n".join(reports))
    assert not problems, f"pages with serious/critical axe violations or images without alt: {problems}"


# --- live JupyterLab ------------------------------------------------------------------------------

def _lab_interface_report(page: Any) -> str:
    """axe on JupyterLab's own interface (everything but the course's outputs): printed only."""
    violations = run_axe(page, include=["body"], exclude=[".jp-OutputArea-output"])
    return report("JupyterLab's own interface (not failed, out of the course's scope)", violations, 2)


# Shared by the walk's scripts: which elements are controls, and a key for each that survives a
# re-render (an HTML output redrawn mid-walk replaces its links; a key by kind, name and place does not
# change, where a mark set on the old element would be lost).
CONTROLS_JS = """
const tabbable = el => !(el.disabled || el.tabIndex < 0 || el.closest('[hidden]')
    || el.classList.contains('widget-readout'))   // the slider's typed readout, reached by Tab too
  && (box => box.width > 0 || box.height > 0)(el.getBoundingClientRect());
const nameOf = el => {
  const ref = el.getAttribute('aria-labelledby');
  const by = ref && document.getElementById(ref);
  const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent)
    || (by ? by.textContent : '') || el.textContent || el.getAttribute('title') || '';
  return name.trim().slice(0, 60);
};
const kindOf = el => el.getAttribute('role') === 'slider' ? 'slider'
  : el.tagName === 'SELECT' ? 'select' : el.tagName === 'BUTTON' ? 'button' : el.tagName === 'A' ? 'link'
  : el.tagName === 'SUMMARY' ? 'summary' : el.tagName === 'TEXTAREA' ? 'text'
  : el.tagName === 'INPUT' ? (el.type === 'text' ? 'text' : el.type) : 'other';
const controls = root => {
  const seen = {};
  return [...root.querySelectorAll('button, input, select, textarea, a[href], summary, [tabindex]')]
    .filter(tabbable).map(el => {
      const base = [kindOf(el), nameOf(el), (el.getAttribute('href') || '').slice(0, 60)].join('|');
      seen[base] = (seen[base] || 0) + 1;
      return {el, key: base + '#' + seen[base], group: el.type === 'radio' ? (el.name || 'radio') : ''};
    });
};
"""

KEYS_JS = "(root) => {" + CONTROLS_JS + " return controls(root).map(c => ({key: c.key, group: c.group})); }"

FOCUS_JS = "([root, key]) => {" + CONTROLS_JS + """
  const found = controls(root).find(c => c.key === key);
  if (found) found.el.focus();
  return Boolean(found);
}"""

# The focused control: its key, kind and value, whether it drives the figure (`course-figure-control`
# on its widget) and, for a list, how many choices it has; the keys after it (controls that appeared).
ACTIVE_JS = "(root) => {" + CONTROLS_JS + """
  const el = document.activeElement;
  if (!el || !root.contains(el)) return null;
  const all = controls(root);
  const here = all.findIndex(c => c.el === el);
  const kind = kindOf(el);
  const value = kind === 'slider' ? el.getAttribute('aria-valuenow')
    : (kind === 'checkbox' || kind === 'radio') ? String(el.checked) + (el.value || '')
    : ('value' in el ? String(el.value) : '');
  const own = el.closest('.jupyter-widgets');
  return {key: here < 0 ? '' : all[here].key, group: here < 0 ? '' : all[here].group, kind, value,
          name: nameOf(el), figure: Boolean(own && own.classList.contains('course-figure-control')),
          choices: kind === 'select' ? el.options.length : 0,
          after: here < 0 ? [] : all.slice(here + 1).map(c => ({key: c.key, group: c.group}))};
}"""

STATE_JS = """(root) => {
  const img = root.querySelector('img');
  const desc = root.querySelector('.course-description');
  return {src: img ? img.src : '', alt: img ? img.getAttribute('alt') || '' : '',
          text: desc ? desc.innerText : '', all: root.innerText};
}"""
# A day typed into an empty date box: valid whether Chromium reads it month-first or day-first.
TYPED_DATE = "01022027"


def _wait_changed(page: Any, root: Any, before: dict, key: str) -> bool:
    try:
        page.wait_for_function(
            "([root, before, key]) => { const img = root.querySelector('img');"
            " const desc = root.querySelector('.course-description');"
            " const now = {src: img ? img.src : '', text: desc ? desc.innerText : '', all: root.innerText};"
            " return now[key] !== before[key]; }",
            arg=[root.element_handle(), before, key], timeout=CHANGE_WAIT_MS, polling=100)
        return True
    except Exception:  # playwright's TimeoutError: reported as "did not change"
        return False


def _press_for(page: Any, active: dict, key: str) -> None:
    if active["kind"] == "date" and not active["value"]:
        page.keyboard.type(TYPED_DATE)  # an empty date box takes a typed day, not an arrow
    else:
        page.keyboard.press(key)
    if active["kind"] in {"number", "date"}:
        page.keyboard.press("Enter")  # ipywidgets sends typed values on Enter


def _operate(page: Any, widget: Any, active: dict) -> str:
    """Operate the focused control with the keyboard; '' when it worked, else what went wrong.

    Every control must take the keyboard. A slider or list that drives the figure must change the
    figure or its sentence (and the figure's alt follows); a list that only picks an item for a
    button (saved plans, client events) must change its choice when it has two or more.
    """
    kind = active["kind"]
    keys = {"slider": ("ArrowRight", "ArrowLeft"), "select": ("ArrowDown", "ArrowUp"),
            "number": ("ArrowUp", "ArrowDown"), "date": ("ArrowUp", "ArrowDown"),
            "radio": ("ArrowDown", "ArrowUp"), "checkbox": (" ",), "button": ("Enter",)}.get(kind)
    if keys is None or (kind == "select" and active["choices"] < 2):
        return ""  # text boxes, links, a list with one choice: reaching them is what counts here
    before = page.evaluate(STATE_JS, widget.element_handle())
    for key in keys:
        _press_for(page, active, key)
        now = page.evaluate(ACTIVE_JS, widget.element_handle())
        if kind == "button" or (now and now["value"] != active["value"]):
            break
    else:
        return f"{kind} {active['name']!r}: {'/'.join(keys)} did not change its value"
    if kind in {"slider", "select"} and active["figure"] and widget.locator("img").count():
        if not _wait_changed(page, widget, before, "src") and not _wait_changed(page, widget, before, "text"):
            return f"{kind} {active['name']!r}: the figure and its sentence did not change"
        after = page.evaluate(STATE_JS, widget.element_handle())
        if not after["alt"] or (after["alt"] == before["alt"] and after["text"] != before["text"]):
            return f"{kind} {active['name']!r}: the figure's alt did not follow it ({after['alt']!r})"
    return ""


def _walk(page: Any, widget: Any, label: str, max_presses: int = 300) -> list[str]:
    """Tab through one widget from its first control, operating each; return the problems.

    Controls that appear after the focused one while walking (results after Submit) join the walk.
    """
    root = widget.element_handle()
    wanted = page.evaluate(KEYS_JS, root)
    if not wanted:
        return []
    page.evaluate(FOCUS_JS, [root, wanted[0]["key"]])  # a learner Tabs into the widget here
    visited, groups, problems = set(), set(), []
    for _ in range(max_presses):
        active = page.evaluate(ACTIVE_JS, root)
        if active is None:
            break
        if active["key"] and active["key"] not in visited:
            visited.add(active["key"])
            groups.add(active["group"])
            if problem := _operate(page, widget, active):
                problems.append(f"{label}: {problem}")
            support.settle(page)  # the kernel's answer (new rows, moved focus) lands before the next key
            now = page.evaluate(ACTIVE_JS, root) or active  # operating may rename or move the focus
            visited.add(now["key"])
            groups.add(now["group"])
            known = {w["key"] for w in wanted}
            wanted += [c for c in now["after"] if c["key"] not in known]
        page.keyboard.press("Tab")
    present = {c["key"] for c in page.evaluate(KEYS_JS, root)}
    unreached = [c["key"] for c in wanted if c["key"] in present and c["key"] not in visited
                 and not (c["group"] and c["group"] in groups)]  # Tab enters a radio group once
    if unreached:
        problems.append(f"{label}: {len(unreached)} controls never reached with Tab: {unreached[:5]}")
    return problems


@pytest.mark.parametrize("lesson", stems())
def test_lesson_accessible_in_lab(lesson, run_lesson, screenshot_dir, capsys):
    """axe on the lesson's outputs; then every course widget walked with the keyboard only."""
    page, watch = run_lesson(lesson)
    page.locator(OUTPUTS).last.scroll_into_view_if_needed()
    violations = run_axe(page, include=[OUTPUTS])
    lines = [report(f"{lesson} (course outputs in JupyterLab)", violations)]
    if lesson == stems()[0]:
        lines.append(_lab_interface_report(page))
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not failing(violations), report(lesson, failing(violations))

    problems = []
    widgets = page.locator(TOP_WIDGETS)
    for i in range(widgets.count()):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        label = f"{support.widget_name(widget.get_attribute('class') or '')}#{i}"
        problems += _walk(page, widget, label)
        if i < 3:
            support.screenshot_widget(page, widget, screenshot_dir / f"a11y-{lesson}-{i}.png")
    errors = support.output_problems(page) + watch.problems()
    assert not errors, "\n".join(errors)  # tracebacks and console errors always fail
    assert not problems, "\n".join(problems)
