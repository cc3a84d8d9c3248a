"""Words that signal events, and how they map onto ACLED's taxonomy.

Triggers are lemmas of verbs (and a few nouns) that report something happening; cues are words in the
trigger's sentence that decide the sub-event type (a killing "by shelling" is a shelling). Pure data plus
one pure function, so the rules can be read and extended in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Verb lemmas that report an event; value: the family of event they start.
VERB_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(("kill", "die", "slay", "massacre", "execute", "murder", "behead", "assassinate"), "kill"),
    **dict.fromkeys(("wound", "injure", "maim"), "injure"),
    **dict.fromkeys(("shell", "bomb", "bombard", "strike", "hit", "target", "pound", "shoot", "fire", "explode",
                     "detonate", "crash", "land", "rain", "blast", "drop"), "attack"),
    **dict.fromkeys(("stab", "beat", "torture", "hack"), "harm"),
    **dict.fromkeys(("attack", "ambush", "raid", "storm", "assault"), "attack"),
    **dict.fromkeys(("clash", "fight", "battle", "engage", "repel", "repulse"), "clash"),
    **dict.fromkeys(("protest", "demonstrate", "rally", "march", "gather", "strike_work", "block", "barricade",
                     "assemble", "picket", "stage", "boo", "heckle"), "protest"),
    **dict.fromkeys(("riot", "torch", "vandalize", "vandalise", "lynch", "tear", "revolt", "throw", "hurl", "pelt"),
                    "riot"),
    **dict.fromkeys(("defect", "recruit", "join", "organize", "organise", "set", "establish", "intercept", "defuse",
                     "dismantle", "hand", "withdraw", "retreat", "loot", "plunder", "ransack", "surround", "besiege",
                     "cut", "shut", "deploy", "mobilize", "mobilise", "move", "relocate", "round", "discover",
                     "uncover", "exhume", "unearth", "exchange", "swap", "steal", "patrol", "arrive", "reinforce",
                     "burn", "bring", "release", "smash", "raze", "demolish", "bulldoze", "impose", "declare",
                     "seal"), "strategic"),
    **dict.fromkeys(("abduct", "kidnap"), "abduct"),
    **dict.fromkeys(("arrest", "detain"), "arrest"),
    **dict.fromkeys(("rape",), "sexual"),
    **dict.fromkeys(("seize", "capture", "recapture", "retake", "recover", "overrun", "overtake", "control", "gain",
                     "take", "win", "reclaim", "regain", "fall", "hold", "claim", "reach", "enter"), "territory"),
    **dict.fromkeys(("advance",), "clash"),
    **dict.fromkeys(("push", "destroy", "shell"), "attack"),
    **dict.fromkeys(("sign",), "agreement"),
}
# Nouns that are events by themselves ("an air strike on X", "clashes in Y", "a protest in Z").
NOUN_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(("airstrike", "strike", "shelling", "bombardment", "bombing", "explosion", "blast", "attack",
                     "ambush", "raid", "mortar", "rocket", "missile", "shell", "artillery", "gunfire", "fire",
                     "shootout", "assassination", "killing", "massacre", "execution", "projectile"), "attack"),
    **dict.fromkeys(("clash", "fighting", "battle", "firefight", "gunfight", "skirmish", "confrontation", "shots",
                     "exchanges"), "clash"),
    # A campaign named in passing ("leader of a military assault") is no event; "fled a rebel assault" is.
    **dict.fromkeys(("assault", "offensive", "counteroffensive", "counter-offensive", "advance", "incursion"),
                    "campaign"),
    **dict.fromkeys(("protest", "demonstration", "rally", "march", "sit-in", "strike", "motorcade", "procession",
                     "vigil"), "protest"),
    **dict.fromkeys(("riot",), "riot"),
    **dict.fromkeys(("abduction", "kidnapping", "disappearance"), "abduct"),
    **dict.fromkeys(("arrest", "detention"), "arrest"),
    **dict.fromkeys(("control", "gains"), "territory"),  # only in TERRITORY_NOUN_FRAME
}
# "claim control of", "in rebel control", "under their control", "make gains": ground changing hands.
TERRITORY_NOUN_FRAME = re.compile(r"\b((claim\w*|take\w*|took|seiz\w*|gain\w*|wrest\w*|assum\w*|retak\w*|"
                                  r"regain\w*|full|complete|total|their|its|rebel|government)\s+control|"
                                  r"(in|under)\s+(\w+\s+){0,2}control|mak\w*\s+(\w+\s+)?gains)\b")

# Cues (lower-case words or phrases) in the sentence, strongest first, with the sub-event type they set.
WEAPON_CUES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("chemical", "chlorine", "sarin", "mustard gas"), "Chemical weapon"),
    (("suicide bomb", "suicide attack", "suicide car", "suicide vest", "suicide bomber", "svbied"), "Suicide bomb"),
    (("air strike", "airstrike", "air raid", "air force", "drone", "warplane", "aircraft", "airplane", "helicopter",
      "jet", "aerial", "uav"), "Air/drone strike"),
    (("ied", "rcied", "improvised explosive", "roadside bomb", "landmine", "land mine", "car bomb", "explosive device",
      "mine ", "vbied", "booby"), "Remote explosive/landmine/IED"),
    (("grenade",), "Grenade"),
    (("shelling", "shelled", "shell", "mortar", "artillery", "rocket", "missile", "grad", "katyusha",
      "bombard", "howitzer", "tank fire", "projectile", "bomb", "tomahawk", "cruise missile", "ifv", "ifvs", "bmp",
      "grenade launcher", "anti-tank", "atgm", "heavy machine gun", "heavy machinegun", "rpg", "rpgs"),
     "Shelling/artillery/missile attack"),
    (("explosion", "blast", "explosive"), "Remote explosive/landmine/IED"),  # a blast of unknown kind
)
SMALL_ARMS_CUES = ("small arms", "firearm", "rifle", "gunfire", "gunshot",
                   "bursts of fire", "shots", "automatic weapons", "light weapons", "kalashnikov", "ak-47", "pistol")
NOT_WEAPONS = re.compile(r"\banti-?aircraft\b|\bair force intelligence\b")
RIOT_CUES = ("rioter", "threw stones", "throwing stones", "pelted stones", "pelting stones", "stone pelting",
             "stone-pelting", "hurled stones", "hurling stones", "threw rocks", "hurled rocks", "molotov",
             "burning tyres", "burning tires", "burned tires", "burnt tyres", "burned tyres", "burnt tires",
             "set fire", "set on fire", "set ablaze", "torched", "vandali", "smashed", "damaged", "looted shops",
             "looted stores", "looting", "petrol bomb", "firebomb")
MOB = re.compile(r"\b(locals|villagers|residents|mobs?|youths?|two groups|groups? of|community members|supporters|"
                 r"workers|labou?rers|students|relatives|crowd|inhabitants|neighbou?rs|family members|citizens|"
                 r"nationals|beneficiaries|traders|vendors|passengers|drivers|migrants|people)\b")
MILITARY_PATTERN = r"\b(forces|troops|soldiers|army|militants?|militias?|militiam[ae]n|rebels|gunmen|insurgents|" \
                   r"jihadists|armed (men|group)|fighters|military)\b"
CLASH_CUES = ("clash", "fighting", "battle", "firefight", "gunfight", "exchange of fire", "exchanged fire",
              "exchange gunfire", "exchanged gunfire", "exchange fire",
              "skirmish", "armed confrontation", "fought", "heavy fighting")
CIVILIAN_WORDS = frozenset(("civilian", "civilians", "child", "children", "woman", "women", "resident", "residents",
                            "villager", "villagers", "family", "families", "worshipper", "worshippers", "student",
                            "students", "farmer", "farmers", "shepherd", "passer-by", "passersby", "boy", "girl",
                            "boys", "girls", "man", "men", "teacher", "doctor", "journalist", "journalists",
                            "displaced", "refugee", "refugees", "migrant", "migrants", "pedestrian", "infant",
                            "baby", "elderly", "patients", "worker", "workers", "trader", "driver"))
ARMED_WORDS = frozenset(("soldier", "soldiers", "troops", "forces", "fighters", "militants", "militia", "militias",
                         "rebels", "insurgents", "gunmen", "army", "police", "policemen", "officers", "jihadists",
                         "members", "combatants", "brigade", "battalion", "guards", "personnel", "servicemen"))
STRATEGIC_SUBTYPE = {
    **dict.fromkeys(("defect", "recruit", "join", "organize", "organise"), "Change to group/activity"),
    **dict.fromkeys(("set", "establish", "move", "relocate"), "Headquarters or base established"),
    **dict.fromkeys(("patrol", "arrive", "reinforce"), "Other"),
    "round": "Arrests", "exchange": "Agreement", "swap": "Agreement", "steal": "Looting/property destruction",
    "burn": "Looting/property destruction", "smash": "Looting/property destruction",
    "raze": "Looting/property destruction", "demolish": "Looting/property destruction",
    "destroy": "Looting/property destruction",
    "bulldoze": "Looting/property destruction",
    **dict.fromkeys(("intercept", "defuse", "dismantle", "shoot"), "Disrupted weapons use"),
    **dict.fromkeys(("hand", "withdraw", "retreat"), "Non-violent transfer of territory"),
    **dict.fromkeys(("loot", "plunder", "ransack"), "Looting/property destruction"),
}
# Strategic verbs that say something only beside these words ("set up a checkpoint", "join the rebels").
STRATEGIC_NEEDS = {
    "set": r"\bset up\b.*\b(checkpoints?|roadblocks?|bases?|headquarters|camps?|positions?)\b",
    "establish": r"\b(bases?|headquarters|camps?|positions?|checkpoints?|fortifications?|trenches)\b",
    "move": r"\b(base|headquarters)\b", "relocate": r"\b(base|headquarters)\b",
    "round": r"\bround\w* up\b", **dict.fromkeys(("exchange", "swap"), r"\b(prisoners|detainees|captives|bodies)\b"),
    **dict.fromkeys(("discover", "uncover", "exhume", "unearth"),
                    r"\b(mass graves?|graves|cache|weapons|arms|ammunition|explosives|ieds?|mines|bombs)\b"),
    "steal": r"\b(cattle|cows|livestock|goats|sheep|camels|vehicles?|weapons|property|goods|money)\b",
    "patrol": r"\b(forces|troops|soldiers|army|militias?|police|military|armed|gunmen|fighters)\b",
    "arrive": r"\b(reinforcements|tanks|weapons|armou?red vehicles|troops)\b", "bring": r"\breinforcements\b",
    **dict.fromkeys(("impose", "declare"), r"\b(curfew|state of emergency|martial law|lockdown)\b"),
    "seal": r"\bseal\w* off\b",
    "release": r"\b(prisoners|detainees|hostages|captives|soldiers|fighters)\b",
    "smash": r".", "raze": r".", "demolish": r"\b(houses?|homes?|buildings?|structures?|shops?)\b",
    "bulldoze": r".", "reinforce": r"\b(positions?|forces|troops|fronts?|frontlines?)\b",
    "burn": r"\b(houses?|homes?|shops?|vehicles?|cars?|buildings?|villages?|property|crops|offices?|tyres|tires)\b",
    "tear": r"\b(tear|tore|torn|tearing) (it |them )?down\b",
    **dict.fromkeys(("throw", "hurl", "pelt"),
                    r"\b(stones?|rocks?|molotov|petrol bombs?|bottles|firecrackers|bricks)\b"),
    "join": r"\bjoin\w*\b.*\b(rebels?|forces|protesters|demonstrators|militias?|fighters|side|ranks)\b",
    "hand": r"\bhand\w* over\b", "cut": r"\b(pipelines?|supply|supplies|roads?|water|electricity|power)\b",
    "shut": r"\bshut\w* (off|down)\b.*\b(pipelines?|oil|fields?|ports?|terminals?)\b",
    "organize": r"\b(forces|rebels|fighters|militias?)\b", "organise": r"\b(forces|rebels|fighters|militias?)\b",
    "deploy": r"\b(troops|forces|fighters|tanks|units)\b", "mobilize": r"\b(troops|forces|fighters|units)\b",
    "mobilise": r"\b(troops|forces|fighters|units)\b",
    "withdraw": r"\b(troops|forces|fighters|units|rebels|militias?)\b",
    "retreat": r"\b(troops|forces|fighters|units|rebels|militias?)\b",
    "surround": r"\b(troops|forces|fighters|rebels|militias?)\b", "besiege": r".",
    "intercept": r"\b(boat|ship|shipment|weapons|arms|ammunition|missile|rocket|drone|convoy)\b",
    "defuse": r".", "dismantle": r"\b(bomb|ied|mine|explosive|device)\b",
    "recruit": r".", "defect": r".", "loot": r".", "plunder": r".", "ransack": r".",
}
ARMED_PATTERN = r"\b(positions?|forces|troops|fighters|militants|militias?|militiam[ae]n|rebels|soldiers|insurgents|" \
                r"loyalists|army|brigades?|battalions?|units?|checkpoints?|barracks|garrison)\b"
PROTEST_FORCE_CUES = ("tear gas", "teargas", "dispersed", "rubber bullets", "water cannon", "arrested",
                      "beat", "beaten", "detained")
PROTEST_LETHAL_CUES = ("opened fire on protesters", "opened fire on demonstrators", "shot protesters",
                       "killed protesters", "killing protesters", "live ammunition")
# Words that make "fight"/"battle"/"attack" figurative rather than armed.
FIGURATIVE_OBJECTS = frozenset(("terrorism", "terror", "corruption", "poverty", "crime", "drugs", "disease",
                                "virus", "pandemic", "inflation", "extremism", "hunger", "climate", "fire", "fires",
                                "ebola", "malaria", "cancer", "covid", "coronavirus", "impunity", "unemployment"))
TERRITORY_GOVERNMENT_WORDS = ("government", "army", "military", "state", "national", "official", "regime")


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern:
    """Cues match at a word start; short ones as whole words with an ending, so "ied" is not in "tried" and
    "grad" is not in "gradually", while "bomb" still finds "bombs" and "bombing"."""
    parts = [re.escape(c.strip()) + (r"(?:s|ed|ings?|ers?)?\b" if len(c.strip()) <= 4 else "") for c in cues]
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


def has_cue(text: str, cues) -> bool:
    return bool(_cue_pattern(tuple(cues)).search(text))


def classify(family: str, sentence_lower: str, victims_civilian: bool, actor1_text: str,
             victims_armed: bool = False, lemma: str = "") -> tuple[str, str]:
    """(event_type, sub_event_type) for a trigger family and the words around it."""
    # Names that contain weapon words name no strike ("anti-aircraft guns", "Air Force Intelligence").
    plain = NOT_WEAPONS.sub(" ", sentence_lower).replace("grenade launcher", "rocket launcher")  # artillery
    weapon = next((sub for cues, sub in WEAPON_CUES if has_cue(plain, cues)), None)
    if weapon and family in ("attack", "clash", "kill", "harm") and has_cue(plain, SMALL_ARMS_CUES) and \
            weapon not in ("Suicide bomb", "Chemical weapon"):
        # ACLED: heavy weapons used together with small arms make an armed clash, not remote violence.
        return "Battles", "Armed clash"
    crowd = re.search(r"\b(protesters?|demonstrators?|rioters?|protests?|demonstrat\w+)\b", sentence_lower)
    violent = has_cue(sentence_lower, RIOT_CUES)
    if (crowd or family == "protest") and violent and not has_cue(sentence_lower, PROTEST_LETHAL_CUES):
        return "Riots", "Violent demonstration"  # stones, fire, vandalism
    if family in ("clash", "attack", "harm", "riot") and not weapon and MOB.search(sentence_lower) and \
            not re.search(MILITARY_PATTERN, sentence_lower):
        # Unarmed groups fighting: villagers, a mob, two groups, youths against the police.
        return "Riots", "Violent demonstration" if crowd else "Mob violence"
    if crowd and family in ("clash", "attack", "riot", "kill", "harm"):
        if has_cue(sentence_lower, PROTEST_LETHAL_CUES) or (family == "kill" and "rioter" not in sentence_lower):
            return "Protests", "Excessive force against protesters"
        return "Riots", "Violent demonstration"  # protesters fighting police
    if family == "protest":
        if has_cue(sentence_lower, PROTEST_LETHAL_CUES):
            return "Protests", "Excessive force against protesters"
        if has_cue(sentence_lower, PROTEST_FORCE_CUES):
            return "Protests", "Protest with intervention"
        return "Protests", "Peaceful protest"
    if family == "riot":
        return "Riots", "Mob violence" if "mob" in sentence_lower or "lynch" in sentence_lower \
            else "Violent demonstration"
    if family == "abduct":
        return "Violence against civilians", "Abduction/forced disappearance"
    if family == "sexual":
        return "Violence against civilians", "Sexual violence"
    if family == "arrest":
        return "Strategic developments", "Arrests"
    if family == "agreement":
        return "Strategic developments", "Agreement"
    if family == "strategic":
        if re.search(r"\b(cache|weapons|arms|ammunition|explosives|ieds?|mines|bombs)\b", sentence_lower) and \
                lemma in ("discover", "seize", "find", "uncover", "capture", "confiscate", "intercept", "defuse",
                          "dismantle"):
            return "Strategic developments", "Disrupted weapons use"
        return "Strategic developments", STRATEGIC_SUBTYPE.get(lemma, "Other")
    if family == "arrest_capture":
        return "Strategic developments", "Arrests"
    if family == "territory" and crowd:
        return "Riots", "Violent demonstration"  # "protesters take the town"
    if family == "territory":
        government = any(w in actor1_text.lower() for w in TERRITORY_GOVERNMENT_WORDS)
        return "Battles", "Government regains territory" if government else "Non-state actor overtakes territory"
    if family in ("attack", "clash") and re.search(r"\b(fired|firing|shots?) (in|into) the air\b", sentence_lower) and \
            not re.search(r"\b(killed|injured|wounded|dead)\b", sentence_lower):
        return "Strategic developments", "Other"  # shots in the air hit nobody
    if family == "attack" and re.search(r"\barson\b", sentence_lower) and not victims_civilian and \
            not re.search(r"\b(killed|injured|wounded|dead)\b", sentence_lower):
        return "Strategic developments", "Looting/property destruction"  # property set on fire, nobody hurt
    if family == "harm" and weapon is None:
        return "Violence against civilians", "Attack"  # stabbed, beaten, tortured
    if family in ("kill", "attack") and re.search(r"\btortur", sentence_lower):
        return "Violence against civilians", "Attack"  # death under torture is no battle
    if family in ("clash", "campaign") or (has_cue(sentence_lower, CLASH_CUES) and not weapon):
        return "Battles", "Armed clash"  # two sides fighting, whatever the weapons
    if weapon:
        return "Explosions/Remote violence", weapon
    if victims_armed and not victims_civilian:
        return "Battles", "Armed clash"  # armed men on the receiving end too: a fight, not an attack on civilians
    # Killings, shootings and raids with no fighting and no armed victims are violence against civilians.
    return "Violence against civilians", "Attack"
