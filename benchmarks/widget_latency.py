"""Key press -> new figure on screen, measured in real Chromium in real JupyterLab (`make bench`).

For each main slider widget, in one run: the slider handle is focused and ArrowRight/ArrowLeft
pressed (trusted keyboard input); time runs from the first keydown (capture phase,
`performance.now()`) until the widget's `img` has a new frame decoded (MutationObserver, then
`await img.decode()`). Median over PRESSES presses with the frame cache cleared before each
press (a frame never seen), and over PRESSES presses revisiting memoised frames. Beside it the
same figure drawn the old way, a new Figure per change displayed into an `Output`, in a baseline
cell of the same generated notebook. Kernel p50 is the time of `refresh()` measured in the kernel.
Prints one table; asserts nothing. Needs Debian's Chromium (`make chromium`).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))

import cases  # noqa: E402
import nbformat  # noqa: E402
import support  # noqa: E402

PRESSES = 15
COLD = "_w.forget_frames()"  # forget every frame, drawn or queued
PACE_MS = 400  # pause between presses for the 'at a learner's pace' column

SETUP = """import statistics, sys, time
sys.path.insert(0, {bench!r})
import cases
import ipywidgets as widgets
from IPython.display import display
%matplotlib inline"""

WIDGET = """_w = cases.make({module!r}, {cls!r})
_name = cases.first_slider(_w)
_valid = cases.valid_values(_w, _name)
if hasattr(_w.controls[_name], "max"):
    _w.controls[_name].max, _w.controls[_name].min = max(_valid), min(_valid)
_timings, _refresh = [], _w.refresh
def _timed_refresh():
    start = time.perf_counter(); _refresh(); _timings.append((time.perf_counter() - start) * 1000)
_w.refresh = _timed_refresh
_w"""

BASELINE = """_b = cases.make({module!r}, {cls!r})
for _c in _b.controls.values():
    _c.unobserve(_b._on_change, names="value")
_src = _b.controls[_name]
_keys = [k for k in ("options", "min", "max", "step", "value", "description") if _src.has_trait(k)]
_slider = type(_src)(**{{k: getattr(_w.controls[_name], k) for k in _keys}}, continuous_update=False)
_out, _btimings = widgets.Output(), []
def _show(change=None):
    start = time.perf_counter()
    _b.controls[_name].value = _slider.value
    figure = cases.new_figure_frame(_b)
    with _out:
        _out.clear_output(wait=True)
        display(figure)
    _btimings.append((time.perf_counter() - start) * 1000)
