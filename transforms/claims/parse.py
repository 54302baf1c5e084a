"""Reading the parse: the article text as written, sentence lookup, lemmas and clause verbs."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Key of `Doc.user_data` under which extraction stores the article text as written.
SOURCE_TEXT_KEY = "newsledger_source_text"


def source_text(doc: Doc) -> str:
    """The article text as written (the parse may have run on a lower-cased copy)."""
    # `doc.text` rebuilds the string from every token: only when there is no stored source.
    source = doc.user_data.get(SOURCE_TEXT_KEY)
    return doc.text if source is None else source


def sentence_text(sentence: Span) -> str:
    """The sentence as written in the article."""
    return source_text(sentence.doc)[sentence.start_char : sentence.end_char]


def sentence_index(starts: list[int], offset: int) -> int:
    """Index of the sentence holding `offset`, given every sentence's first character."""
    low, high = 0, len(starts)
    while low < high:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle + 1
        else:
            high = middle
    return max(low - 1, 0)


def lemma(token: Token) -> str:
    """The token's lemma in lower case, or its lower-cased form when it has no lemma."""
    return token.lemma_.lower() if token.lemma_ else token.lower_


def clause_verb(token: Token) -> Token | None:
    """The verb (or predicate word) of the clause a token belongs to, through conjuncts and
    appositions."""
    head = token
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "ROOT":
        return head
    verb = head.head
    if verb.pos_ in ("VERB", "AUX", "ADJ", "NOUN") or verb.dep_ == "ROOT":
        return verb
    return None


def is_passive(token: Token) -> bool:
    """Whether a verb is in the passive voice."""
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in token.children)


def is_negated(verb: Token) -> bool:
    """Whether a verb is negated ("have not been arrested")."""
    return any(child.dep_ == "neg" for child in verb.children)
