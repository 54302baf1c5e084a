"""Start-up bench: seconds until a run's temporary Prefect server answers, newsledger's way
(`flows.runtime.prefect_api`: the server launched first, Prefect's server package imported
while it starts) against Prefect's own (`SubprocessASGIServer().start()`: import, then start).

Each start is a fresh interpreter that has imported what a run imports before its server
starts (`flows.ingest`); the two ways alternate, so a noisy machine affects both alike.
Printed: the median seconds of each and their ratio.

Run: python -m tests.benchmarks.server_start [--rounds 5] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
from pathlib import Path

from tests.benchmarks import append_section

REPO = Path(__file__).resolve().parents[2]
WAYS = ("prefect", "newsledger")


def start_seconds(way: str) -> float:
    """Seconds from the start of the server to its first answer, in a fresh interpreter."""
    completed = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.server_start", "--child", way],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return float(completed.stdout.strip().splitlines()[-1])


def child(way: str) -> None:
    import time

    from flows.runtime import apply_prefect_defaults

    apply_prefect_defaults()
    import flows.ingest  # noqa: F401  (what a run has imported when its server starts)

    started = time.perf_counter()
    if way == "newsledger":
        from flows.runtime import prefect_api

        with prefect_api():
            up = time.perf_counter()
    else:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start()
        up = time.perf_counter()
        server.stop()
    print(up - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--markdown", type=Path, default=None, help="append results here")
    parser.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    seconds: dict[str, list[float]] = {way: [] for way in WAYS}
    for _ in range(args.rounds):
        for way in WAYS:
            seconds[way].append(start_seconds(way))
    medians = {way: statistics.median(values) for way, values in seconds.items()}
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "rounds": args.rounds,
        **{f"{way}_median_seconds": round(medians[way], 2) for way in WAYS},
        "ratio_newsledger_to_prefect": round(medians["newsledger"] / medians["prefect"], 3),
        "all_seconds": {way: [round(v, 2) for v in values] for way, values in seconds.items()},
    }
    print(json.dumps(result, indent=1))
    if args.markdown:
        append_section(
            args.markdown,
            f"\n### {result['date']}: temporary Prefect server start, {args.rounds} rounds\n\n"
            "Command: `python -m tests.benchmarks.server_start`\n\n"
            "| measure | value |\n|---|---|\n"
            + "".join(f"| {key} | {value} |\n" for key, value in result.items() if key != "date"),
        )


if __name__ == "__main__":
    main()
