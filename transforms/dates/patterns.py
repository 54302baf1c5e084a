"""The rule table: each temporal expression pattern with its handler, rank and prefilters.

Compiled once, at import. Patterns are written in lower case: the scan also runs them,
case-sensitively, on lower-cased text (see ``transforms.dates.scan``).
"""

from __future__ import annotations

from transforms.dates.matching import Rule
from transforms.dates.patterns_calendar import CALENDAR_RULES
from transforms.dates.patterns_relative import RELATIVE_RULES

# Calendar rules first: the order is the table's order before it was split in two modules.
RULES: tuple[Rule, ...] = CALENDAR_RULES + RELATIVE_RULES
