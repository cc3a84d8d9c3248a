"""Geocoding layer: an embedded offline gazetteer (GeoNames, CC BY 4.0) that places names as news writes them.

    from geo import load_resolver, Context
    res = load_resolver().resolve("Qaser Ben Ghasher", Context(focus={"LY": 1.0}))
    res.place.latitude, res.place.longitude, res.precision

Layers: normalize (name keys) -> sources (rows from packages and CSVs) -> index (arrays on disk)
-> gazetteer (build and cache) -> resolver (candidates and context) -> geocoders (geopy interface).
"""

from __future__ import annotations

from functools import lru_cache

from .records import Candidate, Kind, Place, Resolution
from .resolver import Context, Resolver

__all__ = ["Candidate", "Context", "Kind", "Place", "Resolution", "Resolver", "load_resolver"]


@lru_cache(maxsize=4)
def _cached_resolver(data_dir: str | None) -> Resolver:
    from pathlib import Path

    from . import gazetteer

    return Resolver(gazetteer.load(Path(data_dir) if data_dir else None))


def load_resolver(data_dir=None) -> Resolver:
    """One resolver per data directory and process; the index is built on first use."""
    return _cached_resolver(str(data_dir) if data_dir else None)
