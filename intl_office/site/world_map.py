"""World maps drawn on the server as SVG, from the country shapes the countryinfo package ships (Natural Earth
outlines, by ISO code): no tiles, no CDN, no script.

A map colours each country or region by its count, in a few bands; a country with a page to go to (the partner
directory filtered by it) is a link. Places too small for an outline at this scale (Hong Kong, Macao, Singapore) are
drawn as dots at their coordinates. The map itself is hidden from assistive technology and from the keyboard: the
table beside it (``rows``) says the same, with the same links.
"""

from dataclasses import dataclass
from functools import lru_cache

from countryinfo import CountryInfo
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_countries.fields import Country

from intl_office.core.i18n import name_sort_key

# Equirectangular, two units a degree, cut at 84°N and 58°S (no Antarctica): a 720 by 284 drawing.
SCALE = 2
NORTH, SOUTH = 84, -58
WIDTH, HEIGHT = 360 * SCALE, (NORTH - SOUTH) * SCALE
LEFT_OUT = {"AQ"}
DOT_RADIUS = 3


def _point(lon: float, lat: float) -> tuple[int, int]:
    lat = max(min(lat, NORTH), SOUTH)
    return round((lon + 180) * SCALE), round((NORTH - lat) * SCALE)


def _ring_path(ring) -> str:
    """One closed outline as relative moves ("m x y l dx dy ..."), points that round to the same one dropped."""
    points = []
    for lon, lat, *_altitude in ring:
        point = _point(lon, lat)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) < 3:
        return ""
    (x, y), steps = points[0], []
    for px, py in points[1:]:
        steps.append(f"{px - x} {py - y}")
        x, y = px, py
    return f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + "z"


@lru_cache(maxsize=1)
def shapes() -> dict[str, str]:
    """{ISO alpha-2 code: SVG path data} for every country the package outlines; read once per process."""
    paths = {}
    for record in CountryInfo.all().values():
        code = (record.get("ISO") or {}).get("alpha2")
        features = (record.get("geoJSON") or {}).get("features") or []
        if not code or code in LEFT_OUT or not features:
            continue
        rings = []
        for feature in features:
            geometry = feature["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            rings += [_ring_path(polygon[0]) for polygon in polygons]  # outer rings: lakes are not drawn
        if path := "".join(rings):
            paths[code] = path
    return paths


@lru_cache(maxsize=1)
def dots() -> dict[str, tuple[int, int]]:
    """{code: (x, y)} of the places with no outline at this scale, drawn as dots."""
    outlined = shapes()
    places = {}
    for record in CountryInfo.all().values():
        code = (record.get("ISO") or {}).get("alpha2")
        latlng = record.get("latlng") or []
        if code and code not in outlined and code not in LEFT_OUT and len(latlng) == 2:
            places[code] = _point(latlng[1], latlng[0])
    return places


@dataclass(frozen=True)
class Band:
    lowest: int
    label: str


@dataclass
class WorldMap:
    svg: SafeString
    rows: list[dict]
    legend: list[dict]


def band_of(count: int, bands: list[Band]) -> int:
    """1 for the first band, ... 0 for none."""
    found = 0
    for number, band in enumerate(bands, start=1):
        if count >= band.lowest:
            found = number
    return found


def draw(counts: dict[str, int], bands: list[Band], *, title: str, link=None, describe=None) -> WorldMap:
    """The map of counts per country code, and its table (rows by name in the page's language).

    ``link(code)``: the address a country leads to, or None; ``describe(code, count)``: its tooltip.
    """
    describe = describe or (lambda code, count: f"{Country(code).name}: {count}")
    link = link or (lambda code: None)
    parts = []
    outlined, places = shapes(), dots()
    for code, path in outlined.items():
        parts.append(_shape(code, format_html('<path d="{}"></path>', path), counts, bands, link, describe))
    for code, (x, y) in places.items():
        circle = format_html('<circle cx="{}" cy="{}" r="{}"></circle>', x, y, DOT_RADIUS)
        # Dots of places with nothing to show would only clutter the sea.
        if counts.get(code):
            parts.append(_shape(code, circle, counts, bands, link, describe))
    svg = format_html(
        '<svg class="world-map" viewBox="0 0 {} {}" aria-hidden="true" focusable="false"><title>{}</title>{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
    rows = [{"country": Country(code), "count": count, "url": link(code)} for code, count in counts.items() if count]
    rows.sort(key=lambda row: name_sort_key(row["country"].name))
    legend = [{"band": number, "label": band.label} for number, band in enumerate(bands, start=1)]
    return WorldMap(svg=svg, rows=rows, legend=legend)


def _shape(code, element, counts, bands, link, describe):
    count = counts.get(code, 0)
    band = band_of(count, bands) if count else 0
    if not band:
        return format_html('<g class="band-0">{}</g>', element)
    inner = format_html("<title>{}</title>{}", describe(code, count), element)
    url = link(code)
    if url:
        # Out of the tab order: keyboard and screen-reader users have the same links in the table.
        return format_html('<a class="band-{}" href="{}" tabindex="-1">{}</a>', band, url, inner)
    return format_html('<g class="band-{}">{}</g>', band, inner)
