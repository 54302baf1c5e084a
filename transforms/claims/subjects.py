"""What a count counts: the counted word, the people's noun phrase and their group word."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from transforms.claims.parse import clause_verb, lemma, source_text
from transforms.claims.types import TextSpan
from transforms.vocabulary.casualties import (
    ADDITIVE_WORDS,
    HARM_NOUNS,
    NOUN_CATEGORIES,
    PLACE_NOUNS,
    TALLY_NOUNS,
)

# Counted words that stand for a group named before: "3 of them", "two of those".
PRONOUN_GROUPS = frozenset({"them", "whom", "which", "those", "these", "us", "our", "own"})


@dataclass(frozen=True, slots=True)
class Counted:
    """What a count counts: the noun (or the number itself) and the token that ties it
    into its clause (the noun, or the number in "300 of the soldiers")."""

    word: Token
    anchor: Token
    via_of: bool


def number_token(span: Span) -> Token:
    """The token of a count that is the number itself (the last one, in "two hundred")."""
    numbers = [token for token in span if token.like_num or token.pos_ == "NUM"]
    if numbers:
        return numbers[-1]
    return span.root


def counted_word(number: Token, span: Span) -> Counted:
    """The noun the count counts, or the number itself when it stands for the people."""
    head = number
    # Climb out of the number expression itself ("more than 300": 300 -> than -> more ...).
    while (
        head.head.i != head.i
        and head.head.i in range(span.start, span.end)
        and head.head.pos_ not in ("VERB", "AUX")  # "surpassed 3,000": the verb is the clause
    ):
        head = head.head
    # "no injuries were reported": the zero word is the noun's determiner.
    if head.dep_ == "det" and head.lower_ in ("no", "any") and head.head.pos_ == "NOUN":
        return Counted(head.head, head.head, False)
    target = head.head
    # "two [as heard] extraditables": a wire-copy note between the number and its noun.
    if target.text == "[" and target.head.i > target.i:
        target = target.head
    if head.dep_ in ("nummod", "quantmod", "amod", "compound", "npadvmod", "nmod") and (
        target.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
    ):
        # "two dozen Thai nationals": the number lands on a name that modifies the noun.
        while target.dep_ == "compound" and target.pos_ == "PROPN" and target.head.i > target.i:
            target = target.head
        # "a 39-man patrol": the number modifies "man", which modifies the unit.
        if target.lemma_.lower() == "man" and target.dep_ in ("amod", "compound", "nmod"):
            return Counted(target.head, target.head, False)
        return Counted(target, target, False)
    for preposition in head.children:
        if preposition.dep_ == "prep" and preposition.lower_ == "of":
            objects = [child for child in preposition.children if child.dep_ == "pobj"]
            if objects:
                return Counted(objects[0], head, True)
    return Counted(head, head, False)


def subject_phrase(counted: Token, span: Span, sentence: Span) -> TextSpan | None:
    """The counted people's noun phrase without the number and its qualifier."""
    if counted.i in range(span.start, span.end):
        return None
    # "among them five teachers": a phrase before the noun that names the whole, not the part.
    before = {
        token.i
        for child in counted.children
        if child.dep_ == "prep" and child.i < counted.i
        for token in child.subtree
    }
    tokens = [
        token
        for token in counted.subtree
        if token.i not in range(span.start, span.end)
        and token.i not in before
        and not is_size_word(token, counted, span)
        and token.dep_ not in ("relcl", "acl", "punct", "cc", "prep", "det")
        and token.i <= counted.i
    ]
    # Keep "of"-phrases that name the group ("members of the Antioquia police").
    for child in counted.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            tokens += list(child.subtree)
    noted = bracketed(sentence)
    tokens = [t for t in tokens if sentence.start <= t.i < sentence.end and t.i not in noted]
    if not tokens:
        return None
    tokens.sort(key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return TextSpan(source_text(counted.doc)[start:end], start, end)


def bracketed(sentence: Span) -> set[int]:
    """Indices of a sentence's wire-copy notes, brackets included ("[as heard]")."""
    found: set[int] = set()
    opened: int | None = None
    for token in sentence:
        if token.text == "[":
            opened = token.i
        elif token.text == "]" and opened is not None:
            found |= set(range(opened, token.i + 1))
            opened = None
    return found


def is_size_word(token: Token, counted: Token, span: Span) -> bool:
    """'man' in "a 60-man armed group": part of the size, not of the group's name."""
    return (
        token.i != counted.i
        and lemma(token) == "man"
        and any(child.i in range(span.start, span.end) for child in token.children)
    )


def affected_group(word: Token) -> Token | None:
    """The group a harm noun is about: "casualties on the army", "army casualties"."""
    if lemma(word) not in HARM_NOUNS:
        return None
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "among", "in", "of"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            # "13 casualties in the area of Suchitoto", "34 deaths in September": not a group.
            if objects and not (child.lower_ == "in" and is_place(objects[0])):
                return objects[0]
        if child.dep_ in ("compound", "nmod") and child.pos_ in ("NOUN", "PROPN"):
            return child
    head = word.head
    # "inflicted 50 casualties on the army": the group hangs on the verb.
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "among") and child.i > word.i:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def is_place(token: Token) -> bool:
    """Whether a noun names a place, a time or an event ("the area", "Suchitoto", "September",
    "the attack") rather than a group of people."""
    return lemma(token) in PLACE_NOUNS or token.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME")


def tally_group(anchor: Token) -> Token | None:
    """The group a tally counts: "the number of casualties among North Korean forces", "the
    number of Americans who would die ... looks more like 60,000"."""
    verb = anchor.head.head if anchor.dep_ == "pobj" else clause_verb(anchor)
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and lemma(child) in TALLY_NOUNS:
            for token in child.subtree:
                if token.dep_ == "prep" and token.lower_ in ("among", "of") and token.i > child.i:
                    objects = [c for c in token.children if c.dep_ == "pobj"]
                    if objects and lemma(objects[0]) not in NOUN_CATEGORIES:
                        return objects[0]
    return None


def group_word(counted: Token, number: Token) -> str | None:
    """The counted noun as written, lower-cased; None when the number stands alone."""
    if counted.i == number.i:
        return None
    return counted.lower_


def restated_group(word: Token, group: str | None) -> str:
    """The group that tells a restatement from a new fact, lower-cased ("" for none): a harm
    noun with no group of its own ("13 casualties") names none ("13 casualties on the enemy"
    names its group through `affected_group`)."""
    if lemma(word) in HARM_NOUNS and (group or "").lower() == word.lower_:
        return ""
    return (group or "").lower()


def is_additive(number: Token, span: Span) -> bool:
    """'two more rebels', 'another three', 'seven other people': a further group, not a repeat."""
    doc = number.doc
    end = span.end
    # "seven [number as heard] other people": read past a wire-copy note.
    if end < len(doc) and doc[end].text == "[":
        close = next((t.i for t in doc[end : end + 8] if t.text == "]"), None)
        end = close + 1 if close is not None else end
    before = range(max(span.start - 1, 0), span.end)
    # After the count, only a word on the count itself: "seven other people", "two more", not
    # "several missionaries further confirms".
    after = [
        i for i in range(end, min(end + 2, len(doc))) if doc[i].head.pos_ not in ("VERB", "AUX")
    ]
    return any(doc[i].lower_ in ADDITIVE_WORDS for i in [*before, *after])
