"""Database tables (SQLAlchemy Core): articles, events (ACLED's columns and ours), sources, analyst edits."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from .model import ACLED_COLUMNS as ACLED_EXPORT_COLUMNS  # noqa: F401 - exporters read it from here

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("published", Date),
    Column("source", Text, default=""),
    Column("url", Text, default=""),
    Column("language", String(8), default="en"),
    Column("created_at", DateTime, nullable=False),
)

# ACLED's 31 columns, then ours. Text columns are Text so any export fits.
ACLED_TEXT = ("event_id_cnty", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
              "actor2", "assoc_actor_2", "civilian_targeting", "region", "country", "admin1", "admin2", "admin3",
              "location", "source", "source_scale", "notes", "tags")
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(96), nullable=False, unique=True),  # re-importing the same event adds nothing
    Column("origin", String(16), nullable=False),  # extracted | acled | ucdp | csv
    Column("event_id_cnty", Text, nullable=False),
    Column("event_date", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("time_precision", Integer, nullable=False, default=1),
    Column("disorder_type", Text, default=""),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, default=""),
    Column("actor1", Text, default=""),
    Column("assoc_actor_1", Text, default=""),
    Column("inter1", Text, default=""),
    Column("actor2", Text, default=""),
    Column("assoc_actor_2", Text, default=""),
    Column("inter2", Text, default=""),
    Column("interaction", Text, default=""),
    Column("civilian_targeting", Text, default=""),
    Column("iso", Integer),
    Column("region", Text, default=""),
    Column("country", Text, default=""),
    Column("admin1", Text, default=""),
    Column("admin2", Text, default=""),
    Column("admin3", Text, default=""),
    Column("location", Text, default=""),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("source", Text, default=""),
    Column("source_scale", Text, default=""),
    Column("notes", Text, default=""),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("tags", Text, default=""),
    Column("timestamp", Integer),
    # ours
    Column("article_id", String(64), ForeignKey("articles.id")),
    Column("source_url", Text, default=""),
    Column("published", Date),
    Column("evidence", Text, default=""),  # JSON: field -> [start, end, text] in the article
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),
    Column("crowd_size", Integer),
    Column("confidence", Float),
    Column("geonameid", Integer),
    Column("review_status", String(16), nullable=False, default="unreviewed"),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_events_date", events.c.event_date)
Index("ix_events_type_date", events.c.event_type, events.c.event_date)
Index("ix_events_country_date", events.c.country, events.c.event_date)

event_sources = Table(  # every article that reported an event (several when reports were merged)
    "event_sources", metadata,
    Column("event_id", Integer, ForeignKey("events.id"), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
)

edits = Table(  # every analyst change, so nothing is lost and each can be traced
    "edits", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("field", String(32), nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("edited_at", DateTime, nullable=False),
    Column("editor", Text, default=""),
)

EXTRA_COLUMNS = ("id", "uid", "origin", "article_id", "source_url", "published", "fatalities_low",
                 "fatalities_high", "crowd_size", "confidence", "geonameid", "review_status", "evidence",
                 "created_at", "updated_at")
