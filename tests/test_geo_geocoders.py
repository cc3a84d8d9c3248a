"""geopy interface: the offline gazetteer as a Geocoder, and the online fallback with a fake adapter."""

from __future__ import annotations

import io

import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.geocoders import Nominatim
from geopy.location import Location

from geo.cli import main
from geo.geocoders import FallbackGeocoder, OfflineGazetteer, OnlineCache, make_geocoder

NOMINATIM_ANSWER = [{
    "place_id": 1, "lat": "32.8510", "lon": "13.2100", "name": "Test Neighbourhood",
    "display_name": "Test Neighbourhood, Tripoli, Libya", "addresstype": "suburb", "type": "suburb",
    "address": {"suburb": "Test Neighbourhood", "state": "Tripoli", "country": "Libya", "country_code": "ly"},
}]


class FakeNominatimAdapter(BaseSyncAdapter):
    """Stands in for the network: records each request and answers like Nominatim."""

    requests: list[str] = []

    def __init__(self, *, proxies, ssl_context):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        FakeNominatimAdapter.requests.append(url)
        return NOMINATIM_ANSWER if "Test+Neighbourhood" in url or "Test%20Neighbourhood" in url else []

    def get_text(self, url, *, timeout, headers):
        raise AssertionError("not used")


@pytest.fixture
def fake_nominatim():
    FakeNominatimAdapter.requests = []
    return Nominatim(user_agent="conflict-event-map-tests", adapter_factory=FakeNominatimAdapter)


def test_offline_gazetteer_returns_geopy_locations(resolver):
    geocoder = OfflineGazetteer(resolver)
    loc = geocoder.geocode("Tripoli", focus={"LY": 1.0})
    assert isinstance(loc, Location)
    assert loc.latitude == pytest.approx(32.887, abs=0.01)
    assert loc.raw["country_code"] == "LY" and loc.raw["precision"] == 1 and loc.raw["runners_up"]
    many = geocoder.geocode("Tripoli", exactly_one=False)
    assert len(many) > 2 and {m.raw["country_code"] for m in many} >= {"LY", "LB"}
    assert geocoder.geocode("Rafah", country_codes="EG").raw["country_code"] == "EG"
    assert geocoder.geocode("Qqqxxzz Nowhere") is None


def test_fallback_asks_online_only_for_unknown_names_and_caches(resolver, fake_nominatim, tmp_path):
    cache = OnlineCache(tmp_path / "cache.sqlite")
    geocoder = FallbackGeocoder(OfflineGazetteer(resolver), fake_nominatim, cache, min_delay_seconds=0)
    assert geocoder.geocode("Benghazi").raw["source"] == "GeoNames"
    assert FakeNominatimAdapter.requests == []  # the gazetteer knew it

    loc = geocoder.geocode("Test Neighbourhood", country_codes=["LY"])
    assert loc.raw["country_code"] == "LY" and loc.raw["precision"] == 1 and "Nominatim" in loc.raw["source"]
    assert len(FakeNominatimAdapter.requests) == 1 and "countrycodes=ly" in FakeNominatimAdapter.requests[0]
    assert geocoder.geocode("Test Neighbourhood", country_codes=["LY"]).latitude == loc.latitude
    assert geocoder.geocode("Qqqxxzz Nowhere") is None
    assert geocoder.geocode("Qqqxxzz Nowhere") is None
    assert len(FakeNominatimAdapter.requests) == 2  # answers and misses both cached

    again = FallbackGeocoder(OfflineGazetteer(resolver), fake_nominatim, OnlineCache(tmp_path / "cache.sqlite"), 0)
    assert again.geocode("Test Neighbourhood", country_codes=["LY"]) is not None
    assert len(FakeNominatimAdapter.requests) == 2  # the cache survives the process


def test_settings_choose_the_geocoder(resolver, fake_nominatim, monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GEO_ONLINE", raising=False)
    assert isinstance(make_geocoder(resolver), OfflineGazetteer)
    monkeypatch.setenv("GEO_ONLINE", "nominatim")
    assert isinstance(make_geocoder(resolver, online=fake_nominatim), FallbackGeocoder)
    monkeypatch.setenv("GEO_ONLINE", "bing")
    with pytest.raises(ValueError, match="only 'nominatim'"):
        make_geocoder(resolver)


def test_resolve_cli_prints_a_match_or_exits_1(resolver):
    out, err = io.StringIO(), io.StringIO()
    assert main(["resolve", "Qaser Ben Ghasher", "--country", "LY"], out=out, err=err) == 0
    assert "Qaşr Bin Ghashīr" in out.getvalue() and "Libya" in out.getvalue()
    out = io.StringIO()
    assert main(["resolve", "Tripoli", "--focus", "LB=1", "--json"], out=out, err=err) == 0
    assert '"country_code": "LB"' in out.getvalue()
    err = io.StringIO()
    assert main(["resolve", "Qqqxxzz Nowhere"], out=io.StringIO(), err=err) == 1
    assert "no match for 'Qqqxxzz Nowhere'" in err.getvalue()
    err = io.StringIO()
    assert main(["resolve", "Tripoli", "--country", "Narnia"], out=io.StringIO(), err=err) == 2
    assert "unknown country 'Narnia'" in err.getvalue()
