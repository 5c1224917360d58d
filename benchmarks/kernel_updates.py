"""Kernel-side time of one widget update: memoised frame vs cleared cache vs a new Figure per change.

Median over >= 50 updates per widget, walking the first slider through its values. The baseline
draws a new `Figure` and renders it the way IPython's inline backend displays a figure in an
`Output` (`print_figure`, PNG, tight bounding box). Prints a table; asserts nothing.
Run: `.venv/bin/python benchmarks/kernel_updates.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("MICRONEEDLING_COURSE_HOME", tempfile.mkdtemp(prefix="course-bench-"))

import cases
from IPython.core.pylabtools import print_figure

UPDATES = 50


def walk(values: list, n: int) -> list:
    """n values going up and down the slider, never the same twice in a row."""
    bounce = values + values[-2:0:-1] if len(values) > 1 else values
    return [bounce[i % len(bounce)] for i in range(1, n + 1)]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(module: str, cls: str) -> dict[str, float]:
    w = cases.make(module, cls)
    name = cases.first_slider(w)
    steps = walk(cases.valid_values(w, name), UPDATES)

    def update(value, clear: bool) -> None:
        if clear:
            w._frames.clear()
        w.set_values(**{name: value})

    cleared = [timed(lambda v=v: update(v, True)) for v in steps]
    for v in steps:  # every value memoised
        update(v, False)
    cached = [timed(lambda v=v: update(v, False)) for v in steps]
    baseline_widget = cases.make(module, cls)
    for c in baseline_widget.controls.values():
        c.unobserve(baseline_widget._on_change, names="value")

    def old_way(v) -> None:
        baseline_widget.controls[name].value = v
        print_figure(cases.new_figure_frame(baseline_widget), "png", bbox_inches="tight")

    baseline = [timed(lambda v=v: old_way(v)) for v in steps]
    return {"cleared": statistics.median(cleared), "cached": statistics.median(cached),
            "baseline": statistics.median(baseline)}


def main() -> None:
    rows = [(cls, measure(module, cls)) for module, cls, _css in cases.available()]
    print(f"Kernel-side time of one update, median of {UPDATES} (ms)")
    print(f"{'widget':<20}{'memoised':>10}{'new frame':>11}{'new Figure + Output':>21}{'ratio':>8}")
    for cls, r in rows:
        print(f"{cls:<20}{r['cached']:>10.2f}{r['cleared']:>11.1f}{r['baseline']:>21.1f}"
              f"{r['baseline'] / r['cleared']:>7.1f}x")
    print("ratio = new Figure per change / this project's update with no memoised frame")


if __name__ == "__main__":
    main()
