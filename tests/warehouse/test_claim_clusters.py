"""The `claim_clusters` view equals the plain one-aggregate definition, case by case.

The view handles clusters reported once apart from the others (for speed); these cases check
that both kinds, and every tie and null the aggregate resolves, come out as the plain
aggregation over the join gives them.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from schemas import table_schema
from schemas.table import rows_to_table
from tests.conftest import query
from warehouse.store import Store
from warehouse.writer import RunWriter, open_for_write

NOW = dt.datetime(2025, 1, 13, tzinfo=dt.UTC)
DAY = dt.date(2024, 3, 1)

# The view's definition as a single aggregation, as it was written before the split.
REFERENCE = """
select
    c.cluster_id,
    min(c.category) as category,
    min(c.value) as value,
    min(c.low) as low,
    min(c.high) as high,
    min(c.qualifier) as qualifier,
    arg_min(c.claimant_text, (a.published_date, c.article_id, c.start_char)) as claimant_text,
    min(c.claimant_entity_id) as claimant_entity_id,
    arg_min(c.subject_text, (a.published_date, c.article_id, c.start_char)) as subject_text,
    min(coalesce(c.subject_key, c.subject_entity_id, lower(c.subject_group))) as subject_key,
    min(a.published_date) as first_reported_date,
    max(a.published_date) as last_reported_date,
    count(distinct c.article_id) as n_articles,
    count(distinct a.source) as n_outlets,
    arg_min(c.article_id, (a.published_date, c.article_id)) as first_article_id
