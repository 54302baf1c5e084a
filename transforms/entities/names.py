"""Name keys: the forms names are compared in, and the ids of entities no reference source knows.

`name_key` drops case, accents, punctuation and a leading "the"; `typed_key` also a person's
honorifics and an organisation's legal form; `local_entity_id` makes an id from it.
"""

from __future__ import annotations

from schemas.reference.keys import name_key

# Transliterations of the Arabic article "al-" that place names are written with or without:
# "Ar Raqqah" / "Raqqa", "Al Anbar" / "Anbar". ("El" is left out: El Salvador is not Salvador.)
_ARABIC_ARTICLES = frozenset({"al", "ar", "as", "ad", "an", "at", "az", "ash", "adh"})
# Honorifics spaCy sometimes keeps in a PERSON span; they are not part of the name.
_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "president",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "maj",
        "major",
        "capt",
        "captain",
        "sgt",
        "adm",
        "admiral",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "minister",
        "premier",
        "king",
        "queen",
        "prince",
        "sheikh",
        "he",
        "pope",
        "chancellor",
        "ambassador",
    }
)
# Legal forms ending an organisation's name: "Ford Motor Co." and "Ford Motor Company" are one.
_LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "plc",
        "llc",
        "lp",
        "nv",
        "sa",
        "spa",
        "ag",
        "gmbh",
        "group",
        "holdings",
    }
)


def local_entity_id(entity_type: str, name: str) -> str:
    """The id of an entity no reference source knows: type plus slug, "person:lee-seong-kweun".

    The slug is the name key for the type: a person's without honorifics, an organisation's
    without its legal form ("Apple Inc." -> "org:apple").
    """
    return f"{entity_type.lower()}:{typed_key(name, entity_type).replace(' ', '-')}"


def typed_key(name: str, entity_type: str) -> str:
    """`name_key`, less leading honorifics of a PERSON and the trailing legal form of an ORG."""
    words = name_key(name).split()
    if entity_type == "PERSON":
        # A "the" the titles uncover goes too, as name_key would drop it ("Mr The Smith").
        while len(words) > 1 and (words[0] in _TITLES or words[0] == "the"):
            del words[0]
    elif entity_type == "ORG":
        while len(words) > 1 and words[-1] in _LEGAL_FORMS:
            del words[-1]
    return " ".join(words)


def display_name(surface: str, label: str) -> str:
    """A mention's text as a name: no leading "the", no honorifics before a person's name."""
    words = surface.split()
    while len(words) > 1 and (
        words[0].casefold() == "the"
        or (label == "PERSON" and words[0].casefold().rstrip(".") in _TITLES)
    ):
        del words[0]
    return " ".join(words)


def acronym_letters(name: str) -> str | None:
    """The letters of an acronym ("U.S." -> "US"); None unless the name is 2-8 capitals."""
    if not name.isupper():
        return None
    letters = name.replace(".", "")
    if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isascii():
        return letters
    return None


def without_article(key: str) -> str:
    """A name key without a leading Arabic article ("ar raqqah" -> "raqqah"), else ""."""
    article, _, rest = key.partition(" ")
    return rest if article in _ARABIC_ARTICLES and rest else ""


__all__ = [
    "acronym_letters",
    "display_name",
    "local_entity_id",
    "name_key",
    "typed_key",
    "without_article",
]
