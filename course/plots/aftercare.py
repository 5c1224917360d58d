"""Gantt-style aftercare timeline: one row per step over the first 14 days, a marker for 'now'.

Do and avoid differ by colour, hatch and a text prefix ("DO" / "AVOID"); the sources' range
for when a step ends is a lighter extension and a thin whisker; steps that do not apply to this
client are greyed and say so across their row. Row names (bold: applies now) wrap rather than
being cut. The time axis is symlog
so the first hours are readable.
"""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from course.aftercare import AftercareSnapshot, StepWindow, hours_label
from course.plots.style import PALETTE, style

TICKS_H = (0, 4, 12, 24, 48, 72, 168, 336)
TICK_LABELS = ("0", "4 h", "12 h", "1 d", "2 d", "3 d", "1 wk", "2 wk")
LABEL_CHARS = 30  # a row name wraps onto a second line after this many characters
LABELS_Z = 6  # row names and notes above the bars
AftercareArtists = dict[str, Any]
CUES = {
    "do": {"color": PALETTE["blue"], "hatch": "", "prefix": "DO"},
    "avoid": {"color": PALETTE["vermillion"], "hatch": "///", "prefix": "AVOID"},
}
GREY = PALETTE["grey"]


def _row_label(step: StepWindow, horizon_h: float) -> str:
    """'AVOID  direct sun (extended)': the cue word, then the title (its own first word dropped
    when it repeats the cue), wrapped onto at most two lines; '→' when it runs past the axis."""
    prefix = CUES[step.action]["prefix"]
    title = step.title
    if title.lower().startswith(prefix.lower() + " "):
        title = title[len(prefix) + 1:]
    lines = textwrap.wrap(f"{prefix}  {title}", LABEL_CHARS)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
    return "\n".join(lines) + (" →" if step.end_h > horizon_h and step.applies else "")


def plot_aftercare(ax: Axes, snap: AftercareSnapshot) -> AftercareArtists:
    """Draw the timeline for `snap` and return its artists for `update_aftercare`."""
    n = len(snap.steps)
    rows = [n - 1 - i for i in range(n)]  # first step at the top
    s = style()
    main = ax.barh(rows, [1.0] * n, left=0, height=0.62, edgecolor="black", linewidth=0.6)
    extension = ax.barh(rows, [0.0] * n, left=0, height=0.62, edgecolor="black", linewidth=0.4)
    whiskers = [ax.plot([], [], color="black", linewidth=1.0, marker="|", markersize=7)[0] for _ in rows]
    now = ax.axvline(0, color="black", linestyle="--", linewidth=s.line_width * 0.8)
    now_text = ax.text(0, -0.55, "", fontsize=s.font_size * 0.9, va="bottom", ha="left",
                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xscale("symlog", linthresh=4, linscale=0.5)
    ax.set_xlim(0, snap.horizon_h)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xticks(TICKS_H, TICK_LABELS)
    # Row names are tick labels (bold: applies now; grey: not for this client). Widget renderers
    # redraw the static background when their text or style changes.
    ax.set_yticks(rows, [_row_label(step, snap.horizon_h) for step in snap.steps])
    ax.tick_params(axis="y", labelsize=s.font_size * 0.8, length=0)
    place = ax.get_yaxis_transform()  # x in axes fractions, y in rows
    notes = [ax.text(0.5, row, "not for this client", transform=place, ha="center", va="center",
                     fontsize=s.font_size * 0.75, style="italic", color="#444444", zorder=LABELS_Z,
                     bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
             for row in rows]
    ax.set_xlabel("time after the session (stretched at the start)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(handles=[
        Patch(facecolor=CUES["do"]["color"], edgecolor="black", label="DO"),
        Patch(facecolor=CUES["avoid"]["color"], hatch=CUES["avoid"]["hatch"], edgecolor="black",
              label="AVOID"),
        Patch(facecolor="white", edgecolor="black", alpha=0.5, label="later end in some sources"),
        Line2D([], [], color="black", marker="|", label="range in sources"),
        Line2D([], [], color="black", linestyle="--", label="chosen time"),
        Patch(facecolor="white", edgecolor="none", label="bold name: applies now"),
    ], loc="lower center", bbox_to_anchor=(0.4, 1.0), ncols=3, fontsize=s.font_size * 0.75,
        frameon=False, handlelength=1.6, columnspacing=1.0)
    artists = {"main": main.patches, "extension": extension.patches, "whiskers": whiskers,
               "now": now, "now_text": now_text, "rows": rows, "notes": notes}
    # Lay the figure out once with every row name bold (its widest), then keep that layout, so no
    # name is cut off when it turns bold later.
    for tick in ax.get_yticklabels():
        tick.set_fontweight("bold")
    ax.figure.draw_without_rendering()
    ax.figure.set_layout_engine("none")
    update_aftercare(artists, snap)
    return artists


def update_aftercare(artists: AftercareArtists, snap: AftercareSnapshot) -> None:
    """Move the existing bars, whiskers and marker to show `snap` (no new artists)."""
    top = snap.horizon_h
    active = {s.step_id for s in snap.do + snap.avoid}
    for i, step in enumerate(snap.steps):
        cue = CUES[step.action]
        colour = cue["color"] if step.applies else GREY
        end = min(step.end_h, top)
        bar, ext, whisker = artists["main"][i], artists["extension"][i], artists["whiskers"][i]
        bar.set_x(step.start_h)
        bar.set_width(end - step.start_h)
        bar.set_facecolor(colour)
        bar.set_hatch(cue["hatch"])
        bar.set_alpha(1.0 if step.step_id in active else (0.5 if step.applies else 0.25))
        ext.set_x(end)
        ext.set_width(max(0.0, min(step.end_max_h, top) - end))
        ext.set_facecolor(colour)
        ext.set_hatch(cue["hatch"])
        ext.set_alpha(0.3 if step.applies else 0.12)
        spread = step.end_min_h < step.end_max_h and step.end_min_h < top
        row = artists["rows"][i]
        xs, ys = ([step.end_min_h, min(step.end_max_h, top)], [row, row]) if spread else ([], [])
        whisker.set_data(xs, ys)
        artists["notes"][i].set_visible(not step.applies)
    ax = artists["now"].axes
    ax.set_yticklabels([_row_label(step, top) for step in snap.steps])
    for text, step in zip(ax.get_yticklabels(), snap.steps, strict=True):
        text.set_fontweight("bold" if step.step_id in active else "normal")
        text.set_color("black" if step.applies else "#666666")
    artists["now"].set_xdata([snap.hours_after, snap.hours_after])
    artists["now_text"].set_x(snap.hours_after)
    artists["now_text"].set_ha("right" if snap.hours_after > top / 4 else "left")
    artists["now_text"].set_text(f"now: {hours_label(snap.hours_after)}")
