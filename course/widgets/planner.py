"""`SessionsPlanner`: plan a series on a calendar, see conflicts with fixes, save, load and export it.

Controls -> `course.planning.make_plan` -> `course.plots.planner` -> PNG (via `FigureWidget`).
The widget holds no clinical rule: refusals (depth over the area maximum, interval under the
band minimum, …) come from the model as `InvalidInput` and appear inline while the previous
plan stays on screen. Save/load/export go through `course.exports`; their errors show the same
way and change nothing. On Binder the user folder vanishes with the session, so the export
buttons give download links that keep the file in the page.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from course import exports
from course.data import load
from course.errors import InvalidInput
from course.planning import MAX_SESSIONS, ClientEvent, Plan, PlanRequest, make_plan
from course.plots.planner import plot_plan, update_plan
from course.plots.style import new_figure
from course.widgets.base import FigureWidget

STYLE = {"description_width": "initial"}
# The lesson's worked client (a scenario, not clinical data): consultation on 1 March 2027, first
# session a week later, a wedding 5 weeks after the consultation and a beach holiday ~10 weeks after.
EXAMPLE_CONSULTATION = dt.date(2027, 3, 1)
EXAMPLE = {
    "start_date": EXAMPLE_CONSULTATION + dt.timedelta(days=7), "indication": "fine_lines_wrinkles",
    "area": "cheeks", "depth_mm": 1.0, "sessions": 4, "interval_weeks": 4, "fitzpatrick_type": 4,
    "events": (ClientEvent("wedding", EXAMPLE_CONSULTATION + dt.timedelta(weeks=5), "Sister's wedding"),
               ClientEvent("beach_holiday", EXAMPLE_CONSULTATION + dt.timedelta(days=68), "Beach holiday")),
}
BINDER_NOTE = ("On Binder and other temporary sessions, saved plans vanish when the session ends: "
               "use the export links to keep a copy.")


class ValueBox(widgets.VBox):
    """A box with a `value` trait, so `FigureWidget` treats it like any control."""

    value = traitlets.Tuple()


class EventList(ValueBox):
    """The client's diary: type, date and label, an "Add event" button, a list and "Remove"."""

    def __init__(self, events: tuple[ClientEvent, ...] = ()) -> None:
        types = load().event_types
        self.kind = widgets.Dropdown(options=[(t.label, code) for code, t in types.items()],
                                     description="Event type", style=STYLE)
        self.day = widgets.DatePicker(description="Event date", style=STYLE)
        self.label = widgets.Text(description="Label (optional)", style=STYLE,
                                  placeholder="e.g. Sam's wedding")
        self.add = widgets.Button(description="Add event", tooltip="Add this event to the client's diary")
        self.listing = widgets.Select(options=[], description="Client events", style=STYLE, rows=4)
        self.remove = widgets.Button(description="Remove event", tooltip="Remove the selected event")
        self.problem = widgets.HTML("")
        self.add.on_click(self._add)
        self.remove.on_click(self._remove)
        super().__init__(children=[
            widgets.HBox([self.kind, self.day, self.label, self.add]),
            widgets.HBox([self.listing, self.remove]), self.problem])
        self.observe(self._show, names="value")
        self.add_class("sessions-planner-events")
        self.value = tuple(events)

    def _show(self, _change: Any = None) -> None:
        self.listing.options = [(f"{e.date:%d %b %Y} · {e.name}", i) for i, e in enumerate(self.value)]

    def _add(self, _button: Any = None) -> None:
        if self.day.value is None:
            self.problem.value = "<i>Pick the event's date first, then press Add event.</i>"
            return
        self.problem.value = ""
        new = ClientEvent(self.kind.value, self.day.value, self.label.value.strip())
        self.value = tuple(sorted((*self.value, new), key=lambda e: e.date))

    def _remove(self, _button: Any = None) -> None:
        if self.listing.value is not None:
            self.value = tuple(e for i, e in enumerate(self.value) if i != self.listing.value)


