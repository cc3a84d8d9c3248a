"""Settings of the geocoding layer, read from the environment once at the edges."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def data_dir() -> Path:
    """Where the built index and the user's added layers live (GEO_DATA_DIR, default ./data/geo)."""
    return Path(os.environ.get("GEO_DATA_DIR", PROJECT_DIR / "data" / "geo"))


def user_gazetteer_path() -> Path | None:
    """A user's own gazetteer CSV whose entries win over the embedded ones (GEO_USER_GAZETTEER)."""
    value = os.environ.get("GEO_USER_GAZETTEER")
    if value:
        return Path(value)
    default = data_dir() / "user_gazetteer.csv"
    return default if default.exists() else None


def online_geocoder() -> str | None:
    """Name of an optional online geopy geocoder used as a fallback (GEO_ONLINE=nominatim); off by default."""
    value = os.environ.get("GEO_ONLINE", "").strip().lower()
    return value or None


def user_agent() -> str:
    return os.environ.get("GEO_USER_AGENT", "conflict-event-map (offline-first geocoder)")


def embedded_layers() -> bool:
    """GEO_EMBEDDED=0 builds the index from the user's layers and CSV only (small, fast; tests use it)."""
    return os.environ.get("GEO_EMBEDDED", "1").strip() not in ("0", "false", "no")
