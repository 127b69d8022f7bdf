"""District boundaries: reading uploaded GeoJSON, projecting it for SVG maps, and the
schematic boundaries of the demo.

Uploaded boundaries are a GeoJSON FeatureCollection in WGS 84 (longitude, latitude), one
Polygon or MultiPolygon feature per area, with the area's code (or name) in its properties.
"""

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from querschnitt.monitoring.dimensions import normalise

Point = tuple[float, float]
CODE_PROPERTIES = ("code", "schluessel", "schlüssel", "nummer", "id", "stadtbezirk", "bezirk")
NAME_PROPERTIES = ("name", "bezeichnung", "stadtbezirk_name", "bezirksname")
MAX_GEOJSON_BYTES = 10 * 1024 * 1024
MAX_POINTS = 200_000


class BoundaryError(ValueError):
    """The file cannot be used as boundaries; the message says why."""


@dataclass(frozen=True)
class Feature:
    number: int
    code: str
    name: str
    geometry: dict[str, Any]


def read_features(content: bytes) -> list[Feature]:
    from django.utils.translation import gettext as _

    if len(content) > MAX_GEOJSON_BYTES:
        raise BoundaryError(_("The file is larger than 10 MB."))
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryError(
            _("The file is not valid GeoJSON: %(error)s") % {"error": error}
        ) from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError(_("Expected a GeoJSON FeatureCollection."))
    features = []
    points = 0
    for number, feature in enumerate(data.get("features") or [], start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            raise BoundaryError(
                _("Feature %(number)s is not a Polygon or MultiPolygon.") % {"number": number}
            )
        for ring in rings(geometry):
            points += len(ring)
            for point in ring:
                if (
                    not isinstance(point, list | tuple)
                    or len(point) < 2
                    or not all(isinstance(c, int | float) for c in point[:2])
                    or not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90)
                ):
                    raise BoundaryError(
                        _(
                            "Feature %(number)s has a point that is not a longitude and latitude "
                            "in WGS 84: %(point)s"
                        )
                        % {"number": number, "point": str(point)[:60]}
                    )
        if points > MAX_POINTS:
            raise BoundaryError(_("The boundaries have more than 200,000 points."))
        properties = {
            normalise(key): str(value)
            for key, value in (feature.get("properties") or {}).items()
            if value is not None
        }
        code = next((properties[key] for key in CODE_PROPERTIES if key in properties), "")
        name = next((properties[key] for key in NAME_PROPERTIES if key in properties), "")
        features.append(Feature(number, code, name, geometry))
    if not features:
        raise BoundaryError(_("The file has no features."))
    return features


def rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    for polygon in polygons:
        if not isinstance(polygon, list):
            continue
        for ring in polygon:
            if isinstance(ring, list):
                yield ring


# ---------------------------------------------------------------------------------------------
# Projection for SVG


@dataclass(frozen=True)
class Projection:
    """Equirectangular, scaled at the mean latitude: good enough for one city."""

    west: float
    north: float
    scale: float
    x_factor: float

    def __call__(self, point: Sequence[float]) -> Point:
        return (
            (point[0] - self.west) * self.x_factor * self.scale,
            (self.north - point[1]) * self.scale,
        )


def projection_for(geometries: Iterable[dict[str, Any]], width: float) -> tuple[Projection, float]:
    """A projection that fits every geometry into `width`; and the height it needs."""
    points = [point for geometry in geometries for ring in rings(geometry) for point in ring]
    west = min(p[0] for p in points)
    east = max(p[0] for p in points)
    south = min(p[1] for p in points)
    north = max(p[1] for p in points)
    x_factor = math.cos(math.radians((north + south) / 2))
    span = max((east - west) * x_factor, 1e-9)
    scale = width / span
    return Projection(west, north, scale, x_factor), (north - south) * scale


