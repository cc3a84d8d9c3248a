"""The event store: one SQLAlchemy engine over SQLite (default, WAL) or any URL (PostgreSQL included).

Every write is one transaction, so an import or ingest either lands whole or not at all, and a killed process
leaves every earlier commit intact. Filters reach SQL only as bound parameters. Queries the dashboard needs
(filtered events, daily counts, grid aggregates) run in the database.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import and_, create_engine, event, func, insert, select, update
from sqlalchemy.engine import Engine

from . import schema
from .model import ACLED_COLUMNS, DISORDER_TYPE, Article, Event

DEFAULT_URL_ENV = "EVENTS_DB_URL"
PROJECT_DIR = Path(__file__).resolve().parent.parent
INSERT_BATCH = 20_000
BULK_ROWS = 50_000  # from this many rows, indexes are rebuilt after the insert rather than during it
EDITABLE = frozenset(("event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude",
                      "longitude", "geo_precision", "fatalities", "admin1", "country", "notes", "review_status",
                      "civilian_targeting", "time_precision"))


def default_url() -> str:
    """EVENTS_DB_URL, else an SQLite file under data/."""
    url = os.environ.get(DEFAULT_URL_ENV)
    if url:
        return url
    path = PROJECT_DIR / "data" / "events.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class EventFilter:
    """What the dashboard and `export` filter on; every value reaches SQL as a bound parameter."""

    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    actor: str = ""
    min_fatalities: int = 0
    max_geo_precision: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north

    def clauses(self) -> list:
        c = schema.events.c
        out = []
        if self.date_from:
            out.append(c.event_date >= self.date_from)
        if self.date_to:
            out.append(c.event_date <= self.date_to)
        if self.event_types:
            out.append(c.event_type.in_(self.event_types))
        if self.sub_event_types:
            out.append(c.sub_event_type.in_(self.sub_event_types))
        if self.countries:
            out.append(c.country.in_(self.countries))
        if self.admin1:
            out.append(c.admin1.in_(self.admin1))
        if self.actor:
            pattern = f"%{self.actor.lower()}%"
            out.append(func.lower(c.actor1).like(pattern) | func.lower(c.actor2).like(pattern))
        if self.min_fatalities:
            out.append(c.fatalities >= self.min_fatalities)
        if self.max_geo_precision:
            out.append(c.geo_precision <= self.max_geo_precision)
        if self.bbox:
            west, south, east, north = self.bbox
            out.append(and_(c.latitude >= south, c.latitude <= north, c.longitude >= west, c.longitude <= east))
        return out


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA page_size=16384")  # only takes effect on a new file: long ACLED rows fit better
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a crash loses no commit
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        schema.metadata.create_all(self.engine)

    # -- writing ------------------------------------------------------------------------------------------
    def _insert_ignore(self, table):
        """INSERT that skips rows whose unique key is already stored (SQLite and PostgreSQL)."""
        if self.engine.dialect.name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        elif self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            return insert(table).prefix_with("IGNORE")
        return dialect_insert(table).on_conflict_do_nothing()

    def insert_rows(self, rows: pd.DataFrame, progress=None) -> int:
        """Insert parsed rows (importers.Parsed.rows) in one transaction; returns how many were new."""
        stamp = now()
        frame = rows.copy()
        columns = [c for c in schema.events.c.keys() if c != "id"]
        for column in columns:
            if column not in frame.columns:
                frame[column] = None
        frame["review_status"] = frame["review_status"].fillna("imported")
        statement = self._insert_ignore(schema.events)
        sqlite = self.engine.dialect.name == "sqlite"
        # SQLite stores dates and times as ISO text (SQLAlchemy's format), given here as text directly.
        frame["created_at"] = frame["updated_at"] = stamp.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else stamp
        if sqlite:
            for column in ("event_date", "published"):
                frame[column] = frame[column].map(lambda d: d.isoformat() if d is not None and d == d else None)
        # Columns as Python lists with None for missing values (cheaper than a frame of objects); columns
        # with no value at all are left to their SQL default.
        for name in columns:  # the compiled statement carries columns with defaults: give them values
            default = schema.events.c[name].default
            if default is not None and not callable(default.arg):
                frame[name] = frame[name].where(frame[name].notna(), default.arg)
        columns = [c for c in columns if frame[c].notna().any() or schema.events.c[c].default is not None]
        values = {c: _python_values(frame[c]) for c in columns}
        if sqlite:
            # Plain DBAPI executemany with positional tuples: the same compiled Core statement, without
            # building a dict per row (5-10x faster for a million rows).
            sql = str(statement.compile(dialect=self.engine.dialect, column_keys=columns))
        added = 0
        bulk = sqlite and len(frame) >= BULK_ROWS
        with self.engine.begin() as conn:
            before = 0 if sqlite else conn.execute(select(func.count()).select_from(schema.events)).scalar_one()
            if bulk:
                # Secondary indexes are rebuilt once at the end instead of row by row; inside the same
                # transaction, so a crash leaves the old table and indexes as they were.
                conn.exec_driver_sql("PRAGMA cache_size=-262144")
                conn.exec_driver_sql("PRAGMA temp_store=MEMORY")  # index sorts in memory, not temp files
                for index in schema.events.indexes:
                    index.drop(conn)
            for start in range(0, len(frame), INSERT_BATCH):
                chunk = list(zip(*(values[c][start:start + INSERT_BATCH] for c in columns)))
                if sqlite:
                    added += conn.exec_driver_sql(sql, chunk).rowcount
                else:
                    conn.execute(statement, [dict(zip(columns, row)) for row in chunk])
                if progress:
                    progress(len(chunk))
            if bulk:
                for index in schema.events.indexes:
                    index.create(conn)
            if not sqlite:
                added = conn.execute(select(func.count()).select_from(schema.events)).scalar_one() - before
        return added

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(schema.articles.c.id).where(schema.articles.c.id == article_id)).first() \
                is not None

    def add_extraction(self, article: Article, events: Sequence[Event], merge_km: float = 10.0,
                       corrections: Sequence[dict] | None = None, editor: str = "") -> tuple[int, int]:
        """Store an article and its events in one transaction. An article already stored adds nothing; an event
        that repeats a stored one (same type, a day apart at most, within merge_km) is merged into it, its
        source listed. `corrections`, one {field: (extracted, corrected)} per event, are kept in the edits
        table with their time, so a reviewed event still shows what the machine had said.
        Returns (events added, events merged)."""
        stamp = now()
        added = merged = 0
        with self.engine.begin() as conn:
            if conn.execute(select(schema.articles.c.id).where(schema.articles.c.id == article.id)).first():
                return 0, 0
            conn.execute(insert(schema.articles).values(
                id=article.id, title=article.title, text=article.text, published=article.published,
                source=article.source, url=article.url, language=article.language, created_at=stamp))
            for n, e in enumerate(events):
                twin = self._twin(conn, e, merge_km)
                if twin is not None:
                    conn.execute(insert(schema.event_sources).values(event_id=twin.id, article_id=article.id))
                    sources = "; ".join(dict.fromkeys([*(twin.source or "").split("; "), article.source or ""]))
                    conn.execute(update(schema.events).where(schema.events.c.id == twin.id).values(
                        source=sources.strip("; "), fatalities=max(twin.fatalities, e.fatalities), updated_at=stamp))
                    merged += 1
                    continue
                uid = f"X{article.id[:12]}-{n + 1}"
                row = _event_row(e, article, uid, stamp)
                changes = corrections[n] if corrections else {}
                if changes:
                    row["review_status"] = "reviewed"
                result = conn.execute(insert(schema.events).values(**row))
                event_id = result.inserted_primary_key[0]
                conn.execute(insert(schema.event_sources).values(event_id=event_id, article_id=article.id))
                for name, (old, new) in changes.items():
                    conn.execute(insert(schema.edits).values(event_id=event_id, field=name, old_value=_text(old),
                                                             new_value=_text(new), edited_at=stamp, editor=editor))
                added += 1
        return added, merged

    @staticmethod
    def _twin(conn, e: Event, merge_km: float):
        if e.latitude is None:
            return None
        c = schema.events.c
        degrees = merge_km / 111.0 * 1.5
        rows = conn.execute(select(c.id, c.latitude, c.longitude, c.source, c.fatalities).where(
            c.event_type == e.event_type,
            c.event_date.between(date.fromordinal(e.event_date.toordinal() - 1),
                                 date.fromordinal(e.event_date.toordinal() + 1)),
            c.latitude.between(e.latitude - degrees, e.latitude + degrees),
            c.longitude.between(e.longitude - degrees * 2, e.longitude + degrees * 2),
        )).all()
        from geo.resolver import haversine_km

        close = [r for r in rows if float(haversine_km(e.latitude, e.longitude, r.latitude, r.longitude)) <= merge_km]
        return close[0] if close else None

    def edit(self, event_id: int, changes: dict, editor: str = "") -> None:
        """Apply an analyst's changes and record each (field, old, new, when) in the edits table."""
        bad = set(changes) - EDITABLE
        if bad:
            raise ValueError(f"cannot edit field(s) {', '.join(sorted(bad))}")
        stamp = now()
        with self.engine.begin() as conn:
            current = conn.execute(select(schema.events).where(schema.events.c.id == event_id)).mappings().first()
            if current is None:
                raise KeyError(f"no event with id {event_id}")
            for name, value in changes.items():
                if current[name] != value:
                    conn.execute(insert(schema.edits).values(event_id=event_id, field=name,
                                                             old_value=_text(current[name]),
                                                             new_value=_text(value), edited_at=stamp, editor=editor))
            values = dict(changes, updated_at=stamp)
            if "event_type" in changes:
                values["disorder_type"] = DISORDER_TYPE.get(changes["event_type"], "")
            if "event_date" in changes:
                values["year"] = changes["event_date"].year
            conn.execute(update(schema.events).where(schema.events.c.id == event_id).values(**values))

    # -- reading ------------------------------------------------------------------------------------------
    def count(self, flt: EventFilter | None = None) -> int:
        query = select(func.count()).select_from(schema.events)
        if flt is not None:
            query = query.where(*flt.clauses())
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def events(self, flt: EventFilter = EventFilter(), columns: Iterable[str] | None = None,
               limit: int | None = None) -> pd.DataFrame:
        c = schema.events.c
        cols = [c[name] for name in columns] if columns else list(schema.events.c)
        query = select(*cols).where(*flt.clauses()).order_by(c.event_date, c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def daily_counts(self, flt: EventFilter = EventFilter()) -> pd.DataFrame:
        c = schema.events.c
        query = (select(c.event_date, c.event_type, func.count().label("events"),
                        func.sum(c.fatalities).label("fatalities"))
                 .where(*flt.clauses()).group_by(c.event_date, c.event_type).order_by(c.event_date))
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def grid(self, flt: EventFilter = EventFilter(), cell_degrees: float = 1.0) -> pd.DataFrame:
        """Events and fatalities per grid cell (cell size from the map's zoom), with the cells' mean point."""
        c = schema.events.c
        row = func.floor(c.latitude / cell_degrees).label("row")
        col = func.floor(c.longitude / cell_degrees).label("col")
        query = (select(row, col, func.count().label("events"), func.sum(c.fatalities).label("fatalities"),
                        func.avg(c.latitude).label("latitude"), func.avg(c.longitude).label("longitude"))
                 .where(*flt.clauses(), c.latitude.is_not(None)).group_by(row, col))
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def distinct(self, column: str, flt: EventFilter = EventFilter()) -> list[str]:
        """The values a column takes among the filtered events (for filter choices)."""
        c = schema.events.c[column]
        query = select(c).where(*flt.clauses(), c.is_not(None), c != "").distinct().order_by(c)
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(query)]

    def event(self, event_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.events).where(schema.events.c.id == event_id)).mappings().first()
            return dict(row) if row else None

    def span(self) -> tuple[date | None, date | None]:
        c = schema.events.c
        with self.engine.connect() as conn:
            return tuple(conn.execute(select(func.min(c.event_date), func.max(c.event_date))).one())

    def articles(self, ids: Iterable[str] | None = None) -> pd.DataFrame:
        query = select(schema.articles)
        if ids is not None:
            query = query.where(schema.articles.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def edits(self, event_id: int | None = None) -> pd.DataFrame:
        query = select(schema.edits).order_by(schema.edits.c.id)
        if event_id is not None:
            query = query.where(schema.edits.c.event_id == event_id)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)


