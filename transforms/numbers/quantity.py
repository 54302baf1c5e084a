"""`Quantity`: one quantity found in a text, with its bounds, qualifier, kind and unit."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.quantities import COUNT


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a text. `text` is `source[start_char:end_char]`, qualifier words and
    any currency or unit included ("more than 300", "$1.5 billion", "40 percent"); `number_text`
    is the number alone ("300"). `kind` is one of `schemas.quantities.KINDS`; `unit` the ISO 4217
    code of money or the unit word of a measure, else None."""

    text: str
    start_char: int
    end_char: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    number_text: str
    kind: str = COUNT
    unit: str | None = None
