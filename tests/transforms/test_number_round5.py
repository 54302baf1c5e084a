"""Number classes of issue 18's fifth round, each probed with written sentences: scales after a
hyphen, currency codes glued to the digits, ranges of decimals and of money whose scale is
written once, levels named by a number, durations after "more", "a second" as an ordinal or a
time, and "one" as a pronoun.

Each class has cases on both sides of its boundary, so a rule that swallows its neighbours fails.
"""

from __future__ import annotations

import pytest

from transforms.numbers import find_quantities


def _read(text: str) -> list[tuple]:
    return [
        (q.text, q.value, q.low, q.high, q.qualifier, q.kind, q.unit) for q in find_quantities(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A scale word after a hyphen continues a decimal ("the SGD1.75-billion terminal").
        (
            "a 1.75-billion dollar plan",
            [("1.75-billion dollar", 1.75e9, 1.75e9, 1.75e9, "exact", "money", "USD")],
        ),
        (
            "1.5-2 million people fled",
            [("1.5-2 million", 1.5e6, 1.5e6, 2e6, "range", "count", None)],
        ),
        # Two different separators make no date: a range of decimals.
        ("rates of 2.5-3 percent", [("2.5-3 percent", 2.5, 2.5, 3.0, "range", "percent", None)]),
        ("born on 13-01-2025 in Seoul", []),
        ("the 13.01.2025 report", []),
    ],
    ids=str,
)
def test_hyphenated_scales_and_decimal_ranges(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The SGD1.75-billion Terminal 3 opens.",
            [("SGD1.75-billion", 1.75e9, 1.75e9, 1.75e9, "exact", "money", "SGD")],
        ),
        ("It raised USD1.5bn.", [("USD1.5bn", 1.5e9, 1.5e9, 1.5e9, "exact", "money", "USD")]),
        ("EUR300m in aid", [("EUR300m", 3e8, 3e8, 3e8, "exact", "money", "EUR")]),
        (
            "They paid NOK 300 million.",
            [("NOK 300 million", 3e8, 3e8, 3e8, "exact", "money", "NOK")],
        ),
        ("a fine of 5,000 zlotys", [("5,000 zlotys", 5000, 5000, 5000, "exact", "money", "PLN")]),
        # Letters glued to digits that name no currency are a code; capitals in capitals tell
        # nothing, and a word in small letters is no code.
        ("the DAX30 fell and MIG29 jets flew", []),
        ("ALL 300 PEOPLE DIED", [("300", 300, 300, 300, "exact", "count", None)]),
        ("All 300 people died", [("300", 300, 300, 300, "exact", "count", None)]),
    ],
    ids=str,
)
def test_currency_codes_before_the_digits(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "It needs $1.5-2 billion in aid.",
            [("$1.5-2 billion", 1.5e9, 1.5e9, 2e9, "range", "money", "USD")],
        ),
        ("£20 to 30 million", [("£20 to 30 million", 2e7, 2e7, 3e7, "range", "money", "GBP")]),
        (
            "between $1 and 2 million",
            [("between $1 and 2 million", 1e6, 1e6, 2e6, "range", "money", "USD")],
        ),
        ("Tickets cost $20-30.", [("$20-30", 20, 20, 30, "range", "money", "USD")]),
        # Money and then a count: no scale word shared.
        (
            "He paid $5 to 10 people.",
            [("$5", 5, 5, 5, "exact", "money", "USD"), ("10", 10, 10, 10, "exact", "count", None)],
        ),
    ],
    ids=str,
)
def test_money_ranges_with_one_currency_and_one_scale(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales passed the 1,000 mark.", []),
        ("AT THE 20 KM MARKER OF THE PIPELINE", []),
        ("It crossed the $1 billion threshold.", []),
        ("1,000 people marked the day", [("1,000", 1000, 1000, 1000, "exact", "count", None)]),
        ("a mark of 20 points", [("20 points", 20, 20, 20, "exact", "measure", "points")]),
    ],
    ids=str,
)
def test_a_level_named_by_its_number_is_no_quantity(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They waited for two more hours.", []),
        ("three consecutive days of rain", []),
        ("for one more second,", []),
        ("Two more soldiers died.", [("Two", 2, 2, 2, "exact", "count", None)]),
        ("two more days and 40 more people", [("40", 40, 40, 40, "exact", "count", None)]),
    ],
    ids=str,
)
def test_a_duration_after_more_is_no_count(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "ordinals"),
    [
        ("A second attack followed.", ["second"]),
        ("A SECOND GREAT ACHIEVEMENT", ["SECOND"]),
        ("It failed for a second time.", ["second"]),
        ("A YOUTH WAS KILLED AND A SECOND ONE INJURED", ["SECOND"]),
        ("WAIT A SECOND, HE SAID", []),
        ("A second later it blew up.", []),
        ("in a split second", []),
        ("for a second or two", []),
    ],
    ids=str,
)
def test_a_second_is_an_ordinal_before_a_noun(text: str, ordinals: list[str]) -> None:
    assert [q.text for q in find_quantities(text) if q.kind == "ordinal"] == ordinals


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("WHEN ONE SEES PERU FACING THE DIFFICULTIES", []),
        ("One wonders whether it will last.", []),
        ("from one place to another", []),
        ("one way or another", []),
        ("one side or the other", []),
        ("IT IS EASY TO DISTINGUISH BETWEEN ONE WAY OF DRESSING AND ANOTHER", []),
        # A count: a noun and a verb before "another".
        ("ONE PERSON WAS KILLED AND ANOTHER WOUNDED", ["ONE"]),
        ("One soldier says he saw it.", ["One"]),
        ("the dozen classmates", ["dozen"]),
    ],
    ids=str,
)
def test_one_as_a_pronoun(text: str, counts: list[str]) -> None:
    assert [q.text for q in find_quantities(text) if q.kind == "count"] == counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 at most", [("30 at most", 30, None, 30, "at_most", "count", None)]),
        ("killed 20 at the very least.", [("20 at the very least", 20, 20, None, "at_least")]),
        ("at a minimum 20 people", [("at a minimum 20", 20, 20, None, "at_least")]),
        ("=>20", [("=>20", 20, 20, None, "at_least")]),
        ("=<30", [("=<30", 30, None, 30, "at_most")]),
        ("twenty odd people", [("twenty odd", 20, None, None, "approximately")]),
        # "at least" before another number belongs to that number.
        ("20 at least 10 times", [("20", 20, 20, 20, "exact")]),
    ],
    ids=str,
)
def test_qualifiers_after_the_number_and_more_forms(text: str, expected: list[tuple]) -> None:
    found = [row[: len(expected[0])] for row in _read(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "three quarters of a million people",
            [("three quarters of a million", 750_000, 750_000, 750_000, "exact", "count", None)],
        ),
        (
            "a quarter million",
            [("a quarter million", 250_000, 250_000, 250_000, "exact", "count", None)],
        ),
        (
            "three quarters of a million dollars",
            [
                (
                    "three quarters of a million dollars",
                    750_000,
                    750_000,
                    750_000,
                    "exact",
                    "money",
                    "USD",
                )
            ],
        ),
        (
            "a third of a billion dollars",
            [
                (
                    "a third of a billion dollars",
                    333_333_333,
                    None,
                    None,
                    "approximately",
                    "money",
                    "USD",
                )
            ],
        ),
        (
            "a million and a half refugees",
            [("a million and a half", 1.5e6, 1.5e6, 1.5e6, "exact", "count", None)],
        ),
        ("a quarter of the vote", []),
    ],
    ids=str,
)
def test_shares_of_a_scale_word(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the" and a number name a model only before a word that is no plural.
        ("half of the 300 people", [("300", 300, 300, 300, "exact", "count", None)]),
        ("THE 300 MEN WERE FREED", [("300", 300, 300, 300, "exact", "count", None)]),
        ("the 787 program", []),
        # "-strong" counts: "m" is a million there, and metres before "-high".
        ("The 2.7m-strong population", [("2.7m", 2.7e6, 2.7e6, 2.7e6, "exact", "count", None)]),
        ("a 5m-high wall", [("5m", 5, 5, 5, "exact", "measure", "m")]),
    ],
    ids=str,
)
def test_plurals_without_s_and_strong(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Temperatures hit 45C.", [("45C", 45, 45, 45, "exact", "measure", "°c")]),
        ("It was 45 °C outside", [("45 °C", 45, 45, 45, "exact", "measure", "°c")]),
        ("The 1.5C target was missed.", [("1.5C", 1.5, 1.5, 1.5, "exact", "measure", "°c")]),
        # A letter glued to a number is a temperature only as a capital in mixed-case text, and
        # at a temperature air can have.
        ("Form 1099C was filed", []),
        ("HE WON 3C", []),
        # Digits before ".5" are no number of their own.
        ("version 1.2.3", []),
    ],
    ids=str,
)
def test_temperatures_glued_to_the_digits(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It runs at native 4K.", []),
        ("She ran a 5K race.", []),
        (
            "Over 25K people signed.",
            [("Over 25K", 25_000, 25_000, None, "more_than", "count", None)],
        ),
        ("He earned $4K.", [("$4K", 4000, 4000, 4000, "exact", "money", "USD")]),
        ("ABOUT 4K PEOPLE", [("ABOUT 4K", 4000, None, None, "approximately", "count", None)]),
    ],
    ids=str,
)
def test_one_digit_and_a_capital_k_in_mixed_case_is_a_name(
    text: str, expected: list[tuple]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a speed of about 2 GB/s",
            [("about 2 GB/s", 2, None, None, "approximately", "measure", "gb/s")],
        ),
        ("at 90 km/h", [("90 km/h", 90, 90, 90, "exact", "measure", "km/h")]),
        ("France's third-largest group", [("third", 3, 3, 3, "exact", "ordinal", None)]),
        ("a first-class seat", [("first", 1, 1, 1, "exact", "ordinal", None)]),
        ("third-quarter profit", []),
        ("The Fiat Panda 4×4 arrived.", []),
        ("a 2x4 beam", []),
    ],
    ids=str,
)
def test_units_per_time_ordinal_compounds_and_sizes(text: str, expected: list[tuple]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("we acquired a new one in May", []),
        ('THE ACTION WAS A "TOTALLY INTERNAL ONE" AND', []),
        ("SYSTEMS SUCH AS THE ONE THE FMLN WANTS", []),
        # A count: "a total of", a noun before a preposition, a noun after "one".
        ("a total of one", ["a total of one"]),
        ("A BOMB UNDER ONE OF THE CARS", ["ONE"]),
        ("the one soldier who died", ["one"]),
    ],
    ids=str,
)
def test_one_after_an_article_and_modifiers(text: str, counts: list[str]) -> None:
    assert [q.text for q in find_quantities(text) if q.kind == "count"] == counts


@pytest.mark.parametrize(
    "text",
    ["AS A RESULT ONE PERSON DIED", "After a long siege one soldier died."],
    ids=str,
)
def test_one_before_a_noun_stays_a_count_after_an_article(text: str) -> None:
    assert [q.value for q in find_quantities(text) if q.kind == "count"] == [1.0]