def _python_values(series: pd.Series) -> list:
    """A column as plain Python values, missing ones as None (what DBAPI drivers bind)."""
    if pd.api.types.is_float_dtype(series.dtype) and not pd.api.types.is_extension_array_dtype(series.dtype):
        return [None if v != v else v for v in series.tolist()]
    if isinstance(series.dtype, pd.StringDtype) and not series.isna().any():
        return series.to_numpy(dtype=object).tolist()
    return series.astype(object).where(series.notna(), None).tolist()


def _text(value) -> str | None:
    return None if value is None else str(value)


def _event_row(e: Event, article: Article, uid: str, stamp: datetime) -> dict:
    row = {name: getattr(e, name) for name in ACLED_COLUMNS if hasattr(e, name) and name != "source"}
    row.update(
        uid=uid, origin="extracted", event_id_cnty=uid, event_date=e.event_date, year=e.event_date.year,
        disorder_type=e.disorder_type, source=e.source or article.source, notes=e.notes, article_id=article.id,
        source_url=article.url, published=article.published, evidence=json.dumps(e.evidence, ensure_ascii=False),
        fatalities_low=e.fatalities_low, fatalities_high=e.fatalities_high, crowd_size=e.crowd_size,
        confidence=e.confidence, geonameid=e.geonameid, review_status="unreviewed", created_at=stamp,
        updated_at=stamp, source_scale="", tags="",
    )
    return row
