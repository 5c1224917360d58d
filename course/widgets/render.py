"""The pure renderer behind every figure widget: a matplotlib figure -> PNG bytes, fast.

`BlitRenderer` draws the static parts of a figure (axes, ticks, tick labels, legend) once into
a background and, for each frame, redraws only the moving artists over it; any change to what
the background shows (limits, ticks, tick-label text or style, titles, size) redraws it.
`FrameCache` memoises frames per control state. Nothing here knows about widgets or the kernel.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

MAX_FRAMES = 512  # memoised frames per widget; a frame is ~15–20 kB of PNG
MAX_BACKGROUNDS = 32  # static backgrounds kept per figure (one per set of labels, limits …), ~1 MB each
PNG_LEVEL = 1  # fastest zlib level
# Frames go out as 128-colour palette PNGs: the course's figures use a few flat colours plus
# anti-aliasing, so the largest error is ~15/255 (invisible), and frames are ~2.5x smaller than RGB
# PNGs (less to send and to decode in the browser) for about the same encoding time.
PALETTE_COLOURS = 128


def render_png(figure: Figure) -> bytes:
    """The whole figure drawn from scratch (layout included) as PNG bytes at its own dpi."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    return buffer.getvalue()


def encode_png(rgba: np.ndarray) -> bytes:
    """An RGBA pixel array (height × width × 4, opaque) as a compact palette PNG, fast."""
    image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB").quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_LEVEL, optimize=False)
    return buffer.getvalue()


def pixels(png: bytes) -> np.ndarray:
    """PNG bytes as an RGB array as a page shows it (transparent parts over white; int16, so
    differences do not wrap)."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    page = Image.new("RGBA", image.size, "white")
    page.alpha_composite(image)
    return np.asarray(page.convert("RGB"), dtype=np.int16)


def differing_share(one: bytes, other: bytes, tolerance: int = 60) -> float:
    """Share of pixels that differ between two frames of the same size, forgiving a 1-pixel shift
    (a full render re-runs the layout engine, which may move text by a pixel). 1.0 if sizes differ."""
    a, b = pixels(one), pixels(other)
    if a.shape != b.shape:
        return 1.0
    diff = np.abs(a - b).max(axis=-1)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            shifted = np.roll(np.roll(b, dy, axis=0), dx, axis=1)
            diff = np.minimum(diff, np.abs(a - shifted).max(axis=-1))
    return float((diff > tolerance).mean())


def artists_in(container: Any) -> Iterator[Artist]:
    """Every matplotlib artist inside a plot helper's return value (dataclass, dict, list)."""
    if isinstance(container, Axes | Figure):  # containers, not moving parts
        return
    if isinstance(container, Artist):
        yield container
    elif dataclasses.is_dataclass(container) and not isinstance(container, type):
        for fld in dataclasses.fields(container):
            yield from artists_in(getattr(container, fld.name))
    elif isinstance(container, Mapping):
        for value in container.values():
            yield from artists_in(value)
    elif isinstance(container, list | tuple):
        for value in container:
            yield from artists_in(value)


def _text_look(text: Any) -> tuple:
    return (text.get_text(), text.get_fontweight(), text.get_color(), text.get_fontstyle(),
            text.get_visible(), text.get_alpha())


