"""WARC scale benchmark: does `newsledger run` over a CC-NEWS-like WARC keep its peak memory flat
as the file grows, and how much of the wall time is WARC reading and HTML extraction?

The WARC is generated (`generate_warc`, deterministic, fixed seed) from the real pages of
``../shared/corpus/web/`` (the Zyte article-extraction-benchmark pages and the htmldate-bbaw
pages): a crawl's records gzipped one by one (warcinfo; per capture a request, a response and a
metadata record; now and then a revisit, a redirect and a non-HTML response). Each HTML response
is a real page whose article paragraphs are replaced by paragraphs drawn, with a record-specific
seed, from the paragraphs of all real pages of the same language, so every record has a distinct
article text (newsledger's exact and near-duplicate checks would otherwise skip them), under a
distinct URL, captured at a WARC date spread over six months. Languages are those of the pages
(English and German, mostly): German pages are stored and flagged, not extracted, as in CC-NEWS.

One bench run: `newsledger run` (tests/benchmarks/run_child.py, a fresh process, 2 processes)
over the small file and over the large file, each into a fresh warehouse. Printed: peak RSS of
the flow process and of its largest child for both, the ratio large/small of the flow's peak
(goal <= 1.2), and the share of the run that WARC reading and HTML extraction take (goal <=
0.15). The records are streamed in the flow (its "read" stage: hashing the file and FastWARC,
`warehouse.warc.iter_warc`) and the pages are extracted on the workers beside the NLP
(`flows.warc.parse_warc_chunk`, trafilatura; its seconds are summed in the run's
"read_on_workers"), so the share is of the run's capacity: (read + read_on_workers) /
(wall seconds * processes), the fraction of the cores' time that reading took. The flow's
"read_wait" (waiting for a chunk's pages, while the workers run the NLP of earlier chunks) is
printed too; it is not reading. Beside the share: the reading per record, and the budget the goal
leaves a record's reading with the rest of the run as it ran (`reading_budget_ms`). The split
between WARC records and HTML extraction, and the extraction's own steps (`READER_STEPS`), are
also timed apart afterwards, in this process, over the small file (`reader_breakdown`).

Run: python -m tests.benchmarks.warc_scale [--small 2000] [--large 20000] [--processes 2]
[--markdown FILE]. The files are generated under build/warc-scale/ when missing (about a minute
for 20,000 records); the 20,000-record run takes 10-15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import html
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.ingest import WORKER_READ
from tests.accuracy.web_pages import BBAW, ZYTE, load_body_pages, load_dated_pages, page_bytes
from tests.benchmarks import append_section
from tests.benchmarks.throughput import REPO, run_child

SEED = 21
# Bumped when the generated file changes, so a cached file of an older generator is not reused.
GENERATOR_VERSION = 2
FIRST_CAPTURE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
CAPTURE_SPAN = dt.timedelta(days=182)
# A paragraph of the article: a <p> with at least this many characters of text.
MIN_PARAGRAPH_CHARS = 80
# Pages with fewer such paragraphs are not used as templates.
MIN_PARAGRAPHS = 3
# A language whose pages give fewer paragraphs than this is left out: too few to draw distinct
# texts from.
MIN_POOL = 200
SLOT = "\ue000slot\ue000"
# Every how many captures the crawl also holds the record kinds a reader skips.
EVERY_REVISIT = 31
EVERY_REDIRECT = 23
EVERY_NOT_HTML = 17
# The goal's bound on reading: WARC records and HTML extraction, as a share of the run's capacity.
READ_SHARE_GOAL = 0.15
# Responses read before `reader_breakdown` starts its clock.
WARM_UP = 20


@dataclass(frozen=True, slots=True)
class Template:
    """A real page cut at its article paragraphs: `chunks` joined by one paragraph each."""

    url: str
    language: str
    chunks: tuple[str, ...]


def _real_pages(per_set: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(url, bytes) of every page of both sets (or the first `per_set` of each), in a fixed
    order."""
    for page in load_body_pages(ZYTE)[:per_set]:
        yield page.url, page_bytes(page)
    for page in load_dated_pages(BBAW)[:per_set]:
        yield page.url, page_bytes(page)


