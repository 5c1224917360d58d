"""Calendar timeline of a session plan: sessions, redness and sun windows, events, conflicts, maintenance.

`plot_plan(ax, plan)` makes every artist once (fixed pools of text labels); `update_plan(artists, plan)`
moves them for a new plan, so a widget never replots. Rows from top to bottom: sessions, expected
redness (hatched ``//``), sun avoidance (hatched ``..``), the client's events and the maintenance
window (hatched ``xx``). An event of one day is a triangle; a longer one a bar (hatched ``\\\\``)
from its first to its last day. Each event's name stands right of it in a lane of its own, so no
label sits under another artist; `figure_height_in(plan)` grows the figure with the lanes. A
conflict is a dashed vermillion line from the session to the event plus a text cue: "!" for a
hard conflict, "(!)" for a soft one. No file I/O, no clinical rule.
"""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from dataclasses import dataclass

import matplotlib.dates as mdates
from matplotlib.collections import PolyCollection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.textpath import TextToPath

from course.plots.style import HATCHES, PALETTE, Style, style
from course.time_labels import date_range_label

BAR_HALF_HEIGHT = 0.3
MAX_SESSION_LABELS = 24
MAX_EVENT_LABELS = 24
MAX_CONFLICT_LABELS = 24
MAX_EVENT_LANES = 8  # more events than this share lanes (packed so they overlap as little as they can)
PAD_DAYS = 10
LABEL_SIZE = 0.8  # labels' font size, as a share of the style's
LABEL_WRAP_CHARS = 24  # a long event name wraps onto a second line, then ends in "…" (the list shows it all)
# Sizes in ems of the style's font size, so presentation mode scales them with the text:
ROW_EM = 2.9  # one row of the timeline (0.4 in at 10 pt)
FRAME_EM = 8.6  # legend above, date axis below and margins (1.2 in at 10 pt)
AXES_MARGIN_EM = 10.0  # row names left of the axes and the right margin (an estimate on the safe side)
LABEL_GAP_EM = {"span": 0.4, "day": 0.9}  # between an event's bar (or the middle of its marker) and its name
TEXT_WIDTH_SLACK = 1.12  # rendered text is up to ~8% wider than its outline at screen dpi
MIN_HEIGHT_IN, MAX_HEIGHT_IN = 3.4, 7.6  # at 10 pt; scaled with the font like the rows
FIXED_ROWS = 4  # sessions, redness, sun avoidance, maintenance
Y_PAD = (0.7, 0.9)  # below the maintenance row, above the session numbers


@dataclass(frozen=True)
class EventPlace:
    """Where one client event is drawn: its lane (0 at the top) and the name shown beside it."""

    event: object  # a `course.planning.ClientEvent`
    lane: int
    text: str
    label_x: float  # where the name starts (date number)


@dataclass(frozen=True)
class PlanLayout:
    """The lanes the events need and the date range shown (matplotlib date numbers)."""

    lanes: int
    events: tuple[EventPlace, ...]
    left: float
    right: float


@dataclass
class PlannerArtists:
    """Everything `update_plan` moves (`font_size` is the style's size the figure was made with)."""

    ax: object
    font_size: float
    redness: PolyCollection
    sun: PolyCollection
    maintenance: PolyCollection
    event_spans: PolyCollection
    sessions: Line2D
    events: Line2D
    links: Line2D
    session_labels: list[Text]
    event_labels: list[Text]
    conflict_labels: list[Text]
    maintenance_label: Text


def _x(day: dt.date) -> float:
    return float(mdates.date2num(day))


def _after(day: dt.date) -> float:
    """The end of `day` (the start of the next), so a bar to here covers `day`."""
    return _x(day + dt.timedelta(days=1))


def event_name(event) -> str:
    """The name drawn beside an event: wrapped onto at most two lines."""
    lines = textwrap.wrap(event.name, LABEL_WRAP_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WRAP_CHARS, placeholder=" …")]
    return "\n".join(lines)


@functools.lru_cache(maxsize=256)
def _text_width_in(text: str, font_size: float) -> float:
    font = FontProperties(size=font_size)
    widest = max(TextToPath().get_text_width_height_descent(line, font, ismath=False)[0]
                 for line in text.split("\n"))
    return widest * TEXT_WIDTH_SLACK / 72


def _axes_width_in(width_in: float, font_size: float) -> float:
    return width_in - AXES_MARGIN_EM * font_size / 72


def _event_end(event) -> float:
    return _after(event.end_date) if event.end_date > event.date else _x(event.date)


