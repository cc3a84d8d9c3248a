"""The event map: one circle marker per event (colour = event type, size = fatalities), translucent circles
for events placed only roughly (geo_precision 2 or 3), clustering when markers crowd, grid aggregates beyond a
marker budget, and a popup whose every text is escaped (no HTML from articles ever runs)."""

from __future__ import annotations

import html
import math

import folium
import pandas as pd
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

from .assets import url
from .basemap import country_outlines

TYPE_COLOURS = {
    "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
    "Protests": "#1f77b4", "Riots": "#8c564b", "Strategic developments": "#2ca02c",
}
UNCERTAINTY_METRES = {2: 10_000, 3: 50_000}  # how far a roughly placed event may lie from its point
MARKER_BUDGET = 3000  # beyond this, the map shows grid cells aggregated in the database
CLUSTER_FROM = 200


class OfflineMap(folium.Map):
    """folium.Map whose Leaflet comes from the app's own static files, not a CDN."""

    default_js = [("leaflet", url("leaflet", "leaflet.js")), ("jquery", url("jquery", "jquery.min.js"))]
    default_css = [("leaflet_css", url("leaflet", "leaflet.css"))]


class OfflineMarkerCluster(MarkerCluster):
    default_js = [("markerclusterjs", url("markercluster", "leaflet.markercluster.js"))]
    default_css = [("markerclustercss", url("markercluster", "MarkerCluster.css")),
                   ("markerclusterdefcss", url("markercluster", "MarkerCluster.Default.css"))]


def popup_html(row) -> str:
    """Everything escaped: titles and notes come from articles and may hold <script>."""
    def esc(value) -> str:
        return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))

    deaths = esc(row.get("fatalities"))
    low, high = row.get("fatalities_low"), row.get("fatalities_high")
    if pd.notna(low) and pd.notna(high) and low != high:
        deaths += f" ({esc(int(low))}-{esc(int(high))})"
    link = row.get("source_url") or ""
    source = esc(row.get("source"))
    if isinstance(link, str) and link.startswith(("http://", "https://")):
        source = f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener">{source or "source"}</a>'
    return (f"<b>{esc(row.get('event_date'))}</b> {esc(row.get('event_type'))} / {esc(row.get('sub_event_type'))}"
            f"<br>{esc(row.get('location'))}, {esc(row.get('country'))} (precision {esc(row.get('geo_precision'))})"
            f"<br>Fatalities: {deaths}<br>Actors: {esc(row.get('actor1'))} / {esc(row.get('actor2'))}"
            f"<br><i>{esc(row.get('notes'))[:400]}</i><br>{source}")


def build_map(events: pd.DataFrame, grid: pd.DataFrame | None = None, tiles: str | None = None) -> folium.Map:
    """Markers for the events given, or grid cells when `grid` is given."""
    """The folium map for the filtered events (or for `grid` cells when there are too many to draw)."""
    placed = events.dropna(subset=["latitude", "longitude"]) if len(events) else events
    # Canvas draws thousands of markers fast; SVG keeps a few hundred inspectable (and clickable in tests).
    fmap = OfflineMap(location=[20, 10], zoom_start=2, tiles=None, control_scale=True,
                      prefer_canvas=len(events) > CLUSTER_FROM)
    folium.GeoJson(country_outlines(), name="Countries (outline)", control=False,
                   style_function=lambda _: {"color": "#888", "weight": 0.7, "fillColor": "#f2efe9",
                                             "fillOpacity": 1.0}).add_to(fmap)
    if tiles:
        folium.TileLayer(tiles=tiles, attr="© OpenStreetMap contributors" if "openstreetmap" in tiles else
                         "tiles: user's server", name="Tiles").add_to(fmap)
    if grid is not None and len(grid):
        _grid_layer(grid).add_to(fmap)
        bounds = [[grid.latitude.min(), grid.longitude.min()], [grid.latitude.max(), grid.longitude.max()]]
    else:
        layer = OfflineMarkerCluster(name="Events") if len(placed) >= CLUSTER_FROM else \
            folium.FeatureGroup(name="Events")
        for row in placed.to_dict("records"):
            colour = TYPE_COLOURS.get(row.get("event_type"), "#555")
            precision = int(row["geo_precision"]) if pd.notna(row.get("geo_precision")) else 3
            if precision in UNCERTAINTY_METRES:
                folium.Circle([row["latitude"], row["longitude"]], radius=UNCERTAINTY_METRES[precision],
                              color=colour, weight=1, fill=True, fill_opacity=0.12).add_to(fmap)
            radius = 4 + 3 * math.log1p(float(row.get("fatalities") or 0))
            folium.CircleMarker([row["latitude"], row["longitude"]], radius=radius, color=colour, weight=1,
                                fill=True, fill_color=colour, fill_opacity=0.8,
                                popup=folium.Popup(popup_html(row), max_width=360),
                                tooltip=html.escape(f"{row.get('event_date')} {row.get('event_type')}")).add_to(layer)
        layer.add_to(fmap)
        bounds = [[placed.latitude.min(), placed.longitude.min()], [placed.latitude.max(), placed.longitude.max()]] \
            if len(placed) else None
    if bounds:
        fmap.fit_bounds(bounds, padding=(20, 20), max_zoom=11)
        FitWhenShown(bounds).add_to(fmap)
    return fmap


