"""`rejects`: inputs that could not be read, with the reason; nothing is dropped silently."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import RUN_ID
from schemas.table import Column, TableSchema

REJECTS = TableSchema(
    name="rejects",
    grain="one row per unreadable file or record (same file bytes, position and reason = once)",
    primary_key=("source_sha256", "source_position", "reason"),
    description="Files and records that could not be read, and why.",
    columns=(
        Column("source_path", pa.string(), "Path or URL of the input file.", nullable=False),
        Column(
            "source_position",
            pa.int32(),
            "Position of the record in the file (line, index, item); -1 for the whole file.",
            nullable=False,
        ),
        Column("source_sha256", pa.string(), "sha256 of the input file's bytes.", nullable=False),
        Column("format", pa.string(), "Input format guessed from the file, when known."),
        Column("reason", pa.string(), "Why it could not be read, one line.", nullable=False),
        Column(
            "rejected_at", pa.timestamp("us", tz="UTC"), "When it was recorded.", nullable=False
        ),
        RUN_ID,
    ),
)
