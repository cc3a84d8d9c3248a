"""Command line of the events package (a stable interface).

    python -m events extract FILE... [--published YYYY-MM-DD] [--json]
    python -m events extract --jsonl IN.jsonl       one output line per input line

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
