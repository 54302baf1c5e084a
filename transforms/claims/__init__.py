"""Claims: who reported which count of people, in which category, about whom, for when.

Input is a parsed article (a spaCy `Doc` whose text has the same length as the article text),
the counts `transforms.numbers` found, the resolved entity mentions and the temporal
expressions; output is one `Claim` per (category, subject, value) fact in the article, at its
first mention, following the project's annotation guidelines (../shared/corpus/claims-dev).

How a count becomes a claim:
1. Its *counted word* (`subjects`): the noun the number modifies ("300 soldiers"), the noun
   after "of" ("300 of the soldiers"), or the number itself when it stands alone ("eight were
   wounded").
2. Its *categories* (`categories`): from the counted word ("casualties", "refugees",
   "hostages"), from the verb or participle it depends on ("were killed", "soldiers wounded",
   "killing 300"), from "the deaths of N", or, when the parse gives nothing, from the words
   right after the number in the same clause ("4 killed and 7 wounded"). Counts of objects,
   events, units, money or measures never reach here or are dropped by the counted-word check.
3. Its *claimant* (`attribution`, `document_sources`): the subject of the reporting verb that
   governs it ("X said", "X claimed"), the object of "according to" or "citing", the agent of
   "disclosed by", or the speaker of a quotation; pronouns resolve to the nearest earlier
   person or organisation; a figure in a sentence with no source takes the source of the
   previous sentence in the same paragraph only when that sentence carried figures and this
   one continues it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from transforms.claims.attribution import (
    attribution_for_count,
    back_reference,
    sentence_attribution,
    with_outer_source,
)
from transforms.claims.categories import categories_of, event_zeros
from transforms.claims.claimant_keys import with_claimant_keys
from transforms.claims.cluster_keys import cluster_key, with_cluster_key
from transforms.claims.coreference import SourceMentions
from transforms.claims.document_sources import DocumentSources
from transforms.claims.modality import modality_of
from transforms.claims.parse import SOURCE_TEXT_KEY, sentence_index, sentence_text, source_text
from transforms.claims.plausibility import WORLD_POPULATION, is_implausible_count
from transforms.claims.quotations import extract_quotations
from transforms.claims.sentence_context import (
    as_of_date,
    entity_at,
    hedge_in,
    is_running_total,
    location_in,
    main_place,
    place_country,
)
from transforms.claims.subject_keys import subject_key, with_article_countries
from transforms.claims.subjects import (
    affected_group,
    counted_word,
    group_word,
    is_additive,
    number_token,
    restated_group,
    subject_phrase,
    tally_group,
)
from transforms.claims.types import Attribution, Claim, EntitySpan, Quotation, TextSpan
from transforms.dates import Timex
from transforms.numbers import Quantity

__all__ = [
    "SOURCE_TEXT_KEY",
    "WORLD_POPULATION",
    "Attribution",
    "Claim",
    "EntitySpan",
    "Quotation",
    "TextSpan",
    "cluster_key",
    "entity_at",
    "extract_claims",
    "extract_quotations",
    "is_implausible_count",
]


def extract_claims(
    doc: Doc,
    quantities: Sequence[Quantity],
    entities: Sequence[EntitySpan],
    timexes: Sequence[Timex],
    published_date: dt.date | None,
    quotations: Sequence[Quotation] | None = None,
) -> list[Claim]:
    """Every claim in the article, one per (category, subject, value), at first mention.

    `quotations` are the article's (`extract_quotations`), when the caller has them already.
    """
    sentences = list(doc.sents)
    starts = [sentence.start_char for sentence in sentences]
    if quotations is None:
        quotations = extract_quotations(doc, entities)
    attributions: dict[int, Attribution | None] = {}
    mentions = SourceMentions.of(doc, entities)
    sources = DocumentSources.of(source_text(doc), mentions)
    article_place = main_place(entities, mentions.sources)
    claims: list[Claim] = []
    seen: dict[tuple[str, float, bool, int], set[str]] = {}
    bare: set[tuple[str, float, int]] = set()
    zeros = event_zeros(doc, list(quantities))
    last: tuple[int, tuple[str, ...]] = (-1, ())
    for quantity in sorted([*quantities, *zeros], key=lambda q: q.start_char):
        span = doc.char_span(quantity.start_char, quantity.end_char, alignment_mode="expand")
        if span is None or not len(span):
            continue
        index = sentence_index(starts, quantity.start_char)
        sentence = sentences[index]
        number = number_token(span)
        counted = counted_word(number, span)
        # The categories of the sentence's last count, even one that restated an earlier claim.
        previous = last[1] if last[0] == index else ()
        categories = categories_of(number, counted, span, sentence, previous[-1:])
        if not categories:
            continue
        last = (index, categories)
        if index not in attributions:
            attributions[index] = sentence_attribution(
                sentence, sentences, index, entities, quotations
            )
        attribution = sources.resolve(
            with_outer_source(
                attribution_for_count(number, sentence) or attributions[index],
                back_reference(sentences, index),
            ),
            entities,
        )
        group_token = (
            affected_group(counted.word)
            if counted.word.i != number.i
            else tally_group(counted.anchor)
        )
        subject = subject_phrase(group_token or counted.word, span, sentence)
        subject_group = group_word(group_token or counted.word, number)
        explicit_group = restated_group(counted.word, subject_group)
        if subject is None and claims and claims[-1].sentence_index >= index - 1:
            # "eight were wounded", "an additional 2,700 have sustained injuries": the
            # people are the group just counted.
            subject = claims[-1].subject_span
            subject_group = claims[-1].subject_group
        additive = is_additive(number, span)
        for category in categories:
            # One claim per (category, value, group): a restatement without its own group
            # word ("twelve were injured") repeats any earlier group with that figure.
            # A zero is about one incident: a zero in another sentence is another fact.
            scope = index if quantity.value == 0 else -1
            groups = seen.setdefault((category, quantity.value, additive, scope), set())
            # "two were strangled, two were beaten to death": bare counts of one sentence
            # split a list, they do not restate each other.
            split = not explicit_group and (category, quantity.value, index) in bare
            if not explicit_group:
                bare.add((category, quantity.value, index))
            repeated = explicit_group in groups or (groups and ("" in groups or not explicit_group))
            if repeated and not split:
                continue
            groups.add(explicit_group)
            claims.append(
                _claim(
                    category,
                    quantity,
                    number,
                    subject,
                    subject_group,
                    attribution,
                    sentence,
                    index,
                    entities,
                    timexes,
                    published_date,
                    article_place,
                )
            )
    keyed = with_claimant_keys(with_article_countries(claims), entities, source_text(doc))
    return [with_cluster_key(claim) for claim in keyed]


def _claim(
    category: str,
    quantity: Quantity,
    number: Token,
    subject: TextSpan | None,
    subject_group: str | None,
    attribution: Attribution | None,
    sentence: Span,
    index: int,
    entities: Sequence[EntitySpan],
    timexes: Sequence[Timex],
    published_date: dt.date | None,
    article_place: str | None,
) -> Claim:
    text = source_text(sentence.doc)
    chain = []
    chain_ids = []
    for source in attribution.chain if attribution else ():
        chain.append(source.text or text[source.start : source.end])
        chain_ids.append(entity_at(entities, source.start, source.end))
    # The place the figure is about: the sentence's, else the article's main place.
    location = location_in(entities, sentence, subject) or article_place
    claim = Claim(
        category=category,
        value=quantity.value,
        low=quantity.low,
        high=quantity.high,
        qualifier=quantity.qualifier,
        negated=quantity.value == 0,
        modality=modality_of(number),
        subject_text=subject.text if subject else None,
        subject_span=subject,
        subject_group=subject_group,
        subject_entity_id=entity_at(entities, subject.start, subject.end) if subject else None,
        claimant_text=chain[-1] if chain else None,
        claimant_entity_id=chain_ids[-1] if chain_ids else None,
        claimant_chain=tuple(chain),
        reporting_verb=attribution.verb if attribution else None,
        hedge=hedge_in(sentence),
        location_entity_id=location,
        location_country=place_country(entities, location),
        as_of_date=as_of_date(sentence, timexes, published_date),
        is_cumulative=is_running_total(sentence),
        sentence=sentence_text(sentence),
        sentence_index=index,
        start_char=quantity.start_char,
        end_char=quantity.end_char,
        text=quantity.text,
        claimant_span=attribution.chain[-1] if attribution else None,
        subject_key=subject_key(sentence.doc, subject, subject_group, entities),
    )
    return claim