class BlitRenderer:
    """Render a figure to PNG, redrawing only its moving artists over a cached background.

    Thread-safe: one lock guards the figure, so two callers can never mix their states.
    """

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.lock = threading.RLock()
        self._backgrounds: OrderedDict[Hashable, Any] = OrderedDict()
        self._laid_out: Any = None  # the size and dpi the figure was laid out for

    def static_signature(self, moving: list[Artist] = ()) -> Hashable:
        """What the background shows besides the moving artists: size, limits, ticks, the text and
        style of every tick label and title, and each legend that does not move."""
        parts: list[Hashable] = [tuple(self.figure.get_size_inches()), self.figure.dpi]
        for ax in self.figure.axes:
            parts += [ax.get_xlim(), ax.get_ylim(), tuple(ax.get_xticks()), tuple(ax.get_yticks()),
                      ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_visible()]
            for axis in (ax.xaxis, ax.yaxis):
                parts += [_text_look(t) for t in axis.get_ticklabels()]
            legend = ax.get_legend()
            if legend is not None and legend not in moving:
                parts += [id(legend), *(_text_look(t) for t in legend.get_texts())]
        return tuple(parts)

    def invalidate(self) -> None:
        """Forget every background and lay the figure out again (after its size changed)."""
        self._backgrounds.clear()
        self._laid_out = None

    def _draw_background(self, moving: list[Artist]) -> Any:
        # The first time, lay out with everything visible (legends and labels claim their space);
        # then draw the background without the moving artists and never move anything again, so
        # every cached background and every frame share one layout.
        size = (tuple(self.figure.get_size_inches()), self.figure.dpi)
        if self._laid_out != size:  # first frame, or the figure was resized
            self._backgrounds.clear()
            self.canvas.draw()
            self._laid_out = size
        engine = self.figure.get_layout_engine()
        self.figure.set_layout_engine("none")
        shown = [(a, a.get_visible()) for a in moving]
        try:
            for artist, _ in shown:
                artist.set_visible(False)
            self.canvas.draw()
            return self.canvas.copy_from_bbox(self.figure.bbox)
        finally:
            for artist, visible in shown:
                artist.set_visible(visible)
            self.figure.set_layout_engine(engine)

    def render(self, moving: list[Artist]) -> bytes:
        """The current state as PNG: the moving artists (by z-order) over the background."""
        with self.lock:
            signature = self.static_signature(moving)
            background = self._backgrounds.get(signature)
            if background is None:
                background = self._backgrounds[signature] = self._draw_background(moving)
                if len(self._backgrounds) > MAX_BACKGROUNDS:
                    self._backgrounds.popitem(last=False)
            else:
                self._backgrounds.move_to_end(signature)
                self.canvas.restore_region(background)
            renderer = self.canvas.get_renderer()
            for artist in sorted(moving, key=lambda a: a.get_zorder()):
                artist.draw(renderer)
            return encode_png(np.asarray(self.canvas.buffer_rgba()))


class FrameCache:
    """Frames memoised per control state, oldest dropped first (at most `size`)."""

    def __init__(self, size: int = MAX_FRAMES) -> None:
        self.size = size
        self._frames: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        frame = self._frames.get(key)
        if frame is not None:
            self._frames.move_to_end(key)
        return frame

    def put(self, key: Hashable, frame: Any) -> None:
        self._frames[key] = frame
        if len(self._frames) > self.size:
            self._frames.popitem(last=False)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._frames

    def __len__(self) -> int:
        return len(self._frames)

    def clear(self) -> None:
        self._frames.clear()


def hashable(value: Any) -> Hashable:
    """A control state as a dictionary key (lists, tuples and dicts made hashable)."""
    if isinstance(value, list | tuple):
        return tuple(hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, hashable(v)) for k, v in value.items()))
    return value




class Prefetcher:
    """Draw frames a learner is likely to ask for next, one per idle tick of the event loop.

    `schedule(states)` waits until the learner pauses (`delay_s`; every new call restarts the
    wait, so a held-down key is never slowed), then calls `draw(state)` for each state in order,
    yielding `gap_s` between them. Without a running event loop it does nothing.
    """

    def __init__(self, draw: Any, delay_s: float = 0.12, gap_s: float = 0.005) -> None:
        self.draw = draw
        self.delay_s, self.gap_s = delay_s, gap_s
        self.queue: list[Any] = []
        self._handle: asyncio.TimerHandle | None = None

    def schedule(self, states: list[Any]) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python, tests: nothing to prefetch into
            return
        self.cancel()
        self.queue = list(states)
        self._handle = loop.call_later(self.delay_s, self._next, loop)

    def cancel(self) -> None:
        """Forget what is queued (a newer press, or a benchmark that wants cold frames)."""
        self.queue = []
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _next(self, loop: asyncio.AbstractEventLoop) -> None:
        self._handle = None
        if self.queue:
            self.draw(self.queue.pop(0))
        if self.queue:
            self._handle = loop.call_later(self.gap_s, self._next, loop)
