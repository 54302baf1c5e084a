"""Reprocess bench: ingest a corpus, then reprocess every stored article with the same code.

Printed: seconds and peak RSS of each run (each in a fresh process, see run_child.py), the
ratio reprocess / ingest, and the change report, which must be empty: with unchanged code a
reprocess reproduces every derived row but its lineage. Exits 1 when it does not.

With `--ingest-with COMMIT` the ingest runs the code of that commit (a temporary git worktree)
and the reprocess today's: the change report then shows which rows the code change moved, and
the changed claims are listed with their sentence before and after.

Run: python -m tests.benchmarks.reprocess [--inputs FILE_OR_FOLDER...] [--ingest-with COMMIT]
     [--markdown docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks import append_section
from tests.benchmarks.throughput import CORPUS, INPUTS, REPO, run_child


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--inputs", type=Path, nargs="*", default=None)
    parser.add_argument("--markdown", type=Path, default=None, help="append results here")
    parser.add_argument("--ingest-with", default=None, help="ingest with this commit's code")
    args = parser.parse_args()
    inputs = [str(path) for path in (args.inputs or INPUTS)]
    if not args.inputs and not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="newsledger-bench-reprocess-") as folder:
        warehouse = str(Path(folder) / "wh")
        if args.ingest_with:
            code = Path(folder) / "code"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(code), args.ingest_with],
                cwd=REPO,
                check=True,
                capture_output=True,
            )
            try:
                ingest = run_child(warehouse, args.processes, inputs, code=code)
            finally:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(code)], cwd=REPO, check=False
                )
        else:
            ingest = run_child(warehouse, args.processes, inputs)
        reprocess = run_child(warehouse, args.processes, ["--reprocess"])
    changes = reprocess["summary"]["changes"]
    changed = {
        table["table"]: (table["added"], table["removed"], table["changed"])
        for table in changes["tables"]
        if table["added"] or table["removed"] or table["changed"]
    }
    result = {
        "articles": reprocess["summary"]["n_articles"],
        "processes": args.processes,
        "ingest_seconds": round(ingest["seconds"], 2),
        "reprocess_seconds": round(reprocess["seconds"], 2),
        "reprocess_over_ingest": round(reprocess["seconds"] / ingest["seconds"], 3),
        "peak_rss_flow_mb": {
            "ingest": round(ingest["peak_rss_flow_mb"], 1),
            "reprocess": round(reprocess["peak_rss_flow_mb"], 1),
        },
        "rows_compared": {table["table"]: table["rows_after"] for table in changes["tables"]},
        "tables_changed": changed,
        "claims_figure_or_claimant_changed": changes["n_claims_changed"],
        "reprocess_stage_seconds": reprocess["summary"]["stage_seconds"],
        "ingested_with": args.ingest_with or "the same code",
        "claims_changed_listed": [
            {
                "article": claim["article_id"],
                "text": claim["text"],
                "before": claim["before"],
                "after": claim["after"],
            }
            for claim in changes["claims"]
        ],
    }
    print(json.dumps(result, indent=1))
    if args.markdown:
        append_section(
            args.markdown,
            f"\n### {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: reprocess, "
            f"{result['articles']:,} articles, {args.processes} processes\n\n"
            f"Command: `python -m tests.benchmarks.reprocess`. Machine: {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}.\n\n"
            f"```json\n{json.dumps(result, indent=1)}\n```\n",
        )
    if not args.ingest_with and (changed or result["claims_figure_or_claimant_changed"]):
        sys.exit("reprocess with unchanged code changed rows")


if __name__ == "__main__":
    main()
