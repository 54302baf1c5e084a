"""Throughput benchmark: newsledger end to end against raw spaCy on the same texts, one run.

(a) the limit: `nlp.pipe` of the same model, same components and the same process count over
    the article texts, nothing else;
(b) newsledger: `newsledger run` (ingest to Parquet, Prefect included, a fresh warehouse);
(c) the incremental rerun of (b) over the same, unchanged input;
(d) with --peer, the peer gdelt-regkg over the same texts and process count
    (tests/benchmarks/peer.py: its own Python 3.12 venv; what it can and cannot run here is there);
(e) a run over the same input plus 1 % new articles (every 100th article is held out of (a),
    (b) and (c) and added here);
(f) with --prefect-server, (b), (c) and (e) again against a running Prefect server
    (PREFECT_API_URL, as under `newsledger serve` or a work pool): without it each run starts
    a temporary server of its own (tests/benchmarks/prefect_server.py);
(g) the floor: the workers' own work of (b), reading and extraction, with nothing around it
    (`workers_floor`): the most an end to end run could reach;
(h) (a) again on the BLAS newsledger's pipeline multiplies with (`flows.nlp.use_numpy_blas`):
    how much of a/b the BLAS alone makes, and how much the rest.
Each newsledger run is a fresh process (tests/benchmarks/run_child.py), timed as `newsledger run`
runs once its settings are read: the temporary server launched, the flow's modules imported,
the run (interpreter start excluded, as the raw baseline excludes the model load; until
session 18 the flow's imports were excluded too), so its peak RSS is the flow's own.
Printed: articles/s of each, the ratios a/b (issue 21's goal
>= 1.3), h/b (the same on one BLAS), d/b (goal >= 1.2), c/b and e/b (the rerun's and the
increment's shares), a/g (the ceiling of a/b), peak RSS of the flow process and of its largest
child, and the flow's time per stage.

(a), (h), (d) and (b) run in turns, `--rounds` times (default 3), so that a machine whose pace
drifts (by a third within one bench run, docs/benchmarks.md) slows each alike: every ratio is
printed per round, and its median is the headline (the seconds printed are medians too).
(c), (e), (f) and (g) run once, after the rounds, on the first round's warehouse.

Run: python -m tests.benchmarks.throughput [--processes 2] [--limit N] [--markdown FILE] [--peer]
[--prefect-server] [--rounds 3] [--corpora muc3,re3d,tbaq,web] (`make bench` runs all).
Corpus: every real article of ../shared/corpus newsledger reads (tests/benchmarks/bench_corpus.py):
MUC-3, re3d, TBAQ and the web pages; the raw baseline parses every text the readers give, German
included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks import append_section
from tests.benchmarks.bench_corpus import CORPORA, BenchDocument, bench_documents, write_inputs

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
INPUTS = [*sorted((CORPUS / "muc3").glob("muc3-*.jsonl")), CORPUS / "re3d" / "re3d-articles.jsonl"]


def load_texts(inputs: list[Path], limit: int | None) -> list[str]:
    texts = []
    for path in inputs:
        with path.open() as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts[:limit] if limit else texts


def raw_spacy(
    texts: list[str], model: str, processes: int, batch_size: int, numpy_blas: bool = False
) -> float:
    """Seconds for spaCy alone to parse `texts` (model load excluded); with `numpy_blas`, on
    the BLAS newsledger's pipeline uses (`flows.nlp.use_numpy_blas`) instead of spaCy's."""
    import spacy

    from flows.nlp import use_numpy_blas

    nlp = use_numpy_blas(spacy.load(model)) if numpy_blas else spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def write_jsonl(folder: Path, lines: list[str], per_file: int = 5000) -> list[str]:
    """`lines` as JSONL files of at most `per_file` lines (a corpus arrives as many files)."""
    folder.mkdir()
    paths = []
    for start in range(0, len(lines), per_file):
        path = folder / f"part-{start // per_file:04d}.jsonl"
        path.write_text("\n".join(lines[start : start + per_file]) + "\n")
        paths.append(str(path))
    return paths


def run_child(warehouse: str, processes: int, inputs: list[str], code: Path = REPO) -> dict:
    """`run_ingest` in a fresh process (tests/benchmarks/run_child.py): its seconds and peak RSS.
    `code` is the checkout whose code runs (another commit's worktree, for the reprocess bench)."""
    command = [
        sys.executable,
        "-m",
        "tests.benchmarks.run_child",
        warehouse,
        str(processes),
        *inputs,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, cwd=code)
    if completed.returncode != 0:
        sys.exit(f"newsledger run failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _extract(articles: list, model: str, lineage, recycle_after: int) -> dict:
    # A module-level function: a spawned worker unpickles it by name (the task object's
    # wrapped function is not reachable by its own name). Prefect is imported only here: the
    # bench sets newsledger's Prefect defaults before anything imports it.
    from flows.tasks import extract_batch

    return extract_batch.fn(articles, model, lineage, recycle_after)


def _read(files: list) -> list:
    from flows.tasks import read_inputs

    return read_inputs.fn(files)


def _ready(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@dataclass(frozen=True, slots=True)
class Floor:
    """The workers' own work of a run, timed on a plain process pool (`workers_floor`)."""

    read_seconds: float
    extract_seconds: float
    english_articles: int

    @property
    def seconds(self) -> float:
        return self.read_seconds + self.extract_seconds


def workers_floor(inputs: list[str], warehouse: str, processes: int) -> Floor:
    """The seconds the workers' own work of a run over `inputs` takes with nothing around it.

    On a plain process pool of `processes`, the models loaded before the clock starts (as raw
    spaCy's is): first the input files are read and parsed in the flow's groups
    (`read_inputs`' function, results sent back), then the English articles the run stored in
    `warehouse` (what it sent to its workers) go through `extract_batch`'s function in
    batches of the run's size (NLP, extraction, Arrow tables sent back). No planning,
    writing, checks or Prefect: raw spaCy's seconds over these are the most an end to end
    run could reach, and over the extraction alone, the most its NLP allows.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from itertools import repeat

    from flows.extraction import lineage_for, route_articles
    from flows.ingest import file_batches
    from flows.nlp import ENGLISH, prepare_worker, resolve_model
    from flows.settings import Settings
    from warehouse.inputs import discover
    from warehouse.queries import article_texts_between
    from warehouse.store import Store

    settings = Settings(warehouse=warehouse, processes=processes)
    model = resolve_model(settings.model)
    groups = file_batches(discover(inputs))
    store = Store(warehouse)
    rows = article_texts_between(store, store.read_manifest(), None, None, settings.batch_size)
    batches = [
        english
        for batch in rows
        if (english := route_articles(batch.to_pylist(), [ENGLISH]).by_language.get(ENGLISH))
    ]
    lineage = lineage_for(model, "floor")
    with ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=prepare_worker,
        initargs=(model, settings.recycle_after),
    ) as pool:
        # One sleeping task per worker: each submit finds no idle worker and spawns one, so
        # every worker has loaded its model before the clock starts.
        list(pool.map(_ready, [2.0] * processes))
        started = time.perf_counter()
        for _ in pool.map(_read, groups):
            pass
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for _ in pool.map(
            _extract, batches, repeat(model), repeat(lineage), repeat(settings.recycle_after)
        ):
            pass
        extract_seconds = time.perf_counter() - started
    return Floor(read_seconds, extract_seconds, sum(len(batch) for batch in batches))


@dataclass(frozen=True, slots=True)
class Round:
    """One turn of the compared runs over the same texts: seconds of each (`measure_round`)."""

    raw: float  # (a) raw spaCy
    raw_numpy_blas: float  # (h) raw spaCy on newsledger's BLAS
    peer: float | None  # (d) the peer, with --peer
    newsledger: dict  # (b) `run_child`'s result: seconds, summary, peak RSS


def measure_round(
    texts: list[str],
    model: str,
    processes: int,
    inputs: list[str],
    warehouse: str,
    *,
    raw: bool = True,
    peer: bool = False,
) -> Round:
    """(a), (h), (d) and (b) one after the other: raw spaCy, raw spaCy on numpy's BLAS, the
    peer, and newsledger into the fresh `warehouse`."""
    nan = float("nan")
    raw_seconds = raw_spacy(texts, model, processes, 32) if raw else nan
    raw_blas_seconds = raw_spacy(texts, model, processes, 32, True) if raw else nan
    peer_seconds_ = None
    if peer:
        from tests.benchmarks.peer import peer_seconds

        peer_seconds_ = peer_seconds(texts, processes)["seconds"]
    newsledger = run_child(warehouse, processes, inputs)
    return Round(raw_seconds, raw_blas_seconds, peer_seconds_, newsledger)


def round_ratios(rounds: list[Round]) -> dict[str, list[float]]:
    """Per round, each baseline's seconds over newsledger's: how many times faster it ran."""
    ratios: dict[str, list[float]] = {"raw": [], "raw_numpy_blas": [], "peer": []}
    for turn in rounds:
        seconds = turn.newsledger["seconds"]
        ratios["raw"].append(turn.raw / seconds)
        ratios["raw_numpy_blas"].append(turn.raw_numpy_blas / seconds)
        if turn.peer is not None:
            ratios["peer"].append(turn.peer / seconds)
    return ratios


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def _served_results(served: list[dict], n: int, raw_seconds: float, peer: float | None) -> dict:
    """The ratios of the runs against a running Prefect server (no temporary server start),
    against the rounds' median baselines."""
    full, rerun, increment = (run["seconds"] for run in served)
    return {
        "served_newsledger_seconds": round(full, 2),
        "served_newsledger_articles_per_s": round(n / full, 1),
        "served_ratio_newsledger_to_raw": round(raw_seconds / full, 3),
        "served_ratio_newsledger_to_peer": round(peer / full, 3) if peer else None,
        "served_rerun_seconds": round(rerun, 2),
        "served_rerun_share_of_full": round(rerun / full, 3),
        "served_increment_seconds": round(increment, 2),
        "served_increment_share_of_full": round(increment / full, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--markdown", type=Path, default=None, help="append results here")
    parser.add_argument(
        "--inputs",
        type=Path,
        nargs="*",
        default=None,
        help="JSONL files or folders instead of the shared corpus (e.g. a generated corpus)",
    )
    parser.add_argument(
        "--corpora",
        default=",".join(CORPORA),
        help=f"comma-separated, of {', '.join(CORPORA)} (tests/benchmarks/bench_corpus.py)",
    )
    parser.add_argument(
        "--no-raw", action="store_true", help="skip the raw spaCy baseline (memory runs)"
    )
    parser.add_argument(
        "--peer", action="store_true", help="also run gdelt-regkg (tests/benchmarks/peer.py)"
    )
    parser.add_argument(
        "--prefect-server",
        action="store_true",
        help="also run the three newsledger runs against a running Prefect server",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="turns of raw spaCy, the peer and newsledger; medians are reported",
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")

    from flows.runtime import apply_prefect_defaults

    apply_prefect_defaults()
    from flows.nlp import resolve_model

    if args.inputs:
        chosen = sorted(
            file
            for given in args.inputs
            for file in ([given] if given.is_file() else given.glob("*.jsonl"))
        )
        documents = [
            BenchDocument("inputs", path.name, line, None, json.loads(line)["text"])
            for path in chosen
            for line in path.read_text().splitlines()
            if line.strip()
        ]
    else:
        documents = bench_documents(tuple(args.corpora.split(",")))
    documents = documents[: args.limit] if args.limit else documents
    # Every 100th article is held out of the full run and added afterwards: the 1 % increment.
    main_documents = [d for index, d in enumerate(documents) if index % 100 != 99]
    added_documents = [d for index, d in enumerate(documents) if index % 100 == 99]
    texts = [d.text for d in main_documents if d.text is not None]
    model = resolve_model("auto")
    n = len(main_documents)
    with tempfile.TemporaryDirectory() as folder:
        inputs = write_inputs(Path(folder) / "main", main_documents)
        added = write_inputs(Path(folder) / "added", added_documents)
        del documents, main_documents, added_documents
        warehouse = str(Path(folder) / "wh")
        rounds = [
            measure_round(
                texts,
                model,
                args.processes,
                inputs,
                warehouse if turn == 0 else str(Path(folder) / f"wh-{turn}"),
                raw=not args.no_raw,
                peer=args.peer,
            )
            for turn in range(args.rounds)
        ]
        del texts  # the runs below must not find the bench's copies of the corpus alive
        full = rounds[0].newsledger
        floor = workers_floor(inputs, warehouse, args.processes)
        rerun = run_child(warehouse, args.processes, inputs)
        increment = run_child(warehouse, args.processes, inputs + added)
        served = None
        if args.prefect_server:
            from tests.benchmarks.prefect_server import running_prefect_server

            # The same three runs against a running server (PREFECT_API_URL), as in production.
            with running_prefect_server() as url:
                os.environ["PREFECT_API_URL"] = url
                try:
                    warehouse = str(Path(folder) / "wh-served")
                    served = [
                        run_child(warehouse, args.processes, given)
                        for given in (inputs, inputs, inputs + added)
                    ]
                finally:
                    del os.environ["PREFECT_API_URL"]
    ratios = round_ratios(rounds)
    raw_seconds = statistics.median(turn.raw for turn in rounds)
    raw_blas_seconds = statistics.median(turn.raw_numpy_blas for turn in rounds)
    peer = statistics.median(turn.peer for turn in rounds) if args.peer else None
    full_seconds = statistics.median(turn.newsledger["seconds"] for turn in rounds)
    rerun_seconds, increment_seconds = rerun["seconds"], increment["seconds"]
    summary = full["summary"]
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "model": model,
        "processes": args.processes,
        "articles": n,
        "rounds": args.rounds,
        "raw_spacy_seconds": round(raw_seconds, 2),
        "raw_spacy_articles_per_s": round(n / raw_seconds, 1),
        "newsledger_seconds": round(full_seconds, 2),
        "newsledger_articles_per_s": round(n / full_seconds, 1),
        "ratio_newsledger_to_raw": _median(ratios["raw"]),
        "raw_spacy_numpy_blas_seconds": round(raw_blas_seconds, 2),
        "ratio_newsledger_to_raw_numpy_blas": _median(ratios["raw_numpy_blas"]),
        "peer_seconds": round(peer, 2) if peer else None,
        "peer_articles_per_s": round(n / peer, 1) if peer else None,
        "ratio_newsledger_to_peer": _median(ratios["peer"]),
        "rounds_raw_spacy_seconds": [round(turn.raw, 2) for turn in rounds],
        "rounds_raw_spacy_numpy_blas_seconds": [round(turn.raw_numpy_blas, 2) for turn in rounds],
        "rounds_peer_seconds": [round(turn.peer, 2) for turn in rounds if turn.peer is not None],
        "rounds_newsledger_seconds": [round(turn.newsledger["seconds"], 2) for turn in rounds],
        "rounds_ratio_newsledger_to_raw": [round(value, 3) for value in ratios["raw"]],
        "rounds_ratio_newsledger_to_raw_numpy_blas": [
            round(value, 3) for value in ratios["raw_numpy_blas"]
        ],
        "rounds_ratio_newsledger_to_peer": [round(value, 3) for value in ratios["peer"]],
        "rerun_seconds": round(rerun_seconds, 2),
        "rerun_share_of_full": round(rerun_seconds / full_seconds, 3),
        "rerun_new_articles": rerun["summary"]["n_articles_new"],
        "increment_new_articles": increment["summary"]["n_articles_new"],
        "increment_seconds": round(increment_seconds, 2),
        "increment_share_of_full": round(increment_seconds / full_seconds, 3),
        **(_served_results(served, n, raw_seconds, peer) if served else {}),
        "floor_read_seconds": round(floor.read_seconds, 2),
        "floor_extract_seconds": round(floor.extract_seconds, 2),
        "floor_english_articles": floor.english_articles,
        "ratio_floor_to_raw": round(raw_seconds / floor.seconds, 3),
        "ratio_floor_extract_to_raw": round(raw_seconds / floor.extract_seconds, 3),
        "ratio_floor_to_peer": round(peer / floor.seconds, 3) if peer else None,
        "peak_rss_flow_mb": round(full["peak_rss_flow_mb"], 1),
        "peak_rss_largest_child_mb": round(full["peak_rss_largest_child_mb"], 1),
        "flow_seconds_inside": summary["seconds"],
        "stage_seconds": summary["stage_seconds"],
        "rows_added": summary["rows_added"],
    }
    print(json.dumps(result, indent=1))
    if args.markdown:
        append_section(
            args.markdown,
            f"\n### {result['date']} — {n} articles, {args.processes} processes\n\n"
            f"Command: `python -m tests.benchmarks.throughput {' '.join(sys.argv[1:])}`  \n"
            f"Machine: {result['machine']}; model {model}\n\n"
            "| measure | value |\n|---|---|\n"
            + "".join(
                f"| {key} | {value} |\n"
                for key, value in result.items()
                if key not in ("date", "machine", "model")
            ),
        )


if __name__ == "__main__":
    main()
