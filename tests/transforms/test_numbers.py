"""Tests for transforms.numbers: parse_number, find_quantities.

Real sentences (MUC-3 wire text, re3d, the seed article) are in tests/cases/numbers/: counts.json
lists every count a sentence must give, not_counts.json the numbers it must not give as counts
(money, percentages, measures and ordinals are kept with their kind: `eval/kinds.json`).
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.quantities import COUNT, KINDS, MONEY, ORDINAL, PERCENT, QUALIFIERS
from schemas.reference.currencies import currency_forms
from transforms.numbers import Quantity, find_quantities, parse_number

CASES = Path(__file__).parents[1] / "cases" / "numbers"
SHARED = (Path(__file__).parents[2] / ".." / "shared").resolve()
SEED = SHARED / "seed" / "nk-casualties-2025-01-13.txt"
CLAIMS = SHARED / "corpus" / "claims-dev" / "claims.json"

COUNT_CASES = json.loads((CASES / "counts.json").read_text(encoding="utf-8"))
NOT_COUNT_CASES = json.loads((CASES / "not_counts.json").read_text(encoding="utf-8"))


def _as_tuple(q: Quantity) -> tuple[str, float, float | None, float | None, str]:
    return q.text, q.value, q.low, q.high, q.qualifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,700", 2700),
        ("1.5", 1.5),
        ("10 000", 10000),
        ("two", 2),
        ("twenty-one", 21),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("three hundred and six", 306),
        ("FIFTEEN", 15),
        ("TWO HUNDRED", 200),
        ("ONE HUNDRED AND FORTY-TWO", 142),
        ("1.5 million", 1_500_000),
        ("10M", 10_000_000),
        ("3bn", 3_000_000_000),
        ("100k", 100_000),
        ("two and a half million", 2_500_000),
        ("half a million", 500_000),
        ("a hundred and two", 102),
        ("two thousand and nineteen", 2019),
        ("nineteen hundred seventy-three", 1973),
        ("forty-five (45)", 45),
        ("two lakh", 200_000),
        ("zero", 0),
    ],
    ids=str,
)
def test_parse_number_reads(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tens of thousands",  # vague: find_quantities reads it
        "several",
        "thousands",
        "a",
        "a rebel",
        "second",
        "3rd",
        "-504",
        "1/5",
        "45%",
        "1 2",
        "twenty 1",
        "two hundred hundred",
        "sixty fifteen",
        "",
        # Digit runs no count has (found by test_properties.py): past a float, past Python's
        # 4,300-digit int conversion limit.
        pytest.param("2" + "0" * 308, id="past-a-float"),
        pytest.param("0" * 4301, id="past-the-int-conversion-limit"),
    ],
    ids=repr,
)
def test_parse_number_refuses(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("case", COUNT_CASES, ids=lambda c: c["id"])
def test_counts_in_real_sentences(case: dict) -> None:
    expected = [
        (q["text"], q["value"], q["low"], q["high"], q["qualifier"]) for q in case["expected"]
    ]
    counts = [_as_tuple(q) for q in find_quantities(case["sentence"]) if q.kind == COUNT]
    assert counts == expected


@pytest.mark.parametrize("case", NOT_COUNT_CASES, ids=lambda c: c["id"])
def test_not_counts_in_real_sentences(case: dict) -> None:
    sentence = case["sentence"]
    found = find_quantities(sentence)
    for surface in case["absent"]:
        start = sentence.index(surface)
        end = start + len(surface)
        hits = [q.text for q in found if q.start_char < end and start < q.end_char]
        counts = [
            q.text for q in found if q.start_char < end and start < q.end_char and q.kind == COUNT
        ]
        assert not counts, f"{surface!r} ({case['why']}) read as the count {counts}"
        typed = case.get("kind")
        if typed is not None:  # money, a percentage, a measure or an ordinal: kept with its kind
            assert [q.kind for q in found if q.text in hits] == [typed] * len(hits), hits


WORDING_CASES = [
    ("between 20 and 30 people", ("between 20 and 30", 20, 20, 30, "range")),
    ("20-30 people", ("20-30", 20, 20, 30, "range")),
    ("20–30 people", ("20–30", 20, 20, 30, "range")),
    ("20 to 30 people", ("20 to 30", 20, 20, 30, "range")),
    ("20~30 people", ("20~30", 20, 20, 30, "range")),
    ("from 20 to 30 people", ("from 20 to 30", 20, 20, 30, "range")),
    ("two to three million people", ("two to three million", 2e6, 2e6, 3e6, "range")),
    ("in excess of 300 people", ("in excess of 300", 300, 300, None, "more_than")),
    ("upwards of 300 people", ("upwards of 300", 300, 300, None, "more_than")),
    ("up to 300 people", ("up to 300", 300, None, 300, "at_most")),
    ("no more than 300 people", ("no more than 300", 300, None, 300, "at_most")),
    ("at most 300 people", ("at most 300", 300, None, 300, "at_most")),
    ("fewer than 300 people", ("fewer than 300", 300, None, 300, "less_than")),
    ("just under 300 people", ("just under 300", 300, None, 300, "less_than")),
    ("roughly 300 people", ("roughly 300", 300, None, None, "approximately")),
    ("around 300 people", ("around 300", 300, None, None, "approximately")),
    ("approx. 300 people", ("approx. 300", 300, None, None, "approximately")),
    ("~300 people", ("~300", 300, None, None, "approximately")),
    ("300 or more people", ("300 or more", 300, 300, None, "at_least")),
    ("another 3 soldiers", ("another 3", 3, 3, 3, "exact")),
    ("five more soldiers", ("five", 5, 5, 5, "exact")),
    ("a few soldiers", ("a few", 3, 3, None, "vague")),
    ("dozens of soldiers", ("dozens", 24, 24, None, "vague")),
    ("scores of soldiers", ("scores", 40, 40, None, "vague")),
    ("thousands of soldiers", ("thousands", 2000, 2000, None, "vague")),
    ("several hundred soldiers", ("several hundred", 300, 300, None, "vague")),
    ("nobody was hurt", ("nobody", 0, 0, 0, "exact")),
    ("FIVE (5) SOLDIERS", ("FIVE (5)", 5, 5, 5, "exact")),
    ("1.5 million people", ("1.5 million", 1.5e6, 1.5e6, 1.5e6, "exact")),
    ("one of our brave service members", ("one", 1, 1, 1, "exact")),
    ("more than 20 and at most 35 soldiers", ("more than 20 and at most 35", 20, 20, 35, "range")),
]


@pytest.mark.parametrize(("sentence", "expected"), WORDING_CASES, ids=[s for s, _ in WORDING_CASES])
def test_qualifiers_ranges_and_words(sentence: str, expected: tuple) -> None:
    assert [_as_tuple(q) for q in find_quantities(sentence)] == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "3 p.m.",
        "at 10:30",
        "January 13, 2025",
        "3 JAN 90",
        "2 FEBRUARY",
        "since 1989",
        "the 507th brigade",
        "45 percent",
        "5 dollars",
        "$5 million",
        "a 24-year-old man",
        "call 555-1234",
        "the one who fled",
        "another one was found",
        "one cannot know",
        "two thirds of the town",
        "many people were arrested",
        "some people were wounded",
        "numerous casualties",
        "12.5 people per household",
        "AK-47 rifles",
        "in 2013-14",
        "a score of 3-2",
        pytest.param("2" + "0" * 308 + " people", id="digits-past-a-float"),
        pytest.param("0" * 4301 + " people", id="digits-past-the-int-conversion-limit"),
    ],
    ids=str,
)
def test_not_counts(sentence: str) -> None:
    assert [q for q in find_quantities(sentence) if q.kind == COUNT] == []


def test_a_count_inside_a_name_is_part_of_the_name() -> None:
    text = "The Big Three asked for $14 billion; the 3rd Battalion lost 20 men."
    names = [
        (4, 13),
        (text.index("3rd"), text.index("3rd") + 13),
        (text.index("$"), text.index(";")),
    ]
    found = find_quantities(text, names=names)
    assert [(q.text, q.kind) for q in found] == [
        ("$14 billion", "money"),
        ("3rd", "ordinal"),
        ("20", "count"),
    ]


def test_seed_article_body() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    dateline_end = text.index("13-01-2025") + len("13-01-2025")
    body = text[dateline_end:]
    got = {q.text: _as_tuple(q) for q in find_quantities(body)}
    assert got["more than 300"] == ("more than 300", 300, 300, None, "more_than")
    assert got["an additional 2,700"] == ("an additional 2,700", 2700, 2700, 2700, "exact")
    assert got["surpassed 3,000"] == ("surpassed 3,000", 3000, 3000, None, "more_than")
    assert got["two"] == ("two", 2, 2, 2, "exact")
    assert got["over 10,000"] == ("over 10,000", 10000, 10000, None, "more_than")
    assert not any("13-01-2025" in q.text for q in find_quantities(text))


def _claims() -> list[tuple[str, str, dict]]:
    """(document text, evidence, claim) for every gold claim of claims-dev."""
    if not CLAIMS.is_file():
        return []
    texts = {}
    for name in ("muc3/muc3-dev.jsonl", "re3d/re3d-articles.jsonl"):
        for line in (SHARED / "corpus" / name).read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            texts[article["id"]] = article["text"]
    gold = json.loads(CLAIMS.read_text(encoding="utf-8"))
    return [
        (texts[doc["doc_id"]], claim["evidence"], claim)
        for doc in gold["documents"]
        for claim in doc["claims"]
    ]


CLAIM_CASES = _claims()


@pytest.mark.skipif(not CLAIM_CASES, reason=f"claims-dev gold not found at {CLAIMS}")
@pytest.mark.parametrize(
    ("text", "evidence", "claim"), CLAIM_CASES, ids=[e[:40] for _, e, _ in CLAIM_CASES]
)
def test_claims_dev_gold_figures_are_found(text: str, evidence: str, claim: dict) -> None:
    """Each annotated claim's evidence holds a quantity with the annotated bounds."""
    start = text.index(evidence)
    end = start + len(evidence)
    inside = [_as_tuple(q)[1:] for q in find_quantities(text) if start <= q.start_char < end]
    expected = (claim["value"], claim["low"], claim["high"], claim["qualifier"])
    assert expected in inside


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spell(n: int) -> str:
    """English words for 0 <= n < 10**9, written independently of the module under test."""
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")
    for size, word in ((10**6, "million"), (10**3, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            joiner = " and " if size == 100 and rest else " "
            return f"{_spell(head)} {word}" + (joiner + _spell(rest) if rest else "")
    raise AssertionError(n)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_parse_number_reads_spelled_and_grouped_numbers(n: int) -> None:
    assert parse_number(_spell(n)) == n
    assert parse_number(_spell(n).upper()) == n
    assert parse_number(f"{n:,}") == n


_FRAGMENTS = [
    "300", "2,700", "1.5 million", "two", "FIFTEEN", "a dozen", "more than", "at least",
    "up to", "nearly", "about", "between", "and", "to", "or", "-", "or more", "soldiers", "KM",
    "percent", "$", "in", "1989", "3 JAN 90", "no one", "none of", "several", "tens of thousands",
    "hundreds", "the", "one", "another", ",", ".", "(", ")", "20-30", "three or four",
]  # fmt: skip


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14).map(" ".join))
def test_quantities_are_consistent(text: str) -> None:
    """Spans match the text, come in order without overlap, and bounds agree with qualifiers."""
    previous_end = 0
    for q in find_quantities(text):
        assert text[q.start_char : q.end_char] == q.text
        assert q.number_text in q.text
        assert q.start_char >= previous_end
        previous_end = q.end_char
        assert q.qualifier in QUALIFIERS
        assert q.kind in KINDS
        assert (q.unit is None) == (q.kind in (COUNT, PERCENT, ORDINAL)) or q.kind == MONEY
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.qualifier == "exact":
            assert q.low == q.high == q.value
        elif q.qualifier in ("range", "vague", "more_than", "at_least"):
            assert q.low == q.value
        elif q.qualifier in ("at_most", "less_than"):
            assert q.high == q.value


