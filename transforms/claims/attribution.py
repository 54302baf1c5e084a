"""Who a figure is attributed to: reporting verbs, "according to", quotations, back references."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from transforms.claims.parse import lemma, source_text
from transforms.claims.types import Attribution, EntitySpan, Quotation, TextSpan
from transforms.vocabulary.reporting import CONTINUATION_WORDS, GENERIC_SOURCES, REPORTING_VERBS

# Pronouns a source may be named by; they resolve to the nearest earlier entity.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# "these numbers ... disclosed by X": a following sentence that attributes the figures before it.
_BACK_REFERENCE_RE = re.compile(
    r"\b(these|those|the) (numbers|figures|casualty figures|estimates|statistics|totals?)\b",
    re.IGNORECASE,
)
_CONTINUATION_RE = re.compile(
    r"^\W*(" + "|".join(re.escape(word) for word in CONTINUATION_WORDS) + r")\b", re.IGNORECASE
)
# A name longer than this many tokens is a misparse that swallowed a clause.
_MAX_NAME_TOKENS = 14


def attribution_for_count(number: Token, sentence: Span) -> Attribution | None:
    """A source attached to the count's own clause ("according to X", "X said that ...")."""
    verb = number
    chain: list[TextSpan] = []
    reporting: str | None = None
    seen = set()
    while verb.head.i != verb.i and verb.i not in seen:
        seen.add(verb.i)
        verb = verb.head
        if lemma(verb) in REPORTING_VERBS and verb.pos_ in ("VERB", "AUX"):
            source = reporting_source(verb)
            if source:
                chain.insert(0, source)
                reporting = reporting or lemma(verb)
    inner = according_to(sentence, number)
    if inner and inner not in chain:
        chain.append(inner)
    if not chain:
        return None
    return Attribution(tuple(chain), reporting)


def reporting_source(verb: Token) -> TextSpan | None:
    """Who speaks through a reporting verb: its subject, its agent, or the noun a relative
    clause hangs on."""
    for child in verb.children:
        if child.dep_ == "nsubj" and child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            # "Zelenskyy, who confirmed ...": the pronoun stands for the noun the clause is on.
            return noun_phrase(verb.head)
        if child.dep_ == "nsubj" and child.text in ("]", ")"):
            # "THE LIBERATION FRONT [FMLN] SAID": the parser takes the bracket for the subject.
            name = _before_brackets(child)
            if name is not None:
                return source_phrase(name)
        if child.dep_ in ("nsubj",) and child.lower_ not in ("it", "there"):
            return source_phrase(child)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    if verb.dep_ == "conj":
        # "the committee played down the attack and admitted three casualties": the first
        # verb's subject speaks through the second.
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if subjects and subjects[0].lower_ not in ("it", "there"):
            return source_phrase(subjects[0])
    # "who confirmed": the relative pronoun stands for the noun the clause hangs on.
    if verb.dep_ == "relcl":
        return noun_phrase(verb.head)
    if verb.dep_ == "advcl" or verb.dep_ == "acl":
        return reporting_source(verb.head) if lemma(verb.head) in REPORTING_VERBS else None
    return None


def _before_brackets(closing: Token) -> Token | None:
    """The word before the bracketed group a closing bracket ends ("FRONT" of "FRONT [FMLN]")."""
    opening = {"]": "[", ")": "("}[closing.text]
    doc = closing.doc
    for i in range(closing.i - 1, max(closing.i - 12, -1), -1):
        if doc[i].text == opening:
            return doc[i - 1] if i > 0 and not doc[i - 1].is_punct else None
    return None


def according_to(sentence: Span, near: Token | None = None) -> TextSpan | None:
    """The source an "according to X", "citing X" or "quoting X" in the sentence names; with
    `near`, the one closest to that word when the sentence has several ("..., according to
    the ministry, ... displacing 1.5 million, according to United Nations figures")."""
    found = _according_sources(sentence)
    if not found or near is None:
        return found[0][1] if found else None
    # The one on the nearest clause above the word; then one after it (a trailing "according
    # to X" attributes the clause before it), the nearest first.
    ancestors = [near.i, *(a.i for a in near.ancestors)]

    def rank(item: tuple[Token, TextSpan]) -> tuple[int, bool, int]:
        head = item[0].head.i
        depth = ancestors.index(head) if head in ancestors else len(ancestors)
        return depth, item[0].i < near.i, abs(item[0].i - near.i)

    return min(found, key=rank)[1]


