"""Extraction accuracy and speed on ACLED's own short event reports (../shared/eval/acled_libya_dev.csv).

Each row's notes are one article. Published date: the gold event date plus 3 days, a typical reporting lag, so
"On 18 June" and weekday references resolve as they would in a real report. Scored only where the row's flags
say the notes state the answer:
- event date exact (date_in_notes);
- location within 25 km (location_in_notes), split into places the gazetteer holds and places it lacks;
- fatalities exact (rows with no fatality caveat and not split into several events);
- event type match (old "Riots/Protests" accepts either).
The event compared is the most confident one extracted; where ACLED split one report into several events
(notes_shared_by_n_rows > 1), the extracted event that best matches this row (place, then date, then type).
Speed: articles per second through nlp.pipe, and the whole extraction's time over spaCy's parse alone on the
same texts (measured in this run).

With --export FILE (an ACLED export as users download it, e.g. ../shared/eval/acled_2020_export_sample.csv,
worldwide, current codebook): a check of how general the rules are beyond Libya. Such files carry no flags, so they
are read off the notes: the date counts where the notes name the gold day and month, the location where they
name the gold location, fatalities where the notes say nothing of splitting or re-coding.

    python bench/extract_acled.py [--eval ../shared/eval] [--limit N] [--export FILE]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import Article, Extractor  # noqa: E402
from geo import Context  # noqa: E402
from geo.normalize import fold  # noqa: E402
from geo.resolver import UnknownCountry, country_code, haversine_km  # noqa: E402

LAG_DAYS = 3


def truthy(value: str) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def split_match(event, row) -> int:
    """How well an extracted event matches one of the rows a report was split into."""
    near = event.latitude is not None and \
        float(haversine_km(event.latitude, event.longitude, float(row["latitude"]), float(row["longitude"]))) <= 25
    return 4 * near + 2 * (event.event_date.isoformat() == row["event_date"]) + \
        (event.event_type in row["event_type"].split("|"))


CAVEAT = re.compile(r"\b(split|spread|divided|distributed)\b.{0,40}\b(events?|fatalities|deaths)\b|"
                    r"\bfatalit\w+ (were |was )?(coded|re-?coded|estimated)|\[fatalities", re.I)


def from_export(rows: list[dict]) -> list[dict]:
    """An export's rows with the dev file's columns: ISO dates and flags read off the notes."""
    shared = Counter(r["notes"] for r in rows)
    out = []
    for r in rows:
        if not (r.get("notes") and r.get("latitude") and r.get("longitude") and r.get("event_type")):
            continue  # an incomplete row (the sample's last line is cut off)
        day = datetime.strptime(r["event_date"], "%d-%b-%y").date() if "-" in r["event_date"] and \
            not r["event_date"][:4].isdigit() else date.fromisoformat(r["event_date"])
        notes = r["notes"]
        named_day = re.search(rf"\b0?{day.day}\s+{day.strftime('%B')}\b|\b{day.strftime('%B')}\s+0?{day.day}\b", notes)
        out.append({**r, "event_date": day.isoformat(), "date_in_notes": str(bool(named_day)),
                    "location_in_notes": str(fold(r["location"]) in fold(notes)),
                    "fatality_caveat": str(bool(CAVEAT.search(notes))),
                    "notes_shared_by_n_rows": str(shared[notes]), "eval_id": r.get("event_id_cnty", "")})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--export", type=Path, help="score an ACLED export instead (flags read off the notes)")
    args = parser.parse_args()
    source = args.export or args.eval / "acled_libya_dev.csv"
    rows = list(csv.DictReader(open(source, encoding="utf-8")))[:args.limit]
    if args.export:
        rows = from_export(rows)
    articles = [Article(text=r["notes"], published=date.fromisoformat(r["event_date"]) + timedelta(days=LAG_DAYS),
                        source=r["source"], id=r["eval_id"]) for r in rows]

    extractor = Extractor()
    extractor.nlp.pipe(["warm up"])  # noqa: B018 - loads lazily-built parts before timing
    list(extractor.extract_many(articles[:5]))

    started = time.perf_counter()
    for _ in extractor.nlp.pipe([a.text for a in articles], batch_size=256):
        pass
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    results = list(extractor.extract_many(articles))
    total_seconds = time.perf_counter() - started

    scores: dict[str, list[bool]] = {"date": [], "location held": [], "location lacking": [], "fatalities": [],
                                     "type": [], "any event": []}
    wrong_types: Counter = Counter()
    resolver = extractor.resolver
    for row, result in zip(rows, results):
        events = sorted(result.events, key=lambda e: -e.confidence)
        if row["notes_shared_by_n_rows"] not in ("1", "1.0"):
            events.sort(key=lambda e: -split_match(e, row))
        best = events[0] if events else None
        scores["any event"].append(best is not None)
        if truthy(row["date_in_notes"]):
            scores["date"].append(bool(best) and best.event_date.isoformat() == row["event_date"])
        if truthy(row["location_in_notes"]):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            try:
                countries = frozenset({country_code(resolver, row["country"])})
            except UnknownCountry:
                countries = frozenset()
            held = any(float(haversine_km(c.place.latitude, c.place.longitude, lat, lon)) <= 25
                       for c in resolver.candidates(row["location"], Context(countries=countries)))
            ok = bool(best) and best.latitude is not None and \
                float(haversine_km(best.latitude, best.longitude, lat, lon)) <= 25
            scores["location held" if held else "location lacking"].append(ok)
        if not truthy(row["fatality_caveat"]) and row["notes_shared_by_n_rows"] in ("1", "1.0"):
            scores["fatalities"].append((best.fatalities if best else 0) == int(float(row["fatalities"] or 0)))
        gold_types = set(row["event_type"].split("|"))
        type_ok = bool(best) and best.event_type in gold_types
        scores["type"].append(type_ok)
        if not type_ok:
            wrong_types[f"{row['event_type']} -> {best.event_type if best else 'no event'}"] += 1

    print(f"{source.name}: {len(rows)} reports (published = event date + {LAG_DAYS} days)")
    targets = {"date": 0.95, "location held": 0.97, "fatalities": 0.90, "type": 0.80}
    for name, values in scores.items():
        if values:
            target = f"   (target {targets[name]:.0%})" if name in targets else ""
            print(f"  {name:17} {sum(values) / len(values):6.1%}  of {len(values):4} rows{target}")
    lacking = len(scores["location lacking"])
    located = lacking + len(scores["location held"])
    print(f"  share of located rows whose place the gazetteer lacks: {lacking / max(located, 1):.1%}")
    print("  type confusions:", "; ".join(f"{k} x{v}" for k, v in wrong_types.most_common(6)))
    print(f"speed: {len(rows) / total_seconds:,.1f} articles/s in batch mode (nlp.pipe); spaCy parse alone "
          f"{parse_seconds:.2f} s, whole extraction {total_seconds:.2f} s -> ratio {total_seconds / parse_seconds:.2f} "
          f"(target <= 1.5)")


if __name__ == "__main__":
    main()
