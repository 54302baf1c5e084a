"""Which sentences of an article the parser must read: those that can hold a claim or a quote.

Extraction reads the dependency parse, part-of-speech tags and lemmas only in the claim and
quotation rules (`transforms.claims`), and those rules look at the sentences of counts and
quotations and at the sources named around them. Every other sentence needs only what the
cheap components give (tokens, sentence starts, named entities). A sentence is parsed when it
- holds a count (`transforms.numbers`; a date, sum of money or share is never a claim);
- overlaps a quotation, or follows one ("... ," he said.);
- holds a reporting verb ("said", "according to"): it may name the source of a figure in
  another sentence;
- holds a casualty word ("killed", "refugees"): zero tolls are stated without a number.

Neighbouring selected sentences are parsed together, as one region, so that the parser sees
the same context it would see in the whole article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from schemas.quantities import COUNT
from transforms.articles import ENGLISH
from transforms.claims.parse import sentence_index
from transforms.claims.quotations import QUOTE_RE
from transforms.extract import article_quantities, nlp_text
from transforms.numbers import Quantity
from transforms.vocabulary.casualties import NOUN_CATEGORIES, SURFACE_CATEGORIES, VERB_CATEGORIES
from transforms.vocabulary.reporting import REPORTING_VERBS
from transforms.vocabulary.word_forms import all_forms, noun_forms, verb_forms

REPORTING_WORDS = all_forms(REPORTING_VERBS, verb_forms) | {"according", "citing"}
CASUALTY_WORDS = (
    all_forms(VERB_CATEGORIES, verb_forms)
    | all_forms(NOUN_CATEGORIES, noun_forms)
    | frozenset(SURFACE_CATEGORIES)
)
TRIGGER_WORDS = REPORTING_WORDS | CASUALTY_WORDS

# Components every sentence goes through: sentence starts and named entities. The rest of the
# pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer) runs on the regions only.
CHEAP_COMPONENTS = ("senter", "ner")
# Sentences of fewer tokens than this are fragments (see `parse_regions`).
FRAGMENT_TOKENS = 4
# What the parse adds to a token: copied from the parsed regions into the article's Doc.
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article's Doc and the quantities of its text (`transforms.extract.article_quantities`),
    found once: the selection reads them, and so does extraction."""

    doc: Doc
    quantities: list[Quantity]
    parsed_tokens: int


def parse_articles(
    nlp: Language, texts: Iterable[str], batch_size: int = 32, *, select: bool = True
) -> Iterator[ParsedArticle]:
    """Parse article texts (as written) the way extraction reads them, in order.

    Every token goes through the tokenizer, the sentence recognizer and NER; the other
    components run only on `parse_regions`. A pipeline without a sentence recognizer runs
    whole, as does none at all where its language's extraction reads only NER (the rules that
    read the parse are English): then nothing but the cheap components run. `select=False`
    runs the whole pipeline on every article, as newsledger did before (for measuring).
    """
    texts = list(texts)
    cheap = [name for name in CHEAP_COMPONENTS if name in nlp.component_names]
    english = nlp.lang == ENGLISH
    if "senter" not in cheap or not select:
        for doc, text in zip(
            nlp.pipe((nlp_text(t) for t in texts), batch_size=batch_size), texts, strict=True
        ):
            yield ParsedArticle(
                doc, article_quantities(text, doc.ents) if english else [], len(doc)
            )
        return
    rest = [name for name in nlp.pipe_names if name not in cheap] if english else []
    remaining = iter(texts)
    while chunk := list(islice(remaining, batch_size)):
        docs = [nlp.make_doc(nlp_text(text)) for text in chunk]
        for name in cheap:
            docs = list(nlp.get_pipe(name).pipe(docs, batch_size=batch_size))
        if not rest:
            yield from (ParsedArticle(doc, [], 0) for doc in docs)
            continue
        quantities = [article_quantities(t, doc.ents) for t, doc in zip(chunk, docs, strict=True)]
        regions = [
            parse_regions(doc, text, [q for q in found if q.kind == COUNT])
            for doc, text, found in zip(docs, chunk, quantities, strict=True)
        ]
        parts = [
            _words_of(doc[start:end])
            for doc, spans in zip(docs, regions, strict=True)
            for start, end in spans
        ]
        for name in rest:
            parts = list(nlp.get_pipe(name).pipe(parts, batch_size=batch_size))
        taken = 0
        for doc, spans, found in zip(docs, regions, quantities, strict=True):
            merge_parses(doc, spans, parts[taken : taken + len(spans)])
            taken += len(spans)
            yield ParsedArticle(doc, found, sum(end - start for start, end in spans))


