"""Disambiguation: from a name and its context to the best place, with the runner-ups considered.

Candidates come from the name tables, strict to loose (exact, loose, variant); fuzzy matching (rapidfuzz) runs
only when those find nothing, and only among places in the context countries. Each candidate is scored by how
well the name matched, how big the place is, whether its country is in the article's focus, how near it lies
to places already resolved, and whether a user or curator vouched for it.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from .index import TABLES, GazetteerIndex, key_hash
from .normalize import clean, fold, name_keys, split_glued_article, split_qualifier, transliteration_key
from .records import Candidate, Kind, Resolution
from .sources import admin_short_name

# Strict matches outrank loose ones by more than a namesake's size can make up; context can still
# overturn that ("Derna" is a Romanian village by its exact name, Darnah in Libya by context).
MATCH_WEIGHT = {"exact": 3.0, "loose": 2.6, "variant": 1.2, "fuzzy": 0.8}
FOCUS_WEIGHT = 3.0
ADMIN1_HINT_WEIGHT = 2.5
PRIORITY_WEIGHTS = np.array([0.0, 1.0, 4.0])  # package, curated, user
FUZZY_MIN_RATIO = 86.0
VARIANT_MIN_RATIO = 68.0
# fuzz.ratio >= r needs the shorter key to be at least r/(200-r) of the longer: only those lengths are compared.
FUZZY_LENGTH_SHARE = FUZZY_MIN_RATIO / (200.0 - FUZZY_MIN_RATIO)
# Areas carry the summed population of their towns; discounting it lets "Tripoli" the city beat
# "Tripoli" the district while "Virginia" the state still beats Virginia, Minnesota.
AREA_POPULATION_DISCOUNT = 10.0
MAX_CANDIDATES = 400
RUNNERS_UP = 5
ANSWER_CACHE_SIZE = 50_000
_TOWN, _ADMIN1, _ADMIN2 = int(Kind.TOWN), int(Kind.ADMIN1), int(Kind.ADMIN2)


@dataclass(frozen=True)
class Context:
    """What the caller knows: the article's country focus, the places already placed, hard limits."""

    focus: Mapping[str, float] = field(default_factory=dict)  # ISO2 -> weight, any scale
    near: Sequence[tuple[float, float]] = ()
    countries: frozenset[str] = frozenset()  # when set, only places in these countries
    admin1: str = ""


def haversine_km(lat1: float, lon1: float, lat2, lon2):
    """Great-circle distance; lat2/lon2 may be numpy arrays."""
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - math.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def _area_keys(name: str) -> set[str]:
    """Keys under which an admin area name matches another spelling of it ("Misrata" = "Misratah")."""
    if not name:
        return set()
    _, loose_key, variant = name_keys(admin_short_name(name))
    return {k for k in (loose_key, variant) if k}


