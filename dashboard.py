"""The Streamlit page: layout and wiring only. Extraction lives in events/, queries in events/store.py, the map
in ui/map.py; this file connects widgets to them."""

from __future__ import annotations

import html
import json
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from events import Article, Extractor, read_file
from events.articles import ArticleError, article_id
from events.exporters import EXTENSION, MIME, export
from events.importers import ImportError_, parse_file
from events.model import TAXONOMY
from events.store import EventFilter, Store
from geo import Context, load_resolver
from geo.resolver import UnknownCountry, country_code
from ui.assets import ensure_static
from ui.map import MAP_COLUMNS, MARKER_BUDGET, TYPE_COLOURS, legend_html, map_for
from ui.review import apply_review, corrections, read_upload, snapshot

ATTRIBUTION = ("Place data: GeoNames (geonames.org), CC BY 4.0; airports: airportsdata (MIT); country centres "
               "and outlines: countryinfo (MIT); map: Leaflet (BSD-2); online tiles, when used: © OpenStreetMap "
               "contributors.")
SEEDS = Path(__file__).resolve().parent / "seeds"
TABLE_ROWS = 5_000
UPLOAD_LIMIT = 5_000_000  # bytes per uploaded article file
PLAY_PAUSE_SECONDS = 1.5
EXPORT_ROWS = 100_000
TABLE_COLUMNS = (*MAP_COLUMNS, "article_id", "confidence")


@st.cache_resource(show_spinner="Opening the event store...")
def store() -> Store:
    ensure_static()
    return Store()


@st.cache_resource(show_spinner="Loading the gazetteer (built once on first run, about a minute)...")
def resolver():
    return load_resolver()


@st.cache_resource(show_spinner="Loading the language model...")
def extractor() -> Extractor:
    return Extractor(resolver=resolver())


def first_run() -> None:
    """An empty store gets the seed articles, so a newcomer sees events at once."""
    if store().count() == 0 and "seeded" not in st.session_state:
        for path in sorted(SEEDS.glob("*.txt")):
            for article in read_file(path):
                result = extractor().extract(article)
                store().add_extraction(article, result.events)
        st.session_state["seeded"] = True


@st.cache_data(show_spinner=False, ttl=60)
def query(flt: EventFilter, version: int) -> pd.DataFrame:
    return store().events(flt, columns=TABLE_COLUMNS, limit=TABLE_ROWS)


@st.cache_data(show_spinner=False, ttl=60)
def exported(flt: EventFilter, version: int, fmt: str) -> bytes:
    """The filtered events in one format; cached, so a rerun does not rebuild four files."""
    full = store().events(flt)
    sources = store().articles(full["article_id"].dropna().unique()) if fmt == "xlsx" else None
    return export(full, fmt, sources=sources)


@st.cache_data(show_spinner=False, ttl=60)
def daily(flt: EventFilter, version: int) -> pd.DataFrame:
    return store().daily_counts(flt)


def filters_from_url(span: tuple[date, date]) -> EventFilter:
    q = st.query_params
    lo, hi = span
    try:
        start = max(date.fromisoformat(q.get("from", lo.isoformat())), lo)
        end = min(date.fromisoformat(q.get("to", hi.isoformat())), hi)
    except ValueError:
        start, end = lo, hi
    min_fatalities, precision = q.get("min_fatalities", "0"), q.get("precision", "")
    return EventFilter(date_from=start, date_to=end, event_types=tuple(t for t in q.get_all("type") if t in TAXONOMY),
                       sub_event_types=tuple(q.get_all("sub")), countries=tuple(q.get_all("country")),
                       admin1=tuple(q.get_all("admin1")), actor=q.get("actor", ""),
                       min_fatalities=int(min_fatalities) if min_fatalities.isdigit() else 0,
                       max_geo_precision=int(precision) if precision in ("1", "2", "3") else None)


