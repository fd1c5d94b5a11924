"""A region's children as a static SVG map (no script, no tiles): for PDFs (WeasyPrint draws inline SVG) and other
places where Leaflet cannot run. The display geometries of `Boundary` are projected equirectangularly (longitude
scaled by the cosine of the middle latitude), fitted to the width, and drawn with the fills given per code."""

from __future__ import annotations

import json
import math
from html import escape

from kopdes.regions.boundaries import ATTRIBUTION
from kopdes.regions.models import Boundary

NO_DATA_FILL = "#e0e0e0"


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    else:
        for polygon in geometry["coordinates"]:
            yield from polygon


def children_svg(
    parent_code: str, *, fills: dict[str, str] | None = None, titles: dict[str, str] | None = None, width: int = 480
) -> str:
    """The SVG of the children of `parent_code` ("" for the provinces) that have a polygon; "" when none. `fills`
    maps a child's code to its colour (NO_DATA_FILL otherwise); `titles` to the tooltip text. Call it for a region
    already checked against the user (it reads the boundaries only)."""
    rows = list(Boundary.objects.filter(parent_code=parent_code).values_list("region_id", "display"))
    if not rows:
        return ""
    shapes = [(code, json.loads(display)) for code, display in rows]
    xs = [x for _code, geometry in shapes for ring in _rings(geometry) for x, _y in ring]
    ys = [y for _code, geometry in shapes for ring in _rings(geometry) for _x, y in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * kx, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    scale = width / span_x
    height = max(round(span_y * scale), 1)
    fills = fills or {}
    titles = titles or {}
    paths = []
    for code, geometry in shapes:
        d = " ".join(
            "M" + " L".join(f"{(x - min_x) * kx * scale:.1f},{(max_y - y) * scale:.1f}" for x, y in ring) + "Z"
            for ring in _rings(geometry)
        )
        title = f"<title>{escape(titles[code])}</title>" if code in titles else ""
        fill = escape(fills.get(code, NO_DATA_FILL))
        paths.append(
            f'<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#555" stroke-width="0.6" '
            f'data-code="{escape(code)}">{title}</path>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(ATTRIBUTION)}">{"".join(paths)}</svg>'
    )
