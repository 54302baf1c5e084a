"""FastWARC against warcio on the same WARC file: records/s, and how each reads the broken cases.

    .venv/bin/python -m tests.benchmarks.warc_readers [--pages 100] [--repeat 30]

Builds one WARC (gzip per record) from the real pages in ``../shared/corpus/web/`` repeated to a
few thousand HTML responses (`tests/benchmarks/warc_files.py`), then reads it with each library
in the same process: every response record's headers and its whole HTTP payload, as the ingest
does. Then the broken files: whole-file gzip, a corrupt record in the middle (uncompressed and
gzip per record) and a truncated tail; for each it prints the responses each reader gave and
what it raised.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.warc_files import build_warc, real_pages


def read_fastwarc(path: Path) -> int:
    """HTML-able responses read by FastWARC: headers and the whole payload of each."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle, record_types=WarcRecordType.response):
            _ = record.headers.get("WARC-Target-URI"), record.record_date, record.record_id
            payload = record.reader.read()
            count += bool(payload)
    return count


def read_warcio(path: Path) -> int:
    """The same with warcio."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                continue
            headers = record.rec_headers
            _ = headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date")
            _ = headers.get_header("WARC-Record-ID")
            payload = record.content_stream().read()
            count += bool(payload)
    return count


def read_newsledger(path: Path) -> int:
    """newsledger's reader (FastWARC in quirks mode, `warehouse.warc.iter_warc`): the HTML
    responses it gives; a corrupt record is one reject and the reading goes on."""
    from warehouse.warc import WarcResponse, WarcWindow, iter_warc

    return sum(isinstance(item, WarcResponse) for item in iter_warc(str(path), WarcWindow()))


READERS: dict[str, Callable[[Path], int]] = {"fastwarc": read_fastwarc, "warcio": read_warcio}
# Shown on the broken cases only: its rate is FastWARC's plus the choice of records.
BROKEN_READERS = {**READERS, "newsledger": read_newsledger}


def best_rate(reader: Callable[[Path], int], path: Path, rounds: int = 3) -> tuple[int, float]:
    """Records read and the best records/s of `rounds` reads."""
    best = 0.0
    count = 0
    for _ in range(rounds):
        start = time.perf_counter()
        count = reader(path)
        best = max(best, count / (time.perf_counter() - start))
    return count, best


def broken_cases(folder: Path, pages) -> dict[str, Path]:
    """The broken files, built from 20 pages: name -> path."""
    cases = {
        "whole-file gzip": dict(compression="file"),
        "corrupt record, uncompressed": dict(compression=None, corrupt_at=10),
        "corrupt record, gzip per record": dict(compression="record", corrupt_at=10),
        "truncated tail, gzip per record": dict(compression="record", truncate_tail=True),
        "truncated tail, whole-file gzip": dict(compression="file", truncate_tail=True),
    }
    paths = {}
    for number, (name, options) in enumerate(cases.items()):
        suffix = ".warc" if options["compression"] is None else ".warc.gz"
        paths[name] = folder / f"case{number}{suffix}"
        build_warc(paths[name], pages[:20], **options)
    return paths


def outcome(reader: Callable[[Path], int], path: Path) -> str:
    try:
        return f"{reader(path)} responses"
    except Exception as error:  # the point is to show what each raises
        return f"raised {type(error).__name__}: {' '.join(str(error).split())[:60]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    pages = real_pages(args.pages)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.warc.gz"
        written = build_warc(path, pages, repeat=args.repeat)
        size = path.stat().st_size / 1e6
        print(f"{len(written)} HTML responses ({len(pages)} pages x {args.repeat}), {size:.0f} MB")
        for name, reader in READERS.items():
            count, rate = best_rate(reader, path)
            print(f"  {name:9} {count} responses, {rate:,.0f} records/s")
        print(
            "broken cases (20 pages: the libraries count 22 responses, HTML, image and JSON, "
            "23 with the cut one; newsledger counts the 20 whole HTML ones):"
        )
        for case, case_path in broken_cases(Path(folder), pages).items():
            results = "; ".join(f"{n}: {outcome(r, case_path)}" for n, r in BROKEN_READERS.items())
            print(f"  {case}: {results}")


if __name__ == "__main__":
    main()
