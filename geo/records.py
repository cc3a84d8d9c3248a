"""Typed records of the geocoding layer: gazetteer rows in, places and resolutions out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import IntEnum


class Kind(IntEnum):
    TOWN = 0
    ADMIN1 = 1
    ADMIN2 = 2
    COUNTRY = 3
    AIRPORT = 4
    CUSTOM = 5  # squares, neighbourhoods, districts below town level
    CONTINENT = 6

    @property
    def label(self) -> str:
        return {0: "town", 1: "admin area", 2: "district", 3: "country", 4: "airport", 5: "custom",
                6: "continent"}[self.value]

    @property
    def precision(self) -> int:
        """ACLED geo_precision: 1 a town or a spot in it, 2 a district or part of a region, 3 a region or country."""
        return {0: 1, 1: 3, 2: 2, 3: 3, 4: 1, 5: 1, 6: 3}[self.value]


KIND_BY_LABEL = {k.label: k for k in Kind} | {k.name.lower(): k for k in Kind}

# Where a row came from decides precedence: a user's own rows beat everything, curated rows beat packages.
PRIORITY_USER = 2
PRIORITY_CURATED = 1
PRIORITY_PACKAGE = 0


@dataclass(frozen=True)
class PlaceRow:
    """One gazetteer entry as the build reads it, from any source."""

    name: str
    latitude: float
    longitude: float
    country_code: str
    kind: Kind
    alternates: tuple[str, ...] = ()
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    geonameid: int = 0
    source: str = "GeoNames"
    priority: int = PRIORITY_PACKAGE


@dataclass(frozen=True)
class Place:
    """A resolved place with every field the map and the exports need."""

    name: str
    latitude: float
    longitude: float
    country_code: str
    country: str
    admin1: str
    admin2: str
    kind: str
    population: int
    geonameid: int | None
    precision: int
    source: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Candidate:
    place: Place
    score: float
    match: str  # exact | loose | variant | fuzzy | part


@dataclass(frozen=True)
class Resolution:
    """The best place for a name, how it matched, and the runner-ups considered."""

    query: str
    place: Place
    score: float
    match: str
    precision: int
    runners_up: tuple[Candidate, ...] = field(default=())

    def to_dict(self) -> dict:
        out = self.place.to_dict()
        out.update(
            query=self.query,
            kind=self.place.kind,
            precision=self.precision,
            score=round(self.score, 3),
            match=self.match,
            runners_up=[
                {"name": c.place.name, "country_code": c.place.country_code, "admin1": c.place.admin1,
                 "latitude": c.place.latitude, "longitude": c.place.longitude, "kind": c.place.kind,
                 "score": round(c.score, 3)}
                for c in self.runners_up
            ],
        )
        return out
