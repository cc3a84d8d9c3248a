"""The seed article (Reuters, 19 April 2019, Libya): the gold events, and no event where there is none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from events import read_file

SEED = Path(__file__).resolve().parent.parent / "seeds" / "reuters_2019-04-19_libya_haftar.txt"


@pytest.fixture(scope="module")
def result(extractor):
    article = next(read_file(SEED))
    assert article.published == date(2019, 4, 19) and article.source == "Reuters"
    return extractor.extract(article)


def by_type(result, sub_type):
    return [e for e in result.events if e.sub_event_type == sub_type]


def test_exactly_the_three_gold_events(result):
    assert result.error is None
    assert len(result.events) == 3


def test_shelling_that_killed_two_children(result):
    shelling = [e for e in by_type(result, "Shelling/artillery/missile attack") if e.fatalities]
    assert len(shelling) == 1
    e = shelling[0]
    assert (e.event_type, e.event_date, e.fatalities, e.geo_precision) == \
        ("Explosions/Remote violence", date(2019, 4, 19), 2, 1)
    assert e.location == "Qaşr Bin Ghashīr" and e.country == "Libya"
    assert e.civilian_targeting == "Civilian targeting"
    assert e.evidence["location"][2] == "Qaser Ben Ghasher"
    assert e.evidence["event_date"][2] == "Friday"
    assert e.evidence["fatalities"][2].startswith("two children")


def test_protest_on_martyrs_square(result):
    (e,) = by_type(result, "Peaceful protest")
    assert (e.event_type, e.event_date, e.fatalities, e.crowd_size) == ("Protests", date(2019, 4, 19), 0, 2000)
    assert e.location == "Martyrs' Square" and e.admin1 == "Tripoli"
    assert e.actor1.startswith("Protesters")


def test_mortar_bombs_on_a_tripoli_suburb(result):
    mortar = [e for e in by_type(result, "Shelling/artillery/missile attack") if e.event_date == date(2019, 4, 18)]
    assert len(mortar) == 1
    e = mortar[0]
    assert (e.location, e.geo_precision, e.fatalities) == ("Tripoli", 2, 0)
    assert "eastern troops" in e.actor1


def test_evidence_spans_point_into_the_text(result):
    text = next(read_file(SEED)).text
    for e in result.events:
        for name, (start, end, words) in e.evidence.items():
            if name != "also":
                assert text[start:end] == words, name


def test_no_event_where_the_article_names_no_event(result):
    places = {e.location for e in result.events} | {e.country for e in result.events}
    for name in ("West Palm Beach", "Paris", "Benghazi", "Washington", "Cairo", "The Hague", "Virginia", "Chad",
                 "Egypt", "United States", "France"):
        assert name not in places


def test_mentions_keep_every_place_with_its_role(result):
    roles = {(m.text, m.role) for m in result.mentions}
    assert ("WEST PALM BEACH", "dateline") in roles
    assert ("Paris", "caption") in roles
    assert ("Benghazi", "credit") in roles and ("Cairo", "credit") in roles
    assert ("Qaser Ben Ghasher", "event") in roles
    assert ("Virginia", "background") in roles
    resolved = {m.text: m for m in result.mentions}
    assert resolved["Benghazi"].country_code == "LY"
    assert resolved["Qaser Ben Ghasher"].country_code == "LY"
    assert all(m.country_code == "LY" for m in result.mentions if m.text == "Tripoli")
