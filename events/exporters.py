"""Writers for the formats analysts hand around: CSV (every column), ACLED CSV (exactly ACLED's 31 columns in
the API's order, ISO dates), GeoJSON (RFC 7946: longitude first) and Excel (an events sheet and a sources
sheet). Each takes the DataFrame Store.events() returns and writes bytes; the caller picks the destination."""

from __future__ import annotations

import io
import json
import math

import pandas as pd

from .schema import ACLED_EXPORT_COLUMNS, EXTRA_COLUMNS

FORMATS = ("csv", "acled", "geojson", "xlsx")
MIME = {"csv": "text/csv", "acled": "text/csv", "geojson": "application/geo+json",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
EXTENSION = {"csv": "csv", "acled": "csv", "geojson": "geojson", "xlsx": "xlsx"}


INTEGER_COLUMNS = ("id", "year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp",
                   "fatalities_low", "fatalities_high", "crowd_size", "geonameid")


def _iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """ISO dates, and whole numbers written without ".0" (SQL NULLs make pandas read them as floats)."""
    out = frame.copy()
    for column in INTEGER_COLUMNS:
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").round().astype("Int64")
    for column in ("event_date", "published"):
        if column in out.columns:
            out[column] = pd.to_datetime(out[column], errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    return out


def to_acled(frame: pd.DataFrame, extras: bool = False) -> bytes:
    out = _iso_dates(frame)
    columns = list(ACLED_EXPORT_COLUMNS) + ([c for c in EXTRA_COLUMNS if c in out.columns] if extras else [])
    for column in columns:
        if column not in out.columns:
            out[column] = ""
    return out[columns].to_csv(index=False).encode("utf-8")


def to_csv(frame: pd.DataFrame) -> bytes:
    return _iso_dates(frame).to_csv(index=False).encode("utf-8")


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def to_geojson(frame: pd.DataFrame) -> bytes:
    out = _iso_dates(frame)
    features = []
    for record in out.to_dict("records"):
        lat, lon = _clean(record.get("latitude")), _clean(record.get("longitude"))
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        properties = {k: _clean(v) for k, v in record.items() if k not in ("evidence",)}
        if record.get("evidence"):
            try:
                properties["evidence"] = json.loads(record["evidence"])
            except (TypeError, ValueError):
                properties["evidence"] = record["evidence"]
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sources: pd.DataFrame | None = None) -> bytes:
    buffer = io.BytesIO()
    events = _iso_dates(frame)
    for column in ("created_at", "updated_at"):
        if column in events.columns:
            events[column] = events[column].astype(str)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        events.to_excel(writer, sheet_name="events", index=False)
        src = sources if sources is not None else pd.DataFrame(columns=["id", "title", "published", "source", "url"])
        src = _iso_dates(src.drop(columns=[c for c in ("text",) if c in src.columns]))
        if "created_at" in src.columns:
            src["created_at"] = src["created_at"].astype(str)
        src.to_excel(writer, sheet_name="sources", index=False)
    return buffer.getvalue()


def export(frame: pd.DataFrame, fmt: str, sources: pd.DataFrame | None = None, extras: bool = False) -> bytes:
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "acled":
        return to_acled(frame, extras)
    if fmt == "geojson":
        return to_geojson(frame)
    if fmt == "xlsx":
        return to_xlsx(frame, sources)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
