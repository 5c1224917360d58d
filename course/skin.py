"""Skin cross-section teaching model: which layer a needle setting reaches, and what that means.

The layers and their typical thickness come from `data/skin_layers.csv` (an illustrative facial
schematic: real thickness varies with site, age and person, Kolarsick 2011). Area limits come from
`data/treatment_areas.csv` and depth bands from `course.bands`.

The depth dial is not the depth reached: skin deforms and needles do not go in to their full
length. Kalluri 2011 measured channels of about 0.15 mm from 770 µm needles, in rat skin, for one
needle length. So the model shows the channel as a wide band: from that one ratio scaled to the
setting (a rough low end) down to the needle's full length (no channel is deeper). It is an
illustrative teaching model, not a prediction for a client.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from course.bands import depth_band, treatment_area
from course.data import CourseData, load
from course.errors import InvalidInput
from course.records import DepthBand, SkinLayer, TreatmentArea

ROMAN = ("I", "II", "III", "IV", "V", "VI")


def roman(fitzpatrick_type: int) -> str:
    """Fitzpatrick type as the Roman numeral every page and message uses (4 -> IV)."""
    return ROMAN[fitzpatrick_type - 1]


BLEEDING_LAYER = "papillary_dermis"  # capillary loops: the epidermis itself has no blood vessels


@dataclass(frozen=True)
class LayerBand:
    """One layer of the schematic cross-section, from `top_mm` to `bottom_mm` below the surface."""

    layer: SkinLayer
    top_mm: float
    bottom_mm: float


def cross_section(data: CourseData | None = None) -> tuple[LayerBand, ...]:
    """The layers stacked from the surface down, using each layer's typical thickness (mm)."""
    data = data or load()
    bands, top = [], 0.0
    for layer in sorted(data.skin_layers.values(), key=lambda item: item.order):
        bands.append(LayerBand(layer, top, top + layer.typical_thickness_mm))
        top += layer.typical_thickness_mm
    return tuple(bands)


def layer_at(depth_mm: float, data: CourseData | None = None) -> SkinLayer:
    """The layer that contains a point `depth_mm` below the surface (top < depth ≤ bottom)."""
    section = cross_section(data)
    for band in section:
        if depth_mm <= band.bottom_mm:
            return band.layer
    return section[-1].layer  # deeper than the schematic: the deepest layer drawn


def channel_ratio(data: CourseData | None = None) -> float:
    """Measured channel depth / needle length (Kalluri 2011, rat skin): a single illustrative ratio."""
    data = data or load()
    return data.param("channel_depth_770um_mm") / data.param("channel_needle_length_mm")


@dataclass(frozen=True)
class Reach:
    """What a depth setting on an area reaches in the teaching model (all depths in mm)."""

    depth_mm: float  # the dial setting (nominal needle length)
    area: TreatmentArea
    layer: SkinLayer  # layer at the nominal setting
    channel_depth_mm: float  # low end of the channel band: one rat-skin ratio scaled (illustrative)
    channel_layer: SkinLayer  # layer at the low end
    channel_high_mm: float  # high end of the channel band: the needle's full length
    reaches_papillary_dermis: bool  # by the channel estimate: bleeding expected (pinpoint)
    band: DepthBand
    bleeding: str  # what the depth band says about bleeding
    max_depth_mm: float  # the area's course maximum
    over_max: bool
    warning: str  # '' unless over the area maximum; then it says the fix
    note: str  # why nominal length is not penetration depth


def check_depth(depth_mm: float, data: CourseData | None = None) -> float:
    """`depth_mm` as a float within the device range (above 0, at most the deepest setting)."""
    data = data or load()
    top = data.param("device_max_depth_mm")
    try:
        value = float(depth_mm)
    except (TypeError, ValueError):
        value = math.nan
    if math.isnan(value) or not 0 < value <= top:
        raise InvalidInput("depth_mm", f"Needle depth must be above 0 and at most {top:g} mm, the "
                                       f"deepest device setting (got {depth_mm!r}).")
    return value


def reach(depth_mm: float, area: str, data: CourseData | None = None) -> Reach:
    """The layer a setting reaches on `area`, whether it should bleed, and the area's limit.

    A depth over the area's course maximum is *reported* (`over_max`, `warning`); a depth outside
    the device range, an unknown area or an area never treated raises `InvalidInput`.
    """
    data = data or load()
    value = check_depth(depth_mm, data)
    found = treatment_area(area, data)
    band = depth_band(value, data)
    channel_mm = value * channel_ratio(data)
    channel_layer = layer_at(channel_mm, data)
    deep_enough = next(b.top_mm for b in cross_section(data) if b.layer.layer == BLEEDING_LAYER)
    over = value > found.max_depth_mm
    warning = (f"{value:g} mm is over the course maximum of {found.max_depth_mm:g} mm for "
               f"{found.label.lower()}: lower the depth to ≤ {found.max_depth_mm:g} mm or choose "
               "another area.") if over else ""
    note = (f"The dial says {value:g} mm, but needles do not go in to their full length: 770 µm "
            f"needles made channels about {data.param('channel_depth_770um_mm'):g} mm deep in rat "
            f"skin [Kalluri 2011], one study of one needle length in another species. So the channel "
            f"is shown as a wide band, from about {channel_mm:.2f} mm (that ratio scaled) to the full "
            f"{value:g} mm (illustrative).")
    return Reach(
        depth_mm=value, area=found, layer=layer_at(value, data), channel_depth_mm=channel_mm,
        channel_layer=channel_layer, channel_high_mm=value,
        reaches_papillary_dermis=channel_mm > deep_enough, band=band,
        bleeding=band.bleeding, max_depth_mm=found.max_depth_mm, over_max=over, warning=warning,
        note=note,
    )


def depth_table(data: CourseData | None = None) -> list[dict[str, object]]:
    """The course maximum depth per area (course convention), permitted areas first, as rows."""
    data = data or load()
    return [
        {"area": a.label, "region": a.region,
         "max_depth_mm": a.max_depth_mm if a.permitted else None,
         "treated": "yes" if a.permitted else "never (device labelling)",
         "evidence": a.evidence, "source_id": a.source_id}
        for a in sorted(data.treatment_areas.values(), key=lambda a: (not a.permitted, a.max_depth_mm))
    ]
