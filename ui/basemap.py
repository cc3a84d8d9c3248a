"""An outline basemap of the world's countries from the countryinfo package: something to see offline."""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def country_outlines() -> dict:
    """A GeoJSON FeatureCollection of country outlines (low resolution, about 0.3 MB)."""
    features = []
    for path in sorted(resources.files("countryinfo").joinpath("data").iterdir()):
        if not path.name.endswith(".json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        shape = data.get("geoJSON")
        if not shape:
            continue
        shape = ast.literal_eval(shape) if isinstance(shape, str) else shape  # stored as a Python literal
        for feature in shape.get("features", []):
            features.append({"type": "Feature", "geometry": feature["geometry"],
                             "properties": {"name": data.get("name", "")}})
    return {"type": "FeatureCollection", "features": features}
