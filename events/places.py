"""Place mentions in parsed text: named entities, plus names the NER model mislabels, recovered by patterns
("suburb of X", "town of X", "in X", "X Square") and kept only when the gazetteer knows them."""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
# Labels a place name is often mistaken for; accepted when a pattern or the gazetteer vouches for it.
MISLABELS = frozenset(("PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"))
# A capitalised name of up to five words; Arabic names may open with a lower-case article ("al-Hasakeh").
_ARTICLE = r"(?:al|el|ad|as|ash|az|an|ar)"
CAP = rf"(?:{_ARTICLE}[\-\s])?[A-Z][\w'’\-]*" \
      rf"(?:\s+(?:{_ARTICLE}|bin|ben|bani|de|du|la|of)?\s*[A-Z][\w'’\-]*){{0,4}}"
_AREA_OF = re.compile(rf"\b(?P<kind>suburbs?|towns?|city|cities|villages?|districts?|neighbou?rhoods?|areas?|"
                      rf"regions?|provinces?|governorates?|outskirts|countryside|camps?|port|oasis|municipality|"
                      rf"county|state|capital)\s+of\s+"
                      rf"(?P<name>{CAP})")
_STOP_BACK = frozenset(("on", "in", "at", "by", "to", "from", "with", "near", "and", "or", "into", "of", "for",
                        "over", "across", "around", "outside", "inside", "toward", "towards"))
_PREP_NAME = re.compile(rf"\b(?:in|at|near|outside|around|into|from|on|across|toward|towards|to|entrance to|"
                        rf"entry to)\s+(?:the\s+)?(?:(?P<adjective>rural|northern|southern|eastern|western|central|"
                        rf"downtown|greater)\s+)?(?P<name>{CAP})")
# "south of Bani Walid", "southern of Bani Walid", "north-west of X": near the place, not at it.
_COMPASS_OF = re.compile(rf"\b(?P<kind>(?i:(?:north|south)-?(?:east|west)?|east|west)(?i:ern|ward)?)\s+of\s+"
                         rf"(?:the\s+)?(?P<name>{CAP})")
# The ground taken: "Rebel forces take Ras Lanuf", "claims to control Brega".
_TAKEN = re.compile(rf"\b(?:take|takes|took|taken|taking|control|controls|controlled|controlling|seize[sd]?|"
                    rf"seizing|capture[sd]?|capturing|recapture[sd]?|enter(?:s|ed)?|storm(?:s|ed)?|retake[sn]?|"
                    rf"retook|reach(?:es|ed)?|besiege[sd]?|shell(?:s|ed)?|bomb(?:s|ed)?)\s+(?:the\s+)?"
                    rf"(?P<name>{CAP})")
_NAMED_AREA = re.compile(rf"(?P<name>{CAP})\s+(?P<word>district|neighbou?rhood|quarter|area|suburb|city|town|village|"
                         rf"subdivision|sub-district|subdistrict|municipality|province|governorate|county|commune|"
                         rf"upazila|taluka|tehsil|LGA|prefecture|department|region|countryside)\b")
# A part of a town named by its kind ("Colonia Mitras", "Barangay Santo Nino", "Congos neighbourhood"): it lies
# in the town the sentence names, or is not known.
_PART_PREFIX = re.compile(rf"\b(?P<name>(?:Colonia|Barangay|Barrio|Bairro|Morro|Jardim|Vila|Kebele|Mahalla|"
                          rf"Moholla|Sector|Fraccionamiento)\s+{CAP})")
_PART_WORDS = frozenset(("neighbourhood", "neighborhood", "quarter", "suburb"))
# Text between two names that puts the first inside or beside the second: "Paris, France", "Surman (Azzawya)",
# "Nasmah area (Almargeb)", "Al Sharidat village in Garabulli", "Al-Ghudwiyah near Nasmah".
_INSIDE = re.compile(r",\s*|\s+(?:area|district|subdistrict|sub-district|region|village|town|city|municipality|"
                     r"subdivision|province|governorate|county|commune|upazila|taluka|tehsil|department)?\s*\(|"
                     r"\s+(?:[a-z]+\s+)?(?:in|near)\s+(?:the\s+)?")
_AND_NAME = re.compile(rf"(?:,\s*|\s+and\s+)(?P<name>{CAP})")
# ACLED's "Surman (Azzawya)" and "Karu (Karu LGA, Nasarawa)": the areas in brackets.
_PARENTHESIS = re.compile(rf"\((?P<name>{CAP})(?:\s+LGA)?(?:,\s*(?P<name2>{CAP}))?\)")
_FACILITY = re.compile(rf"(?P<name>{CAP}\s+(?:Square|Street|Road|Bridge|Airport|Camp|Market|Mosque|Hospital|"
                       rf"District|Quarter|Base|Airbase|Port|Prison|Stadium|University|Roundabout|Centre|Center|"
                       rf"Compound|Barracks|Palace|Hotel|School|Church|Checkpoint|Junction|Refinery|Terminal))\b")
