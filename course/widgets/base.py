"""The base every figure widget shares: controls -> model -> plot -> PNG in an `Image`.

Why PNG through `widgets.Image`: one `Figure` is made once and its artists are moved; the
frame is rendered to PNG bytes and sent as binary. The recipe in shared/browser-testing.md measured
about 30 ms from key press to screen this way, against 120–170 ms for a new figure per change in an
`Output` and about 140 ms for ipympl; `make bench` measures ours (README, Performance). The PNG
also survives export to slides and static HTML. Frames are memoised per control state, so
revisiting a value is instant.

Cold frames (a value not seen yet) are drawn by blitting: the static parts of the figure (axes,
ticks, labels, legend) are rendered once into a background, and each update redraws only the
artists the plot helpers returned (`self.artists`), which cuts a frame from ~150 ms to a few tens
of ms on our machines. Any change to axis limits, ticks or labels re-renders the background.

Bad input never shows a traceback: `InvalidInput` from the model becomes an inline message
with its fix, the previous figure and result stay, and the controls keep what was entered.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import html
import io
import logging
import re
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping
from typing import Any, ClassVar

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from course.errors import InvalidInput

log = logging.getLogger(__name__)

MAX_FRAMES = 512  # memoised frames per widget; a frame is ~20–40 kB of PNG
# Prefetch waits until the learner pauses (a held-down arrow key sends presses faster than this),
# so it never delays a press; then it draws one neighbour at a time, yielding between them.
PREFETCH_DELAY_S = 0.12
PREFETCH_GAP_S = 0.01


def render_png(figure: Figure) -> bytes:
    """The figure as PNG bytes at its own dpi."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    return buffer.getvalue()


def _artists_in(container: Any) -> Iterator[Artist]:
    """Every matplotlib artist inside a plot helper's return value (dataclass, dict, list)."""
    if isinstance(container, Axes | Figure):  # containers, not moving parts
        return
    if isinstance(container, Artist):
        yield container
    elif dataclasses.is_dataclass(container) and not isinstance(container, type):
        for fld in dataclasses.fields(container):
            yield from _artists_in(getattr(container, fld.name))
    elif isinstance(container, Mapping):
        for value in container.values():
            yield from _artists_in(value)
    elif isinstance(container, list | tuple):
        for value in container:
            yield from _artists_in(value)


