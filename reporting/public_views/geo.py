"""Country centroids computed from the world-atlas shapes the map draws (TopoJSON, ISO numeric ids).

`/api/actions.geojson` places each Action's feature at the centroid of its country's largest polygon,
so the points sit on the shapes the map shows. Countries missing from the 110m atlas (small island
states) get a null geometry; their properties still carry the country code.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django_countries import countries

ATLAS = "vendor/world-atlas/countries-110m.json"


def atlas_path():
    found = finders.find(ATLAS)
    return Path(found) if found else Path(settings.BASE_DIR) / "static" / ATLAS


def _decode_arcs(topology):
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _area_and_centroid(ring):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        xs, ys = zip(*ring, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area / 2), (cx / (3 * area), cy / (3 * area))


@lru_cache(maxsize=1)
def centroids():
    """{alpha-2 code: (longitude, latitude)} for every country of the atlas."""
    import json

    path = atlas_path()
    if not path.exists():
        return {}
    topology = json.loads(path.read_text())
    arcs = _decode_arcs(topology)
    result = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        alpha2 = countries.alpha2(geometry.get("id") or "")
        if not alpha2 or not geometry.get("arcs"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        best = max((_area_and_centroid(_ring(arcs, polygon[0])) for polygon in polygons), key=lambda ac: ac[0])
        result[alpha2] = (round(best[1][0], 4), round(best[1][1], 4))
    return result
