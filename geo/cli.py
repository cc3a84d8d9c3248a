"""Command line of the geocoding layer (a stable interface: users script against it).

    python -m geo build [--force]
    python -m geo resolve NAME [--country CC]... [--focus CC=W]... [--admin1 NAME] [--json]
    python -m geo resolve --jsonl FILE|-            one JSON line out per line in
    python -m geo add-geonames FILE|CC... [--classes PAS]
    python -m geo add-places FILE --format acled|ucdp
    python -m geo info

Exit codes: 0 found, 1 no match, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from . import gazetteer, load_resolver
from .layers import LayerError, add_geonames, dataset_places, write_layer
from .normalize import MAX_NAME_CHARS
from .resolver import Context, Resolver, UnknownCountry, country_code, haversine_km
from .sources import GazetteerFileError

NULL_RESULT = {"name": None, "latitude": None, "longitude": None, "country_code": None, "country": None,
               "admin1": None, "admin2": None, "kind": None, "population": None, "geonameid": None,
               "precision": None, "source": None, "score": None, "match": None, "runners_up": []}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Offline gazetteer and place resolver.")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the cached index from the installed data and added layers")
    build.add_argument("--force", action="store_true", help="rebuild even when the cache is current")

    resolve = sub.add_parser("resolve", help="resolve a place name, or a JSON-lines file of them")
    resolve.add_argument("name", nargs="?", help="the place name")
    resolve.add_argument("--country", action="append", default=[], help="ISO2 code or name; only places there")
    resolve.add_argument("--focus", action="append", default=[], metavar="CC=W",
                         help="context country with a weight (soft preference)")
    resolve.add_argument("--admin1", default="", help="first-level admin area the place lies in")
    resolve.add_argument("--json", action="store_true", help="print the whole result as JSON")
    resolve.add_argument("--jsonl", metavar="FILE", help='lines {"id", "name", "country", "admin1"}; - for stdin')

    geonames = sub.add_parser("add-geonames", help="add GeoNames dump files (path) or download them (code)")
    geonames.add_argument("sources", nargs="+", metavar="FILE|CC")
    geonames.add_argument("--classes", default="PAS", help="GeoNames feature classes to keep (default PAS)")

    places = sub.add_parser("add-places", help="add the places of an ACLED or UCDP dataset")
    places.add_argument("file")
    places.add_argument("--format", required=True, choices=("acled", "ucdp"))

    sub.add_parser("info", help="where the index lives and what it holds")
    return parser


def _context(resolver: Resolver, countries: Iterable[str], focus: Iterable[str], admin1: str) -> Context:
    codes = frozenset(country_code(resolver, c) for c in countries if c and c.strip())
    weights = {}
    for item in focus:
        cc, _, weight = item.partition("=")
        weights[country_code(resolver, cc)] = float(weight or 1.0)
    return Context(focus=weights, countries=codes, admin1=admin1 or "")


def _print_one(res, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
        return
    p = res.place
    where = ", ".join(x for x in (p.admin1, p.country) if x)
    out.write(f"{p.name} ({where}) {p.latitude:.5f}, {p.longitude:.5f}  {p.kind}, precision {res.precision}, "
              f"{res.match} match, score {res.score:.2f}\n")
    for c in res.runners_up:
        out.write(f"  also: {c.place.name} ({c.place.admin1}, {c.place.country}) score {c.score:.2f}\n")


def resolve_lines(resolver: Resolver, lines: Iterable[str], err: TextIO) -> Iterator[dict]:
    """One output record per input line; bad lines give an error record and a message naming the line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record_id = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
            record_id = item.get("id")
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                raise ValueError('no "name"')
            country = item.get("country")
            ctx = _context(resolver, [country] if isinstance(country, str) and country else [], [],
                           item.get("admin1") or "")
            res = resolver.resolve(name[:MAX_NAME_CHARS], ctx)
            yield {"id": record_id, **(res.to_dict() if res else {**NULL_RESULT, "query": name})}
        except (ValueError, UnknownCountry) as exc:  # json.JSONDecodeError is a ValueError
            err.write(f"line {number}: {exc}\n")
            yield {"id": record_id, **NULL_RESULT, "error": f"line {number}: {exc}"}


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            index = gazetteer.load(rebuild=args.force)
            out.write(f"index ready: {len(index):,} places\n")
            return 0
        if args.command == "info":
            index = gazetteer.load()
            from . import config

            out.write(f"index: {config.data_dir()} ({len(index):,} places, {len(index.meta['cc'])} countries)\n")
            for path in sorted(gazetteer.layer_dir().glob("*.csv")):
                out.write(f"layer: {path}\n")
            return 0
        if args.command == "add-geonames":
            for source in args.sources:
                path, count = add_geonames(source, classes=args.classes.upper())
                out.write(f"added {count:,} places from {source} as {path}\n")
            out.write(f"index ready: {len(gazetteer.load()):,} places\n")
            return 0
        if args.command == "add-places":
            return _add_places(args, out)
        return _resolve(args, out, err)
    except (LayerError, GazetteerFileError, UnknownCountry, OSError) as exc:
        err.write(f"error: {exc}\n")
        return 2


def _resolve(args, out: TextIO, err: TextIO) -> int:
    resolver = load_resolver()
    if args.jsonl:
        stream = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8", errors="replace")
        with stream:
            for record in resolve_lines(resolver, stream, err):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    if not args.name or not args.name.strip():
        err.write("error: give a place name, or --jsonl FILE\n")
        return 2
    res = resolver.resolve(args.name, _context(resolver, args.country, args.focus, args.admin1))
    if res is None:
        scope = f" in {', '.join(args.country)}" if args.country else ""
        err.write(f"no match for {args.name[:80]!r}{scope} in the gazetteer\n")
        return 1
    _print_one(res, args.json, out)
    return 0


def _add_places(args, out: TextIO) -> int:
    from pathlib import Path

    resolver = load_resolver()
    path = Path(args.file)

    def is_new(row) -> bool:  # places the gazetteer already puts within 10 km add nothing
        res = resolver.resolve(row.name, Context(countries=frozenset({row.country_code})))
        return res is None or haversine_km(res.place.latitude, res.place.longitude, row.latitude, row.longitude) > 10

    rows = [r for r in dataset_places(path, args.format, lambda c: country_code(resolver, c)) if is_new(r)]
    layer, count = write_layer(f"places-{args.format}-{path.stem}", rows)
    out.write(f"added {count:,} places the gazetteer lacked from {path} as {layer}\n")
    out.write(f"index ready: {len(gazetteer.load()):,} places\n")
    return 0