def _according_sources(sentence: Span) -> list[tuple[Token, TextSpan]]:
    """Each "according to X", "citing X", "quoting X" of a sentence, with its source."""
    found: list[tuple[Token, TextSpan]] = []
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end:
            to = token.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"] or [
                c for c in token.children if c.dep_ == "pobj"
            ]
            for preposition in token.children:
                objects += [c for c in preposition.children if c.dep_ == "pobj"]
            if objects:
                found.append((token, source_phrase(objects[0])))
        if token.lower_ in ("citing", "quoting") and token.pos_ in ("VERB", "ADP"):
            objects = [c for c in token.children if c.dep_ in ("dobj", "pobj")]
            if objects:
                found.append((token, noun_phrase(objects[0])))
    return found


def _author_of(token: Token) -> Token | None:
    """Who issued a report, statement or set of figures: "a report issued by the armed forces",
    "a statement from the ministry", "figures of the health ministry"."""
    for child in token.subtree:
        if child.dep_ == "agent" or (
            child.dep_ == "prep"
            and child.lower_ in ("by", "from", "of")
            and child.head.i
            in (token.i, *(c.i for c in token.children if c.dep_ in ("acl", "relcl")))
        ):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].lower_ not in GENERIC_SOURCES:
                return objects[0]
    return None


def source_phrase(token: Token) -> TextSpan:
    """The source a noun names: its author when it is a generic report ("a report by the
    armed forces" -> "the armed forces"), else the noun phrase itself."""
    if token.lower_ in GENERIC_SOURCES or lemma(token) in GENERIC_SOURCES:
        owners = [c for c in token.children if c.dep_ == "poss" and c.lower_ not in PRONOUNS]
        author = owners[0] if owners else _author_of(token)  # "the ministry's latest figures"
        if author is not None:
            return noun_phrase(author)
    return noun_phrase(token)


def noun_phrase(token: Token) -> TextSpan:
    """A name as written: the head with its modifiers, "of"-phrase and first appositive."""
    doc = token.doc
    first = token.left_edge.i
    last = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "nmod", "appos", "prep") and (
            child.dep_ != "prep" or child.lower_ == "of"
        ):
            last = child.right_edge.i
            if child.dep_ == "appos":
                break
        elif child.dep_ in ("relcl", "acl") or (child.is_punct and child.text not in ",()"):
            break
    if last - first > _MAX_NAME_TOKENS:
        # A "name" this long is a misparse that swallowed a clause: keep the head's own words.
        last = token.i
        first = max(first, token.i - _MAX_NAME_TOKENS)
    while first < last and (doc[first].is_punct or doc[first].lower_ in ("’s", "'s")):
        first += 1
    while last > first and doc[last].is_punct and doc[last].text != ")":
        last -= 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    text = source_text(doc)[start:end]
    # A name never runs across a line break: keep the line that holds its head word.
    if "\n" in text:
        head_at = token.idx - start
        line_start = text.rfind("\n", 0, head_at) + 1
        line_end = text.find("\n", head_at)
        line_end = len(text) if line_end == -1 else line_end
        start, text = start + line_start, text[line_start:line_end]
        end = start + len(text)
    # An unclosed parenthesis ("Service (NIS"): keep the name before it.
    if text.count("(") > text.count(")"):
        cut = text.rfind("(")
        text = text[:cut].rstrip()
        end = start + len(text)
    return TextSpan(text, start, end)


def sentence_attribution(
    sentence: Span,
    sentences: list[Span],
    index: int,
    entities: Sequence[EntitySpan],
    quotations: Sequence[Quotation],
) -> Attribution | None:
    """The source of a sentence as a whole: its reporting verb, a quotation, or a neighbour."""
    chain: list[TextSpan] = []
    verb_lemma = None
    for quotation in quotations:
        overlaps = quotation.start_char <= sentence.start_char < quotation.end_char or (
            sentence.start_char <= quotation.start_char < sentence.end_char
        )
        if overlaps and quotation.speaker_text and quotation.speaker_start is not None:
            chain.append(
                TextSpan(quotation.speaker_text, quotation.speaker_start, quotation.speaker_end)
            )
            verb_lemma = quotation.verb
            break
    if not chain:
        # Only the sentence's main verb speaks for the whole sentence; a reporting verb deeper
        # in it covers its own clause, which `attribution_for_count` already handles.
        for token in sentence:
            if _speaks_for_sentence(token):
                source = reporting_source(token)
                if source:
                    chain.append(source)
                    verb_lemma = lemma(token)
                    break
    inner = according_to(sentence)
    if inner and inner not in chain:
        chain.append(inner)
    if not chain:
        opener = statement_opener(sentences, index)
        if opener is not None:
            chain.append(opener)
    following = sentences[index + 1] if index + 1 < len(sentences) else None
    if following is not None and _BACK_REFERENCE_RE.search(following.text):
        for token in following:
            if lemma(token) in REPORTING_VERBS and token.pos_ == "VERB":
                source = reporting_source(token)
                if source and source not in chain:
                    chain.insert(0, source)
                    verb_lemma = verb_lemma or lemma(token)
                break
    # "he" is left for the article-wide coreference (`DocumentSources.resolve`).
    resolved = [
        item if item.text.lower() in PERSON_PRONOUNS else resolve_pronoun(item, entities)
        for item in chain
    ]
    chain = [item for item in resolved if item is not None]
    if chain:
        return Attribution(tuple(chain), verb_lemma)
    if index > 0 and _CONTINUATION_RE.search(sentence.text):
        # "MEANWHILE, 4,000 remain in custody" continues the sentence before it, also across a
        # paragraph break (the gold reads wire copy so: one sentence per paragraph is common).
        previous = sentences[index - 1]
        return sentence_attribution(previous, sentences, index - 1, entities, quotations)
    return None


