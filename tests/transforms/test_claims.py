"""Claims: plausibility of a reported count of people, and the parts of the rules that need no
parse (word lists, document sources, cluster keys). Rules on sentences: test_claim_rules.py."""

from __future__ import annotations

import math

import pytest

from schemas.claims import CATEGORIES
from transforms.claims import WORLD_POPULATION, TextSpan, cluster_key, is_implausible_count
from transforms.claims.document_sources import DocumentSources
from transforms.claims.types import Attribution
from transforms.vocabulary.casualties import (
    EVENT_NOUN_CATEGORIES,
    NOUN_CATEGORIES,
    SURFACE_CATEGORIES,
    VERB_CATEGORIES,
)


@pytest.mark.parametrize(
    ("value", "implausible"),
    [
        pytest.param(0, False, id="zero"),
        pytest.param(300, False, id="ordinary"),
        pytest.param(WORLD_POPULATION, False, id="world-population"),
        pytest.param(WORLD_POPULATION + 1, True, id="above-world-population"),
        pytest.param(1e18, True, id="quintillion"),
        pytest.param(math.inf, True, id="infinite"),
        pytest.param(math.nan, True, id="not-a-number"),
    ],
)
def test_is_implausible_count(value, implausible):
    assert is_implausible_count(value) is implausible


@pytest.mark.parametrize(
    "table",
    [VERB_CATEGORIES, SURFACE_CATEGORIES, NOUN_CATEGORIES, EVENT_NOUN_CATEGORIES],
    ids=["verbs", "surface-forms", "nouns", "event-nouns"],
)
def test_vocabulary_gives_only_schema_categories(table):
    assert {category for categories in table.values() for category in categories} <= set(CATEGORIES)


@pytest.mark.parametrize(
    ("text", "header_author", "station"),
    [
        pytest.param(
            "SAN SALVADOR, 5 JAN 90 -- [COMMUNIQUE] [INTERIOR MINISTRY] [TEXT] THREE ...",
            TextSpan("INTERIOR MINISTRY", 40, 57),
            None,
            id="header-author-after-genre",
        ),
        pytest.param(
            "SAN SALVADOR, 12 JAN 90 (RADIO VENCEREMOS) -- [TEXT] OUR FORCES ...",
            None,
            TextSpan("RADIO VENCEREMOS", 25, 41),
            id="dateline-station",
        ),
        pytest.param(
            "SAN SALVADOR, 15 MAR 89 (ACAN-EFE) -- [TEXT] THIS MORNING ...",
            None,
            None,
            id="news-agency-is-no-station",
        ),
        pytest.param("Twelve soldiers were killed.", None, None, id="no-header"),
    ],
)
def test_document_sources_of(text, header_author, station):
    sources = DocumentSources.of(text)
    assert (sources.header_author, sources.station) == (header_author, station)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # The parse took the genre label opening the body for the speaker: the header's
        # author speaks instead.
        pytest.param("TEXT", "ARMED FORCES PRESS COMMITTEE", id="bracketed-label-to-header"),
        pytest.param("[TEXT]", "ARMED FORCES PRESS COMMITTEE", id="label-with-brackets"),
        # The same word outside brackets is a source like any other.
        pytest.param("THE TEXT", "THE TEXT", id="unbracketed-word-kept"),
    ],
)
def test_wire_label_is_not_a_source(label, expected):
    text = (
        "SAN SALVADOR, 12 JAN 90 (RADIO CADENA) -- [REPORT] [ARMED FORCES PRESS COMMITTEE] "
        "[TEXT] THE ARMY SAID 12 REBELS DIED. THE TEXT SAYS 12 REBELS DIED."
    )
    start = text.index(label) if label != "TEXT" else text.index("[TEXT]") + 1
    sources = DocumentSources.of(text)
    item = TextSpan(label, start, start + len(label))
    resolved = sources.resolve(Attribution((item,), "say"), [])
    assert resolved is not None and resolved.chain[-1].text == expected


def _key(**changes: object) -> str:
    fields = {
        "claimant_key": None,
        "claimant_entity_id": None,
        "claimant_text": "The Army",
        "category": "killed",
        "subject_entity_id": None,
        "subject_group": "soldiers",
        "value": 12.0,
        "qualifier": "exact",
    }
    return cluster_key(**{**fields, **changes})


def test_cluster_key_ignores_case_and_spacing_of_free_text():
    assert _key(claimant_text="  the   ARMY ") == _key()
    assert _key(subject_group="Soldiers") == _key()


@pytest.mark.parametrize(
    "change",
    [
        {"category": "injured"},
        {"value": 13.0},
        {"qualifier": "at_least"},
        {"claimant_text": "the rebels"},
        {"claimant_entity_id": "org:army"},
        {"subject_entity_id": "norp:salvadoran"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_cluster_key_changes_with_identity(change):
    assert _key(**change) != _key()
