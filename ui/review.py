"""Article intake and review, apart from the page: reading uploaded files, applying an analyst's corrections."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from events import Article, read_file
from events.articles import ArticleError
from events.model import Event
from geo import Context


def read_upload(upload, limit: int) -> list[Article]:
    """Articles in an uploaded file (anything with .name, .size, .getvalue()), or an ArticleError naming what
    is wrong (type, size, encoding, a bad line); nothing is stored either way."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in (".txt", ".json", ".jsonl"):
        raise ArticleError(f"{upload.name}: not a .txt, .json or .jsonl file")
    if upload.size > limit:
        raise ArticleError(f"{upload.name}: {upload.size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        return list(read_file(path))


REVIEWED_FIELDS = ("event_date", "event_type", "sub_event_type", "location", "latitude", "longitude",
                   "fatalities", "actor1", "actor2")


def corrections(before: dict, after: Event) -> dict:
    """{field: (extracted, corrected)} for the fields the analyst changed."""
    return {name: (before[name], getattr(after, name)) for name in REVIEWED_FIELDS
            if before[name] != getattr(after, name)}


def snapshot(event: Event) -> dict:
    return {name: getattr(event, name) for name in REVIEWED_FIELDS}


def apply_review(event: Event, row: dict, resolver) -> Event | None:
    """The analyst's corrections on an extracted event (None when dropped); a changed place is geocoded again
    by its name, in the event's country first."""
    if not row["keep"]:
        return None
    event.event_date, event.fatalities = pd.Timestamp(row["event_date"]).date(), int(row["fatalities"] or 0)
    event.event_type, event.sub_event_type = row["event_type"], row["sub_event_type"] or ""
    event.actor1, event.actor2 = row["actor1"] or "", row["actor2"] or ""
    if (row["location"] or "") != event.location:
        focus = {event.iso2: 1.0} if event.iso2 else {}
        res = resolver.resolve(row["location"] or "", Context(focus=focus))
        event.location = row["location"] or ""
        if res:
            p = res.place
            event.latitude, event.longitude, event.geo_precision = p.latitude, p.longitude, res.precision
            event.country, event.iso2, event.admin1, event.geonameid = p.country, p.country_code, p.admin1, \
                p.geonameid
        else:
            event.latitude = event.longitude = None
    return event
