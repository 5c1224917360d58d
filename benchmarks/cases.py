"""The main slider widgets the benchmarks measure, and the 'old way' each is compared with.

The baseline is the pattern most courses use: on every change a new `Figure` is made, drawn and
displayed into an `Output` (IPython's inline PNG). It reuses the widget's own `compute` and
`plot`, so both sides draw the same figure. The widget list comes from the lesson registry.
"""

from __future__ import annotations

import importlib
from typing import Any

import ipywidgets as widgets

from course.catalogue import figure_widgets
from course.plots.style import new_figure
from course.widgets.base import FigureWidget

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider)


def available() -> list[tuple[str, str, str]]:
    """(module in course.widgets, class, css class) of every figure widget with a slider, from the
    lesson registry (`course.catalogue.figure_widgets`), each once."""
    found: list[tuple[str, str, str]] = []
    for item in figure_widgets():
        cls = getattr(importlib.import_module(item.module), item.class_name)
        case = (item.module.rpartition(".")[2], item.class_name, cls.css_class)
        on_contract = issubclass(cls, FigureWidget)
        if on_contract and case not in found and any(isinstance(c, SLIDERS) for c in cls().controls.values()):
            found.append(case)  # plot/update widgets with a slider (not the planner)
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
    figure, axes = new_figure(**w.figure_options)
    w.plot(axes, w.compute(w.values()))
    return figure


def valid_values(w: Any, name: str) -> list[Any]:
    """The slider values the model accepts with the other controls as they are (no inline message)."""
    from course.errors import InvalidInput

    good = []
    for value in slider_values(w.controls[name]):
        try:
            w.compute({**w.values(), name: value})
        except InvalidInput:
            continue
        good.append(value)
    return good
