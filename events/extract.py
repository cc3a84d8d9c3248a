"""From an article to dated, geocoded events with their evidence.

    structure (paragraphs; dateline, captions, credits set apart)
    -> spaCy parse of each paragraph (nlp.pipe over many articles at once)
    -> place mentions, resolved with the article's country focus
    -> triggers, filtered (hypothetical, negated, quoted, figurative, background)
    -> arguments from the trigger's clause: where, when, how many, who, type
    -> one event per happening (same type, date and place merged)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from geo import Context, Resolver, load_resolver
from geo.normalize import name_keys
from geo.records import Candidate
from geo.resolver import haversine_km
from geo.sources import admin_short_name

from . import counts, when
from .actors import aliases, canonical, group_phrase, is_civilian
from .lexicon import (
    ARMED_PATTERN,
    ARMED_WORDS,
    CIVILIAN_WORDS,
    FIGURATIVE_OBJECTS,
    NOUN_TRIGGERS,
    STRATEGIC_NEEDS,
    TERRITORY_NOUN_FRAME,
    VERB_TRIGGERS,
    WEAPON_CUES,
    classify,
    has_cue,
)
from .model import Article, Event, Mention
from .nlp import load_nlp
from .places import PlaceSpan, find_places
from .structure import ROLE_BODY, Segment, segments

FAMILY_ORDER = ("territory", "kill", "clash", "attack", "protest", "riot", "abduct", "sexual", "harm", "arrest",
                "arrest_capture", "agreement", "strategic", "injure", "campaign")
# Verbs that report an attack only with a weapon or fighting word beside them ("hit the economy" is not one).
WEAK_VERBS = frozenset(("block", "barricade", "assemble", "stage", "drop", "claim", "reach", "enter",
                        "hit", "land", "crash", "rain", "fire", "target", "strike", "pound", "blast", "engage",
                        "gather", "march", "recover", "sign", "explode", "storm", "battle", "fight", "control",
                        "gain", "take", "win", "reclaim", "regain", "fall", "hold", "push", "destroy", "advance"))
WEAPON_WORDS = tuple(c for group, _ in WEAPON_CUES for c in group)
WEAK_VERB_CUES = (*WEAPON_WORDS, "clash", "gun", "fire")
PARTICLES_NOT_TAKING = frozenset(("off", "part", "place", "up", "out"))
# Heads whose infinitive happened: "continued to target", "claimed to have retaken".
REALIS_HEADS = frozenset(("continue", "begin", "start", "resume", "keep", "manage", "proceed", "go", "claim"))
# Words that make gathering, marching or blocking a protest: what people demand or denounce.
PROTEST_WORDS = r"\b(protest|demonstrat|rall(y|ied)|against|chant|demand|denounc|condemn|commemorat|slogans?|" \
                r"banners?|placards?|sit-in|strike|grievance|call(ed|ing)? for|in support of|support|solidarity|" \
                r"opposition to|reject|repudiat|complain|accus|celebrat|ask(ed|ing)? for|express(ed|ing)?)"
PROPERTY = r"^(houses?|homes?|shops?|stores?|crops|property|buildings?|offices?|vehicles?|cars?|markets?|churches|" \
           r"mosques?|schools?)$"
BODY_FOUND = re.compile(r"\b(bod(y|ies)|corpses?|dead|remains|head)\b(?!.*\bmass graves?\b)")
WEAPON_OBJECTS = frozenset(("cache", "weapons", "weapon", "arms", "ammunition", "explosives", "ied", "ieds", "mines",
                            "bombs", "rockets", "missiles", "munitions", "drugs", "drone", "drones"))
PROTEST_FORMS = frozenset(("procession", "march", "rally", "convoy", "caravan", "motorcade", "vigil", "camp",
                           "action", "sit", "gathering", "meeting", "movement"))
HABITUAL = frozenset(("regularly", "often", "frequently", "usually", "routinely", "sometimes", "occasionally",
                      "repeatedly", "constantly", "always", "never"))
HYPOTHETICAL_AUX = frozenset(("would", "could", "might", "may", "should", "will", "must", "can", "shall"))
HYPOTHETICAL_WORDS = re.compile(r"\b(likelier|likely|unlikely|threat(en)?s?|warn(s|ed)?|fear(s|ed)?|"
                                r"plan(s|ned|ning)?|possible|possibility|risk|prepar(e|ing)|vow(s|ed)?|"
                                r"call(s|ed|ing)? for|demand(s|ed)?)\b", re.I)
AGREEMENT_OBJECTS = ("ceasefire", "cease-fire", "truce", "agreement", "deal", "accord", "peace")
KIND_SPECIFICITY = {"custom": 0, "airport": 0, "town": 1, "district": 2, "admin area": 3, "country": 4,
                    "continent": 5, "online": 1}
# A running total ("at least seven had been killed as of Tuesday") sums many events; it is not one.
CUMULATIVE = re.compile(r"\b(as of|so far|to date|since the (start|beginning|outbreak)|in total|altogether|"
                        r"overall|in all)\b", re.I)
VARIANT_ALONE_POP = 5_000
# Place spans only a pattern suggested: kept only when the gazetteer confirms them.
GUESSED_SOURCES = frozenset(("mislabel", "mislabel-of", "preposition", "propn"))
NEAR_KM = 60  # "the Tripoli suburb of X" lies this close to Tripoli
CONTAINER_READINGS = 3
CONTAINER_TIE = 0.6
PROPN_MIN_POP = 10_000
PART_KM = 40  # a neighbourhood lies this close to its town
KIND_SUFFIX = re.compile(r"\s+(?:city|town|village|municipality|district|province|governorate|county|region|area)$",
                         re.I)
INCOHERENT_KM = 100  # a place this far from the sentence's anchored places is probably a misreading
# Articles and feature words that begin many names: never a place by themselves.
GENERIC_LEADS = frozenset(("colonia", "barangay", "barrio", "bairro", "morro", "jardim", "vila", "villa", "comunidad",
                           "sector", "zona", "tall", "tel", "kafr", "deir", "khirbet", "beit", "hayy", "mahalla",
                           "al", "el", "as", "ash", "az", "ad", "an", "ar", "the", "new", "old", "wadi", "jabal",
                           "jebel", "ras", "bir", "ain", "sidi", "tal", "tell", "suq", "souk", "bab", "qasr", "mount",
                           "lake", "river", "port", "camp", "saint", "san", "santa", "fort", "abu", "umm", "bani",
                           "beni", "wadi al", "north", "south", "east", "west", "upper", "lower", "great"))
QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"")
ACTOR_MODIFIER = re.compile(r"(?:\s+and\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)*[\s-]+(?:-backed\s+|-led\s+)?"
                            r"(?:forces|troops|army|military|soldiers|jets|warplanes|aircraft|navy|officials|"
                            r"government|authorities|embassy|nationals|citizens|diplomats?|coalition|militias?)\b")
# Where people went or came from is not where the event happened.
ELSEWHERE = re.compile(r"(?<!entrance )(?<!entry )\b(toward|towards|from|to|for)\s+(the\s+)?$")
MAX_ARTICLE_CHARS = 1_000_000  # a news article is far shorter; longer input is refused with a message


@dataclass
class Extraction:
    article: Article
    events: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        out = {"id": self.article.id, "events": [e.to_dict() for e in self.events],
               "mentions": [m.to_dict() for m in self.mentions]}
        if self.error:
            out["error"] = self.error
        return out


@dataclass
class _Place:
    span: PlaceSpan
    role: str
    sentence: int  # index in the article's sentence list
    paragraph: int
    resolution: object = None  # geo Resolution
    paired: bool = False  # resolved in agreement with its container ("X (Y)", "X, Y")


class Extractor:
    """Holds the model and the gazetteer; extract() and extract_many() are the work."""

    def __init__(self, nlp=None, resolver: Resolver | None = None):
        self.nlp = nlp or load_nlp()
        self.resolver = resolver or load_resolver()

    # -- public -------------------------------------------------------------------------------------------
    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Extraction]:
        """Extractions in input order; the paragraphs of many articles go through nlp.pipe together."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    # -- pipeline -----------------------------------------------------------------------------------------
    def _batch(self, articles: list[Article]) -> Iterator[Extraction]:
        plans = []
        texts = []
        for article in articles:
            if len(article.text or "") > MAX_ARTICLE_CHARS:
                plans.append((article, None, []))  # refused below with a message; nothing parsed
                continue
            text = _clean_text(article.text)
            segs = [s for s in segments(text) if s.end > s.start]
            segs = _mark_title(segs, text, article.title)
            plans.append((article, text, segs))
            texts.extend(text[s.start:s.end] for s in segs)
        docs = iter(self.nlp.pipe(texts, batch_size=256)) if texts else iter(())
        for article, text, segs in plans:
            if text is None:
                yield Extraction(article, error=f"article text is {len(article.text):,} characters, over the "
                                                f"{MAX_ARTICLE_CHARS:,} limit: split it into articles")
                continue
            paragraphs = [(seg, next(docs)) for seg in segs]
            try:
                yield self._article(article, text, paragraphs)
            except Exception as exc:  # one bad article never stops a batch
                yield Extraction(article, error=f"extraction failed: {type(exc).__name__}: {exc}")

    def _article(self, article: Article, text: str, paragraphs: list[tuple[Segment, object]]) -> Extraction:
        known_aliases = aliases(text)
        sentences = []  # (paragraph index, segment, sentence span)
        places: list[_Place] = []
        for p_index, (seg, doc) in enumerate(paragraphs):
            for sent in doc.sents:
                s_index = len(sentences)
                sentences.append((p_index, seg, sent))
                role = seg.role if seg.role != ROLE_BODY else "other"
                for span in find_places(sent, offset=seg.start):
                    places.append(_Place(span, role, s_index, p_index))
        person_names = {word for _, _, sent in sentences for ent in sent.ents if ent.label_ == "PERSON"
                        for word in (ent.text, *ent.text.split())}
        focus = self._resolve_places(places, person_names)
        events = []
        paragraph_date: dict[int, tuple[when.When | None, bool, tuple | None]] = {}
        lede_seen = False
        last_paragraph = -1
        for s_index, (p_index, seg, sent) in enumerate(sentences):
            if seg.role != ROLE_BODY:
                continue
            date_info = self._sentence_date(sent, seg.start, article.published)
            if date_info[0] is None and not date_info[1] and p_index in paragraph_date:
                date_info = paragraph_date[p_index]  # a sentence without a date takes its paragraph's
            paragraph_date[p_index] = date_info
            if date_info[1] and date_info[0] is None:  # "in 2011", "in the 1980s": background
                for place in places:
                    if place.sentence == s_index and place.role == "other":
                        place.role = "background"
            event = self._sentence_event(article, text, sent, seg, s_index, p_index, places, date_info,
                                         known_aliases, focus)
            if event and not lede_seen:  # the lede reports the main event: an edge among equals
                event.confidence = round(min(event.confidence + 0.05, 1.0), 2)
            lede_seen = True
            if event is None and events and last_paragraph == p_index and not events[-1].fatalities and \
                    re.search(r"\bfatalit(y|ies)\b", sent.text, re.I):
                _add_toll(events[-1], sent, seg.start)  # ACLED's closing "1 fatality."
            if event and events and last_paragraph == p_index and _follow_up(event, places, s_index):
                _absorb(events[-1], event)
            elif event:
                events.extend(_per_place(event, _coordinated(text, places, event, s_index)))
                last_paragraph = p_index
        for event in events:
            _narrow(event, places)
        return Extraction(article, _merge(events), self._mentions(places, events))

    # -- places -------------------------------------------------------------------------------------------
    def _resolve_places(self, places: list[_Place], person_names: set[str]) -> dict[str, float]:
        """Resolve every mention twice: once plainly to learn the article's countries, then with that focus."""
        weights: Counter = Counter()
        plain: dict[tuple, tuple] = {}  # names repeat within an article: resolve each once per context
        for place in places:
            if place.role in ("dateline", "caption", "credit") or _acronym(place.span.text):
                continue
            key = (place.span.text, place.span.container)
            if key not in plain:
                # A name with its container ("San Antonio (Valparaiso)") is read as a pair, which says more
                # about the country than either name alone.
                pair, pair_ctx = self._resolve_contained(place.span, {}) if place.span.container else (None, None)
                agreed = pair is not None and _constrained(pair_ctx)
                plain[key] = (pair, True) if agreed else (self.resolver.resolve(place.span.text), False)
            res, paired = plain[key]
            if res and (res.match in ("exact", "loose") or paired) and place.span.source != "propn" and (
                    place.span.source in ("ner", "pattern") or res.place.population >= 1000 or paired):
                # Strict matches only: loose spellings say little about the country.
                weight = 1.0 / (1.0 + 0.15 * place.paragraph)
                weights[res.place.country_code] += weight * (2.0 if res.place.kind == "country" else 1.0)
        focus = dict(weights)
        strong = _strong(focus)
        resolved: dict[tuple[str, str], tuple] = {}
        # "Hyderabad city (Hyderabad, Sindh)": the container has a container of its own.
        outer_of = {p.span.text: p.span.container for p in places if p.span.container}
        for place in places:
            key = (place.span.text, place.span.container)
            if key not in resolved:
                resolved[key] = self._resolve_contained(place.span, focus, outer_of)
            res, ctx = resolved[key]
            constrained = _constrained(ctx)
            place.paired = bool(place.span.container) and constrained and res is not None
            if res and _acronym(place.span.text) and res.place.kind not in ("country", "admin area"):
                res = None  # "Islamic State (IS)": an acronym is a group, not the town Is
            if res and place.span.source == "propn" and not (
                    res.match == "exact" and res.query == place.span.text and (
                        res.place.population >= (PROPN_MIN_POP if strong else 10 * PROPN_MIN_POP) or
                        res.place.kind in ("custom", "country"))):
                # An unlabelled capitalised word ("God", "Al") is a place only if a sizeable one has exactly
                # that name, in the article's countries or, with none known, a large one.
                res = None
            if res and place.span.source == "mislabel-of" and res.match not in ("exact", "loose"):
                res = None
            if res and place.span.source in GUESSED_SOURCES:
                # Names only a pattern suggested must lie in the article's countries if it has any.
                in_focus = res.place.country_code in strong
                if strong and not in_focus and not constrained:
                    res = None
            if res and res.match in ("variant", "fuzzy") and not constrained and \
                    res.place.country_code not in strong and (strong or res.place.population < VARIANT_ALONE_POP):
                # A loose spelling is trusted inside the article's countries; with no country known at all,
                # only for a sizeable town.
                res = None
            if res and res.match in ("variant", "fuzzy") and place.span.source != "pattern" and \
                    place.span.text in person_names:
                res = None  # "Shanahan" is the Defense Secretary, not a town spelled like him
            place.resolution = res
        for place in places:  # "Colonia X", "X neighbourhood": by the town the sentence names, or unknown
            if place.span.part and place.resolution is not None:
                towns = [p.resolution.place for p in places if p.sentence == place.sentence and not p.span.part
                         and p.resolution is not None and p.resolution.place.kind in ("town", "custom")]
                if towns and all(float(haversine_km(place.resolution.place.latitude, place.resolution.place.longitude,
                                                    t.latitude, t.longitude)) > PART_KM for t in towns):
                    place.resolution = None
        return focus

    def _resolve_contained(self, span: PlaceSpan, focus: dict[str, float], outer_of: dict | None = None) -> tuple:
        """(resolution, context) of a name, inside its container when it has one ("Paris, France", "Al-Swani
        (Aljfara)", "the Tripoli suburb of X"): the container's readings are tried best first, and the first
        under which the name itself resolves wins, so the pair agrees even with no country named."""
        plain = Context(focus=focus)
        if len(span.container) < 3:
            return self._resolve_span(span.text, plain, not span.part), plain
        readings = self.resolver.candidates(span.container, plain, limit=CONTAINER_READINGS)
        # Other readings of the container only where it is truly ambiguous (scores within a near tie).
        readings = [r for r in readings if r.score >= readings[0].score - CONTAINER_TIE]
        outer = (outer_of or {}).get(span.container)
        if outer and outer != span.text:  # the container read inside its own container comes first
            inner, inner_ctx = self._resolve_contained(PlaceSpan(0, 0, span.container, "pattern", container=outer),
                                                       focus)
            if inner is not None and _constrained(inner_ctx):
                readings = [Candidate(inner.place, inner.score, inner.match),
                            *(r for r in readings if r.place != inner.place)]
        for outer in readings:
            place = outer.place
            countries = frozenset({place.country_code})
            if place.kind == "country":  # "Paris, France"
                ctx = Context(focus=focus, countries=countries)
            elif place.kind == "admin area":  # "Springfield, Illinois"
                ctx = Context(focus=focus, countries=countries, admin1=place.name)
            elif place.kind in ("town", "custom"):  # "the Tripoli suburb of X"
                ctx = Context(focus=focus, near=((place.latitude, place.longitude),))
            else:
                continue
            res = self._resolve_span(span.text, ctx, not span.part)
            if res is not None and place.kind == "town" and float(haversine_km(
                    res.place.latitude, res.place.longitude, place.latitude, place.longitude)) > NEAR_KM:
                res = None
            if res is None and place.kind == "town" and place.admin1 and \
                    name_keys(admin_short_name(place.admin1))[1] == name_keys(span.container)[1]:
                # "Bani Walid (Misrata)": a town named like its province stands for the province too.
                ctx = Context(focus=focus, countries=countries, admin1=place.admin1)
                res = self._resolve_span(span.text, ctx, not span.part)
            if res is None:
                continue
            return res, ctx
        if readings and readings[0].place.kind in ("town", "custom"):
            return None, plain  # "the Tripoli suburb of X" lies by Tripoli or is not known
        return self._resolve_span(span.text, plain, not span.part), plain

    def _resolve_span(self, text: str, ctx: Context, partial: bool = True):
        """The span as written; else without a possessive "s" (ACLED writes "Benghazis"); else its longest
        leading words that name a place strictly ("Benghazi Medical Centre" lies in Benghazi)."""
        res = self.resolver.resolve(text, ctx)
        if res is not None and res.match in ("exact", "loose"):
            return res
        if text.endswith("s") and len(text) > 4:
            stripped = self.resolver.resolve(text[:-1], ctx)
            if stripped is not None and stripped.match in ("exact", "loose"):
                return stripped  # "Libyas" is Libya's, not a loose spelling of Libuš
        kind_word = KIND_SUFFIX.search(text)
        if kind_word:  # "Ponce city", "Oyem town": the name without its kind word, when that is exact
            bare = self.resolver.resolve(text[:kind_word.start()], ctx)
            if bare is not None and bare.match in ("exact", "loose"):
                return bare
        if res is not None:
            return res
        words = text.split() if partial else []  # a part of a town ("Colonia X") is not its first word
        for n in range(len(words) - 1, 0, -1):
            lead = " ".join(words[:n])
            if len(lead) < 4 or all(w.lower() in GENERIC_LEADS for w in words[:n]):
                continue  # "Al" of "Al Sharidat", "Wadi" of "Wadi Marsit" name nothing by themselves
            res = self.resolver.resolve(lead, ctx)
            if res is not None and res.match in ("exact", "loose") and res.place.kind not in ("country", "continent"):
                # The rest of the name is unknown, so the part must lie where the article is.
                if not ctx.focus or res.place.country_code in _strong(ctx.focus) or ctx.countries or ctx.near:
                    return res
        return None

    def _event_place(self, sent, seg_start: int, trigger, places: list[_Place], s_index: int,
                     p_index: int) -> _Place | None:
        doc = sent.doc
        # "US and UK forces fire...": a place naming whose forces they are is an actor, not where it happened.
        here = [p for p in places if p.sentence == s_index and p.resolution is not None
                and not ACTOR_MODIFIER.match(doc.text[p.span.end - seg_start:p.span.end - seg_start + 80])]
        if not here:  # the nearest place named in the same paragraph, earlier sentences first
            nearby = [p for p in places if p.paragraph == p_index and p.resolution and p.role in ("other", "event")
                      and p.resolution.place.kind not in ("country", "continent")]
            nearby.sort(key=lambda p: (p.sentence > s_index, abs(p.sentence - s_index)))
            return nearby[0] if nearby else None
        clause = {t.i for t in _clause(trigger)}
        containers = {p.span.container for p in here if p.span.container}
        anchors = [p.resolution.place for p in here if p.paired]

        def incoherent(place: _Place) -> bool:
            """Far from every place the sentence anchors by a pair: a local name read as some namesake."""
            if not anchors or place.paired or place.span.text in containers:
                return False
            pl = place.resolution.place
            return all(float(haversine_km(pl.latitude, pl.longitude, a.latitude, a.longitude)) > INCOHERENT_KM
                       for a in anchors)

        def rank(place: _Place):
            res = place.resolution
            start = place.span.start - seg_start
            token = doc.char_span(start, start + 1, alignment_mode="expand")
            in_clause = bool(token) and token[0].i in clause
            specificity = KIND_SPECIFICITY.get(res.place.kind, 3) + (2 if place.span.qualifier else 0) + \
                (1 if place.span.text in containers else 0)  # "the Tripoli suburb of X": X, not Tripoli
            before = doc.text[max(0, start - 12):start].lower()
            elsewhere = bool(ELSEWHERE.search(before))  # "flee toward Benghazi", "operating from Sirte"
            return (incoherent(place), elsewhere, not in_clause, specificity,
                    abs((token[0].i if token else 0) - trigger.i))

        return min(here, key=rank)

    # -- dates --------------------------------------------------------------------------------------------
    def _sentence_date(self, sent, seg_start: int, published: date | None):
        """(When or None, is_background, evidence span) for a sentence's date expressions."""
        background = False
        best = None
        for start, end, expression in when.date_spans(sent.text, [
                (e.start_char - sent.start_char, e.end_char - sent.start_char) for e in sent.ents
                if e.label_ in ("DATE", "TIME")]):
            start, end = start + sent.start_char, end + sent.start_char  # offsets in the segment
            if when.background_year(expression, published) or _background_phrase(sent.doc.text, start, expression):
                background = True
                continue
            resolved = when.resolve(expression, published)
            if resolved and (best is None or resolved.precision < best[0].precision):
                best = (resolved, (seg_start + start, seg_start + end, expression))
        if best:
            return best[0], False, best[1]
        return None, background, None

    # -- events -------------------------------------------------------------------------------------------
    def _sentence_event(self, article, text, sent, seg, s_index, p_index, places, date_info, known_aliases,
                        focus) -> Event | None:
        sentence_text = sent.text
        lower = sentence_text.lower()
        quoted = [(m.start(), m.end()) for m in QUOTES.finditer(sentence_text)]
        triggers = []
        for token in sent:
            family = _family(token, lower)
            if not family:
                continue
            offset = token.idx - sent.start_char
            if any(a <= offset < b for a, b in quoted) or _irrealis(token) or _figurative(token, lower):
                continue
            triggers.append((FAMILY_ORDER.index(family), token, family))
        if not triggers:
            return None
        when_, background, date_span = date_info
        if background and when_ is None:
            return None
        triggers.sort(key=lambda t: t[0])
        _, trigger, family = triggers[0]
        doc_offset = seg.start  # doc char offsets are relative to the segment
        named = [(p.span.start - doc_offset, p.span.end - doc_offset) for p in places
                 if p.sentence == s_index and p.resolution is not None]
        taken = _victims(trigger)
        if family == "territory" and taken and not _ground_taken(taken, named):
            if any(t.lemma_.lower() in WEAPON_OBJECTS or t.lower_ in WEAPON_OBJECTS for v in taken for t in v.subtree):
                family = "strategic"  # "seized a cache of weapons": disrupted weapons use
            elif len(triggers) > 1:  # "1 was taken hostage after an attack": the attack is the event
                _, trigger, family = triggers[1]
        if family == "attack" and trigger.lemma_.lower() in ("storm", "raid") and \
                any(f in ("arrest", "arrest_capture") for _, _, f in triggers):
            # "stormed a house and arrested four brothers": a raid to arrest
            trigger, family = next((t, f) for _, t, f in triggers if f in ("arrest", "arrest_capture"))
        if family == "kill" and len(triggers) == 1 and CUMULATIVE.search(sentence_text):
            return None
        if family == "injure" and not any(f == "kill" for _, _, f in triggers):
            family = "attack"
        place = self._event_place(sent, seg.start, trigger, places, s_index, p_index)
        res = place.resolution if place else self._focus_country(focus)
        victims = _victims(trigger)
        civilian = family not in ("protest", "arrest", "agreement", "territory") and (
            any(is_civilian(v) for v in victims) or _civilian_objects(sent, trigger) or (family == "kill" and any(
                re.search(rf"\b{w}\b", lower) for w in ("children", "civilians", "residents", "women"))))
        country = res.place.country if res else ""
        actor1, actor2, actor_spans = _actors(sent, trigger, family, victims, known_aliases, country,
                                              civilian, doc_offset)
        armed = _armed_objects(trigger, victims)
        if family == "territory" and victims and not _ground_taken(victims, named):
            # "officers were seized", "captured two fighters": people, not ground
            family = "abduct" if civilian or any(is_civilian(v) for v in victims) else "arrest_capture"
        event_type, sub_type = classify(family, lower, civilian, actor1, armed, trigger.lemma_.lower())
        actor1, actor2 = _acled_actor_names(event_type, actor1, actor2, lower, country)
        fat = counts.fatalities(sentence_text) if family in ("kill",) or re.search(
            r"\b(killed|killing|dead|died|death toll)\b", lower) else None
        crowd = counts.crowd_size(sentence_text) if event_type == "Protests" else None
        if fat and crowd and event_type == "Protests" and fat.start == crowd.start:
            fat = None
        if when_ is None:
            if article.published is None:
                return None
            when_ = when.When(article.published, 2)  # no date in the text: the week up to publication
        precision = max(res.precision, 2 if place and place.span.qualifier else 1) if res else 3
        s0 = doc_offset + sent.start_char
        evidence = {
            "sentence": [s0, s0 + len(sentence_text), sentence_text],
            "trigger": [doc_offset + trigger.idx, doc_offset + trigger.idx + len(trigger.text), trigger.text],
        }
        if place:
            evidence["location"] = [place.span.start, place.span.end, place.span.text]
        if date_span:
            evidence["event_date"] = list(date_span)
        if fat:
            evidence["fatalities"] = [s0 + fat.start, s0 + fat.end, sentence_text[fat.start:fat.end]]
        if crowd:
            evidence["crowd_size"] = [s0 + crowd.start, s0 + crowd.end, sentence_text[crowd.start:crowd.end]]
        evidence.update(actor_spans)
        # Confidence grows with the evidence found in the sentence itself (a rough, monotone score).
        confidence = 0.3 + (0.2 if trigger.pos_ == "VERB" else 0.1) + (0.2 if date_span else 0.0) + \
            (0.15 if precision == 1 else 0.05 if res else -0.2) + \
            (0.1 if place and place.sentence == s_index else 0) + \
            (0.05 if actor1 else 0.0)
        return Event(
            event_date=when_.day, time_precision=when_.precision, event_type=event_type, sub_event_type=sub_type,
            location=res.place.name if res else "", latitude=res.place.latitude if res else None,
            longitude=res.place.longitude if res else None, geo_precision=precision, country=country,
            iso2=res.place.country_code if res else "", admin1=res.place.admin1 if res else "",
            admin2=res.place.admin2 if res else "", actor1=actor1, actor2=actor2,
            civilian_targeting="Civilian targeting" if civilian and event_type != "Protests" else "",
            fatalities=fat.best if fat else 0, fatalities_low=fat.low if fat else 0,
            fatalities_high=fat.high if fat else 0, crowd_size=crowd.best if crowd else None,
            notes=sentence_text.strip(), source=article.source, source_url=article.url,
            geonameid=res.place.geonameid if res else None, confidence=round(min(confidence, 1.0), 2),
            evidence=evidence,
        )

    def _focus_country(self, focus: dict[str, float]):
        """With no place in the sentence or paragraph: the article's main country, at precision 3."""
        if not focus:
            return None
        top = max(focus, key=focus.get)
        if focus[top] < 1.5 or top == "":
            return None
        return self.resolver.resolve(self.resolver.index.meta["country_names"].get(top, top),
                                     Context(countries=frozenset({top})))

    def _mentions(self, places: list[_Place], events: list[Event]) -> list[Mention]:
        used = {tuple(e.evidence["location"][:2]) for e in events if "location" in e.evidence}
        out = []
        for place in places:
            res = place.resolution
            role = place.role
            if role == "other" and (place.span.start, place.span.end) in used:
                role = "event"
            if res is None and place.span.source in GUESSED_SOURCES:
                continue  # a pattern's guess the gazetteer did not confirm is no place
            out.append(Mention(
                place.span.text, place.span.start, place.span.end, role,
                name=res.place.name if res else None, latitude=res.place.latitude if res else None,
                longitude=res.place.longitude if res else None,
                country_code=res.place.country_code if res else None, admin1=res.place.admin1 if res else None,
                kind=res.place.kind if res else None, precision=res.precision if res else None,
                geonameid=res.place.geonameid if res else None))
        return out