def plan_layout(plan, width_in: float, font_size: float) -> PlanLayout:
    """Lanes for the events (each name right of its event, never over another) and the x range."""
    em_in = font_size / 72
    sessions, events = plan.sessions, sorted(plan.request.events, key=lambda e: (e.date, e.end_date))
    left = _x(min([sessions[0].date, *(e.date for e in events)])) - PAD_DAYS
    right = _x(max([*(x.sun_avoid_end for x in sessions), *(e.end_date for e in events)])) + PAD_DAYS
    axes_in = _axes_width_in(width_in, font_size)
    texts = [event_name(e) for e in events]
    # share of the axes each name takes (with its gap); the right edge moves out until every name fits
    gaps = [LABEL_GAP_EM["span" if e.end_date > e.date else "day"] * em_in / axes_in for e in events]
    shares = [min(0.6, _text_width_in(t, font_size * LABEL_SIZE) / axes_in + gap)
              for t, gap in zip(texts, gaps, strict=True)]
    for event, share in zip(events, shares, strict=True):
        right = max(right, (_event_end(event) - share * left) / (1 - share))
    lane_ends: list[float] = []
    placed = []
    for event, text, share, gap in zip(events, texts, shares, gaps, strict=True):
        start, end = _x(event.date), _event_end(event) + share * (right - left)
        free = [i for i, taken in enumerate(lane_ends) if taken + gap * (right - left) < start]
        if free:
            lane = free[0]
        elif len(lane_ends) < MAX_EVENT_LANES:
            lane = len(lane_ends)
            lane_ends.append(end)
        else:  # every lane busy: the one that frees up first
            lane = min(range(len(lane_ends)), key=lane_ends.__getitem__)
        lane_ends[lane] = max(lane_ends[lane], end)
        placed.append(EventPlace(event, lane, text, _event_end(event) + gap * (right - left)))
    return PlanLayout(max(1, len(lane_ends)), tuple(placed), left, right)


def figure_height_in(plan, width_in: float | None = None, font_size: float | None = None) -> float:
    """The figure's height for `plan`: a row per lane of events plus the fixed rows, within bounds."""
    s = style()
    font_size = font_size or s.font_size
    lanes = plan_layout(plan, width_in or s.width_in, font_size).lanes
    em_in, scale = font_size / 72, font_size / Style().font_size  # bounds are for the desk size
    height = FRAME_EM * em_in + (FIXED_ROWS + lanes + sum(Y_PAD)) * ROW_EM * em_in
    return min(max(height, MIN_HEIGHT_IN * scale), MAX_HEIGHT_IN * scale)


def rows(lanes: int) -> dict[str, float]:
    """Each row's y: maintenance at 0, the event lanes above it, then sun, redness and sessions."""
    return {"sessions": lanes + 3, "redness": lanes + 2, "sun": lanes + 1, "events": (lanes + 1) / 2,
            "maintenance": 0}


def _lane_y(lanes: int, lane: int) -> float:
    return lanes - lane


def _bars(spans: list[tuple[float, float]], y: float) -> list[list[tuple[float, float]]]:
    low, high = y - BAR_HALF_HEIGHT, y + BAR_HALF_HEIGHT
    return [[(a, low), (b, low), (b, high), (a, high)] for a, b in spans]


def _pool(ax, count: int, **kwargs) -> list[Text]:
    return [ax.text(0, 0, "", visible=False, clip_on=True, **kwargs) for _ in range(count)]


def _show(labels: list[Text], items: list[tuple[float, float, str]]) -> None:
    for label, item in zip(labels, items[:len(labels)] + [None] * (len(labels) - len(items)), strict=True):
        if item is None:
            label.set_visible(False)
            continue
        label.set_position(item[:2])
        label.set_text(item[2])
        label.set_visible(True)


