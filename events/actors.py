"""Who: the groups named in a sentence, with aliases merged ("LNA" = "Libyan National Army")."""

from __future__ import annotations

import re

from .lexicon import ARMED_WORDS, CIVILIAN_WORDS

_DEFINITION = re.compile(r"(?P<name>(?:[A-Z][\w'’\-]*\s+(?:of\s+|for\s+|the\s+|al-|el-)*){1,7})"
                         r"\((?P<abbr>[A-Z][A-Za-z\-]{1,9})\)")
_POSSESSIVE = re.compile(r"^[A-Z][\w\-]*[’']s\s+")
GROUP_HEADS = ARMED_WORDS | frozenset(("protesters", "demonstrators", "rioters", "mob", "crowd", "group",
                                       "organization", "organisation", "movement", "coalition", "alliance",
                                       "party", "faction", "tribe", "tribesmen", "state"))


def aliases(text: str) -> dict[str, str]:
    """Abbreviations defined in the article: {"LNA": "Libyan National Army"}."""
    out: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        name = _POSSESSIVE.sub("", match.group("name").strip())
        abbr = match.group("abbr")
        initials = "".join(w[0] for w in re.findall(r"[A-Z][\w\-]*", name))
        if abbr.upper() in initials.upper() or initials.upper().startswith(abbr.upper()[:2]):
            out[abbr] = name
    return out


def canonical(name: str, known: dict[str, str]) -> str:
    name = re.sub(r"\s*\([A-Z][A-Za-z\-]{1,9}\)$", "", _POSSESSIVE.sub("", name.strip())).strip(" ,.")
    name = re.sub(r"^(the|a|an|some|his|her|their|its)\s+", "", name, flags=re.I)
    return known.get(name, name)


def group_phrase(token) -> tuple[str, int, int] | None:
    """The noun phrase of a group headed by `token` ("Haftar's eastern troops"), with character offsets."""
    if token.lemma_.lower() not in GROUP_HEADS and token.text.lower() not in GROUP_HEADS and \
            token.ent_type_ not in ("ORG", "NORP"):
        return None
    left = token
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i < left.i:
            left = child
    words = token.doc[left.i:token.i + 1]
    return words.text, words.start_char, words.end_char


def is_civilian(token) -> bool:
    return token.text.lower() in CIVILIAN_WORDS or token.lemma_.lower() in CIVILIAN_WORDS or \
        (token.lemma_.lower() in ("people", "person") and not any(c.lemma_.lower() in ARMED_WORDS
                                                                   for c in token.subtree))
