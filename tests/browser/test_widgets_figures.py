"""Figure widgets in their lessons, driven with real keyboard and mouse input in real Chromium.

- Every figure widget follows real input: arrow key, drag, another skin type change the figure
  and its sentence, with no error.
- What is on screen is what a full draw shows: after each control change, the PNG the page shows
  is the kernel's latest frame for that widget, and it matches the figure drawn from scratch,
  labels included (issue 15.3: aftercare row labels; 15.6: no superseded frame after rapid presses).
- A value reached with the arrow keys is snapped to its step before it meets a rule (issue 15.1:
  cheeks at exactly 1.50 mm and forehead at 0.75 mm are at the maximum, not over it).
The widget list comes from the lesson registry (`course.catalogue.figure_widgets`).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib
from pathlib import Path

import pytest
import support
from playwright.sync_api import expect

from course.catalogue import figure_widgets
from course.widgets.base import FigureWidget


def _figure_cases() -> list[tuple[str, str]]:
    """(lesson, widget css class) for every slider figure widget, first lesson that shows it."""
    cases, seen = [], set()
    for item in figure_widgets():
        cls = getattr(importlib.import_module(item.module), item.class_name)
        on_contract = issubclass(cls, FigureWidget)
        has_slider = any("Slider" in type(c).__name__ for c in cls().controls.values())
        if on_contract and has_slider and cls.css_class not in seen:  # the planner has no slider
            seen.add(cls.css_class)
            cases.append((item.lesson, cls.css_class))
    return cases


FIGURE_WIDGETS = _figure_cases()
IDS = [css for _, css in FIGURE_WIDGETS]
WAIT_MS = 20_000

# Kernel side of the frame check, self-contained (it only needs each widget's figure, result and
# image): for every live widget with this CSS class, the hash of its current frame and the share of
# pixels that differ from the same figure drawn from scratch in the same layout.
FRAME_CHECK = r'''
def _frame_check(css):
    import hashlib, io
    import numpy as np
    from PIL import Image
    from ipywidgets.widgets.widget import _instances
    def pixels(png):  # as the page shows it: transparent parts over the white page
        image = Image.open(io.BytesIO(png)).convert("RGBA")
        page = Image.new("RGBA", image.size, "white")
        page.alpha_composite(image)
        return np.asarray(page.convert("RGB"), dtype=np.int16)
    found = []
    for w in list(_instances.values()):
        if css not in getattr(w, "_dom_classes", ()) or "course-widget" not in w._dom_classes:
            continue
        if not getattr(w, "image", None) or not w.image.value or w.result is None:
            continue
        # Hold the lock every drawing path of the widget takes: frames drawn ahead run on the
        # kernel's own thread (ipykernel 7), and would move the artists between update and savefig.
        with w._renderer.lock:
            w.update(w.artists, w.result)  # back to the state on screen (drawing ahead may move them)
            engine = w.figure.get_layout_engine()
            w.figure.set_layout_engine("none")
            buffer = io.BytesIO()
            w.figure.savefig(buffer, format="png", dpi=w.figure.dpi)
            w.figure.set_layout_engine(engine)
        shown, full = pixels(bytes(w.image.value)), pixels(buffer.getvalue())
        share = 1.0
        if shown.shape == full.shape:
            share = float((np.abs(shown - full).max(axis=-1) > 60).mean())
        found.append([hashlib.sha256(bytes(w.image.value)).hexdigest(), share])
    return found
'''

SCREEN_PNG_JS = """async (img) => {
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let text = ''; for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}"""


def kernel(page, code: str, expressions: dict[str, str] | None = None) -> dict[str, str]:
    """Run code in the lesson's kernel (silently) and return the text of `expressions`."""
    js = """async ([code, expressions]) => {
      const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      const reply = await k.requestExecute({code, silent: true, store_history: false,
                                            user_expressions: expressions}).done;
      const out = {};
      for (const [name, v] of Object.entries(reply.content.user_expressions || {})) {
        out[name] = v.data ? v.data['text/plain'] : `${v.ename}: ${v.evalue}`;
      }
      return out;
    }"""
    return page.evaluate(js, [code, expressions or {}])


def settle(page) -> None:
    """Wait until the kernel has handled every input and the page shows the last frame."""
    support.wait_kernel_idle(page)
    page.wait_for_timeout(400)
    support.wait_kernel_idle(page)


