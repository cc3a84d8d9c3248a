"""Layers a user adds to the gazetteer: GeoNames dump files, and places from datasets they import.

Each becomes a gazetteer CSV under data/geo/layers/, so the next load rebuilds the index with it and the
user can read, edit or delete what was added.

    add_geonames(path_or_country_code)   GeoNames dumps: allCountries.zip, LY.zip, LY.txt
    add_dataset_places(path, format)     ACLED / UCDP / mapped CSV rows with coordinates
"""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from statistics import median

from . import config
from .gazetteer import layer_dir
from .records import Kind, PlaceRow

GEONAMES_URL = "https://download.geonames.org/export/dump/{code}.zip"
GEONAMES_COLUMNS = 19  # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 a1 a2 a3 a4 pop ...
DEFAULT_CLASSES = frozenset("PAS")  # populated places, admin areas, spots (squares, airports, bases)
LAYER_COLUMNS = ("name", "alternates", "latitude", "longitude", "country_code", "admin1", "admin2", "kind",
                 "population", "geonameid", "source")


class LayerError(ValueError):
    """A layer file that cannot be read, with the file and line at fault."""


def kind_of_feature(feature_class: str, feature_code: str) -> Kind | None:
    if feature_class == "A":
        if feature_code.startswith("PCL"):
            return Kind.COUNTRY
        if feature_code == "ADM1":
            return Kind.ADMIN1
        if feature_code.startswith("ADM") and not feature_code.endswith("H"):
            return Kind.ADMIN2
        return None
    if feature_class == "P":
        return Kind.CUSTOM if feature_code == "PPLX" else Kind.TOWN  # PPLX: a section of a town
    if feature_class == "S":
        return Kind.AIRPORT if feature_code in ("AIRP", "AIRB", "AIRF", "AIRH") else Kind.CUSTOM
    if feature_class == "L":
        return Kind.ADMIN2
    return None


def _dump_lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise LayerError(f"{path}: no GeoNames .txt file inside the zip")
            with archive.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            yield from fh


