"""Extraction rules on small real-looking reports: dates, counts, types, filters, bad input."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from events import Article
from events.cli import main
from events.counts import crowd_size, fatalities, number
from events.structure import segments
from events.when import resolve

PUBLISHED = date(2019, 4, 19)  # a Friday


@pytest.mark.parametrize("expression, day, precision", [
    ("Friday", date(2019, 4, 19), 1), ("on Monday", date(2019, 4, 15), 1), ("Thursday", date(2019, 4, 18), 1),
    ("as of Tuesday", date(2019, 4, 16), 1), ("earlier this month", date(2019, 4, 1), 3),
    ("yesterday", date(2019, 4, 18), 1), ("18 April", date(2019, 4, 18), 1), ("April 2019", date(2019, 4, 1), 3),
    ("March 3, 2019", date(2019, 3, 3), 1),
])
def test_dates_resolve_against_the_published_date(expression, day, precision):
    assert resolve(expression, PUBLISHED) == type(resolve("Friday", PUBLISHED))(day, precision)


@pytest.mark.parametrize("expression", ["in 2011", "the 1980s", "two weeks", "1969"])
def test_background_and_durations_are_no_dates(expression):
    assert resolve(expression, PUBLISHED) is None


@pytest.mark.parametrize("text, low, best, high", [
    ("At least seven people had been killed", 7, 7, 7), ("two children were killed by shelling", 2, 2, 2),
    ("dozens of people were killed", 12, 12, 12), ("tens of soldiers were killed", 10, 10, 10),
    ("hundreds were killed", 100, 100, 100), ("an air strike killing 4 fighters", 4, 4, 4),
    ("between 5 and 10 people were killed", 5, 5, 10), ("3 soldiers and 2 civilians were killed", 5, 5, 5),
    ("the death toll rose to 12", 12, 12, 12), ("a local leader was stabbed to death", 1, 1, 1),
    ("a man was found dead in a field", 1, 1, 1), ("The victim died in hospital", 1, 1, 1),
    ("Both victims died.", 2, 2, 2), ("opened fire, killing between 2 to 4 fighters", 2, 2, 4),
    ("3 fatalities.", 3, 3, 3),
])
def test_fatality_counts(text, low, best, high):
    count = fatalities(text)
    assert (count.low, count.best, count.high) == (low, best, high)


def test_injuries_and_crowds_are_not_fatalities():
    assert fatalities("Three people were wounded in the attack") is None
    assert fatalities("No one was killed in the blast") is None
    assert crowd_size("At least 2,000 people protested on the square").best == 2000
    assert number("twenty-five") == 25 and number("2,000") == 2000


def test_structure_sets_apart_dateline_caption_credit():
    text = ("CAIRO (Reuters) - Clashes erupted in Sirte on Friday.\n\nFILE PHOTO: Smoke rises. REUTERS/Someone\n\n"
            "Related Coverage\n\nAdditional reporting by A in Benghazi; Editing by B")
    roles = [(s.role, text[s.start:s.end][:12]) for s in segments(text)]
    assert roles == [("dateline", "CAIRO (Reute"), ("body", "Clashes erup"), ("caption", "FILE PHOTO: "),
                     ("other", "Related Cove"), ("credit", "Additional r")]


def extract(extractor, text, published=PUBLISHED):
    return extractor.extract(Article(text=text, published=published, source="Test")).events


def test_types_from_triggers_and_cues(extractor):
    (strike,) = extract(extractor, "On Monday, an air strike hit a market in Misrata, killing at least five "
                                   "civilians, residents said.")
    assert (strike.sub_event_type, strike.fatalities, strike.event_date) == ("Air/drone strike", 5,
                                                                            date(2019, 4, 15))
    assert strike.civilian_targeting == "Civilian targeting" and strike.iso2 == "LY"
    (clash,) = extract(extractor, "Heavy clashes broke out between rival militias in Sabratha on Wednesday, "
                                  "leaving 3 fighters dead.")
    assert (clash.event_type, clash.sub_event_type, clash.fatalities) == ("Battles", "Armed clash", 3)
    (abduction,) = extract(extractor, "Gunmen kidnapped a journalist in Benghazi on Tuesday.")
    assert abduction.sub_event_type == "Abduction/forced disappearance"


def test_no_event_from_hypotheticals_history_figures_and_quotes(extractor):
    assert extract(extractor, "A military intervention by Egypt in Libya is likelier, analysts said.") == []
    assert extract(extractor, "Haftar fought in Chad in the 1980s and was captured there.") == []
    assert extract(extractor, "The LNA said it was fighting terrorism in Benghazi.") == []
    assert extract(extractor, "“We will bomb Tripoli,” the commander said on Friday.") == []
    assert extract(extractor, "Troops could attack Sirte next week, officials warned.") == []
    assert extract(extractor, "The weather in Tripoli was sunny on Friday.") == []


def test_the_same_event_twice_is_one_event(extractor):
    events = extract(extractor, "Shelling killed two people in Tajoura on Thursday.\n\n"
                                "The shelling of Tajoura on Thursday killed 2 people, a medic said.")
    assert len(events) == 1 and events[0].fatalities == 2


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02 binary \xff junk", "Das ist ein deutscher Text.",
                                  "Il pleut à Paris aujourd'hui.", "x" * 100_000, "Nothing happened today."])
def test_bad_or_eventless_text_gives_no_events_and_no_crash(extractor, text):
    result = extractor.extract(Article(text=text, published=PUBLISHED))
    assert result.error is None and result.events == []


def test_a_5_mb_text_is_refused_with_a_message_and_the_batch_goes_on(extractor):
    big = Article(text="Clashes erupted in Sirte on Friday. " * 140_000, published=PUBLISHED, id="big")
    small = Article(text="Shelling killed two people in Misrata, east of Tripoli, on Thursday.", published=PUBLISHED,
                    id="small")
    results = list(extractor.extract_many([big, small]))
    assert "over the 1,000,000 limit" in results[0].error and results[0].events == []
    assert results[1].error is None and len(results[1].events) == 1


def test_a_long_paragraph_is_cut_for_the_parser(extractor):
    text = "Clashes erupted in Sirte on Friday, residents said. " * 1_000  # 51,000 characters, no line break
    result = extractor.extract(Article(text=text, published=PUBLISHED))
    assert result.error is None and len(result.events) == 1  # the same clash, reported again and again


def test_jsonl_cli_processes_good_lines_and_names_bad_ones(extractor, tmp_path, monkeypatch):
    monkeypatch.setattr("events.extract.load_nlp", lambda: extractor.nlp)
    monkeypatch.setattr("events.extract.load_resolver", lambda: extractor.resolver)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": "Shelling killed two people in Tajoura, east of Tripoli, on Thursday.",
                    "published": "2019-04-19"}),
        "{not json",
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": "Protesters rallied in Benghazi on Friday.", "published": "19/04/2019"}),
        json.dumps({"id": "e", "text": "Nothing happened.", "published": "2019-04-19"}),
    ]) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["extract", "--jsonl", str(path)], out=out, err=err) == 0
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["id"] for x in lines] == ["a", None, "c", "d", "e"]
    assert lines[0]["events"][0]["event_date"] == "2019-04-18" and lines[0]["events"][0]["fatalities"] == 2
    assert lines[0]["mentions"][0]["role"] == "event"
    assert "line 2" in lines[1]["error"] and "line 3" in lines[2]["error"] and "line 4" in lines[3]["error"]
    assert lines[4]["events"] == [] and "error" not in lines[4]
    assert "line 2" in err.getvalue()


def test_file_cli_reads_the_seed(extractor, monkeypatch):
    monkeypatch.setattr("events.extract.load_nlp", lambda: extractor.nlp)
    monkeypatch.setattr("events.extract.load_resolver", lambda: extractor.resolver)
    out = io.StringIO()
    assert main(["extract", "seeds/reuters_2019-04-19_libya_haftar.txt"], out=out, err=io.StringIO()) == 0
    assert "3 event(s)" in out.getvalue() and "Martyrs' Square" in out.getvalue()
    err = io.StringIO()
    assert main(["extract", "missing.txt"], out=io.StringIO(), err=err) == 2
    assert "missing.txt" in err.getvalue()


def test_places_listed_together_give_one_event_each_with_the_toll_shared(extractor):
    events = extract(extractor, "Protesters rallied in Misrata and Zliten on Friday.")
    assert [e.location for e in events] == ["Misratah", "Zliten"]
    assert all(e.event_type == "Protests" for e in events)
    events = extract(extractor, "Shelling killed five people in Sirte and Misrata on Thursday.")
    assert sorted(e.fatalities for e in events) == [2, 3] and sum(e.fatalities for e in events) == 5


def test_a_place_inside_another_must_lie_there(extractor):
    # An unknown village inside a known town: the town, not a namesake elsewhere.
    (event,) = extract(extractor, "On Friday, fighters clashed in Qwerty Hamlet village in Gharyan.")
    assert event.location == "Gharyan"
    # ACLED's "Place (Area)", the area written with its article glued on, and no country named anywhere.
    (event,) = extract(extractor, "On 2 May 2020, forces shelled positions in Al-Swani (Aljfara). No casualties.",
                       published=date(2020, 5, 5))
    assert (event.iso2, event.admin1) == ("LY", "Sha`biyat al Jafarah")


def test_acronyms_and_actor_countries_are_not_event_places(extractor):
    (event,) = extract(extractor, "Fighters of the Islamic State (IS) were killed in air strikes in Sirte on Monday.")
    assert event.location == "Sirte"
    (event,) = extract(extractor, "US and UK forces fired missiles at air defence sites in Misrata on Monday.")
    assert event.location == "Misratah"


def test_destinations_and_origins_rank_below_the_event_place(extractor):
    (event,) = extract(extractor, "Residents of Derna fled toward Tobruk on Monday when their city was shelled.")
    assert event.location == "Darnah"


def test_territory_taken_by_name_and_descriptions_that_take_nothing(extractor):
    (event,) = extract(extractor, "Rebel forces take Zawiya, the army retreats toward Gharyan.")
    assert (event.event_type, event.iso2) == ("Battles", "LY") and round(event.latitude, 1) == 32.8  # Zawiya
    assert extract(extractor, "Planes kept taking off from the airport in Misrata on Monday.") == []
    assert extract(extractor, "The hospital in Sirte is regularly attacked by militants.") == []


@pytest.mark.parametrize("text, event_type, sub_type", [
    ("On Monday, soldiers shot down a drone over Sirte.", "Strategic developments", "Disrupted weapons use"),
    ("Police stormed a house in Zliten on Monday and arrested three men.", "Strategic developments", "Arrests"),
    ("The two sides exchanged prisoners in Misrata on Monday.", "Strategic developments", "Agreement"),
    ("Warplanes continued to bomb sites in Sirte on Monday.", "Explosions/Remote violence", "Air/drone strike"),
    ("A detainee died under torture in a prison in Zawiya on Monday.", "Violence against civilians", "Attack"),
    ("Security forces shot and killed two men who tried to flee in Sabha on Monday.", "Violence against civilians",
     "Attack"),
    ("Members of a local tribe protest the government in Sabha.", "Protests", "Peaceful protest"),
    ("Demonstrators tear down a statue in Benghazi.", "Riots", "Violent demonstration"),
    ("Dozens of bodies have been discovered in a mass grave in Tarhuna.", "Strategic developments", "Other"),
])
def test_types_of_less_common_reports(extractor, text, event_type, sub_type):
    events = extract(extractor, text)
    assert events and events[0].event_type == event_type
    assert sub_type is None or events[0].sub_event_type == sub_type


def test_a_closing_toll_sentence_counts_for_the_event_before_it(extractor):
    (event,) = extract(extractor, "On Monday, two armed men attacked a man in Celaya. 1 fatality.")
    assert event.fatalities == 1 and event.evidence["fatalities"][2] == "1 fatality"


def test_a_country_only_event_takes_the_town_of_the_next_sentence(extractor):
    (event,) = extract(extractor, "Coastguards intercept a boat carrying weapons to Libya on Monday. The boat was "
                                  "found off the coast near Zuwara.")
    assert event.location == "Zuwarah" and event.geo_precision == 2


@pytest.mark.parametrize("text, event_type, sub_type", [
    ("On Monday, soldiers fired mortars and small arms at rebel positions near Gao.", "Battles", "Armed clash"),
    ("On Monday, villagers clashed with herders' relatives over a well in Mopti, leaving two injured.", "Riots",
     "Mob violence"),
    ("On Monday, demonstrators threw stones at police and burned tyres in Dakar.", "Riots", "Violent demonstration"),
    ("On Monday, residents blocked the main road in Kaduna to demand the release of their chief.", "Protests",
     "Peaceful protest"),
    ("On Monday, a man was found dead in Culiacan, Sinaloa, with signs of torture.", "Violence against civilians",
     "Attack"),
    ("On Monday, a man was stabbed in Hebron.", "Violence against civilians", "Attack"),
    ("On Monday, police discovered a cache of explosives in Kirkuk.", "Strategic developments",
     "Disrupted weapons use"),
    ("On Monday, shoot-outs took place in Bangu, Rio de Janeiro.", "Battles", "Armed clash"),
    # claims, arson and shots in the air
    ("On Monday, guards fired shots in the air near the border at Kastanies.", "Strategic developments", "Other"),
    ("On Monday, a group carried out an arson attack on a factory in Izmir.", "Strategic developments",
     "Looting/property destruction"),
    ("On Monday, the army claimed to have retaken the town of Palma.", "Battles", "Government regains territory"),
    # developments without fighting
    ("On Monday, the governor imposed a curfew on Aden.", "Strategic developments", "Other"),
    ("On Monday, militiamen destroyed four houses in Ngozi.", "Strategic developments",
     "Looting/property destruction"),
    ("On Monday, police carried out an arrest campaign in Sanaa.", "Strategic developments", "Arrests"),
])
def test_types_of_reports_from_other_conflicts(extractor, text, event_type, sub_type):
    events = extract(extractor, text)
    assert events and (events[0].event_type, events[0].sub_event_type) == (event_type, sub_type)


def test_a_town_and_its_state_are_one_place_and_a_neighbourhood_lies_in_its_town(extractor):
    (event,) = extract(extractor, "On Monday, in Culiacan, Sinaloa, two men were shot dead in Colonia Qwertyuiop.")
    assert event.location == "Culiacán" and event.iso2 == "MX"


def test_explicit_dates_beat_the_models_cut_down_ones(extractor):
    (event,) = extract(extractor, "Around 7 May 2020 (as reported), a man was shot dead in Bello, Antioquia.",
                       published=date(2020, 5, 10))
    assert (event.event_date, event.time_precision) == (date(2020, 5, 7), 1)


def test_a_name_and_its_area_agree_without_any_country_named(extractor):
    (event,) = extract(extractor, "On 6 May 2020, taxi drivers protested in San Antonio (Valparaiso).",
                       published=date(2020, 5, 9))
    assert event.iso2 == "CL"


def test_a_claim_that_is_no_taking_gives_no_territory(extractor):
    events = extract(extractor, "On Monday, forces claimed to have fired artillery shells at rebels near Marib.")
    assert events and events[0].sub_event_type == "Shelling/artillery/missile attack"


def test_a_container_read_inside_its_own_container(extractor):
    (event,) = extract(extractor, "On Monday, journalists protested in Hyderabad city (Hyderabad, Sindh).")
    assert event.iso2 == "PK"


def test_a_local_name_far_from_the_anchored_town_does_not_win(extractor):
    # "El Diamante" is a namesake elsewhere; the town anchored by its department is where it happened.
    (event,) = extract(extractor, "On Monday, in Tegucigalpa (Francisco Morazan), residents of El Diamante village "
                                  "beat a man.")
    assert event.iso2 == "HN"


def test_armed_targets_make_a_battle(extractor):
    (event,) = extract(extractor, "On Monday, unidentified gunmen shot dead a 1st lieutenant of the army in Daraa.")
    assert event.event_type == "Battles"


def test_acled_generic_actor_names(extractor):
    (event,) = extract(extractor, "On Monday, unidentified gunmen shot dead a man in Culiacan, Sinaloa.")
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group (Mexico)", "Civilians (Mexico)")
    assert event.evidence["actor1"][2] == "unidentified gunmen"
    (event,) = extract(extractor, "On Monday, demonstrators threw stones at police in Dakar.")
    assert event.actor1 == "Rioters (Senegal)"


def test_a_state_name_the_model_cut_in_two_is_one_container(extractor):
    (event,) = extract(extractor, "On Monday, in Tijuana, Baja California, about 200 workers demonstrated to demand "
                                  "their wages.")
    assert event.location == "Tijuana" and event.iso2 == "MX"