class FitWhenShown(MacroElement):
    """Fit the view again once the map's frame has its size (inside Streamlit's iframe the first fit runs while
    the frame is still 0 pixels high, which zooms in to the maximum)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        setTimeout(function() {
            {{ this._parent.get_name() }}.invalidateSize();
            {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {maxZoom: 11, padding: [20, 20]});
        }, 500);
        {% endmacro %}
    """)

    def __init__(self, bounds):
        super().__init__()
        self._name = "FitWhenShown"
        self.bounds = [[float(v) for v in corner] for corner in bounds]


MAP_COLUMNS = ("id", "event_date", "event_type", "sub_event_type", "location", "country", "admin1", "latitude",
               "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "actor1", "actor2",
               "notes", "source", "source_url")


def cell_degrees(count: int) -> float:
    """Grid cell size for aggregated views: finer when fewer events."""
    return 0.5 if count < 200_000 else 1.0


def map_for(store, flt, tiles: str | None = None, density: bool = False) -> tuple[folium.Map, int]:
    """The map of the filtered events: markers up to MARKER_BUDGET, beyond it (or when `density` is asked)
    grid cells counted in the database, so a million events never leave it. `tiles` is a tile URL template
    (OpenStreetMap when online, or the user's own server); without it, the outline basemap alone.
    Returns the map and the number of events it stands for."""
    count = store.count(flt)
    if count <= MARKER_BUDGET and not density:
        return build_map(store.events(flt, columns=MAP_COLUMNS), tiles=tiles), count
    grid = store.grid(flt, cell_degrees=cell_degrees(count))
    return build_map(pd.DataFrame(columns=list(MAP_COLUMNS)), grid, tiles=tiles), count


def _grid_layer(grid: pd.DataFrame) -> folium.GeoJson:
    """All cells as one GeoJSON layer of circle markers: one JSON blob however many cells (thousands of
    separate folium markers would take seconds to render)."""
    top = max(float(grid.events.max()), 1.0)
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(r["longitude"]), 4), round(float(r["latitude"]), 4)]},
        "properties": {"events": int(r["events"]), "fatalities": int(r["fatalities"] or 0),
                       "radius": round(4 + 16 * math.sqrt(r["events"] / top), 1)},
    } for r in grid.to_dict("records")]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="Events per cell",
        marker=folium.CircleMarker(radius=6, color="#b22222", weight=1, fill=True, fill_opacity=0.5),
        style_function=lambda feature: {"radius": feature["properties"]["radius"]},
        tooltip=folium.GeoJsonTooltip(fields=["events", "fatalities"], aliases=["events", "fatalities"]),
    )


def legend_html() -> str:
    items = "".join(f'<span style="color:{c}">●</span> {html.escape(t)}&nbsp;&nbsp;' for t, c in TYPE_COLOURS.items())
    return f'<div style="font-size:0.85em">{items}</div>'
