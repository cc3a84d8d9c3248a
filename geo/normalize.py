"""Name keys: how a place name as news spells it becomes the strings the index is keyed on.

Three keys per name, from strict to loose:
- fold: case, diacritics, apostrophes, hyphens and punctuation removed ("Tājūrā'" -> "tajura").
- loose: fold without Arabic and English articles ("Az Zawiyah" -> "zawiyah", "The Hague" -> "hague").
- skeleton: a consonant skeleton that merges transliteration variants
  ("Qaser Ben Ghasher" and "Qasr Bin Ghashir" -> "ksrbnksr", "Misurata" and "Misratah" -> "msrt").
All are pure functions; the index and the queries share them, so both sides always agree.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

MAX_NAME_CHARS = 200  # place names are short; longer input is cut, never scanned whole

_APOSTROPHES = re.compile(r"['’‘`´ʻʼʿʾ′\u02bc\u02bb]")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

ARTICLES = frozenset(
    "al el il ul ad adh an ar as ash at ath az ed en er es et ez the".split()
)
# Tokens that mean the same across transliterations ("ben", "bin", "ibn" -> "bn").
_TOKEN_MAP = {
    "ben": "bn", "bin": "bn", "ibn": "bn", "bani": "bn", "beni": "bn", "bany": "bn", "bni": "bn",
    "abu": "ab", "abou": "ab", "bou": "ab", "bu": "ab",
    "ain": "ayn", "ein": "ayn", "ayn": "ayn", "aine": "ayn",
    "qasr": "ksr", "gasr": "ksr", "kasr": "ksr", "qaser": "ksr", "ksar": "ksr",
}
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"),
             ("ph", "f"), ("dj", "j"), ("ou", "u"), ("ck", "k"))
_CONSONANT_MAP = str.maketrans({"q": "k", "c": "k", "g": "k", "v": "w", "x": "ks"})
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"([aeiou])h\b")


def clean(name: str) -> str:
    """The name as given, trimmed, without control characters, cut to a sane length."""
    return _CONTROL.sub(" ", name or "")[:MAX_NAME_CHARS].strip()


def is_latin(text: str) -> bool:
    """True when every letter is Latin (with or without diacritics)."""
    for ch in text:
        if ch.isalpha() and not ("a" <= ch.lower() <= "z") and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def fold(name: str) -> str:
    """Case, diacritics, apostrophes, hyphens and punctuation folded away; other scripts kept as they are."""
    text = _APOSTROPHES.sub("", clean(name))
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if is_latin(text):
            text = _APOSTROPHES.sub("", unidecode(text))
        else:
            # Keep Arabic, Cyrillic... as written, minus vowel marks, so "طرابلس" matches GeoNames' alternate.
            text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text.lower()).strip()


def strip_articles(folded: str) -> str:
    """Drop article tokens, leading or inside ("az zawiyah" -> "zawiyah", "tarabulus al gharb")."""
    kept = [t for t in folded.split() if t not in ARTICLES]
    return " ".join(kept) if kept else folded


def loose(name: str) -> str:
    """fold without articles and without a final "h" after a vowel ("Misratah" = "Misrata")."""
    return name_keys(name)[1]


def skeleton(name: str) -> str:
    """Consonant skeleton of a Latin-script name; "" when too short to be a safe key."""
    return skeleton_of_folded(fold(name))


def name_keys(name: str) -> tuple[str, str, str]:
    """(fold, loose, skeleton) of one name, folding it once."""
    folded = fold(name)
    return folded, _FINAL_H.sub(r"\1", strip_articles(folded)), skeleton_of_folded(folded)


def skeleton_of_folded(folded: str) -> str:
    if not folded or not folded.isascii():
        return ""
    tokens = [_TOKEN_MAP.get(t, t) for t in strip_articles(folded).split()]
    text = _FINAL_H.sub(r"\1", " ".join(tokens)).replace(" ", "")
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    text = _REPEATS.sub(r"\1", text.translate(_CONSONANT_MAP))  # "Misratta" = "Misrata"
    text = _VOWELS.sub("", text)
    return text if len(text) >= 3 and not text.isdigit() else ""


# An Arabic article written onto the name: "Aljfara", "Alkufra", or assimilated: "Azzawya", "Ashshati".
_GLUED_ARTICLE = re.compile(r"^(?:(?P<al>[AaEe]l)(?=[b-df-hj-np-tv-z])|(?P<sun>A(?P<c>[dnrstz]h?)(?=(?P=c))))"
                            r"(?P<rest>[a-z]{3,})$")


def split_glued_article(name: str) -> str:
    """ "Aljfara" -> "Al Jfara", "Azzawya" -> "Az Zawya"; other names unchanged. Only tried when the name as
    written matches nothing, so "Albany" keeps its own match."""
    match = _GLUED_ARTICLE.match(name.strip())
    if not match:
        return name
    head = match.group("al") or match.group("sun")
    rest = match.group("rest")
    return f"{head} {rest[0].upper()}{rest[1:]}"


_TRANSLITERATION = str.maketrans({"q": "g", "k": "g"})


def transliteration_key(key: str) -> str:
    """Letters that transliterations swap freely (Libyan "g" for "q": "Almargeb" = "Al Marqab") made one."""
    return key.translate(_TRANSLITERATION)


# Qualifiers that place an event near or in part of a named place, not at it.
_QUALIFIER = re.compile(
    r"^(?:the\s+)?(?:(?:outskirts|suburbs?|coast|vicinity|area|district|countryside|environs|edge|"
    r"north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+|"
    r"near\s+|around\s+|outside\s+|"
    r"(?:northern|southern|eastern|western|central|greater|rural|downtown|north|south|east|west)\s+)",
    re.IGNORECASE,
)


def split_qualifier(name: str) -> tuple[str, str]:
    """("outskirts of Tripoli") -> ("Tripoli", "outskirts of "); a name without qualifier -> (name, "")."""
    match = _QUALIFIER.match(name)
    if not match or match.end() >= len(name):
        return name, ""
    return name[match.end():].strip(), match.group(0)
