"""The screening form (css class `screening-form`): a consultation record in, the assessment out.

Labelled, keyboard-operable controls build the record of the consultation rules; "Assess" runs
`course.consultation.assess` and shows the decision badge (colour, icon and words), every reason
with its rule id, title, detail and citation, the eligibility, and the plan check with its flags
and warnings. No clinical rule lives here: the form only builds the record and renders the result.
Bad input shows an inline message naming the field and the fix; the previous result stays and
nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from course import consultation
from course.consultation import Assessment, InvalidRecord
from course.data import load
from course.errors import InvalidInput
from course.plots.style import PALETTE
from course.sources import short_name
from course.widgets.base import FigureWidget

log = logging.getLogger(__name__)

CSS = "screening-form"
STYLE = {"description_width": "initial"}
# Decision badges: an Okabe–Ito colour plus an icon and words, never colour alone.
BADGES = {
    "proceed": (PALETTE["green"], "✔", "Proceed"),
    "proceed_with_caution": (PALETTE["orange"], "⚠", "Proceed with caution"),
    "defer": (PALETTE["blue"], "⏸", "Defer"),
    "refer": (PALETTE["vermillion"], "➜", "Refer for medical clearance"),
}
# Form limits only (what the boxes accept); the engine decides what is allowed and says why.
FORM_MAX_DEPTH_MM, FORM_MAX_WEEKS, FORM_MAX_SESSIONS, FORM_MAX_DAYS = 10.0, 104.0, 104, 3650


def _words(code: str) -> str:
    return code.replace("_", " ")


def _text(box: widgets.Text, what: str) -> float | None:
    """A number typed in a text box, or None when left blank."""
    raw = box.value.strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InvalidRecord("medications", f"{what}: type a number of days, or leave it blank when "
                                           f"not known (got {raw!r}).") from None


class MedicationRow(widgets.HBox):
    """One medication: class, name, whether still taken, days since the last dose (blank: unknown)."""

    def __init__(self, on_remove: Any) -> None:
        d = load()
        self.cls = widgets.Dropdown(options=[(m.label, code) for code, m in d.medication_classes.items()],
                                    value="other" if "other" in d.medication_classes else None,
                                    description="Medication class", style=STYLE)
        self.name = widgets.Text(description="Name", placeholder="e.g. brand name", style=STYLE,
                                 layout=widgets.Layout(width="14em"))
        self.current = widgets.Checkbox(description="Still taking", value=True, style=STYLE, indent=False)
        self.days = widgets.Text(description="Days since last dose", placeholder="blank if unknown",
                                 style=STYLE, layout=widgets.Layout(width="18em"))
        self.remove = widgets.Button(description="Remove", tooltip="Remove this medication")
        self.remove.on_click(lambda _b: on_remove(self))
        super().__init__([self.cls, self.name, self.current, self.days, self.remove])
        self.add_class(f"{CSS}-medication")

    def value(self, number: int) -> dict[str, Any]:
        return {"name": self.name.value, "class": self.cls.value, "current": self.current.value,
                "days_since_last_dose": _text(self.days, f"medication {number}, days since last dose")}

    def load(self, item: Mapping[str, Any]) -> None:
        self.cls.value = item["class"]
        self.name.value = str(item.get("name", ""))
        self.current.value = bool(item.get("current", True))
        days = item.get("days_since_last_dose")
        self.days.value = "" if days is None else f"{days:g}"


class EventRow(widgets.HBox):
    """One upcoming event: its type (pick or type one) and how many days after the session."""

    def __init__(self, on_remove: Any) -> None:
        self.type = widgets.Combobox(options=list(load().event_types), value="wedding",
                                     description="Event", placeholder="e.g. wedding", style=STYLE,
                                     ensure_option=False)
        self.in_days = widgets.BoundedIntText(value=14, min=0, max=FORM_MAX_DAYS, description="In days",
                                              style=STYLE, layout=widgets.Layout(width="10em"))
        self.remove = widgets.Button(description="Remove", tooltip="Remove this event")
        self.remove.on_click(lambda _b: on_remove(self))
        super().__init__([self.type, self.in_days, self.remove])
        self.add_class(f"{CSS}-event")

    def value(self) -> dict[str, Any]:
        return {"type": self.type.value.strip(), "in_days": self.in_days.value}

    def load(self, item: Mapping[str, Any]) -> None:
        self.type.value, self.in_days.value = str(item["type"]), int(item["in_days"])


class Rows(widgets.VBox):
    """A repeatable list of rows with an Add button (medications, events)."""

    def __init__(self, make: Any, add_label: str, css: str) -> None:
        self.make = make
        self.rows: list[Any] = []
        self.add = widgets.Button(description=add_label, tooltip=add_label, icon="plus")
        self.add.on_click(lambda _b: self.append())
        super().__init__([self.add])
        self.add_class(css)

    def append(self) -> Any:
        row = self.make(self.drop)
        self.rows.append(row)
        self.children = (*self.rows, self.add)
        return row

    def drop(self, row: Any) -> None:
        self.rows.remove(row)
        self.children = (*self.rows, self.add)

    def replace(self, items: list[Mapping[str, Any]]) -> None:
        self.rows = []
        for item in items:
            self.append().load(item)
        self.children = (*self.rows, self.add)


class ScreeningForm(widgets.VBox):
    """Consultation record -> `assess` -> decision, reasons, eligibility and plan check."""

    css_class = CSS

    def __init__(self, record: Mapping[str, Any] | None = None, assess_now: bool = True,
                 intro: str = "") -> None:
        d = load()
        self.result: Assessment | None = None
        self.controls: dict[str, widgets.Widget] = {
            "assessment_date": widgets.DatePicker(description="Assessment date", value=dt.date.today()),
            "age": widgets.BoundedIntText(description="Age (years)", value=35, min=0, max=150),
            "fitzpatrick_type": widgets.Dropdown(description="Fitzpatrick skin type", value=2,
                                                 options=[(t.label, k) for k, t in d.skin_types.items()]),
            "indication": widgets.Dropdown(description="Indication",
                                           options=[(i.label, k) for k, i in d.indications.items()]),
            "treatment_area": widgets.Dropdown(description="Treatment area", value="cheeks",
                                               options=[(a.label, k) for k, a in d.treatment_areas.items()]),
            "conditions": widgets.SelectMultiple(
                description="Conditions (Ctrl/Shift-click for several)", rows=8,
                options=[(_words(c).capitalize(), c) for c in consultation.condition_codes(d)],
                layout=widgets.Layout(width="640px")),
            "medications": Rows(MedicationRow, "Add medication", f"{CSS}-medications"),
            "pregnant": widgets.Checkbox(description="Pregnant", value=False),
            "breastfeeding": widgets.Checkbox(description="Breastfeeding", value=False),
            "last_session": widgets.DatePicker(description="Last session (blank if none)", value=None),
            "proposed_needle_depth_mm": widgets.BoundedFloatText(
                description="Needle depth (mm)", value=1.0, min=0, max=FORM_MAX_DEPTH_MM, step=0.25),
            "proposed_interval_weeks": widgets.BoundedFloatText(
                description="Interval (weeks)", value=4, min=0, max=FORM_MAX_WEEKS, step=0.5),
            "planned_sessions": widgets.BoundedIntText(description="Planned sessions", value=4, min=0,
                                                       max=FORM_MAX_SESSIONS),
            "maintenance": widgets.Checkbox(description="Maintenance session", value=False),
            "upcoming_events": Rows(EventRow, "Add event", f"{CSS}-events"),
            "adjuncts": widgets.SelectMultiple(description="Products needled in", rows=5,
                                               options=[(a.label, k) for k, a in d.adjuncts.items()],
                                               layout=widgets.Layout(width="640px")),
        }
        for name, control in self.controls.items():
            if hasattr(control, "style") and not isinstance(control, Rows):
                control.style = STYLE  # type: ignore[attr-defined]
            control.add_class(f"{CSS}-{name.replace('_', '-')}")
        self.assess_button = widgets.Button(description="Assess", button_style="primary", icon="check",
                                            tooltip="Screen the client and check the plan")
        self.assess_button.add_class(f"{CSS}-assess")
        self.assess_button.on_click(lambda _b: self.assess())
        self.message = widgets.HTML("", layout=widgets.Layout(display="none"))
        self.message.add_class(f"{CSS}-message")
        self.message.add_class("course-message")
        self.output = {part: widgets.HTML("") for part in ("decision", "reasons", "eligibility", "plan")}
        for part, box in self.output.items():
            box.add_class(f"{CSS}-{part}")
        self.description = widgets.HTML("")
        self.description.add_class(f"{CSS}-description")
        self.description.add_class("course-description")
        self.intro = widgets.HTML(intro)
        self.intro.add_class(f"{CSS}-intro")
        form = widgets.VBox([
            widgets.HTML("<b>Client</b>"), *self._pick("assessment_date", "age", "fitzpatrick_type",
                                                       "indication", "treatment_area", "conditions"),
            widgets.HTML("<b>Medications</b>"), self.controls["medications"],
            *self._pick("pregnant", "breastfeeding"),
            widgets.HTML("<b>Proposed plan</b>"), *self._pick(
                "last_session", "proposed_needle_depth_mm", "proposed_interval_weeks", "planned_sessions",
                "maintenance"),
            widgets.HTML("<b>Upcoming events</b>"), self.controls["upcoming_events"],
            self.controls["adjuncts"],
        ])
        super().__init__([self.intro, form, self.assess_button, self.message, *self.output.values(),
                          self.description])
        self.add_class("course-widget")
        self.add_class(CSS)
        if record is not None:
            self.load(record)
        if assess_now:
            self.assess()

    def _pick(self, *names: str) -> list[widgets.Widget]:
        return [self.controls[n] for n in names]

    # --- record in and out ----------------------------------------------------------------------
    def record(self) -> dict[str, Any]:
        """The consultation record the controls hold (raises `InvalidRecord` for unreadable boxes)."""
        c = self.controls
        meds = c["medications"].rows  # type: ignore[attr-defined]
        events = c["upcoming_events"].rows  # type: ignore[attr-defined]
        return {
            "assessment_date": c["assessment_date"].value, "age": c["age"].value,
            "fitzpatrick_type": c["fitzpatrick_type"].value, "indication": c["indication"].value,
            "treatment_area": c["treatment_area"].value, "conditions": list(c["conditions"].value),
            "medications": [row.value(n) for n, row in enumerate(meds, start=1)],
            "pregnant": c["pregnant"].value, "breastfeeding": c["breastfeeding"].value,
            "last_session": c["last_session"].value,
            "proposed_needle_depth_mm": c["proposed_needle_depth_mm"].value,
            "proposed_interval_weeks": c["proposed_interval_weeks"].value,
            "planned_sessions": c["planned_sessions"].value, "upcoming_events": [r.value() for r in events],
            "adjuncts": list(c["adjuncts"].value), "maintenance": c["maintenance"].value,
        }

    def load(self, record: Mapping[str, Any]) -> None:
        """Fill the controls from a record (dates as ISO strings or dates); no assessment."""
        for name, value in record.items():
            if name not in self.controls:
                raise InvalidRecord(name, f"The form has no field {name!r}; use the keys of the "
                                          "consultation record.")
            control = self.controls[name]
            if isinstance(control, Rows):
                control.replace(list(value))
            elif isinstance(control, widgets.DatePicker):
                control.value = dt.date.fromisoformat(value) if isinstance(value, str) else value
            elif isinstance(control, widgets.SelectMultiple):
                control.value = tuple(value)
            else:
                control.value = value

    def set_values(self, **values: Any) -> Assessment | None:
        """Set several fields (record keys) and assess once (tests, presets)."""
        self.load(values)
        return self.assess()

    @classmethod
    def from_record(cls, record: Mapping[str, Any], assess_now: bool = True,
                    intro: str = "") -> ScreeningForm:
        """A form preloaded with a record (a practice client)."""
        return cls(record=record, assess_now=assess_now, intro=intro)

    # --- assess and show --------------------------------------------------------------------------
    def assess(self) -> Assessment | None:
        """Assess the record on the form; on bad input show the message and keep the last result."""
        try:
            result = consultation.assess(self.record())
        except InvalidInput as exc:
            self.show_message(f"{self.label(exc.field)}: {exc}")
            return None
        except Exception as exc:  # a learner must never meet a traceback
            log.exception("screening form failed")
            self.show_message(f"Something unexpected went wrong ({type(exc).__name__}: {exc}). Your entries "
                              "are kept; check them and press Assess again, and tell your instructor.")
            return None
        self.clear_message()
        self.result = result
        self.output["decision"].value = decision_html(result)
        self.output["reasons"].value = reasons_html(result)
        self.output["eligibility"].value = eligibility_html(result)
        self.output["plan"].value = plan_html(result)
        self.description.value = f'<p class="course-description-text">{html.escape(describe(result))}</p>'
        return result

    def label(self, field: str) -> str:
        """The visible label of the control for a record key (the key in words otherwise)."""
        control = self.controls.get(field)
        text = getattr(control, "description", "") if control is not None else ""
        return text or _words(field).capitalize()

    # The same inline message as every figure widget (course.widgets.base).
    show_message = FigureWidget.show_message
    clear_message = FigureWidget.clear_message
    message_text = FigureWidget.message_text


# --- rendering (pure functions of an Assessment) -----------------------------------------------------

def decision_html(a: Assessment) -> str:
    colour, icon, words = BADGES[a.decision]
    return (f'<div class="{CSS}-badge {CSS}-badge-{a.decision}" role="status" style="display:inline-block;'
            f'border:3px solid {colour};border-radius:6px;padding:4px 12px;font-size:1.2em">'
            f'<span aria-hidden="true" style="color:{colour}">{icon}</span> <b>{words}</b></div>')


def reasons_html(a: Assessment) -> str:
    if not a.reasons:
        return "<p>No screening rule fired.</p>"
    rows = "".join(
        f"<tr><td><code>{html.escape(r.rule_id)}</code></td><td>{html.escape(_words(r.effect))}</td>"
        f"<td>{html.escape(r.title)}</td><td>{html.escape(r.detail)}</td>"
        f'<td title="{html.escape(r.citation)}">{html.escape(short_name(r.source))}</td></tr>'
        for r in a.reasons)
    return ("<table><thead><tr><th>Rule</th><th>Effect</th><th>Why</th><th>Client detail</th>"
            f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>")


def eligibility_html(a: Assessment) -> str:
    if a.eligible_from is not None:
        return f"<p><b>Eligible from</b> {a.eligible_from.isoformat()}.</p>"
    if a.eligible_when:
        return f"<p><b>Eligible</b> {html.escape(a.eligible_when)} (no date can be given yet).</p>"
    return ""


def _yes(ok: bool) -> str:
    return "✔ yes" if ok else "✘ no"


def plan_html(a: Assessment) -> str:
    p = a.plan
    rows = [
        ("Depth band", p.depth_band),
        ("Depth within the area maximum", f"{_yes(p.depth_ok)} (maximum {p.max_depth_mm:g} mm)"),
        ("Interval", f"{_yes(p.interval_ok)} "
                     f"(allowed {p.min_interval_weeks:g}–{p.max_interval_weeks:g} weeks)"),
        ("Earliest next session", p.earliest_next_session.isoformat() if p.earliest_next_session else "—"),
        *((f"Event: {_words(e.type)} in {e.in_days} days", f"conflict: {e.conflict}")
          for e in p.event_checks),
        ("Plan acceptable", _yes(p.acceptable)),
    ]
    body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                   for k, v in rows)
    flags = ", ".join(f"<code>{html.escape(f)}</code>" for f in p.flags) or "none"
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in p.warnings)
    return (f"<h4>Plan check</h4><table>{body}</table><p>Flags: {flags}</p>"
            + (f"<p>Warnings:</p><ul>{warnings}</ul>" if warnings else ""))


def describe(a: Assessment) -> str:
    """One plain sentence for screen readers and the static version."""
    words = BADGES[a.decision][2]
    rules = ", ".join(r.rule_id for r in a.reasons) or "no rule fired"
    when = ""
    if a.eligible_from is not None:
        when = f"; eligible from {a.eligible_from.isoformat()}"
    elif a.eligible_when:
        when = f"; eligible {a.eligible_when}"
    plan = "acceptable" if a.plan.acceptable else f"not acceptable ({', '.join(a.plan.flags)})"
    return f"Decision: {words} ({rules}){when}; the plan is {plan}."


# --- for lesson 05 ------------------------------------------------------------------------------------


def practice_client(number: int) -> ScreeningForm:
    """Practice client `number` (from 1) preloaded in the form; decide first, then press Assess."""
    clients = consultation.practice_clients()
    if not 1 <= number <= len(clients):
        raise InvalidInput("number", f"Choose a practice client from 1 to {len(clients)} (got {number}).")
    client = clients[number - 1]
    intro = (f"<h4>Practice client {number}: {html.escape(client['name'])}</h4>"
             f"<p>{html.escape(client['summary'])}</p><p><i>Decide first: refer, defer, proceed with "
             "caution or proceed? Then press Assess.</i></p><details><summary>After you have decided: what "
             f"this client teaches</summary><p>{html.escape(client['teaching'])}</p></details>")
    return ScreeningForm.from_record(client["record"], assess_now=False, intro=intro)
