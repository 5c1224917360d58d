"""Exports: iCalendar and CSV read back, JSON save/load round trip, refusals, download links."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from course import exports
from course.exports import (
    PlanFileError,
    load_plan,
    plan_downloads,
    plan_to_csv,
    plan_to_ics,
    safe_name,
    save_plan,
    saved_plans,
)
from course.planning import ClientEvent, PlanRequest, make_plan

START = dt.date(2027, 3, 1)
STAMP = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def plan(**changes):
    base = {"start_date": START, "indication": "acne_scars", "area": "cheeks", "depth_mm": 1.5,
            "sessions": 3, "interval_weeks": 4, "fitzpatrick_type": 4,
            "events": (ClientEvent("wedding", START + dt.timedelta(days=29), "Sam's wedding"),)}
    base.update(changes)
    return make_plan(PlanRequest(**base))


def test_ics_reads_back_with_dates_summaries_and_stable_uids():
    p = plan()
    raw = plan_to_ics(p, stamp=STAMP)
    cal = Calendar.from_ical(raw)
    assert str(cal["prodid"]) == exports.PRODID
    events = list(cal.walk("VEVENT"))
    sessions = [e for e in events if str(e["summary"]).startswith("Microneedling session")]
    assert [e.decoded("dtstart") for e in sessions] == list(p.session_dates)
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1) for e in sessions)
    assert "Sam's wedding" in str(sessions[1]["description"])  # the conflict is in the description
    maintenance = [e for e in events if str(e["summary"]) == "Maintenance session window"]
    assert maintenance[0].decoded("dtstart") == p.maintenance_from
    assert maintenance[0].decoded("dtend") == p.maintenance_to + dt.timedelta(days=1)
    redness = [e for e in events if str(e["summary"]).startswith("Expected redness")]
    assert redness[0].decoded("dtend") == p.sessions[0].redness_end
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids) == 3 * len(p.sessions) + len(p.request.events) + 1
    assert uids == [str(e["uid"]) for e in Calendar.from_ical(plan_to_ics(plan())).walk("VEVENT")]
    assert plan_to_ics(p, stamp=STAMP) == raw


def test_csv_reads_back():
    p = plan()
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(p))))
    assert tuple(rows[0]) == exports.CSV_COLUMNS
    sessions = [r for r in rows if r["item"].startswith("Microneedling session")]
    assert [dt.date.fromisoformat(r["start_date"]) for r in sessions] == list(p.session_dates)
    assert rows[-1]["last_date"] == p.maintenance_to.isoformat()


def test_save_and_load_round_trip(tmp_path):
    p = plan()
    path = save_plan(p, "Client A: wedding", folder=tmp_path)
    assert path.parent == tmp_path and path.name == "Client A_ wedding.json"
    document = json.loads(path.read_text())
    assert document["format"] == exports.FORMAT and document["version"] == exports.VERSION
    assert load_plan(path) == p
    assert saved_plans(tmp_path) == [path]


def test_save_never_overwrites_unless_asked(tmp_path):
    path = save_plan(plan(), "a", folder=tmp_path)
    before = path.read_text()
    with pytest.raises(FileExistsError):
        save_plan(plan(sessions=5), "a", folder=tmp_path)
    assert path.read_text() == before
    save_plan(plan(sessions=5), "a", folder=tmp_path, overwrite=True)
    assert load_plan(path).request.sessions == 5


def test_default_folder_is_the_user_folder(home):
    path = save_plan(plan(), "mine")
    assert path == home / "plans" / "mine.json"


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "etc_passwd.json"), ("a/b\\c", "a_b_c.json"), ("plan.json", "plan.json"),
    (" spaced name ", "spaced name.json"),
])
def test_names_are_sanitised(name, expected):
    assert safe_name(name) == expected


def test_empty_name_is_refused():
    with pytest.raises(ValueError, match="name"):
        safe_name(" /.. ")


def _edit(path, change):
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.pop("format"), "not a saved course plan"),
    (lambda d: d.update(version=99), "version 99"),
    (lambda d: d["request"].pop("depth_mm"), "no 'depth_mm'"),
    (lambda d: d["request"].update(depth_mm="deep"), "'depth_mm'"),
    (lambda d: d["request"].update(sessions=True), "'sessions'"),
    (lambda d: d["request"].update(start_date="1st March"), "date like"),
    (lambda d: d["request"].update(depth_mm=2.5), "not allowed"),
    (lambda d: d["request"]["events"].append({"type": "wedding"}), "no 'date'"),
    (lambda d: d.update(request=[]), "should be an object"),
])
def test_hand_edited_files_are_refused_clearly(tmp_path, change, words):
    path = save_plan(plan(), "edited", folder=tmp_path)
    _edit(path, change)
    before = path.read_text()
    with pytest.raises(PlanFileError, match=re.escape(words)) as error:
        load_plan(path)
    assert error.value.field == "plan_file" and "edited.json" in str(error.value)
    assert path.read_text() == before


def test_truncated_and_missing_files_are_refused(tmp_path):
    path = save_plan(plan(), "cut", folder=tmp_path)
    path.write_text(path.read_text()[:40])
    with pytest.raises(PlanFileError, match="not valid JSON"):
        load_plan(path)
    with pytest.raises(PlanFileError, match="does not exist"):
        load_plan(tmp_path / "nothing.json")


def test_download_links_carry_the_files():
    links = plan_downloads(plan(), "client a")
    hrefs = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', links))
    assert set(hrefs) == {"client a.ics", "client a.csv", "client a.json"}
    assert base64.b64decode(hrefs["client a.csv"]).decode().startswith("item,session")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sessions=st.integers(1, 6), interval=st.integers(4, 8), fitz=st.integers(1, 6),
       depth=st.sampled_from([0.75, 1.0, 1.25, 1.5]), offset=st.integers(-30, 200),
       label=st.text(max_size=20), kind=st.sampled_from(["wedding", "beach_holiday", "party"]),
       length=st.integers(1, 21))
def test_round_trip_property(tmp_path, sessions, interval, fitz, depth, offset, label, kind, length):
    first = START + dt.timedelta(days=offset)
    p = plan(sessions=sessions, interval_weeks=interval, fitzpatrick_type=fitz, depth_mm=depth,
             events=(ClientEvent(kind, first, label, first + dt.timedelta(days=length - 1)),))
    path = save_plan(p, "roundtrip", folder=tmp_path, overwrite=True)
    assert load_plan(path) == p


# --- damaged files (issue 15.7): only PlanFileError comes out ----------------------------------------

@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["request"].update(interval_weeks=1e308), "Interval between sessions must be"),
    (lambda d: d["request"].update(sessions=10**30), "Number of sessions must be"),
    (lambda d: d["request"].update(depth_mm=float("nan")), "Needle depth"),
    (lambda d: d["request"].update(fitzpatrick_type=True), "'fitzpatrick_type'"),
    (lambda d: d["request"].update(start_date="9999-12-01"), "Start date must be between"),
    (lambda d: d["request"]["events"][0].update(date="0001-01-01"), "between"),
])
def test_numbers_and_dates_without_bounds_are_refused(tmp_path, change, words):
    path = save_plan(plan(), "bounds", folder=tmp_path)
    _edit(path, change)
    with pytest.raises(PlanFileError, match=re.escape(words)):
        load_plan(path)


def test_huge_numbers_and_deep_nesting_are_refused(tmp_path):
    path = tmp_path / "huge.json"
    for text in ('{"format": ' + "1" * 5000 + "}", "[" * 100000 + "]" * 100000):
        path.write_text(text)
        with pytest.raises(PlanFileError):
            load_plan(path)


BAD = st.one_of(
    st.sampled_from([None, True, False, 0, -0.0, -1, 1e308, -1e308, 10**30, float("nan"), float("inf"), "",
                     "x", "2027-02-30", "9999-12-31", "0001-01-01", [], {}, [None], [{}], 2.5, "cheeks"]),
    st.integers(), st.floats(), st.text(max_size=5),
)


@st.composite
def damaged_documents(draw):
    document = json.loads(exports.plan_to_json(plan(), "damaged"))
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(["top", "request", "event", "dates"]))
        if target == "top":
            holder = document
        elif target == "request":
            holder = document.get("request") if isinstance(document.get("request"), dict) else document
        else:
            request = document.get("request")
            items = request.get("events" if target == "event" else "session_dates") \
                if isinstance(request, dict) else None
            if not isinstance(items, list) or not items:
                continue
            if target == "dates":
                items[0] = draw(BAD)
                continue
            holder = items[0] if isinstance(items[0], dict) else document
        key = draw(st.sampled_from(sorted(holder) or ["format"]))
        if draw(st.booleans()):
            holder[key] = draw(BAD)
        else:
            holder.pop(key, None)
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=damaged_documents(), cut=st.one_of(st.none(), st.integers(0, 2000)),
       noise=st.one_of(st.none(), st.tuples(st.integers(0, 2000), st.binary(min_size=1, max_size=4))))
def test_damaged_plan_files_only_raise_plan_file_error(tmp_path, document, cut, noise):
    raw = json.dumps(document, allow_nan=True).encode()
    if cut is not None:
        raw = raw[:cut]
    if noise is not None:
        at, junk = noise
        raw = raw[:at] + junk + raw[at + len(junk):]
    path = tmp_path / "damaged.json"
    path.write_bytes(raw)
    try:
        loaded = load_plan(path)
    except PlanFileError as exc:
        assert exc.field == "plan_file" and "damaged.json" in str(exc)
    else:
        assert loaded.sessions


# --- events with a length in every export -----------------------------------------------------------

HOLIDAY = ClientEvent("sun_holiday", START + dt.timedelta(days=40), "Crete", START + dt.timedelta(days=53))


def test_ics_and_csv_carry_the_event_end_date():
    p = plan(events=(HOLIDAY,))
    events = list(Calendar.from_ical(plan_to_ics(p, stamp=STAMP)).walk("VEVENT"))
    (crete,) = [e for e in events if str(e["summary"]) == "Client event: Crete"]
    assert crete.decoded("dtstart") == HOLIDAY.date
    assert crete.decoded("dtend") == HOLIDAY.end_date + dt.timedelta(days=1)  # all-day: exclusive end
    assert "14 days" in str(crete["description"])
    rows = [r for r in csv.DictReader(io.StringIO(plan_to_csv(p))) if r["item"] == "Client event: Crete"]
    assert [(r["start_date"], r["last_date"]) for r in rows] == [(HOLIDAY.date.isoformat(),
                                                                 HOLIDAY.end_date.isoformat())]


def test_saved_plans_carry_the_end_date_and_read_back(tmp_path):
    p = plan(events=(HOLIDAY,))
    path = save_plan(p, "crete", folder=tmp_path)
    (saved,) = json.loads(path.read_text())["request"]["events"]
    assert saved["end_date"] == HOLIDAY.end_date.isoformat()
    assert load_plan(path) == p and load_plan(path).request.events[0].length_days == 14


@pytest.mark.parametrize("end", ["absent", None])
def test_older_saved_plans_without_end_dates_still_load(tmp_path, end):
    p = plan()  # one wedding
    path = save_plan(p, "old", folder=tmp_path)
    document = json.loads(path.read_text())
    document["version"] = 1
    for event in document["request"]["events"]:
        if end == "absent":
            event.pop("end_date")
        else:
            event["end_date"] = end
    path.write_text(json.dumps(document))
    loaded = load_plan(path)
    assert loaded == p
    assert loaded.request.events[0].end_date == loaded.request.events[0].date


@pytest.mark.parametrize(("end", "words"), [
    ("soon", "date like"), (5, "'end_date'"), ("2027-03-01", "before it starts"),
    ("2030-01-01", "Length of the event"),
])
def test_bad_end_dates_in_files_are_refused(tmp_path, end, words):
    path = save_plan(plan(events=(HOLIDAY,)), "bad end", folder=tmp_path)
    _edit(path, lambda d: d["request"]["events"][0].update(end_date=end))
    with pytest.raises(PlanFileError, match=re.escape(words)):
        load_plan(path)