_slider.observe(_show, names="value")
_show()
_box = widgets.VBox([_slider, _out])
_box.add_class("baseline-figure")
_box"""

ARM_JS = """([selector, mode]) => {
  const root = document.querySelector(selector);
  window.__latency = new Promise((resolve) => {
    let t0 = null;
    const onKey = (e) => { if (e.isTrusted && t0 === null) t0 = performance.now(); };
    document.addEventListener('keydown', onKey, {capture: true});
    const done = (value) => { observer.disconnect();
      document.removeEventListener('keydown', onKey, {capture: true}); resolve(value); };
    const observer = new MutationObserver(async (mutations) => {
      let img = null;
      for (const m of mutations) {
        if (mode === 'src' && m.type === 'attributes' && m.target.tagName === 'IMG') img = m.target;
        if (mode === 'new') for (const n of m.addedNodes) {
          if (n.nodeType !== 1) continue;
          img = n.tagName === 'IMG' ? n : (n.querySelector('img') || img);
        }
      }
      if (!img || t0 === null) return;
      observer.disconnect();
      await img.decode();
      done(performance.now() - t0);
    });
    observer.observe(root, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
    setTimeout(() => done(null), 15000);
  });
}"""

KERNEL_JS = """async ([code, expressions]) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const reply = await kernel.requestExecute({code, silent: true, store_history: false,
                                             user_expressions: expressions}).done;
  const out = {};
  for (const [k, v] of Object.entries(reply.content.user_expressions || {})) {
    out[k] = v.data ? v.data['text/plain'] : v.evalue;
  }
  return out;
}"""


def notebook(folder: Path, module: str, cls: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SETUP.format(bench=str(HERE))),
                nbformat.v4.new_code_cell(WIDGET.format(module=module, cls=cls)),
                nbformat.v4.new_code_cell(BASELINE.format(module=module, cls=cls))]
    name = f"bench-{module}.ipynb"
    nbformat.write(nb, folder / name)
    return name


def press_and_time(page, handle, root: str, mode: str, clear: str | None, state: dict) -> float | None:
    """One key press (direction bounces at the ends of the slider); ms to the decoded new figure."""
    now, low, high = (float(handle.get_attribute(a) or 0) for a in ("aria-valuenow", "aria-valuemin",
                                                                     "aria-valuemax"))
    if now >= high:
        state["key"] = "ArrowLeft"
    elif now <= low:
        state["key"] = "ArrowRight"
    if clear:
        page.evaluate(KERNEL_JS, [clear, {}])
    page.evaluate(ARM_JS, [root, mode])
    handle.press(state["key"])
    return page.evaluate("() => window.__latency")


def measure(page, lab, folder: Path, module: str, cls: str, css: str) -> dict[str, float]:
    support.open_notebook(page, lab, notebook(folder, module, cls))
    support.run_all_cells(page)
    panel = support.VISIBLE_NOTEBOOK
    widget_handle = page.locator(f"{panel} .{css} .noUi-handle").first
    base_handle = page.locator(f"{panel} .baseline-figure .noUi-handle").first
    widget_handle.focus()
    state, root = {"key": "ArrowRight"}, f"{panel} .{css}"
    page.evaluate(KERNEL_JS, ["_timings.clear()", {}])
    fresh = [press_and_time(page, widget_handle, root, "src", COLD, state)
             for _ in range(PRESSES)]
    kernel = page.evaluate(KERNEL_JS, ["", {"w": "statistics.median(_timings)"}])
    page.evaluate(KERNEL_JS, [COLD, {}])
    paced = []  # new values at a learner's pace: the neighbours were prefetched while idle
    for _ in range(PRESSES):
        page.wait_for_timeout(PACE_MS)
        paced.append(press_and_time(page, widget_handle, root, "src", None, state))
    for _ in range(PRESSES):  # memoise the values ahead, then come back over them
        press_and_time(page, widget_handle, root, "src", None, state)
    state["key"] = "ArrowLeft" if state["key"] == "ArrowRight" else "ArrowRight"
    memo = [press_and_time(page, widget_handle, root, "src", None, state) for _ in range(PRESSES)]
    base_handle.focus()
    state = {"key": "ArrowRight"}
    base = [press_and_time(page, base_handle, f"{panel} .baseline-figure", "new", None, state)
            for _ in range(PRESSES)]
    kernel.update(page.evaluate(KERNEL_JS, ["", {"b": "statistics.median(_btimings)"}]))
    lab.shutdown_kernels()

    def p50(values: list) -> float:
        got = [v for v in values if v is not None]
        return statistics.median(got) if got else float("nan")

    return {"fresh": p50(fresh), "paced": p50(paced), "memo": p50(memo), "base": p50(base),
            "kernel": float(kernel.get("w", "nan")), "base_kernel": float(kernel.get("b", "nan")),
            "missed": sum(v is None for v in fresh + paced + memo + base)}


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not support.chromium_path():
        sys.exit("Chromium is not installed: run `make chromium`.")
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        folder = Path(tmp) / "notebooks"
        folder.mkdir()
        lab = support.start_lab(Path(tmp) / "state", folder)
        rows = []
        try:
            with sync_playwright() as driver:
                browser = support.launch_chromium(driver)
                for module, cls, css in cases.available():
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    rows.append((cls, measure(page, lab, folder, module, cls, css)))
                    page.close()
                browser.close()
        finally:
            lab.stop()
    print(f"Key press -> new figure decoded on screen, headless {support.chromium_version()}, "
          f"median of {PRESSES} presses (ms)")
    print(f"{'widget':<19}{'browser p50':>12}{'paced':>7}{'memoised':>10}{'kernel p50':>12}"
          f"{'baseline p50':>14}{'baseline kernel':>17}{'ratio':>7}")
    for cls, r in rows:
        print(f"{cls:<19}{r['fresh']:>12.0f}{r['paced']:>7.0f}{r['memo']:>10.0f}{r['kernel']:>12.1f}"
              f"{r['base']:>14.0f}"
              f"{r['base_kernel']:>17.1f}{r['base'] / r['fresh']:>6.1f}x"
              + (f"  ({r['missed']} presses timed out)" if r["missed"] else ""))
    print("browser p50: frame never seen (cache cleared before each press); paced: new values, one press")
    print(f"every {PACE_MS} ms (neighbours prefetched while idle); memoised: revisited values;")
    print("baseline: a new Figure per change displayed into an Output; ratio = baseline / browser p50.")
    print(json.dumps({cls: r for cls, r in rows}))


if __name__ == "__main__":
    main()
