"""Benchmarks. Each script's `--markdown FILE` appends its result section to FILE
(`docs/benchmarks.md` in `make bench` and `make bench-scale`) through `append_section`."""

from __future__ import annotations

from pathlib import Path

# First line of docs/benchmarks.md, which is part hand-written: it names what the scripts write.
MARKDOWN_MARKER = (
    '<!-- The result sections under "## Results" are appended by '
    "`python -m tests.benchmarks.{throughput,reprocess,scale,warc_scale,queries,components,"
    "server_start} "
    "--markdown docs/benchmarks.md` "
    "(make bench, make bench-scale); the summaries above them are written by hand. -->"
)


def append_section(path: Path, section: str) -> None:
    """Append one result section to the markdown file `path`; a new file starts with
    MARKDOWN_MARKER."""
    with path.open("a", encoding="utf-8") as handle:
        if handle.tell() == 0:
            handle.write(MARKDOWN_MARKER + "\n")
        handle.write(section)
