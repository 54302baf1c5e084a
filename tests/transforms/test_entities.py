"""Tests for transforms.entities and the reference data behind it (schemas/reference/, read by
warehouse.reference, built by warehouse.reference_build).

Articles and the mentions spaCy found in them are in tests/cases/entities/ (see its README):
the seed article, with spaCy's own mistakes (Kursk PRODUCT, Kyiv PERSON, Zelenskyy ORG), and
short articles for one rule each.
"""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path

import pytest

from flows.gazetteer import load_gazetteer
from schemas.errors import ReferenceDataError
from tests.conftest import CASES, CORPUS, SEED, shared_or_skip
from transforms.entities import (
    EntityRecord,
    EntityRegistry,
    Gazetteer,
    Mention,
    ResolvedMention,
    entity_records,
    link_entities,
    local_entity_id,
    name_key,
    resolve_article,
)
from warehouse import reference_build as build
from warehouse.reference import verified_tables

SEED_CASE = json.loads((CASES / "entities" / "seed_nk_casualties.json").read_text(encoding="utf-8"))
ARTICLES = json.loads((CASES / "entities" / "articles.json").read_text(encoding="utf-8"))[
    "articles"
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _mentions(case: dict) -> list[Mention]:
    return [Mention(**mention) for mention in case["mentions"]]


def _resolve(case: dict, gazetteer: Gazetteer) -> list[ResolvedMention]:
    return resolve_article(case["text"], _mentions(case), gazetteer)


def _find(resolved: list[ResolvedMention], text: str, nth: int = 0) -> ResolvedMention:
    """The nth resolved mention whose text is `text`."""
    return [mention for mention in resolved if mention.text == text][nth]


@pytest.fixture(scope="module")
def seed(gazetteer: Gazetteer) -> list[ResolvedMention]:
    return _resolve(SEED_CASE, gazetteer)


# Seed article: (mention text, occurrence) -> label, canonical name, entity type, country, demonym.
SEED_EXPECTED = [
    (("Kursk", 0), ("GPE", "Kursk", "GPE", "RUS", False)),
    (("Kyiv", 0), ("GPE", "Kyiv", "GPE", "UKR", False)),
    (("South Korea", 1), ("GPE", "South Korea", "GPE", "KOR", False)),
    (("North Korean", 0), ("NORP", "North Korea", "GPE", "PRK", True)),
    (("North Koreans", 0), ("NORP", "North Korea", "GPE", "PRK", True)),
    (("Ukrainian", 0), ("NORP", "Ukraine", "GPE", "UKR", True)),
    (("Russian", 0), ("NORP", "Russia", "GPE", "RUS", True)),
    (("Lee", 0), ("PERSON", "Lee Seong-kweun", "PERSON", None, False)),
    (("Zelenskyy", 0), ("PERSON", "Volodymyr Zelenskyy", "PERSON", None, False)),
    (("NIS", 0), ("ORG", "National Intelligence Service", "ORG", None, False)),
    (("Kremlin", 0), ("ORG", "Kremlin", "ORG", None, False)),
    (("Pyongyang", 0), ("GPE", "Pyongyang", "GPE", "PRK", False)),
]


@pytest.mark.parametrize(
    ("mention", "expected"),
    SEED_EXPECTED,
    ids=[f"{text}#{nth}->{exp[1]}/{exp[0]}" for (text, nth), exp in SEED_EXPECTED],
)
def test_seed_mention(
    seed: list[ResolvedMention],
    mention: tuple[str, int],
    expected: tuple[str, str, str, str | None, bool],
) -> None:
    found = _find(seed, *mention)
    assert (
        found.label,
        found.canonical_name,
        found.entity_type,
        found.country_code,
        found.is_demonym,
    ) == expected


def test_seed_case_is_the_seed_article() -> None:
    assert shared_or_skip(SEED).read_text(encoding="utf-8") == SEED_CASE["text"]


def test_seed_spans_are_honest(seed: list[ResolvedMention]) -> None:
    text = SEED_CASE["text"]
    assert seed, "no mention resolved"
    for mention in seed:
        assert text[mention.start_char : mention.end_char] == mention.text


def test_seed_drops_numeric_labels(seed: list[ResolvedMention]) -> None:
    assert not any(mention.text in ("300", "2,700", "13-01-2025") for mention in seed)


def test_seed_possessive_is_trimmed(seed: list[ResolvedMention]) -> None:
    # spaCy gave "South Korea’s" (curly apostrophe) twice.
    possessives = [m for m in SEED_CASE["mentions"] if m["text"] == "South Korea’s"]
    assert len(possessives) == 2
    for raw in possessives:
        found = next(m for m in seed if m.start_char == raw["start_char"])
        assert (found.text, found.end_char) == ("South Korea", raw["end_char"] - 2)


def test_straight_apostrophe_possessive(gazetteer: Gazetteer) -> None:
    text = SEED_CASE["text"].replace("’", "'")
    mentions = [
        Mention(text[m.start_char : m.end_char], m.label, m.start_char, m.end_char)
        for m in _mentions(SEED_CASE)
    ]
    south_korea = [
        m
        for m in resolve_article(text, mentions, gazetteer)
        if m.canonical_name == "South Korea" and not m.is_demonym
    ]
    # Two plain mentions and two possessives, all trimmed to the name.
    assert [m.text for m in south_korea] == ["South Korea"] * 4
    assert {(m.entity_id, m.country_code) for m in south_korea} == {("geonames:1835841", "KOR")}


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Lee", "Lee Seong-kweun"),
        ("Zelenskyy", "Volodymyr Zelenskyy"),
        ("NIS", "National Intelligence Service"),
        ("North Korean", "North Koreans"),
        ("South Korean", "South Korea"),
    ],
    ids=lambda value: value,
)
def test_seed_same_entity(seed: list[ResolvedMention], short: str, full: str) -> None:
    assert _find(seed, short).entity_id == _find(seed, full).entity_id


