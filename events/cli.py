"""Command line of the events package (a stable interface).

    python -m events extract FILE... [--published YYYY-MM-DD] [--json]
    python -m events extract --jsonl IN.jsonl       one output line per input line
    python -m events ingest PATH...                  extract and store (files, folders, .jsonl)
    python -m events import FILE --format acled|ucdp|csv [--map COL=FIELD]... [--skip-invalid]
    python -m events export --format csv|acled|geojson|xlsx --out FILE [--from D] [--to D] [--type T]...
                            [--country C]... [--actor A] [--min-fatalities N] [--bbox W,S,E,N] [--extras]

The store is EVENTS_DB_URL (any SQLAlchemy URL), else data/events.sqlite.

jsonl lines: {"id", "text", "published"?, "title"?, "source"?, "url"?}; out: {"id", "events", "mentions"}, or
{"id", "error"} naming the line. The model loads once per process.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from .articles import ArticleError, from_mapping, read_file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m events", description="Extract conflict events from articles.")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="extract events from article files")
    extract.add_argument("files", nargs="*", help=".txt (with a metadata header), .json or .jsonl articles")
    extract.add_argument("--published", type=date.fromisoformat, help="published date (YYYY-MM-DD) for all")
    extract.add_argument("--json", action="store_true", help="print JSON instead of a readable summary")
    extract.add_argument("--jsonl", metavar="IN.jsonl", help="one article per line; - for stdin")

    ingest = sub.add_parser("ingest", help="extract events from articles and store them")
    ingest.add_argument("paths", nargs="+", help="files or folders (.txt, .json, .jsonl)")
    ingest.add_argument("--published", type=date.fromisoformat)

    imp = sub.add_parser("import", help="import an ACLED, UCDP or mapped CSV file")
    imp.add_argument("file")
    imp.add_argument("--format", required=True, choices=("acled", "ucdp", "csv"))
    imp.add_argument("--map", action="append", default=[], metavar="COL=FIELD", help="rename a column (csv)")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="import the valid rows and report the rest (default: import nothing if any is bad)")

    exp = sub.add_parser("export", help="export stored events")
    exp.add_argument("--format", required=True, choices=("csv", "acled", "geojson", "xlsx"))
    exp.add_argument("--out", required=True)
    exp.add_argument("--from", dest="date_from", type=date.fromisoformat)
    exp.add_argument("--to", dest="date_to", type=date.fromisoformat)
    exp.add_argument("--type", action="append", default=[], help="event type (repeatable)")
    exp.add_argument("--country", action="append", default=[])
    exp.add_argument("--actor", default="")
    exp.add_argument("--min-fatalities", type=int, default=0)
    exp.add_argument("--bbox", help="west,south,east,north")
    exp.add_argument("--extras", action="store_true", help="acled: add our columns after ACLED's 31")
    return parser


def _summary(result, out: TextIO) -> None:
    title = result.article.title or result.article.id
    out.write(f"{title} ({result.article.published or 'no date'}): {len(result.events)} event(s)\n")
    if result.error:
        out.write(f"  error: {result.error}\n")
    for e in result.events:
        deaths = f"{e.fatalities}" + (f" ({e.fatalities_low}-{e.fatalities_high})"
                                       if e.fatalities_high != e.fatalities_low else "")
        crowd = f", crowd {e.crowd_size}" if e.crowd_size else ""
        out.write(f"  {e.event_date} [{e.time_precision}] {e.event_type} / {e.sub_event_type} at {e.location}, "
                  f"{e.country} [{e.geo_precision}] fatalities {deaths}{crowd}; actors: {e.actor1 or '-'} / "
                  f"{e.actor2 or '-'} (confidence {e.confidence})\n      {e.notes[:160]}\n")


def _jsonl(path: str, published, err: TextIO):
    """(line number, Article or error message) for each non-empty line."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            where = f"line {number}"
            record_id = None
            try:
                item = json.loads(line)
                if isinstance(item, dict):
                    record_id = item.get("id")
                    if published and not item.get("published"):
                        item["published"] = published.isoformat()
                yield number, record_id, from_mapping(item, where)
            except (ValueError, ArticleError) as exc:
                message = str(exc) if isinstance(exc, ArticleError) else f"{where}: invalid JSON ({exc})"
                err.write(message + "\n")
                yield number, record_id, message


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = _parser().parse_args(argv)
    if args.command == "import":
        return _import(args, out, err)
    if args.command == "export":
        return _export(args, out, err)
    if args.command == "ingest":
        return _ingest(args, out, err)
    if not args.files and not args.jsonl:
        err.write("error: give article files, or --jsonl FILE\n")
        return 2
    from .extract import Extractor

    extractor = Extractor()
    if args.jsonl:
        items = list(_jsonl(args.jsonl, args.published, err))
        good = [item for item in items if not isinstance(item[2], str)]
        results = iter(extractor.extract_many(article for _, _, article in good))
        for _, record_id, article in items:
            if isinstance(article, str):
                out.write(json.dumps({"id": record_id, "events": [], "mentions": [], "error": article}) + "\n")
            else:
                result = next(results).to_dict()
                result["id"] = record_id if record_id is not None else result["id"]
                out.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
        return 0
    status = 0
    for name in args.files:
        try:
            articles = list(read_file(Path(name), args.published))
        except (ArticleError, OSError) as exc:
            err.write(f"error: {exc}\n")
            status = 2
            continue
        for result in extractor.extract_many(articles):
            if args.json:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
            else:
                _summary(result, out)
    return status


ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl")


