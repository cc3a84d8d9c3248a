"""Readers for real datasets: ACLED exports (current and older layouts), UCDP GED, and any CSV with a mapping.

Each reader turns a file into rows for the events table plus a report of what was wrong, naming the line and
column; nothing touches the database here. Vectorised with pandas so a million rows read in seconds.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .model import DISORDER_TYPE, TAXONOMY

MAX_REPORTED = 50  # problems listed in full; the rest are counted

# ACLED's pre-2019 event types -> (event_type, sub_event_type) of the current codebook.
OLD_ACLED_TYPES = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "violence against civilians": ("Violence against civilians", "Attack"),
    "remote violence": ("Explosions/Remote violence", ""),
    "riots/protests": ("Protests", ""),
    "strategic development": ("Strategic developments", "Other"),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
}
UCDP_TYPES = {"1": ("Battles", "Armed clash"), "2": ("Battles", "Armed clash"),
              "3": ("Violence against civilians", "Attack")}
UCDP_TIME_PRECISION = {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3}
UCDP_GEO_PRECISION = {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3, "6": 3, "7": 3}
DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%m/%d/%Y", "%Y/%m/%d")
REQUIRED = {
    "acled": ("event_date", "event_type", "country", "latitude", "longitude"),
    "ucdp": ("id", "date_start", "type_of_violence", "latitude", "longitude", "best"),
    "csv": ("event_date", "event_type", "latitude", "longitude"),
}


class ImportError_(ValueError):
    """A file that cannot be imported as asked; the message names the file, lines and columns at fault."""


@dataclass
class Problem:
    line: int  # line in the file (header is line 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class Parsed:
    rows: pd.DataFrame  # the valid rows, in events-table columns
    problems: list[Problem] = field(default_factory=list)
    bad_lines: int = 0
    encoding: str = "utf-8"
    separator: str = ","

    def report(self, path: Path) -> str:
        head = "; ".join(str(p) for p in self.problems[:MAX_REPORTED])
        more = f" (and {len(self.problems) - MAX_REPORTED} more)" if len(self.problems) > MAX_REPORTED else ""
        return f"{path}: {self.bad_lines} invalid row(s): {head}{more}"


def read_table(path: Path) -> tuple[pd.DataFrame, str, str]:
    """The file as strings, with its encoding (UTF-8, BOM or not; else cp1252) and separator (, ; or tab)."""
    raw = path.read_bytes()
    if not raw[:65536].strip() and not raw.strip():
        raise ImportError_(f"{path}: the file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    first_line = raw[:65536].split(b"\n", 1)[0].decode("utf-8", errors="replace")
    separator = max((",", ";", "\t"), key=first_line.count)
    options = {"sep": separator, "dtype": str, "keep_default_na": False, "na_values": []}
    encoding, frame = "utf-8", None
    try:  # pyarrow's reader is several times faster and checks UTF-8 as it goes
        frame = pd.read_csv(io.BytesIO(raw), engine="pyarrow", **options)
    except Exception:  # noqa: BLE001 - another encoding, or a malformed table: the slower path finds out which
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        try:
            frame = pd.read_csv(io.StringIO(text), engine="c", **options)
        except (pd.errors.ParserError, ValueError) as exc:
            raise ImportError_(f"{path}: not a readable CSV table ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, encoding, separator


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates written as ACLED has over the years: 2020-05-09, 9-May-20, 15 March 2022...
    The format that fits a sample of the column is tried on all of it first (one vectorised pass)."""
    text = values.str.strip()
    sample = text[text != ""].head(200)
    ranked = sorted(DATE_FORMATS, key=lambda fmt: -pd.to_datetime(sample, format=fmt, errors="coerce").notna().sum())
    out = pd.to_datetime(text, format=ranked[0], errors="coerce")
    for fmt in ranked[1:]:
        missing = out.isna() & (text != "")
        if not missing.any():
            break
        out[missing] = pd.to_datetime(text[missing], format=fmt, errors="coerce")
    return out.dt.date


def _numbers(values: pd.Series) -> pd.Series:
    try:  # the common case, every value a number: one vectorised cast
        return values.astype("float64")
    except (ValueError, TypeError):
        return pd.to_numeric(values.str.strip().str.replace(",", ".", regex=False), errors="coerce")


