"""Take a plan away: iCalendar and CSV exports, JSON save/load in the user folder, download links.

A saved plan stores the `PlanRequest` (what the practitioner chose) with a `format` and
`version` key; loading re-plans it with `course.planning.make_plan`, so a loaded plan is the
same `Plan` that was saved and a hand-edited file is checked by the same rules as the widget.
A corrupt, truncated or invalid file raises `PlanFileError` and changes nothing. Files are
written atomically and never overwrite an existing plan unless asked.

On Binder the user folder disappears with the session: `plan_downloads` returns HTML links
that carry the file in the page itself, so a learner can keep it.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import html
import io
import json
import re
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from course.data import load
from course.errors import InvalidInput
from course.planning import ClientEvent, Plan, PlanRequest, make_plan
from course.time_labels import date_label
from course.userdir import atomic_write_text, user_dir

FORMAT = "microneedling-course-plan"
VERSION = 2  # 2: client events carry `end_date` (their last day)
READABLE_VERSIONS = (1, 2)  # version 1 files have one-day events without `end_date`
PRODID = "-//Microneedling course//Sessions planner//EN"
MAX_NAME_CHARS = 80
MIME = {".ics": "text/calendar", ".csv": "text/csv", ".json": "application/json"}


class PlanFileError(InvalidInput):
    """A saved plan file cannot be read back; the message says what is wrong with it."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__("plan_file", f"Cannot load {Path(path).name}: {message}")


# --- JSON ---------------------------------------------------------------------------------------
def request_to_dict(request: PlanRequest) -> dict[str, Any]:
    """The request as plain JSON types (dates as ISO strings)."""
    return {
        "start_date": request.start_date.isoformat(),
        "indication": request.indication,
        "area": request.area,
        "depth_mm": request.depth_mm,
        "sessions": request.sessions,
        "interval_weeks": request.interval_weeks,
        "fitzpatrick_type": request.fitzpatrick_type,
        "events": [{"type": e.type, "date": e.date.isoformat(), "end_date": e.end_date.isoformat(),  # type: ignore[union-attr]
                    "label": e.label} for e in request.events],
        "maintenance": request.maintenance,
        "session_dates": [d.isoformat() for d in request.session_dates],
    }


