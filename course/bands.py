"""Depth bands, area limits and intervals: the lookups that screening and planning share."""

from __future__ import annotations

from course.data import CourseData, load
from course.errors import InvalidInput
from course.records import DepthBand, TreatmentArea


def depth_band(depth_mm: float, data: CourseData | None = None) -> DepthBand:
    """The band (A superficial, B medium, C deep) a needle depth falls in."""
    data = data or load()
    for band in data.depth_bands.values():
        if band.min_depth_mm < depth_mm <= band.max_depth_mm:
            return band
    top = max(b.max_depth_mm for b in data.depth_bands.values())
    raise InvalidInput("depth_mm", f"Needle depth must be above 0 and at most {top} mm "
                                   f"(got {depth_mm} mm).")


def treatment_area(area: str, data: CourseData | None = None) -> TreatmentArea:
    """A known, permitted treatment area; anything else raises `InvalidInput`."""
    data = data or load()
    try:
        found = data.treatment_areas[area] if isinstance(area, str) else data.treatment_areas[""]
    except KeyError:
        known = ", ".join(a for a, r in data.treatment_areas.items() if r.permitted)
        raise InvalidInput("treatment_area", f"Unknown treatment area {area!r}; "
                                             f"choose one of: {known}.") from None
    if not found.permitted:
        raise InvalidInput("treatment_area", f"{found.label} is never treated (not permitted): "
                                             "device labelling forbids needling within the orbital "
                                             "rim. Choose another area ('periorbital' is outside "
                                             "the rim).")
    return found


def interval_limits_weeks(band: DepthBand, area: TreatmentArea) -> tuple[float, float]:
    """(minimum, maximum) weeks between sessions: the area's own limits (scalp) or the band's."""
    low = area.min_interval_weeks if area.min_interval_weeks is not None else band.min_interval_weeks
    high = area.max_interval_weeks if area.max_interval_weeks is not None else band.max_interval_weeks
    return low, high


def sun_avoid_days(band: DepthBand, fitzpatrick_type: int, data: CourseData | None = None) -> int:
    """Days of sun avoidance after a session: the longer of the band's and the skin type's."""
    data = data or load()
    return max(band.sun_avoid_days, data.skin_types[fitzpatrick_type].sun_avoid_days)


def event_kind(event_type: str, data: CourseData | None = None) -> str:
    """'sun' for sun-exposure events, 'social' for everything else (unknown types are social)."""
    data = data or load()
    known = data.event_types.get(event_type)
    return known.kind if known is not None else "social"


def event_conflict(band: DepthBand, fitzpatrick_type: int, event_type: str, in_days: float,
                   data: CourseData | None = None) -> str:
    """'hard', 'soft' or 'none' for an event `in_days` after a session (docs/consultation-rules.md).

    Social: inside the band's redness window is hard, inside its pre-event buffer soft.
    Sun: inside the sun-avoidance window (band or skin type, the longer) is hard; no soft level.
    """
    data = data or load()
    if event_kind(event_type, data) == "sun":
        return "hard" if in_days < sun_avoid_days(band, fitzpatrick_type, data) else "none"
    if in_days < band.redness_days:
        return "hard"
    if in_days < band.event_buffer_days:
        return "soft"
    return "none"