def sidebar(span: tuple[date, date]) -> EventFilter:
    initial = filters_from_url(span)
    st.sidebar.header("Filters")
    lo, hi = span
    dates = st.sidebar.slider("Dates", min_value=lo, max_value=hi if hi > lo else lo + pd.Timedelta(days=1),
                              value=(initial.date_from, max(initial.date_to, initial.date_from)), format="YYYY-MM-DD")
    types = st.sidebar.multiselect("Event types", list(TAXONOMY), default=list(initial.event_types))
    sub_choices = [sub for t in (types or TAXONOMY) for sub in TAXONOMY[t]]
    subs = st.sidebar.multiselect("Sub-event types", sub_choices,
                                  default=[x for x in initial.sub_event_types if x in sub_choices])
    countries = store().distinct("country")
    chosen = st.sidebar.multiselect("Countries", countries, default=[c for c in initial.countries if c in countries])
    admin_choices = store().distinct("admin1", EventFilter(countries=tuple(chosen))) if chosen else []
    admin1 = st.sidebar.multiselect("Admin1 (choose a country first)", admin_choices,
                                    default=[a for a in initial.admin1 if a in admin_choices])
    actor = st.sidebar.text_input("Actor contains", value=initial.actor)
    min_fat = st.sidebar.number_input("Minimum fatalities", min_value=0, value=initial.min_fatalities, step=1)
    precision_labels = {"any": None, "1: town or spot": 1, "2: district or better": 2, "3: region or better": 3}
    current = next(k for k, v in precision_labels.items() if v == initial.max_geo_precision)
    precision = st.sidebar.selectbox("Place precision", list(precision_labels),
                                     index=list(precision_labels).index(current))
    dates = play_window(dates, span)
    flt = EventFilter(date_from=dates[0], date_to=dates[1], event_types=tuple(types), sub_event_types=tuple(subs),
                      countries=tuple(chosen), admin1=tuple(admin1), actor=actor.strip(),
                      min_fatalities=int(min_fat), max_geo_precision=precision_labels[precision])
    params = {"from": flt.date_from.isoformat(), "to": flt.date_to.isoformat(), "type": list(flt.event_types),
              "sub": list(flt.sub_event_types), "country": list(flt.countries), "admin1": list(flt.admin1),
              "actor": flt.actor, "min_fatalities": str(flt.min_fatalities),
              "precision": str(flt.max_geo_precision or "")}
    if flt.date_from == lo:  # the full span is the default: kept out of the URL so new events show up
        params["from"] = ""
    if flt.date_to == hi:
        params["to"] = ""
    others = {k: st.query_params.get_all(k) for k in st.query_params if k not in params}
    st.query_params.from_dict({**others, **{k: v for k, v in params.items() if v not in ("", [], "0")}})
    return flt


def play_window(dates: tuple[date, date], span: tuple[date, date]) -> tuple[date, date]:
    """While 'Play' is on, a window of N days steps through the chosen range, one step per rerun."""
    col1, col2 = st.sidebar.columns(2)
    playing = col1.toggle("Play", key="play", help="Step a window through the chosen dates")
    days = int(col2.number_input("Window, days", min_value=1, value=7, step=1, key="play_days"))
    if not playing:
        st.session_state.pop("play_at", None)
        return dates
    at = st.session_state.get("play_at", dates[0])
    if at > dates[1]:
        at = dates[0]
    st.session_state["play_at"] = at
    return at, min(at + timedelta(days=days - 1), dates[1])


def advance_play() -> None:
    """Called at the end of a run: move the window on and rerun after a pause."""
    if st.session_state.get("play") and "play_at" in st.session_state:
        time.sleep(PLAY_PAUSE_SECONDS)
        st.session_state["play_at"] += timedelta(days=int(st.session_state.get("play_days", 7)))
        st.rerun()


def timeline_chart(counts: pd.DataFrame) -> alt.LayerChart:
    """Events per day by type (bars, the map's colours) and fatalities per day (line, its own axis)."""
    counts = counts.assign(event_date=pd.to_datetime(counts["event_date"]))
    base = alt.Chart(counts).encode(x=alt.X("event_date:T", title=None))
    bars = base.mark_bar().encode(
        y=alt.Y("sum(events):Q", title="events"),
        color=alt.Color("event_type:N", legend=None,
                        scale=alt.Scale(domain=list(TYPE_COLOURS), range=list(TYPE_COLOURS.values()))),
        tooltip=["event_date:T", "event_type:N", "sum(events):Q", "sum(fatalities):Q"])
    line = base.mark_line(color="#333", point=True).encode(y=alt.Y("sum(fatalities):Q", title="fatalities"))
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=180)


def highlighted(text: str, evidence: dict) -> str:
    """The article with each evidence span marked; every character of the article is escaped."""
    spans = []
    for name, value in evidence.items():
        if name not in ("also", "sentence") and value and 0 <= value[0] < value[1] <= len(text):
            spans.append((value[0], value[1], name))
    spans.sort()
    out, pos = [], 0
    for start, end, name in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark title="{html.escape(name)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "<div style='white-space:pre-wrap;font-size:0.9em'>" + "".join(out) + "</div>"