def _check(frame: pd.DataFrame, dates: pd.Series, lat: pd.Series, lon: pd.Series, date_col: str,
           problems: list[Problem]) -> np.ndarray:
    """Mask of valid rows; problems named by line (header = line 1)."""
    bad = np.zeros(len(frame), dtype=bool)
    checks = (
        (dates.isna(), date_col, "not a date"),
        (lat.isna() | (lat < -90) | (lat > 90), "latitude", "latitude missing or out of range (-90..90)"),
        (lon.isna() | (lon < -180) | (lon > 180), "longitude", "longitude missing or out of range (-180..180)"),
    )
    for mask, column, message in checks:
        mask = np.asarray(mask, dtype=bool)
        for index in np.flatnonzero(mask)[:MAX_REPORTED]:
            value = frame.iloc[index].get(column, "") if column in frame.columns else ""
            problems.append(Problem(int(index) + 2, column, f"{message}: {str(value)[:40]!r}"))
        if mask.sum() > MAX_REPORTED:
            problems.append(Problem(0, column, f"{int(mask.sum()) - MAX_REPORTED} more rows with this problem"))
        bad |= mask
    return ~bad


def _require(frame: pd.DataFrame, fmt: str, path: Path) -> None:
    missing = [c for c in REQUIRED[fmt] if c not in frame.columns]
    if missing:
        raise ImportError_(f"{path}: missing required column(s) {', '.join(missing)} for format {fmt} "
                           f"(found: {', '.join(list(frame.columns)[:12])})")


def _col(frame: pd.DataFrame, name: str, default: str = "") -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series([default] * len(frame), index=frame.index)


def _years(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates, errors="coerce").dt.year.astype("Int64")


def _ints(values: pd.Series) -> pd.Series:
    try:
        return values.astype("float64").round().astype("Int64")
    except (ValueError, TypeError):
        return pd.to_numeric(values, errors="coerce").round().astype("Int64")


def _checked_basics(frame: pd.DataFrame, fmt: str, path: Path, date_col: str):
    """Required columns, then the date and coordinates every format has: (problems, dates, lat, lon, valid)."""
    _require(frame, fmt, path)
    problems: list[Problem] = []
    dates = parse_dates(frame[date_col])
    lat, lon = _numbers(frame["latitude"]), _numbers(frame["longitude"])
    return problems, dates, lat, lon, _check(frame, dates, lat, lon, date_col, problems)


def parse_acled(frame: pd.DataFrame, path: Path) -> Parsed:
    problems, dates, lat, lon, valid = _checked_basics(frame, "acled", path, "event_date")
    etype = frame["event_type"].str.strip()
    sub = _col(frame, "sub_event_type").str.strip()
    tags = _col(frame, "tags").str.strip()
    old = etype.str.lower().map(OLD_ACLED_TYPES)
    is_old = old.notna() & ~etype.isin(TAXONOMY)
    if is_old.any():  # older exports: map to today's codebook, keep the original in tags
        tags = tags.where(~is_old, ("event_type_orig=" + etype + "; " + tags).str.rstrip("; "))
        sub = sub.where(~is_old, old.map(lambda t: t[1] if isinstance(t, tuple) else ""))
        etype = etype.where(~is_old, old.map(lambda t: t[0] if isinstance(t, tuple) else ""))
    unknown = ~etype.isin(TAXONOMY) & valid
    for index in np.flatnonzero(unknown.to_numpy())[:MAX_REPORTED]:
        problems.append(Problem(int(index) + 2, "event_type", f"unknown event type {etype.iloc[index]!r}"))
    valid &= ~unknown.to_numpy()
    ids = _col(frame, "event_id_cnty").str.strip()
    if (ids == "").any():  # rows without ACLED's id get one from their content
        missing = ids == ""
        ids = ids.where(~missing, "ACLED-" + _hash_rows(frame[missing]).reindex(ids.index, fill_value=""))
    out = pd.DataFrame({
        "uid": ids, "origin": "acled", "event_id_cnty": ids, "event_date": dates,
        "year": _years(dates),
        "time_precision": _ints(_col(frame, "time_precision", "1")).fillna(1),
        "disorder_type": _col(frame, "disorder_type").where(_col(frame, "disorder_type") != "",
                                                            etype.map(DISORDER_TYPE).fillna("")),
        "event_type": etype, "sub_event_type": sub,
        **{c: _col(frame, c).str.strip() for c in ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
                                                  "inter2", "interaction", "civilian_targeting", "region",
                                                  "country", "admin1", "admin2", "admin3", "location",
                                                  "source_scale")},
        "source": _col(frame, "source"), "notes": _col(frame, "notes"),  # long text: kept exactly
        "iso": _ints(_col(frame, "iso")), "latitude": lat, "longitude": lon,
        "geo_precision": _ints(_col(frame, "geo_precision", "1")),
        "fatalities": _ints(_col(frame, "fatalities", "0")).fillna(0), "tags": tags,
        "timestamp": _ints(_col(frame, "timestamp")),
    })
    return Parsed(out[valid].reset_index(drop=True), problems, int((~valid).sum()))


