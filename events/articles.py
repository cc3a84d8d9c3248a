"""Article readers: .txt with a small metadata header (or a .meta.json beside it), .json and .jsonl.

A .txt article starts with "key: value" lines (title, published, source, url, language, id), then a blank line,
then the text. Without such a header the whole file is the text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .model import Article

HEADER_KEYS = ("title", "published", "source", "url", "language", "id")
_HEADER_LINE = re.compile(r"^(title|published|source|url|language|id)\s*:\s*(.*)$", re.IGNORECASE)
MAX_TEXT_CHARS = 5_000_000


class ArticleError(ValueError):
    """An article that cannot be read, naming the file and line."""


def parse_date(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ArticleError(f"{where}: published date {value!r} is not YYYY-MM-DD") from None


def article_id(text: str, title: str = "", url: str = "") -> str:
    """A stable id from the content, so the same article read twice is recognised."""
    return hashlib.sha256("\x1f".join((url.strip(), title.strip(), text.strip())).encode("utf-8")).hexdigest()[:16]


def from_mapping(item: dict, where: str) -> Article:
    if not isinstance(item, dict):
        raise ArticleError(f"{where}: expected a JSON object with a \"text\"")
    text = item.get("text")
    if not isinstance(text, str):
        raise ArticleError(f'{where}: no "text" string')
    title = str(item.get("title") or "")
    url = str(item.get("url") or "")
    return Article(
        text=text[:MAX_TEXT_CHARS], title=title, published=parse_date(item.get("published"), where),
        source=str(item.get("source") or ""), url=url, language=str(item.get("language") or "en"),
        id=str(item.get("id") or article_id(text, title, url)),
    )


def parse_txt(raw: str, where: str, meta: dict | None = None) -> Article:
    lines = raw.replace("\r\n", "\n").split("\n")
    found: dict[str, str] = {}
    i = 0
    while i < len(lines) and (match := _HEADER_LINE.match(lines[i])):
        found[match.group(1).lower()] = match.group(2).strip()
        i += 1
    has_header = bool(found) and i < len(lines) and not lines[i].strip()
    text = "\n".join(lines[i + 1:]) if has_header else raw
    return from_mapping({**(meta or {}), **(found if has_header else {}), "text": text}, where)


def read_file(path: Path, published: date | None = None) -> Iterator[Article]:
    """Every article in a file; a bad jsonl line raises ArticleError naming the line."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if suffix == ".jsonl":
        for number, line in enumerate(raw.splitlines(), start=1):
            if line.strip():
                yield _with_date(from_mapping(_json(line, f"{path}, line {number}"), f"{path}, line {number}"),
                                 published)
    elif suffix == ".json":
        data = _json(raw, str(path))
        items = data if isinstance(data, list) else [data]
        for number, item in enumerate(items, start=1):
            yield _with_date(from_mapping(item, f"{path}, item {number}"), published)
    else:
        sidecar = path.with_name(path.stem + ".meta.json")
        meta = {k: v for k, v in _json(sidecar.read_text(encoding="utf-8"), str(sidecar)).items()
                if k in HEADER_KEYS} if sidecar.exists() else None
        yield _with_date(parse_txt(raw, str(path), meta), published)


def _json(text: str, where: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None


def _with_date(article: Article, published: date | None) -> Article:
    if published is None:
        return article
    from dataclasses import replace

    return replace(article, published=published)