def _template(url: str, data: bytes) -> tuple[Template | None, list[str]]:
    """The page as a template and its paragraphs' texts (None and [] when it has too few)."""
    import lxml.etree
    import lxml.html

    from transforms.language import detect_language
    from transforms.readers import decode_text

    try:
        document = lxml.html.document_fromstring(decode_text(data))
    except (ValueError, lxml.etree.ParserError):  # not a page: not a template
        return None, []
    paragraphs = [
        element
        for element in document.iter("p")
        if len(" ".join(element.text_content().split())) >= MIN_PARAGRAPH_CHARS
    ]
    if len(paragraphs) < MIN_PARAGRAPHS:
        return None, []
    texts = [" ".join(element.text_content().split()) for element in paragraphs]
    language = detect_language(" ".join(texts)).language
    if language is None:
        return None, []
    for element in paragraphs:
        for child in list(element):
            element.remove(child)
        element.text = SLOT
    # The page is written as UTF-8: its own charset declarations go.
    for meta in document.iter("meta"):
        if meta.get("charset") or (meta.get("http-equiv") or "").lower() == "content-type":
            meta.getparent().remove(meta)
    head = document.find("head")
    if head is not None:
        head.insert(0, lxml.html.Element("meta", charset="utf-8"))
    page = lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
    return Template(url, language, tuple(page.split(SLOT))), texts


@functools.cache
def templates_and_pools(
    per_set: int | None = None,
) -> tuple[list[Template], dict[str, list[str]]]:
    """The templates of the real pages (the first `per_set` of each set: a quick test) and,
    per language, the paragraphs to fill them with
    (languages with fewer than MIN_POOL paragraphs left out)."""
    templates: list[Template] = []
    pools: dict[str, list[str]] = {}
    for url, data in _real_pages(per_set):
        template, texts = _template(url, data)
        if template is not None:
            templates.append(template)
            pools.setdefault(template.language, []).extend(texts)
    pools = {language: texts for language, texts in pools.items() if len(texts) >= MIN_POOL}
    return [template for template in templates if template.language in pools], pools


def record_url(template_url: str, index: int) -> str:
    """A distinct URL on the template's host for the generated record `index`."""
    base = template_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return f"{base}-{index:06d}"


def generated_pages(
    count: int, seed: int = SEED, per_set: int | None = None
) -> Iterator[tuple[str, str, bytes]]:
    """(url, language, html bytes) of `count` generated pages: each a template filled with
    paragraphs of its language drawn with the seed `seed` and the record's index."""
    templates, pools = templates_and_pools(per_set)
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        template = templates[rng.randrange(len(templates))]
        pool = pools[template.language]
        drawn = rng.sample(range(len(pool)), len(template.chunks) - 1)
        parts = [template.chunks[0]]
        for chunk, which in zip(template.chunks[1:], drawn, strict=True):
            parts += [html.escape(pool[which], quote=False), chunk]
        yield record_url(template.url, index), template.language, "".join(parts).encode()