def details(event_id: int) -> None:
    event = store().event(event_id)
    if not event:
        return
    st.markdown(f"**{html.escape(str(event['event_date']))} {html.escape(event['event_type'])} / "
                f"{html.escape(event['sub_event_type'] or '')}** at {html.escape(event['location'] or '?')}, "
                f"{html.escape(event['country'] or '')}; fatalities {event['fatalities']}; actors "
                f"{html.escape(event['actor1'] or '-')} / {html.escape(event['actor2'] or '-')}; "
                f"confidence {event['confidence'] if event['confidence'] is not None else '-'}",
                unsafe_allow_html=True)
    if event["article_id"]:
        article = store().articles([event["article_id"]])
        if len(article):
            row = article.iloc[0]
            st.caption(f"{row['title']} ({row['source']}, {row['published']})")
            evidence = json.loads(event["evidence"] or "{}")
            st.markdown(highlighted(row["text"], evidence), unsafe_allow_html=True)
    else:
        st.caption(f"Imported ({event['origin']}): {event['notes'] or ''}")


def events_tab(flt: EventFilter, version: int) -> None:
    density = st.toggle("Density: events per grid cell", key="density")
    fmap, count = map_for(store(), flt, tiles=os.environ.get("MAP_TILES") or None, density=density)
    st.caption(f"{count:,} events in the filter. " + ("" if count <= MARKER_BUDGET else
               f"Over {MARKER_BUDGET:,}: the map shows events per grid cell, counted in the database."))
    # Only clicks come back from the map: panning and zooming do not rerun the page.
    clicked = st_folium(fmap, height=520, use_container_width=True, returned_objects=["last_object_clicked"],
                        key="map") or {}
    st.markdown(legend_html(), unsafe_allow_html=True)  # fixed text built from our own type names
    counts = daily(flt, version)
    if len(counts):
        st.altair_chart(timeline_chart(counts), width="stretch")
    frame = query(flt, version)
    if count > TABLE_ROWS:
        st.caption(f"The table shows the first {TABLE_ROWS:,} events by date; exports hold all {count:,}.")
    picked = st.dataframe(frame.drop(columns=["notes"]), hide_index=True, width="stretch", on_select="rerun",
                          selection_mode="single-row", key="table")
    rows = picked.selection.rows if picked else []
    point = clicked.get("last_object_clicked") or {}
    if rows:
        details(int(frame.iloc[rows[0]]["id"]))
    elif point and len(frame):
        near = ((frame.latitude - point.get("lat", 0)).abs() + (frame.longitude - point.get("lng", 0)).abs())
        if near.min() < 1e-4:  # the marker clicked, not a click on empty map
            details(int(frame.loc[near.idxmin(), "id"]))
    if count > EXPORT_ROWS:
        st.info(f"{count:,} events: export them from a terminal with `python -m events export` (the page builds "
                f"downloads up to {EXPORT_ROWS:,}).")
        return
    for column, fmt in zip(st.columns(4), ("csv", "acled", "geojson", "xlsx")):
        column.download_button(f"Download {fmt.upper()}", exported(flt, version, fmt),
                               file_name=f"events.{'acled.' if fmt == 'acled' else ''}{EXTENSION[fmt]}",
                               mime=MIME[fmt], key=f"download-{fmt}")


def add_tab() -> None:
    st.subheader("Add articles")
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    text = st.text_area("Paste an article", height=200, max_chars=200_000)
    col1, col2, col3 = st.columns(3)
    title = col1.text_input("Title")
    published = col2.date_input("Published", value=date.today())
    source = col3.text_input("Source")
    uploads = st.file_uploader("Or upload articles (.txt with a metadata header, .json, .jsonl)",
                               type=["txt", "json", "jsonl"], accept_multiple_files=True)
    if st.button("Extract events", disabled=not (text.strip() or uploads)):
        articles = []
        if text.strip():
            articles.append(Article(text=text, title=title, published=published, source=source,
                                    id=article_id(text, title)))
        for upload in uploads or []:
            try:
                articles.extend(read_upload(upload, UPLOAD_LIMIT))
            except ArticleError as exc:
                st.error(f"{exc} - nothing from this file was stored.")
        results = list(extractor().extract_many(articles))
        st.session_state["pending"] = [(r.article, r.events) for r in results]
    pending = st.session_state.get("pending") or []
    if not pending:
        return
    rows = [{"article": a.title or a.id, "keep": True, "event_date": e.event_date, "event_type": e.event_type,
             "sub_event_type": e.sub_event_type, "location": e.location, "fatalities": e.fatalities,
             "actor1": e.actor1, "actor2": e.actor2, "notes": e.notes} for a, found in pending for e in found]
    if not rows:
        st.info("No event found in these articles.")
        return
    edited = st.data_editor(pd.DataFrame(rows), hide_index=True, key="review", disabled=["article", "notes"],
                            column_config={"event_type": st.column_config.SelectboxColumn(options=list(TAXONOMY))})
    if st.button("Save reviewed events"):
        edits = iter(edited.to_dict("records"))
        added = merged = 0
        for article, found in pending:
            kept, changes = [], []
            for event in found:
                before = snapshot(event)
                if apply_review(event, next(edits), resolver()) is not None:
                    kept.append(event)
                    changes.append(corrections(before, event))
            a, m = store().add_extraction(article, kept, corrections=changes, editor="dashboard review")
            added, merged = added + a, merged + m
        st.session_state["version"] = st.session_state.get("version", 0) + 1
        st.session_state.pop("pending", None)
        st.session_state["flash"] = f"Saved: {added} new event(s), {merged} merged into stored events."
        st.rerun()  # the map, table and filters show the new events at once