def parse_ucdp(frame: pd.DataFrame, path: Path) -> Parsed:
    problems, dates, lat, lon, valid = _checked_basics(frame, "ucdp", path, "date_start")
    kinds = frame["type_of_violence"].str.strip().str.replace(".0", "", regex=False).map(UCDP_TYPES)
    ids = "UCDP-" + frame["id"].str.strip()
    best = _ints(frame["best"]).fillna(0)
    out = pd.DataFrame({
        "uid": ids, "origin": "ucdp", "event_id_cnty": ids, "event_date": dates,
        "year": _years(dates),
        "time_precision": _col(frame, "date_prec", "1").str.replace(".0", "", regex=False)
        .map(UCDP_TIME_PRECISION).fillna(3).astype(int),
        "event_type": kinds.map(lambda t: t[0] if isinstance(t, tuple) else "Battles"),
        "sub_event_type": kinds.map(lambda t: t[1] if isinstance(t, tuple) else "Armed clash"),
        "actor1": _col(frame, "side_a"), "actor2": _col(frame, "side_b"), "country": _col(frame, "country"),
        "region": _col(frame, "region"), "admin1": _col(frame, "adm_1"), "admin2": _col(frame, "adm_2"),
        "location": _col(frame, "where_coordinates"), "latitude": lat, "longitude": lon,
        "geo_precision": _col(frame, "where_prec", "3").str.replace(".0", "", regex=False)
        .map(UCDP_GEO_PRECISION).fillna(3).astype(int),
        "source": _col(frame, "source_office"), "notes": _col(frame, "source_headline"),
        "fatalities": best, "fatalities_low": _ints(_col(frame, "low")), "fatalities_high": _ints(_col(frame, "high")),
        "tags": "ucdp_conflict=" + _col(frame, "conflict_name"),
    })
    out["disorder_type"] = out["event_type"].map(DISORDER_TYPE)
    return Parsed(out[valid].reset_index(drop=True), problems, int((~valid).sum()))


def parse_mapped(frame: pd.DataFrame, path: Path, mapping: dict[str, str]) -> Parsed:
    """Any CSV: `mapping` renames its columns to ours (COL=FIELD), then it reads as ACLED-shaped rows."""
    unknown = [col for col in mapping if col not in frame.columns]
    if unknown:
        raise ImportError_(f"{path}: --map names column(s) not in the file: {', '.join(unknown)}")
    frame = frame.rename(columns=mapping)
    _require(frame, "csv", path)
    if "country" not in frame.columns:
        frame["country"] = ""
    if "event_id_cnty" not in frame.columns:
        frame["event_id_cnty"] = "CSV-" + _hash_rows(frame)
    parsed = parse_acled(frame, path)
    parsed.rows["origin"] = "csv"
    return parsed


def _hash_rows(frame: pd.DataFrame) -> pd.Series:
    """A short stable hash of each row (vectorised), so re-importing an id-less file adds nothing."""
    hashed = pd.util.hash_pandas_object(frame.astype(str), index=False)
    return hashed.map(lambda h: f"{h:016x}")


def parse_file(path: Path, fmt: str, mapping: dict[str, str] | None = None) -> Parsed:
    frame, encoding, separator = read_table(path)
    if fmt == "acled":
        parsed = parse_acled(frame, path)
    elif fmt == "ucdp":
        parsed = parse_ucdp(frame, path)
    elif fmt == "csv":
        parsed = parse_mapped(frame, path, mapping or {})
    else:
        raise ImportError_(f"unknown format {fmt!r}: use acled, ucdp or csv")
    parsed.encoding, parsed.separator = encoding, separator
    return parsed