_GENERIC_WORDS = frozenset(("the", "a", "an", "this", "that", "monday", "tuesday", "wednesday", "thursday", "friday",
                            "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
                            "august", "september", "october", "november", "december", "he", "she", "it", "they",
                            "we", "i", "president", "minister", "general", "field", "marshal", "commander", "state",
                            "government", "army", "ministry", "council", "un", "u.n.", "eu", "western", "eastern",
                            "northern", "southern", "central", "west", "east", "north", "south"))
_GROUP_WORDS = frozenset(("brigade", "brigades", "battalion", "battalions", "militia", "militias", "forces", "army",
                          "council", "group", "unit", "units", "regiment", "division", "front", "party", "movement",
                          "tribe", "clan", "fighters", "rebels", "police", "force", "guards", "room", "shura"))
# A facility word alone ("control of Mosque") names no place; "Al-Nour Mosque" does.
_FACILITY_WORDS = frozenset(w.lower() for w in re.findall(r"[A-Z][a-z]+", _FACILITY.pattern))


@dataclass(frozen=True)
class PlaceSpan:
    start: int  # offsets in the article text
    end: int
    text: str
    source: str  # ner | pattern | mislabel | preposition | propn
    qualifier: str = ""  # "a suburb of", "outskirts of": the event is near/part of the place -> precision 2
    container: str = ""  # "the Tripoli suburb of X" -> "Tripoli"
    part: bool = False  # names a part of a town ("Colonia X", "X neighbourhood"): lies by the town named with it


def _strip_possessive(text: str) -> str:
    return re.sub(r"[’']s$", "", text).strip()


def _look_back(before: str) -> tuple[str, str]:
    """The determiner and capitalised words before an area word: ("the", "Tripoli") for "the southern
    Tripoli suburb"; stops at a preposition or comma."""
    words = re.findall(r"[\w'’.\-]+|,", before)[-5:]
    capitals: list[str] = []
    for word in reversed(words):
        lower = word.lower()
        if lower in ("a", "an", "one", "the", "this", "that"):
            return lower, " ".join(reversed(capitals))
        if word == "," or lower in _STOP_BACK:
            break
        if word[0].isupper():
            capitals.append(_strip_possessive(word))
    return "", " ".join(reversed(capitals))


_JOINER = re.compile(r"\s(?:(?:de|del|da|do|dos|das|di|a|y|sur|sul|de la|de los|de las)\s)?")


def _merge_adjacent(ordered: list[PlaceSpan], text: str, shift: int) -> list[PlaceSpan]:
    """Names the model cut in two ("Baja" "California", "Gracias" a "Dios", "Rio Grande do Sul") made one."""
    out: list[PlaceSpan] = []
    for span in ordered:
        last = out[-1] if out else None
        if last is not None and not last.container and _JOINER.fullmatch(text[last.end - shift:span.start - shift]):
            out[-1] = PlaceSpan(last.start, span.end, text[last.start - shift:span.end - shift], last.source,
                                last.qualifier, "", last.part)
            continue
        out.append(span)
    return out


