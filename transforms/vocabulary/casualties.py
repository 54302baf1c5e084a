"""Words that say what happened to counted people, and words that show a count is not of people.

Categories are the names `schemas.claims` declares; every table here maps a word (a lemma, or a
surface form where the lemmatizer may be missing or wrong) to the categories it gives.
"""

from __future__ import annotations

from schemas.claims import (
    ARRESTED,
    CAPTURED,
    CASUALTIES,
    DEPLOYED,
    DISPLACED,
    INJURED,
    KIDNAPPED,
    KILLED,
    MISSING,
)

# Verb lemmas (and participles read as adjectives) that put counted people in a category.
VERB_CATEGORIES: dict[str, tuple[str, ...]] = {
    "kill": (KILLED,),
    "murder": (KILLED,),
    "execute": (KILLED,),
    "massacre": (KILLED,),
    "slay": (KILLED,),
    "assassinate": (KILLED,),
    "behead": (KILLED,),
    "shoot": (KILLED,),
    "die": (KILLED,),
    "perish": (KILLED,),
    "drown": (KILLED,),
    "strangle": (KILLED,),
    "asphyxiate": (KILLED,),
    "suffocate": (KILLED,),
    "electrocute": (KILLED,),
    "lynch": (KILLED,),
    "stab": (INJURED,),
    "assault": (INJURED,),
    "wound": (INJURED,),
    "injure": (INJURED,),
    "hurt": (INJURED,),
    "maim": (INJURED,),
    "hospitalize": (INJURED,),
    "kidnap": (KIDNAPPED,),
    "abduct": (KIDNAPPED,),
    "arrest": (ARRESTED,),
    "detain": (ARRESTED,),
    "jail": (ARRESTED,),
    "imprison": (ARRESTED,),
    "capture": (CAPTURED,),
    "disappear": (MISSING,),
    "flee": (DISPLACED,),
    "displace": (DISPLACED,),
    "evacuate": (DISPLACED,),
    "uproot": (DISPLACED,),
    "deploy": (DEPLOYED,),
    "dispatch": (DEPLOYED,),
    "send": (DEPLOYED,),
    "station": (DEPLOYED,),
    "mass": (DEPLOYED,),
    "mobilize": (DEPLOYED,),
    "mobilise": (DEPLOYED,),
    "participate": (DEPLOYED,),
}
# Verbs that put a counted force in place: the `deployed` entries of VERB_CATEGORIES.
DEPLOYMENT_VERBS = frozenset(
    lemma for lemma, categories in VERB_CATEGORIES.items() if categories == (DEPLOYED,)
)
# Words whose surface form decides where the lemmatizer may be missing or wrong.
SURFACE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "killed": (KILLED,),
    "dead": (KILLED,),
    "died": (KILLED,),
    "murdered": (KILLED,),
    "executed": (KILLED,),
    "massacred": (KILLED,),
    "drowned": (KILLED,),
    "strangled": (KILLED,),
    "stabbed": (INJURED,),
    "wounded": (INJURED,),
    "injured": (INJURED,),
    "hurt": (INJURED,),
    "hospitalized": (INJURED,),
    "kidnapped": (KIDNAPPED,),
    "abducted": (KIDNAPPED,),
    "arrested": (ARRESTED,),
    "detained": (ARRESTED,),
    "captured": (CAPTURED,),
    "missing": (MISSING,),
    "disappeared": (MISSING,),
    "displaced": (DISPLACED,),
    "fled": (DISPLACED,),
    "homeless": (DISPLACED,),
}
# Nouns that are themselves a category of people.
NOUN_CATEGORIES: dict[str, tuple[str, ...]] = {
    "casualty": (CASUALTIES,),
    "victim": (CASUALTIES,),
    "fatality": (KILLED,),
    "death": (KILLED,),
    "dead": (KILLED,),
    "body": (KILLED,),
    "corpse": (KILLED,),
    "injury": (INJURED,),
    "wound": (INJURED,),
    "wounded": (INJURED,),
    "injured": (INJURED,),
    "hostage": (KIDNAPPED,),
    "kidnappee": (KIDNAPPED,),
    "prisoner": (CAPTURED,),
    "pow": (CAPTURED,),
    "detainee": (ARRESTED,),
    "refugee": (DISPLACED,),
    "evacuee": (DISPLACED,),
    "troop": (DEPLOYED,),
}
# Verbs of harm whose outcome the wording decides: "stabbed" is a wound, "stabbed to death" or
# "stabbed" beside "strangled" in one list of ways people were killed is a death.
HARM_MANNER_VERBS = frozenset({"stab", "beat", "assault", "burn", "hack", "slash"})
# Event nouns whose explicit zero counts people: "there have been no arrests" is `arrested` 0.
ZERO_EVENT_NOUNS: dict[str, tuple[str, ...]] = {"arrest": (ARRESTED,)}
# Periods that make a count a rate ("25 bodies a week"): rates are no claims.
RATE_PERIODS = frozenset({"day", "week", "month", "year", "hour", "night"})
# Nouns a verb can make its object into: "being held hostage", "were taken prisoner".
HELD_AS_NOUNS = frozenset({"hostage", "prisoner", "captive"})
# Nouns naming an event or state that carries a category for the people "of" it:
# "the deaths of 10 labor leaders", "the kidnapping of 3 journalists".
EVENT_NOUN_CATEGORIES: dict[str, tuple[str, ...]] = {
    "death": (KILLED,),
    "killing": (KILLED,),
    "slaying": (KILLED,),
    "murder": (KILLED,),
    "massacre": (KILLED,),
    "execution": (KILLED,),
    "assassination": (KILLED,),
    "kidnapping": (KIDNAPPED,),
    "abduction": (KIDNAPPED,),
    "arrest": (ARRESTED,),
    "detention": (ARRESTED,),
    "capture": (CAPTURED,),
    "disappearance": (MISSING,),
    "deployment": (DEPLOYED,),
    "dispatch": (DEPLOYED,),
}
# Verbs whose active subject did the deed to their object: "rebels killed 300" counts the
# killed, but "300 rebels killed two soldiers" makes the 300 the party that acted.
DEED_CATEGORY_VERBS = frozenset(
    {"kill", "murder", "massacre", "execute", "arrest", "kidnap", "capture", "wound", "injure"}
)
# Nouns that "lives" and "loss" need to mean deaths: "claimed the lives of 17,700 people".
LIFE_NOUNS = frozenset({"life", "loss"})
LIFE_TAKING_VERBS = frozenset({"claim", "cost", "take", "mourn"})
# "sought asylum", "were granted refuge": the people are displaced.
ASYLUM_VERBS = frozenset({"seek", "grant", "request", "receive"})
ASYLUM_NOUNS = frozenset({"asylum", "refuge", "shelter"})
# Agents that make a "capture" an arrest (DAS and PNC are Colombian and Salvadoran police).
POLICE_WORDS = frozenset({"police", "policemen", "authorities", "agents", "das", "pnc"})
# Verbs whose object counts casualties inflicted or suffered ("inflicted 50 casualties").
CASUALTY_VERBS = frozenset({"inflict", "suffer", "sustain", "cause", "leave", "claim", "take"})
# Verbs whose subject suffered the harm their object names ("2,700 have sustained injuries").
SUFFER_VERBS = frozenset({"sustain", "suffer", "receive", "have", "incur"})
# Nouns that count harm done to a group named apart: "50 casualties on the army".
HARM_NOUNS = frozenset({"casualty", "injury", "loss", "fatality", "death"})
# Nouns of places and events that "in" gives a harm noun ("casualties in the area").
PLACE_NOUNS = frozenset(
    {"area", "region", "zone", "sector", "attack", "clash", "fighting", "incident", "action"}
)
# Words that set a figure against an earlier one: "compared to four", "down from 799".
COMPARISON_WORDS = frozenset({"compare", "down", "up", "high", "low", "peak", "against", "versus"})
# Nouns for a running tally: "the death toll rose to 40", "the number of casualties".
TALLY_NOUNS = frozenset({"number", "toll", "total", "count", "figure", "tally"})
# Verbs that say a figure is (not) known rather than that something happened to people:
# "no casualties were reported".
INFORMATION_VERBS = frozenset({"report", "mention", "register", "know", "confirm", "give"})
# Verbs of an attack whose agent is the attacking party ("carried out by 20 terrorists").
DEED_VERBS = frozenset(
    {"carry", "attack", "ambush", "commit", "perpetrate", "form", "stage", "fire", "storm"}
)
# Counted words that are people whatever they did.
PEOPLE_WORDS = frozenset({"people", "person", "individual", "unknown", "one"})
# Words in a count that make it an explicit zero ("no one", "none of", "without any").
ZERO_WORDS = frozenset({"no", "none", "any", "nobody", "without"})
# Words that make a count a further group: "two more rebels", "another three", "seven other".
ADDITIVE_WORDS = frozenset({"more", "another", "other", "others", "additional", "further"})
# Words and phrases that mark a running total rather than one incident.
RUNNING_TOTAL_MARKERS = (
    "so far",
    "to date",
    "in total",
    "in all",
    "total",
    "totaled",
    "totalled",
    "overall",
    "cumulative",
    "since",
    "toll",
    "until now",
    "up to now",
    "thus far",
    "altogether",
    "the war",
    "the conflict",
)
# Counted words that are people in a force, for `deployed` ("10,000 troops", "a 39-man patrol").
FORCE_NOUNS = frozenset(
    {
        "troop",
        "soldier",
        "man",
        "fighter",
        "guerrilla",
        "rebel",
        "militant",
        "policeman",
        "police",
        "officer",
        "personnel",
        "adviser",
        "advisor",
        "member",
        "mercenary",
        "commando",
        "marine",
        "paratrooper",
        "agent",
        "guard",
        "volunteer",
        "militiaman",
        "insurgent",
        "gunman",
        "terrorist",
        "patrol",
        "group",
        "airman",
        "airmen",
        "serviceman",
        "servicemen",
        "sailor",
        "trooper",
        "reservist",
        "gendarme",
        "sniper",
    }
)
# Nouns for a body of force members: "a group of about 30 men", "a column of 200 soldiers".
FORCE_UNITS = frozenset(
    {"group", "band", "squad", "column", "contingent", "force", "detachment", "army", "corps"}
)
# Counted words for people that make a force only when armed, if they only carry or wear
# something ("two men carried a banner" is no force; "two men carrying rifles" is).
GENERIC_FORCE_NOUNS = frozenset({"man"})
# Force-action verbs that say only what people carried or wore ("two men carried a banner").
BEARING_VERBS = frozenset({"carry", "wear", "dress", "take", "involve"})
# Words that show people bore arms: "armed men", "men in uniform", "carrying rifles".
ARMED_WORDS = frozenset(
    {
        "armed",
        "arm",
        "weapon",
        "rifle",
        "gun",
        "pistol",
        "machinegun",
        "grenade",
        "uniform",
        "uniformed",
        "hooded",
        "masked",
        "camouflage",
        "explosive",
    }
)
# Verbs that state what a force is made of ("composed of 300 members"; "made up of" apart).
COMPOSITION_VERBS = frozenset({"compose", "consist", "comprise", "number"})
# Verbs that put a counted force in action: sent, massed, arrived, opened fire, took part.
FORCE_ACTION_VERBS = frozenset(
    {
        "arrive",
        "enter",
        "surround",
        "attack",
        "occupy",
        "fire",
        "show",
        "storm",
        "raid",
        "ambush",
        "participate",
        "involve",
        "take",
        "travel",
        "operate",
        "guard",
        "patrol",
        "launch",
        "appear",
        "assault",
        "open",
        "break",
        "burst",
        "wear",
        "dress",
        "carry",
    }
)
# Counted words that are never people: a count of them is not a claim.
NOT_PEOPLE = frozenset(
    {
        "vehicle",
        "truck",
        "car",
        "bus",
        "house",
        "home",
        "building",
        "weapon",
        "rifle",
        "gun",
        "bomb",
        "mine",
        "round",
        "munition",
        "shell",
        "rocket",
        "missile",
        "aircraft",
        "plane",
        "helicopter",
        "drone",
        "artillery",
        "boat",
        "ship",
        "school",
        "hospital",
        "road",
        "bridge",
        "tank",
        "attack",
        "clash",
        "incident",
        "operation",
        "raid",
        "strike",
        "airstrike",
        "kidnapping",
        "murder",
        "killing",
        "slaying",
        "assassination",
        "bombing",
        "explosion",
        "action",
        "unit",
        "team",
        "battalion",
        "brigade",
        "division",
        "company",
        "platoon",
        "country",
        "nation",
        "state",
        "town",
        "village",
        "city",
        "province",
        "department",
        "percent",
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "time",
        "dollar",
        "peso",
        "bed",
        "tonne",
        "ton",
        "kilogram",
        "kilometer",
        "mile",
        "document",
        "meeting",
        "session",
        "point",
        "case",
        "charge",
        "count",
        "sentence",
        "vote",
        "seat",
        "camp",
    }
)