def import_tab() -> None:
    st.subheader("Import a dataset")
    upload = st.file_uploader("ACLED export, UCDP GED, or another CSV", type=["csv", "txt"], key="dataset")
    fmt = st.radio("Format", ["acled", "ucdp"], horizontal=True)
    skip = st.checkbox("Import the valid rows and report the rest (otherwise a bad row stops the import)")
    if upload is None or not st.button("Import"):
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            parsed = parse_file(path, fmt)
        except ImportError_ as exc:
            st.error(f"{exc} - nothing imported.")
            return
    if parsed.bad_lines and not skip:
        st.error(f"{parsed.report(Path(upload.name))} - nothing imported.")
        return
    bar = st.progress(0.0, text="Importing...")
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        bar.progress(min(done[0] / max(len(parsed.rows), 1), 1.0), text=f"{done[0]:,} rows written")

    added = store().insert_rows(parsed.rows, progress=progress)
    st.session_state["version"] = st.session_state.get("version", 0) + 1
    if parsed.bad_lines:
        st.warning(f"Skipped {parsed.report(Path(upload.name))}")
    st.success(f"{added:,} new event(s) imported, {len(parsed.rows) - added:,} already stored.")


def lookup_tab() -> None:
    st.subheader("Place lookup")
    col_name, col_country = st.columns([3, 1])
    name = col_name.text_input("Place name as written in the news", value=st.query_params.get("name", "Tripoli"))
    countries = col_country.text_input("Context countries (codes or names, comma-separated)",
                                       value=st.query_params.get("focus", "LY"))
    try:
        focus = {country_code(resolver(), c): 1.0 for c in countries.split(",") if c.strip()}
    except UnknownCountry as exc:
        st.error(str(exc))
        focus = {}
    res = resolver().resolve(name, Context(focus=focus)) if name.strip() else None
    if res is None:
        st.warning(f"No place named {name!r} in the gazetteer." if name.strip() else "Type a place name.")
        return
    p = res.place
    st.success(f"{p.name} ({', '.join(x for x in (p.admin1, p.country) if x)}): {p.latitude:.4f}, "
               f"{p.longitude:.4f} - {p.kind}, geo_precision {res.precision}, {res.match} match")
    rows = [{"name": c.place.name, "country": c.place.country_code, "admin1": c.place.admin1, "kind": c.place.kind,
             "latitude": c.place.latitude, "longitude": c.place.longitude, "score": round(c.score, 2)}
            for c in (res, *res.runners_up)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def main() -> None:
    st.set_page_config(page_title="Conflict event map", layout="wide")
    st.title("Conflict event map")
    first_run()
    version = st.session_state.get("version", 0)
    lo, hi = store().span()
    span = (lo or date.today(), hi or date.today())
    flt = sidebar(span)
    st.caption(f"Store: {store().url} - {store().count():,} events. Add articles in the second tab, or "
               "`python -m events ingest PATH` / `python -m events import FILE --format acled` from a terminal.")
    tab_events, tab_add, tab_import, tab_lookup = st.tabs(["Events", "Add articles", "Import dataset",
                                                          "Place lookup"])
    with tab_events:
        events_tab(flt, version)
    with tab_add:
        add_tab()
    with tab_import:
        import_tab()
    with tab_lookup:
        lookup_tab()
    st.divider()
    st.caption(ATTRIBUTION)
    advance_play()


main()
