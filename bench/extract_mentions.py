"""Place mentions in full news text: how many of the toponyms people marked the extraction finds, how many of
the places it names are toponyms, and how far its coordinates lie from theirs.

Data: the geoparsing corpora in ../shared/eval/geoparsing (LGL, GeoWebNews, GeoVirus, TR-News; gold spans and
coordinates, read, never copied). Each document goes through the whole extraction (structure, spaCy, patterns,
resolution with the document's country focus); every mention the extraction returns with coordinates counts.
A mention matches a gold toponym when their spans overlap. Baseline in the same run: spaCy's GPE/LOC/FAC
entities alone, the usual first step of a geoparser.

    python bench/extract_mentions.py [--eval ../shared/eval] [--limit-docs N]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import Article, Extractor  # noqa: E402
from geo.resolver import haversine_km  # noqa: E402

WITHIN_KM = 161  # 100 miles, the field's usual threshold


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> int | None:
    return next((i for i, (s, e) in enumerate(spans) if s < a[1] and a[0] < e), None)


def score(found: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(true positives, found, gold) with each gold span matched at most once."""
    used: set[int] = set()
    hits = 0
    for span in found:
        i = next((i for i, (s, e) in enumerate(gold) if i not in used and s < span[1] and span[0] < e), None)
        if i is not None:
            used.add(i)
            hits += 1
    return hits, len(found), len(gold)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--limit-docs", type=int)
    args = parser.parse_args()
    folder = args.eval / "geoparsing"
    docs = [json.loads(line) for line in open(folder / "docs.jsonl", encoding="utf-8")][:args.limit_docs]
    gold: dict[str, list[dict]] = defaultdict(list)
    for row in csv.DictReader(open(folder / "toponyms.csv", encoding="utf-8")):
        if row["span_ok"] == "True":
            gold[row["doc_id"]].append(row)

    extractor = Extractor()
    articles = []
    for d in docs:
        try:
            published = date.fromisoformat(str(d.get("date") or "")[:10])
        except ValueError:
            published = None
        articles.append(Article(text=d["text"], published=published, id=d["doc_id"]))

    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # hits, found, gold, near, placed
    errors: dict[str, list[float]] = defaultdict(list)
    baseline: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    results = extractor.extract_many(articles)
    parsed = extractor.nlp.pipe((a.text for a in articles), batch_size=64)
    for d, result, doc in zip(docs, results, parsed):
        rows = gold[d["doc_id"]]
        spans = [(int(r["start"]), int(r["end"])) for r in rows]
        for corpus in (d["corpus"], "ALL"):
            found = [(m.start, m.end) for m in result.mentions if m.latitude is not None]
            hits, n_found, n_gold = score(found, spans)
            t = totals[corpus]
            t[0] += hits
            t[1] += n_found
            t[2] += n_gold
            for m in result.mentions:
                i = overlaps((m.start, m.end), spans) if m.latitude is not None else None
                if i is None or not rows[i]["lat"]:
                    continue
                err = float(haversine_km(m.latitude, m.longitude, float(rows[i]["lat"]), float(rows[i]["lon"])))
                t[3] += err <= WITHIN_KM
                t[4] += 1
                errors[corpus].append(err)
            ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
            b = baseline[corpus]
            for k, v in enumerate(score(ents, spans)):
                b[k] += v

    print(f"Place mentions in {len(docs)} news texts (gold spans from LGL, GeoWebNews, GeoVirus, TR-News)")
    for corpus in sorted(totals, key=lambda c: (c == "ALL", c)):
        hits, found, n_gold, near, placed = totals[corpus]
        bh, bf, bg = baseline[corpus]
        p, r = hits / max(found, 1), hits / max(n_gold, 1)
        bp, br = bh / max(bf, 1), bh / max(bg, 1)
        f1, bf1 = 2 * p * r / max(p + r, 1e-9), 2 * bp * br / max(bp + br, 1e-9)
        med = statistics.median(errors[corpus]) if errors[corpus] else float("nan")
        print(f"  {corpus:10} recall {r:6.1%}  precision {p:6.1%}  F1 {f1:6.1%}   (spaCy GPE/LOC/FAC alone: recall "
              f"{br:6.1%}, precision {bp:6.1%}, F1 {bf1:6.1%}; F1 ratio {f1 / max(bf1, 1e-9):.2f}x)   "
              f"found and placed within {WITHIN_KM} km: {near / max(placed, 1):6.1%}, median {med:.1f} km")


if __name__ == "__main__":
    main()