def check_screen_matches_full_render(page, widget, css: str, after: str, attempts: int = 60) -> None:
    """The frame on screen is the kernel's latest for this widget (waiting, as `expect` does, for
    the page to receive it) and matches a full render of the same state."""
    settle(page)
    image = widget.locator(f"img.{css}-figure").first
    for _ in range(attempts):
        report = kernel(page, FRAME_CHECK, {"r": f"_frame_check({css!r})"})["r"]
        frames = {sha: share for sha, share in ast.literal_eval(report)}
        assert frames, f"no {css} widget found in the kernel: {report}"
        sha = hashlib.sha256(base64.b64decode(image.evaluate(SCREEN_PNG_JS))).hexdigest()
        if sha in frames:
            break
        page.wait_for_timeout(500)
    assert sha in frames, f"after {after}, the page still shows a frame that is not the widget's latest"
    assert frames[sha] < 0.001, (f"after {after}, {frames[sha]:.2%} of the pixels on screen differ "
                                 "from a full render of the same state")


def expect_new_frame(widget, css: str, old_src: str, old_text: str, after: str,
                     figure_must_change: bool = True) -> tuple[str, str]:
    """Wait until the figure and its description changed after input `after`; return the new ones.
    One step may leave the picture as it was (the redness model is set per depth band), so a single
    arrow press only needs the description to follow; larger moves must change the figure too."""
    image = widget.locator(f"img.{css}-figure").first
    description = widget.locator(f".{css}-description").first
    if figure_must_change:
        expect(image, f"figure unchanged after {after}").not_to_have_attribute("src", old_src,
                                                                                timeout=WAIT_MS)
    expect(description, f"description unchanged after {after}").not_to_have_text(old_text, timeout=WAIT_MS)
    return support.figure_src(widget, css), description.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize(("lesson", "css"), FIGURE_WIDGETS, ids=IDS)
def test_figure_widget_follows_real_input(lesson: str, css: str, run_lesson, screenshot_dir: Path) -> None:
    page, watch = run_lesson(lesson, css)
    widget = support.course_widget(page, css)
    src, said = support.figure_src(widget, css), widget.locator(f".{css}-description").first.inner_text()
    assert src and said

    handle = widget.locator(".noUi-handle").first
    readout = widget.locator(".widget-readout").first.inner_text()
    support.press(handle, "ArrowRight")
    src, said = expect_new_frame(widget, css, src, said, "ArrowRight", figure_must_change=False)
    assert widget.locator(".widget-readout").first.inner_text() != readout

    support.drag_handle(page, handle, -0.4)  # leftwards: shallower stays valid for every area
    src, said = expect_new_frame(widget, css, src, said, "dragging the slider")

    skin = support.labelled(widget, "dropdown", "Fitzpatrick").locator("select")
    if skin.count():
        choices = skin.locator("option").all_inner_texts()
        current = skin.evaluate("s => s.options[s.selectedIndex].text")
        darkest = choices[-1] if current != choices[-1] else choices[0]  # the skin type most unlike
        skin.select_option(label=darkest)
        src, said = expect_new_frame(widget, css, src, said, "choosing another skin type")

    assert support.text(widget, f".{css}-message") == "", "valid input showed an error message"
    assert widget.locator(f"img.{css}-figure").first.evaluate("img => img.naturalWidth > 0")
    support.screenshot_widget(page, widget, screenshot_dir / f"interaction-{css}.png")
    assert support.output_problems(page) == []
    assert watch.problems() == []


@pytest.mark.browser
@pytest.mark.parametrize(("lesson", "css"), FIGURE_WIDGETS, ids=IDS)
def test_every_frame_on_screen_matches_a_full_render(lesson: str, css: str, run_lesson,
                                                      screenshot_dir: Path) -> None:
    page, watch = run_lesson(lesson, css)
    widget = support.course_widget(page, css)
    check_screen_matches_full_render(page, widget, css, "Run All")
    handles = widget.locator(".noUi-handle")
    for i in range(handles.count()):
        if not handles.nth(i).is_visible():
            continue
        support.press(handles.nth(i), "ArrowRight", times=2)
        check_screen_matches_full_render(page, widget, css, f"ArrowRight on slider {i + 1}")
    selects = widget.locator("select")
    for i in range(selects.count()):
        options = selects.nth(i).locator("option").all_inner_texts()
        current = selects.nth(i).evaluate("s => s.selectedIndex")
        selects.nth(i).select_option(index=(current + 3) % len(options))
        chosen = (current + 3) % len(options)
        check_screen_matches_full_render(page, widget, css, f"choosing {options[chosen]!r}")
    support.screenshot_widget(page, widget, screenshot_dir / f"full-render-{css}.png")
    assert support.output_problems(page) == []
    assert watch.problems() == []


