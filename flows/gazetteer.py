"""The gazetteer a run resolves entities with: the reference tables and the user's alias files,
read by `warehouse.reference`, checked and built by `transforms.entities`."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from schemas.reference import AliasTable
from transforms.entities import Gazetteer, build_gazetteer, check_alias_file
from warehouse.reference import read_alias_file, reference_rows


def read_alias_files(paths: Iterable[str]) -> tuple[AliasTable, ...]:
    """The alias files a run uses, read once and checked, so every worker gets the same text."""
    tables = []
    for path in paths:
        table = read_alias_file(path)
        check_alias_file(table)  # a bad file fails the run before any NLP
        tables.append(table)
    return tuple(tables)


@functools.cache
def load_gazetteer(alias_tables: tuple[AliasTable, ...] = ()) -> Gazetteer:
    """The gazetteer over every reference table, checked against `datapackage.json`, plus the
    user's alias files (`alias_tables`, see `read_alias_files`); built once per process."""
    return build_gazetteer(reference_rows(), alias_tables)
