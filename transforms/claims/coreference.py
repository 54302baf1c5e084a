"""Who "he", "the officer" or "the rebel station" stands for among the sources an article names.

A small salience-based coreference in the manner of the deterministic sieves (head match, then
recency): the candidates are the sources the article names (subjects and agents of reporting
verbs, "according to" objects) and the people and organisations the NER finds, each with the
words of its name, title and first appositive ("RADIO VENCEREMOS, THE FMLN'S OFFICIAL RADIO
STATION" is a station; "[COLONEL] PONCE, CHAIRMAN OF THE JOINT CHIEFS" is a colonel, hence an
officer). An anaphor takes the latest earlier candidate that fits:
- "he", "she": the latest person (a title, or a PERSON entity);
- a definite description ("the officer", "the rebel station", "the Foreign Secretary"): the
  latest candidate whose words hold the description's head, or a word of the head's class.

`tests/accuracy/score_claims.py` measures it through the claimant and chain rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from transforms.claims.attribution import (
    PERSON_PRONOUNS,
    PRONOUNS,
    according_to,
    noun_phrase,
    reporting_source,
)
from transforms.claims.parse import lemma, source_text
from transforms.claims.types import EntitySpan, TextSpan
from transforms.vocabulary.reporting import (
    DESCRIPTION_CLASSES,
    DESCRIPTION_HEADS,
    PERSON_TITLES,
    REPORTING_VERBS,
)

# Determiners that make a noun phrase point back ("the officer", "this station").
DEFINITE = frozenset({"the", "this", "that", "these", "those", "same", "said"})
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def words_of(text: str) -> list[str]:
    """The lower-case words of a name."""
    return re.findall(r"[a-z]+", text.lower())


@dataclass(frozen=True, slots=True)
class SourceMention:
    """A source the article names, with the words that describe it."""

    span: TextSpan
    words: frozenset[str]
    person: bool


def is_description(words: Sequence[str], written: str = "") -> bool:
    """Whether a name is a definite description that points back ("the rebel station", "the
    officer"), not a name of its own: "the Ostrian defence ministry" (a capitalised modifier
    in mixed-case text) and, in capitals, a phrase of two or more modifiers name their body."""
    if len(words) < 2 or words[0] not in DEFINITE or words[-1] not in DESCRIPTION_HEADS:
        return False
    modifiers = written.split()[1:-1]
    if written.isupper():
        return len(modifiers) <= 1
    return not any(word[:1].isupper() for word in modifiers)


@dataclass(frozen=True)
class SourceMentions:
    """The article's candidate antecedents, in text order."""

    mentions: tuple[SourceMention, ...]
    # The sources the article names through reporting verbs and "according to".
    sources: tuple[TextSpan, ...] = ()

    @classmethod
    def of(cls, doc: Doc, entities: Sequence[EntitySpan]) -> SourceMentions:
        """Every named source and entity mention of a parsed article."""
        text = source_text(doc)
        people = [e for e in entities if e.label == "PERSON"]
        found: dict[tuple[int, int], SourceMention] = {}

        def add(span: TextSpan, entity_person: bool = False) -> None:
            words = words_of(span.text or text[span.start : span.end])
            written = span.text or text[span.start : span.end]
            if not words or words[-1] in PRONOUNS or is_description(words, written):
                return
            person = entity_person or bool(set(words) & PERSON_TITLES)
            person = person or any(
                e.start_char < span.end and span.start < e.end_char for e in people
            )
            found.setdefault((span.start, span.end), SourceMention(span, frozenset(words), person))

        sources: list[TextSpan] = []
        for token in doc:
            if lemma(token) in REPORTING_VERBS and token.pos_ in ("VERB", "AUX"):
                source = reporting_source(token)
                if source is not None:
                    add(source)
                    sources.append(source)
        for sentence in doc.sents:
            source = according_to(sentence)
            if source is not None:
                add(source)
                sources.append(source)
        for entity in entities:
            if entity.label not in _ENTITY_LABELS:
                continue
            span = doc.char_span(entity.start_char, entity.end_char, alignment_mode="expand")
            if span is None:
                continue
            # The name with its title and appositive ("Foreign Secretary Boris Johnson").
            phrase = noun_phrase(span.root)
            written = text[phrase.start : phrase.end]
            if not (
                phrase.start <= entity.start_char and entity.end_char <= phrase.end
            ) or re.search(r"[\d()\[\]]", written):
                # A dateline or a bracket swallowed by the parse: the entity alone.
                phrase = TextSpan(
                    text[entity.start_char : entity.end_char], entity.start_char, entity.end_char
                )
            add(phrase, entity.label == "PERSON")
        ordered = sorted(found.values(), key=lambda m: (m.span.end, m.span.start))
        return cls(tuple(ordered), tuple(sources))

    def antecedent(self, item: TextSpan, text: str) -> TextSpan | None:
        """What a pronoun or definite description stands for; None when nothing fits (or the
        item is a name already)."""
        written = item.text or text[item.start : item.end]
        words = words_of(written)
        if not words:
            return None
        if words[-1] in PERSON_PRONOUNS and len(words) == 1:
            fits = lambda mention: mention.person  # noqa: E731
        elif is_description(words, written):
            wanted = {words[-1], *DESCRIPTION_CLASSES.get(words[-1], ())}
            fits = lambda mention: bool(mention.words & wanted)  # noqa: E731
        else:
            # A name: nothing to resolve, and no scan of the article's mentions.
            return None
        # The latest earlier mention that fits (mentions are in text order).
        for mention in reversed(self.mentions):
            if mention.span.end <= item.start and fits(mention):
                return mention.span
        return None
