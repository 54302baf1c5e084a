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