def plan_to_json(plan: Plan, name: str = "plan") -> str:
    """The JSON text `save_plan` writes: the request plus a readable (ignored on load) summary."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "request": request_to_dict(plan.request),
        "summary": {
            "session_dates": [d.isoformat() for d in plan.session_dates],
            "maintenance_window": [plan.maintenance_from.isoformat(), plan.maintenance_to.isoformat()],
            "conflicts": [c.text for c in plan.conflicts],
            "warnings": list(plan.warnings),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


KEY_WORDS = {  # saved-plan keys in words, for messages about a damaged file
    "start_date": "the start date", "indication": "the indication", "area": "the treatment area",
    "depth_mm": "the needle depth", "sessions": "the number of sessions",
    "interval_weeks": "the interval in weeks", "fitzpatrick_type": "the Fitzpatrick skin type",
    "events": "the client's events", "maintenance": "the maintenance choice",
    "session_dates": "the session dates", "type": "the event type", "date": "the event's first day",
    "label": "the event's name",
}
TYPE_WORDS = {int: "a whole number", float: "a number", str: "text", list: "a list", bool: "yes or no",
              dict: "a group of values", type(None): "empty"}


def _field(mapping: dict, key: str, kinds: tuple[type, ...], where: str) -> Any:
    words = f"{KEY_WORDS.get(key, key)} ('{key}')"
    if key not in mapping:
        raise ValueError(f"{where} has no '{key}' ({KEY_WORDS.get(key, 'a required value')})")
    value = mapping[key]
    if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
        wanted = "a number" if float in kinds else " or ".join(TYPE_WORDS.get(k, k.__name__) for k in kinds)
        got = TYPE_WORDS.get(type(value), type(value).__name__)
        raise ValueError(f"{words} in {where} should be {wanted}, not {got}")
    return value


def _date(text: str, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{key}' should be a date like 2027-03-01, not {text!r}") from None


def request_from_dict(raw: Any) -> PlanRequest:
    """Rebuild a request from JSON types, checking every key and type (raises ValueError)."""
    if not isinstance(raw, dict):
        raise ValueError("'request' should be an object")
    events = []
    for number, item in enumerate(_field(raw, "events", (list,), "the request"), start=1):
        if not isinstance(item, dict):
            raise ValueError(f"event {number} should be an object")
        where = f"event {number}"
        end = item.get("end_date")  # absent or null in older files: a one-day event
        if end is not None and not isinstance(end, str):
            raise ValueError(f"'end_date' in {where} should be a date like 2027-03-01 or null")
        events.append(ClientEvent(_field(item, "type", (str,), where),
                                  _date(_field(item, "date", (str,), where), "date"),
                                  _field(item, "label", (str,), where),
                                  None if end is None else _date(end, "end_date")))
    dates = _field(raw, "session_dates", (list,), "the request")
    if not all(isinstance(d, str) for d in dates):
        raise ValueError("'session_dates' should be a list of dates")
    number = (int, float)
    return PlanRequest(
        start_date=_date(_field(raw, "start_date", (str,), "the request"), "start_date"),
        indication=_field(raw, "indication", (str,), "the request"),
        area=_field(raw, "area", (str,), "the request"),
        depth_mm=_field(raw, "depth_mm", number, "the request"),
        sessions=_field(raw, "sessions", (int,), "the request"),
        interval_weeks=_field(raw, "interval_weeks", number, "the request"),
        fitzpatrick_type=_field(raw, "fitzpatrick_type", (int,), "the request"),
        events=tuple(events),
        maintenance=_field(raw, "maintenance", (bool,), "the request"),
        session_dates=tuple(_date(d, "session_dates") for d in dates),
    )


def safe_name(name: str) -> str:
    """A file name from a plan name: no path separators or odd characters, ending in `.json`."""
    stem = re.sub(r"\.json$", "", str(name).strip(), flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9 _.-]+", "_", stem).strip(" ._")[:MAX_NAME_CHARS]
    if not stem:
        raise InvalidInput("name", "Give the plan a name (letters, digits, spaces, - or _).")
    return stem + ".json"


def plans_folder(folder: Path | str | None = None) -> Path:
    """Where plans are saved: `folder` when given, else the user folder's `plans/`."""
    if folder is None:
        return user_dir("plans")
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_plan(plan: Plan, name: str, folder: Path | str | None = None, overwrite: bool = False) -> Path:
    """Save a plan as JSON; raises FileExistsError rather than silently replacing a saved plan."""
    path = plans_folder(folder) / safe_name(name)
    return atomic_write_text(path, plan_to_json(plan, Path(safe_name(name)).stem), overwrite=overwrite)


def saved_plans(folder: Path | str | None = None) -> list[Path]:
    """Saved plan files, sorted by name."""
    return sorted(plans_folder(folder).glob("*.json"))


