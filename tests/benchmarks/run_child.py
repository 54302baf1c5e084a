"""One `run_ingest` (or `run_reprocess`) in a fresh process, for the benches: its time and peak
memory.

A run measured in the bench's own process would count the bench's copies of the corpus in its
peak RSS; here the process holds only what the flow holds.

Run: python -m tests.benchmarks.run_child WAREHOUSE PROCESSES INPUT... (prints one JSON object);
with the single input `--reprocess`, the stored articles are reprocessed instead.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    warehouse, processes, *inputs = sys.argv[1:]
    from flows.runtime import server_launched_early
    from flows.settings import Settings

    settings = Settings(warehouse=warehouse, processes=int(processes))
    started = time.perf_counter()
    # As `newsledger run` and `reprocess` do: the temporary server starts while the flow's
    # modules are imported, and those imports are timed with the run.
    with server_launched_early():
        from flows.ingest import run_ingest
        from flows.reprocess import run_reprocess

        reprocess = inputs == ["--reprocess"]
        summary = run_reprocess(settings) if reprocess else run_ingest(inputs, settings)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "summary": summary.as_dict(),
                "peak_rss_flow_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                # Workers and Prefect's temporary server, whichever peaked highest.
                "peak_rss_largest_child_mb": (
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                ),
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
