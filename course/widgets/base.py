"""`FigureWidget`: controls -> model -> figure (PNG in an `Image`) -> one plain sentence.

A figure widget gives five things and the base does the rest:
- `make_controls(**initial)`: the labelled controls, by name;
- `compute(values)`: the model's result for the control values (raises `InvalidInput`);
- `plot(axes, result)`: draw the first frame and return the artists that move;
- `update(artists, result)`: move those artists to show a new result (no new figure);
- `describe(result)`: one sentence saying what the figure shows (screen readers, static site);
and optionally `details_html(result)` (a panel under the figure) and `warning(result)` (a message
shown with a result that is drawn but needs the learner's attention).

The base owns the figure, `self.artists` and the first frame, snaps every control value to its
step before the model sees it (a slider sends 1.5000000000000002 for 1.5), memoises frames,
draws the frames next to the control just moved while the kernel is idle, and never lets a
frame drawn for a superseded state reach the screen. Rendering is `course.widgets.render`.
Bad input never shows a traceback: the message says what to do, and the figure left on screen
is marked as the last settings that worked.
"""

from __future__ import annotations

import base64
import html
import logging
from collections.abc import Hashable, Mapping
from typing import Any, ClassVar

import ipywidgets as widgets
from matplotlib.artist import Artist

from course.errors import InvalidInput
from course.plots.style import new_figure
from course.widgets.course_widget import CourseWidget
from course.widgets.render import BlitRenderer, FrameCache, Prefetcher, artists_in, hashable, render_png

log = logging.getLogger(__name__)

PREFETCH_LIMIT = 40  # states drawn ahead per pause: the whole range of a slider, nearest first
FIGURE_CONTROL = "course-figure-control"  # CSS class of a control that changes the figure
STALE_NOTE = "The figure below still shows the last settings that worked."


def snapped(control: widgets.Widget, value: Any) -> Any:
    """`value` on the control's step grid when it is within float noise of it (1.5 for
    1.5000000000000002); a value typed off the grid is kept as typed."""
    step = getattr(control, "step", None)
    if isinstance(value, bool) or not isinstance(value, float) or not isinstance(step, int | float):
        return value
    if not step:
        return value
    low = getattr(control, "min", 0.0) or 0.0
    on_grid = low + round((value - low) / step) * step
    return round(on_grid if abs(on_grid - value) <= 1e-6 * step else value, 10)


class Frame(tuple):
    """One drawn state: (png, description, result, warning, details)."""

    __slots__ = ()

    def __new__(cls, png: bytes, text: str, result: Any, warning: str, details: str) -> Frame:
        return super().__new__(cls, (png, text, result, warning, details))