def read_geonames_dump(path: Path, classes: Iterable[str] = DEFAULT_CLASSES) -> Iterator[PlaceRow]:
    """Rows of a GeoNames dump, with admin1 names taken from the dump's own ADM1 rows."""
    classes = frozenset(classes)
    kept: list[tuple] = []
    admin1_names: dict[tuple[str, str], str] = {}
    for number, line in enumerate(_dump_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < GEONAMES_COLUMNS - 4:
            raise LayerError(f"{path}, line {number}: {len(cols)} tab-separated columns, a GeoNames dump has "
                             f"{GEONAMES_COLUMNS}")
        fclass, fcode, cc, a1 = cols[6], cols[7], cols[8], cols[10]
        if fcode == "ADM1":
            admin1_names[(cc, a1)] = cols[1]
        kind = kind_of_feature(fclass, fcode)
        if fclass not in classes or kind is None:
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
            population = int(cols[14] or 0) if len(cols) > 14 else 0
            gid = int(cols[0])
        except ValueError as exc:
            raise LayerError(f"{path}, line {number}: {exc}") from None
        kept.append((cols[1], tuple(a for a in cols[3].split(",") if a), lat, lon, cc, a1, kind, population, gid))
    for name, alternates, lat, lon, cc, a1, kind, population, gid in kept:
        yield PlaceRow(name, lat, lon, cc, kind, alternates, admin1=admin1_names.get((cc, a1), ""),
                       population=population, geonameid=gid, source=f"GeoNames dump {path.name}")


def download_geonames(code: str, directory: Path) -> Path:
    """Fetch CC.zip (or allCountries.zip) from GeoNames; needs internet."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{code}.zip"
    url = GEONAMES_URL.format(code=code)
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except (urllib.error.URLError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise LayerError(f"could not download {url} ({exc}); with no internet, fetch {code}.zip elsewhere "
                         f"and pass its path") from None
    return target


def write_layer(name: str, rows: Iterable[PlaceRow], data_dir: Path | None = None) -> tuple[Path, int]:
    """Write rows as a gazetteer CSV layer (atomically); returns its path and row count."""
    directory = layer_dir(data_dir or config.data_dir())
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{name}.csv"
    tmp = target.with_suffix(".csv.tmp")
    count = 0
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(LAYER_COLUMNS)
        for r in rows:
            writer.writerow([r.name, "|".join(a.replace("|", " ") for a in r.alternates), r.latitude, r.longitude,
                             r.country_code, r.admin1, r.admin2, r.kind.label, r.population, r.geonameid, r.source])
            count += 1
    tmp.replace(target)
    return target, count


def add_geonames(source: str, data_dir: Path | None = None,
                 classes: Iterable[str] = DEFAULT_CLASSES) -> tuple[Path, int]:
    """Add a GeoNames dump, given as a file path or as a country code to download ("LY", "allCountries")."""
    path = Path(source)
    if not path.exists():
        if not (len(source) == 2 and source.isalpha()) and source != "allCountries":
            raise LayerError(f"{source}: no such file, and not a country code to download")
        path = download_geonames(source.upper() if len(source) == 2 else source,
                                 (data_dir or config.data_dir()) / "downloads")
    return write_layer(f"geonames-{path.stem}", read_geonames_dump(path, classes), data_dir)


# Dataset columns: (name, country, admin1, admin2, latitude, longitude, precision, precise value).
DATASET_COLUMNS = {
    "acled": ("location", "country", "admin1", "admin2", "latitude", "longitude", "geo_precision", "1"),
    "ucdp": ("where_coordinates", "country", "adm_1", "adm_2", "latitude", "longitude", "where_prec", "1"),
}


def dataset_places(path: Path, fmt: str, country_code_of, source: str | None = None) -> Iterator[PlaceRow]:
    """One row per (place name, country) of a dataset, at the median of its precisely coded events.

    country_code_of turns the dataset's country names into ISO2 codes (resolver.country_code)."""
    if fmt not in DATASET_COLUMNS:
        raise LayerError(f"unknown dataset format {fmt!r}; use one of {', '.join(DATASET_COLUMNS)}")
    name_col, country_col, a1_col, a2_col, lat_col, lon_col, prec_col, precise = DATASET_COLUMNS[fmt]
    groups: dict[tuple[str, str], list] = defaultdict(list)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in (name_col, country_col, lat_col, lon_col) if c not in (reader.fieldnames or ())]
        if missing:
            raise LayerError(f"{path}: missing column(s) {', '.join(missing)} for format {fmt}")
        for row in reader:
            if prec_col in row and str(row[prec_col]).strip() not in (precise, precise + ".0"):
                continue  # only events coded to the place itself say where the place is
            try:
                lat, lon = float(row[lat_col]), float(row[lon_col])
            except (TypeError, ValueError):
                continue
            name = (row[name_col] or "").strip()
            if fmt == "ucdp":  # "Tripoli town" -> "Tripoli"
                name = name.rsplit(" ", 1)[0] if name.endswith((" town", " village", " city")) else name
            if name and -90 <= lat <= 90 and -180 <= lon <= 180:
                groups[(name, row[country_col].strip())].append((lat, lon, row.get(a1_col, ""), row.get(a2_col, "")))
    label = source or f"{fmt.upper()} dataset {path.name}"
    codes: dict[str, str | None] = {}
    for (name, country), points in groups.items():
        if country not in codes:
            try:
                codes[country] = country_code_of(country)
            except ValueError:
                codes[country] = None
        if not codes[country]:
            continue
        # ACLED writes neighbourhoods as "City - Neighbourhood"; the neighbourhood is the place.
        short = name.split(" - ", 1)[1].strip() if " - " in name else name
        yield PlaceRow(short, median(p[0] for p in points), median(p[1] for p in points), codes[country],
                       Kind.CUSTOM, (name,) if short != name else (), admin1=points[0][2] or "",
                       admin2=points[0][3] or "", source=f"{label} ({len(points)} events)")