# -- helpers (pure, on spaCy tokens) ----------------------------------------------------------------------
def _acronym(text: str) -> bool:
    return text.isupper() and len(text.replace(".", "")) <= 4


def _constrained(ctx: Context) -> bool:
    """The context limits where a name may lie (a country, an admin area or a nearby place)."""
    return bool(ctx.countries or ctx.admin1 or ctx.near)


def _strong(focus: dict[str, float]) -> set[str]:
    """The article's main countries: within a fifth of the top weight."""
    top = max(focus.values(), default=0.0)
    return {cc for cc, w in focus.items() if w >= 0.2 * top}


def _clean_text(text: str) -> str:
    text = (text or "")[:MAX_ARTICLE_CHARS]
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)


def _mark_title(segs: list[Segment], text: str, title: str) -> list[Segment]:
    if segs and title and text[segs[0].start:segs[0].end].strip() == title.strip():
        return [Segment(segs[0].start, segs[0].end, "title"), *segs[1:]]
    return segs


def _family(token, lower_sentence: str) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        family = VERB_TRIGGERS.get(lemma)
        if lemma in ("find", "discover", "recover", "retrieve", "dump", "leave", "abandon") and \
                BODY_FOUND.search(lower_sentence):
            return "kill"  # "the body of a man was found": a killing reported by its victim
        if lemma == "disappear" and (any(c.dep_ == "dobj" for c in token.children) or "forcibl" in lower_sentence):
            return "abduct"  # "forces forcibly disappeared a citizen"
        if lemma == "charge" and re.search(r"\b(baton|lathi|cane)", lower_sentence):
            return "harm"  # "troopers baton charged traders"
        if family is None or (token.dep_ == "amod" and family != "kill"):  # "shoulder-fired weapons" describe
            return None
        if family == "harm" and re.search(r"\bto death\b", lower_sentence):
            return "kill"  # "beaten to death"
        if lemma == "destroy" and not has_cue(lower_sentence, WEAPON_WORDS) and \
                any(c.dep_ in ("dobj", "nsubjpass") and re.search(PROPERTY, c.lower_) and not re.search(
                    ARMED_PATTERN + r"|\brebel|\bheadquarters", " ".join(t.lower_ for t in c.subtree))
                    for c in token.children):
            return "strategic"  # "destroyed 4 houses": property destruction, unless armed men used them
        if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            return "strategic"  # "shot down a drone": disrupted weapons use
        if family == "strategic" or lemma in STRATEGIC_NEEDS:  # verbs that need their words ("tear down")
            return family if re.search(STRATEGIC_NEEDS.get(lemma, "."), lower_sentence) else None
        if lemma in WEAK_VERBS:
            if family == "protest":
                return family if re.search(PROTEST_WORDS, lower_sentence) else None
            if family == "agreement":
                return family if any(w in lower_sentence for w in AGREEMENT_OBJECTS) else None
            if family == "territory":
                if lemma == "fall":
                    return family if re.search(r"\b(fell|falls|fallen|falling) to\b", lower_sentence) else None
                if token.dep_ in ("acl", "amod") or any(c.lower_ in PARTICLES_NOT_TAKING and c.dep_ in ("prt", "dobj")
                                                        for c in token.children):  # "took place", "taking off"
                    return None  # "areas controlled by X" describes; "taking off" is no taking
                if lemma in ("claim", "reach", "enter"):
                    # Only with the ground as object: "claimed it was a target" takes nothing.
                    return family if any(c.dep_ == "dobj" and (_is_ground(c) or c.pos_ == "PROPN")
                                         for t in (token, *token.conjuncts) for c in t.children) else None
                if lemma == "hold":  # "held a demonstration" takes nothing; "hold full control of X" does
                    return family if re.search(r"\bcontrol\b", lower_sentence) else None
                if lemma in ("control", "gain", "take", "win", "reclaim", "regain"):
                    # "take Ras Lanuf": a named object, which the small model often calls a person
                    takes_place = any(c.dep_ == "dobj" and (c.ent_type_ in ("GPE", "LOC", "FAC") or (
                        c.pos_ == "PROPN" and c.ent_type_ not in ("ORG", "NORP", "DATE"))) for c in token.children)
                    return family if takes_place or re.search(
                        r"\b(control|ground|gains|towns?|city|cities|villages?|areas?|airbase|base|airport|port|"
                        r"districts?|neighbou?rhoods?|positions?|headquarters|territory|buildings?|camp|"
                        r"strongholds?|edge|cent(re|er)|compound|outskirts)\b",
                        lower_sentence) or "control" in lower_sentence else None
                return family if re.search(r"\b(town|city|village|area|base|airport|control|port|district|"
                                           r"neighbou?rhood|headquarters|positions?|strongholds?|compound|"
                                           r"factory|facility)\b", lower_sentence) else None
            if lemma == "push":
                return family if re.search(r"\bpush\w*\b.*\bback\b", lower_sentence) else None
            if not has_cue(lower_sentence, WEAK_VERB_CUES) and not re.search(ARMED_PATTERN, lower_sentence):
                return None
        return family
    if token.pos_ in ("NOUN", "PROPN"):
        family = NOUN_TRIGGERS.get(lemma) or NOUN_TRIGGERS.get(token.lower_)
        if lemma in ("sit", "shoot") and token.i + 2 < len(token.doc) and token.nbor(1).text == "-":
            second = token.nbor(2).lower_  # "stage a sit-in", "a shoot-out took place"
            return "protest" if (lemma, second) == ("sit", "in") else "clash" if second in ("out", "outs") else None
        if lemma in ("patrol", "exercise", "drill") and token.head.lemma_.lower() in ("conduct", "carry", "launch",
                                                                                    "run", "hold", "stage"):
            return "strategic"  # "conducted a joint patrol", "held military exercises"
        if family == "arrest" and token.dep_ == "compound" and token.head.lemma_.lower() in (
                "campaign", "raid", "operation", "drive", "sweep"):
            return family  # "an arrest campaign"
        if family == "territory":
            return family if TERRITORY_NOUN_FRAME.search(lower_sentence) else None
        if lemma == "charge" and token.head.lemma_.lower() in ("launch", "mount", "lead"):
            return "campaign"  # "launch a fresh charge"
        if family == "campaign":
            return family if token.dep_ in ("nsubj", "dobj", "pobj") and token.head.lower_ != "of" else None
        if family == "protest" and token.dep_ == "compound" and token.head.lemma_.lower() in PROTEST_FORMS:
            return family  # "a protest procession", "a protest march"
        if family in ("attack", "clash", "protest", "riot", "abduct", "arrest") and token.dep_ in (
                "nsubj", "nsubjpass", "dobj", "pobj", "ROOT", "attr", "conj", "appos"):
            return family
        if _headline_verb(token):
            return VERB_TRIGGERS.get(lemma) if VERB_TRIGGERS.get(lemma) in ("clash", "attack", "territory",
                                                                             "protest") else None
    return None


