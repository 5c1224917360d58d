"""The planning model: dates, windows, conflicts with fixes, refusals, warnings, and the spacing property."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import bands
from course.data import load
from course.errors import InvalidInput
from course.planning import ClientEvent, PlanRequest, add_months, earliest_next_session, make_plan

START = dt.date(2027, 3, 1)


def request(**changes) -> PlanRequest:
    base = {"start_date": START, "indication": "fine_lines_wrinkles", "area": "cheeks", "depth_mm": 1.0,
            "sessions": 4, "interval_weeks": 4, "fitzpatrick_type": 2}
    base.update(changes)
    return PlanRequest(**base)


def on(days: int) -> dt.date:
    return START + dt.timedelta(days=days)


def test_sessions_are_start_plus_k_intervals_with_their_windows():
    data = load()
    plan = make_plan(request())
    band = data.depth_bands["B"]
    assert plan.band == "B"
    assert plan.session_dates == tuple(on(28 * k) for k in range(4))
    first = plan.sessions[0]
    assert (first.redness_end - first.date).days == band.redness_days
    assert (first.sun_avoid_end - first.date).days == bands.sun_avoid_days(band, 2, data)
    assert plan.conflicts == () and plan.warnings == () and plan.acceptable


def test_sun_window_is_longer_for_fitzpatrick_iv_to_vi():
    data = load()
    light, dark = make_plan(request(fitzpatrick_type=2)), make_plan(request(fitzpatrick_type=5))
    days = [(p.sessions[0].sun_avoid_end - p.sessions[0].date).days for p in (light, dark)]
    assert days == [bands.sun_avoid_days(data.depth_bands["B"], t, data) for t in (2, 5)]
    assert days[1] > days[0]


def test_maintenance_window_from_parameters():
    data = load()
    plan = make_plan(request())
    last = plan.session_dates[-1]
    assert plan.maintenance_from == add_months(last, int(data.param("maintenance_min_months")))
    assert plan.maintenance_to == add_months(last, int(data.param("maintenance_max_months")))


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 15), 6) == dt.date(2028, 2, 15)


def test_wedding_inside_redness_window_is_hard_with_fixes():
    plan = make_plan(request(events=(ClientEvent("wedding", on(28 + 1), "Wedding"),)))
    (conflict,) = plan.conflicts
    assert conflict.level == "hard" and conflict.rule_id == "P-EVENT-HARD" and conflict.session_number == 2
    assert not plan.acceptable
    kinds = {fix.kind for fix in conflict.fixes}
    assert {"move_later", "lengthen_interval"} <= kinds
    for fix in conflict.fixes:
        fixed = make_plan(fix.request)
        assert all(c.event != conflict.event for c in fixed.conflicts), fix.text


def test_lower_depth_fix_uses_a_shallower_band_that_clears_the_event():
    plan = make_plan(request(indication="stretch_marks", area="abdomen", depth_mm=2.0, interval_weeks=6,
                             events=(ClientEvent("party", on(42 + 5)),)))
    (conflict,) = plan.conflicts
    (lower,) = [f for f in conflict.fixes if f.kind == "lower_depth"]
    assert lower.request.depth_mm < 2.0
    assert make_plan(lower.request).conflicts == ()


def test_soft_conflict_is_a_warning_level_only():
    band = load().depth_bands["B"]
    plan = make_plan(request(events=(ClientEvent("party", on(band.redness_days + 1)),)))
    assert [c.level for c in plan.conflicts] == ["soft"]
    assert plan.acceptable


def test_event_before_a_session_is_not_a_conflict():
    plan = make_plan(request(events=(ClientEvent("wedding", on(27)),)))
    assert plan.conflicts == ()  # 27 days after session 1 and 1 day before session 2
    plan = make_plan(request(events=(ClientEvent("wedding", on(-1)),)))
    assert plan.conflicts == ()


def test_beach_holiday_soon_after_a_session_is_hard_and_just_before_gets_a_note():
    plan = make_plan(request(events=(ClientEvent("beach_holiday", on(28 + 3)),)))
    assert [(c.kind, c.level, c.rule_id) for c in plan.conflicts] == [("sun", "hard", "P-SUN")]
    before = make_plan(request(events=(ClientEvent("beach_holiday", on(28 - 5)),)))
    assert before.conflicts == ()
    assert len(before.notes) == 1 and "sunburn" in before.notes[0]


def test_move_earlier_keeps_the_minimum_gap():
    plan = make_plan(request(interval_weeks=6, events=(ClientEvent("wedding", on(42 + 1)),)))
    (conflict,) = plan.conflicts
    earlier = [f for f in conflict.fixes if f.kind == "move_earlier"]
    assert earlier
    dates = make_plan(earlier[0].request).session_dates
    assert (dates[1] - dates[0]).days >= 28


def test_earliest_next_session_is_last_plus_minimum_interval():
    assert earliest_next_session(START, 1.0, "cheeks") == on(28)
    assert earliest_next_session(START, 0.5, "nose") == on(14)
    assert earliest_next_session(START, 1.5, "scalp") == on(7)


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"depth_mm": 1.0, "area": "nose"}, "depth_mm", "0.5 mm or less"),
    ({"interval_weeks": 2}, "interval_weeks", "at least 4 weeks"),
    ({"depth_mm": 1.5, "area": "scalp", "interval_weeks": 0.5}, "interval_weeks", "at least 1 weeks"),
    ({"sessions": 0}, "sessions", "from 1 to 52 sessions"),
    ({"sessions": 53}, "sessions", "from 1 to 52 sessions"),
    ({"sessions": True}, "sessions", "whole number"),
    ({"interval_weeks": 1e308}, "interval_weeks", "at most 52 weeks"),
    ({"interval_weeks": float("nan")}, "interval_weeks", "not a number"),
    ({"area": "eyelid_within_orbital_rim", "depth_mm": 0.25}, "treatment_area", "orbital rim"),
    ({"depth_mm": 3.5}, "depth_mm", "at most"),
    ({"fitzpatrick_type": 7}, "fitzpatrick_type", "from 1 to 6"),
    ({"start_date": dt.date(9999, 12, 1)}, "start_date", "between"),
    ({"indication": "tattoo"}, "indication", "choose one of"),
    ({"events": (ClientEvent("moon_trip", START),)}, "events", "choose one of"),
])
def test_refusals_name_the_field_and_the_fix(changes, field, words):
    with pytest.raises(InvalidInput) as error:
        make_plan(request(**changes))
    assert error.value.field == field
    assert words in str(error.value)


def test_scalp_allows_weekly_sessions():
    plan = make_plan(request(indication="hair_loss", area="scalp", depth_mm=1.5, sessions=12,
                             interval_weeks=1))
    assert plan.warnings == ()
    assert (plan.session_dates[1] - plan.session_dates[0]).days == 7


def test_long_interval_and_unusual_session_count_are_warnings():
    plan = make_plan(request(interval_weeks=10, sessions=8))
    assert len(plan.warnings) == 2
    assert make_plan(request(sessions=1, maintenance=True)).warnings == ()


def test_session_dates_closer_than_the_minimum_are_refused():
    with pytest.raises(InvalidInput, match="at least 28 days apart"):
        make_plan(request(sessions=2, session_dates=(START, on(20))))


# --- property: never two sessions closer than the band minimum, including after fixes -------------
EVENT_TYPES = tuple(load().event_types)
AREAS = tuple(a for a, r in load().treatment_areas.items() if r.permitted)


@st.composite
def requests(draw) -> PlanRequest:
    data = load()
    area = draw(st.sampled_from(AREAS))
    steps = int(data.treatment_areas[area].max_depth_mm / 0.25)
    depth = 0.25 * draw(st.integers(1, steps))
    band = bands.depth_band(depth, data)
    low, high = bands.interval_limits_weeks(band, data.treatment_areas[area])
    interval = draw(st.integers(int(low + 0.99), int(high) + 3))
    events = draw(st.lists(st.builds(ClientEvent, st.sampled_from(EVENT_TYPES),
                                     st.integers(-20, 200).map(on)), max_size=3))
    return PlanRequest(START, draw(st.sampled_from(tuple(data.indications))), area, depth,
                       draw(st.integers(1, 8)), interval, draw(st.integers(1, 6)), tuple(events))


def _min_gap_ok(plan) -> bool:
    low_days = round(plan.min_interval_weeks * 7)
    return all((b - a).days >= low_days for a, b in itertools.pairwise(plan.session_dates))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_sessions_never_closer_than_the_band_minimum_even_after_fixes(req):
    plan = make_plan(req)
    assert _min_gap_ok(plan)
    for conflict in plan.conflicts:
        for fix in conflict.fixes:
            fixed = make_plan(fix.request)
            assert _min_gap_ok(fixed), fix.text
            assert all(c.event != conflict.event for c in fixed.conflicts), fix.text


@pytest.mark.parametrize("kind", ["areas", "bands", "indications", "protocols"])
def test_lesson_tables_come_from_data_with_sources(kind):
    from course.planning import planning_rows

    data = load()
    rows = planning_rows(kind)
    assert rows and all(row["source_id"] in data.sources and row["evidence"] in "VSU" for row in rows)


def test_protocols_name_known_indications_and_quote_the_facts():
    data = load()
    assert all(p.indication in data.indications for p in data.protocols.values())
    assert data.protocols["harris2015_acne"].depth_mm == 1.5
    assert data.protocols["dhurat2013_alopecia"].interval_weeks == 1


def test_unknown_table_is_refused():
    from course.planning import planning_rows

    with pytest.raises(InvalidInput, match="choose areas"):
        planning_rows("everything")


def test_the_first_session_is_never_brought_before_the_start_date():
    plan = make_plan(request(events=(ClientEvent("wedding", on(1)),)))
    (conflict,) = plan.conflicts
    assert conflict.session_number == 1
    assert [f for f in conflict.fixes if f.kind == "move_earlier"] == []
    assert all(make_plan(f.request).session_dates[0] >= START for f in conflict.fixes)


# --- damaged requests (issue 15.7): only InvalidInput comes out ------------------------------------

BAD = st.one_of(
    st.sampled_from([None, True, False, 0, -0.0, -1, 1e308, 10**30, float("nan"), float("inf"), "", "x",
                     [], {}, 2.5, "cheeks", dt.date(2100, 12, 31), dt.date(1, 1, 1)]),
    st.integers(), st.floats(), st.text(max_size=4),
)
FIELDS = ("start_date", "indication", "area", "depth_mm", "sessions", "interval_weeks", "fitzpatrick_type",
          "events", "maintenance", "session_dates")


EVENTS = st.builds(lambda kind, day, label: (ClientEvent(kind, day, label),),
                   st.one_of(st.sampled_from(["wedding", "sun_holiday"]), BAD),
                   st.one_of(st.dates(dt.date(2027, 1, 1), dt.date(2028, 1, 1)), BAD),
                   st.one_of(st.text(max_size=3), BAD))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(BAD, EVENTS), min_size=1, max_size=3))
def test_damaged_requests_only_raise_invalid_input(changes):
    try:
        plan = make_plan(request(**changes))
    except InvalidInput as exc:
        assert isinstance(exc.field, str) and str(exc)
    else:
        assert plan.sessions


# --- events with a length: every day is checked -------------------------------------------------------

def holiday(first: int, last: int, kind: str = "sun_holiday") -> ClientEvent:
    return ClientEvent(kind, on(first), "Holiday", on(last))


def test_a_sun_holiday_that_spans_a_session_is_sun_exposure_after_needling():
    plan = make_plan(request(events=(holiday(28 - 3, 28 + 5),)))  # session 2 is on day 28
    (conflict,) = plan.conflicts
    assert (conflict.session_number, conflict.kind, conflict.level) == (2, "sun", "hard")
    assert conflict.rule_id == "P-SUN"
    assert conflict.days_after == 0 and "falls during" in conflict.text
    assert not plan.acceptable and conflict.fixes
    single = make_plan(request(events=(ClientEvent("sun_holiday", on(28 - 3)),)))  # the first day alone
    assert single.conflicts == () and single.acceptable


@pytest.mark.parametrize(("first", "last", "level"), [
    (20, 27, None),  # ends the day before session 2: a note, no conflict
    (20, 28, "hard"),  # ends on the session day
    (29, 40, "hard"), (34, 40, "hard"),  # starts 6 days after: inside the 7-day sun window
    (35, 60, None),  # starts 7 days after: outside
])
def test_sun_holiday_days_against_the_sun_window(first, last, level):
    plan = make_plan(request(sessions=2, events=(holiday(first, last),)))
    assert [c.level for c in plan.conflicts] == ([level] if level else [])


@pytest.mark.parametrize(("first", "last", "level"), [
    (-2, 1, "hard"),  # a social event running over the session: redness is visible on its last days
    (2, 4, "hard"), (3, 5, "soft"), (6, 9, "soft"), (7, 9, None), (-5, -1, None),
])
def test_social_event_days_against_redness_and_buffer(first, last, level):
    event = ClientEvent("party", on(first), "Festival", on(last))
    plan = make_plan(request(sessions=1, events=(event,)))  # band B: redness 3 days, buffer 7
    assert [c.level for c in plan.conflicts] == ([level] if level else [])


def test_one_day_events_are_unchanged_and_end_on_their_day():
    event = ClientEvent("wedding", on(30))
    assert event.end_date == event.date and event.length_days == 1
    assert event == ClientEvent("wedding", on(30), "", on(30))


@pytest.mark.parametrize(("event", "words"), [
    (ClientEvent("sun_holiday", on(10), "Holiday", on(9)), "before it starts"),
    (ClientEvent("sun_holiday", on(10), "Holiday", on(10 + 366)), "Length of the event"),
    (ClientEvent("sun_holiday", on(10), "Holiday", "next week"), "last day"),  # type: ignore[arg-type]
])
def test_bad_event_ends_are_refused(event, words):
    with pytest.raises(InvalidInput) as error:
        make_plan(request(events=(event,)))
    assert error.value.field == "events" and words in str(error.value)


def test_move_later_clears_the_whole_holiday_and_the_sunburn_wait():
    plan = make_plan(request(events=(holiday(25, 33),)))
    fix = next(f for f in plan.conflicts[0].fixes if f.kind == "move_later")
    moved = make_plan(fix.request)
    assert moved.conflicts == () and moved.notes == ()
    assert moved.session_dates[1] > on(33 + 14)  # after the holiday and the R-SUN wait


@settings(max_examples=150, deadline=None)
@given(first=st.integers(-20, 80), length=st.integers(1, 30), depth=st.sampled_from([0.5, 1.0, 1.5]),
       fitz=st.integers(1, 6), kind=st.sampled_from(["sun_holiday", "party"]))
def test_every_day_of_an_event_is_checked(first, length, depth, fitz, kind):
    data = load()
    event = ClientEvent(kind, on(first), "", on(first + length - 1))
    plan = make_plan(request(events=(event,), depth_mm=depth, fitzpatrick_type=fitz, sessions=3,
                             interval_weeks=6))
    band = bands.depth_band(depth, data)
    for session in plan.sessions:
        days = [event.date + dt.timedelta(days=k) for k in range(length)]
        levels = {bands.event_conflict(band, fitz, kind, (day - session.date).days, data)
                  for day in days if day >= session.date}
        worst = "hard" if "hard" in levels else "soft" if "soft" in levels else None
        found = [c.level for c in plan.conflicts if c.session_number == session.number]
        assert found == ([worst] if worst else [])


@pytest.mark.parametrize(("fitz", "depth", "warned"), [(4, 1.0, False), (4, 1.01, True), (6, 1.5, True),
                                                       (3, 1.5, False), (5, 0.75, False)])
def test_planner_shows_the_darker_skin_depth_warning(fitz, depth, warned):
    plan = make_plan(request(fitzpatrick_type=fitz, depth_mm=depth))
    found = [w for w in plan.warnings if "1.0 mm or less" in w and "test spot" in w]
    assert len(found) == (1 if warned else 0)
    assert plan.acceptable  # a warning only
