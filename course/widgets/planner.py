"""`SessionsPlanner`: plan a series on a calendar, see conflicts with fixes, save, load and export it.

Controls -> `course.planning.make_plan` -> `course.plots.planner` -> PNG (via `FigureWidget`).
The widget holds no clinical rule: refusals (depth over the area maximum, interval under the
band minimum, …) come from the model as `InvalidInput` and appear inline while the last plan
stays on screen, marked as such. Events run from a first to a last day (a holiday). Save, load
and export go through `course.exports`; their messages appear next to their buttons. Every
planner's "Saved plans" list refreshes when any planner saves. On Binder the user folder
vanishes with the session, so the export buttons give download links that keep the file in the page.
"""

from __future__ import annotations

import datetime as dt
import html
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from course import exports
from course.data import load
from course.errors import InvalidInput
from course.limits import MAX_INTERVAL_WEEKS
from course.planning import MAX_SESSIONS, ClientEvent, Plan, PlanRequest, make_plan
from course.plots.planner import figure_height_in, plot_plan, update_plan
from course.plots.style import style
from course.widgets.base import FigureWidget
from course.widgets.course_widget import ALERT, NOTICE, WIDE, box_html, date_text

# The lesson's worked client (a scenario, not clinical data): consultation on 1 March 2027, first
# session a week later, a wedding 5 weeks after the consultation and a beach holiday ~10 weeks after.
EXAMPLE_CONSULTATION = dt.date(2027, 3, 1)
EXAMPLE = {
    "start_date": EXAMPLE_CONSULTATION + dt.timedelta(days=7), "indication": "fine_lines_wrinkles",
    "area": "cheeks", "depth_mm": 1.0, "sessions": 4, "interval_weeks": 4, "fitzpatrick_type": 4,
    "events": (ClientEvent("wedding", EXAMPLE_CONSULTATION + dt.timedelta(weeks=5), "Sister's wedding"),
               ClientEvent("beach_holiday", EXAMPLE_CONSULTATION + dt.timedelta(days=68), "Beach holiday",
                           EXAMPLE_CONSULTATION + dt.timedelta(days=75))),
}
BINDER_NOTE = ("On Binder and other temporary sessions, saved plans vanish when the session ends: "
               "use the export links to keep a copy.")
AUTO = widgets.Layout(width="auto")
BOX_MAX = 10  # number boxes accept up to 10x the course limit, so the model (not the box) refuses
_PLANNERS: weakref.WeakSet[SessionsPlanner] = weakref.WeakSet()


def events_text(events: tuple[ClientEvent, ...]) -> str:
    """The client's events in words, as the figure draws them: a day, or a first to a last day."""
    if not events:
        return "no client events"
    return "client events: " + ", ".join(
        f"{e.name} {e.when} ({e.length_days} days)" if e.length_days > 1 else f"{e.name} on {e.when}"
        for e in events)


class ValueBox(widgets.VBox):
    """A box with a `value` trait, so `FigureWidget` treats it like any control."""

    value = traitlets.Tuple()


class EventList(ValueBox):
    """The client's diary: type, first and last day, label, "Add event", a list and "Remove"."""

    def __init__(self, events: tuple[ClientEvent, ...] = ()) -> None:
        types = load().event_types
        self.kind = widgets.Dropdown(options=[(t.label, code) for code, t in types.items()],
                                     description="Event type", style=WIDE, layout=AUTO)
        self.day = widgets.DatePicker(description="From", style=WIDE, layout=AUTO)
        self.last_day = widgets.DatePicker(description="To (blank: one day)", style=WIDE, layout=AUTO)
        self.label = widgets.Text(description="Label (optional)", style=WIDE,
                                  placeholder="e.g. Sam's wedding")
        self.add = widgets.Button(description="Add event", tooltip="Add this event to the client's diary",
                                  layout=AUTO)
        self.listing = widgets.Select(options=[], description="Client events", style=WIDE, rows=4,
                                      layout=widgets.Layout(width="auto", min_width="24em"))
        self.remove = widgets.Button(description="Remove event", tooltip="Remove the selected event",
                                     layout=AUTO)
        self.problem = widgets.HTML("")
        self.add.on_click(self._add)
        self.remove.on_click(self._remove)
        row = widgets.Layout(flex_flow="row wrap")
        super().__init__(children=[
            widgets.HBox([self.kind, self.day, self.last_day, self.label, self.add], layout=row),
            widgets.HBox([self.listing, self.remove], layout=row), self.problem])
        self.observe(self._show, names="value")
        self.add_class("sessions-planner-events")
        self.value = tuple(events)

    def _show(self, _change: Any = None) -> None:
        self.listing.options = [(f"{e.when} · {e.name}", i) for i, e in enumerate(self.value)]

    def _add(self, _button: Any = None) -> None:
        if self.day.value is None:
            self.problem.value = box_html("Pick the event's first day under “From”, then press Add event.",
                                          ALERT, "course-message-text", "alert")
            return
        if self.last_day.value is not None and self.last_day.value < self.day.value:
            self.problem.value = box_html(f"“To” ({date_text(self.last_day.value)}) is before “From” "
                                          f"({date_text(self.day.value)}); pick a last day on or after the "
                                          "first.", ALERT, "course-message-text", "alert")
            return
        self.problem.value = ""
        new = ClientEvent(self.kind.value, self.day.value, self.label.value.strip(), self.last_day.value)
        self.value = tuple(sorted((*self.value, new), key=lambda e: e.date))

    def _remove(self, _button: Any = None) -> None:
        if self.listing.value is None:
            self.problem.value = box_html("Select an event under “Client events” first, then press Remove "
                                          "event.", ALERT, "course-message-text", "alert")
            return
        self.problem.value = ""
        self.value = tuple(e for i, e in enumerate(self.value) if i != self.listing.value)


