"""The main slider widgets the benchmarks measure, and the 'old way' each is compared with.

The baseline is the pattern most courses use: on every change a new `Figure` is made, drawn and
displayed into an `Output` (IPython's inline PNG). It reuses the widget's own `make_figure`,
`compute` and `draw`, so both sides draw the same figure.
"""

from __future__ import annotations

import importlib
from typing import Any

import ipywidgets as widgets

# (module in course.widgets, class, css class)
WIDGETS = [
    ("depth_explorer", "DepthExplorer", "depth-explorer"),
    ("phase_explorer", "PhaseExplorer", "phase-explorer"),
    ("redness_timeline", "RednessTimeline", "redness-timeline"),
    ("collagen_buildup", "CollagenBuildup", "collagen-buildup"),
    ("aftercare_timeline", "AftercareTimeline", "aftercare-timeline"),
]
SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider)


def available() -> list[tuple[str, str, str]]:
    """The cases whose widget module exists (lessons land one by one)."""
    found = []
    for module, cls, css in WIDGETS:
        try:
            getattr(importlib.import_module(f"course.widgets.{module}"), cls)
        except (ImportError, AttributeError):
            continue
        found.append((module, cls, css))
    return found


def make(module: str, cls: str) -> Any:
    return getattr(importlib.import_module(f"course.widgets.{module}"), cls)()


def first_slider(w: Any) -> str:
    """Name of the widget's first slider control (the first `.noUi-handle` on the page)."""
    return next(name for name, c in w.controls.items() if isinstance(c, SLIDERS))


def slider_values(control: Any) -> list[Any]:
    """Every value a slider can take, low to high."""
    if isinstance(control, widgets.SelectionSlider):
        return [value for _label, value in control._options_full] if hasattr(control, "_options_full") \
            else list(control.options)
    count = round((control.max - control.min) / control.step) + 1
    return [type(control.value)(control.min + i * control.step) for i in range(count)]


def new_figure_frame(w: Any) -> Any:
    """The old way: a new Figure for the widget's current values, drawn from scratch."""
    w.figure, w.axes = w.make_figure()
    if hasattr(w, "_artists"):
        w._artists = None
    w.draw(w.compute(**w.values()))
    return w.figure


def valid_values(w: Any, name: str) -> list[Any]:
    """The slider values the model accepts with the other controls as they are (no inline message)."""
    from course.errors import InvalidInput

    good = []
    for value in slider_values(w.controls[name]):
        try:
            w.compute(**{**w.values(), name: value})
        except InvalidInput:
            continue
        good.append(value)
    return good
