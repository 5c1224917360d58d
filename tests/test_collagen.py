"""The collagen teaching model: baseline, lag, per-session contributions, short intervals, refusals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import data
from course.collagen import MAX_SESSIONS, Schedule, collagen_series, compare, default_weeks
from course.errors import InvalidInput

D = data.load()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, MAX_SESSIONS), st.integers(1, 12), st.sampled_from(["A", "B", "C"]))
def test_never_below_baseline_and_sums_up(sessions: int, interval: int, band: str) -> None:
    curve = collagen_series(None, sessions, interval, band)
    assert (curve.total >= 1.0).all()
    assert len(curve.contributions) == sessions
    assert np.allclose(curve.total, 1.0 + np.sum(curve.contributions, axis=0))
    assert all((c >= 0).all() for c in curve.contributions)
    assert curve.session_weeks == tuple(i * interval for i in range(sessions))


def test_default_weeks_span_the_horizon() -> None:
    weeks = default_weeks()
    assert weeks[0] == 0 and weeks[-1] == D.param("collagen_horizon_weeks")


def test_nothing_before_the_lag_then_a_rise() -> None:
    lag_weeks = D.param("collagen_lag_days") / 7
    curve = collagen_series([0, lag_weeks * 0.9, lag_weeks, lag_weeks + 4], 1, 4, "B")
    assert curve.total[:3].tolist() == [1.0, 1.0, 1.0]
    assert curve.total[3] > 1.0


def test_one_session_settles_at_the_retained_share() -> None:
    curve = collagen_series([520.0], 1, 4, "B")
    expected = D.param("collagen_gain_band_b") * D.param("collagen_retained_fraction")
    assert curve.final_gain == pytest.approx(expected, rel=1e-3)


def test_deeper_bands_gain_more_per_session() -> None:
    gains = [collagen_series(None, 4, 8, b).final_gain for b in "ABC"]
    assert gains[0] < gains[1] < gains[2]


def test_too_short_interval_shrinks_extra_sessions() -> None:
    minimum = D.depth_bands["B"].min_interval_weeks
    ok = collagen_series(None, 4, minimum, "B")
    short = collagen_series(None, 4, minimum / 2, "B")
    assert not ok.too_short and short.too_short
    assert short.efficiency == (1.0, 0.5, 0.5, 0.5)
    assert short.final_gain < ok.final_gain
    result = compare(Schedule(4, minimum, "B"), {"sessions": 4, "interval_weeks": minimum / 2})
    assert result.better == "A" and result.difference > 0


def test_visible_window_comes_from_the_data() -> None:
    curve = collagen_series(None, 3, 4, "B")
    assert curve.visible_window_weeks == (D.param("visible_result_min_weeks"),
                                          D.param("visible_result_max_weeks"))


def test_compare_same_schedule_is_same() -> None:
    assert compare(Schedule(3, 4), Schedule(3, 4)).better == "same"


@pytest.mark.parametrize("sessions, interval, band, field", [
    (0, 4, "B", "sessions"), (13, 4, "B", "sessions"), (2.5, 4, "B", "sessions"),
    (3, 0, "B", "interval_weeks"), (3, -2, "B", "interval_weeks"), (3, 4, "D", "band"),
])
def test_invalid_schedules_are_refused(sessions, interval, band, field) -> None:
    with pytest.raises(InvalidInput) as err:
        collagen_series(None, sessions, interval, band)
    assert err.value.field == field


def test_bad_schedule_mapping_says_what_is_needed() -> None:
    with pytest.raises(InvalidInput, match="sessions, interval_weeks"):
        compare({"n": 3}, Schedule(3, 4))