def plot_plan(ax, plan) -> PlannerArtists:
    """Draw `plan` (a `course.planning.Plan`) on `ax` and return the artists for `update_plan`."""
    s = style()
    small = s.font_size * LABEL_SIZE

    def collection(colour: str, hatch: str) -> PolyCollection:
        bars = PolyCollection([], facecolors=colour, edgecolors=PALETTE["black"], hatch=hatch,
                              linewidths=0.6, alpha=0.85)
        ax.add_collection(bars)
        return bars

    artists = PlannerArtists(
        ax=ax, font_size=s.font_size,
        redness=collection(PALETTE["vermillion"], HATCHES[1]),
        sun=collection(PALETTE["yellow"], HATCHES[2]),
        maintenance=collection(PALETTE["green"], HATCHES[3]),
        event_spans=collection(PALETTE["purple"], HATCHES[4]),
        sessions=ax.plot([], [], linestyle="none", marker="o", markersize=9, color=PALETTE["blue"])[0],
        events=ax.plot([], [], linestyle="none", marker="v", markersize=9, color=PALETTE["purple"],
                       markeredgecolor=PALETTE["black"], markeredgewidth=0.6)[0],
        links=ax.plot([], [], linestyle="--", linewidth=s.line_width, color=PALETTE["vermillion"])[0],
        session_labels=_pool(ax, MAX_SESSION_LABELS, fontsize=small, ha="center", va="bottom"),
        # names stand right of their event in its own lane, above any conflict line crossing the lane
        event_labels=_pool(ax, MAX_EVENT_LABELS, fontsize=small, ha="left", va="center", zorder=5,
                           linespacing=1.0, in_layout=False,
                           bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1}),
        conflict_labels=_pool(ax, MAX_CONFLICT_LABELS, fontsize=s.font_size * 1.1, ha="left",
                              va="center", color=PALETTE["vermillion"], fontweight="bold",
                              bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5}),
        maintenance_label=ax.text(1.0, 0, "", transform=ax.get_yaxis_transform(),
                                  ha="right", va="center", fontsize=small,
                                  bbox={"facecolor": "white", "edgecolor": PALETTE["green"], "pad": 2}),
    )
    ax.set_xlabel("date")
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color=PALETTE["grey"], alpha=0.3)
    ax.legend(handles=[
        Patch(facecolor=PALETTE["vermillion"], hatch=HATCHES[1], edgecolor="black", label="expected redness"),
        Patch(facecolor=PALETTE["yellow"], hatch=HATCHES[2], edgecolor="black", label="avoid direct sun"),
        Patch(facecolor=PALETTE["green"], hatch=HATCHES[3], edgecolor="black", label="maintenance window"),
        Line2D([], [], linestyle="none", marker="v", markersize=8, color=PALETTE["purple"],
               markeredgecolor="black", markeredgewidth=0.6, label="client event (one day)"),
        Patch(facecolor=PALETTE["purple"], hatch=HATCHES[4], edgecolor="black",
              label="client event (first to last day)"),
        Line2D([], [], linestyle="--", color=PALETTE["vermillion"], label="conflict (! hard, (!) soft)"),
    ], loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, fontsize=small, frameon=False)
    update_plan(artists, plan)
    return artists


def update_plan(artists: PlannerArtists, plan) -> None:
    """Move every artist to show `plan`; nothing is created or removed."""
    ax, sessions = artists.ax, plan.sessions
    layout = plan_layout(plan, ax.figure.get_figwidth(), artists.font_size)
    y = rows(layout.lanes)
    ax.set_yticks([y[name] for name in ("sessions", "redness", "sun", "events", "maintenance")],
                  ["sessions", "redness", "sun avoidance", "client events", "maintenance"])
    ax.set_ylim(-Y_PAD[0], y["sessions"] + Y_PAD[1])
    artists.redness.set_verts(_bars([(_x(x.date), _x(x.redness_end)) for x in sessions], y["redness"]))
    artists.sun.set_verts(_bars([(_x(x.date), _x(x.sun_avoid_end)) for x in sessions], y["sun"]))
    artists.maintenance.set_verts(_bars([(_x(plan.maintenance_from), _after(plan.maintenance_to))], 0))
    artists.sessions.set_data([_x(x.date) for x in sessions], [y["sessions"]] * len(sessions))
    placed = [(p.event, _lane_y(layout.lanes, p.lane), p) for p in layout.events]
    artists.event_spans.set_verts([bar for e, lane, _ in placed if e.end_date > e.date
                                   for bar in _bars([(_x(e.date), _after(e.end_date))], lane)])
    days = [(_x(e.date), lane) for e, lane, _ in placed if e.end_date == e.date]
    artists.events.set_data([x for x, _ in days], [lane for _, lane in days])
    _show(artists.event_labels, [(p.label_x, lane, p.text) for _, lane, p in placed])
    xs: list[float] = []
    ys: list[float] = []
    for conflict in plan.conflicts:
        event = conflict.event  # the line meets the event on its day nearest the session
        touch = min(max(conflict.session_date, event.date), event.end_date)
        lane = next((lane for e, lane, _ in placed if e == event), y["events"])
        xs += [_x(conflict.session_date), _x(touch), float("nan")]
        ys += [y["sessions"], lane, float("nan")]
    artists.links.set_data(xs, ys)
    _show(artists.session_labels, [(_x(x.date), y["sessions"] + 0.25, str(x.number)) for x in sessions])
    _show(artists.conflict_labels, [(_x(c.session_date) + 3, y["sessions"] - 0.1,
                                     "!" if c.level == "hard" else "(!)") for c in plan.conflicts])
    # The axis spans the series and the client's events; the maintenance window, months later,
    # is named at the right edge instead of squeezing the series into a corner.
    ax.set_xlim(layout.left, layout.right)
    beyond = _x(plan.maintenance_from) > layout.right
    artists.maintenance_label.set_text(
        f"maintenance {date_range_label(plan.maintenance_from, plan.maintenance_to)} →" if beyond else "")
    artists.maintenance_label.set_visible(beyond)

