"""Leaflet, MarkerCluster and jQuery served by the app itself (Streamlit static serving), copied from the installed
XStatic packages, so the map draws with no internet."""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
URL_PREFIX = "/app/static"
FILES = {
    "jquery": ("xstatic.pkg.jquery", ["jquery.min.js"]),  # folium's popups build their HTML with it
    "leaflet": ("xstatic.pkg.leaflet", ["leaflet.js", "leaflet.css", "images"]),
    "markercluster": ("xstatic.pkg.leaflet_markercluster",
                      ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"]),
}


def ensure_static(static_dir: Path = STATIC_DIR) -> Path:
    """Copy the map's JS/CSS into ./static once (and again when a package version changes them)."""
    import importlib

    for folder, (module_name, names) in FILES.items():
        source = Path(importlib.import_module(module_name).BASE_DIR)
        target = static_dir / folder
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            src, dst = source / name, target / name
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            elif not dst.exists() or dst.stat().st_size != src.stat().st_size:
                shutil.copyfile(src, dst)
    return static_dir


def url(folder: str, name: str) -> str:
    return f"{URL_PREFIX}/{folder}/{name}"