def svg_path(geometry: dict[str, Any], projection: Projection) -> str:
    parts = []
    for ring in rings(geometry):
        points = [projection(point) for point in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


# The keys hold the boundaries' stored texts (GeoJSON, often tens of kB each): a few hundred
# entries are the districts of many municipalities at the widths drawn.
MAX_OUTLINES = 512
_projections: dict[tuple[frozenset[str], float], tuple[Projection, float]] = {}
_paths: dict[tuple[str, Projection], str] = {}


def outlines(
    shapes: Sequence[tuple[str | None, dict[str, Any]]], width: float
) -> tuple[float, list[str]]:
    """The height `projection_for` gives the geometries and `svg_path` of each, for
    (stored text, geometry) pairs; remembered by the stored texts (what the geometries are
    made of), so a changed boundary is drawn afresh. Without a text for each, drawn afresh."""
    texts = [text for text, _geometry in shapes if text is not None]
    geometries = [geometry for _text, geometry in shapes]
    if len(texts) < len(shapes):
        projection, height = projection_for(geometries, width)
        return height, [svg_path(geometry, projection) for geometry in geometries]
    key = (frozenset(texts), width)
    found = _projections.get(key)
    if found is None:
        found = _kept(_projections, key, projection_for(geometries, width))
    projection, height = found
    paths = []
    for text, geometry in zip(texts, geometries, strict=True):
        path = _paths.get((text, projection))
        if path is None:
            path = _kept(_paths, (text, projection), svg_path(geometry, projection))
        paths.append(path)
    return height, paths


def _kept[K, V](memory: dict[K, V], key: K, value: V) -> V:
    if len(memory) >= MAX_OUTLINES:
        memory.clear()
    memory[key] = value
    return value


# ---------------------------------------------------------------------------------------------
# Schematic boundaries (demo): cells around the districts' centres within an oval outline


def clip(polygon: list[Point], a: Point, b: Point) -> list[Point]:
    """Keep the part of `polygon` on the side of the line a→b where b's bisector puts a."""
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    normal = (b[0] - a[0], b[1] - a[1])

    def inside(p: Point) -> bool:
        return (p[0] - mid[0]) * normal[0] + (p[1] - mid[1]) * normal[1] <= 0

    result: list[Point] = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        if inside(current):
            if not inside(previous):
                result.append(intersection(previous, current, mid, normal))
            result.append(current)
        elif inside(previous):
            result.append(intersection(previous, current, mid, normal))
    return result


def intersection(p: Point, q: Point, mid: Point, normal: Point) -> Point:
    dp = (p[0] - mid[0]) * normal[0] + (p[1] - mid[1]) * normal[1]
    dq = (q[0] - mid[0]) * normal[0] + (q[1] - mid[1]) * normal[1]
    t = dp / (dp - dq)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def schematic_boundaries(
    centres: Sequence[tuple[float, float]], bounds: tuple[float, float, float, float]
) -> list[dict[str, Any]]:
    """A GeoJSON polygon per centre (lat, lon): its Voronoi cell within an oval."""
    south, north, west, east = bounds
    factor = math.cos(math.radians((south + north) / 2))
    centre = ((west + east) / 2 * factor, (south + north) / 2)
    radius = ((east - west) / 2 * factor, (north - south) / 2)
    outline = [
        (
            centre[0] + radius[0] * math.cos(2 * math.pi * k / 32),
            centre[1] + radius[1] * math.sin(2 * math.pi * k / 32),
        )
        for k in range(32)
    ]
    sites = [(lon * factor, lat) for lat, lon in centres]
    geometries = []
    for i, site in enumerate(sites):
        cell = outline
        for j, other in enumerate(sites):
            if i != j and cell:
                cell = clip(cell, site, other)
        ring = [[round(x / factor, 5), round(y, 5)] for x, y in cell]
        ring.append(ring[0])
        geometries.append({"type": "Polygon", "coordinates": [ring]})
    return geometries
