"""Layers a user adds: GeoNames dumps, dataset places, their own CSV; on small indexes built in tmp dirs."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from geo import Context, Resolver, gazetteer
from geo.cli import main
from geo.layers import LayerError, add_geonames, dataset_places, read_geonames_dump

DUMP_ROWS = [
    # geonameid name asciiname alternates lat lon fclass fcode cc cc2 a1 a2 a3 a4 pop elev dem tz date
    ("9000001", "Sha'biyat Tarabulus", "Sha'biyat Tarabulus", "Tripoli District", "32.8", "13.1", "A", "ADM1",
     "LY", "", "77", "", "", "", "0", "", "10", "Africa/Tripoli", "2020-01-01"),
    ("9000002", "Wadi ar Rabi'", "Wadi ar Rabi", "Wadi al-Rabi,Wadi Rabie", "32.76", "13.31", "P", "PPLX",
     "LY", "", "77", "", "", "", "0", "", "50", "Africa/Tripoli", "2020-01-01"),
    ("9000003", "Bir al Ghanam", "Bir al Ghanam", "", "32.31", "12.55", "P", "PPL",
     "LY", "", "77", "", "", "", "120", "", "300", "Africa/Tripoli", "2020-01-01"),
    ("9000004", "Some Wadi", "Some Wadi", "", "32.0", "13.0", "H", "WAD",
     "LY", "", "77", "", "", "", "0", "", "300", "Africa/Tripoli", "2020-01-01"),
]


def write_dump(path, rows=DUMP_ROWS):
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "GeoNames test dump")
        archive.writestr(path.stem + ".txt", text)
    return path


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path / "geo"))
    monkeypatch.setenv("GEO_EMBEDDED", "0")
    monkeypatch.delenv("GEO_USER_GAZETTEER", raising=False)
    from geo import _cached_resolver

    _cached_resolver.cache_clear()
    yield tmp_path / "geo"
    _cached_resolver.cache_clear()


def test_geonames_dump_rows_keep_kinds_and_admin_names(tmp_path):
    rows = list(read_geonames_dump(write_dump(tmp_path / "LY.zip")))
    by_name = {r.name: r for r in rows}
    assert set(by_name) == {"Sha'biyat Tarabulus", "Wadi ar Rabi'", "Bir al Ghanam"}  # the wadi (class H) is left out
    assert by_name["Wadi ar Rabi'"].kind.label == "custom"
    assert by_name["Bir al Ghanam"].admin1 == "Sha'biyat Tarabulus"
    assert by_name["Bir al Ghanam"].population == 120


def test_add_geonames_makes_villages_resolvable(data_dir, tmp_path):
    add_geonames(str(write_dump(tmp_path / "LY.zip")), data_dir=data_dir)
    resolver = Resolver(gazetteer.load(data_dir))
    res = resolver.resolve("Wadi al-Rabi", Context(focus={"LY": 1.0}))
    assert res is not None and res.place.geonameid == 9000002 and res.precision == 1
    assert resolver.resolve("Bir al-Ghanam").place.source == "GeoNames dump LY.zip"


def test_add_geonames_cli_and_bad_files(data_dir, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert main(["add-geonames", str(write_dump(tmp_path / "LY.zip"))], out=out, err=err) == 0
    assert "added 3 places" in out.getvalue()
    bad = tmp_path / "bad.txt"
    bad.write_text("just\tthree\tcolumns\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["add-geonames", str(bad)], out=io.StringIO(), err=err) == 2
    assert "bad.txt, line 1" in err.getvalue()
    with pytest.raises(LayerError, match="no such file"):
        add_geonames(str(tmp_path / "missing-file.zip"), data_dir=data_dir)


def test_download_without_internet_gives_a_clear_error(data_dir):
    with pytest.raises(LayerError, match="could not download .*LY.zip"):
        add_geonames("LY", data_dir=data_dir)


ACLED_CSV = """event_id_cnty,event_date,country,admin1,admin2,location,latitude,longitude,geo_precision,fatalities
LBY1,2020-01-01,Libya,Tripoli,Tripoli,Tripoli - Wadi Test Quarter,32.801,13.301,1,0
LBY2,2020-01-02,Libya,Tripoli,Tripoli,Tripoli - Wadi Test Quarter,32.803,13.303,1,2
LBY3,2020-01-03,Libya,Tripoli,Tripoli,Imaginary Region,31.0,13.0,3,0
LBY4,2020-01-04,Atlantis,X,Y,Lost Town,1.0,1.0,1,0
"""


def test_dataset_places_take_precise_rows_at_their_median(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text(ACLED_CSV, encoding="utf-8")
    codes = {"Libya": "LY"}

    def code(name):
        if name not in codes:
            raise ValueError(name)
        return codes[name]

    rows = list(dataset_places(path, "acled", code))
    assert [r.name for r in rows] == ["Wadi Test Quarter"]  # imprecise rows and unknown countries left out
    assert rows[0].alternates == ("Tripoli - Wadi Test Quarter",)
    assert rows[0].latitude == pytest.approx(32.802)
    assert "2 events" in rows[0].source


def test_user_csv_wins_and_bad_rows_are_named(tmp_path, data_dir):
    user = tmp_path / "mine.csv"
    user.write_text("name,alternates,latitude,longitude,country_code,kind,source\n"
                    "Bir al Ghanam,,32.0,12.0,LY,town,my field notes\n", encoding="utf-8")
    add_geonames(str(write_dump(tmp_path / "LY.zip")), data_dir=data_dir)
    resolver = Resolver(gazetteer.load(data_dir, user_csv=user))
    res = resolver.resolve("Bir al Ghanam")
    assert res.place.source == "my field notes" and res.place.latitude == 32.0
    user.write_text("name,latitude,longitude,country_code\nBad Place,95,13,LY\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"mine.csv, row 2: latitude/longitude out of range"):
        gazetteer.load(data_dir, user_csv=user)
    user.write_text("name,lat\nX,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        gazetteer.load(data_dir, user_csv=user)


def test_index_is_rebuilt_only_when_an_input_changes(data_dir, tmp_path):
    first = gazetteer.load(data_dir)
    assert gazetteer.load(data_dir).meta["fingerprint"] == first.meta["fingerprint"]
    add_geonames(str(write_dump(tmp_path / "LY.zip")), data_dir=data_dir)
    assert gazetteer.load(data_dir).meta["fingerprint"] != first.meta["fingerprint"]
    assert len(gazetteer.load(data_dir)) == len(first) + 3


def test_jsonl_cli_on_a_small_index(data_dir, tmp_path):
    add_geonames(str(write_dump(tmp_path / "LY.zip")), data_dir=data_dir)
    lines = tmp_path / "names.jsonl"
    lines.write_text("\n".join([
        json.dumps({"id": "a", "name": "Wadi Rabie", "country": "LY"}),
        "{broken json",
        json.dumps({"id": "c", "name": "Nowhere"}),
        json.dumps({"id": "d", "name": "Bir al Ghanam", "country": "XX"}),
        json.dumps({"id": "e"}),
    ]) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["resolve", "--jsonl", str(lines)], out=out, err=err) == 0
    records = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ["a", None, "c", "d", "e"]
    assert records[0]["geonameid"] == 9000002 and records[0]["latitude"] == pytest.approx(32.76)
    assert records[2]["latitude"] is None and "error" not in records[2]
    assert "line 2" in records[1]["error"] and "unknown country" in records[3]["error"]
    assert "line 2" in err.getvalue() and "line 4" in err.getvalue() and "line 5" in err.getvalue()
