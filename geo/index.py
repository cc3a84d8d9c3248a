"""The gazetteer index: columns of places plus three hashed name tables, saved as one .npz file.

Each name table maps the 64-bit hash of a key (see normalize.py) to the places that carry that key: a sorted
hash array, offsets into a postings array, and for the loose table the key strings themselves (fuzzy matching
reads them). Loading is a handful of numpy arrays, so it takes milliseconds and little memory; a lookup is one
binary search.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .normalize import fold, name_keys
from .records import Kind, Place, PlaceRow

FORMAT_VERSION = 4
_KINDS = list(Kind)
TABLES = ("exact", "loose", "variant")  # the three keys of normalize.name_keys, strict to loose


def key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _tagged(table: str, key: str) -> str:
    return f"{table[0]}\x1f{key}"


def _pack_strings(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [s.encode("utf-8") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), offsets


def _intern(values: list[str]) -> tuple[list[str], np.ndarray]:
    table: dict[str, int] = {}
    codes = np.fromiter((table.setdefault(v, len(table)) for v in values), dtype=np.int32, count=len(values))
    return list(table), codes


def build_arrays(rows: Iterable[PlaceRow], country_names: dict[str, str]) -> tuple[dict, dict]:
    """Columns and name tables from gazetteer rows; later duplicates of a GeoNames id are dropped."""
    cols: dict[str, list] = {k: [] for k in
                             ("name", "lat", "lon", "cc", "admin1", "admin2", "kind", "pop", "gid", "source", "prio")}
    tables: dict[str, dict[str, set[int]]] = {t: {} for t in TABLES}
    seen_ids: set[int] = set()
    for row in rows:
        if row.geonameid and row.geonameid in seen_ids:
            continue
        seen_ids.add(row.geonameid)
        i = len(cols["name"])
        for key, value in (("name", row.name), ("lat", row.latitude), ("lon", row.longitude),
                           ("cc", row.country_code), ("admin1", row.admin1), ("admin2", row.admin2),
                           ("kind", int(row.kind)), ("pop", row.population), ("gid", row.geonameid),
                           ("source", row.source), ("prio", row.priority)):
            cols[key].append(value)
        for name in (row.name, *row.alternates):
            for table, key in zip(TABLES, name_keys(name)):
                if key:
                    tables[table].setdefault(key, set()).add(i)

    arrays: dict[str, np.ndarray] = {
        "lat": np.asarray(cols["lat"], dtype=np.float64),
        "lon": np.asarray(cols["lon"], dtype=np.float64),
        "kind": np.asarray(cols["kind"], dtype=np.int8),
        "pop": np.asarray(cols["pop"], dtype=np.int64),
        "gid": np.asarray(cols["gid"], dtype=np.int64),
        "prio": np.asarray(cols["prio"], dtype=np.int8),
    }
    arrays["name_bytes"], arrays["name_offsets"] = _pack_strings(cols["name"])
    # Hash of each place's own folded name: scoring tells "its own name" from "one of its alternates".
    arrays["name_hash"] = np.fromiter((key_hash(fold(n)) for n in cols["name"]), dtype=np.uint64,
                                      count=len(cols["name"]))
    meta: dict = {"format": FORMAT_VERSION, "places": len(cols["name"])}
    for col in ("cc", "admin1", "admin2", "source"):
        meta[col], arrays[col] = _intern(cols[col])
    for col in ("admin1", "admin2"):  # folded area names, to find a town's own admin area among candidates
        arrays[f"{col}_hash"] = np.fromiter((key_hash(fold(n)) for n in meta[col]), dtype=np.uint64,
                                            count=len(meta[col]))
    meta["country_names"] = {cc: country_names.get(cc, cc) for cc in meta["cc"]}

    # One sorted hash table for all three key kinds (the kind is part of the hashed text), so a lookup
    # of a name's three keys is a single vectorised binary search.
    items = sorted(((key_hash(_tagged(t, k)), t, k, sorted(ids)) for t, keys in tables.items()
                    for k, ids in keys.items()), key=lambda item: item[0])
    arrays["key_hash"] = np.fromiter((h for h, *_ in items), dtype=np.uint64, count=len(items))
    starts = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(ids) for *_, ids in items), dtype=np.int64, count=len(items)), out=starts[1:])
    arrays["key_start"] = starts
    arrays["key_ids"] = np.fromiter((i for *_, ids in items for i in ids), dtype=np.int32, count=int(starts[-1]))
    loose_slots = [slot for slot, (_, t, _, _) in enumerate(items) if t == "loose"]
    arrays["loose_slot"] = np.asarray(loose_slots, dtype=np.int64)  # fuzzy matching reads these keys
    arrays["loose_key_bytes"], arrays["loose_key_offsets"] = _pack_strings([items[i][2] for i in loose_slots])
    return arrays, meta


def save(directory: Path, arrays: dict, meta: dict) -> None:
    """Write the index atomically: a reader never sees half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / "index.tmp.npz"
    np.savez(tmp, **arrays)
    (directory / "index.tmp.json").write_text(json.dumps(meta), encoding="utf-8")
    tmp.replace(directory / "index.npz")
    (directory / "index.tmp.json").replace(directory / "index.json")