def test_seed_ids(seed: list[ResolvedMention]) -> None:
    assert _find(seed, "Lee Seong-kweun").entity_id == "person:lee-seong-kweun"
    assert _find(seed, "Kyiv").entity_id == "geonames:703448"
    assert _find(seed, "Kyiv").geonames_id == 703448
    assert _find(seed, "North Koreans").entity_id == "geonames:1873107"


def test_seed_is_fast(gazetteer: Gazetteer) -> None:
    mentions = _mentions(SEED_CASE)
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        resolve_article(SEED_CASE["text"], mentions, gazetteer)
    per_article = (time.perf_counter() - started) / runs
    # About 0.3 ms on the development machine; the bound leaves room for a slow CI box.
    assert per_article < 0.005


def test_family_name_shared_by_two_people_stays_apart(gazetteer: Gazetteer) -> None:
    resolved = _resolve(ARTICLES["kim_siblings"], gazetteer)
    jong_un = _find(resolved, "Kim Jong Un").entity_id
    yo_jong = {m.entity_id for m in resolved if m.text == "Kim Yo Jong"}
    assert len(yo_jong) == 1
    assert jong_un != yo_jong.pop()
    # A bare "Kim" after both could be either: it is left as a name of its own.
    assert _find(resolved, "Kim").entity_id == "person:kim"


def test_surname_that_is_also_a_city(gazetteer: Gazetteer) -> None:
    resolved = _resolve(ARTICLES["henderson"], gazetteer)
    henderson = _find(resolved, "Henderson")
    assert (henderson.label, henderson.entity_id) == ("PERSON", "person:fritz-henderson")
    assert _find(resolved, "Detroit").country_code == "USA"


def test_acronym_used_after_its_expansion(gazetteer: Gazetteer) -> None:
    resolved = _resolve(ARTICLES["nis_later"], gazetteer)
    expansion = _find(resolved, "National Intelligence Service")
    assert expansion.start_char == ARTICLES["nis_later"]["text"].index("National")
    assert (
        _find(resolved, "NIS").entity_id
        == expansion.entity_id
        == "org:national-intelligence-service"
    )


def test_area_of_a_city_takes_its_country(gazetteer: Gazetteer) -> None:
    oblast = _find(_resolve(ARTICLES["nis_later"], gazetteer), "Kursk Oblast")
    assert (oblast.label, oblast.country_code, oblast.geonames_id) == ("GPE", "RUS", None)


