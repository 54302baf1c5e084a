"""Currency symbols, codes and words and the ISO 4217 code each names (`currencies.csv`).

A hand-written table of facts shipped with the package, read once on first use. `code` is empty
for a word several currencies share ("pesos", "francs", "dinars"); a withdrawn currency keeps
its withdrawn ISO 4217 code ("intis" PEI, "deutschmarks" DEM), as 1990s news needs.
`position` says whether the form stands before the number ("$", "US$", "USD") or after it
("dollars", "Canadian dollars", "EUR").
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from typing import NamedTuple

CURRENCIES_TABLE = "currencies.csv"
BEFORE = "before"
AFTER = "after"
POSITIONS = (BEFORE, AFTER)


class CurrencyForms(NamedTuple):
    """Lower-case currency forms by where they stand, each with its ISO 4217 code or None."""

    before: dict[str, str | None]
    after: dict[str, str | None]


@cache
def currency_forms() -> CurrencyForms:
    """The forms of `currencies.csv`, read once."""
    text = resources.files("schemas.reference").joinpath(CURRENCIES_TABLE).read_text("utf-8")
    before: dict[str, str | None] = {}
    after: dict[str, str | None] = {}
    for row in csv.DictReader(io.StringIO(text)):
        table = before if row["position"] == BEFORE else after
        table[row["form"]] = row["code"] or None
    return CurrencyForms(before, after)


@cache
def iso_codes() -> frozenset[str]:
    """The ISO 4217 codes the table names, lower case ("usd", "sgd", "dem")."""
    forms = currency_forms()
    return frozenset(
        code.lower() for code in (*forms.before.values(), *forms.after.values()) if code
    )


@cache
def longest_after_form() -> int:
    """Words of the longest form written after the number ("new zealand dollars": 3)."""
    return max((len(form.split()) for form in currency_forms().after), default=1)
