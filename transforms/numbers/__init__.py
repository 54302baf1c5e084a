"""Find and normalize counts in English news text ("more than 300", "FIFTEEN", "tens of thousands").

Pure package: strings in, values out. `parse_number` reads one number expression; `find_quantities`
finds every count in a text with its bounds and qualifier, following section 3 of the claims
annotation guidelines (value, low, high, qualifier). Matching ignores case, so ALL-CAPS wire text
reads like mixed-case text.

Money, percentages, measures and ordinals are kept with their `kind` and `unit` ("$1.5 billion"
is money 1.5e9 USD); years, dates, times, phone numbers, identifiers ("No. 1", "CHANNEL 7"), ages,
scores and durations are left out.
A count inside a name ("Xbox One X", "the Big Three") is left out when the caller's NER gives the
name's span (`names`).

Modules: `quantity` (the `Quantity` type), `parse` (one number expression), `qualifiers`
("more than", "up to", "or so"), `not_counts` (what rules a number out), `word_quantities`
("several", "dozens", "no one"), `kinds` (money, percentages, measures, ordinals) and `scanner`
(`find_quantities`).
"""

from transforms.numbers.parse import parse_number
from transforms.numbers.quantity import Quantity
from transforms.numbers.scanner import find_quantities

__all__ = ["Quantity", "find_quantities", "parse_number"]