def load_plan(path: Path | str) -> Plan:
    """Read a saved plan back and re-plan it; any problem raises `PlanFileError`."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanFileError(path, "the file does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(path, f"the file cannot be read ({exc}).") from None
    except json.JSONDecodeError as exc:
        raise PlanFileError(path, f"it is not valid JSON (line {exc.lineno}: {exc.msg}); the file may "
                                  "be truncated or hand-edited. Save the plan again.") from None
    except (ValueError, RecursionError):  # a number with thousands of digits, nesting too deep
        raise PlanFileError(path, "it is not a plan this course can read (a value is far too long "
                                  "or nested too deeply); the file may be damaged. Save the plan "
                                  "again.") from None
    try:
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"it is not a saved course plan (no \"format\": \"{FORMAT}\")")
        version = document.get("version")
        if isinstance(version, bool) or version not in READABLE_VERSIONS:
            raise ValueError(f"version {version!r} is not supported (expected "
                             f"{' or '.join(map(str, READABLE_VERSIONS))})")
        request = request_from_dict(document.get("request"))
    except ValueError as exc:
        raise PlanFileError(path, f"{exc}.") from None
    try:
        return make_plan(request)
    except InvalidInput as exc:
        raise PlanFileError(path, f"the plan in it is not allowed: {exc}") from None


# --- iCalendar and CSV --------------------------------------------------------------------------
def plan_id(plan: Plan) -> str:
    """A short stable id of a plan (same request, same id): the stem of every UID."""
    text = json.dumps(request_to_dict(plan.request), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _rows(plan: Plan) -> list[tuple[str, str, int | None, dt.date, dt.date, str]]:
    """(uid suffix, summary, session, first day, day after the last, details) for each calendar item:
    sessions with their redness and sun windows, the client's events (first to last day), maintenance."""
    req = plan.request
    count = len(plan.sessions)
    low, high = load().param("maintenance_min_months"), load().param("maintenance_max_months")
    rows = []
    for s in plan.sessions:
        clashes = " ".join(c.text for c in plan.conflicts if c.session_number == s.number)
        rows.append((f"session-{s.number}", f"Microneedling session {s.number} of {count}", s.number,
                     s.date, s.date + dt.timedelta(days=1),
                     f"{req.depth_mm:g} mm on the {req.area.replace('_', ' ')} (band {plan.band}). "
                     f"Expected redness until {date_label(s.redness_end - dt.timedelta(days=1))}; "
                     f"avoid direct sun until {date_label(s.sun_avoid_end - dt.timedelta(days=1))}. "
                     f"{clashes}".strip()))
        rows.append((f"redness-{s.number}", f"Expected redness after session {s.number}", s.number,
                     s.date, s.redness_end, "Expected visible redness (course convention); avoid events."))
        rows.append((f"sun-{s.number}", f"Avoid direct sun after session {s.number}", s.number,
                     s.date, s.sun_avoid_end,
                     "Avoid direct sun; daily broad-spectrum sunscreen (see the aftercare lesson)."))
    for number, event in enumerate(req.events, start=1):
        clashes = " ".join(c.text for c in plan.conflicts if c.event == event)
        length = f"{event.length_days} days, " if event.length_days > 1 else ""
        kind = event.type.replace("_", " ").capitalize()
        rows.append((f"event-{number}", f"Client event: {event.name}", None, event.date,
                     event.end_date + dt.timedelta(days=1),  # type: ignore[operator]
                     f"{kind} ({length}{event.when}). {clashes}".strip()))
    rows.append(("maintenance", "Maintenance session window", None, plan.maintenance_from,
                 plan.maintenance_to + dt.timedelta(days=1),
                 f"Maintenance {low:g}–{high:g} months after the series is a practice convention, "
                 "not trial evidence."))
    return rows


def plan_to_ics(plan: Plan, stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar file: all-day events for sessions, redness and sun windows, client events
    (DTEND the day after their last day) and maintenance."""
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Microneedling plan")
    stem = plan_id(plan)
    for suffix, summary, _, first, after, details in _rows(plan):
        event = Event()
        event.add("uid", f"{stem}-{suffix}@microneedling-course")
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", max(after, first + dt.timedelta(days=1)))
        event.add("summary", summary)
        event.add("description", details)
        event.add("transp", "OPAQUE" if suffix.startswith("session") else "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


CSV_COLUMNS = ("item", "session", "start_date", "last_date", "details")


def plan_to_csv(plan: Plan) -> str:
    """The same items as a CSV table (`last_date` inclusive), one row per item."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for _, summary, session, first, after, details in _rows(plan):
        last = max(first, after - dt.timedelta(days=1))
        writer.writerow((summary, "" if session is None else session, first.isoformat(), last.isoformat(),
                         details))
    return buffer.getvalue()


# --- downloads ----------------------------------------------------------------------------------
def download_link(content: bytes | str, filename: str, text: str | None = None) -> str:
    """An HTML link that downloads `content` as `filename` from the page itself (no server file)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    mime = MIME.get(Path(filename).suffix.lower(), "application/octet-stream")
    href = f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
    label = html.escape(text or f"Download {filename}")
    return f'<a download="{html.escape(filename)}" href="{href}">{label}</a>'


def plan_downloads(plan: Plan, name: str = "plan") -> str:
    """Links to download the plan as .ics, .csv and .json."""
    stem = Path(safe_name(name)).stem
    links = [
        download_link(plan_to_ics(plan), f"{stem}.ics", "Calendar (.ics)"),
        download_link(plan_to_csv(plan), f"{stem}.csv", "Table (.csv)"),
        download_link(plan_to_json(plan, stem), f"{stem}.json", "Saved plan (.json)"),
    ]
    return " · ".join(links)
