"""Direct quotations and the speaker the text names for each."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from transforms.claims.attribution import reporting_source, resolve_pronoun
from transforms.claims.parse import lemma, sentence_index, source_text
from transforms.claims.types import EntitySpan, Quotation, TextSpan
from transforms.vocabulary.reporting import REPORTING_VERBS

# Words between straight or curly double quotes, at least 12 characters of them.
QUOTE_RE = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")


def extract_quotations(doc: Doc, entities: Sequence[EntitySpan]) -> list[Quotation]:
    """Direct quotations of at least three words, with the speaker the text names."""
    text = source_text(doc)
    sentences = list(doc.sents)
    sentence_starts = [s.start_char for s in sentences]
    quotations = []
    for match in QUOTE_RE.finditer(text):
        quote = match.group(1)
        if len(quote.split()) < 3:
            continue
        start, end = match.start(1), match.end(1)
        speaker, verb = _speaker(doc, sentences, match.start(), match.end(), entities)
        quotations.append(
            Quotation(
                quote=quote,
                start_char=start,
                end_char=end,
                speaker_text=speaker.text if speaker else None,
                speaker_start=speaker.start if speaker else None,
                speaker_end=speaker.end if speaker else None,
                verb=verb,
                sentence_index=sentence_index(sentence_starts, start),
            )
        )
    return quotations


def _speaker(
    doc: Doc,
    all_sentences: Sequence[Span],
    start: int,
    end: int,
    entities: Sequence[EntitySpan],
) -> tuple[TextSpan | None, str | None]:
    """The subject of the reporting verb next to a quotation ('he said', 'X stating');
    `all_sentences` are the sentences of `doc`."""
    inside = range(start, end)
    sentences = [s for s in all_sentences if s.start_char < end and s.end_char > start]
    following = [s for s in all_sentences if s.start_char >= end][:1]
    candidates = []
    for sentence in sentences + following:
        for token in sentence:
            if token.idx in inside:
                continue
            if lemma(token) in REPORTING_VERBS and token.pos_ == "VERB":
                candidates.append(token)
        if candidates:
            break
    for verb in candidates:
        source = reporting_source(verb)
        if source is None:
            continue
        resolved = resolve_pronoun(source, entities)
        if resolved is None:
            continue
        name, first, last = resolved
        return TextSpan(name or source_text(doc)[first:last], first, last), lemma(verb)
    return None, None
