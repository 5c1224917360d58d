"""Calendar timeline of a session plan: sessions, redness and sun windows, events, conflicts, maintenance.

`plot_plan(ax, plan)` makes every artist once (fixed pools of text labels); `update_plan(artists, plan)`
moves them for a new plan, so a widget never replots. Rows from top to bottom: sessions, expected
redness (hatched ``//``), sun avoidance (hatched ``..``), client events (labelled triangles) and the
maintenance window (hatched ``xx``). A conflict is a dashed vermillion line from the session to the
event plus a text cue: "!" for a hard conflict, "(!)" for a soft one. No file I/O, no clinical rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import matplotlib.dates as mdates
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from course.plots.style import HATCHES, PALETTE, style
from course.time_labels import date_range_label

ROWS = {"sessions": 4, "redness": 3, "sun": 2, "events": 1, "maintenance": 0}
BAR_HALF_HEIGHT = 0.3
MAX_SESSION_LABELS = 24
MAX_EVENT_LABELS = 8
MAX_CONFLICT_LABELS = 24
PAD_DAYS = 10


@dataclass
class PlannerArtists:
    """Everything `update_plan` moves."""

    ax: object
    redness: PolyCollection
    sun: PolyCollection
    maintenance: PolyCollection
    sessions: Line2D
    events: Line2D
    links: Line2D
    session_labels: list[Text]
    event_labels: list[Text]
    conflict_labels: list[Text]
    maintenance_label: Text


def _x(day: dt.date) -> float:
    return float(mdates.date2num(day))


def _bars(spans: list[tuple[dt.date, dt.date]], row: str) -> list[list[tuple[float, float]]]:
    y = ROWS[row]
    low, high = y - BAR_HALF_HEIGHT, y + BAR_HALF_HEIGHT
    return [[(_x(a), low), (_x(b), low), (_x(b), high), (_x(a), high)] for a, b in spans]


def _pool(ax, count: int, **kwargs) -> list[Text]:
    return [ax.text(0, 0, "", visible=False, clip_on=True, **kwargs) for _ in range(count)]


def _show(labels: list[Text], items: list[tuple[float, float, str]]) -> None:
    for label, item in zip(labels, items + [None] * (len(labels) - len(items)), strict=True):
        if item is None:
            label.set_visible(False)
            continue
        label.set_position(item[:2])
        label.set_text(item[2])
        label.set_visible(True)


def plot_plan(ax, plan) -> PlannerArtists:
    """Draw `plan` (a `course.planning.Plan`) on `ax` and return the artists for `update_plan`."""
    s = style()
    small = s.font_size * 0.8

    def collection(colour: str, hatch: str) -> PolyCollection:
        bars = PolyCollection([], facecolors=colour, edgecolors=PALETTE["black"], hatch=hatch,
                              linewidths=0.6, alpha=0.85)
        ax.add_collection(bars)
        return bars

    artists = PlannerArtists(
        ax=ax,
        redness=collection(PALETTE["vermillion"], HATCHES[1]),
        sun=collection(PALETTE["yellow"], HATCHES[2]),
        maintenance=collection(PALETTE["green"], HATCHES[3]),
        sessions=ax.plot([], [], linestyle="none", marker="o", markersize=9, color=PALETTE["blue"])[0],
        events=ax.plot([], [], linestyle="none", marker="v", markersize=9, color=PALETTE["purple"])[0],
        links=ax.plot([], [], linestyle="--", linewidth=s.line_width, color=PALETTE["vermillion"])[0],
        session_labels=_pool(ax, MAX_SESSION_LABELS, fontsize=small, ha="center", va="bottom"),
        event_labels=_pool(ax, MAX_EVENT_LABELS, fontsize=small, ha="left", va="center", zorder=5,
                           bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1}),
        conflict_labels=_pool(ax, MAX_CONFLICT_LABELS, fontsize=s.font_size * 1.1, ha="left",
                              va="center", color=PALETTE["vermillion"], fontweight="bold",
                              bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5}),
        maintenance_label=ax.text(1.0, ROWS["maintenance"], "", transform=ax.get_yaxis_transform(),
                                  ha="right", va="center", fontsize=small,
                                  bbox={"facecolor": "white", "edgecolor": PALETTE["green"], "pad": 2}),
    )
    ax.set_yticks(list(ROWS.values()), ["sessions", "redness", "sun avoidance", "client events",
                                        "maintenance"])
    ax.set_ylim(-0.7, 4.9)
    ax.set_xlabel("date")
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color=PALETTE["grey"], alpha=0.3)
    ax.legend(handles=[
        Patch(facecolor=PALETTE["vermillion"], hatch=HATCHES[1], edgecolor="black", label="expected redness"),
        Patch(facecolor=PALETTE["yellow"], hatch=HATCHES[2], edgecolor="black", label="avoid direct sun"),
        Patch(facecolor=PALETTE["green"], hatch=HATCHES[3], edgecolor="black", label="maintenance window"),
        Line2D([], [], linestyle="--", color=PALETTE["vermillion"], label="conflict (! hard, (!) soft)"),
    ], loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=small, frameon=False)
    update_plan(artists, plan)
    return artists


def update_plan(artists: PlannerArtists, plan) -> None:
    """Move every artist to show `plan`; nothing is created or removed."""
    sessions = plan.sessions
    artists.redness.set_verts(_bars([(x.date, x.redness_end) for x in sessions], "redness"))
    artists.sun.set_verts(_bars([(x.date, x.sun_avoid_end) for x in sessions], "sun"))
    maintenance_end = plan.maintenance_to + dt.timedelta(days=1)
    artists.maintenance.set_verts(_bars([(plan.maintenance_from, maintenance_end)], "maintenance"))
    artists.sessions.set_data([_x(x.date) for x in sessions], [ROWS["sessions"]] * len(sessions))
    events = plan.request.events
    artists.events.set_data([_x(e.date) for e in events], [ROWS["events"]] * len(events))
    xs: list[float] = []
    ys: list[float] = []
    for conflict in plan.conflicts:
        xs += [_x(conflict.session_date), _x(conflict.event.date), float("nan")]
        ys += [ROWS["sessions"], ROWS["events"], float("nan")]
    artists.links.set_data(xs, ys)
    _show(artists.session_labels, [(_x(x.date), ROWS["sessions"] + 0.25, str(x.number)) for x in sessions])
    # beside their marker, every other one a little higher so neighbours never print over each other
    _show(artists.event_labels, [(_x(e.date) + 2, ROWS["events"] + 0.3 * (i % 2), e.name)
                                 for i, e in enumerate(events)])
    _show(artists.conflict_labels, [(_x(c.session_date) + 3, ROWS["sessions"] - 0.1,
                                     "!" if c.level == "hard" else "(!)") for c in plan.conflicts])
    # The axis spans the series and the client's events; the maintenance window, months later,
    # is named at the right edge instead of squeezing the series into a corner.
    days = [sessions[0].date, *(x.sun_avoid_end for x in sessions), *(e.date for e in events)]
    right = max(days) + dt.timedelta(days=PAD_DAYS)
    artists.ax.set_xlim(_x(min(days)) - PAD_DAYS, _x(right))
    beyond = plan.maintenance_from > right
    artists.maintenance_label.set_text(
        f"maintenance {date_range_label(plan.maintenance_from, plan.maintenance_to)} →" if beyond else "")
    artists.maintenance_label.set_visible(beyond)