def test_leading_the(gazetteer: Gazetteer) -> None:
    resolved = _resolve(ARTICLES["kremlin_hague"], gazetteer)
    hague = [m for m in resolved if m.canonical_name == "The Hague"]
    # "The Hague" keeps its article in the span (it is part of the name), "Hague" has none;
    # both resolve to the same city.
    assert {m.text for m in hague} == {"The Hague", "Hague"}
    assert {(m.entity_id, m.country_code) for m in hague} == {("geonames:2747373", "NLD")}


def _entity_id(source: str, text: str, gazetteer: Gazetteer) -> str:
    """Id of the first mention `text` in a case article, or of `text` alone with label `source`."""
    if source in ARTICLES:
        return _find(_resolve(ARTICLES[source], gazetteer), text).entity_id
    if source == "seed":
        return _find(_resolve(SEED_CASE, gazetteer), text).entity_id
    [found] = resolve_article(text, [Mention(text, source, 0, len(text))], gazetteer)
    return found.entity_id


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (("zelensky_kiev", "Zelensky"), ("zelenskiy_kharkov", "Zelenskiy")),
        (("zelenskiy_kharkov", "Zelenskiy"), ("seed", "Zelenskyy")),
        (("zelensky_kiev", "Volodymyr Zelensky"), ("seed", "Volodymyr Zelenskyy")),
        (("zelensky_kiev", "Kiev"), ("seed", "Kyiv")),
        (("zelenskiy_kharkov", "Kharkov"), ("GPE", "Kharkiv")),
        (("zelensky_kiev", "DPRK"), ("GPE", "North Korea")),
        (("GPE", "Democratic People's Republic of Korea"), ("seed", "North Korean")),
    ],
    ids=lambda pair: pair[1],
)
def test_spelling_variants_across_articles(
    gazetteer: Gazetteer, left: tuple[str, str], right: tuple[str, str]
) -> None:
    assert _entity_id(*left, gazetteer) == _entity_id(*right, gazetteer)


def test_variant_labels(gazetteer: Gazetteer) -> None:
    resolved = _resolve(ARTICLES["zelensky_kiev"], gazetteer)
    dprk = _find(resolved, "DPRK")
    # spaCy said ORG: the country reading wins, with its identifiers.
    assert (dprk.label, dprk.country_code, dprk.geonames_id) == ("GPE", "PRK", 1873107)
    assert _find(resolved, "Zelensky").canonical_name == "Volodymyr Zelenskyy"


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Kurdish", "NORP", ("norp:kurdish", None, False)),
        ("Kurds", "NORP", ("norp:kurds", None, False)),
        ("Syrians", "NORP", ("geonames:163843", "SYR", True)),
        ("Iraqi", "NORP", ("geonames:99237", "IRQ", True)),
        ("Salvadoran", "NORP", ("geonames:3585968", "SLV", True)),
        ("Russian", "LANGUAGE", ("language:russian", None, False)),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_demonyms(
    gazetteer: Gazetteer, text: str, label: str, expected: tuple[str, str | None, bool]
) -> None:
    sentence = f"He spoke to {text} officials."
    start = sentence.index(text)
    [found] = resolve_article(sentence, [Mention(text, label, start, start + len(text))], gazetteer)
    assert (found.entity_id, found.country_code, found.is_demonym) == expected


@pytest.mark.parametrize(
    ("sentence", "name", "label", "expected_label"),
    [
        ("The video was released by Kyiv on Monday.", "Kyiv", "PERSON", "GPE"),
        ("Troops moved into Kharkiv.", "Kharkiv", "PERSON", "GPE"),
        ("Troops fought near Sudzha, Russia.", "Sudzha", "PRODUCT", "PRODUCT"),
        ("Troops fought in Kursk, Russia.", "Kursk", "PRODUCT", "GPE"),
        ("Toyota reported higher sales.", "Toyota", "ORG", "ORG"),
        ("Jackson said the vote would pass.", "Jackson", "PERSON", "PERSON"),
        ("Russia said the talks would continue.", "Russia", "ORG", "GPE"),
    ],
    ids=lambda value: value if " " not in str(value) else None,
)
def test_gazetteer_label_override(
    gazetteer: Gazetteer, sentence: str, name: str, label: str, expected_label: str
) -> None:
    start = sentence.index(name)
    [found] = resolve_article(sentence, [Mention(name, label, start, start + len(name))], gazetteer)
    assert found.label == expected_label


