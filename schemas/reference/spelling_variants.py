"""Spelling variants of words in source and subject names (`spelling_variants.csv`): British and
American spellings and common misspellings, each with the one spelling keys use ("defense" ->
"defence"). A hand-written table of facts shipped with the package, read once on first use.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

SPELLING_VARIANTS_TABLE = "spelling_variants.csv"


@cache
def spelling_variants() -> dict[str, str]:
    """Lower-case variant -> canonical spelling."""
    text = resources.files("schemas.reference").joinpath(SPELLING_VARIANTS_TABLE).read_text("utf-8")
    return {row["variant"]: row["canonical"] for row in csv.DictReader(io.StringIO(text))}
