"""The map builder: markers with escaped popups, uncertainty circles, grid cells beyond the marker budget,
and no file from a CDN."""

from __future__ import annotations

from datetime import date

import pandas as pd

import ui.map as ui_map
from events import Article, Event
from events.store import EventFilter, Store


def small_store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'map.sqlite'}")
    events = [Event(date(2019, 4, 18 + i % 2), 1, "Battles", "Armed clash", f"Place {i}", 32.0 + i, 13.0 + i,
                    1 + i % 3, country="Libya", fatalities=i, notes=f"<script>alert({i})</script>",
                    evidence={"sentence": [0, 1, "x"]}) for i in range(5)]
    store.add_extraction(Article(text="x", title="t", published=date(2019, 4, 19), id="a"), events)
    return store


def test_markers_popups_and_uncertainty(tmp_path):
    store = small_store(tmp_path)
    fmap, count = ui_map.map_for(store, EventFilter())
    html = fmap.get_root().render()
    assert count == 5
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)</script>" not in html
    assert html.count("L.circle(") == 3  # events at geo_precision 2 and 3 get an uncertainty circle
    assert "cdn" not in html.lower() and "/app/static/leaflet/leaflet.js" in html


def test_grid_beyond_the_marker_budget(tmp_path, monkeypatch):
    store = small_store(tmp_path)
    monkeypatch.setattr(ui_map, "MARKER_BUDGET", 2)
    fmap, count = ui_map.map_for(store, EventFilter())
    html = fmap.get_root().render()
    assert count == 5 and "geo_json" in html and "\"events\": 1" in html and "alert(" not in html


def test_popup_escapes_links_and_text():
    row = pd.Series({"event_date": "2019-04-19", "event_type": "Protests", "sub_event_type": "<b>x</b>",
                     "location": "Tripoli", "country": "Libya", "geo_precision": 1, "fatalities": 0,
                     "actor1": "a", "actor2": "", "notes": "n", "source": "<i>s</i>",
                     "source_url": "javascript:alert(1)"})
    html = ui_map.popup_html(row)
    assert "<b>x</b>" not in html and "javascript:" not in html and "&lt;i&gt;s&lt;/i&gt;" in html
