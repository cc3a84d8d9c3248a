"""Resolver accuracy on real data written by others (read from ../shared/eval, never copied).

1. Geoparsing corpora (LGL, GeoWebNews, GeoVirus, TR-News): each gold toponym resolved from its phrase, scored
   within 161 km (100 miles, the field's usual threshold) and by median error; without context, then with a
   document-level context (country focus from the document's other toponyms, first pass).
2. ACLED Libya (acled_libya_dev.csv): each event's location name, given with its country, within 25 km of
   ACLED's coordinates; split into names the gazetteer holds (some candidate of that name lies within 25 km)
   and names it lacks.
Baseline in the same run: the most populous exact namesake (what a plain lookup without context returns).

    python bench/geo_accuracy.py [--eval ../shared/eval] [--limit-docs N]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import Context, load_resolver  # noqa: E402
from geo.resolver import country_code, haversine_km  # noqa: E402


def km(place, lat, lon) -> float:
    return float(haversine_km(place.latitude, place.longitude, lat, lon))


def baseline(resolver, name, countries=frozenset()):
    """Most populous place whose own folded name or alternate equals the name's: no context, no variants."""
    cands = [c for c in resolver.candidates(name, Context(countries=countries)) if c.match == "exact"]
    return max(cands, key=lambda c: c.place.population).place if cands else None


def summarise(errors: list[float | None], threshold: float) -> str:
    hits = sum(1 for e in errors if e is not None and e <= threshold)
    found = [e for e in errors if e is not None]
    median = statistics.median(found) if found else float("nan")
    return (f"{hits / len(errors):6.1%} within {threshold:.0f} km, median error {median:7.1f} km, "
            f"unresolved {1 - len(found) / len(errors):5.1%}")


def geoparsing(resolver, eval_dir: Path, limit_docs: int | None) -> None:
    rows = list(csv.DictReader(open(eval_dir / "geoparsing" / "toponyms.csv", encoding="utf-8")))
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["lat"] and row["lon"]:
            by_doc[row["doc_id"]].append(row)
    docs = list(by_doc)[:limit_docs] if limit_docs else list(by_doc)
    results: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    started = time.perf_counter()
    count = 0
    for doc in docs:
        mentions = by_doc[doc]
        first = {m["phrase"]: resolver.resolve(m["phrase"]) for m in mentions}
        # Document focus: countries of the first-pass places, weighted by how often they are named.
        focus = Counter(r.place.country_code for m in mentions if (r := first[m["phrase"]]) is not None)
        ctx = Context(focus=dict(focus))
        for m in mentions:
            lat, lon = float(m["lat"]), float(m["lon"])
            corpus = m["corpus"]
            base = baseline(resolver, m["phrase"])
            plain = first[m["phrase"]]
            contextual = resolver.resolve(m["phrase"], ctx)
            results[corpus]["baseline"].append(km(base, lat, lon) if base else None)
            results[corpus]["no context"].append(km(plain.place, lat, lon) if plain else None)
            results[corpus]["document context"].append(km(contextual.place, lat, lon) if contextual else None)
            count += 1
    elapsed = time.perf_counter() - started
    print(f"\n== Geoparsing corpora: {count:,} gold toponyms in {len(docs):,} documents ({elapsed:.1f} s) ==")
    totals: dict[str, list] = defaultdict(list)
    for corpus in sorted(results):
        for mode, errors in results[corpus].items():
            totals[mode].extend(errors)
            print(f"{corpus:11} {mode:17} n={len(errors):5}  {summarise(errors, 161)}")
    for mode, errors in totals.items():
        print(f"{'ALL':11} {mode:17} n={len(errors):5}  {summarise(errors, 161)}")


def acled_libya(resolver, eval_dir: Path) -> None:
    rows = list(csv.DictReader(open(eval_dir / "acled_libya_dev.csv", encoding="utf-8")))
    held, lacks, base_errors, errors = [], [], [], []
    misses, lacking = Counter(), Counter()
    for row in rows:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        cc = country_code(resolver, row["country"])
        ctx = Context(countries=frozenset({cc}), admin1=row.get("admin1", ""))
        res = resolver.resolve(row["location"], ctx)
        error = km(res.place, lat, lon) if res else None
        errors.append(error)
        base = baseline(resolver, row["location"], frozenset({cc}))
        base_errors.append(km(base, lat, lon) if base else None)
        candidates = resolver.candidates(row["location"], Context(countries=frozenset({cc})))
        holds = any(km(c.place, lat, lon) <= 25 for c in candidates) or (error is not None and error <= 25)
        (held if holds else lacks).append(error)
        if not holds:
            lacking[row["location"]] += 1
        if holds and (error is None or error > 25):
            misses[f"{row['location']} -> {res.place.name if res else None} ({error and round(error)} km)"] += 1
    ok = sum(1 for e in errors if e is not None and e <= 25)
    print(f"\n== ACLED Libya dev: {len(rows)} event locations with their country ==")
    print(f"overall:       {ok / len(rows):6.1%} within 25 km   (baseline most-populous exact namesake: "
          f"{sum(1 for e in base_errors if e is not None and e <= 25) / len(rows):6.1%})")
    held_ok = sum(1 for e in held if e is not None and e <= 25)
    print(f"names held:    {held_ok / max(len(held), 1):6.1%} within 25 km  ({len(held)} rows, "
          f"{len(held) / len(rows):.1%} of all; target 97%)")
    print(f"names lacking: {len(lacks)} rows ({len(lacks) / len(rows):.1%}): no place of that name within 25 km "
          f"in the gazetteer; most frequent: {', '.join(n for n, _ in lacking.most_common(8))}")
    if misses:
        print("held but missed:", "; ".join(f"{k} x{v}" for k, v in misses.most_common(12)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--limit-docs", type=int)
    args = parser.parse_args()
    resolver = load_resolver()
    acled_libya(resolver, args.eval)
    geoparsing(resolver, args.eval, args.limit_docs)


if __name__ == "__main__":
    main()