def _headline_verb(token) -> bool:
    """A verb the tagger took for a noun in clipped news style: "Rebel forces battle security forces"."""
    if token.i == 0 or token.i + 1 >= len(token.doc):
        return False
    before, after = token.nbor(-1), token.nbor(1)
    verbless = token.sent.root.pos_ not in ("VERB", "AUX")  # "Members of a tribe protest Gaddafi."
    return (before.lower_ in ARMED_WORDS or verbless) and after.pos_ in ("DET", "NOUN", "PROPN", "ADJ", "NUM") and \
        token.tag_ in ("NN", "NNS") and token.dep_ == "compound"


def _irrealis(token) -> bool:
    """Hypothetical, negated, intended or future: "is likelier", "could not", "to seize", "will attack"."""
    # An infinitive's head governs it ("could not afford to attack"); a clause's head does not ("fighting
    # raged, no casualties were reported" says nothing about the fighting).
    chain = [token, token.head] if token.dep_ in ("xcomp", "pcomp") else [token]
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in ("aux", "auxpass") and child.lemma_.lower() in HYPOTHETICAL_AUX:
                return True
            if child.dep_ == "aux" and child.tag_ == "TO" and not (
                    t.dep_ == "xcomp" and t.head.lemma_.lower() in REALIS_HEADS) and not (
                    t.dep_ == "advcl" and VERB_TRIGGERS.get(t.lemma_.lower()) == "protest"):
                # "to seize" is intended; "continued to target" happened; "banged pots to protest" protests
                return True
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return True
            if child.dep_ == "advmod" and child.lower_ in HABITUAL:  # "is regularly attacked"
                return True
    if token.dep_ in ("xcomp",) and token.head.lemma_.lower() in ("plan", "threaten", "vow", "want", "try", "seek",
                                                                   "aim", "prepare", "intend", "push"):
        return True
    # A noun trigger inside a hypothetical frame: "a military intervention ... is likelier".
    # Protesters' demands are what a protest is about, not a hypothetical.
    return token.pos_ != "VERB" and NOUN_TRIGGERS.get(token.lemma_.lower()) != "protest" and \
        token.lemma_.lower() != "sit" and bool(HYPOTHETICAL_WORDS.search(token.sent.text))


