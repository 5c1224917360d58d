"""The screening form (css class `screening-form`): a consultation record in, the assessment out.

Labelled, keyboard-operable controls build the record of the consultation rules
(`docs/consultation-rules.md`); "Assess" runs `course.consultation.assess` and shows the decision
badge, every reason, the eligibility and the plan check (`screening_report`). No clinical rule
lives here. Bad input shows one message in the learner's words naming the box; nothing typed is
changed or lost, and the result on screen is marked as the previous one until Assess succeeds.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionWidget

from course import consultation
from course.consultation import Assessment, InvalidRecord
from course.data import load
from course.errors import InvalidInput
from course.widgets.course_widget import WIDE, CourseWidget
from course.widgets.form_rows import CheckList, EventRow, MedicationRow, ProcedureRow, Rows, number_in
from course.widgets.record_text import FIELD_LABELS, in_words, words
from course.widgets.screening_report import decision_html, describe, eligibility_html, plan_html, reasons_html

log = logging.getLogger(__name__)

CSS = "screening-form"
NUMBER_BOXES = {"age": True, "proposed_needle_depth_mm": False, "proposed_interval_weeks": False,
                "planned_sessions": True}  # record key -> whole number?
STALE = ("Showing your previous result, for the entries before your last change. Fix the box named "
         "above and press Assess again.")


class ScreeningForm(CourseWidget):
    """Consultation record -> `assess` -> decision, reasons, eligibility and plan check."""

    css_class = CSS

    def __init__(self, record: Mapping[str, Any] | None = None, assess_now: bool = True,
                 intro: str = "") -> None:
        super().__init__()
        d = load()
        self.result: Assessment | None = None
        label = FIELD_LABELS
        self.controls: dict[str, widgets.Widget] = {
            "assessment_date": widgets.DatePicker(description=label["assessment_date"],
                                                  value=dt.date.today()),
            "age": widgets.FloatText(description=label["age"], value=35),
            "fitzpatrick_type": widgets.Dropdown(description=label["fitzpatrick_type"], value=2,
                                                 options=[(t.label, k) for k, t in d.skin_types.items()]),
            "indication": widgets.Dropdown(description=label["indication"],
                                           options=[(i.label, k) for k, i in d.indications.items()]),
            "treatment_area": widgets.Dropdown(description=label["treatment_area"], value="cheeks",
                                               options=[(a.label, k) for k, a in d.treatment_areas.items()]),
            "conditions": CheckList([(words(c).capitalize(), c) for c in consultation.condition_codes(d)],
                                    label["conditions"]),
            "medications": Rows(MedicationRow, "Add medication", f"{CSS}-medications"),
            "pregnant": widgets.Checkbox(description=label["pregnant"], value=False),
            "breastfeeding": widgets.Checkbox(description=label["breastfeeding"], value=False),
            "recent_procedures": Rows(ProcedureRow, "Add procedure", f"{CSS}-procedures"),
            "last_session": widgets.DatePicker(description="Last session (blank if none)", value=None),
            "proposed_needle_depth_mm": widgets.FloatText(description=label["proposed_needle_depth_mm"],
                                                          value=1.0, step=0.25),
            "proposed_interval_weeks": widgets.FloatText(description=label["proposed_interval_weeks"],
                                                         value=4, step=0.5),
            "planned_sessions": widgets.FloatText(description=label["planned_sessions"], value=4, step=1),
            "maintenance": widgets.Checkbox(description=label["maintenance"], value=False),
            "upcoming_events": Rows(EventRow, "Add event", f"{CSS}-events"),
            "adjuncts": CheckList([(a.label, k) for k, a in d.adjuncts.items()], label["adjuncts"], "30em"),
        }
        for name, control in self.controls.items():
            if isinstance(control, DescriptionWidget):
                control.style = WIDE
                control.layout.width = "auto"
                control.layout.max_width = "36em"
            control.add_class(f"{CSS}-{name.replace('_', '-')}")
        self.assess_button = widgets.Button(description="Assess", button_style="primary", icon="check",
                                            tooltip="Screen the client and check the plan")
        self.assess_button.add_class(f"{CSS}-assess")
        self.assess_button.on_click(lambda _b: self.assess())
        self.output = {part: widgets.HTML("") for part in ("previous", "decision", "reasons", "eligibility",
                                                           "plan")}
        for part, box in self.output.items():
            box.add_class(f"{CSS}-{part}")
        self.intro = widgets.HTML(intro)
        self.intro.add_class(f"{CSS}-intro")
        form = widgets.VBox([
            widgets.HTML("<b>Client</b>"), *self._pick("assessment_date", "age", "fitzpatrick_type",
                                                       "indication", "treatment_area"),
            widgets.HTML("Conditions (tick every one that applies)"), self.controls["conditions"],
            widgets.HTML("<b>Medications</b>"), self.controls["medications"],
            *self._pick("pregnant", "breastfeeding"),
            widgets.HTML("<b>Other procedures in the last months</b>"), self.controls["recent_procedures"],
            widgets.HTML("<b>Proposed plan</b>"), *self._pick(
                "last_session", "proposed_needle_depth_mm", "proposed_interval_weeks", "planned_sessions",
                "maintenance"),
            widgets.HTML("<b>Upcoming events</b>"), self.controls["upcoming_events"],
            widgets.HTML("Products needled in (tick each)"), self.controls["adjuncts"],
        ])
        self.children = [self.intro, form, self.assess_button, self.message, *self.output.values(),
                         self.description]
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
        numbers = {key: number_in(c[key], key, "Proposed plan" if key != "age" else "Client", whole)
                   for key, whole in NUMBER_BOXES.items()}
        return {
            "assessment_date": c["assessment_date"].value, "age": numbers["age"],
            "fitzpatrick_type": c["fitzpatrick_type"].value, "indication": c["indication"].value,
            "treatment_area": c["treatment_area"].value, "conditions": list(c["conditions"].value),
            "medications": c["medications"].values(),  # type: ignore[attr-defined]
            "pregnant": c["pregnant"].value, "breastfeeding": c["breastfeeding"].value,
            "recent_procedures": c["recent_procedures"].values(),  # type: ignore[attr-defined]
            "last_session": c["last_session"].value,
            "proposed_needle_depth_mm": numbers["proposed_needle_depth_mm"],
            "proposed_interval_weeks": numbers["proposed_interval_weeks"],
            "planned_sessions": numbers["planned_sessions"],
            "upcoming_events": c["upcoming_events"].values(),  # type: ignore[attr-defined]
            "adjuncts": list(c["adjuncts"].value), "maintenance": c["maintenance"].value,
        }

    def load(self, record: Mapping[str, Any]) -> None:
        """Fill the controls from a record (dates as ISO strings or dates); no assessment."""
        for name, value in record.items():
            if name not in self.controls:
                raise InvalidRecord(name, f"The form has no box for {name!r}; use the keys of the "
                                          "consultation record (docs/consultation-rules.md).")
            control = self.controls[name]
            if isinstance(control, Rows):
                control.replace(list(value or []))
            elif isinstance(control, widgets.DatePicker):
                control.value = dt.date.fromisoformat(value) if isinstance(value, str) else value
            elif isinstance(control, CheckList):
                control.value = tuple(value or ())
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
        """Assess the record on the form; on bad input show the message and mark the last result."""
        try:
            result = consultation.assess(self.record())
        except InvalidInput as exc:
            self.refuse(self.explain(exc))
            return None
        except Exception as exc:  # a learner must never meet a traceback
            log.exception("screening form failed")
            self.refuse(f"Something unexpected went wrong ({type(exc).__name__}). Your entries are kept; "
                        "check them and press Assess again, and tell your instructor.")
            return None
        self.clear_message()
        self.result = result
        self.output["previous"].value = ""
        self.output["decision"].value = decision_html(result)
        self.output["reasons"].value = reasons_html(result)
        self.output["eligibility"].value = eligibility_html(result)
        self.output["plan"].value = plan_html(result)
        self.show_description(describe(result))
        return result

    def refuse(self, text: str) -> None:
        """Show the message; the result still on screen is marked as the previous one."""
        self.show_message(text)
        if self.result is None:
            return
        self.output["previous"].value = f'<p role="status"><i>{html.escape(STALE)}</i></p>'
        self.output["decision"].value = decision_html(self.result, previous=True)
        self.show_description(f"Previous result (inputs changed since): {describe(self.result)}")

    def explain(self, exc: InvalidInput) -> str:
        """The refusal in the learner's words, starting with the label of the box concerned."""
        text, label = in_words(str(exc)), self.label(exc.field)
        base = label.split(" (")[0]
        if text.startswith((label, f"“{label}”", f"“{base}”")) or "row " in text[:40]:
            return text
        if text.startswith(f"{base} must") or text.startswith(f"{base} is"):
            return label + text[len(base):]
        return f"{label}: {text}"

    def label(self, field: str) -> str:
        """The visible label of the control for a record key (the key in words otherwise)."""
        control = self.controls.get(field)
        text = getattr(control, "description", "") if control is not None else ""
        return text or FIELD_LABELS.get(field, words(field).capitalize())


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
