"""Subject keys and the place a claim is about (issue 19). The pipeline cases are in
tests/cases/claims/subject_keys.json (run by test_claim_rules); these test the pure parts."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from flows.nlp import UNUSED_COMPONENTS, resolve_model
from schemas.reference.subject_words import SUBJECT_WORD_ROLES, subject_words
from transforms.claims import EntitySpan, TextSpan
from transforms.claims.sentence_context import main_place, place_country
from transforms.claims.subject_keys import subject_key

KABUL = EntitySpan(0, 5, "GPE", "geonames:1138958", "AFG")
HERAT = EntitySpan(10, 15, "GPE", "geonames:1140026", "AFG")
OSTRIAN = EntitySpan(0, 0, "NORP", "norp:ostrian", None)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(resolve_model("auto"), exclude=list(UNUSED_COMPONENTS))


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        pytest.param([KABUL, HERAT, HERAT], "geonames:1140026", id="most-mentioned"),
        pytest.param([KABUL, HERAT], "geonames:1138958", id="tie-goes-to-the-first"),
        pytest.param([OSTRIAN], None, id="a-nationality-is-no-place"),
        pytest.param([], None, id="no-place"),
    ],
)
def test_main_place(entities: list[EntitySpan], expected: str | None) -> None:
    assert main_place(entities) == expected


def test_main_place_leaves_out_the_places_inside_sources() -> None:
    # "Kabul's police said ... in Herat": Kabul names the source, not where the figures are.
    kabul_police = TextSpan("Kabul police", 0, 9)
    assert main_place([KABUL, KABUL, HERAT], [kabul_police]) == "geonames:1140026"
    assert main_place([KABUL, KABUL, HERAT], []) == "geonames:1138958"


def test_place_country_is_the_resolved_country_or_none() -> None:
    assert place_country([KABUL], "geonames:1138958") == "AFG"
    assert place_country([OSTRIAN], "norp:ostrian") is None
    assert place_country([KABUL], None) is None


@pytest.mark.parametrize(
    ("text", "subject", "group", "expected"),
    [
        pytest.param(
            "Guards shot 9 slain protestors.",
            "slain protestors",
            None,
            "-/protester",
            id="event-word-and-spelling-dropped",
        ),
        pytest.param(
            "Guards shot 9 armed protesters.",
            "armed protesters",
            None,
            "-/armed-protester",
            id="defining-adjective-kept",
        ),
        pytest.param(
            "They counted 9 members of the riot police.",
            "members of the riot police",
            None,
            "-/riot-police",
            id="partitive-takes-the-group-after-of",
        ),
        pytest.param(
            "Some 9 others died.",
            "others",
            "others",
            None,
            id="others-with-no-antecedent-have-no-key",
        ),
    ],
)
def test_subject_key_without_entities(
    nlp: Language, text: str, subject: str, group: str | None, expected: str | None
) -> None:
    at = text.index(subject)
    doc = nlp(text)
    assert subject_key(doc, TextSpan(subject, at, at + len(subject)), group, []) == expected


def test_unknown_nationality_keeps_its_written_name(nlp: Language) -> None:
    text = "Ostrian soldiers died."
    entity = EntitySpan(0, 7, "NORP", "norp:ostrian", None)
    assert subject_key(nlp(text), TextSpan("Ostrian soldiers", 0, 16), None, [entity]) == (
        "ostrian/soldier"
    )


def test_no_subject_no_key(nlp: Language) -> None:
    assert subject_key(nlp("Nine died."), None, None, []) is None


def test_subject_words_table_roles() -> None:
    words = subject_words()
    assert words.heads["troop"] == "soldier"
    assert "member" in words.partitives and "others" in words.ellipticals
    assert "slain" not in words.modifiers and words.modifiers["civilian"] == "civilian"
    assert set(SUBJECT_WORD_ROLES) == {"head", "partitive", "elliptical", "modifier"}