def test_local_ids_are_deterministic() -> None:
    assert local_entity_id("PERSON", "Lee Seong-kweun") == "person:lee-seong-kweun"
    assert local_entity_id("PERSON", "Gen. Joseph Votel") == "person:joseph-votel"
    assert local_entity_id("ORG", "Ford Motor Co.") == local_entity_id("ORG", "Ford Motor Company")
    assert local_entity_id("ORG", "Al-Ja’afari Group") == "org:al-jaafari"
    assert name_key("U.S.") == name_key("US") == "us"
    assert name_key("Bogotá") == "bogota"
    # Keys are fixed points (found by test_properties.py): a repeated "the", a "the" behind a title.
    assert name_key("THE:THE:0") == name_key("0") == "0"
    assert local_entity_id("PERSON", "HE:THE:0") == local_entity_id("PERSON", "0") == "person:0"


def _record(entity_id: str, name: str, entity_type: str, *aliases: str) -> EntityRecord:
    return EntityRecord(entity_id, name, entity_type, (name, *aliases), None, None, None)


@pytest.mark.parametrize(
    ("new", "known", "expected"),
    [
        (
            _record("person:abdul-rahman-al-jafari", "Abdul Rahman al-Jafari", "PERSON"),
            _record("person:abdul-rahman-al-jaafari", "Abdul Rahman al-Jaafari", "PERSON"),
            "person:abdul-rahman-al-jaafari",
        ),
        (
            _record("person:kim-yo-jong", "Kim Yo Jong", "PERSON"),
            _record("person:kim-jong-un", "Kim Jong Un", "PERSON"),
            None,
        ),
        (
            _record("person:george-bush", "George Bush", "PERSON"),
            _record("person:george-w-bush", "George W. Bush", "PERSON"),
            None,
        ),
        (
            _record("org:mariupol-city-council", "Mariupol City Council", "ORG"),
            _record("gpe:mariupol-city-council", "Mariupol City Council", "GPE"),
            None,
        ),
        (
            _record("org:airbus-a330", "Airbus A330", "ORG"),
            _record("org:airbus-a320", "Airbus A320", "ORG"),
            None,
        ),
        (
            _record("geonames:1", "Kharkov", "GPE"),
            _record("geonames:706483", "Kharkiv", "GPE"),
            None,
        ),
        (
            _record("org:apple", "Apple", "ORG"),
            _record("org:apple-computer", "Apple Computer", "ORG", "Apple"),
            "org:apple-computer",
        ),
        (
            _record("org:apple-corps", "Apple Corps", "ORG", "Apple"),
            _record("org:apple-computer", "Apple Computer", "ORG", "Apple"),
            None,
        ),
    ],
    ids=[
        "spelling variant joins",
        "Kim Yo Jong is not Kim Jong Un",
        "George Bush is not George W. Bush",
        "types never mix",
        "model numbers differ",
        "reference ids are never remapped",
        "a one-word name joins the entity known by it",
        "one-word aliases never bridge two full names",
    ],
)
def test_link_entities(new: EntityRecord, known: EntityRecord, expected: str | None) -> None:
    assert link_entities([new], [known]).get(new.entity_id) == expected


def test_link_entities_ambiguous_one_word_name() -> None:
    known = [
        _record("person:kim-jong-un", "Kim Jong Un", "PERSON", "Kim"),
        _record("person:kim-yo-jong", "Kim Yo Jong", "PERSON", "Kim"),
    ]
    assert link_entities([_record("person:kim", "Kim", "PERSON")], known) == {}


def test_link_entities_maps_to_the_first_spelling() -> None:
    # "Jaafarey" is close to "Jaafary" (93) but not to "Jaafari" (80): it still gets the id
    # "Jaafary" was mapped to.
    new = [
        _record("person:ibrahim-al-jaafari", "Ibrahim al-Jaafari", "PERSON"),
        _record("person:ibrahim-al-jaafary", "Ibrahim al-Jaafary", "PERSON"),
        _record("person:ibrahim-al-jaafarey", "Ibrahim al-Jaafarey", "PERSON"),
    ]
    assert link_entities(new, []) == {
        "person:ibrahim-al-jaafary": "person:ibrahim-al-jaafari",
        "person:ibrahim-al-jaafarey": "person:ibrahim-al-jaafari",
    }


