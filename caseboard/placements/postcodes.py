"""Distances between postcode districts for the placement finder, from the centroid list shipped with the code
(``data/postcode_districts.csv``: the demo council's districts, the City of London's whose real postcodes it uses
(``core.demo_postcodes``), a few districts of England for placements out of area, and fictional NM districts for
examples and tests). No network lookups; a council replaces the file with its own region's districts."""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "postcode_districts.csv"
EARTH_RADIUS_KM = 6371.0


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        return {row["district"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(handle)}


def district(postcode: str) -> str:
    """The outward code of a postcode ("NM3 4AB" -> "NM3"; a bare district is returned as it is)."""
    text = "".join(postcode.split()).upper()
    if not text:
        return ""
    return text[:-3] if len(text) >= 5 else text


def centroid(postcode: str) -> tuple[float, float] | None:
    return _centroids().get(district(postcode)) if postcode else None


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Great-circle distance between two centroids (haversine); None if either is unknown."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
