"""Repeatable rows for the screening form: medications, upcoming events, recent procedures.

Each row reads its boxes into the record's entry and says, in the labels the learner sees, what
is wrong with a box it cannot read (`RowProblem`); nothing typed is changed or lost. `CheckList`
is a column of labelled checkboxes with one `value` (a tuple of codes), for the conditions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import traitlets

from course.consultation import InvalidRecord
from course.consultation.lookups import procedure_types
from course.data import load
from course.widgets.course_widget import WIDE

CSS = "screening-form"


def _remove_button(what: str, on_remove: Callable[[Any], None], row: Any) -> widgets.Button:
    button = widgets.Button(description="Remove", tooltip=f"Remove this {what}", icon="trash",
                            layout=widgets.Layout(width="auto", min_width="7em"))
    button.on_click(lambda _b: on_remove(row))
    return button


def number_in(box: widgets.Widget, field: str, where: str, whole: bool = False,
              blank_ok: bool = False) -> float | int | None:
    """The number in a box (text or numeric), or a message naming the box: never a silent change."""
    raw = box.value
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            if blank_ok:
                return None
            raise InvalidRecord(field, f"{where}: “{box.description}” is empty; type a number.")
        try:
            raw = float(raw)
        except ValueError:
            hint = ", or leave it blank when not known" if blank_ok else ""
            raise InvalidRecord(field, f"{where}: “{box.description}” must be a number of days{hint} "
                                       f"(you typed “{box.value.strip()}”).") from None
    if raw is None or (isinstance(raw, float) and not math.isfinite(raw)):
        raise InvalidRecord(field, f"{where}: “{box.description}” must be a number.")
    if whole:
        if raw != int(raw):
            raise InvalidRecord(field, f"{where}: “{box.description}” must be a whole number "
                                       f"(you entered {raw:g}).")
        return int(raw)
    return raw


class MedicationRow(widgets.HBox):
    """One medication: class, name, whether still taken, days since the last dose (blank: unknown)."""

    def __init__(self, on_remove: Callable[[Any], None]) -> None:
        d = load()
        self.cls = widgets.Dropdown(options=[(m.label, code) for code, m in d.medication_classes.items()],
                                    value="other" if "other" in d.medication_classes else None,
                                    description="Medication class", style=WIDE,
                                    layout=widgets.Layout(width="auto"))
        self.name = widgets.Text(description="Name", placeholder="e.g. brand name", style=WIDE,
                                 layout=widgets.Layout(width="14em"))
        self.current = widgets.Checkbox(description="Still taking", value=True, style=WIDE, indent=False,
                                        layout=widgets.Layout(width="auto", margin="0 1em 0 0.5em"))
        self.days = widgets.Text(description="Days since last dose", placeholder="blank if unknown",
                                 style=WIDE, layout=widgets.Layout(width="19em"))
        self.remove = _remove_button("medication", on_remove, self)
        super().__init__([self.cls, self.name, self.current, self.days, self.remove],
                         layout=widgets.Layout(flex_flow="row wrap"))
        self.add_class(f"{CSS}-medication")

    def value(self, number: int) -> dict[str, Any]:
        return {"name": self.name.value, "class": self.cls.value, "current": self.current.value,
                "days_since_last_dose": number_in(self.days, "medications", f"Medications, row {number}",
                                                  blank_ok=True)}

    def load(self, item: Mapping[str, Any]) -> None:
        self.cls.value = item["class"]
        self.name.value = str(item.get("name", ""))
        self.current.value = bool(item.get("current", True))
        days = item.get("days_since_last_dose")
        self.days.value = "" if days is None else f"{days:g}"


class EventRow(widgets.HBox):
    """One upcoming event: its type (pick or type one) and how many days after the session."""

    def __init__(self, on_remove: Callable[[Any], None]) -> None:
        self.type = widgets.Combobox(options=list(load().event_types), value="wedding",
                                     description="Event", placeholder="e.g. wedding", style=WIDE,
                                     ensure_option=False)
        self.in_days = widgets.FloatText(value=14, description="In days", style=WIDE,
                                         layout=widgets.Layout(width="10em"))
        self.remove = _remove_button("event", on_remove, self)
        super().__init__([self.type, self.in_days, self.remove], layout=widgets.Layout(flex_flow="row wrap"))
        self.add_class(f"{CSS}-event")

    def value(self, number: int = 1) -> dict[str, Any]:
        days = number_in(self.in_days, "upcoming_events", f"Upcoming events, row {number}", whole=True)
        return {"type": self.type.value.strip(), "in_days": days}

    def load(self, item: Mapping[str, Any]) -> None:
        self.type.value, self.in_days.value = str(item["type"]), item["in_days"]


class ProcedureRow(widgets.HBox):
    """Another recent procedure in or next to the area: its type and how many days ago."""

    def __init__(self, on_remove: Callable[[Any], None]) -> None:
        self.type = widgets.Dropdown(options=[(p.label, code) for code, p in procedure_types().items()],
                                     description="Procedure", style=WIDE, layout=widgets.Layout(width="auto"))
        self.days_since = widgets.FloatText(value=14, description="Days ago", style=WIDE,
                                            layout=widgets.Layout(width="10em"))
        self.remove = _remove_button("procedure", on_remove, self)
        super().__init__([self.type, self.days_since, self.remove],
                         layout=widgets.Layout(flex_flow="row wrap"))
        self.add_class(f"{CSS}-procedure")

    def value(self, number: int = 1) -> dict[str, Any]:
        days = number_in(self.days_since, "recent_procedures", f"Recent procedures, row {number}", whole=True)
        return {"type": self.type.value, "days_since": days}

    def load(self, item: Mapping[str, Any]) -> None:
        self.type.value, self.days_since.value = item["type"], item["days_since"]


class Rows(widgets.VBox):
    """A repeatable list of rows with an Add button (medications, events, procedures)."""

    def __init__(self, make: Callable[[Callable[[Any], None]], Any], add_label: str, css: str) -> None:
        self.make = make
        self.rows: list[Any] = []
        self.add = widgets.Button(description=add_label, tooltip=add_label, icon="plus",
                                  layout=widgets.Layout(width="auto"))
        self.add.on_click(lambda _b: self.append())
        super().__init__([self.add])
        self.add_class(css)

    def append(self) -> Any:
        row = self.make(self.drop)
        self.rows.append(row)
        self.children = (*self.rows, self.add)
        return row

    def drop(self, row: Any) -> None:
        """Remove a row; the keyboard focus moves to the next row (or the Add button), never to
        the page's top, where a keyboard or screen-reader user would lose their place."""
        at = self.rows.index(row)
        self.rows.remove(row)
        self.children = (*self.rows, self.add)
        (self.rows[at].children[0] if at < len(self.rows) else self.add).focus()

    def replace(self, items: list[Mapping[str, Any]]) -> None:
        self.rows = []
        for item in items:
            self.append().load(item)
        self.children = (*self.rows, self.add)

    def values(self) -> list[dict[str, Any]]:
        return [row.value(n) for n, row in enumerate(self.rows, start=1)]


class CheckList(widgets.GridBox):
    """Labelled checkboxes (Tab and Space to tick); `value` is the tuple of ticked codes."""

    value = traitlets.Tuple()

    def __init__(self, options: list[tuple[str, str]], description: str, column: str = "17em") -> None:
        self.description = description
        self.boxes = {code: widgets.Checkbox(description=label, value=False, indent=False,
                                             layout=widgets.Layout(width="auto"))
                      for label, code in options}
        for box in self.boxes.values():
            box.observe(self._from_boxes, names="value")
        super().__init__(list(self.boxes.values()), layout=widgets.Layout(
            grid_template_columns=f"repeat(auto-fill, minmax({column}, 1fr))", width="100%"))
        self.observe(self._to_boxes, names="value")

    def _from_boxes(self, _change: Any) -> None:
        self.value = tuple(code for code, box in self.boxes.items() if box.value)

    def _to_boxes(self, change: Any) -> None:
        chosen = set(change["new"])
        for code, box in self.boxes.items():
            if box.value != (code in chosen):
                box.value = code in chosen