def find_places(sent, offset: int = 0) -> list[PlaceSpan]:
    """Place spans in one spaCy sentence; offsets are shifted by `offset` into the article text."""
    text = sent.text
    base = sent.start_char
    spans: dict[tuple[int, int], PlaceSpan] = {}

    def add(start: int, end: int, source: str, qualifier: str = "", container: str = "", part: bool = False) -> None:
        name = _strip_possessive(text[start:end])
        first = re.sub(rf"^{_ARTICLE}[\-\s]", "", name)  # "al-Bukamal" is a name
        if not name or name.lower() in _GENERIC_WORDS or name.lower() in _FACILITY_WORDS or not first[:1].isupper():
            return
        end = start + len(name)
        for (s, e), existing in list(spans.items()):
            if s <= start and end <= e and (existing.qualifier or not qualifier):
                return  # already inside a longer span
            if start <= s and e <= end:
                del spans[(s, e)]
        spans[(start, end)] = PlaceSpan(start + base + offset, end + base + offset, name, source, qualifier,
                                        container, part)

    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS:
            add(ent.start_char - base, ent.end_char - base, "ner")
    for match in _AREA_OF.finditer(text):
        determiner, container = _look_back(text[:match.start("kind")])
        indefinite = determiner in ("a", "an", "one") or match.group("kind").lower() in ("outskirts", "suburbs")
        if indefinite:  # "a suburb of Tripoli": somewhere in Tripoli's area, not Tripoli itself
            add(match.start("name"), match.end("name"), "pattern", qualifier=f"{match.group('kind')} of")
        else:  # "the southern Tripoli suburb of Qaser Ben Ghasher": the named place, beside its container
            add(match.start("name"), match.end("name"), "pattern", container=container)
        more = _AND_NAME.match(text, match.end("name"))  # "the districts of Gwarsha and Ganfouda": each one
        if more:
            add(more.start("name"), more.end("name"), "pattern", qualifier="" if not indefinite else
                f"{match.group('kind')} of", container="" if indefinite else container)
    for match in _FACILITY.finditer(text):
        add(match.start("name"), match.end("name"), "pattern")
    for match in _NAMED_AREA.finditer(text):  # "Tripoli's Abu Salim district", "Rajkot city": the name
        add(match.start("name"), match.end("name"), "pattern", part=match.group("word").lower() in _PART_WORDS)
    for match in _PART_PREFIX.finditer(text):
        add(match.start("name"), match.end("name"), "pattern", part=True)
    for ent in sent.ents:  # NER's PERSON/ORG right after "in", "at", "near": maybe a place
        if ent.label_ in MISLABELS:
            before = text[max(0, ent.start_char - base - 8):ent.start_char - base].lower()
            found = re.search(r"\b(in|at|near|outside|of)\s+(the\s+)?$", before)
            if found:  # after "of" ("workers of Fyrsa") a name is a place only by its exact name
                add(ent.start_char - base, ent.end_char - base, "mislabel-of" if found.group(1) == "of" else "mislabel")
    for match in _PARENTHESIS.finditer(text):
        for group in ("name", "name2"):
            if match.group(group) and not any(s <= match.start(group) < e for s, e in spans):
                add(match.start(group), match.end(group), "preposition")
    for match in _PREP_NAME.finditer(text):
        if not any(s <= match.start("name") < e for s, e in spans):
            add(match.start("name"), match.end("name"), "preposition",
                qualifier="rural" if match.group("adjective") == "rural" else "")
    for _, end in sorted(spans):  # "in Misrata and Zliten": the names listed after a place
        more = _AND_NAME.match(text, end)
        if more and not any(s <= more.start("name") < e for s, e in spans):
            add(more.start("name"), more.end("name"), "preposition")
    for match in _COMPASS_OF.finditer(text):
        inside = next((k for k in spans if k[0] <= match.start("name") < k[1]), None)
        source = spans.pop(inside).source if inside else "preposition"
        add(match.start("name"), match.end("name"), source, qualifier=f"{match.group('kind').lower()} of")
    for match in _TAKEN.finditer(text):
        if not any(s <= match.start("name") < e for s, e in spans):
            add(match.start("name"), match.end("name"), "preposition")
    # A proper noun the NER model left unlabelled ("Soon Ajdabiya was in rebel control"): kept only when the
    # gazetteer knows a sizeable place by exactly that name.
    run: list = []
    for token in [*sent, None]:
        if token is not None and token.pos_ == "PROPN" and not token.ent_type_ and token.text[:1].isupper():
            run.append(token)
            continue
        if run:
            start, end = run[0].idx - base, run[-1].idx + len(run[-1].text) - base
            doc = sent.doc
            before = doc[run[0].i - 1] if run[0].i > sent.start else None
            after = doc[run[-1].i + 1] if run[-1].i + 1 < sent.end else None
            # Not part of a longer name ("Suq Al-Juma", "the National Accord", "Colonel Mahdi"), nor a unit's
            # name ("309 Tobruk brigade").
            part_of_name = any(t is not None and (t.text == "-" or t.ent_type_ or t.pos_ == "PROPN")
                               for t in (before, after))
            if before is not None and not part_of_name and (after is None or after.lower_ not in _GROUP_WORDS) and \
                    end - start >= 4 and not any(s < end and start < e for s, e in spans):
                add(start, end, "propn")
        run = []
    ordered = _merge_adjacent(sorted(spans.values(), key=lambda p: p.start), text, base + offset)
    # "Paris, France", "Sirte, Libya": the second names where the first lies.
    out = []
    for i, span in enumerate(ordered):
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        between = text[span.end - base - offset:following.start - base - offset] if following else ""
        # "Al Rahba camp in Tagiura", "Al Sharidat village in Garabulli": the first lies in the second.
        if following and not span.container and _INSIDE.fullmatch(between):
            span = PlaceSpan(span.start, span.end, span.text, span.source, span.qualifier, following.text, span.part)
        out.append(span)
    return out
