"""Every control of every figure widget changes what the learner sees or hears.

A control that moves nothing on screen teaches nothing and confuses (issue 15: controls that do
nothing), and the keyboard check of issue 13 expects each figure control to change the figure or
its sentence. The widgets come from the lesson registry; each control is moved one step.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from course.catalogue import figure_widgets

WIDGETS = sorted({item.widget for item in figure_widgets()})


def _build(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)()


def _seen(widget) -> tuple:
    return bytes(widget.image.value), widget.description.value, widget.message.value


@pytest.mark.parametrize("path", WIDGETS)
def test_each_control_changes_the_figure_its_sentence_or_a_message(path: str) -> None:
    widget = _build(path)
    moved = 0
    for name, control in widget.controls.items():
        ahead = [not control.value] if isinstance(control.value, bool) else widget.values_ahead(name)[:1]
        if not ahead:
            continue  # dates, event lists and hidden values are checked by their own tests
        before, old = _seen(widget), control.value
        control.value = ahead[0]
        assert _seen(widget) != before, f"{path}: {name!r} from {old!r} to {ahead[0]!r} changed nothing"
        control.value = old
        assert _seen(widget) == before, f"{path}: moving {name!r} back did not restore the view"
        moved += 1
    assert moved, f"{path}: no control was moved"


@pytest.mark.parametrize("path", WIDGETS)
def test_a_new_date_redraws_without_an_error(path: str) -> None:
    """Date boxes have no range to draw ahead over; choosing another day must still just redraw."""
    widget = _build(path)
    dates = {n: c for n, c in widget.controls.items() if isinstance(c.value, dt.date)}
    for name, control in dates.items():
        before = _seen(widget)
        control.value = control.value + dt.timedelta(days=7)  # raised TypeError before the fix
        assert _seen(widget) != before, f"{path}: a new {name!r} changed nothing"
