"""The WARC scale bench's generator (tests/benchmarks/warc_scale.py) still makes what the bench
measures: a WARC newsledger's reader reads, whose HTML responses have distinct article texts,
under distinct URLs, alongside the records a crawl also holds."""

from __future__ import annotations

import contextlib
from collections import Counter

import pytest

from tests.accuracy.web_pages import BBAW, ZYTE
from tests.conftest import shared_or_skip

N_RECORDS = 16
# The first pages of each set only: enough paragraphs per language, and quick.
PER_SET = 30


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    shared_or_skip(ZYTE)
    shared_or_skip(BBAW)
    from tests.benchmarks.warc_scale import generate_warc

    path = tmp_path_factory.mktemp("warc-scale") / "small.warc.gz"
    return path, generate_warc(path, N_RECORDS, per_set=PER_SET)


def test_generated_warc_reads_as_distinct_articles(generated):
    from flows.warc import article_of
    from schemas.errors import InputError
    from warehouse.warc import WarcResponse, WarcSkip, WarcWindow, iter_warc

    path, written = generated
    items = list(iter_warc(str(path), WarcWindow()))
    responses = [item for item in items if isinstance(item, WarcResponse)]
    skipped = Counter(item.reason for item in items if isinstance(item, WarcSkip))
    assert not [item for item in items if isinstance(item, InputError)]
    assert len(responses) == written["html_response"] == N_RECORDS
    assert skipped["request"] == written["request"]
    assert skipped["revisit"] == written["revisit"] > 0
    assert skipped["not_html"] == written["not_html"] > 0
    assert skipped["http_status"] == written["redirect"] > 0
    assert len({response.uri for response in responses}) == N_RECORDS
    assert len({response.date for response in responses}) == N_RECORDS
    texts = []
    for response in responses:
        with contextlib.suppress(InputError):
            texts.append(article_of(response).text)
    # Nearly every page keeps an article, and no two articles share their text.
    assert len(texts) >= 0.9 * N_RECORDS
    assert len(set(texts)) == len(texts)


def test_generator_is_deterministic_and_seeded():
    shared_or_skip(ZYTE)
    shared_or_skip(BBAW)
    from tests.benchmarks.warc_scale import generated_pages

    first = list(generated_pages(6, seed=1, per_set=PER_SET))
    assert first == list(generated_pages(6, seed=1, per_set=PER_SET))
    assert [page for _, _, page in first] != [
        page for _, _, page in generated_pages(6, seed=2, per_set=PER_SET)
    ]


@pytest.mark.parametrize(
    ("seconds", "reading", "records", "processes", "share", "budget_ms"),
    [
        # 100 s on 2 cores, 30 s of it reading: 170 s of other work; 15 % of the capacity is
        # reading when reading is 170 * 0.15 / 0.85 = 30 s, 3 ms for each of 10,000 records.
        (100.0, 30.0, 10_000, 2, 0.15, 3.0),
        # Reading already at the share: the budget is what it costs now.
        (100.0, 30.0, 1_000, 2, 0.15, 30.0),
        # A run that read nothing: the budget is all the goal's share of the rest.
        (50.0, 0.0, 500, 1, 0.5, 100.0),
    ],
)
def test_reading_budget_is_the_cost_at_which_reading_is_the_share(
    seconds, reading, records, processes, share, budget_ms
):
    from tests.benchmarks.warc_scale import reading_budget_ms

    budget = reading_budget_ms(seconds, reading, records, processes, share)
    assert budget == pytest.approx(budget_ms, abs=0.01)
    # At that cost, reading is the share of a run doing the same other work.
    rest = seconds * processes - reading
    reading_at_budget = budget * records / 1000
    assert reading_at_budget / (reading_at_budget + rest) == pytest.approx(share, abs=1e-4)


def test_reader_steps_are_the_functions_the_reader_calls(generated):
    """Every step of READER_STEPS is called while a page is read, inside the page's reading,
    and the wrappers are gone afterwards: a step the reader no longer calls reads as zero."""
    import trafilatura

    from tests.benchmarks.warc_scale import READER_STEPS, reader_breakdown

    bare_extraction = trafilatura.bare_extraction
    path, _ = generated
    breakdown = reader_breakdown(path, N_RECORDS)
    steps = breakdown["html_steps_ms_per_response"]
    assert set(steps) == {name for name, _, _ in READER_STEPS}
    assert all(ms > 0 for ms in steps.values()), steps
    # The steps are parts of a page's reading, timed in the same pass.
    assert sum(steps.values()) <= breakdown["html_extraction_ms_per_response"] + 0.02
    assert trafilatura.bare_extraction is bare_extraction