def test_entity_records(seed: list[ResolvedMention]) -> None:
    records = {record.entity_id: record for record in entity_records(seed)}
    zelenskyy = records["person:volodymyr-zelenskyy"]
    assert zelenskyy.aliases == ("Volodymyr Zelenskyy", "Zelenskyy")
    north_korea = records["geonames:1873107"]
    # Demonyms name the people, not the country: they are not aliases.
    assert (north_korea.canonical_name, north_korea.aliases) == ("North Korea", ("North Korea",))
    assert north_korea.country_code == "PRK"
    assert len(records) == len({m.entity_id for m in seed})


def test_gazetteer_loads_fast() -> None:
    load_gazetteer.cache_clear()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    # About 0.5 s on the development machine.
    assert time.perf_counter() - started < 3.0
    assert len(gazetteer.entities) > 30_000


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DPRK", "geonames:1873107"),
        ("Democratic People's Republic of Korea", "geonames:1873107"),
        ("Korea, Republic of", "geonames:1835841"),
        ("Kiev", "geonames:703448"),
        ("Kharkov", "geonames:706483"),
        ("The Ukraine", "geonames:690791"),
        ("Raqqa", "geonames:172955"),
        ("Georgia", "geonames:614540"),
        ("Washington", "geonames:4140963"),
        ("Florida", "geonames:4155751"),
        ("Zelensky", "person:volodymyr-zelenskyy"),
    ],
    ids=str,
)
def test_gazetteer_names(gazetteer: Gazetteer, name: str, expected: str) -> None:
    letters = name.replace(".", "")
    if letters.isupper():
        assert gazetteer.by_acronym[letters] == expected
    else:
        assert gazetteer.by_key[name_key(name)][0] == expected


def test_every_demonym_names_a_country(gazetteer: Gazetteer) -> None:
    countries = {gazetteer.entities[entity_id] for entity_id in gazetteer.demonyms.values()}
    assert {country.feature for country in countries} == {"country"}
    assert "korean" not in gazetteer.demonyms
    assert "kurdish" not in gazetteer.demonyms


def test_reference_tables_are_checked(tmp_path: Path) -> None:
    folder = resources.files("schemas.reference")
    for name in json.loads(folder.joinpath("datapackage.json").read_text(encoding="utf-8"))[
        "resources"
    ]:
        (tmp_path / name["path"]).write_bytes(folder.joinpath(name["path"]).read_bytes())
    (tmp_path / "datapackage.json").write_bytes(folder.joinpath("datapackage.json").read_bytes())
    assert set(verified_tables(tmp_path)) >= {"places.csv", "demonyms.csv"}
    demonyms = tmp_path / "demonyms.csv"
    demonyms.write_text(demonyms.read_text(encoding="utf-8") + "XXX,Martian,Martians\n")
    with pytest.raises(ReferenceDataError) as error:
        verified_tables(tmp_path)
    assert error.value.table == "demonyms.csv"


@pytest.mark.slow
def test_reference_build_is_reproducible(tmp_path: Path) -> None:
    vocabulary = shared_or_skip(CORPUS / "spellingukraine")
    folder = Path(str(resources.files("schemas.reference")))
    for name in ("demonyms.csv", "country_aliases.csv"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    assert build.main(["--spellingukraine", str(vocabulary), "--out", str(tmp_path)]) == 0
    for name in ("countries.csv", "places.csv", "spellingukraine.csv", "datapackage.json"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_an_id_keeps_its_first_mapping_in_later_batches() -> None:
    """The first record of an id decides where it goes, in later batches too, so entity ids
    do not depend on how articles were batched (reprocessing reproduces an ingest)."""
    original = EntityRecord(
        "person:orla-vantrasse", "Orla Vantrasse", "PERSON", (), None, None, None
    )
    variant = EntityRecord("person:orla-vantrase", "Orla Vantrase", "PERSON", (), None, None, None)
    registry = EntityRegistry()
    mapping, admitted = registry.admit([original, variant])
    assert mapping == {variant.entity_id: original.entity_id}
    assert admitted == [original]
    # A later record with the variant's id is not linked again, whatever its names.
    later = EntityRecord(variant.entity_id, "Orla Vantrase", "PERSON", ("O. V.",), None, None, None)
    registry.linker.link = lambda records: {}  # a linker that would now decide otherwise
    assert registry.admit([later]) == ({variant.entity_id: original.entity_id}, [])
