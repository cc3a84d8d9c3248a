"""The store, importers and exporters on the real files in ../shared/eval (read from there, never copied)."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from events import Article, Event
from events.cli import main
from events.exporters import export
from events.importers import ImportError_, parse_dates, parse_file
from events.model import ACLED_COLUMNS
from events.store import EventFilter, Store

EVAL = Path(os.environ.get("SHARED_EVAL", Path(__file__).resolve().parent.parent.parent / "shared" / "eval"))
ACLED_2020 = EVAL / "acled_2020_export_sample.csv"
ACLED_OLD = EVAL / "acled_libya_2011_2012_export.csv"
UCDP = EVAL / "ucdp_ged_sample.csv"
needs_eval = pytest.mark.skipif(not ACLED_2020.exists(), reason="../shared/eval is not on this machine")


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'events.sqlite'}")


@needs_eval
def test_acled_export_as_users_download_it(store):
    parsed = parse_file(ACLED_2020, "acled")
    # The sample's last line is truncated: it is named, the rest is valid.
    assert parsed.bad_lines == 1 and any(p.line == 4604 for p in parsed.problems)
    assert store.insert_rows(parsed.rows) == 4602
    assert store.insert_rows(parse_file(ACLED_2020, "acled").rows) == 0  # re-import adds nothing
    frame = store.events(EventFilter(countries=("Israel",), date_from=date(2020, 5, 9), date_to=date(2020, 5, 9)))
    row = frame[frame.event_id_cnty == "ISR1786"].iloc[0]
    assert (row.event_date, row.event_type, row.location, row.latitude) == (date(2020, 5, 9), "Protests", "Haifa",
                                                                            32.8184)


@needs_eval
def test_old_acled_export_is_mapped_to_todays_codebook(store):
    store.insert_rows(parse_file(ACLED_OLD, "acled").rows)
    frame = store.events()
    assert len(frame) == 740
    assert set(frame.event_type) <= {"Battles", "Violence against civilians", "Protests", "Explosions/Remote violence",
                                     "Strategic developments", "Riots"}
    battle = frame[frame.event_id_cnty == "LBY812"].iloc[0]
    assert (battle.event_type, battle.sub_event_type, battle.tags) == \
        ("Battles", "Armed clash", "event_type_orig=Battle-No change of territory")


@needs_eval
def test_ucdp_ged_maps_deaths_and_precision(store):
    store.insert_rows(parse_file(UCDP, "ucdp").rows)
    row = store.events().set_index("event_id_cnty").loc["UCDP-300380"]
    assert (row.fatalities, row.fatalities_low, row.fatalities_high) == (2, 2, 2)
    assert (row.geo_precision, row.time_precision, row.location) == (1, 1, "Rami village")
    assert row.event_type == "Battles" and row.country == "Syria"


def test_dates_as_acled_wrote_them():
    parsed = parse_dates(pd.Series(["2020-05-09", "9-May-20", "15 March 2022", "09 May 2020", "nonsense"]))
    assert list(parsed[:4]) == [date(2020, 5, 9), date(2020, 5, 9), date(2022, 3, 15), date(2020, 5, 9)]
    assert pd.isna(parsed[4])


def write(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


HEADER = "event_id_cnty,event_date,event_type,country,location,latitude,longitude,fatalities\n"


def test_bad_files_are_named_and_nothing_half_imported(tmp_path, store):
    with pytest.raises(ImportError_, match="empty"):
        parse_file(write(tmp_path / "empty.csv", ""), "acled")
    with pytest.raises(ImportError_, match="missing required column.*latitude"):
        parse_file(write(tmp_path / "cols.csv", "event_date,event_type,country\n2020-01-01,Battles,Libya\n"), "acled")
    bad = write(tmp_path / "bad.csv", HEADER + "A1,2020-01-01,Battles,Libya,Sirte,31.2,16.6,0\n"
                                           "A2,31/02/2020,Battles,Libya,Sirte,31.2,16.6,0\n"
                                           "A3,2020-01-03,Battles,Libya,Sirte,95,16.6,0\n")
    out, err = io.StringIO(), io.StringIO()
    os.environ["EVENTS_DB_URL"] = store.url
    try:
        assert main(["import", str(bad), "--format", "acled"], out=out, err=err) == 2
        assert "line 3, column event_date" in err.getvalue() and "line 4, column latitude" in err.getvalue()
        assert store.count() == 0  # strict by default: nothing imported
        assert main(["import", str(bad), "--format", "acled", "--skip-invalid"], out=out, err=err) == 0
        assert store.count() == 1 and "skipped" in err.getvalue()
    finally:
        del os.environ["EVENTS_DB_URL"]


def test_encodings_bom_and_semicolons(tmp_path):
    row = "B1;2020-01-01;Protests;Côte d'Ivoire;Abidjan;5.35;-4.0;0\n"
    latin = write(tmp_path / "latin.csv", HEADER.replace(",", ";") + row, encoding="cp1252")
    parsed = parse_file(latin, "acled")
    assert parsed.rows.iloc[0].country == "Côte d'Ivoire" and parsed.separator == ";"
    bom = write(tmp_path / "bom.csv", "\ufeff" + HEADER + row.replace(";", ","))
    assert parse_file(bom, "acled").rows.iloc[0].location == "Abidjan"


def test_mapped_csv_and_reimport(tmp_path, store):
    path = write(tmp_path / "mine.csv", "when,what,lat,lon,place\n2021-03-01,Battles,12.1,15.0,N'Djamena\n")
    mapping = {"when": "event_date", "what": "event_type", "lat": "latitude", "lon": "longitude",
               "place": "location"}
    assert store.insert_rows(parse_file(path, "csv", mapping).rows) == 1
    assert store.insert_rows(parse_file(path, "csv", mapping).rows) == 0
    with pytest.raises(ImportError_, match="not in the file: nope"):
        parse_file(path, "csv", {"nope": "event_date"})


def seed_events():
    a1 = Article(text="Shelling killed two people in Tajoura.", title="One", published=date(2019, 4, 19),
                 source="Agency A", id="a1")
    a2 = Article(text="Two died in shelling of Tajoura.", title="Two", published=date(2019, 4, 20),
                 source="Agency B", id="a2")
    e = Event(date(2019, 4, 18), 1, "Explosions/Remote violence", "Shelling/artillery/missile attack", "Tajoura",
              32.88, 13.35, 1, country="Libya", iso2="LY", fatalities=2, notes="Shelling killed two people.",
              evidence={"sentence": [0, 10, "Shelling k"]})
    return a1, a2, e


def test_same_event_from_two_articles_merges_with_both_sources(store):
    a1, a2, e = seed_events()
    assert store.add_extraction(a1, [e]) == (1, 0)
    near = Event(**{**e.__dict__, "latitude": 32.9, "event_date": date(2019, 4, 19), "fatalities": 3})
    assert store.add_extraction(a2, [near]) == (0, 1)
    assert store.add_extraction(a2, [near]) == (0, 0)  # the same article again adds nothing
    frame = store.events()
    assert len(frame) == 1 and frame.iloc[0].source == "Agency A; Agency B" and frame.iloc[0].fatalities == 3


def test_export_then_import_gives_back_the_same_events(tmp_path, store):
    a1, _, e = seed_events()
    store.add_extraction(a1, [e])
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    data = export(store.events(), "acled")
    path = write(tmp_path / "export.csv", data.decode())
    assert pd.read_csv(path).columns.tolist() == list(ACLED_COLUMNS)
    other.insert_rows(parse_file(path, "acled").rows)
    keys = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "location", "latitude", "longitude",
            "fatalities", "country", "notes", "geo_precision"]
    assert store.events()[keys].to_dict("records") == other.events()[keys].to_dict("records")
    assert store.insert_rows(parse_file(path, "acled").rows) == 0  # importing our own export adds nothing


def test_geojson_and_xlsx(tmp_path, store):
    a1, _, e = seed_events()
    store.add_extraction(a1, [e])
    frame = store.events()
    collection = json.loads(export(frame, "geojson"))
    feature = collection["features"][0]
    assert collection["type"] == "FeatureCollection"
    assert feature["geometry"] == {"type": "Point", "coordinates": [13.35, 32.88]}  # longitude first
    assert feature["properties"]["event_date"] == "2019-04-18"
    assert feature["properties"]["evidence"]["sentence"][2] == "Shelling k"
    path = tmp_path / "x.xlsx"
    path.write_bytes(export(frame, "xlsx", sources=store.articles()))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["events", "sources"]
    assert book["sources"]["B2"].value == "One"


def test_filters_are_parameters_never_sql(store):
    a1, _, e = seed_events()
    store.add_extraction(a1, [e])
    assert len(store.events(EventFilter(actor="'; DROP TABLE events; --"))) == 0
    assert len(store.events(EventFilter(countries=("Libya' OR '1'='1",)))) == 0
    assert store.count() == 1
    assert len(store.events(EventFilter(bbox=(13.0, 32.0, 14.0, 33.0), min_fatalities=2))) == 1
    assert len(store.events(EventFilter(bbox=(0.0, 0.0, 1.0, 1.0)))) == 0
    daily = store.daily_counts()
    assert daily.iloc[0].events == 1 and daily.iloc[0].fatalities == 2
    assert store.grid(cell_degrees=1.0).iloc[0].events == 1


def test_edits_are_kept_with_old_and_new_values(store):
    a1, _, e = seed_events()
    store.add_extraction(a1, [e])
    event_id = int(store.events().iloc[0].id)
    store.edit(event_id, {"fatalities": 3, "event_type": "Battles"}, editor="analyst")
    edits = store.edits(event_id)
    assert set(zip(edits.field, edits.old_value, edits.new_value)) == {
        ("fatalities", "2", "3"), ("event_type", "Explosions/Remote violence", "Battles")}
    row = store.events().iloc[0]
    assert (row.fatalities, row.disorder_type) == (3, "Political violence")
    with pytest.raises(ValueError, match="cannot edit"):
        store.edit(event_id, {"uid": "x"})


KILL_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from events.importers import parse_file
from events.store import Store
store = Store({url!r})
print("parsed", flush=True)
store.insert_rows(parse_file(Path({path!r}), "acled").rows, progress=lambda n: print("batch", flush=True))
print("done", flush=True)
"""