def _figurative(token, lower_sentence: str) -> bool:
    """ "fighting terrorism", "the battle against corruption", "attacks on the press" """
    lemma = token.lemma_.lower()
    if lemma not in ("fight", "battle", "attack", "combat", "war", "strike", "fighting", "target", "hit"):
        return False
    words = {t.lemma_.lower() for t in token.subtree} | {t.lemma_.lower() for t in token.head.subtree
                                                        if t.i > token.i and t.i - token.i <= 4}
    return bool(words & FIGURATIVE_OBJECTS)


def _background_phrase(text: str, start: int, expression: str) -> bool:
    before = text[max(0, start - 12):start].lower()
    return bool(re.search(r"\b(since|until|before|ago in)\s+$", before)) and when.background_year(expression, None)


def _clause(trigger) -> list:
    """Tokens of the trigger's clause: its subtree, and for a passive or noun trigger its head's subtree."""
    root = trigger
    if trigger.dep_ in ("pcomp", "pobj", "dobj", "nsubj", "nsubjpass", "compound", "conj") and \
            trigger.head.pos_ in ("VERB", "AUX", "ADP"):
        root = trigger.head
        if root.pos_ == "ADP":
            root = root.head
    return list(root.subtree)


def _victims(trigger) -> list:
    out = []
    for child in trigger.children:
        if child.dep_ in ("nsubjpass", "dobj") or (child.dep_ == "nsubj" and trigger.lemma_ in ("die",)):
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "conj")
    if trigger.dep_ == "acl" and trigger.head.pos_ == "NOUN":  # "civilians killed in ..."
        out.append(trigger.head)
    if not out and trigger.dep_ == "conj" and trigger.head.pos_ == "VERB":  # "was shot and killed": shared
        out = [c for c in trigger.head.children if c.dep_ in ("nsubjpass", "dobj")]
    return out