def _http(status: str, headers: list[tuple[str, str]]):
    from warcio.statusandheaders import StatusAndHeaders

    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def generate_warc(
    path: Path, count: int, seed: int = SEED, per_set: int | None = None
) -> dict[str, int]:
    """Write a CC-NEWS-like WARC of `count` HTML responses (gzip per record) to `path`, built
    from all real pages (or the first `per_set` of each set); the records written per kind."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    written = {"html_response": 0, "request": 0, "metadata": 0, "revisit": 0}
    written |= {"redirect": 0, "not_html": 0}
    step = CAPTURE_SPAN / max(count, 1)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        info = {"software": "newsledger tests.benchmarks.warc_scale", "isPartOf": "CC-NEWS-like"}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for index, (url, _language, page) in enumerate(generated_pages(count, seed, per_set)):
            date = {"WARC-Date": (FIRST_CAPTURE + step * index).strftime("%Y-%m-%dT%H:%M:%SZ")}
            request = StatusAndHeaders(
                f"GET {url} HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", http_headers=request, warc_headers_dict=date
                )
            )
            http = _http(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(page),
                    http_headers=http,
                    warc_headers_dict=date,
                )
            )
            metadata = f"fetchTimeMs: {50 + index % 900}\n".encode()
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "metadata",
                    payload=io.BytesIO(metadata),
                    warc_content_type="application/warc-fields",
                    warc_headers_dict=date,
                )
            )
            written["html_response"] += 1
            written["request"] += 1
            written["metadata"] += 1
            _write_others(writer, url, index, date, written)
    partial.rename(path)
    return written


def _write_others(writer, url: str, index: int, date: dict, written: dict[str, int]) -> None:
    """Now and then, the records a crawl also holds: a revisit of `url`, a redirect, a PDF."""
    if index % EVERY_REVISIT == EVERY_REVISIT // 2:
        http = _http("200 OK", [("Content-Type", "text/html"), ("Content-Length", "0")])
        writer.write_record(
            writer.create_revisit_record(
                url,
                "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                url,
                date["WARC-Date"],
                http_headers=http,
            )
        )
        written["revisit"] += 1
    if index % EVERY_REDIRECT == EVERY_REDIRECT // 2:
        http = _http("301 Moved Permanently", [("Location", url + "/"), ("Content-Length", "0")])
        writer.write_record(
            writer.create_warc_record(
                url + "?amp",
                "response",
                payload=io.BytesIO(b""),
                http_headers=http,
                warc_headers_dict=date,
            )
        )
        written["redirect"] += 1
    if index % EVERY_NOT_HTML == EVERY_NOT_HTML // 2:
        body = b"%PDF-1.4\n" + random.Random(index).randbytes(2000)
        http = _http(
            "200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(body)))]
        )
        writer.write_record(
            writer.create_warc_record(
                url + ".pdf",
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict=date,
            )
        )
        written["not_html"] += 1


def warc_file(count: int) -> Path:
    """The generated WARC of `count` records under build/warc-scale/, generated if missing."""
    folder = REPO / "build" / "warc-scale"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"cc-news-like-{count}-s{SEED}-v{GENERATOR_VERSION}.warc.gz"
    if not path.exists():
        started = time.perf_counter()
        written = generate_warc(path, count)
        print(
            f"generated {path.name}: {written} in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    return path


# The steps of reading one HTML response, each a function the reader calls through its module
# (step name, module, attribute): `reader_breakdown` times each by wrapping it.
READER_STEPS = (
    ("decode", "transforms.readers.warc", "decode_html"),
    ("characters", "transforms.readers.html", "repaired_characters"),
    ("parse", "lxml.html", "document_fromstring"),
    ("metadata", "transforms.readers.html", "page_metadata"),
    ("author_search", "trafilatura.metadata", "extract_author"),
    ("body_trafilatura", "trafilatura", "bare_extraction"),
    ("text_checks", "transforms.readers.html", "checked_article"),
)


@contextlib.contextmanager
def timed_steps(
    steps: Sequence[tuple[str, str, str]] = READER_STEPS,
) -> Iterator[dict[str, float]]:
    """Seconds spent in each step's function while the block runs (the functions are wrapped
    where the reader looks them up, and put back after)."""
    import importlib
    from unittest import mock

    seconds = dict.fromkeys((name for name, _, _ in steps), 0.0)

    def timed(name: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started

        return wrapper

    with contextlib.ExitStack() as stack:
        for name, module_name, attribute in steps:
            module = importlib.import_module(module_name)
            function = getattr(module, attribute)
            stack.enter_context(mock.patch.object(module, attribute, timed(name, function)))
        yield seconds


def reader_breakdown(path: Path, limit: int) -> dict:
    """The read stage taken apart over the first `limit` HTML responses of `path`, in this
    process: seconds streaming the records (FastWARC, payloads read) and extracting the pages,
    and the extraction's own steps (READER_STEPS) in ms per response."""
    from flows.warc import article_of
    from schemas.errors import InputError
    from warehouse.warc import WarcResponse, WarcWindow, iter_warc

    window = WarcWindow(max_records=limit)
    started = time.perf_counter()
    responses = [item for item in iter_warc(str(path), window) if isinstance(item, WarcResponse)]
    records_seconds = time.perf_counter() - started
    # The first pages read pay one-off costs (modules and caches loaded on first use): read
    # once, untimed.
    for response in responses[:WARM_UP]:
        with contextlib.suppress(InputError):
            article_of(response)
    with timed_steps() as steps:
        started = time.perf_counter()
        for response in responses:
            with contextlib.suppress(InputError):
                article_of(response)
        html_seconds = time.perf_counter() - started
    n = max(len(responses), 1)
    return {
        "responses": len(responses),
        "warc_records_ms_per_response": round(1000 * records_seconds / n, 2),
        "html_extraction_ms_per_response": round(1000 * html_seconds / n, 2),
        "html_steps_ms_per_response": {
            name: round(1000 * seconds / n, 2) for name, seconds in steps.items()
        },
    }


def reading_budget_ms(
    seconds: float, reading_seconds: float, records: int, processes: int, share: float
) -> float:
    """The reading cost per record (ms) at which reading would be `share` of a run's capacity
    (`seconds` x `processes`), the rest of the run's work unchanged: r / (r + rest) = share."""
    rest = seconds * processes - reading_seconds
    return round(1000 * rest * share / (1 - share) / records, 2)