class Resolver:
    def __init__(self, index: GazetteerIndex):
        self.index = index
        self._fuzzy_choices: dict[int, tuple[list[str], list[np.ndarray], list[int]]] = {}  # per country
        self._admin_key_cache: dict[str, dict[int, set[str]]] = {}
        self._loose_names: dict[int, str] = {}  # place id -> loose key of its own name (variant checks)
        self._answers: dict[tuple, list[Candidate]] = {}  # (name, context) -> candidates

    def _own_loose_key(self, place_id: int) -> str:
        """The place's own name as a loose key, with transliteration letters merged (variant checks)."""
        key = self._loose_names.get(place_id)
        if key is None:
            key = self._loose_names[place_id] = transliteration_key(
                name_keys(admin_short_name(self.index.name_of(place_id)))[1])
        return key

    # -- candidates -------------------------------------------------------------------------------------
    def _table_candidates(self, name: str) -> dict[int, str]:
        found: dict[int, str] = {}
        keys = name_keys(name)
        query = transliteration_key(keys[1])
        for table, ids in zip(TABLES, self.index.lookup(keys)):
            for place_id in ids[:MAX_CANDIDATES].tolist():
                if place_id in found:
                    continue
                # A shared skeleton alone is weak ("Shanahan" ~ an alternate of San Juan): the name must
                # also look like the place's own name.
                if table == "variant" and fuzz.ratio(query, self._own_loose_key(place_id)) < VARIANT_MIN_RATIO:
                    continue
                found[place_id] = table
        return found

    def _fuzzy_candidates(self, name: str, country_codes: Iterable[str]) -> dict[int, tuple[str, float]]:
        query = name_keys(name)[1]
        if len(query) < 4:
            return {}
        found: dict[int, tuple[str, float]] = {}
        for cc in sorted(country_codes):  # one table per country, so any set of countries reuses them
            i = self.index.country_code_index(cc)
            if i is None:
                continue
            if i not in self._fuzzy_choices:
                keys, postings = self.index.loose_keys_in({i})
                order = sorted(range(len(keys)), key=lambda k: len(keys[k]))
                self._fuzzy_choices[i] = ([keys[k] for k in order], [postings[k] for k in order],
                                          [len(keys[k]) for k in order])
            keys, postings, lengths = self._fuzzy_choices[i]
            lo = bisect_left(lengths, math.ceil(len(query) * FUZZY_LENGTH_SHARE))
            hi = bisect_right(lengths, math.floor(len(query) / FUZZY_LENGTH_SHARE))
            for _, ratio, k in process.extract(query, keys[lo:hi], scorer=fuzz.ratio, limit=5,
                                               score_cutoff=FUZZY_MIN_RATIO):
                for place_id in postings[lo + k].tolist():
                    if self.index.country_of(place_id) == cc:
                        found.setdefault(place_id, ("fuzzy", ratio))
        return found

    # -- scoring ----------------------------------------------------------------------------------------
    def _scores(self, ids: np.ndarray, weights: np.ndarray, folded_query: str, ctx: Context,
                focus: Mapping[str, float]) -> np.ndarray:
        """Scores of candidate places (vectorised: one numpy pass however many namesakes there are)."""
        a = self.index.arrays
        kind = a["kind"][ids]
        population = a["pop"][ids].astype(np.float64)
        is_area = (kind == _ADMIN1) | (kind == _ADMIN2)
        population[is_area] /= AREA_POPULATION_DISCOUNT
        score = weights + 0.35 * np.log10(population + 10.0) + 0.1 * (kind == _TOWN)
        score += PRIORITY_WEIGHTS[a["prio"][ids]]
        score += 0.3 * (a["name_hash"][ids] == np.uint64(key_hash(folded_query)))
        if focus:
            by_country = np.zeros(len(self.index.meta["cc"]), dtype=np.float64)
            for cc, w in focus.items():
                if (i := self.index.country_code_index(cc)) is not None:
                    by_country[i] = w
            score += FOCUS_WEIGHT * by_country[a["cc"][ids]]
        if ctx.admin1:
            hint = _area_keys(ctx.admin1)
            score += ADMIN1_HINT_WEIGHT * np.fromiter(
                (bool(hint & (self._admin_keys("admin1", int(a["admin1"][i])) |
                              self._admin_keys("admin2", int(a["admin2"][i])))) for i in ids.tolist()),
                dtype=bool, count=len(ids))
        if ctx.near:
            nearest = np.min([haversine_km(lat, lon, a["lat"][ids], a["lon"][ids]) for lat, lon in ctx.near], axis=0)
            score += np.select([nearest < 30, nearest < 100, nearest < 300], [1.5, 1.0, 0.5], 0.0)
        self._demote_areas_below_their_towns(ids, kind, score)
        return score

    def _admin_keys(self, column: str, i: int) -> set[str]:
        cache = self._admin_key_cache.setdefault(column, {})
        if i not in cache:
            cache[i] = _area_keys(self.index.meta[column][i])
        return cache[i]

    def _demote_areas_below_their_towns(self, ids: np.ndarray, kind: np.ndarray, score: np.ndarray) -> None:
        """A town named like the area it lies in is what news means ("Benghazi", "Idlib")."""
        a = self.index.arrays
        areas = np.flatnonzero((kind == _ADMIN1) | (kind == _ADMIN2))
        if not len(areas) or len(areas) == len(kind):
            return
        for j in areas.tolist():
            area_hash = a["name_hash"][ids[j]]
            column = "admin1" if kind[j] == _ADMIN1 else "admin2"
            inside = ((kind == _TOWN) & (a["cc"][ids] == a["cc"][ids[j]])
                      & (a[f"{column}_hash"][a[column][ids]] == area_hash))
            if inside.any():
                score[j] = min(score[j], float(score[inside].max()) - 0.01)

    @staticmethod
    def _normalised_focus(focus: Mapping[str, float]) -> dict[str, float]:
        """Weights scaled to the top one and rounded to a tenth: what matters is which countries lead, and
        rounding lets the same name in similar articles be answered from the cache."""
        positive = {cc.upper(): float(w) for cc, w in focus.items() if w and w > 0}
        top = max(positive.values(), default=0.0)
        rounded = {cc: round(w / top, 1) for cc, w in positive.items()} if top else {}
        return {cc: w for cc, w in rounded.items() if w > 0}

    # -- public -----------------------------------------------------------------------------------------
    def candidates(self, name: str, ctx: Context = Context(), limit: int | None = None) -> list[Candidate]:
        """Candidates for the name, best first (empty when nothing matches)."""
        name = clean(name)
        if not name:
            return []
        focus = self._normalised_focus(ctx.focus)
        key = (name, tuple(sorted(focus.items())), tuple(ctx.near), ctx.countries, ctx.admin1, limit)
        cached = self._answers.get(key)
        if cached is None:
            if len(self._answers) >= ANSWER_CACHE_SIZE:
                self._answers.clear()  # news names repeat within a batch; a plain reset keeps memory bounded
            cached = self._answers[key] = self._candidates(name, ctx, focus, limit)
        return list(cached)

    def _candidates(self, name: str, ctx: Context, focus: dict[str, float], limit: int | None) -> list[Candidate]:
        found = {pid: (match, 100.0) for pid, match in self._table_candidates(name).items()}
        if ctx.countries:
            found = {pid: m for pid, m in found.items() if self.index.country_of(pid) in ctx.countries}
        bound = ctx.countries or frozenset(cc for cc, w in focus.items() if w >= 0.2)
        strict_in_bound = any(m in ("exact", "loose") and (not bound or self.index.country_of(pid) in bound)
                              for pid, (m, _) in found.items())
        if bound and not strict_in_bound:
            # Fuzzy matching only where strict keys fail, and only inside the context countries.
            for pid, match in self._fuzzy_candidates(name, bound).items():
                found.setdefault(pid, match)
        if not found:
            unglued = split_glued_article(name)
            # ACLED's "Aljfara", "Azzawya": the article written onto the name.
            return self._candidates(unglued, ctx, focus, limit) if unglued != name else []
        ids = np.fromiter(found, dtype=np.int64, count=len(found))
        weights = np.fromiter((MATCH_WEIGHT[m] * r / 100.0 for m, r in found.values()), dtype=np.float64,
                              count=len(found))
        scores = self._scores(ids, weights, fold(name), ctx, focus)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [Candidate(self.index.place(int(ids[k])), float(scores[k]), found[int(ids[k])][0]) for k in order]

    def resolve(self, name: str, ctx: Context = Context()) -> Resolution | None:
        """The best place for the name, or None. "X - Y" (ACLED's city - neighbourhood) and qualified names
        ("outskirts of X") fall back to their parts when the whole name is unknown."""
        name = clean(name)
        ranked = self.candidates(name, ctx, limit=1 + RUNNERS_UP)
        if ranked:
            best = ranked[0]
            return Resolution(name, best.place, best.score, best.match, best.place.precision,
                              tuple(ranked[1:1 + RUNNERS_UP]))
        if " - " in name:
            return self._resolve_parts(name, ctx)
        core, qualifier = split_qualifier(name)
        if qualifier:
            inner = self.resolve(core, ctx)
            if inner:
                return Resolution(name, inner.place, inner.score, "part", max(inner.precision, 2), inner.runners_up)
        return None

    def _resolve_parts(self, name: str, ctx: Context) -> Resolution | None:
        outer_name, inner_name = (part.strip() for part in name.split(" - ", 1))
        outer = self.resolve(outer_name, ctx)
        if outer is None:
            return self.resolve(inner_name, ctx)
        inner_ctx = Context(ctx.focus, (*ctx.near, (outer.place.latitude, outer.place.longitude)),
                            frozenset({outer.place.country_code}), ctx.admin1)
        inner = self.resolve(inner_name, inner_ctx)
        if inner and float(haversine_km(inner.place.latitude, inner.place.longitude,
                                        outer.place.latitude, outer.place.longitude)) < 50:
            return Resolution(name, inner.place, inner.score, "part", inner.precision, inner.runners_up)
        return Resolution(name, outer.place, outer.score, "part", max(outer.precision, 2), outer.runners_up)


class UnknownCountry(ValueError):
    pass


def country_code(resolver: Resolver, value: str) -> str:
    """An ISO2 code from an ISO2/ISO3 code or an English country name; UnknownCountry when there is none."""
    text = clean(value)
    index = resolver.index
    if len(text) == 2 and text.isalpha() and index.country_code_index(text.upper()) is not None:
        return text.upper()
    iso3 = index.meta.get("iso3", {})
    if len(text) == 3 and text.upper() in iso3:
        return iso3[text.upper()]
    for candidate in resolver.candidates(text):
        if candidate.place.kind == "country" and candidate.match in ("exact", "loose"):
            return candidate.place.country_code
    raise UnknownCountry(f"unknown country {value!r}: give an ISO 3166 code (LY, LBY) or an English name (Libya)")
