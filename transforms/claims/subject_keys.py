"""One key per counted group across spellings and wordings (issue 19).

"protesters", "protestors", "protester" and "slain protesters" are one subject, `-/protester`;
"North Korean soldiers", "soldiers of North Korea" and "DPRK troops" are one, `prk/soldier`.

Key format: `<country>/<group>[@<affiliation>]`.
- `<country>`: the lower-case ISO 3166 alpha-3 code of the country a nationality word or place
  among the subject's modifiers names ("North Korean", "of North Korea", "DPRK"), as entity
  resolution gives it; the written name, lower-cased and hyphenated, for one the reference data
  does not know ("velmoran"); `-` when the subject names none.
- `<group>`: the head noun's spaCy lemma, lower-cased, in the spelling
  `schemas/reference/spelling_variants.csv` gives and the group word
  `schemas/reference/subject_words.csv` gives ("troop" -> "soldier", "casualty" -> "person"),
  after the modifiers that define the group: compound nouns ("police officer") and the
  adjectives that table lists ("civilian"). Evaluative and event words ("slain", "wounded",
  "more", "innocent") are left out. A harm noun with such a modifier is its modifier
  ("civilian casualties" -> `civilian`). A head that counts another group ("members of the
  police", "the toll of protesters") takes the group after "of".
- `@<affiliation>`: the entity id of an organisation among the modifiers ("Hamas fighters").
An elliptical head ("others", "some") takes the antecedent group the claim's `subject_group`
names, the nearest earlier mention of that word; None when there is none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from anyascii import anyascii
from spacy.tokens import Doc, Token

from schemas.reference.spelling_variants import spelling_variants
from schemas.reference.subject_words import SubjectWords, subject_words
from transforms.claims.parse import source_text
from transforms.claims.types import Claim, EntitySpan, TextSpan

NO_COUNTRY = "-"
_COUNTRY_LABELS = frozenset({"GPE", "NORP", "LOC"})
_AFFILIATION_LABELS = frozenset({"ORG"})
# Prepositions whose object defines the group: "soldiers of North Korea", "protesters from Iran".
_GROUP_PREPOSITIONS = frozenset({"of", "from"})
_HARM_GROUP = "person"
# Dependents that never define a group: the count itself, determiners, punctuation.
_SKIPPED_DEPS = frozenset({"det", "nummod", "punct", "quantmod", "predet", "cc", "case"})


def subject_key(
    doc: Doc,
    subject: TextSpan | None,
    subject_group: str | None,
    entities: Sequence[EntitySpan],
    words: SubjectWords | None = None,
) -> str | None:
    """The key of the counted group in `subject` (offsets in `doc`), None without a subject."""
    if subject is None:
        return None
    words = words or subject_words()
    span = doc.char_span(subject.start, subject.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = group_head(span.root, words)
    if _is_elliptical(head, words):
        head = _antecedent(doc, span.start, subject_group, words)
        if head is None:
            return None
    return key_of(head, entities, words)


def group_head(token: Token, words: SubjectWords) -> Token:
    """The noun that names the group: the token, or the object of its "of" when the token only
    counts or points to another group ("members of the police", "the deaths of ten
    protesters", "none of those doctors")."""
    lemma = _normal(token)
    if (
        lemma in words.partitives
        or lemma in words.ellipticals
        or words.heads.get(lemma) == _HARM_GROUP
    ):
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [t for t in child.children if t.dep_ == "pobj"]
                if objects:
                    return group_head(objects[0], words)
    return token


def key_of(head: Token, entities: Sequence[EntitySpan], words: SubjectWords) -> str:
    """The key of the group `head` names, with the modifiers that define it."""
    country: str | None = None
    affiliation: str | None = None
    kept: list[str] = []
    text = source_text(head.doc)
    own = _entity_of(head, entities)
    if own is not None:
        country, affiliation = _country_or_affiliation(own, text)
    for token in _modifiers(head):
        entity = _entity_of(token, entities)
        if entity is not None:
            found_country, found_affiliation = _country_or_affiliation(entity, text)
            country = country or found_country
            affiliation = affiliation or found_affiliation
            continue
        word = _normal(token)
        if token.dep_ == "compound" and token.pos_ in ("NOUN", "PROPN"):
            word = words.heads.get(word, word)
            if word != _HARM_GROUP and word not in kept:
                kept.append(word)
        elif word in words.modifiers and words.modifiers[word] not in kept:
            kept.append(words.modifiers[word])
    # A head that is itself a name: "300 Iranians" are people of Iran, "Hamas" its members.
    group = _normal(head)
    if own is not None and (country or affiliation):
        group = _HARM_GROUP if country else "member"
    group = words.heads.get(group, group)
    parts = kept if group == _HARM_GROUP and kept else [*kept, group]
    key = f"{country or NO_COUNTRY}/{'-'.join(parts)}"
    return f"{key}@{affiliation}" if affiliation else key


def _modifiers(head: Token) -> list[Token]:
    """The words before the head in its phrase and the objects of its "of"/"from", in order."""
    found: list[Token] = []
    for child in head.lefts:
        if child.dep_ not in _SKIPPED_DEPS and child.pos_ != "NUM":
            found += [t for t in child.subtree if t.dep_ not in _SKIPPED_DEPS]
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _GROUP_PREPOSITIONS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found += [t for t in obj.subtree if t.dep_ not in _SKIPPED_DEPS]
    return found


def _is_elliptical(head: Token, words: SubjectWords) -> bool:
    return head.pos_ == "PRON" or _normal(head) in words.ellipticals


def _antecedent(
    doc: Doc, before: int, subject_group: str | None, words: SubjectWords
) -> Token | None:
    """The nearest earlier mention of the claim's group word, when that word is a group; else
    the nearest earlier counted noun ("two more rebels were killed ... six others") in this
    sentence or the one before."""
    word = (subject_group or "").lower().split()[-1:] or [""]
    if word[0] and word[0] not in words.ellipticals:
        for token in reversed(doc[:before]):
            if token.lower_ == word[0]:
                head = group_head(token, words)
                return None if _is_elliptical(head, words) else head
    if before == 0:
        return None
    sentence = doc[before].sent
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    for token in reversed(doc[start:before]):
        if token.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "nummod" for c in token.children):
            head = group_head(token, words)
            if not _is_elliptical(head, words):
                return head
    return None