class SessionsPlanner(FigureWidget):
    """Plan sessions around a client's events; `.result` is the `course.planning.Plan` on screen."""

    css_class = "sessions-planner"

    def __init__(self, folder: Path | str | None = None, **initial: Any) -> None:
        self.folder = folder
        self._applying = False
        self._fixes_for: Plan | None = None
        self.status = widgets.HTML("")
        self.status.add_class("sessions-planner-status")
        self.downloads = widgets.HTML("")
        self.downloads.add_class("sessions-planner-downloads")
        self.fix_choice = widgets.Dropdown(options=[], description="Suggested fix", style=WIDE,
                                           layout=widgets.Layout(width="auto", max_width="100%"))
        self.apply_fix = widgets.Button(description="Apply fix", tooltip="Change the plan as suggested",
                                        layout=widgets.Layout(width="auto", min_width="7em"))
        self.apply_fix.add_class("sessions-planner-apply-fix")
        self.fix_note = widgets.HTML("")
        self.fix_row = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.apply_fix.on_click(lambda _b: self.apply_selected_fix())
        self.name = widgets.Text(value="my plan", description="Plan name", style=WIDE)
        self.saved = widgets.Dropdown(options=[], description="Saved plans", style=WIDE,
                                      layout=widgets.Layout(width="auto", min_width="16em"))
        self.buttons = {label: widgets.Button(description=label, tooltip=tip, layout=AUTO) for label, tip in (
            ("Save plan", "Save this plan in your course folder"),
            ("Load plan", "Load the plan chosen under Saved plans"),
            ("Export .ics", "A calendar file for the client's or your calendar"),
            ("Export CSV", "A table for a spreadsheet"))}
        actions = {"Save plan": self.save, "Load plan": self.load_selected,
                   "Export .ics": lambda: self.export("ics"), "Export CSV": lambda: self.export("csv")}
        for label, button in self.buttons.items():
            button.on_click(lambda _b, act=actions[label]: act())
        super().__init__(**initial)
        files = widgets.VBox([
            widgets.HBox([self.name, self.buttons["Save plan"]]),
            widgets.HBox([self.saved, self.buttons["Load plan"]]),
            widgets.HBox([self.buttons["Export .ics"], self.buttons["Export CSV"]]),
            self.status, self.downloads, widgets.HTML(f"<p><small>{html.escape(BINDER_NOTE)}</small></p>"),
        ])
        files.add_class("sessions-planner-files")
        self.fix_row.children = [self.fix_choice, self.apply_fix]
        self.children = (*self.children, self.fix_row, self.fix_note, files)
        self._show_fixes()
        self.refresh_saved()
        _PLANNERS.add(self)

    # --- FigureWidget ----------------------------------------------------------------------------
    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        data = load()
        top_depth = data.param("device_max_depth_mm")
        # Box bounds far outside the course's limits: a typed value is never clamped silently; the model
        # refuses it with a message naming the control (course.limits).
        controls: dict[str, widgets.Widget] = {
            "start_date": widgets.DatePicker(value=initial.get("start_date", dt.date.today()),
                                             description="First session", style=WIDE),
            "indication": widgets.Dropdown(options=[(i.label, c) for c, i in data.indications.items()],
                                           value=initial.get("indication", "fine_lines_wrinkles"),
                                           description="Indication", style=WIDE, layout=AUTO),
            "area": widgets.Dropdown(options=[(a.label, c) for c, a in data.treatment_areas.items()
                                              if a.permitted],
                                     value=initial.get("area", "cheeks"), description="Area", style=WIDE,
                                     layout=AUTO),
            "depth_mm": widgets.BoundedFloatText(value=initial.get("depth_mm", 1.0), min=0,
                                                 max=BOX_MAX * top_depth, step=0.25,
                                                 description="Needle depth (mm)", style=WIDE),
            "sessions": widgets.BoundedIntText(value=initial.get("sessions", 4), min=0,
                                               max=BOX_MAX * MAX_SESSIONS, description="Sessions",
                                               style=WIDE),
            "interval_weeks": widgets.BoundedIntText(value=initial.get("interval_weeks", 4), min=0,
                                                     max=BOX_MAX * MAX_INTERVAL_WEEKS,
                                                     description="Interval (weeks)", style=WIDE),
            "fitzpatrick_type": widgets.Dropdown(options=[(t.label, n) for n, t in data.skin_types.items()],
                                                 value=initial.get("fitzpatrick_type", 2),
                                                 description="Fitzpatrick skin type", style=WIDE,
                                                 layout=AUTO),
            "events": EventList(tuple(initial.get("events", ()))),
            "session_dates": ValueBox(layout=widgets.Layout(display="none")),
        }
        controls["start_date"].add_class("sessions-planner-start")
        for name in ("start_date", "sessions", "interval_weeks"):  # moved dates no longer apply
            controls[name].observe(self._forget_moved_dates, names="value")
        return controls

    def _forget_moved_dates(self, _change: Any) -> None:
        if not self._applying:
            self.controls["session_dates"].value = ()

    def control_box(self) -> widgets.Widget:
        c, row = self.controls, widgets.Layout(flex_flow="row wrap")
        return widgets.VBox([
            widgets.HBox([c["start_date"], c["indication"], c["area"]], layout=row),
            widgets.HBox([c["depth_mm"], c["sessions"], c["interval_weeks"], c["fitzpatrick_type"]],
                         layout=row),
            c["events"], c["session_dates"]])

    def compute(self, values: Mapping[str, Any]) -> Plan:
        if values["start_date"] is None:
            raise InvalidInput("start_date", "Pick the date of the first session.")
        return make_plan(PlanRequest(**values))

    def plot(self, axes: Any, result: Plan) -> Any:
        self._fit_height(result, style().font_size)
        return plot_plan(axes, result)

    def update(self, artists: Any, result: Plan) -> None:
        self._fit_height(result, artists.font_size)
        update_plan(artists, result)

    def _fit_height(self, result: Plan, font_size: float) -> None:
        """The figure grows with what it shows (a lane per overlapping event); the renderer lays it
        out again when its size changes."""
        width = self.figure.get_figwidth()
        self.figure.set_size_inches(width, figure_height_in(result, width, font_size))

    def describe(self, result: Plan) -> str:
        req, first, last = result.request, result.session_dates[0], result.session_dates[-1]
        hard = sum(c.level == "hard" for c in result.conflicts)
        clash = (f"{len(result.conflicts)} conflict(s), {hard} hard, first: session "
                 f"{result.conflicts[0].session_number} and the {result.conflicts[0].event.name}"
                 if result.conflicts else "no conflicts with the client's events")
        data = load()
        indication, area = data.indications[req.indication], data.treatment_areas[req.area]
        sun_days = (result.sessions[0].sun_avoid_end - first).days
        # Every control shows in the sentence, so a learner (and a screen reader) hears what each changed.
        return (f"{indication.label} on the {area.label.lower()}, skin type "
                f"{data.skin_types[req.fitzpatrick_type].label.removeprefix('Type ')}: "
                f"{len(result.sessions)} session(s) at {req.depth_mm:g} mm (band {result.band}) "
                f"{req.interval_weeks:g} weeks apart (allowed for this depth and area: "
                f"{result.min_interval_weeks:g}–{result.max_interval_weeks:g} weeks) from "
                f"{date_text(first)} to {date_text(last)} (a typical course for this indication: "
                f"{indication.min_sessions}–{indication.max_sessions} sessions); sun protection "
                f"for {sun_days} days after each session; {events_text(req.events)}; {clash}; "
                "maintenance window "
                f"{date_text(result.maintenance_from)} to {date_text(result.maintenance_to)}.")

    def details_html(self, plan: Plan) -> str:
        items = []
        for c in plan.conflicts:
            cue = "! Hard conflict" if c.level == "hard" else "(!) Soft conflict"
            fixes = ("".join(f"<li>{html.escape(f.text)}</li>" for f in c.fixes)
                     or "<li>No simple fix found: talk the dates through with the client.</li>")
            items.append(f"<li><b>{cue}.</b> {html.escape(c.text)}<ul>{fixes}</ul></li>")
        items += [f"<li><b>Warning.</b> {html.escape(w)}</li>" for w in plan.warnings]
        items += [f"<li><b>Note.</b> {html.escape(n)}</li>" for n in plan.notes]
        verdict = ("Acceptable plan" if plan.acceptable
                   else "Not acceptable until the hard conflicts are fixed")
        return (f"<p><b>{verdict}.</b> Limits are course conventions; the timeline is an "
                "illustrative teaching model, not a prediction for a client.</p>"
                + (f"<ul>{''.join(items)}</ul>" if items else ""))

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "fix_choice") and self.result is not self._fixes_for:
            self._show_fixes()

    # --- fixes -----------------------------------------------------------------------------------
    def _show_fixes(self) -> None:
        plan = self.result
        self._fixes_for = plan
        conflicts = plan.conflicts if plan is not None else ()
        options = [(f"Session {c.session_number}: {f.text}", (i, j))
                   for i, c in enumerate(conflicts) for j, f in enumerate(c.fixes)]
        self.fix_choice.options = options
        self.fix_choice.value = options[0][1] if options else None  # the first fix, never a blank box
        self.apply_fix.disabled = not options
        self.fix_row.layout.display = "flex" if options else "none"  # nothing to choose: no dead controls
        self.fix_note.value = "" if options else "<p><small>No fix to apply: this plan has no conflict with "\
                                                 "a suggested fix.</small></p>"

    def apply_request(self, request: PlanRequest) -> None:
        """Show a request in the controls (moved session dates last, so they are kept)."""
        values = {k: getattr(request, k) for k in self.controls if k != "session_dates"}
        self._applying = True
        try:
            self.set_values(**values, session_dates=request.session_dates)
        finally:
            self._applying = False

    def apply_selected_fix(self) -> None:
        if self.fix_choice.value is None or self.result is None:
            self.fix_note.value = box_html("Choose a fix under “Suggested fix” first, then press Apply fix.",
                                           ALERT, "course-message-text", "alert")
            return
        i, j = self.fix_choice.value
        fix = self.result.conflicts[i].fixes[j]
        self.apply_request(fix.request)
        self.fix_note.value = box_html(f"Applied: {fix.text}", NOTICE, "course-message-text")

    # --- files -------------------------------------------------------------------------------------
    def _say(self, text: str, problem: bool = False) -> None:
        """A file message next to the file buttons (a refusal replaces an earlier 'Saved as …')."""
        self.status.value = box_html(text, ALERT if problem else NOTICE, "course-message-text",
                                     "alert" if problem else "status")

    def refresh_saved(self) -> None:
        try:
            options = [(p.stem, str(p)) for p in exports.saved_plans(self.folder)]
        except OSError as exc:
            self._say(f"The plans folder cannot be read ({exc}).", problem=True)
            return
        chosen = self.saved.value
        self.saved.options = options
        if chosen in [v for _, v in options]:
            self.saved.value = chosen

    def save(self, overwrite: bool = False) -> Path | None:
        typed = self.name.value.strip()
        try:
            path = exports.save_plan(self.result, self.name.value, self.folder, overwrite=overwrite)
        except FileExistsError:
            self._say(f"A plan called “{Path(exports.safe_name(typed)).stem}” is already saved; choose "
                      "another name (nothing was changed).", problem=True)
            return None
        except (InvalidInput, OSError) as exc:
            self._say(f"The plan was not saved: {exc}", problem=True)
            return None
        renamed = "" if path.stem == typed else (f" (from “{typed}”: characters a file name cannot hold "
                                                 "were replaced)")
        self._say(f"Saved as “{path.name}”{renamed} in {path.parent}.")
        for planner in list(_PLANNERS):  # every planner's list shows the new plan
            if planner.folder == self.folder:
                planner.refresh_saved()
        return path

    def load_selected(self) -> None:
        self.refresh_saved()
        if not self.saved.value:
            self._say("There is no saved plan to load yet; save one first.", problem=True)
            return
        try:
            plan = exports.load_plan(self.saved.value)
        except InvalidInput as exc:
            self._say(str(exc), problem=True)
            return
        self.apply_request(plan.request)
        if self.result != plan:
            self._say("The saved plan has values the controls cannot show exactly; check them.", problem=True)
            return
        self._say(f"Loaded “{Path(self.saved.value).name}”.")

    def export(self, kind: str) -> None:
        stem = self.name.value.strip() or "plan"
        try:
            content = exports.plan_to_ics(self.result) if kind == "ics" else exports.plan_to_csv(self.result)
            filename = Path(exports.safe_name(stem)).stem + (".ics" if kind == "ics" else ".csv")
        except InvalidInput as exc:
            self._say(str(exc), problem=True)
            return
        self.downloads.value = (f"<p>{exports.download_link(content, filename)} · all formats: "
                                f"{exports.plan_downloads(self.result, stem)}</p>")


def worked_example(folder: Path | str | None = None) -> SessionsPlanner:
    """The planner set up for lesson 06's worked client (wedding in 5 weeks, then a week's beach holiday)."""
    return SessionsPlanner(folder=folder, **EXAMPLE)