def _size_result(count: int, path: Path, run: dict, processes: int) -> dict:
    summary = run["summary"]
    stages = summary["stage_seconds"]
    reading = stages.get("read", 0.0) + stages.get(WORKER_READ, 0.0)
    return {
        "records": count,
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "seconds": round(run["seconds"], 1),
        "peak_rss_flow_mb": round(run["peak_rss_flow_mb"], 1),
        "peak_rss_largest_child_mb": round(run["peak_rss_largest_child_mb"], 1),
        "read_seconds": round(stages.get("read", 0.0), 1),
        "read_on_workers_seconds": round(stages.get(WORKER_READ, 0.0), 1),
        "read_wait_seconds": round(stages.get("read_wait", 0.0), 1),
        "read_share_of_capacity": round(reading / (summary["seconds"] * processes), 3),
        "read_ms_per_record": round(1000 * reading / count, 2),
        # What a record's reading may cost for the goal's share, the NLP and the rest as run.
        "read_budget_ms_per_record": reading_budget_ms(
            summary["seconds"], reading, count, processes, READ_SHARE_GOAL
        ),
        "n_articles_new": summary["n_articles_new"],
        "n_duplicates": summary["n_duplicates"],
        "n_not_extracted": summary["n_not_extracted"],
        "n_rejected": summary["n_rejected"],
        "languages": summary["languages"],
        "warc_skipped": summary["warc_skipped"],
        "stage_seconds": stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--markdown", type=Path, default=None, help="append results here")
    args = parser.parse_args()
    from flows.runtime import apply_prefect_defaults

    apply_prefect_defaults()
    files = {count: warc_file(count) for count in (args.small, args.large)}
    sizes = []
    with tempfile.TemporaryDirectory() as folder:
        for count, path in files.items():
            warehouse = str(Path(folder) / f"wh-{count}")
            sizes.append(
                _size_result(
                    count, path, run_child(warehouse, args.processes, [str(path)]), args.processes
                )
            )
    small, large = sizes[0], sizes[-1]
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "processes": args.processes,
        "sizes": sizes,
        "ratio_peak_rss_flow_large_to_small": round(
            large["peak_rss_flow_mb"] / small["peak_rss_flow_mb"], 3
        ),
        "ratio_peak_rss_child_large_to_small": round(
            large["peak_rss_largest_child_mb"] / small["peak_rss_largest_child_mb"], 3
        ),
        "read_share_of_capacity_large": large["read_share_of_capacity"],
        "reader_breakdown": reader_breakdown(files[args.small], min(args.small, 500)),
    }
    print(json.dumps(result, indent=1))
    if args.markdown:
        append_section(args.markdown, _markdown(result))


def _markdown(result: dict) -> str:
    rows = [
        "peak_rss_flow_mb",
        "peak_rss_largest_child_mb",
        "seconds",
        "read_seconds",
        "read_on_workers_seconds",
        "read_wait_seconds",
        "read_share_of_capacity",
        "read_ms_per_record",
        "read_budget_ms_per_record",
        "n_articles_new",
        "n_not_extracted",
        "n_duplicates",
        "file_mb",
    ]
    sizes = result["sizes"]
    header = "| measure | " + " | ".join(f"{size['records']} records" for size in sizes) + " |\n"
    header += "|---|" + "---|" * len(sizes) + "\n"
    body = "".join(
        f"| {row} | " + " | ".join(str(size[row]) for size in sizes) + " |\n" for row in rows
    )
    ratios = "".join(
        f"| {key} | {result[key]} |\n"
        for key in (
            "ratio_peak_rss_flow_large_to_small",
            "ratio_peak_rss_child_large_to_small",
            "read_share_of_capacity_large",
            "reader_breakdown",
        )
    )
    return (
        f"\n### {result['date']} — CC-NEWS-like WARC, "
        f"{sizes[0]['records']} vs {sizes[-1]['records']} records, "
        f"{result['processes']} processes\n\n"
        f"Command: `python -m tests.benchmarks.warc_scale {' '.join(sys.argv[1:])}`  \n"
        f"Machine: {result['machine']}. Goals: flow peak RSS ratio <= 1.2; read share "
        "(WARC records in the flow + HTML extraction on the workers, over wall seconds x "
        f"processes) <= {READ_SHARE_GOAL}.\n\n"
        + header
        + body
        + "\n| ratio | value |\n|---|---|\n"
        + ratios
    )


if __name__ == "__main__":
    main()
