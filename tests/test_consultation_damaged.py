"""Damaged records (issue 15.7): every number has a range (`course.limits`); anything else is
refused as `InvalidRecord` naming the key in plain words, never OverflowError, TypeError or a
silently accepted value."""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.consultation import Assessment, InvalidRecord, assess
from course.limits import limit

DAY = dt.date(2026, 3, 2)


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "assessment_date": DAY.isoformat(), "age": 35, "fitzpatrick_type": 2,
        "indication": "fine_lines_wrinkles", "treatment_area": "cheeks", "conditions": ["melasma"],
        "medications": [{"name": "tretinoin", "class": "topical_retinoid", "current": False,
                         "days_since_last_dose": 10}],
        "pregnant": False, "breastfeeding": False, "last_session": "2026-01-05",
        "proposed_needle_depth_mm": 1.0, "proposed_interval_weeks": 4, "planned_sessions": 4,
        "upcoming_events": [{"type": "party", "in_days": 10}], "adjuncts": ["sterile_glide_gel"],
        "maintenance": False, "recent_procedures": [{"type": "waxing", "days_since": 20}],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"proposed_interval_weeks": 1e308}, "proposed_interval_weeks", "Interval between sessions must be"),
    ({"proposed_interval_weeks": 53}, "proposed_interval_weeks", "at most 52 weeks"),
    ({"proposed_interval_weeks": math.nan}, "proposed_interval_weeks", "not a number"),
    ({"proposed_interval_weeks": -math.inf}, "proposed_interval_weeks", "above 0"),
    ({"planned_sessions": 10**30}, "planned_sessions", "Number of sessions must be a whole number"),
    ({"planned_sessions": 53}, "planned_sessions", "from 1 to 52 sessions"),
    ({"planned_sessions": 4.0}, "planned_sessions", "whole number"),
    ({"planned_sessions": True}, "planned_sessions", "got yes"),
    ({"proposed_needle_depth_mm": math.inf}, "proposed_needle_depth_mm", "at most 3.0 mm"),
    ({"proposed_needle_depth_mm": math.nan}, "proposed_needle_depth_mm", "Needle depth"),
    ({"proposed_needle_depth_mm": 0}, "proposed_needle_depth_mm", "above 0"),
    ({"proposed_needle_depth_mm": False}, "proposed_needle_depth_mm", "got no"),
    ({"proposed_needle_depth_mm": None}, "proposed_needle_depth_mm", "got nothing"),
    ({"age": 10**30}, "age", "Age must be"), ({"age": 35.0}, "age", "whole number"),
    ({"fitzpatrick_type": False}, "fitzpatrick_type", "Fitzpatrick skin type"),
    ({"adjuncts": -0.0}, "adjuncts", "adjunct"), ({"adjuncts": 0}, "adjuncts", "adjunct"),
    ({"adjuncts": ""}, "adjuncts", "adjunct"), ({"adjuncts": False}, "adjuncts", "adjunct"),
    ({"recent_procedures": -0.0}, "recent_procedures", "list"),
    ({"upcoming_events": [{"type": "party", "in_days": 10**30}]}, "upcoming_events", "days until the event"),
    ({"upcoming_events": [{"type": "party", "in_days": 731}]}, "upcoming_events", "from 0 to 730 days"),
    ({"medications": [{"name": "x", "class": "other", "current": False,
                       "days_since_last_dose": 1e308}]}, "medications", "days since the last dose"),
    ({"medications": [{"name": "x", "class": "other", "current": False,
                       "days_since_last_dose": math.nan}]}, "medications", "not a number"),
    ({"recent_procedures": [{"type": "waxing", "days_since": 10**30}]}, "recent_procedures",
     "days since the procedure"),
    ({"assessment_date": "9999-12-31"}, "assessment_date", "Assessment date must be between"),
    ({"assessment_date": dt.date(1, 1, 1)}, "assessment_date", "between"),
    ({"last_session": "1900-01-01"}, "last_session", "Last session must be between"),
])
def test_numbers_without_bounds_are_refused_in_plain_words(changes: dict, field: str, words: str) -> None:
    with pytest.raises(InvalidRecord) as err:
        assess(record(**changes))
    assert err.value.field == field
    assert words in str(err.value)
    assert "None" not in str(err.value) and "True" not in str(err.value)


def test_the_undamaged_record_is_valid_and_limits_include_the_old_boundaries() -> None:
    assert isinstance(assess(record()), Assessment)
    assert limit("depth_mm").ok(3.0) and not limit("depth_mm").ok(3.01)
    assert limit("interval_weeks").ok(52) and limit("interval_weeks").ok(0.1)
    assert limit("sessions").ok(1) and not limit("sessions").ok(0)
    assert isinstance(assess(record(proposed_interval_weeks=52, planned_sessions=52)), Assessment)


# --- property: random damage, only InvalidRecord comes out ---------------------------------------

BAD = st.one_of(
    st.sampled_from([None, True, False, 0, -0.0, -1, 1e308, -1e308, 10**30, math.nan, math.inf, -math.inf,
                     "", "x", "2026-02-30", "9999-12-31", "0001-01-01", [], {}, [None], [[]], [{}],
                     ["melasma"], [{"type": "waxing", "days_since": 3}], 2.5, 180, "cheeks"]),
    st.integers(), st.floats(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
LISTS = ("conditions", "medications", "upcoming_events", "adjuncts", "recent_procedures")


@st.composite
def damaged(draw: st.DrawFn) -> Any:
    rec = copy.deepcopy(record())
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["value", "drop", "add", "nested", "whole"]))
        key = draw(st.sampled_from(sorted(rec) or ["age"]))
        if how == "value":
            rec[key] = draw(BAD)
        elif how == "drop":
            rec.pop(key, None)
        elif how == "add":
            rec[draw(st.text(max_size=6))] = draw(BAD)
        elif how == "nested":
            items = rec.get(draw(st.sampled_from(LISTS)))
            if isinstance(items, list) and items and isinstance(items[0], dict):
                inner = draw(st.sampled_from(sorted(items[0])))
                items[0][inner] = draw(BAD)
        else:
            return draw(BAD)
    return rec


@settings(max_examples=400, deadline=None)
@given(damaged())
def test_damaged_records_only_raise_invalid_record(rec: Any) -> None:
    try:
        result = assess(rec)
    except InvalidRecord as exc:
        assert isinstance(exc.field, str) and str(exc)
        assert "Traceback" not in str(exc)
    else:
        assert isinstance(result, Assessment)
        result.to_dict()
