"""How many: fatalities as low / best / high with ACLED's conventions, and crowd sizes kept apart.

ACLED's conventions for vague numbers: "dozens" 12, "tens" 10, "hundreds" 100, "thousands" 1000; "at least N"
gives N as low and best; a range gives its ends as low and high and its low end as best; injuries without
deaths are 0 fatalities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

VAGUE = {"dozens": 12, "dozen": 12, "tens": 10, "scores": 20, "hundreds": 100, "thousands": 1000,
         "several": 3, "a few": 3, "few": 3, "many": 10, "some": 3, "a couple": 2, "couple": 2, "both": 2,
         "a number": 3, "numerous": 10, "multiple": 3}
SINGULAR = {"a", "an", "one", "single", "another", "him", "her", "man", "woman", "boy", "girl", "child",
            "soldier", "civilian", "person", "policeman", "officer", "member", "fighter", "resident", "journalist"}

_NUMBER_WORD = (r"(?:(?<![\d,.])\d+(?:[.,]\d+)*(?![\d,.]?\d)|"
                r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                r"ninety|hundred|thousand|[a-z]+-[a-z]+)")
_QUANT = (rf"(?P<q>(?:at least|more than|over|some|about|around|nearly|almost|up to|as many as|roughly|"
          rf"approximately|an estimated|a total of|at most|fewer than|less than)\s+)?"
          rf"(?P<n>{_NUMBER_WORD}(?:\s+{_NUMBER_WORD})?|dozens|tens|scores|hundreds|thousands|several|a few|"
          rf"few|many|a couple|numerous|multiple|a dozen|a number|both)"
          rf"(?:\s+(?:to|or|and|-)\s+(?P<n2>{_NUMBER_WORD}))?")
_FATALITY_PATTERNS = (
    # "two children were killed", "7 people died", "3 soldiers and 2 civilians were killed"
    re.compile(rf"{_QUANT}\s+(?:(?!\d)[\w'’-]+\s+){{0,4}}?(?:were|was|have been|had been|are|got|being)?\s*"
               rf"(?:killed|dead|died|slain|executed|massacred|beheaded|lost their lives|perished)", re.I),
    # "killing at least seven", "killed two children", "left 5 dead"
    re.compile(rf"(?:killing|killed|kills|kill|slaying|executing|executed|left|leaving)\s+(?:at least\s+|between\s+)?"
               rf"{_QUANT}(?:\s+[\w'’-]+){{0,3}}?(?:\s+(?:dead|people|persons|civilians|soldiers|fighters|"
               rf"militants|members|men|women|children))?", re.I),
    # "death toll rose to 12", "12 fatalities", "the deaths of 4"
    re.compile(rf"(?:death toll|toll|fatalities|deaths|casualties)\s+(?:\w+\s+){{0,3}}?(?:to|of|at|reached)\s+"
               rf"{_QUANT}", re.I),
    re.compile(rf"{_QUANT}\s+(?:fatalities|fatality|deaths|dead|people dead|bodies)", re.I),
    # "a boy was killed", "executed a man": one
    re.compile(r"\b(?P<n>a|an|one)\s+(?:[\w'’-]+\s+){0,3}?(?:was|has been|had been|is)\s+(?:\w+ly\s+)?"
               r"(?:killed|shot dead|shot and killed|executed|murdered|slain|beheaded|found dead|pronounced dead|"
               r"(?:shot|stabbed|beaten|hacked|tortured|burned|burnt|lynched|strangled) to death)", re.I),
    # "The victim died", "the soldier was killed": one, named before
    re.compile(r"\b(?P<n>the)\s+(?:victim|man|woman|boy|girl|child|soldier|civilian|driver|officer|policeman|"
               r"fighter|prisoner|detainee|journalist)\s+(?:later\s+)?(?:died|was killed|succumbed)", re.I),
    re.compile(r"(?:killing|killed|executed|executing|murdered|shot dead)\s+(?P<n>a|an)\s+[\w'’-]+", re.I),
)
_CROWD = (re.compile(rf"{_QUANT}\s+(?:[\w'’-]+\s+){{0,2}}?(?:people|protesters|demonstrators|supporters|residents|"
                     rf"students|workers|women|men|marchers|activists|participants)\b", re.I),
          re.compile(r"\[size=(?P<n>[^\]]+)\]", re.I))
_ZERO = re.compile(r"\b(no (?:one|casualties|fatalities|deaths|injuries)|nobody) (?:was|were)?\s*"
                   r"(?:killed|hurt|injured|reported)|without (?:casualties|fatalities)|no casualties\b|"
                   r"no fatalities\b", re.I)


@dataclass(frozen=True)
class Count:
    low: int
    best: int
    high: int
    start: int  # character offsets within the text searched
    end: int


def number(text: str) -> int | None:
    """An integer from digits or English number words ("2,000", "seven", "twenty-five", "a dozen")."""
    t = text.strip().lower().replace(",", "")
    if not t:
        return None
    if t in VAGUE:
        return VAGUE[t]
    if t == "a dozen":
        return 12
    if t in ("a", "an", "the"):
        return 1  # "a boy was killed", "the victim died"
    if re.fullmatch(r"(1[89]|20)\d\d", text.strip()):
        return None  # a year, not a count
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return int(float(t))
    try:
        return int(text2num(t, "en"))
    except (ValueError, TypeError):
        return None


def _count(match: re.Match, offset: int = 0) -> Count | None:
    best = number(match.group("n"))
    if best is None:
        return None
    high_text = match.groupdict().get("n2")
    high = number(high_text) if high_text else None
    qualifier = (match.groupdict().get("q") or "").strip().lower()
    low = best
    if qualifier in ("up to", "as many as", "at most", "fewer than", "less than"):
        low = 0
    if qualifier in ("more than", "over"):
        best = low = best + (0 if best >= 10 else 0)
    hi = max(high or best, best)
    return Count(low, best if high is None else min(best, hi), hi, match.start() + offset, match.end() + offset)


# "3 soldiers and 2 civilians were killed": the groups listed before the one the pattern found.
_LISTED_BEFORE = re.compile(rf"{_QUANT}\s+(?!injured|wounded|hurt|others)[A-Za-z'’-]+(?:\s+[A-Za-z'’-]+)?\s*"
                            rf"(?:,\s*and|,|and)\s*$", re.I)


def _with_listed_groups(text: str, count: Count) -> Count:
    while (match := _LISTED_BEFORE.search(text[:count.start])) and (extra := _count(match)):
        count = Count(count.low + extra.low, count.best + extra.best, count.high + extra.high, extra.start,
                      count.end)
    return count


def fatalities(text: str) -> Count | None:
    """Deaths the text reports (summed when it lists groups: "3 soldiers and 2 civilians were killed")."""
    if _ZERO.search(text):
        return None
    found: list[Count] = []
    for pattern in _FATALITY_PATTERNS:
        for match in pattern.finditer(text):
            count = _count(match)
            if count and not any(c.start < count.end and count.start < c.end for c in found):
                found.append(count)
        if found:
            break
    if not found:
        return None
    found = [_with_listed_groups(text, c) for c in found]
    if len(found) == 1:
        return found[0]
    return Count(sum(c.low for c in found), sum(c.best for c in found), sum(c.high for c in found),
                 min(c.start for c in found), max(c.end for c in found))


def crowd_size(text: str) -> Count | None:
    for pattern in _CROWD:
        match = pattern.search(text)
        if match:
            count = _count(match) if "q" in pattern.groupindex else None
            if count is None and match.group("n"):
                value = re.search(r"\d[\d,]*", match.group("n"))
                if value:
                    n = int(value.group(0).replace(",", ""))
                    count = Count(n, n, n, match.start(), match.end())
            if count:
                return count
    return None