def _entity_of(token: Token, entities: Sequence[EntitySpan]) -> EntitySpan | None:
    for entity in entities:
        if entity.start_char <= token.idx < entity.end_char:
            return entity
    return None


def _country_or_affiliation(entity: EntitySpan, text: str) -> tuple[str | None, str | None]:
    """(country, affiliation) an entity among the modifiers gives: a place or nationality
    names a country, an organisation an affiliation; any other entity neither."""
    if entity.country_code:
        return entity.country_code.lower(), None
    if entity.label in _COUNTRY_LABELS:
        return _slug(text[entity.start_char : entity.end_char]) or None, None
    if entity.label in _AFFILIATION_LABELS and entity.entity_id:
        return None, entity.entity_id
    return None, None


def _normal(token: Token) -> str:
    word = anyascii(token.lemma_ or token.text).lower()
    return spelling_variants().get(word, word)


def _slug(written: str) -> str:
    return "-".join(anyascii(written).lower().replace("'s", " ").split())


def with_article_countries(claims: Sequence[Claim]) -> list[Claim]:
    """Claims whose bare group ("troops": `-/soldier`) takes the country the article gave that
    group before ("North Korean soldiers": `prk/soldier`), else the one country it gives the
    group anywhere; a group the article gives two countries and none before stays bare."""
    countries: dict[str, set[str]] = {}
    for claim in claims:
        if claim.subject_key is None or claim.subject_key.endswith(f"/{_HARM_GROUP}"):
            continue
        country, _, group = (claim.subject_key or "").partition("/")
        if group and country != "-":
            countries.setdefault(group, set()).add(country)
    latest: dict[str, str] = {}
    keyed = []
    for claim in claims:
        country, _, group = (claim.subject_key or "").partition("/")
        if group == _HARM_GROUP:
            # "people" is every group: a country named for some people is not everyone's.
            keyed.append(claim)
            continue
        if group and country != "-":
            latest[group] = country
        elif group:
            found = latest.get(group) or (
                next(iter(countries[group])) if len(countries.get(group, ())) == 1 else None
            )
            if found:
                claim = replace(claim, subject_key=f"{found}/{group}")
        keyed.append(claim)
    return keyed
