"""Find and normalize counts in English news text ("more than 300", "FIFTEEN", "tens of thousands").

Pure package: strings in, values out. `parse_number` reads one number expression; `find_quantities`
finds every count in a text with its bounds and qualifier, following section 3 of the claims
annotation guidelines (value, low, high, qualifier). Matching ignores case, so ALL-CAPS wire text
reads like mixed-case text.

Numbers that are not counts are left out: ordinals, years, dates, times, phone numbers,
percentages, money, identifiers ("No. 1", "CHANNEL 7"), ages and measurements with a unit.
Numbers inside names ("Voyager 2", "Boeing 737") are left to the caller's NER, through `exclude`.

Modules: `quantity` (the `Quantity` type), `parse` (one number expression), `qualifiers`
("more than", "up to", "or so"), `not_counts` (what rules a number out), `word_quantities`
("several", "dozens", "no one") and `scanner` (`find_quantities`).
"""

from transforms.numbers.parse import parse_number
from transforms.numbers.quantity import Quantity
from transforms.numbers.scanner import find_quantities

__all__ = ["Quantity", "find_quantities", "parse_number"]
