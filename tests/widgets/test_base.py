"""The shared widget base: blitted frames match a full render; frames are memoised."""

from __future__ import annotations

import asyncio
import io
import threading

import numpy as np
import pytest
from PIL import Image

from course.widgets.base import render_png
from course.widgets.phase_explorer import PhaseExplorer
from course.widgets.redness_timeline import RednessTimeline


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


@pytest.mark.parametrize(("make", "changes"), [
    (lambda: RednessTimeline(depth_mm=1.0, area="cheeks"), {"depth_mm": 1.5, "fitzpatrick_type": 5}),
    (lambda: PhaseExplorer(), None),
])
def test_blitted_frame_matches_a_full_render(make, changes) -> None:
    w = make()
    first = w.image.value
    if changes is None:  # move the first control one option along
        name, control = next(iter(w.controls.items()))
        changes = {name: control.options[min(len(control.options) - 1, control.index + 2)][1]
                   if isinstance(control.options[0], tuple) else control.options[-1]}
    w.set_values(**changes)
    blitted = _pixels(w.image.value)
    full = _pixels(render_png(w.figure))
    assert blitted.shape == full.shape
    assert not np.array_equal(_pixels(first), blitted), "the frame did not change"
    # A full render re-runs the layout engine, which may shift text by a pixel: compare each pixel
    # with its best match within one pixel, so only real content differences count.
    diff = np.abs(blitted - full).max(axis=-1)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            shifted = np.roll(np.roll(full, dy, axis=0), dx, axis=1)
            diff = np.minimum(diff, np.abs(blitted - shifted).max(axis=-1))
    differing = (diff > 60).mean()
    assert differing < 0.02, f"{differing:.2%} of pixels differ from a full render"


def test_frames_are_memoised_per_state(monkeypatch: pytest.MonkeyPatch) -> None:
    w = RednessTimeline(depth_mm=1.0)
    one = bytes(w.image.value)
    renders = []
    original = w.render
    monkeypatch.setattr(w, "render", lambda: renders.append(1) or original())
    w.set_values(depth_mm=0.5)
    w.set_values(depth_mm=1.0)
    assert len(renders) == 1  # only 0.5 mm was new; 1.0 mm came from the frame cache
    assert bytes(w.image.value) == one


def _in_fresh_thread(action) -> None:
    """Run `action` in a new thread: no event loop there unless it makes one (the browser tests'
    Playwright keeps a loop running in the main thread)."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if errors:
        raise errors[0]


def test_neighbour_values_of_sliders_and_selection_sliders() -> None:
    w = RednessTimeline(depth_mm=1.0)
    assert sorted(w.neighbour_values("depth_mm")) == [0.75, 1.25]
    w.set_values(depth_mm=w.controls["depth_mm"].max)
    assert w.neighbour_values("depth_mm") == [w.controls["depth_mm"].max - 0.25]
    p = PhaseExplorer()
    control = p.controls["hours_after"]
    values = list(control._options_values)
    assert p.neighbour_values("hours_after") == [values[control.index + 1]]  # first stop: only forward


def test_moving_a_control_prefetches_its_neighbours_while_idle() -> None:
    w = RednessTimeline(depth_mm=0.5, area="cheeks")

    async def move_then_idle() -> None:
        w.controls["depth_mm"].value = 1.0  # as a learner's key press would
        await asyncio.sleep(1.0)

    _in_fresh_thread(lambda: asyncio.run(move_then_idle()))
    for depth in (0.75, 1.25):
        assert w.frame_key({**w.values(), "depth_mm": depth}) in w._frames
    assert w.result.inputs.depth_mm == 1.0  # what is on screen did not move
    w.set_values(depth_mm=1.25)
    assert w.result.inputs.depth_mm == 1.25


def test_no_prefetch_without_an_event_loop() -> None:
    w = RednessTimeline(depth_mm=1.0)
    _in_fresh_thread(lambda: setattr(w.controls["depth_mm"], "value", 1.5))
    assert w.frame_key({**w.values(), "depth_mm": 1.75}) not in w._frames