def test_time_grows_linearly_with_the_text() -> None:
    """No look back over the whole text per number: four times the text takes about four times
    the time (a ratio within one run, so a slow or busy machine does not fail it; a scan from
    the start of the text per number made it 4x per character)."""
    sentences = [c["sentence"] for path in sorted((CASES / "eval").glob("*.json"))
                 for c in json.loads(path.read_text(encoding="utf-8"))]  # fmt: skip
    text = " ".join(sentences)

    def per_char(sample: str) -> float:
        best = math.inf
        for _ in range(3):
            started = time.perf_counter()
            find_quantities(sample)
            best = min(best, time.perf_counter() - started)
        return best / len(sample)

    assert per_char(" ".join([text] * 4)) < 2 * per_char(text)


@pytest.mark.parametrize(
    ("sentence", "kind", "unit"),
    [
        ("$5 million", "money", "USD"),
        ("5 dollars", "money", "USD"),
        ("45 percent", "percent", None),
        ("the 507th brigade", "ordinal", None),
        ("700 KG", "measure", "kg"),
    ],
    ids=str,
)
def test_non_counts_are_typed(sentence: str, kind: str, unit: str | None) -> None:
    (found,) = find_quantities(sentence)
    assert (found.text, found.kind, found.unit) == (
        sentence.split(" brigade")[0].removeprefix("the "),
        kind,
        unit,
    )


# Withdrawn ISO 4217 codes (ISO 4217 list A.3) the table may name: pycountry lists current ones.
WITHDRAWN_ISO_4217 = frozenset(
    {"DEM", "FRF", "ITL", "ESP", "NLG", "BEF", "ATS", "PEI", "ECS", "FIM", "BOP", "PTE", "GRD"}
)


def test_currency_codes_are_iso_4217() -> None:
    """Every code of `currencies.csv` is an ISO 4217 code: current (pycountry's list) or
    withdrawn (list A.3)."""
    pycountry = pytest.importorskip("pycountry")
    forms = currency_forms()
    codes = {code for table in forms for code in table.values() if code}
    known = {currency.alpha_3 for currency in pycountry.currencies} | WITHDRAWN_ISO_4217
    assert codes and codes <= known, sorted(codes - known)
    assert all(form == form.lower().strip() for table in forms for form in table)