from claims as c
join articles as a using (article_id)
group by c.cluster_id
order by c.cluster_id
"""


def _default(field: pa.Field):
    if field.nullable:
        return None
    kind = field.type
    if pa.types.is_string(kind):
        return "x"
    if pa.types.is_integer(kind):
        return 0
    if pa.types.is_floating(kind):
        return 0.0
    if pa.types.is_boolean(kind):
        return False
    if pa.types.is_timestamp(kind):
        return NOW
    raise TypeError(f"no default for {field.name}: {kind}")


def _rows(table: str, rows: list[dict]) -> pa.Table:
    schema = table_schema(table)
    full = [{f.name: _default(f) for f in schema.arrow_schema} | row for row in rows]
    return rows_to_table(schema, full)


def article(article_id: str, published_date: dt.date | None, source: str | None) -> dict:
    return {
        "article_id": article_id,
        "published_date": published_date,
        "source": source,
        "published_month": "2024-03",
    }


def claim(cluster_id: str, article_id: str, start_char: int, **values) -> dict:
    return {
        "cluster_id": cluster_id,
        "article_id": article_id,
        "start_char": start_char,
        "end_char": start_char + 2,
        "category": "killed",
        "value": 10.0,
        "qualifier": "exact",
        "claimant_text": "Ministry",
        "claimant_entity_id": "org:ministry",
        "subject_text": "civilians",
        "subject_group": "Civilians",
        "published_month": "2024-03",
        **values,
    }


ARTICLES = [
    article("a1", DAY, "Outlet A"),
    article("a2", DAY, "Outlet B"),  # same day as a1: ties broken by article id
    article("a3", DAY - dt.timedelta(days=2), None),  # earliest, outlet unknown
    article("a4", None, "Outlet A"),  # no date: sorts after every dated article
    article("a5", DAY + dt.timedelta(days=5), "Outlet C"),
]

CLAIMS = [
    # Reported once, with and without an outlet, with and without a date.
    claim("single-with-outlet", "a5", 10, low=9.0, high=11.0),
    claim("single-no-outlet", "a3", 20, claimant_text=None, subject_entity_id="geo:1"),
    claim("single-no-date", "a4", 20),
    # Same day in two articles, and twice in one article: article then offset decide.
    claim("tie", "a2", 5, claimant_text="B early"),
    claim("tie", "a1", 40, claimant_text="A late"),
    claim("tie", "a1", 30, claimant_text="A early", subject_text="first"),
    # The earliest row has no claimant: the earliest row with one gives it.
    claim("null-first", "a3", 10, claimant_text=None, subject_text="from a3"),
    claim("null-first", "a1", 50, claimant_text="from a1"),
    claim("null-first", "a4", 30, claimant_text="from a4"),
    # No claimant anywhere; an undated row; mins over differing values.
    claim("all-null", "a4", 40, claimant_text=None, value=3.0, low=None),
    claim("all-null", "a5", 20, claimant_text=None, value=2.0, low=1.0, qualifier="about"),
    # Outlets: two rows of one outlet, one of none.
    claim("outlets", "a1", 60),
    claim("outlets", "a4", 60),
    claim("outlets", "a3", 60),
    # An article that is not stored: its claim is not counted, the cluster keeps one row.
    claim("orphan", "missing", 10),
    claim("orphan", "a2", 70),
    claim("only-orphan", "missing", 20),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> str:
    root = str(tmp_path_factory.mktemp("clusters") / "wh")
    store = Store(root)
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("articles", _rows("articles", ARTICLES))
        writer.add("claims", _rows("claims", CLAIMS))
        writer.commit()
    return root


def test_claim_clusters_equal_the_single_aggregation(warehouse):
    view = query(warehouse, "select * from claim_clusters order by cluster_id")
    assert view == query(warehouse, REFERENCE)
    by_cluster = {row[0]: row for row in view}
    assert set(by_cluster) == {
        "single-with-outlet",
        "single-no-outlet",
        "single-no-date",
        "tie",
        "null-first",
        "all-null",
        "outlets",
        "orphan",
    }


@pytest.mark.parametrize(
    ("cluster_id", "claimant_text", "subject_text", "n_articles", "n_outlets", "first_article"),
    [
        pytest.param("single-with-outlet", "Ministry", "civilians", 1, 1, "a5", id="single"),
        pytest.param("single-no-outlet", None, "civilians", 1, 0, "a3", id="single-no-outlet"),
        pytest.param("single-no-date", "Ministry", "civilians", 1, 1, "a4", id="single-no-date"),
        pytest.param("tie", "A early", "first", 2, 2, "a1", id="same-day-tie"),
        pytest.param("null-first", "from a1", "from a3", 3, 1, "a3", id="first-claimant-null"),
        pytest.param("all-null", None, "civilians", 2, 2, "a5", id="undated-last"),
        pytest.param("outlets", "Ministry", "civilians", 3, 1, "a3", id="outlet-counts"),
        pytest.param("orphan", "Ministry", "civilians", 1, 1, "a2", id="article-missing"),
    ],
)
def test_claim_clusters_cases(
    warehouse, cluster_id, claimant_text, subject_text, n_articles, n_outlets, first_article
):
    (row,) = query(
        warehouse,
        "select claimant_text, subject_text, n_articles, n_outlets, first_article_id"
        " from claim_clusters where cluster_id = ?",
        [cluster_id],
    )
    assert row == (claimant_text, subject_text, n_articles, n_outlets, first_article)


def test_an_article_stored_twice_counts_once(tmp_path):
    """Duplicate article rows break the table's grain; the view still counts the article once."""
    root = str(tmp_path / "wh")
    store = Store(root)
    for run_id, source in (("r1", "Outlet A"), ("r2", "Outlet B")):
        with open_for_write(store) as manifest:
            writer = RunWriter(store, manifest, run_id)
            writer.add("articles", _rows("articles", [article("a1", DAY, source)]))
            if run_id == "r1":
                writer.add("claims", _rows("claims", [claim("once", "a1", 10)]))
            writer.commit()
    view = query(root, "select * from claim_clusters order by cluster_id")
    assert view == query(root, REFERENCE)
    assert [(row[12], row[13]) for row in view] == [(1, 2)]
