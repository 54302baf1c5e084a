"""`rejects`: inputs that could not be read, with the reason; nothing is dropped silently."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import RUN_ID
from schemas.input_formats import FEED, INPUT_FORMATS
from schemas.table import Column, TableSchema

# A reject's format: what the reader gave (a record of a file read), else what the file's
# extension named (a whole file rejected), which for a feed is FEED, not yet RSS or Atom.
REJECT_FORMATS = (*INPUT_FORMATS, FEED)

REJECTS = TableSchema(
    name="rejects",
    grain="one row per unreadable file or record (same file bytes, position and reason = once)",
    primary_key=("source_sha256", "source_position", "reason"),
    description="Files and records that could not be read, and why.",
    columns=(
        Column("source_path", pa.string(), "Path or URL of the input file.", nullable=False),
        Column(
            "source_position",
            pa.int64(),
            "Position of the record in the file (line, index, item; for a WARC, the record's "
            "byte offset, 64-bit); -1 for the whole file.",
            nullable=False,
        ),
        Column("source_sha256", pa.string(), "sha256 of the input file's bytes.", nullable=False),
        Column(
            "format",
            pa.string(),
            "Input format guessed from the file, when known: "
            + ", ".join(REJECT_FORMATS)
            + f" ({FEED}: RSS or Atom, a whole file rejected before its content told which).",
        ),
        Column("reason", pa.string(), "Why it could not be read, one line.", nullable=False),
        Column(
            "rejected_at", pa.timestamp("us", tz="UTC"), "When it was recorded.", nullable=False
        ),
        RUN_ID,
    ),
)
