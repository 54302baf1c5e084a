"""One key per claimant across spellings and articles (issue 19), with no reference data needed.

"Ostria's defence ministry", "the Ostrian defense ministry" and, later in the same article, "the
ministry" are one claimant: `org:ostria/defence-ministry`. A person is the person's entity
("Colonel Petra Vossberg" and "Vossberg" are `person:petra-vossberg`). The key of an
organisation is its country (a place named in it, or the country its nationality word names)
and the rest of its words, lower-cased, transliterated, without determiners or possessives, each
in the spelling `schemas/reference/spelling_variants.csv` gives. A bare description ("the
ministry", "the defence ministry") takes the key of the last claimant of the article it names.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from anyascii import anyascii

from schemas.reference.spelling_variants import spelling_variants
from transforms.claims.types import Claim, EntitySpan, TextSpan

_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
# Endings a nationality word adds to its country's name: "Ostria" -> "Ostrian", "Sudan" ->
# "Sudanese", "Iraq" -> "Iraqi"; the reference demonyms cover the irregular ones.
_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish", "ic")
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_POSSESSIVE_RE = re.compile(r"['’]s\b")


def with_claimant_keys(
    claims: Sequence[Claim], entities: Sequence[EntitySpan], text: str
) -> list[Claim]:
    """The claims, in article order, each with its `claimant_key`."""
    places = [e for e in entities if e.label in _PLACE_LABELS and e.entity_id]
    seen: list[str] = []
    keyed = []
    for claim in claims:
        key = None
        if claim.claimant_span is not None:
            key = _key(claim.claimant_span, entities, places, text, seen)
            if key is not None and key not in seen:
                seen.append(key)
        keyed.append(dataclasses.replace(claim, claimant_key=key))
    return keyed


def _key(
    span: TextSpan,
    entities: Sequence[EntitySpan],
    places: Sequence[EntitySpan],
    text: str,
    seen: Sequence[str],
) -> str | None:
    inside = [e for e in entities if span.start <= e.start_char and e.end_char <= span.end]
    # "Velmora's defence ministry": a name before a possessive owns the claimant, it is not it.
    owners = [e for e in inside if e.end_char < span.end and _POSSESSIVE_RE.match(text, e.end_char)]
    people = [e for e in inside if e.label == "PERSON" and e.entity_id and e not in owners]
    if people:
        return people[-1].entity_id
    written = span.text or text[span.start : span.end]
    country = None
    words = _words(written)
    for entity in inside:
        if entity.label in _PLACE_LABELS | {"NORP"} or entity in owners:
            name = _words(text[entity.start_char : entity.end_char])
            country = _country(entity, name, places, text) or country
            words = [w for w in words if w not in name]
    words = [w for w in words if w not in _DETERMINERS and w != "s"]
    lead = [w for w in re.findall(r"[A-Za-z]+", written) if w.lower() not in _DETERMINERS]
    if country is None and len(words) > 1 and lead[:1] and lead[0][0].isupper():
        # "the Ostrian defence ministry" tagged whole as an organisation: a capitalized
        # nationality word first is still its country.
        country = _demonym_place(lead[0].lower())
        words = words[1:] if country else words
    if not words:
        return f"org:{country}" if country else None
    institution = "-".join(words)
    if country is None:
        # "the ministry", "the defence ministry": the last claimant this article named so, else
        # the last organisation it mentioned so.
        for earlier in reversed(seen):
            if earlier.startswith("org:") and _ends_with(earlier, words):
                return earlier
        for entity in reversed(entities):
            if entity.end_char > span.start or entity.label != "ORG":
                continue
            written = text[entity.start_char : entity.end_char]
            if _words(written)[-len(words) :] != words:
                continue  # cheap test first: only a mention that ends with these words
            named = TextSpan(written, entity.start_char, entity.end_char)
            key = _key(named, entities, places, text, ())
            if key and not key.startswith("org:/") and _ends_with(key, words):
                return key
    return f"org:{country or ''}/{institution}"


def _demonym_place(word: str) -> str | None:
    """The place a nationality word is most likely formed from when no place in the article
    is: "ostrian" -> "ostria", "syrian" -> "syria", "kenyan" -> "kenya"; None for a word that
    does not end as a nationality does."""
    if len(word) > 4 and word.endswith(("ian", "an")):
        return word[:-1]
    return None


def _words(written: str) -> list[str]:
    variants = spelling_variants()
    words = re.findall(r"[a-z0-9]+", anyascii(written).lower())
    return [variants.get(word, word) for word in words]


def _country(
    entity: EntitySpan, name: list[str], places: Sequence[EntitySpan], text: str
) -> str | None:
    """The country an entity inside a claimant names: a place's own name, or the place a
    nationality word is formed from ("Ostrian" -> "Ostria", "Sudanese" -> "Sudan")."""
    if entity.label in _PLACE_LABELS or entity.label not in ("NORP",):
        return "-".join(name)  # a place, or another owner ("Velmora's" read as a person)
    if entity.entity_id and entity.entity_id.startswith("gpe:"):
        return entity.entity_id.removeprefix("gpe:")  # a demonym the reference data knows
    word = "-".join(name)
    for place in places:
        place_name = "-".join(_words(text[place.start_char : place.end_char]))
        if place_name and any(word == place_name + end for end in _DEMONYM_ENDINGS):
            return place_name
    return _demonym_place(word) or word or None


def _ends_with(key: str, words: list[str]) -> bool:
    institution = key.split("/", 1)[-1].split("-")
    return len(words) <= len(institution) and institution[-len(words) :] == words
