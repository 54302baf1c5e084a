"""The one way a command opens an existing warehouse (and the one message when there is none)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from flows.settings import Settings, resolve
from warehouse.catalog import connect
from warehouse.store import Manifest, Store


@dataclass(frozen=True, slots=True)
class OpenedWarehouse:
    """A warehouse that exists, with the settings that named it and its committed manifest."""

    settings: Settings
    store: Store
    manifest: Manifest

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection with every table and analytic view."""
        return connect(self.store, self.manifest)


def open_warehouse(warehouse: str | None, config: str | None) -> OpenedWarehouse:
    """The warehouse the option, environment or settings file names; a RunError if none."""
    settings, _ = resolve({"warehouse": warehouse}, config)
    store = Store(settings.warehouse)
    store.require_existing()
    return OpenedWarehouse(settings, store, store.read_manifest())