def _speaks_for_sentence(token: Token) -> bool:
    """A reporting verb that covers its whole sentence: the main verb, or an "as X reported"
    clause on it."""
    if lemma(token) not in REPORTING_VERBS:
        return False
    if token.dep_ == "ROOT":
        return True
    return token.dep_ == "advcl" and any(
        child.dep_ == "mark" and child.lower_ == "as" for child in token.children
    )


def _opened_statement(sentence: Span) -> TextSpan | None:
    """The speaker of a statement a sentence opens with a colon at a line end ("The Foreign
    Secretary said:", "X released the following statement today:"); the parser often runs
    the sentence on into the statement's first line."""
    doc = sentence.doc
    for colon in sentence:
        if colon.text != ":":
            continue
        after = doc.text[colon.idx + 1 : colon.idx + 3]
        if colon.i + 1 < sentence.end and "\n" not in after:
            continue
        for verb in reversed(doc[sentence.start : colon.i]):
            if lemma(verb) in REPORTING_VERBS or any(
                child.dep_ == "dobj" and lemma(child) in GENERIC_SOURCES for child in verb.children
            ):
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                if subjects and subjects[0].lower_ not in ("it", "there"):
                    return source_phrase(subjects[0])
        return None
    return None


# How many sentences back a statement opened by a colon is looked for.
_STATEMENT_REACH = 30


def statement_opener(sentences: list[Span], index: int) -> TextSpan | None:
    """The speaker of the statement a sentence belongs to: the latest earlier sentence that
    opens one with a colon, when no sentence between names a source of its own."""
    for back in range(index, max(index - 1 - _STATEMENT_REACH, -1), -1):
        sentence = sentences[back]
        opener = _opened_statement(sentence)
        if opener is not None:
            return opener
        speaks = any(_speaks_for_sentence(token) for token in sentence)
        if back < index and (speaks or according_to(sentence)):
            return None
    return None


def back_reference(sentences: list[Span], index: int) -> TextSpan | None:
    """A next sentence that attributes the figures before it ("These numbers, disclosed by X")."""
    if index + 1 >= len(sentences):
        return None
    following = sentences[index + 1]
    if not _BACK_REFERENCE_RE.search(following.text):
        return None
    for token in following:
        if lemma(token) in REPORTING_VERBS and token.pos_ == "VERB":
            return reporting_source(token)
    return None


def with_outer_source(
    attribution: Attribution | None, outer: TextSpan | None
) -> Attribution | None:
    """The attribution with `outer` put first in its chain (when not there already)."""
    if outer is None:
        return attribution
    if attribution is None:
        return Attribution((outer,), None)
    if outer in attribution.chain:
        return attribution
    return Attribution((outer, *attribution.chain), attribution.verb)


def resolve_pronoun(item: TextSpan, entities: Sequence[EntitySpan]) -> TextSpan | None:
    """A pronoun source as the nearest earlier entity mention of its kind (text left empty:
    the mention's words are taken from the article); other sources unchanged."""
    if item.text.lower() not in PRONOUNS:
        return item
    wanted = ("PERSON",) if item.text.lower() in PERSON_PRONOUNS else ("ORG", "GPE", "NORP")
    candidates = [e for e in entities if e.end_char <= item.start and e.label in wanted]
    if not candidates:
        return None
    best = candidates[-1]
    return TextSpan("", best.start_char, best.end_char)
