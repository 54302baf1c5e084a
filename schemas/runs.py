"""`runs`: one row per flow run, its inputs, counts, versions and outcome (lineage)."""

from __future__ import annotations

import pyarrow as pa

from schemas.table import Column, TableSchema

# What a run did (the kind column); each is a flow of its own (flows/ingest.py, reprocess.py,
# publish.py).
INGEST = "ingest"
REPROCESS = "reprocess"
PUBLISH = "publish"
RUN_KINDS = (INGEST, REPROCESS, PUBLISH)
# How a run ended (the outcome column): only a completed run commits, so it is the one value.
COMPLETED = "completed"
RUN_OUTCOMES = (COMPLETED,)

INPUT_FILE = pa.struct([("path", pa.string()), ("sha256", pa.string())])

RUNS = TableSchema(
    name="runs",
    grain="one row per newsledger run that committed",
    primary_key=("run_id",),
    description="Lineage: what each run read, what it wrote and with which code and model.",
    columns=(
        Column("run_id", pa.string(), "Id of the run.", nullable=False),
        Column(
            "kind", pa.string(), "What the run did: " + ", ".join(RUN_KINDS) + ".", nullable=False
        ),
        Column("flow_run_id", pa.string(), "Prefect flow run id, when run by Prefect."),
        Column("started_at", pa.timestamp("us", tz="UTC"), "Start time.", nullable=False),
        Column("ended_at", pa.timestamp("us", tz="UTC"), "End time.", nullable=False),
        Column(
            "outcome",
            pa.string(),
            "completed: a run that fails commits nothing (its failure is in Prefect's flow run).",
            nullable=False,
        ),
        Column("inputs", pa.list_(INPUT_FILE), "Input files read, with their sha256."),
        Column("n_files", pa.int64(), "Input files read.", nullable=False),
        Column("n_articles_read", pa.int64(), "Articles read from the inputs.", nullable=False),
        Column("n_articles_new", pa.int64(), "Articles not seen before, stored.", nullable=False),
        Column("n_duplicates", pa.int64(), "Articles already stored or repeated.", nullable=False),
        Column("n_rejected", pa.int64(), "Files or records rejected.", nullable=False),
        Column("code_version", pa.string(), "newsledger version.", nullable=False),
        Column("model_name", pa.string(), "spaCy model package."),
        Column("model_version", pa.string(), "spaCy model version."),
        Column("extractor_version", pa.string(), "Version stamped on derived rows."),
        Column("settings_json", pa.string(), "Effective settings, as JSON."),
        Column(
            "changes_json",
            pa.string(),
            "Reprocess runs: rows added, removed and changed per table, as JSON.",
        ),
    ),
)