GROUND_WORDS = frozenset(("stronghold", "edge", "centre", "center", "outskirts", "factory", "facility", "complex",
                          "town", "city", "village", "area", "areas", "base", "airbase", "airport", "district",
                          "neighbourhood", "neighborhood", "position", "positions", "port", "headquarters", "road",
                          "territory", "ground", "control", "camp", "building", "buildings", "oasis", "region",
                          "zone", "checkpoint", "terminal", "field", "hill", "bridge", "junction", "compound"))


def _is_ground(token) -> bool:
    return token.ent_type_ in ("GPE", "LOC", "FAC") or token.lemma_.lower() in GROUND_WORDS or \
        any(t.lemma_.lower() in GROUND_WORDS for t in token.subtree)


def _ground_taken(victims, named: list[tuple[int, int]]) -> bool:
    """The objects of a taking are ground: a place word, or a place named in the sentence ("control of Al Amir")."""
    return any(_is_ground(v) or any(a <= t.idx < b for t in v.subtree for a, b in named) for v in victims)


def _agent_tokens(trigger) -> set[int]:
    """Token indexes of the "by X" phrase: the attacker, not the target."""
    return {t.i for child in trigger.children if child.dep_ == "agent" for t in child.subtree}


def _civilian_objects(sent, trigger) -> bool:
    """Civilians on the receiving end anywhere in the sentence ("opened fire on a group of passersby")."""
    agent = _agent_tokens(trigger)
    return any(t.dep_ in ("dobj", "pobj", "nsubjpass") and t.i not in agent and
               (t.lower_ in CIVILIAN_WORDS or t.lemma_.lower() in CIVILIAN_WORDS) and
               t.lower_ not in ("man", "men", "worker", "workers") for t in sent)


