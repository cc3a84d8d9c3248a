"""The event model: ACLED's columns and taxonomy, and the typed records extraction produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

# ACLED's event types and their 25 sub-event types (ACLED codebook, 2019 onwards).
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
EVENT_TYPE_OF = {sub: event_type for event_type, subs in TAXONOMY.items() for sub in subs}
DISORDER_TYPE = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}

# ACLED's columns in the API's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)


@dataclass(frozen=True)
class Article:
    text: str
    title: str = ""
    published: date | None = None
    source: str = ""
    url: str = ""
    language: str = "en"
    id: str = ""


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the article text, and those characters."""

    start: int
    end: int
    text: str

    def to_list(self) -> list:
        return [self.start, self.end, self.text]


@dataclass
class Mention:
    """A place named in the article, with its role and where the gazetteer put it."""

    text: str
    start: int
    end: int
    role: str
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    kind: str | None = None
    precision: int | None = None
    geonameid: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Event:
    """One extracted event in ACLED's terms, with the evidence for each field."""

    event_date: date
    time_precision: int
    event_type: str
    sub_event_type: str
    location: str
    latitude: float | None  # None: the text names no place the gazetteer knows (the analyst can place it)
    longitude: float | None
    geo_precision: int
    country: str = ""
    iso2: str = ""
    admin1: str = ""
    admin2: str = ""
    actor1: str = ""
    actor2: str = ""
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""
    civilian_targeting: str = ""
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int = 0
    crowd_size: int | None = None
    notes: str = ""
    source: str = ""
    source_url: str = ""
    geonameid: int | None = None
    confidence: float = 0.0
    evidence: dict[str, list] = field(default_factory=dict)  # field -> [start, end, text]

    @property
    def disorder_type(self) -> str:
        return DISORDER_TYPE[self.event_type]

    def to_dict(self) -> dict:
        out = asdict(self)
        out["event_date"] = self.event_date.isoformat()
        out["year"] = self.event_date.year
        out["disorder_type"] = self.disorder_type
        return out
