"""Article structure before any NLP: paragraphs, and the parts that are not the story.

The dateline ("WEST PALM BEACH, Fla. (Reuters) -"), photo captions ("FILE PHOTO: ... REUTERS/..."), boilerplate
("Related Coverage") and reporting credits ("Additional reporting by ... in Benghazi") are set apart: places in
them are mentions with that role, never event locations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLE_BODY = "body"

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'’.\- ]{1,40}(?:,\s*[A-Z][A-Za-z.\- ]{1,25})?)\s*"
    r"\((?:Reuters|AP|AFP|Reuters Health|Thomson Reuters Foundation|dpa|Xinhua|AA|IANS|UPI)\)\s*[-–—]+\s*"
)
_CAPTION = re.compile(r"^\s*(?:FILE PHOTO|PHOTO|Photo|FILE)\s*:|REUTERS/[A-Z]|\(Photo(?:graph)?:|Photograph:|"
                      r"^\s*(?:Image|Picture) (?:caption|copyright)", re.MULTILINE)
_CREDIT = re.compile(r"^\s*(?:Additional reporting|Reporting|Writing|Editing|Compiled|Edited) by\b", re.IGNORECASE)
_BOILERPLATE = re.compile(r"^\s*(?:Related Coverage|Related coverage|See more stories|Our Standards|"
                          r"Read more|Advertisement|Subscribe|Sign up)\b.{0,60}$")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    role: str  # body, dateline, caption, credit, other


MAX_SEGMENT_CHARS = 20_000  # a "paragraph" longer than this (a text with no line breaks) is cut at sentence ends


def _cut(start: int, end: int, text: str, role: str) -> list[Segment]:
    """One segment, or several when it is longer than MAX_SEGMENT_CHARS (spaCy refuses very long texts)."""
    pieces = []
    while end - start > MAX_SEGMENT_CHARS:
        cut = text.rfind(". ", start, start + MAX_SEGMENT_CHARS)
        cut = cut + 2 if cut > start else start + MAX_SEGMENT_CHARS
        pieces.append(Segment(start, cut, role))
        start = cut
    pieces.append(Segment(start, end, role))
    return pieces


def segments(text: str) -> list[Segment]:
    """The article cut into paragraphs (and a dateline), each with its role; offsets index `text`."""
    out: list[Segment] = []
    first_body = True
    for match in _PARAGRAPH.finditer(text):
        start, end = match.start(), match.end()
        para = match.group(0)
        if not para.strip():
            continue
        if _CREDIT.match(para):
            out.append(Segment(start, end, "credit"))
        elif _CAPTION.search(para):
            out.append(Segment(start, end, "caption"))
        elif _BOILERPLATE.match(para):
            out.append(Segment(start, end, "other"))
        else:
            dateline = _DATELINE.match(para) if first_body else None
            if dateline:
                out.append(Segment(start, start + dateline.end(), "dateline"))
                start += dateline.end()
            first_body = False
            out.extend(_cut(start, end, text, ROLE_BODY))
    return out