class SessionsPlanner(FigureWidget):
    """Plan sessions around a client's events; `.result` is the `course.planning.Plan` on screen."""

    css_class = "sessions-planner"

    def __init__(self, folder: Path | str | None = None, **initial: Any) -> None:
        self.folder = folder
        self._applying = False
        self.details = widgets.HTML("")
        self.details.add_class("sessions-planner-details")
        self.status = widgets.HTML("")
        self.downloads = widgets.HTML("")
        self.downloads.add_class("sessions-planner-downloads")
        self.fix_choice = widgets.Dropdown(options=[], description="Suggested fix", style=STYLE,
                                           layout=widgets.Layout(width="auto"))
        self.apply_fix = widgets.Button(description="Apply fix", tooltip="Change the plan as suggested")
        self.apply_fix.on_click(lambda _b: self.apply_selected_fix())
        self.name = widgets.Text(value="my plan", description="Plan name", style=STYLE)
        self.saved = widgets.Dropdown(options=[], description="Saved plans", style=STYLE)
        self.buttons = {label: widgets.Button(description=label, tooltip=tip) for label, tip in (
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
        self.children = (*self.children, self.details, widgets.HBox([self.fix_choice, self.apply_fix]), files)
        self.refresh_saved()

    # --- FigureWidget ----------------------------------------------------------------------------
    def make_controls(self, **initial: Any) -> dict[str, widgets.Widget]:
        data = load()
        top_depth = data.param("device_max_depth_mm")
        controls: dict[str, widgets.Widget] = {
            "start_date": widgets.DatePicker(value=initial.get("start_date", dt.date.today()),
                                             description="First session", style=STYLE),
            "indication": widgets.Dropdown(options=[(i.label, c) for c, i in data.indications.items()],
                                           value=initial.get("indication", "fine_lines_wrinkles"),
                                           description="Indication", style=STYLE),
            "area": widgets.Dropdown(options=[(a.label, c) for c, a in data.treatment_areas.items()
                                              if a.permitted],
                                     value=initial.get("area", "cheeks"), description="Area", style=STYLE),
            "depth_mm": widgets.BoundedFloatText(value=initial.get("depth_mm", 1.0), min=0.25, max=top_depth,
                                                 step=0.25, description="Needle depth (mm)", style=STYLE),
            "sessions": widgets.BoundedIntText(value=initial.get("sessions", 4), min=1, max=MAX_SESSIONS,
                                               description="Sessions", style=STYLE),
            "interval_weeks": widgets.BoundedIntText(value=initial.get("interval_weeks", 4), min=1, max=52,
                                                     description="Interval (weeks)", style=STYLE),
            "fitzpatrick_type": widgets.Dropdown(options=[(t.label, n) for n, t in data.skin_types.items()],
                                                 value=initial.get("fitzpatrick_type", 2),
                                                 description="Fitzpatrick skin type", style=STYLE),
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
        c = self.controls
        return widgets.VBox([
            widgets.HBox([c["start_date"], c["indication"], c["area"]]),
            widgets.HBox([c["depth_mm"], c["sessions"], c["interval_weeks"], c["fitzpatrick_type"]]),
            c["events"], c["session_dates"]])

    def make_figure(self):
        return new_figure(height_in=3.4)

    def compute(self, **values: Any) -> Plan:
        if values["start_date"] is None:
            raise InvalidInput("start_date", "Pick the date of the first session.")
        return make_plan(PlanRequest(**values))

    def draw(self, result: Plan) -> None:
        if not hasattr(self, "artists"):
            self.artists = plot_plan(self.axes, result)
        else:
            update_plan(self.artists, result)

    def describe(self, result: Plan) -> str:
        req, first, last = result.request, result.session_dates[0], result.session_dates[-1]
        hard = sum(c.level == "hard" for c in result.conflicts)
        clash = (f"{len(result.conflicts)} conflict(s), {hard} hard, first: session "
                 f"{result.conflicts[0].session_number} and the {result.conflicts[0].event.name}"
                 if result.conflicts else "no conflicts with the client's events")
        return (f"{len(result.sessions)} session(s) at {req.depth_mm:g} mm (band {result.band}) from "
                f"{first:%d %b %Y} to {last:%d %b %Y}; {clash}; maintenance window "
                f"{result.maintenance_from:%d %b %Y} to {result.maintenance_to:%d %b %Y}.")

    def refresh(self) -> None:
        super().refresh()
        if self.result is not None and hasattr(self, "fix_choice"):
            self._show_details(self.result)

    # --- text below the figure -------------------------------------------------------------------
    def _show_details(self, plan: Plan) -> None:
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
        self.details.value = (f"<p><b>{verdict}.</b> Limits are course conventions; the timeline is an "
                              "illustrative teaching model, not a prediction for a client.</p>"
                              + (f"<ul>{''.join(items)}</ul>" if items else ""))
        options = [(f"Session {c.session_number}: {f.text}", (i, j))
                   for i, c in enumerate(plan.conflicts) for j, f in enumerate(c.fixes)]
        self.fix_choice.options = options
        self.apply_fix.disabled = not options

    # --- actions ---------------------------------------------------------------------------------
    def apply_request(self, request: PlanRequest) -> None:
        """Show a request in the controls (moved session dates last, so they are kept)."""
        values = {k: getattr(request, k) for k in self.controls if k != "session_dates"}
        self._applying = True
        try:
            self.set_values(**values, session_dates=request.session_dates)
        finally:
            self._applying = False

    def apply_selected_fix(self) -> None:
        if self.fix_choice.value is None:
            return
        i, j = self.fix_choice.value
        self.apply_request(self.result.conflicts[i].fixes[j].request)

    def refresh_saved(self) -> None:
        try:
            self.saved.options = [(p.stem, str(p)) for p in exports.saved_plans(self.folder)]
        except OSError as exc:
            self.show_message(f"The plans folder cannot be read ({exc}).")

    def save(self, overwrite: bool = False) -> Path | None:
        try:
            path = exports.save_plan(self.result, self.name.value, self.folder, overwrite=overwrite)
        except FileExistsError:
            self.show_message(f"A plan called '{self.name.value.strip()}' is already saved; choose another "
                              "name (nothing was changed).")
            return None
        except (InvalidInput, OSError) as exc:
            self.show_message(f"The plan was not saved: {exc}")
            return None
        self.clear_message()
        self.status.value = f"<p>Saved as <code>{html.escape(str(path))}</code>.</p>"
        self.refresh_saved()
        return path

    def load_selected(self) -> None:
        if not self.saved.value:
            self.show_message("There is no saved plan to load yet; save one first.")
            return
        try:
            plan = exports.load_plan(self.saved.value)
        except InvalidInput as exc:
            self.show_message(str(exc))
            return
        self.apply_request(plan.request)
        if self.result != plan:
            self.show_message("The saved plan has values the controls cannot show exactly; check them.")
            return
        self.status.value = f"<p>Loaded <code>{html.escape(Path(self.saved.value).name)}</code>.</p>"

    def export(self, kind: str) -> None:
        stem = self.name.value.strip() or "plan"
        try:
            content = exports.plan_to_ics(self.result) if kind == "ics" else exports.plan_to_csv(self.result)
            filename = Path(exports.safe_name(stem)).stem + (".ics" if kind == "ics" else ".csv")
        except InvalidInput as exc:
            self.show_message(str(exc))
            return
        self.downloads.value = (f"<p>{exports.download_link(content, filename)} · all formats: "
                                f"{exports.plan_downloads(self.result, stem)}</p>")


def worked_example(folder: Path | str | None = None) -> SessionsPlanner:
    """The planner set up for lesson 06's worked client (wedding in 5 weeks, then a beach holiday)."""
    return SessionsPlanner(folder=folder, **EXAMPLE)