def _armed_objects(trigger, victims) -> bool:
    """Armed men or military targets on the receiving end (the trigger's objects, or words after it)."""
    military = ARMED_WORDS | {"position", "positions", "base", "airbase", "checkpoint", "military", "militiaman",
                              "militant", "rebel", "soldier", "fighter", "loyalist", "force", "stronghold",
                              "resistance", "target", "targets", "garrison", "troop", "convoy", "patrol", "escort",
                              "policeman", "officer", "guard", "commander", "bodyguard", "gunman", "lieutenant",
                              "captain", "colonel", "sergeant", "corporal", "brigadier", "personnel", "jihadist",
                              "insurgent", "unit"}
    if any(t.lemma_.lower() in military or t.lower_ in military for v in victims for t in v.subtree):
        return True
    agent = _agent_tokens(trigger)
    if any(t.lemma_.lower() in military or t.lower_ in military
           for t in trigger.subtree if t.i > trigger.i and t.i not in agent):
        return True
    # The parse may hang the target elsewhere in the clause ("the PMF attacked IS militants and left 3 dead"):
    # any armed object there, outside a "by X" phrase.
    return any(t.dep_ in ("dobj", "pobj", "nsubjpass") and t.i not in agent and t.head.lower_ != "by" and
               (t.lemma_.lower() in military or t.lower_ in military) for t in _clause(trigger))