def test_killed_import_leaves_earlier_commits_intact(tmp_path):
    url = f"sqlite:///{tmp_path / 'kill.sqlite'}"
    store = Store(url)
    small = write(tmp_path / "small.csv", HEADER + "K1,2020-01-01,Battles,Libya,Sirte,31.2,16.6,0\n")
    store.insert_rows(parse_file(small, "acled").rows)
    rows = "".join(f"B{i},2020-01-02,Battles,Libya,Sirte,31.2,16.6,0\n" for i in range(300_000))
    big = write(tmp_path / "big.csv", HEADER + rows)
    root = str(Path(__file__).resolve().parent.parent)
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT.format(root=root, url=url, path=str(big))],
                            stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:  # kill it in the middle of writing
        if line.startswith("batch"):
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    time.sleep(0.1)
    assert proc.returncode == -signal.SIGKILL
    reopened = Store(url)
    assert reopened.count() == 1 and reopened.events().iloc[0].event_id_cnty == "K1"
    with sqlite3.connect(tmp_path / "kill.sqlite") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_ingest_and_export(tmp_path, extractor, monkeypatch):
    monkeypatch.setenv("EVENTS_DB_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.setattr("events.extract.load_nlp", lambda: extractor.nlp)
    monkeypatch.setattr("events.extract.load_resolver", lambda: extractor.resolver)
    seeds = str(Path(__file__).resolve().parent.parent / "seeds")
    out = io.StringIO()
    assert main(["ingest", seeds], out=out, err=io.StringIO()) == 0
    assert "3 event(s) added" in out.getvalue()
    out = io.StringIO()
    assert main(["ingest", seeds], out=out, err=io.StringIO()) == 0
    assert "0 new article(s)" in out.getvalue()
    target = tmp_path / "out.csv"
    assert main(["export", "--format", "acled", "--out", str(target), "--type", "Protests"], out=out,
                err=io.StringIO()) == 0
    exported = pd.read_csv(target)
    assert len(exported) == 1 and exported.iloc[0].event_type == "Protests"
    err = io.StringIO()
    assert main(["export", "--format", "csv", "--out", str(target), "--bbox", "1,2"], out=out, err=err) == 2
    assert "--bbox" in err.getvalue()


def test_two_sessions_editing_at_once_lose_neither_edit(store):
    import threading

    a1, _, e = seed_events()
    store.add_extraction(a1, [e])
    event_id = int(store.events().iloc[0].id)
    other = Store(store.url)  # a second browser session has its own engine and connections
    errors = []

    def edit(s, changes, who):
        try:
            for _ in range(20):
                s.edit(event_id, changes, editor=who)
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(store, {"fatalities": 5}, "alice")),
               threading.Thread(target=edit, args=(other, {"actor1": "Militia X"}, "bob"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    row = store.events().iloc[0]
    assert (row.fatalities, row.actor1) == (5, "Militia X")
    assert set(store.edits(event_id).editor) == {"alice", "bob"}
