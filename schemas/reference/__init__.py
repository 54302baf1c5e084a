"""Reference data for the `entities` layer: the tables, their descriptor, and what both sides of
reading them share.

The tables and their sources and licences are listed in `datapackage.json` (see README.md);
`warehouse.reference` reads them (checking sizes and hashes) and the user's alias files,
`transforms.entities.build_gazetteer` builds the gazetteer from them. The generated tables are
rebuilt by `python -m warehouse.reference_build`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# Columns of a user alias file (the `alias_files` setting); `geonames_id` may be left out.
ALIAS_FILE_COLUMNS = ("canonical_name", "entity_type", "aliases")


@dataclass(frozen=True, slots=True)
class AliasTable:
    """A user alias file's text and where it came from; the worker parses it."""

    source: str
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


__all__ = ["ALIAS_FILE_COLUMNS", "AliasTable"]
