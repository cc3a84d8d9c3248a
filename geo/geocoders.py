"""geopy-shaped geocoders: the offline gazetteer as one more geopy Geocoder, and an optional online fallback.

    OfflineGazetteer      answers from the embedded index, no network, returns geopy Location objects
    FallbackGeocoder      offline first; for names the gazetteer lacks, an online geopy geocoder
                          (Nominatim by default) wrapped in geopy's RateLimiter, answers cached on disk
    make_geocoder()       the one the settings ask for (GEO_ONLINE=nominatim turns the fallback on)

Every Location's `raw` holds the same fields as Resolution.to_dict(), whichever geocoder answered.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from . import config
from .resolver import Context, Resolver

ONLINE_PRECISION = {  # Nominatim's addresstype -> ACLED geo_precision
    "country": 3, "state": 3, "region": 3, "province": 3, "county": 2, "state_district": 2, "district": 2,
    "municipality": 2, "city": 1, "town": 1, "village": 1, "hamlet": 1, "suburb": 1, "neighbourhood": 1,
    "quarter": 1, "square": 1, "road": 1, "aerodrome": 1,
}


def _address(raw: Mapping) -> str:
    return ", ".join(p for p in (raw["name"], raw.get("admin1"), raw.get("country")) if p)


class OfflineGazetteer(Geocoder):
    """The embedded gazetteer behind geopy's Geocoder interface."""

    def __init__(self, resolver: Resolver | None = None, **kwargs):
        super().__init__(**kwargs)  # builds no connection; nothing here uses the network
        if resolver is None:
            from . import load_resolver

            resolver = load_resolver()
        self.resolver = resolver

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: Sequence[str] | str | None = None,
                focus: Mapping[str, float] | None = None, near: Sequence[tuple[float, float]] = (),
                admin1: str = "", **_ignored) -> Location | list[Location] | None:
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        ctx = Context(focus=dict(focus or {}), near=tuple(near),
                      countries=frozenset(c.upper() for c in country_codes or ()), admin1=admin1 or "")
        if exactly_one:
            res = self.resolver.resolve(query, ctx)
            return _location(res.to_dict()) if res else None
        found = self.resolver.candidates(query, ctx, limit=10)
        return [_location({**c.place.to_dict(), "query": query, "score": round(c.score, 3), "match": c.match,
                           "runners_up": []}) for c in found] or None

    def reverse(self, query, *, exactly_one=True, **kwargs):
        raise NotImplementedError("the offline gazetteer does not reverse-geocode")


def _location(raw: dict) -> Location:
    return Location(_address(raw), (raw["latitude"], raw["longitude"]), raw)


class OnlineCache:
    """Answers of the online geocoder on disk (SQLite), misses included, so no name is asked twice."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, raw TEXT)")

    def get(self, key: str) -> tuple[bool, dict | None]:
        row = self.db.execute("SELECT raw FROM answers WHERE key = ?", (key,)).fetchone()
        return (False, None) if row is None else (True, json.loads(row[0]))

    def put(self, key: str, raw: dict | None) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(raw)))


def online_raw(location: Location, query: str, source: str) -> dict:
    """An online answer in the offline gazetteer's raw fields."""
    raw = location.raw or {}
    address = raw.get("address") or {}
    kind = raw.get("addresstype") or raw.get("type") or ""
    return {
        "name": raw.get("name") or location.address.split(",")[0],
        "latitude": float(location.latitude), "longitude": float(location.longitude),
        "country_code": (address.get("country_code") or "").upper(), "country": address.get("country", ""),
        "admin1": address.get("state", ""), "admin2": address.get("county", ""), "kind": "online",
        "population": 0, "geonameid": None, "precision": ONLINE_PRECISION.get(kind, 2), "source": source,
        "query": query, "score": 0.0, "match": "online", "runners_up": [],
    }


class FallbackGeocoder:
    """The offline gazetteer first; an online geopy geocoder only for the names it lacks."""

    def __init__(self, offline: OfflineGazetteer, online: Geocoder, cache: OnlineCache,
                 min_delay_seconds: float = 1.0, source: str = "Nominatim (OpenStreetMap contributors, ODbL)"):
        self.offline, self.online, self.cache, self.source = offline, online, cache, source
        # Nominatim's usage policy: at most one request a second.
        self._ask = RateLimiter(online.geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
                                swallow_exceptions=True)

    def geocode(self, query: str, *, country_codes: Sequence[str] | str | None = None, **kwargs) -> Location | None:
        found = self.offline.geocode(query, country_codes=country_codes, **kwargs)
        if found is not None:
            return found
        codes = [country_codes] if isinstance(country_codes, str) else list(country_codes or [])
        key = json.dumps([query.strip().lower(), sorted(c.lower() for c in codes)])
        hit, raw = self.cache.get(key)
        if not hit:
            answer = self._ask(query, exactly_one=True, addressdetails=True,
                               country_codes=[c.lower() for c in codes] or None)
            raw = online_raw(answer, query, self.source) if answer is not None else None
            self.cache.put(key, raw)
        return _location(raw) if raw else None


def make_geocoder(resolver: Resolver | None = None, online: Geocoder | None = None):
    """The geocoder the settings ask for: offline only, or with the online fallback."""
    offline = OfflineGazetteer(resolver)
    name = config.online_geocoder()
    if online is None and name is None:
        return offline
    if online is None:
        if name != "nominatim":
            raise ValueError(f"GEO_ONLINE={name!r}: only 'nominatim' is supported")
        from geopy.geocoders import Nominatim

        online = Nominatim(user_agent=config.user_agent(), timeout=10)
    return FallbackGeocoder(offline, online, OnlineCache(config.data_dir() / "online_cache.sqlite"))
