"""Redness (erythema) after a session: an illustrative teaching model, not a prediction for a client.

Redness peaks right after needling (sunburn-like) and fades back to baseline. How long that takes
comes from `data/redness_bands.csv` (per depth band, with the course's range around the study
figures) times an area-region factor and a sensitivity factor (`redness_*` rows of
`data/parameters.csv`), clipped to the band's range. The skin type does not change the
inflammation, only how *visible* it is (`skin_types.csv` `redness_visibility_factor`): on darker
skin redness is harder to see while the risk of post-inflammatory hyperpigmentation (PIH) is
higher, so "I can't see it" is not "it's over".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course import bands
from course.data import CourseData, load
from course.errors import InvalidInput
from course.records import DepthBand, TreatmentArea

SENSITIVITIES = ("resilient", "normal", "sensitive")
# Which parameter scales the resolve time for each sensitivity / area region (None: factor 1).
SENSITIVITY_FACTOR = {"resilient": "redness_resilient_factor", "normal": None,
                      "sensitive": "redness_sensitive_factor"}
REGION_FACTOR = {"face": None, "scalp": None, "neck": "redness_face_neck_factor",
                 "body": "redness_body_factor"}


@dataclass(frozen=True)
class RednessInputs:
    """What the curve was computed for."""

    depth_mm: float
    area: str
    fitzpatrick_type: int
    sensitivity: str


@dataclass(frozen=True, eq=False)
class RednessCurve:
    """Erythema index over time (0 = baseline, the band's peak right after treatment).

    `index` is the inflammation; `visible_index` is how much of it shows on this skin type.
    `lower`/`upper` bound the expected range (the band's shortest and longest reported resolve
    times). Times are hours after the end of the session.
    """

    hours: np.ndarray
    index: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    visible_index: np.ndarray
    resolve_h: float  # back to baseline (exactly 0 from here on)
    visible_until_h: float  # visible redness (above the threshold) until this hour
    min_resolve_h: float
    max_resolve_h: float
    peak_index: float
    visible_threshold_index: float
    visibility_factor: float
    band: DepthBand
    area: TreatmentArea
    inputs: RednessInputs


@dataclass(frozen=True)
class WarningSign:
    """A finding that is not normal healing: `short` for a figure, `text` for prose."""

    short: str
    text: str
    evidence: str
    source_id: str


def _fade(hours: np.ndarray, resolve_h: float, rate: float) -> np.ndarray:
    """Share of the peak left: 1 at 0 h, falling like an exponential, exactly 0 from `resolve_h`."""
    x = np.clip(np.asarray(hours, dtype=float) / resolve_h, 0.0, 1.0)
    floor = math.exp(-rate)
    share = (np.exp(-rate * x) - floor) / (1.0 - floor)
    share = np.where(x >= 1.0, 0.0, np.clip(share, 0.0, 1.0))
    return np.where(np.asarray(hours) < 0, 0.0, share)  # before the session: baseline


def _fade_until(share: float, resolve_h: float, rate: float) -> float:
    """Hour at which `_fade` falls to `share` (0 if it never reaches above it)."""
    if share >= 1.0:
        return 0.0
    if share <= 0.0:
        return resolve_h
    floor = math.exp(-rate)
    return resolve_h * -math.log(share * (1.0 - floor) + floor) / rate


def _factor(name: str | None, data: CourseData) -> float:
    return 1.0 if name is None else data.param(name)


def check_depth_for_area(depth_mm: float, area: str, data: CourseData | None = None
                         ) -> tuple[DepthBand, TreatmentArea]:
    """The band and area for a depth, refusing a depth over the area's course maximum."""
    data = data or load()
    found = bands.treatment_area(area, data)
    band = bands.depth_band(depth_mm, data)
    if depth_mm > found.max_depth_mm:
        raise InvalidInput("depth_mm", f"{depth_mm:g} mm is deeper than the course maximum for "
                                       f"{found.label} ({found.max_depth_mm:g} mm). Choose "
                                       f"{found.max_depth_mm:g} mm or less, or a different area.")
    return band, found


def erythema(hours: np.ndarray | list[float], depth_mm: float, area: str, fitzpatrick_type: int,
             sensitivity: str = "normal", data: CourseData | None = None) -> RednessCurve:
    """Redness over `hours` after a session at `depth_mm` on `area` (illustrative teaching model)."""
    data = data or load()
    if sensitivity not in SENSITIVITIES:
        raise InvalidInput("sensitivity", f"Sensitivity must be one of {', '.join(SENSITIVITIES)} "
                                          f"(got {sensitivity!r}).")
    if fitzpatrick_type not in data.skin_types:
        raise InvalidInput("fitzpatrick_type", "Fitzpatrick type must be a whole number from 1 (I) "
                                               f"to 6 (VI) (got {fitzpatrick_type!r}).")
    band, found = check_depth_for_area(depth_mm, area, data)
    rb = data.redness_bands[band.band]
    rate = data.param("redness_decay_rate")
    typical = (rb.typical_resolve_h * _factor(REGION_FACTOR[found.region], data)
               * _factor(SENSITIVITY_FACTOR[sensitivity], data))
    resolve_h = float(min(max(typical, rb.min_resolve_h), rb.max_resolve_h))
    hours_arr = np.asarray(hours, dtype=float)
    index = rb.peak_erythema_index * _fade(hours_arr, resolve_h, rate)
    visibility = data.skin_types[fitzpatrick_type].redness_visibility_factor
    threshold = data.param("redness_visible_index")
    return RednessCurve(
        hours=hours_arr,
        index=index,
        lower=rb.peak_erythema_index * _fade(hours_arr, rb.min_resolve_h, rate),
        upper=rb.peak_erythema_index * _fade(hours_arr, rb.max_resolve_h, rate),
        visible_index=index * visibility,
        resolve_h=resolve_h,
        visible_until_h=_fade_until(threshold / (rb.peak_erythema_index * visibility), resolve_h, rate),
        min_resolve_h=rb.min_resolve_h,
        max_resolve_h=rb.max_resolve_h,
        peak_index=rb.peak_erythema_index,
        visible_threshold_index=threshold,
        visibility_factor=visibility,
        band=band,
        area=found,
        inputs=RednessInputs(depth_mm, area, fitzpatrick_type, sensitivity),
    )


def warning_signs(data: CourseData | None = None) -> tuple[WarningSign, ...]:
    """Findings after a session that are not normal healing and need action (facts §3, §9)."""
    data = data or load()
    p = data.parameters
    redness, worse, pressure = (p["abnormal_redness_days"], p["worsening_after_days"],
                                p["bleeding_pressure_minutes"])
    return (
        WarningSign(f"redness > {redness.value:g} days",
                    f"Redness or swelling lasting beyond {redness.value:g} days.",
                    redness.evidence, redness.source_id),
        WarningSign(f"worse after {worse.value * 24:g} h",
                    f"Redness, heat or pain that increases after the first {(worse.value - 1) * 24:g}–"
                    f"{worse.value * 24:g} hours instead of settling.", worse.evidence, worse.source_id),
        WarningSign(f"bleeding > {pressure.value:g} min of pressure",
                    f"Oozing that continues despite about {pressure.value:g} minutes of firm pressure, "
                    "or an expanding bruise: stop and escalate.", pressure.evidence, pressure.source_id),
        WarningSign("pus, fever, spreading redness",
                    "Rising pain, pus, honey-coloured crusts, fever or spreading redness "
                    "(possible infection).", "U", "course"),
        WarningSign("clustered blisters",
                    "Clustered blisters or erosions (possible herpes simplex).", "U", "course"),
        WarningSign("new bumps weeks later",
                    "New papules or nodules weeks later (possible granulomatous reaction).",
                    "V", "friedmann2024"),
    )