@dataclass
class GazetteerIndex:
    """Places as columns and the name tables; turns keys into place ids and ids into Place records."""

    arrays: dict[str, np.ndarray]
    meta: dict
    load_seconds: float = 0.0
    # Every loose key's postings flattened (owning key, place's country), built on first fuzzy use.
    _loose_postings: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, directory: Path) -> GazetteerIndex:
        started = time.perf_counter()
        meta = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        with np.load(directory / "index.npz") as npz:
            arrays = {name: npz[name] for name in npz.files}
        index = cls(arrays, meta)
        index._cc_index = {cc: i for i, cc in enumerate(meta["cc"])}
        index.load_seconds = time.perf_counter() - started
        return index

    def __len__(self) -> int:
        return int(self.meta["places"])

    def lookup(self, keys: tuple[str, ...]) -> list[np.ndarray]:
        """Place ids for each of a name's keys (fold, loose, variant), in one binary search."""
        hashes, start, ids = self.arrays["key_hash"], self.arrays["key_start"], self.arrays["key_ids"]
        wanted = [key_hash(_tagged(t, k)) if k else 0 for t, k in zip(TABLES, keys)]
        last = len(hashes) - 1
        out = []
        for p, h in zip(hashes.searchsorted(np.array(wanted, dtype=np.uint64)).tolist(), wanted):
            p = min(p, last)
            out.append(ids[start[p]:start[p + 1]] if h and int(hashes[p]) == h else ids[:0])
        return out

    def country_of(self, place_id: int) -> str:
        return self.meta["cc"][int(self.arrays["cc"][place_id])]

    def country_code_index(self, cc: str) -> int | None:
        return self._cc_index.get(cc)

    def name_of(self, place_id: int) -> str:
        offsets = self.arrays["name_offsets"]
        return bytes(self.arrays["name_bytes"][offsets[place_id]:offsets[place_id + 1]]).decode("utf-8")

    def place(self, place_id: int) -> Place:
        a, m = self.arrays, self.meta
        kind = _KINDS[int(a["kind"][place_id])]
        cc = m["cc"][int(a["cc"][place_id])]
        gid = int(a["gid"][place_id])
        return Place(
            name=self.name_of(place_id),
            latitude=round(float(a["lat"][place_id]), 5),
            longitude=round(float(a["lon"][place_id]), 5),
            country_code=cc,
            country=m["country_names"].get(cc, cc),
            admin1=m["admin1"][int(a["admin1"][place_id])],
            admin2=m["admin2"][int(a["admin2"][place_id])],
            kind=kind.label,
            population=int(a["pop"][place_id]),
            geonameid=gid or None,
            precision=kind.precision,
            source=m["source"][int(a["source"][place_id])],
        )

    def loose_keys_in(self, country_ids: set[int]) -> tuple[list[str], list[np.ndarray]]:
        """Loose keys that name a place in the given countries, with those places: fuzzy matching's choices."""
        a = self.arrays
        slots = a["loose_slot"]
        starts, ids = a["key_start"], a["key_ids"]
        if self._loose_postings is None:
            lengths = starts[slots + 1] - starts[slots]
            owner = np.repeat(np.arange(len(slots)), lengths)
            first = np.cumsum(lengths) - lengths
            positions = np.repeat(starts[slots], lengths) + np.arange(lengths.sum()) - np.repeat(first, lengths)
            self._loose_postings = (owner, a["cc"][ids[positions]])
        owner, country = self._loose_postings
        in_country = np.isin(country, np.fromiter(country_ids, dtype=np.int32))
        chosen = np.unique(owner[in_country])
        kb, ko = a["loose_key_bytes"], a["loose_key_offsets"]
        keys = [bytes(kb[ko[k]:ko[k + 1]]).decode("utf-8") for k in chosen.tolist()]
        postings = [ids[starts[slots[k]]:starts[slots[k] + 1]] for k in chosen.tolist()]
        return keys, postings