def _agents(trigger) -> list:
    out = []
    for child in trigger.children:
        if child.dep_ == "agent":
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "nsubj" and trigger.lemma_ != "die":
            out.append(child)
    if not out and trigger.dep_ in ("xcomp", "conj"):  # "the army claimed to have retaken X": the army
        out = [c for c in trigger.head.children if c.dep_ == "nsubj"]
    return out


def _actors(sent, trigger, family, victims, known, country, civilian, offset) -> tuple[str, str, dict]:
    spans: dict[str, list] = {}

    def group(token) -> tuple[str, int, int] | None:
        found = group_phrase(token)
        if found is None and token.ent_type_ in ("ORG", "NORP"):
            found = (token.text, token.idx, token.idx + len(token.text))
        return found

    actor1 = actor2 = ""
    if family == "protest":
        actor1 = f"Protesters ({country})" if country else "Protesters"
        subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            spans["actor1"] = [offset + subject.idx, offset + subject.idx + len(subject.text), subject.text]
    else:
        for agent in _agents(trigger):
            found = group(agent)
            if found:
                actor1 = canonical(found[0], known)
                spans["actor1"] = [offset + found[1], offset + found[2], found[0]]
                break
        if not actor1:  # "an offensive by Haftar's eastern troops" elsewhere in the sentence
            for token in sent:
                if token.dep_ == "pobj" and token.head.lower_ == "by":
                    found = group(token)
                    if found:
                        actor1 = canonical(found[0], known)
                        spans["actor1"] = [offset + found[1], offset + found[2], found[0]]
                        break
    if civilian:
        actor2 = f"Civilians ({country})" if country else "Civilians"
        victim = next((v for v in victims if v.lower_ in CIVILIAN_WORDS or v.lemma_ in CIVILIAN_WORDS), None)
        if victim is not None:
            spans["actor2"] = [offset + victim.idx, offset + victim.idx + len(victim.text), victim.text]
    else:
        for victim in victims:
            found = group(victim)
            if found and canonical(found[0], known) != actor1:
                actor2 = canonical(found[0], known)
                spans["actor2"] = [offset + found[1], offset + found[2], found[0]]
                break
    return actor1, actor2, spans


def _coordinated(text: str, places: list[_Place], event: Event, s_index: int) -> list[_Place]:
    """Places listed with the event's own ("in Benghazi and Tripoli"), of the same kind, in text order after it."""
    span = event.evidence.get("location")
    if not span:
        return []
    here = sorted((p for p in places if p.sentence == s_index and p.resolution is not None), key=lambda p: p.span.start)
    at = next((i for i, p in enumerate(here) if p.span.start == span[0]), None)
    if at is None:
        return []
    kind = here[at].resolution.place.kind

    def joined(a: _Place, b: _Place) -> bool:  # "Culiacan, Sinaloa" is a town in its state, not a list
        return bool(re.fullmatch(r"\s*(,|and|, and|or)\s*", text[a.span.end:b.span.start])) and \
            b.resolution.place.kind == kind and a.span.text != b.span.text and a.span.container != b.span.text

    first = at
    while first > 0 and joined(here[first - 1], here[first]):
        first -= 1
    last = at
    while last + 1 < len(here) and joined(here[last], here[last + 1]):
        last += 1
    return here[first:last + 1] if last > first else []