def parse_regions(doc: Doc, text: str, counts: Sequence[Quantity]) -> list[tuple[int, int]]:
    """Token ranges (start, end) of `doc` to parse: runs of selected sentences (see the module).

    `doc` has sentence starts (a sentence recognizer ran); `text` is the article as written,
    of the same length as `doc.text`; `counts` are its counts.
    """
    sentences = list(doc.sents)
    starts = [sentence.start_char for sentence in sentences]
    chosen = [_has_trigger(sentence) for sentence in sentences]
    for count in counts:
        index = sentence_index(starts, count.start_char)
        chosen[index] = True
        # The claim rules read the sentence before a count's too (its source, its subject);
        # fragments between them (see below) do not count as that sentence.
        index -= 1
        while index > 0 and is_fragment(sentences[index]):
            chosen[index] = True
            index -= 1
        chosen[max(index, 0)] = True
    for match in QUOTE_RE.finditer(text):
        first = sentence_index(starts, match.start())
        last = sentence_index(starts, match.end() - 1)
        for index in range(first, min(last + 2, len(sentences))):
            chosen[index] = True
    # A recognizer's "sentence" of a few tokens ("[", "--", a lone quote mark) is mostly a
    # wrong split; parsed apart from its neighbour it would cut a clause, so it goes with them.
    for index, sentence in enumerate(sentences):
        if is_fragment(sentence) and (
            (index > 0 and chosen[index - 1]) or (index + 1 < len(chosen) and chosen[index + 1])
        ):
            chosen[index] = True
    regions: list[tuple[int, int]] = []
    for sentence, is_chosen in zip(sentences, chosen, strict=True):
        if not is_chosen:
            continue
        if regions and regions[-1][1] == sentence.start:
            regions[-1] = (regions[-1][0], sentence.end)
        else:
            regions.append((sentence.start, sentence.end))
    return regions


def merge_parses(doc: Doc, regions: Sequence[tuple[int, int]], parsed: Sequence[Doc]) -> Doc:
    """`doc` with the tags, lemmas and dependency parse of each region's parsed copy.

    Tokens outside the regions keep no parse (an empty dependency label, their own head) and
    the sentence starts the recognizer gave; inside, the sentence starts are the parser's.
    """
    if not regions:
        return doc
    sentence_starts = doc.to_array([SENT_START])
    values = numpy.zeros((len(doc), len(PARSE_ATTRS)), dtype="uint64")
    for (start, end), region in zip(regions, parsed, strict=True):
        values[start:end] = region.to_array(PARSE_ATTRS)
    doc.from_array(PARSE_ATTRS, values)
    # Setting heads recomputes every sentence start from the trees, and a token with no head
    # starts none: outside the regions the recognizer's starts are put back.
    parsed_starts = doc.to_array([SENT_START])
    inside = numpy.zeros(len(doc), dtype=bool)
    for start, end in regions:
        inside[start:end] = True
    doc.from_array([SENT_START], numpy.where(inside, parsed_starts, sentence_starts))
    return doc


def _words_of(span: Span) -> Doc:
    """A new Doc of the span's words alone: the parser finds its own sentence starts in it."""
    return Doc(
        span.doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span]
    )


def is_fragment(sentence: Span) -> bool:
    """Whether a recognizer's sentence is a few-token fragment ("[", "--", a lone quote)."""
    return sum(not token.is_space for token in sentence) < FRAGMENT_TOKENS


def _has_trigger(sentence: Span) -> bool:
    return any(token.lower_ in TRIGGER_WORDS for token in sentence)
