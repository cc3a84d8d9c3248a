"""The page's logic without a browser (streamlit.testing), on a store in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "dashboard.py"


@pytest.fixture
def app(tmp_path, monkeypatch, resolver):
    monkeypatch.setenv("EVENTS_DB_URL", f"sqlite:///{tmp_path / 'dash.sqlite'}")
    return AppTest.from_file(str(APP), default_timeout=240)


def test_first_run_shows_the_seed_events_and_credits(app):
    app.run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == 3 and set(table.event_type) == {"Explosions/Remote violence", "Protests"}
    assert any("GeoNames (geonames.org), CC BY 4.0" in c.value for c in app.caption)
    assert len(app.get("download_button")) == 4


def test_filters_come_from_the_url(app):
    app.query_params["type"] = "Protests"
    app.run()
    assert not app.exception
    assert list(app.dataframe[0].value.event_type) == ["Protests"]


def test_place_lookup_tab(app):
    app.query_params["name"] = "Qaser Ben Ghasher"
    app.query_params["focus"] = "Libya"
    app.run()
    assert not app.exception
    assert any("Qaşr Bin Ghashīr" in s.value for s in app.success)
