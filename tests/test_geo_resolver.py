"""The resolver on the full embedded gazetteer: Libya names, namesakes, variants, bad input."""

from __future__ import annotations

import pytest

from geo import Context
from geo.resolver import country_code, haversine_km


def place(resolver, name, **ctx):
    res = resolver.resolve(name, Context(**ctx))
    assert res is not None, name
    return res


def near(res, lat, lon, km):
    return float(haversine_km(res.place.latitude, res.place.longitude, lat, lon)) <= km


@pytest.mark.parametrize("name", ["Tripoli", "Benghazi", "Banghazi", "Misrata", "Misurata", "Misratah", "Derna",
                                  "Sirte", "Qaser Ben Ghasher", "Qasr Bin Ghashir", "Tajoura", "Tājūrā'", "طرابلس"])
def test_libya_names_resolve_in_libya(resolver, name):
    res = place(resolver, name, focus={"LY": 1.0})
    assert res.place.country_code == "LY"
    assert res.precision == 1


def test_variants_land_on_the_same_place(resolver):
    a = place(resolver, "Qaser Ben Ghasher", focus={"LY": 1.0})
    b = place(resolver, "Qasr Bin Ghashir", focus={"LY": 1.0})
    assert a.place.geonameid == b.place.geonameid
    assert near(a, 32.68, 13.18, 10)
    assert place(resolver, "Hodeidah").place.geonameid == place(resolver, "Al Hudaydah").place.geonameid
    assert place(resolver, "Artemivsk").place.geonameid == place(resolver, "Bakhmut").place.geonameid


def test_curated_places_below_town_level(resolver):
    square = place(resolver, "Martyrs' Square", focus={"LY": 1.0})
    assert square.place.kind == "custom" and near(square, 32.895, 13.181, 2)
    assert "Wikipedia" in square.place.source
    assert near(place(resolver, "Ain Zara", focus={"LY": 1.0}), 32.79, 13.24, 5)
    assert place(resolver, "Mitiga airport").place.kind == "airport"


def test_larger_units_resolve(resolver):
    virginia = place(resolver, "Virginia")
    assert (virginia.place.country_code, virginia.place.kind, virginia.precision) == ("US", "admin area", 3)
    chad = place(resolver, "Chad")
    assert (chad.place.country_code, chad.place.kind, chad.precision) == ("TD", "country", 3)
    assert place(resolver, "Libya").place.kind == "country"
    assert place(resolver, "U.S.").place.country_code == "US"


def test_towns_beat_the_area_named_after_them(resolver):
    for name, cc in (("Benghazi", "LY"), ("Idlib", "SY"), ("Aleppo", "SY"), ("Tripoli", "LY")):
        res = place(resolver, name)
        assert (res.place.kind, res.place.country_code) == ("town", cc), name


@pytest.mark.parametrize("name, focus, expected", [
    ("Tripoli", {"LY": 1.0}, "LY"), ("Tripoli", {"LB": 1.0}, "LB"), ("Tripoli", {"GR": 1.0}, "GR"),
    ("Rafah", {"PS": 1.0}, "PS"), ("Rafah", {"EG": 1.0}, "EG"), ("Derna", {"LY": 1.0}, "LY"),
    ("Paris", {}, "FR"), ("Paris", {"FR": 1.0, "US": 0.2}, "FR"),
])
def test_namesakes_follow_the_article_focus(resolver, name, focus, expected):
    assert place(resolver, name, focus=focus).place.country_code == expected


def test_places_already_resolved_pull_namesakes_near_them(resolver):
    dallas = place(resolver, "Dallas", focus={"US": 1.0})
    paris = place(resolver, "Paris", focus={"US": 1.0}, near=[(dallas.place.latitude, dallas.place.longitude)])
    assert (paris.place.country_code, paris.place.admin1) == ("US", "Texas")


def test_results_carry_every_field_and_runners_up(resolver):
    res = place(resolver, "Tripoli", focus={"LY": 1.0})
    out = res.to_dict()
    for key in ("name", "latitude", "longitude", "country_code", "admin1", "kind", "population", "geonameid",
                "precision", "score", "runners_up"):
        assert key in out
    assert out["geonameid"] == 2210247
    assert any(r["country_code"] == "LB" for r in out["runners_up"])


def test_fuzzy_matching_stays_inside_the_context_countries(resolver):
    typo = place(resolver, "Benghazzi", focus={"LY": 1.0})
    assert typo.place.country_code == "LY"
    fuzzy = resolver.resolve("Ajdabiyat", Context(focus={"LY": 1.0}))
    assert fuzzy is not None and fuzzy.place.country_code == "LY"
    # A typo with no context is never sent to another continent by fuzzy matching.
    assert resolver.resolve("Ajdabiyat") is None or resolver.resolve("Ajdabiyat").match != "fuzzy"
    restricted = resolver.resolve("Ajdabiyat", Context(countries=frozenset({"LY"})))
    assert restricted is not None and restricted.match == "fuzzy" and restricted.place.country_code == "LY"


def test_country_filter_is_hard(resolver):
    assert resolver.resolve("Paris", Context(countries=frozenset({"LY"}))) is None
    assert place(resolver, "Paris", countries=frozenset({"US"})).place.country_code == "US"


def test_acled_style_city_dash_neighbourhood(resolver):
    res = place(resolver, "Tripoli - Abu Salim", focus={"LY": 1.0})
    assert res.place.name == "Abu Salim" and near(res, 32.85, 13.18, 5)
    unknown = place(resolver, "Tripoli - Nowhere Quarter", focus={"LY": 1.0})
    assert unknown.place.name == "Tripoli" and unknown.precision == 2


def test_qualified_names_fall_back_with_lower_precision(resolver):
    res = place(resolver, "outskirts of Tripoli", focus={"LY": 1.0})
    assert res.place.name == "Tripoli" and res.precision == 2


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x01", "x" * 10_000, "!!!", "12345", "\u202e\u200b"])
def test_bad_names_give_no_result_and_no_crash(resolver, bad):
    assert resolver.resolve(bad) is None or resolver.resolve(bad).place.name


def test_unknown_country_codes_are_reported(resolver):
    assert country_code(resolver, "Libya") == "LY"
    assert country_code(resolver, "lby") == "LY"
    assert country_code(resolver, "ly") == "LY"
    with pytest.raises(ValueError, match="unknown country"):
        country_code(resolver, "ZZ")
