"""`Quantity`: one count found in a text, with its bounds and qualifier."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quantity:
    """One count found in a text. `text` is `source[start_char:end_char]`, qualifier words
    included ("more than 300"); `number_text` is the number alone ("300")."""

    text: str
    start_char: int
    end_char: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    number_text: str