def _share(value: int, n: int) -> list[int]:
    return [value // n + (1 if i < value % n else 0) for i in range(n)]


def _per_place(event: Event, chain: list[_Place]) -> list[Event]:
    """ACLED codes one event per place: a copy of the event for each place listed together, in text order; a
    toll given for them all is shared out evenly, the remainder to the first."""
    if not chain:
        return [event]
    out = []
    n = len(chain)
    shares, lows, highs = (_share(v, n) for v in (event.fatalities, event.fatalities_low, event.fatalities_high))
    for i, place in enumerate(chain):
        evidence = {**event.evidence, "location": [place.span.start, place.span.end, place.span.text]}
        precision = max(place.resolution.precision, 2 if place.span.qualifier else 1)
        out.append(replace(event, **_location_fields(place, precision), fatalities=shares[i],
                           fatalities_low=lows[i], fatalities_high=highs[i], evidence=evidence))
    return out


def _location_fields(place: _Place, precision: int) -> dict:
    """The event's location columns from a resolved mention."""
    p = place.resolution.place
    return {"location": p.name, "latitude": p.latitude, "longitude": p.longitude, "geo_precision": precision,
            "country": p.country, "iso2": p.country_code, "admin1": p.admin1, "admin2": p.admin2,
            "geonameid": p.geonameid}


def _narrow(event: Event, places: list[_Place]) -> None:
    """An event placed only at a country takes a town named in the next sentence of its paragraph, in that country
    ("... a boat in Libya. The boat was found in the sea outside Tripoli."), at precision 2."""
    span = event.evidence.get("location")
    if not span or event.geo_precision < 3:
        return
    here = next((p for p in places if p.span.start == span[0]), None)
    if here is None or here.resolution is None or here.resolution.place.kind != "country":
        return
    later = [p for p in places if p.paragraph == here.paragraph and here.sentence < p.sentence <= here.sentence + 1
             and p.role == "other" and p.resolution is not None and p.resolution.place.kind in ("town", "custom")
             and p.resolution.place.country_code == here.resolution.place.country_code]
    if not later:
        return
    for name, value in _location_fields(later[0], precision=2).items():
        setattr(event, name, value)
    event.evidence["location"] = [later[0].span.start, later[0].span.end, later[0].span.text]


CROWD_ACTOR = re.compile(r"^(the |unknown |some |a group of )?(protesters|demonstrators|rioters|crowds?|mobs?|"
                         r"residents|youths|villagers|locals|people)$", re.I)
UNIDENTIFIED = re.compile(r"\b((some |two |three |several )?gunmen|armed men|"
                          r"unidentified (armed (men|group)|gunmen|men|assailants|attackers|individuals)|"
                          r"unknown (assailants|attackers|gunmen|armed (men|group)|men|individuals))\b")


def _acled_actor_names(event_type: str, actor1: str, actor2: str, lower: str, country: str) -> tuple[str, str]:
    """ACLED's generic actor names where the text names no group: rioters, unidentified armed groups."""
    suffix = f" ({country})" if country else ""
    if event_type == "Riots" and (not actor1 or CROWD_ACTOR.match(actor1) or actor1.startswith("Protesters")):
        actor1 = f"Rioters{suffix}"
    if event_type in ("Protests", "Riots") and CROWD_ACTOR.match(actor2 or ""):
        actor2 = ""  # the crowd is actor1, not its own opponent
    if (not actor1 and UNIDENTIFIED.search(lower)) or (actor1 and UNIDENTIFIED.fullmatch(actor1.lower())):
        actor1 = f"Unidentified Armed Group{suffix}"
    return actor1, actor2


def _follow_up(event: Event, places: list[_Place], s_index: int) -> bool:
    """A sentence naming no place and no date of its own adds to the event just before it in its paragraph
    ("... in X on Friday. Ten soldiers were killed.")."""
    own_place = any(p.sentence == s_index and p.resolution is not None for p in places)
    return not own_place and "event_date" not in event.evidence


def _add_toll(event: Event, sent, seg_start: int) -> None:
    """A sentence that only gives the toll ("2 fatalities.") counts for the event before it."""
    fat = counts.fatalities(sent.text)
    if fat:
        s0 = seg_start + sent.start_char
        event.fatalities, event.fatalities_low, event.fatalities_high = fat.best, fat.low, fat.high
        event.evidence["fatalities"] = [s0 + fat.start, s0 + fat.end, sent.text[fat.start:fat.end]]


def _absorb(event: Event, follow: Event) -> None:
    if follow.fatalities:
        event.fatalities += follow.fatalities
        event.fatalities_low += follow.fatalities_low
        event.fatalities_high += follow.fatalities_high
        event.evidence.setdefault("fatalities", follow.evidence.get("fatalities"))
    event.actor1 = event.actor1 or follow.actor1
    event.actor2 = event.actor2 or follow.actor2
    if follow.civilian_targeting and event.event_type != "Protests":
        event.civilian_targeting = follow.civilian_targeting
    event.evidence.setdefault("also", []).append(follow.evidence["sentence"])


def _same_place(a: Event, b: Event) -> bool:
    if a.latitude is None or b.latitude is None:
        return a.latitude is None and b.latitude is None
    return float(haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)) <= 10


def _merge(events: list[Event]) -> list[Event]:
    """The same happening reported twice in one article becomes one event."""
    merged: list[Event] = []
    for event in events:
        twin = next((m for m in merged if m.event_type == event.event_type and m.event_date == event.event_date
                     and _same_place(m, event)), None)
        if twin is None:
            merged.append(event)
            continue
        if event.fatalities > twin.fatalities:
            twin.fatalities, twin.fatalities_low, twin.fatalities_high = \
                event.fatalities, event.fatalities_low, event.fatalities_high
            twin.evidence["fatalities"] = event.evidence.get("fatalities")
        if event.latitude is not None and (twin.latitude is None or event.geo_precision < twin.geo_precision):
            twin.location, twin.latitude, twin.longitude, twin.geo_precision = \
                event.location, event.latitude, event.longitude, event.geo_precision
        twin.actor1 = twin.actor1 or event.actor1
        twin.actor2 = twin.actor2 or event.actor2
        twin.evidence.setdefault("also", []).append(event.evidence["sentence"])
    return merged