class BlitRenderer:
    """Render a figure to PNG, redrawing only its moving artists over a cached background."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self._background: Any = None
        self._signature: Hashable = None

    def _static_signature(self) -> Hashable:
        """What the background shows besides the moving artists: limits, ticks, labels, size."""
        parts: list[Hashable] = [tuple(self.figure.get_size_inches()), self.figure.dpi]
        for ax in self.figure.axes:
            parts += [ax.get_xlim(), ax.get_ylim(), tuple(ax.get_xticks()), tuple(ax.get_yticks()),
                      ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_visible()]
        return tuple(parts)

    def render(self, moving: list[Artist]) -> bytes:
        signature = self._static_signature()
        if self._background is None or signature != self._signature:
            # Lay out with everything visible (legends and labels claim their space), then draw
            # the background without the moving artists and without moving anything else.
            self.canvas.draw()
            engine = self.figure.get_layout_engine()
            self.figure.set_layout_engine("none")
            shown = [(a, a.get_visible()) for a in moving]
            try:
                for artist, _ in shown:
                    artist.set_visible(False)
                self.canvas.draw()
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
                self._signature = self._static_signature()
            finally:
                for artist, visible in shown:
                    artist.set_visible(visible)
                self.figure.set_layout_engine(engine)
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in sorted(moving, key=lambda a: a.get_zorder()):
            artist.draw(renderer)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)  # fast zlib; ~40 kB a frame
        return buffer.getvalue()


def _hashable(value: Any) -> Hashable:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


class FigureWidget(widgets.VBox):
    """Controls above, an inline message, the figure, and a one-sentence description.

    Subclasses set `css_class` and implement `make_controls`, `make_figure`, `compute`,
    `draw` and `describe`. `.result` is the model output currently on screen.
    """

    css_class: ClassVar[str] = "course-widget"
    blit: ClassVar[bool] = True  # False: a subclass whose draw() changes what the background shows

    def __init__(self, **initial: Any) -> None:
        self.controls: dict[str, widgets.Widget] = self.make_controls(**initial)
        self.figure, self.axes = self.make_figure()
        self.result: Any = None
        self.message = widgets.HTML(value="", layout=widgets.Layout(display="none"))
        self.message.add_class(f"{self.css_class}-message")
        self.message.add_class("course-message")
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.image.add_class(f"{self.css_class}-figure")
        self.description = widgets.HTML(value="")
        self.description.add_class(f"{self.css_class}-description")
        self.description.add_class("course-description")
        self._frames: OrderedDict[Hashable, tuple[bytes, str, Any]] = OrderedDict()
        self._prefetch_queue: list[dict[str, Any]] = []
        self._prefetch_handle: asyncio.TimerHandle | None = None
        for control in self.controls.values():
            if hasattr(control, "value"):
                control.observe(self._on_change, names="value")
        super().__init__(children=[self.control_box(), self.message, self.image, self.description])
        self.add_class("course-widget")
        self.add_class(self.css_class)
        self.refresh()

    # --- to implement -------------------------------------------------------------------
    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        raise NotImplementedError

    def make_figure(self) -> tuple[Figure, Any]:
        raise NotImplementedError

    def compute(self, **values: Any) -> Any:
        """Call the domain model with the control values; raise `InvalidInput` on bad input."""
        raise NotImplementedError

    def draw(self, result: Any) -> None:
        """Move the existing artists to show `result` (never create a new figure)."""
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        """One plain sentence saying what the figure shows (screen readers, static version)."""
        raise NotImplementedError

    # --- shared behaviour -----------------------------------------------------------------
    def control_box(self) -> widgets.Widget:
        """How the controls are laid out (override for a grid)."""
        return widgets.VBox(list(self.controls.values()))

    def values(self) -> dict[str, Any]:
        return {name: c.value for name, c in self.controls.items() if hasattr(c, "value")}

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
        return _hashable(dict(values))

    def _draw_frame(self, key: Hashable, values: Mapping[str, Any]) -> tuple[bytes, str, Any]:
        """Compute, draw and render one state, and memoise it (oldest frames go first)."""
        result = self.compute(**values)
        self.draw(result)
        frame = (self.render(), self.describe(result), result)
        self._frames[key] = frame
        if len(self._frames) > MAX_FRAMES:
            self._frames.popitem(last=False)
        return frame

    def _on_change(self, change: Any = None) -> None:
        self.refresh()
        owner = change.get("owner") if isinstance(change, Mapping) else None
        name = next((n for n, c in self.controls.items() if c is owner), None)
        if name is not None:
            self._schedule_prefetch(name)

    # --- prefetch: draw the frames a learner is likely to ask for next while the kernel is idle ---
    def neighbour_values(self, name: str) -> list[Any]:
        """The values one step either side of a control's current value (sliders, dropdowns)."""
        control = self.controls[name]
        options = getattr(control, "_options_values", None)
        if options:
            i = list(options).index(control.value) if control.value in options else None
            return [] if i is None else [options[j] for j in (i + 1, i - 1) if 0 <= j < len(options)]
        step = getattr(control, "step", None)
        if isinstance(control.value, bool) or not isinstance(step, int | float) or not step:
            return []
        found = []
        for value in (control.value + step, control.value - step):
            if control.min <= value <= control.max:
                found.append(round(value, 10) if isinstance(value, float) else value)
        return found

    def _schedule_prefetch(self, name: str) -> None:
        """Queue the neighbours of the control just moved; render them one per idle tick."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): nothing to prefetch into
            return
        current = self.values()
        self._prefetch_queue = [{**current, name: v} for v in self.neighbour_values(name)]
        if self._prefetch_handle is not None:  # a newer press: start the idle wait again
            self._prefetch_handle.cancel()
        self._prefetch_handle = loop.call_later(PREFETCH_DELAY_S, self._prefetch_one, loop)

    def _prefetch_one(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self._prefetch_queue:
            return
        values = self._prefetch_queue.pop(0)
        key = self.frame_key(values)
        if key not in self._frames:
            try:
                self._draw_frame(key, values)
            except Exception:  # a neighbour that is not allowed is simply not prefetched
                log.debug("prefetch skipped %s", values, exc_info=True)
        self._prefetch_handle = None
        if self._prefetch_queue:
            self._prefetch_handle = loop.call_later(PREFETCH_GAP_S, self._prefetch_one, loop)

    def refresh(self) -> None:
        """Recompute (or reuse a memoised frame) and show it; show a message on bad input."""
        values = self.values()
        try:
            key = self.frame_key(values)
            frame = self._frames.get(key)
            if frame is None:
                frame = self._draw_frame(key, values)
            else:
                self._frames.move_to_end(key)
        except InvalidInput as exc:
            self.show_message(str(exc))
            return
        except Exception as exc:  # a learner must never meet a traceback
            log.exception("widget update failed")
            self.show_message(
                f"Something unexpected went wrong ({type(exc).__name__}: {exc}). Your settings "
                "are kept; change a control to try again, and tell your instructor."
            )
            return
        png, text, result = frame
        self.clear_message()
        self.result = result
        self.image.value = png
        self.description.value = f'<p class="course-description-text">{html.escape(text)}</p>'

    def moving_artists(self) -> list[Artist]:
        """The artists `draw()` updates: by default every artist the plot helper returned."""
        container = getattr(self, "artists", None) or getattr(self, "_artists", None)
        return list(dict.fromkeys(_artists_in(container)))

    def render(self) -> bytes:
        """The figure as PNG: blitted over a cached background when the plot allows it."""
        moving = self.moving_artists() if self.blit else []
        if not moving:
            return render_png(self.figure)
        if getattr(self, "_blitter", None) is None or self._blitter.figure is not self.figure:
            self._blitter = BlitRenderer(self.figure)
        return self._blitter.render(moving)

    def show_message(self, text: str) -> None:
        self.message.value = (
            '<div class="course-message-text" role="alert" style="border-left:4px solid '
            '#D55E00;padding:4px 8px;background:#fff4ec;color:#222">'
            f"<b>Check your input:</b> {html.escape(text)}</div>"
        )
        self.message.layout.display = "block"

    def clear_message(self) -> None:
        self.message.value = ""
        self.message.layout.display = "none"

    @property
    def message_text(self) -> str:
        """The inline message without markup ('' when there is none)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.message.value)).replace(
            "Check your input: ", "", 1)

    def static_twin(self, presets: list[Mapping[str, Any]]) -> str:
        """HTML figures for a few preset states, for readers with no kernel."""
        saved = self.values()
        parts = []
        try:
            for preset in presets:
                self.set_values(**preset)
                png, text, _ = self._frames[self.frame_key(self.values())]
                data = base64.b64encode(png).decode("ascii")
                parts.append(
                    f'<figure class="{self.css_class}-static">'
                    f'<img src="data:image/png;base64,{data}" alt="{html.escape(text)}">'
                    f"<figcaption>{html.escape(text)}</figcaption></figure>"
                )
        finally:
            self.set_values(**saved)
        return "\n".join(parts)
