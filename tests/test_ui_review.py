"""Intake and review helpers behind the page's 'Add articles' tab."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest

from events import Event
from events.articles import ArticleError
from ui.review import apply_review, read_upload


@dataclass
class Upload:
    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def getvalue(self) -> bytes:
        return self.data


def test_uploads_are_read_or_refused_with_a_reason():
    good = Upload("a.jsonl", (json.dumps({"id": "x", "text": "Clashes in Sirte.", "published": "2019-04-19"})
                              + "\n").encode())
    assert [a.id for a in read_upload(good, 1000)] == ["x"]
    with pytest.raises(ArticleError, match="not a .txt, .json or .jsonl"):
        read_upload(Upload("a.exe", b"MZ"), 1000)
    with pytest.raises(ArticleError, match="over the"):
        read_upload(Upload("big.txt", b"x" * 2000), 1000)
    with pytest.raises(ArticleError, match="not UTF-8"):
        read_upload(Upload("latin.txt", "Tripoli café".encode("latin-1")), 1000)
    with pytest.raises(ArticleError, match="line 2"):
        read_upload(Upload("bad.jsonl", b'{"text": "ok"}\n{broken\n'), 1000)


def event() -> Event:
    return Event(date(2019, 4, 19), 1, "Protests", "Peaceful protest", "Tripoli", 32.89, 13.19, 1,
                 country="Libya", iso2="LY", fatalities=0)


def test_review_applies_corrections_and_geocodes_a_new_place(resolver):
    row = {"keep": True, "event_date": "2019-04-18", "event_type": "Riots", "sub_event_type": "Violent demonstration",
           "location": "Misrata", "fatalities": 2, "actor1": "Rioters (Libya)", "actor2": None}
    fixed = apply_review(event(), row, resolver)
    assert (fixed.event_date, fixed.event_type, fixed.fatalities) == (date(2019, 4, 18), "Riots", 2)
    assert fixed.location == "Misrata" and abs(fixed.latitude - 32.375) < 0.05 and fixed.iso2 == "LY"
    assert apply_review(event(), {**row, "keep": False}, resolver) is None
    unknown = apply_review(event(), {**row, "location": "Qqqxxzz Nowhere"}, resolver)
    assert unknown.latitude is None


def test_review_corrections_are_kept_as_edits(resolver, tmp_path):
    from events import Article
    from events.store import Store
    from ui.review import corrections, snapshot

    original = event()
    before = snapshot(original)
    row = {"keep": True, "event_date": "2019-04-19", "event_type": "Protests", "sub_event_type": "Peaceful protest",
           "location": "Tripoli", "fatalities": 1, "actor1": "Protesters (Libya)", "actor2": ""}
    fixed = apply_review(original, row, resolver)
    changes = corrections(before, fixed)
    assert changes == {"fatalities": (0, 1), "actor1": ("", "Protesters (Libya)")}
    store = Store(f"sqlite:///{tmp_path / 'review.sqlite'}")
    store.add_extraction(Article(text="x", id="a1", published=date(2019, 4, 19)), [fixed], corrections=[changes],
                         editor="dashboard review")
    edits = store.edits()
    assert set(zip(edits.field, edits.old_value, edits.new_value)) == {("fatalities", "0", "1"),
                                                                       ("actor1", "", "Protesters (Libya)")}
    assert store.events().iloc[0].review_status == "reviewed"
