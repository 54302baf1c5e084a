"""Scale benchmark: does a run's peak memory, and the cost of 1 % new articles, stay flat as the
corpus grows? One bench run, each newsledger run a fresh process (tests/benchmarks/run_child.py).

For each size (default 5,000 and 50,000 generated articles, `tests/benchmarks/generate_corpus.py`,
generated under build/ when missing): every 100th article is held out; (1) a full run of the
rest into an empty warehouse; (2) a run over the same files plus the held-out 1 %. Printed per
size: seconds, articles/s, peak RSS of the flow process and of its largest child, files per
table after the full run, and the increment's seconds, share of the full run and time per
stage. Then the ratios against the smallest size, in the same bench run: peak flow RSS (goal:
within 1.2) and the increment's share (goal: about 1 %).

Run: python -m tests.benchmarks.scale [--sizes 5000 50000] [--processes 2] [--markdown FILE]
(`make bench-scale`; the 50,000-article run takes about half an hour on 2 cores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

from tests.benchmarks import append_section
from tests.benchmarks.generate_corpus import generate
from tests.benchmarks.throughput import REPO, run_child, write_jsonl


def corpus_lines(size: int) -> list[str]:
    """The generated corpus of `size` articles (build/corpus-5k for 5,000), generated if
    missing."""
    name = f"{size // 1000}k" if size % 1000 == 0 else str(size)
    folder = REPO / "build" / f"corpus-{name}"
    if not folder.exists():
        generate(size, folder)
    return [
        line
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]


def files_per_table(warehouse: Path) -> dict[str, int]:
    """Files the committed manifest lists, per table."""
    manifest = json.loads((warehouse / "manifest.json").read_text())
    return {table: len(entries) for table, entries in manifest["tables"].items()}


def measure(size: int, processes: int) -> dict:
    lines = corpus_lines(size)
    main_lines = [line for index, line in enumerate(lines) if index % 100 != 99]
    added_lines = [line for index, line in enumerate(lines) if index % 100 == 99]
    with tempfile.TemporaryDirectory() as folder:
        inputs = write_jsonl(Path(folder) / "main", main_lines)
        added = write_jsonl(Path(folder) / "added", added_lines)
        del lines, main_lines, added_lines
        warehouse = Path(folder) / "wh"
        full = run_child(str(warehouse), processes, inputs)
        files = files_per_table(warehouse)
        increment = run_child(str(warehouse), processes, inputs + added)
    n = full["summary"]["n_articles_new"]
    return {
        "articles": n,
        "seconds": round(full["seconds"], 2),
        "articles_per_s": round(n / full["seconds"], 1),
        "peak_rss_flow_mb": round(full["peak_rss_flow_mb"], 1),
        "peak_rss_largest_child_mb": round(full["peak_rss_largest_child_mb"], 1),
        "files_per_table": files,
        "stage_seconds": full["summary"]["stage_seconds"],
        "increment_new_articles": increment["summary"]["n_articles_new"],
        "increment_seconds": round(increment["seconds"], 2),
        "increment_share_of_full": round(increment["seconds"] / full["seconds"], 4),
        "increment_peak_rss_flow_mb": round(increment["peak_rss_flow_mb"], 1),
        "increment_stage_seconds": increment["summary"]["stage_seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--markdown", type=Path, default=None, help="append results here")
    args = parser.parse_args()
    from flows.runtime import apply_prefect_defaults

    apply_prefect_defaults()
    sizes = sorted(args.sizes)
    by_size = {size: measure(size, args.processes) for size in sizes}
    smallest = by_size[sizes[0]]
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "processes": args.processes,
        "sizes": {str(size): measured for size, measured in by_size.items()},
        "peak_flow_ratio_to_smallest": {
            str(size): round(m["peak_rss_flow_mb"] / smallest["peak_rss_flow_mb"], 3)
            for size, m in by_size.items()
        },
        "increment_share": {str(size): m["increment_share_of_full"] for size, m in by_size.items()},
    }
    print(json.dumps(result, indent=1))
    if args.markdown:
        append_section(
            args.markdown,
            f"\n### {result['date']}: scale, {', '.join(map(str, sizes))} generated "
            f"articles, {args.processes} processes\n\n"
            f"Command: `python -m tests.benchmarks.scale {' '.join(sys.argv[1:])}`  \n"
            f"Machine: {result['machine']}\n\n```json\n{json.dumps(result, indent=1)}\n```\n",
        )


if __name__ == "__main__":
    main()