def _article_files(paths: list[str]) -> list[Path]:
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES
                                and not p.name.endswith(".meta.json")))
        else:
            files.append(path)
    return files


def _ingest(args, out: TextIO, err: TextIO) -> int:
    from tqdm import tqdm

    from .extract import Extractor
    from .store import Store

    store = Store()
    articles, status = [], 0
    for path in _article_files(args.paths):
        try:
            articles.extend(a for a in read_file(path, args.published) if not store.has_article(a.id))
        except (ArticleError, OSError) as exc:
            err.write(f"error: {exc} (skipped; nothing from it stored)\n")
            status = 2
    added = merged = failed = 0
    if articles:
        extractor = Extractor()
        bar = tqdm(total=len(articles), unit="article", disable=len(articles) < 5 or not err.isatty(), file=err)
        for result in extractor.extract_many(articles):
            bar.update(1)
            if result.error:
                failed += 1
                err.write(f"error: {result.article.id}: {result.error}\n")
                continue
            a, m = store.add_extraction(result.article, result.events)
            added, merged = added + a, merged + m
        bar.close()
    out.write(f"{len(articles)} new article(s): {added} event(s) added, {merged} merged into stored events"
              f"{f', {failed} failed' if failed else ''}; store holds {store.count():,} events ({store.url})\n")
    return status


def _import(args, out: TextIO, err: TextIO) -> int:
    from .importers import ImportError_, parse_file
    from .store import Store

    mapping = {}
    for item in args.map:
        column, sep, target = item.partition("=")
        if not sep:
            err.write(f"error: --map {item!r} is not COL=FIELD\n")
            return 2
        mapping[column.strip()] = target.strip()
    path = Path(args.file)
    try:
        parsed = parse_file(path, args.format, mapping)
    except (ImportError_, OSError) as exc:
        err.write(f"error: {exc}\n")
        return 2
    if parsed.bad_lines and not args.skip_invalid:
        err.write(f"error: {parsed.report(path)}\nnothing imported; fix the rows or pass --skip-invalid\n")
        return 2
    store = Store()
    added = store.insert_rows(parsed.rows)
    if parsed.bad_lines:
        err.write(f"skipped {parsed.report(path)}\n")
    out.write(f"{path}: {len(parsed.rows):,} valid row(s), {added:,} new event(s) imported, "
              f"{len(parsed.rows) - added:,} already stored; encoding {parsed.encoding}, "
              f"separator {parsed.separator!r}; store holds {store.count():,} events\n")
    return 0


def _export(args, out: TextIO, err: TextIO) -> int:
    from .exporters import export
    from .store import EventFilter, Store

    bbox = None
    if args.bbox:
        try:
            bbox = tuple(float(x) for x in args.bbox.split(","))
            assert len(bbox) == 4
        except (ValueError, AssertionError):
            err.write(f"error: --bbox {args.bbox!r} is not west,south,east,north\n")
            return 2
    flt = EventFilter(date_from=args.date_from, date_to=args.date_to, event_types=tuple(args.type),
                      countries=tuple(args.country), actor=args.actor, min_fatalities=args.min_fatalities,
                      bbox=bbox)
    store = Store()
    frame = store.events(flt)
    sources = store.articles(frame["article_id"].dropna().unique()) if args.format == "xlsx" else None
    data = export(frame, args.format, sources=sources, extras=args.extras)
    target = Path(args.out)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    out.write(f"{len(frame):,} event(s) written to {target} ({args.format})\n")
    return 0