class FigureWidget(CourseWidget):
    """Controls above, an inline message, the figure, a one-sentence description, optional details.

    `.result` is the model output on screen; `.values()` the (snapped) control values.
    """

    css_class: ClassVar[str] = "course-widget"
    figure_options: ClassVar[dict[str, Any]] = {}  # arguments for `course.plots.style.new_figure`

    def __init__(self, **initial: Any) -> None:
        super().__init__()
        self.controls: dict[str, widgets.Widget] = self.make_controls(**initial)
        self.figure, self.axes = new_figure(**self.figure_options)
        self.artists: Any = None
        self.result: Any = None
        self._shown_text = ""
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.image.add_class(f"{self.css_class}-figure")
        self.details = widgets.HTML(value="", layout=widgets.Layout(display="none"))
        self.details.add_class(f"{self.css_class}-details")
        self._renderer = BlitRenderer(self.figure)
        self._frames = FrameCache()
        self._generation = 0
        self.prefetcher = Prefetcher(self._prefetch)
        for control in self.controls.values():
            if hasattr(control, "value"):
                control.observe(self._on_change, names="value")
                control.add_class(FIGURE_CONTROL)  # the keyboard check expects these to move the figure
        self.children = [self.control_box(), self.message, self.image, self.description, self.details]
        self.refresh()

    # --- to implement -------------------------------------------------------------------
    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        raise NotImplementedError

    def compute(self, values: Mapping[str, Any]) -> Any:
        """The model's result for the control values; raise `InvalidInput` on bad input."""
        raise NotImplementedError

    def plot(self, axes: Any, result: Any) -> Any:
        """Draw the first frame on `axes`; return the artists `update` moves."""
        raise NotImplementedError

    def update(self, artists: Any, result: Any) -> None:
        """Move `artists` to show `result` (never create a new figure)."""
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        """One plain sentence saying what the figure shows (screen readers, static version)."""
        raise NotImplementedError

    def details_html(self, result: Any) -> str:
        """Optional HTML shown under the description ('' for none)."""
        return ""

    def warning(self, result: Any) -> str:
        """Optional message for a result that is drawn but needs attention ('' for none)."""
        return ""

    # --- shared behaviour -----------------------------------------------------------------
    def control_box(self) -> widgets.Widget:
        """How the controls are laid out (override for a grid)."""
        return widgets.VBox(list(self.controls.values()))

    def values(self) -> dict[str, Any]:
        """Every control's value, snapped to its step (what the model sees)."""
        return {name: snapped(c, c.value) for name, c in self.controls.items() if hasattr(c, "value")}

    def set_values(self, **values: Any) -> None:
        """Set several controls and refresh once (for tests, presets and the static twin)."""
        with self.hold_trait_notifications():
            for control in self.controls.values():
                control.unobserve(self._on_change, names="value")
            try:
                for name, value in values.items():
                    self.controls[name].value = value
            finally:
                for control in self.controls.values():
                    control.observe(self._on_change, names="value")
        self.refresh()

    def frame_key(self, values: Mapping[str, Any]) -> Hashable:
        return hashable(dict(values))

    def _draw_frame(self, key: Hashable, values: Mapping[str, Any]) -> Frame:
        """Compute, draw and render one state, and memoise it (the cache is shared with the prefetch
        thread, so it is read and written under the renderer's lock only)."""
        result = self.compute(values)
        with self._renderer.lock:
            if self.artists is None:  # the first frame: the base owns the artists from here on
                self.artists = self.plot(self.axes, result)
            else:
                self.update(self.artists, result)
            png = self.render()
            frame = Frame(png, self.describe(result), result, self.warning(result), self.details_html(result))
            self._frames.put(key, frame)
        return frame

    def _on_change(self, change: Any = None) -> None:
        self.refresh()
        owner = change.get("owner") if isinstance(change, Mapping) else None
        name = next((n for n, c in self.controls.items() if c is owner), None)
        if name is not None:
            current = self.values()
            self.prefetcher.schedule([{**current, name: v} for v in self.values_ahead(name)])

    # --- prefetch: the frames a learner is likely to ask for next, drawn while the kernel is idle
    def values_ahead(self, name: str) -> list[Any]:
        """The values of a slider or dropdown, nearest to its current value first (itself excluded)."""
        control = self.controls[name]
        current = snapped(control, control.value)
        options = getattr(control, "_options_values", None)
        if options:
            found = list(options)
        else:
            step, low, high = (getattr(control, k, None) for k in ("step", "min", "max"))
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (step, low, high))
            if isinstance(current, bool) or not numbers or not step:  # e.g. a date box: nothing to draw ahead
                return []
            count = round((control.max - control.min) / step) + 1
            found = [snapped(control, control.min + i * step) if isinstance(current, float)
                     else control.min + i * step for i in range(count)]
        if current not in found:
            return []
        here = found.index(current)
        ahead = sorted((v for v in found if v != current), key=lambda v: abs(found.index(v) - here))
        return ahead[:PREFETCH_LIMIT]

    def neighbour_values(self, name: str) -> list[Any]:
        """The values one step either side of a control's current value."""
        return self.values_ahead(name)[:2]

    def _prefetch(self, values: Mapping[str, Any]) -> None:
        key = self.frame_key(values)
        with self._renderer.lock:
            if key in self._frames:
                return
        try:
            self._draw_frame(key, values)
        except Exception:  # a state that is not allowed is simply not drawn ahead
            log.debug("prefetch skipped %s", values, exc_info=True)

    def refresh(self) -> None:
        """Show the frame for the controls as they are now (memoised or drawn); a message on bad input."""
        self._generation += 1
        generation = self._generation
        with self._renderer.lock:
            if generation != self._generation:  # a newer refresh came in meanwhile: it shows its own
                return
            values = self.values()
            try:
                key = self.frame_key(values)
                frame = self._frames.get(key) or self._draw_frame(key, values)
            except InvalidInput as exc:
                self._show_stale(str(exc))
                return
            except Exception as exc:  # a learner must never meet a traceback
                log.exception("widget update failed")
                self._show_stale(f"Something unexpected went wrong ({type(exc).__name__}). Your settings "
                                 "are kept; change a control to try again, and tell your instructor.")
                return
            if generation == self._generation:  # never show a state superseded while it was drawn
                self._show(frame)

    def _show(self, frame: Frame) -> None:
        png, text, result, warning, details = frame
        self.result = result
        if warning:
            self.show_message(warning)
        else:
            self.clear_message()
        self.image.value = png
        self._shown_text = text
        self.show_description(text)
        self.details.value = details
        self.details.layout.display = "block" if details else "none"

    def _show_stale(self, text: str) -> None:
        """Refused input: say what to do, and mark what is still on screen as the last working state."""
        if self.result is None:
            self.show_message(text)
            return
        self.show_message(f"{text} {STALE_NOTE}")
        self.description.value = (f'<p class="course-description-text course-stale"><b>Last settings '
                                  f"that worked:</b> {html.escape(self._shown_text)}</p>")

    def moving_artists(self) -> list[Artist]:
        """Every artist the plot returned (`self.artists`): redrawn each frame over the background."""
        return list(dict.fromkeys(artists_in(getattr(self, "artists", None))))

    def render(self) -> bytes:
        """The figure as PNG: blitted over a cached background when there are moving artists."""
        moving = self.moving_artists()
        if not moving:
            return render_png(self.figure)
        return self._renderer.render(moving)

    def full_render(self) -> bytes:
        """The figure drawn from scratch, every artist at once, in the layout on screen (to check
        that a blitted frame shows exactly what a full draw would)."""
        with self._renderer.lock:
            engine = self.figure.get_layout_engine()
            self.figure.set_layout_engine("none")
            try:
                return render_png(self.figure)
            finally:
                self.figure.set_layout_engine(engine)

    def forget_frames(self) -> None:
        """Forget every memoised and queued frame (benchmarks: a frame never drawn)."""
        self.prefetcher.cancel()
        self._frames.clear()

    def static_twin(self, presets: list[Mapping[str, Any]]) -> str:
        """HTML figures for a few preset states, for readers with no kernel."""
        saved = {name: c.value for name, c in self.controls.items() if hasattr(c, "value")}
        parts = []
        try:
            for preset in presets:
                self.set_values(**preset)
                png, text = self._frames.get(self.frame_key(self.values()))[:2]
                data = base64.b64encode(png).decode("ascii")
                parts.append(
                    f'<figure class="{self.css_class}-static">'
                    f'<img src="data:image/png;base64,{data}" alt="{html.escape(text)}">'
                    f"<figcaption>{html.escape(text)}</figcaption></figure>"
                )
        finally:
            self.set_values(**saved)
        return "\n".join(parts)
