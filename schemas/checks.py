"""`checks`: the data checks each committed run passed (see warehouse/checks.py)."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import RUN_ID
from schemas.table import Column, TableSchema

# Offending keys kept per check: enough to find the rows, bounded whatever the failure.
FAILED_KEYS_KEPT = 20

CHECKS = TableSchema(
    name="checks",
    grain="one row per data check per run",
    primary_key=("run_id", "table_name", "check_name"),
    description=(
        "The checks run on each run's rows before it committed. A run that fails one does not "
        "commit, so its rows appear in the run's error, not here."
    ),
    columns=(
        RUN_ID,
        Column("table_name", pa.string(), "The table whose rows were checked.", nullable=False),
        Column(
            "check_name",
            pa.string(),
            "What was checked: unique_key, <column>_exists, offsets_match_text, bounds_ordered, "
            "<column>_allowed, published_date_in_range, as_of_date_in_range, dates_ordered.",
            nullable=False,
        ),
        Column("description", pa.string(), "The rule, in words.", nullable=False),
        Column("is_passed", pa.bool_(), "True when no row broke the rule.", nullable=False),
        Column("n_failed", pa.int64(), "Rows (or keys) that broke the rule.", nullable=False),
        Column(
            "failed_keys",
            pa.list_(pa.string()),
            f"Primary keys of the first {FAILED_KEYS_KEPT} offending rows, columns joined by '/'.",
            nullable=False,
        ),
        Column(
            "seconds",
            pa.float64(),
            "Time the check's query took (a table's row checks share one query and its time).",
            nullable=False,
        ),
        Column("checked_at", pa.timestamp("us", tz="UTC"), "When the check ran.", nullable=False),
    ),
)
