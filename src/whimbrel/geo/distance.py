"""Great-circle distances, one formula for the whole package (the shared scorer's: a sphere of
radius 6371 km), so that "within 25 km" means the same in geocoding, merging and evaluation."""
from __future__ import annotations

import math
from typing import Optional

EARTH_RADIUS_KM = 6371.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(min(1.0, h)))


def km_or_none(lat1, lon1, lat2, lon2) -> Optional[float]:
    """km(), or None when a coordinate is missing."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    return km(lat1, lon1, lat2, lon2)


def km_to_line(lat: float, lon: float, line: list[tuple[float, float]]) -> float:
    """Distance from a point to a polyline, on a local flat projection (fine over a theatre)."""
    kx = 111.32 * math.cos(math.radians(lat))
    best = float("inf")
    for (a_lat, a_lon), (b_lat, b_lon) in zip(line, line[1:]):
        ax, ay = (a_lon - lon) * kx, (a_lat - lat) * 110.57
        bx, by = (b_lon - lon) * kx, (b_lat - lat) * 110.57
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy or 1.0)))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best
