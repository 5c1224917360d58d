"""The shared figure-widget base: blitted frames match a full render after every change, values
are snapped to their step, frames are memoised and drawn ahead, and superseded frames never show."""

from __future__ import annotations

import asyncio
import threading

import ipywidgets as widgets
import pytest

from course import skin
from course.widgets.aftercare_timeline import AftercareTimeline
from course.widgets.base import FigureWidget, snapped
from course.widgets.collagen_buildup import CollagenBuildup
from course.widgets.depth_explorer import DepthExplorer
from course.widgets.phase_explorer import PhaseExplorer
from course.widgets.redness_timeline import RednessTimeline
from course.widgets.render import differing_share

# Every figure widget with a run of control changes (each applied alone, in order).
CHANGES = {
    DepthExplorer: [{"depth_mm": 2.0}, {"area": "forehead"}, {"depth_mm": 0.25}, {"area": "abdomen"}],
    RednessTimeline: [{"depth_mm": 0.5}, {"fitzpatrick_type": 5}, {"sensitivity": "sensitive"},
                      {"area": "abdomen"}],
    CollagenBuildup: [{"sessions": 6}, {"band": "C"}, {"compare": False}, {"interval_weeks": 8},
                      {"compare": True}],
    PhaseExplorer: [{"hours_after": 72.0}, {"hours_after": 504.0}, {"hours_after": 8760.0}],
    AftercareTimeline: [{"hours_after": 168}, {"fitzpatrick_type": 4}, {"hours_after": 2},
                        {"fitzpatrick_type": 1}, {"depth_mm": 2.0}],
}


@pytest.mark.parametrize("cls", list(CHANGES), ids=[c.__name__ for c in CHANGES])
def test_every_blitted_frame_matches_a_full_render_labels_included(cls: type[FigureWidget]) -> None:
    w = cls()
    for change in CHANGES[cls]:
        before = w.image.value
        w.set_values(**change)
        assert w.message_text == "" or w.warning(w.result), f"{change} was refused: {w.message_text}"
        assert w.image.value != before, f"the frame did not change after {change}"
        share = differing_share(w.image.value, w.full_render())
        assert share < 0.001, f"after {change}, {share:.2%} of pixels differ from a full render"


def test_aftercare_row_names_follow_the_controls() -> None:
    w = AftercareTimeline(hours_after=24, fitzpatrick_type=3)
    w.set_values(hours_after=168, fitzpatrick_type=4)
    names = {t.get_text().replace("\n", " "): t for t in w.figure.axes[0].get_yticklabels()}
    extended = next(t for name, t in names.items() if "direct sun (extended)" in name)
    assert extended.get_fontweight() == "bold" and extended.get_color() == "black"
    sauna = next(t for name, t in names.items() if "sauna" in name)
    assert sauna.get_fontweight() == "normal"  # ended at 3 days


@pytest.mark.parametrize(("noisy", "exact"), [(1.5000000000000002, 1.5), (0.7499999999999999, 0.75),
                                                (0.30000000000000004, 0.3)])
def test_slider_values_are_snapped_to_their_step(noisy: float, exact: float) -> None:
    slider = widgets.FloatSlider(min=0.25, max=3.0, step=0.25 if exact != 0.3 else 0.05)
    assert snapped(slider, noisy) == exact
    assert snapped(slider, 1.1) == 1.1  # a value typed off the grid is kept, never changed silently
    assert snapped(widgets.IntSlider(), 3) == 3


@pytest.mark.parametrize(("area", "maximum"), [("cheeks", 1.5), ("forehead", 0.75)])
def test_the_area_maximum_is_not_over_it_with_float_noise(area: str, maximum: float) -> None:
    w = DepthExplorer(area=area, depth_mm=0.5)
    w.controls["depth_mm"].value = maximum + 2e-16 if maximum > 1 else maximum + 1e-16
    w.controls["depth_mm"].value = float(sum([0.25] * int(maximum / 0.25))) + 1e-15  # noisy sum
    assert not w.result.over_max and w.message_text == ""
    assert w.result.band == skin.reach(maximum, area).band  # lesson 01 and the planner agree


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


def _in_fresh_thread(action) -> threading.Thread:
    """Run `action` in a new thread (no event loop there unless it makes one); re-raise its error."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if errors:
        raise errors[0]
    return thread


def test_values_ahead_nearest_first() -> None:
    w = RednessTimeline(depth_mm=1.0)
    assert w.values_ahead("depth_mm")[:2] in ([0.75, 1.25], [1.25, 0.75])
    assert len(w.values_ahead("depth_mm")) == round((w.controls["depth_mm"].max - 0.25) / 0.25)
    p = PhaseExplorer()
    control = p.controls["hours_after"]
    values = list(control._options_values)
    assert p.values_ahead("hours_after")[0] == values[control.index + 1]  # first stop: only forward


def test_moving_a_control_fills_its_whole_range_while_idle() -> None:
    w = RednessTimeline(depth_mm=0.5, area="cheeks")

    async def move_then_idle() -> None:
        w.controls["depth_mm"].value = 1.0  # as a learner's key press would
        await asyncio.sleep(6.0)

    _in_fresh_thread(lambda: asyncio.run(move_then_idle()))
    for depth in (0.25, 0.75, 1.25, 1.5):  # cheeks allow up to 1.5 mm
        assert w.frame_key({**w.values(), "depth_mm": depth}) in w._frames
    assert w.result.inputs.depth_mm == 1.0  # what is on screen did not move


def test_no_prefetch_without_an_event_loop() -> None:
    w = RednessTimeline(depth_mm=1.0)
    _in_fresh_thread(lambda: setattr(w.controls["depth_mm"], "value", 1.25))
    assert w.frame_key({**w.values(), "depth_mm": 1.5}) not in w._frames


def test_a_frame_drawn_for_a_superseded_state_never_reaches_the_screen() -> None:
    w = DepthExplorer(depth_mm=1.0)
    shown: list[bytes] = []
    w.image.observe(lambda change: shown.append(change["new"]), names="value")
    inside, release = threading.Event(), threading.Event()
    original = w.compute

    def slow_compute(values):
        if values["depth_mm"] == 0.5:  # the older request is still being drawn ...
            inside.set()
            release.wait(30)
        return original(values)

    w.compute = slow_compute  # type: ignore[method-assign]
    older = threading.Thread(target=lambda: w.set_values(depth_mm=0.5))
    older.start()
    assert inside.wait(30)
    newer = threading.Thread(target=lambda: w.set_values(depth_mm=2.0))  # ... when a newer one arrives
    newer.start()
    release.set()
    older.join(60)
    newer.join(60)
    assert w.result.depth_mm == 2.0
    depth_of = {}
    for depth in (0.5, 2.0):
        frame = w._frames.get(w.frame_key({"area": "cheeks", "depth_mm": depth}))
        if frame is not None:
            depth_of[bytes(frame[0])] = depth
    assert [depth_of.get(bytes(png)) for png in shown if bytes(png) in depth_of] == [2.0]