@pytest.mark.browser
def test_aftercare_row_labels_follow_time_and_skin_type(run_lesson, screenshot_dir: Path) -> None:
    """Issue 15.3 as the walkthrough met it: 24 h / type III -> 1 week / type IV."""
    page, watch = run_lesson("07-aftercare", "aftercare-timeline")
    widget = support.course_widget(page, "aftercare-timeline")
    time = support.slider_handle(widget, "Time after the session")
    support.press(time, "ArrowRight", times=3)  # 24 h -> 2 days -> 3 days -> 5 days
    support.press(time, "ArrowRight")  # 1 week
    support.labelled(widget, "dropdown", "Fitzpatrick").locator("select").select_option(index=3)  # type IV
    check_screen_matches_full_render(page, widget, "aftercare-timeline", "1 week, type IV")
    support.screenshot_widget(page, widget, screenshot_dir / "aftercare-1week-typeIV.png")
    assert watch.problems() == []


@pytest.mark.browser
def test_rapid_presses_right_after_run_all_show_no_superseded_frame(run_lesson, screenshot_dir: Path) -> None:
    """Issue 15.6: about 40 quick presses straight after Run All; the side panel shows one state."""
    page, watch = run_lesson("01-microneedling-basics", "depth-explorer")
    widget = support.course_widget(page, "depth-explorer")
    handle = support.slider_handle(widget, "Needle depth")
    handle.focus()
    for key in ["ArrowLeft"] * 3 + ["ArrowRight"] * 30 + ["ArrowLeft"] * 10:
        handle.press(key)
        page.wait_for_timeout(60)
    check_screen_matches_full_render(page, widget, "depth-explorer", "rapid presses")
    readout = float(widget.locator(".widget-readout").first.inner_text())
    assert f"a {readout:g} mm setting" in widget.locator(".depth-explorer-description").inner_text()
    support.screenshot_widget(page, widget, screenshot_dir / "depth-explorer-rapid.png")
    assert watch.problems() == []


@pytest.mark.browser
@pytest.mark.parametrize(("lesson", "css", "label", "area", "presses", "expected"), [
    ("01-microneedling-basics", "depth-explorer", "Needle depth", "cheeks", ["ArrowRight"] * 2,
     "a 1.5 mm setting on the cheeks is within the 1.5 mm course maximum for this area and in band B"),
    ("01-microneedling-basics", "depth-explorer", "Needle depth", "forehead", ["Home"] + ["ArrowRight"] * 2,
     "a 0.75 mm setting on the forehead is within the 0.75 mm course maximum"),
    ("03-redness-and-bleeding", "redness-timeline", "Needle depth", "cheeks", ["ArrowRight"] * 2,
     "after 1.5 mm on the cheeks (band B"),
    ("07-aftercare", "aftercare-timeline", "Needle depth", None, ["ArrowLeft"] * 2,
     "after a 0.5 mm (superficial) treatment"),
], ids=["cheeks-1.5", "forehead-0.75", "redness-1.5", "aftercare-0.5"])
def test_a_value_reached_with_arrow_keys_meets_the_rule_at_its_step(
        lesson: str, css: str, label: str, area: str | None, presses: list[str], expected: str,
        run_lesson, screenshot_dir: Path) -> None:
    page, watch = run_lesson(lesson, css)
    widget = support.course_widget(page, css)
    if area:
        area_select = support.labelled(widget, "dropdown", "Treatment area").locator("select")
        area_select.select_option(value=None, label=area_select.locator("option").filter(
            has_text=area.capitalize()).first.inner_text())
        settle(page)
    handle = support.slider_handle(widget, label)
    for key in presses:
        support.press(handle, key)
        settle(page)
    description = widget.locator(f".{css}-description").first.inner_text()
    assert expected in description, description
    message = support.text(widget, f".{css}-message")
    assert "over" not in message.lower(), f"a value at the maximum was called over it: {message}"
    support.screenshot_widget(page, widget, screenshot_dir / f"snapped-{css}-{area or 'depth'}.png")
    assert watch.problems() == []
