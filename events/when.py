"""Dates: an expression in the text resolved against the article's published date.

ACLED time_precision: 1 the day is known, 2 the week (or a few days), 3 the month. Weekdays, "yesterday" and
"earlier this month" are resolved here (dateparser picks last week's Friday for "Friday" on a Friday, and does
not know "earlier this month"); other expressions go to dateparser, relative to the published date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DECADE = re.compile(r"\b(1[89]|20)\d0s\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# A length of time ("two weeks", "several days") is not a date.
_DURATION = re.compile(r"^(the )?(past |last |next )?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"few|a few|several|many)( more)? (hours?|days?|weeks?|months?|years?)$")


_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# Explicit dates, which the NER model often cuts ("Around 7 May 2020" gives only "May 2020").
_EXPLICIT = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?|"
                       rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?)\b", re.I)


def date_spans(text: str, entity_spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Date expressions in a sentence: explicit dates found by pattern, then the NER model's DATE/TIME entities
    that do not overlap them; (start, end, text), in text order."""
    found = [(m.start(), m.end()) for m in _EXPLICIT.finditer(text) if re.search(r"[A-Z]", m.group())]  # not "2 may"
    found += [(s, e) for s, e in entity_spans if not any(a < e and s < b for a, b in found)]
    return [(s, e, text[s:e]) for s, e in sorted(found)]


@dataclass(frozen=True)
class When:
    day: date
    precision: int  # ACLED time_precision


def weekday_before(published: date, weekday: int) -> date:
    """The latest such weekday on or before the published date ("on Friday" in a Friday article is that day)."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def background_year(text: str, published: date | None) -> bool:
    """True when a date expression names a time well before the article ("in 2011", "in the 1980s")."""
    if _DECADE.search(text):
        return True
    years = [int(y) for y in _YEAR.findall(text)]
    return bool(published and years and max(years) < published.year - 1)


def resolve(expression: str, published: date | None) -> When | None:
    """The date an expression names, or None when it names none or names background."""
    text = expression.strip().lower()
    if not text or published is None and not _YEAR.search(text):
        return None
    if background_year(text, published) or _DURATION.match(text):
        return None
    if published is not None:
        for i, name in enumerate(WEEKDAYS):
            if re.search(rf"\b{name}\b", text):
                return When(weekday_before(published, i), 1)
        if re.search(r"\b(today|this morning|this afternoon|this evening|tonight)\b", text):
            return When(published, 1)
        if re.search(r"\b(yesterday|last night|overnight)\b", text):
            return When(published - timedelta(days=1), 1)
        if re.search(r"\b(this|last|past) (week|few days)\b|\bearlier this week\b|\brecent days\b", text):
            return When(published - timedelta(days=3 if "last" in text else 0), 2)
        if re.search(r"\b(earlier|this|late|mid|early) (this )?month\b", text):
            return When(published.replace(day=1), 3)
        if re.search(r"\blast month\b", text):
            return When((published.replace(day=1) - timedelta(days=1)).replace(day=1), 3)
        if re.search(r"\b(\d+|a|one|two|three|few|several) (hours?|minutes?)\b", text):
            return When(published, 1)
    return _dateparser(text, published)


@lru_cache(maxsize=4096)
def _dateparser(text: str, published: date | None) -> When | None:
    if not re.search(r"\d|" + "|".join(m[:3] for m in MONTHS) + r"|ago|week|month", text):
        return None
    import dateparser  # imported on first use: it takes a moment

    base = datetime.combine(published, datetime.min.time()) if published else datetime(2100, 1, 1)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "REQUIRE_PARTS": ["month"], "PREFER_DAY_OF_MONTH": "first"}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b(?!\d)", re.sub(r"\b(1[89]|20)\d\d\b", "", text))) \
        or "ago" in text
    day = parsed.date()
    if published and day > published:
        return None
    return When(day, 1 if has_day else 3)
