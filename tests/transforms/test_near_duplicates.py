"""Near-duplicate articles: shingling, the MinHash LSH index, and linking during planning."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from datasketch import MinHash, MinHashLSH

from schemas import table_schema
from schemas.errors import InputError
from schemas.table import rows_to_table
from transforms.articles import SourceFile, article_id, plan_new_articles
from transforms.near_duplicates import (
    MIN_WORDS,
    SKETCH_COLUMNS,
    STORED_COLUMNS,
    THRESHOLD,
    BandIndex,
    NearDuplicateIndex,
    index_sketches,
    link_near_duplicates,
    shingle_hashes,
    sketch_stored,
    words,
)
from transforms.readers import RawArticle, parse_file

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-corpus"
NOW = dt.datetime(2025, 1, 20, tzinfo=dt.UTC)


def wire() -> dict[str, str]:
    """Texts of the sample corpus's Harbor Wire JSONL (7 stories, 165-204 words each)."""
    path = SAMPLE / "json" / "harbor-wire_wire-2024.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {record["id"]: record["text"] for record in records}


ORIGINAL = wire()["hw-01"]
PARAGRAPHS = ORIGINAL.split("\n\n")
SENTENCES = ORIGINAL.replace("\n\n", " ").split(". ")

# Lightly edited copies of hw-01, each a near-duplicate.
LIGHT_EDITS = {
    "exact-copy": ORIGINAL,
    "formatting-only": ORIGINAL.upper().replace("\n\n", "\n   \n").replace(",", " ,"),
    "one-word-changed": ORIGINAL.replace("the United Nations", "the UN agency", 1),
    "figure-changed": ORIGINAL.replace("About 12,000", "About 13,500", 1),
    "sentence-added": ORIGINAL
    + "\n\nThe Eastbrook Herald could not reach the ministry for comment.",
    "sentence-removed": ". ".join(SENTENCES[:2] + SENTENCES[3:]),
    "paragraphs-swapped": "\n\n".join(
        [PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[1], *PARAGRAPHS[3:]]
    ),
    "last-paragraph-cut": "\n\n".join(PARAGRAPHS[:-1]),
}

SHORT = (
    "Three soldiers were killed and five wounded when rebels attacked a patrol near the "
    "river crossing on Tuesday night, an army spokesman said, adding that the attackers fled "
    "north towards the border."
)


def index_of(*texts: str) -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    for number, text in enumerate(texts):
        index.add(f"a{number}", text)
    return index


def test_words_ignore_case_punctuation_and_spacing():
    assert (
        words("Lindqvist  said,\n“Now!”")
        == words("LINDQVIST SAID NOW")
        == [
            "lindqvist",
            "said",
            "now",
        ]
    )


def test_shingles_are_word_5_grams_hashed_deterministically():
    tokens = words("one two three four five six")
    assert len(shingle_hashes(tokens)) == 2
    assert shingle_hashes(tokens).tolist() == shingle_hashes(list(tokens)).tolist()
    assert len(shingle_hashes(words("one two three four"))) == 0
    # Word order inside a shingle counts.
    assert set(shingle_hashes(words("a b c d e")).tolist()) != set(
        shingle_hashes(words("e d c b a")).tolist()
    )


def test_signatures_are_reproducible_across_indexes():
    first, second = NearDuplicateIndex().sketch(ORIGINAL), NearDuplicateIndex().sketch(ORIGINAL)
    assert first.signature is not None
    assert first.signature.tolist() == second.signature.tolist()


@pytest.mark.parametrize("copy", list(LIGHT_EDITS.values()), ids=list(LIGHT_EDITS))
def test_light_edit_is_found(copy):
    index = index_of(ORIGINAL)
    assert index.query(copy) == "a0"


@pytest.mark.parametrize("other", ["hw-02", "hw-04", "hw-06", "hw-08", "hw-09", "hw-11"])
def test_different_article_on_the_same_story_is_not_found(other):
    # Same fictional war, outlet, claimants and style: similar, but different articles.
    index = index_of(ORIGINAL)
    assert index.query(wire()[other]) is None


def test_copy_of_a_copy_points_at_the_earliest():
    second = LIGHT_EDITS["sentence-added"]
    third = second + " A later update added this closing sentence to the copy as well."
    index = NearDuplicateIndex()
    assert index.link("original", ORIGINAL) is None
    assert index.link("copy", second) == "original"
    assert [match for match, _ in index.matches(index.sketch(third))] == ["original", "copy"]
    assert index.link("copy-of-copy", third) == "original"


def exact_jaccard(first: str, second: str) -> float:
    a = set(shingle_hashes(words(first)).tolist())
    b = set(shingle_hashes(words(second)).tolist())
    return len(a & b) / len(a | b)


SHORT_EDITS = {
    "short-verbatim-copy": SHORT,
    "short-copy-formatting-only": SHORT.upper() + "  ",
    "short-first-word-changed": SHORT.replace("Three", "Four"),  # 1 of 30 shingles changes
    "short-middle-word-changed": SHORT.replace("patrol", "convoy"),  # 5 change: Jaccard 0.71
    "short-two-words-changed": SHORT.replace("patrol", "convoy").replace("north", "south"),
    "short-sentence-added": SHORT + " Two of the wounded were later flown to the capital.",
}


@pytest.mark.parametrize("copy", list(SHORT_EDITS.values()), ids=list(SHORT_EDITS))
def test_short_texts_are_decided_by_exact_shingle_jaccard(copy):
    assert len(words(SHORT)) < MIN_WORDS
    expected = exact_jaccard(SHORT, copy) >= THRESHOLD
    assert (index_of(SHORT).query(copy) == "a0") is expected


def test_short_rule_cases_cover_both_sides_of_the_threshold():
    similarities = {name: exact_jaccard(SHORT, text) for name, text in SHORT_EDITS.items()}
    assert similarities["short-two-words-changed"] < THRESHOLD < similarities["short-verbatim-copy"]


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        pytest.param(SHORT, SHORT + " " + ORIGINAL, id="short-inside-long-article"),
        pytest.param(ORIGINAL, " ".join(ORIGINAL.split()[:45]), id="long-cut-to-short"),
        pytest.param("Talks resume.", "Talks resume.", id="fewer-than-5-words"),
        pytest.param("", "", id="empty"),
    ],
)
def test_short_text_never_matches_a_long_one_or_nothing(stored, query):
    assert index_of(stored).query(query) is None


def test_text_without_shingles_is_not_indexed():
    index = index_of("Too short.", ORIGINAL)
    assert len(index) == 1


@pytest.mark.parametrize("merge_min", [1, 3, 4096], ids=["all-merged", "mixed", "all-recent"])
def test_band_index_gives_the_candidates_of_datasketch_lsh(monkeypatch, merge_min):
    monkeypatch.setattr(BandIndex, "MERGE_MIN", merge_min)
    texts = [*wire().values(), *LIGHT_EDITS.values(), SHORT]
    index = index_of(*texts)
    stock = MinHashLSH(num_perm=index.num_perm, params=index.bands)

    def minhash(text: str) -> MinHash:
        value = MinHash(num_perm=index.num_perm, seed=index.seed)
        value.hashvalues = index.sketch(text).signature.astype(np.uint64)
        return value

    for number, text in enumerate(texts):
        stock.insert(number, minhash(text))
    shared = 0
    for text in texts:
        candidates = index._bands.query(index.sketch(text).signature).tolist()
        assert candidates == sorted(stock.query(minhash(text)))
        shared += len(candidates) > 1
    assert shared  # the edits share bands with the original


def row(identifier: str, text: str, published: dt.datetime | None) -> dict:
    return {
        "article_id": identifier,
        "text": text,
        "ingested_at": NOW,
        "published_at": published,
        "published_date": published.date() if published else None,
        "published_month": f"{published:%Y-%m}" if published else "unknown",
    }


def test_rows_are_linked_in_publication_order():
    # The copy comes first in the input but was published later: it points at the original.
    rows = [
        row("copy", LIGHT_EDITS["one-word-changed"], dt.datetime(2024, 3, 15, tzinfo=dt.UTC)),
        row("undated", LIGHT_EDITS["sentence-added"], None),
        row("original", ORIGINAL, dt.datetime(2024, 3, 14, tzinfo=dt.UTC)),
    ]
    sketches = link_near_duplicates(rows, NearDuplicateIndex(), "r")
    assert [sketch["article_id"] for sketch in sketches] == ["original", "copy", "undated"]
    assert {r["article_id"]: r["duplicate_of"] for r in rows} == {
        "copy": "original",
        "undated": "original",
        "original": None,
    }


def index_stored(table: pa.Table) -> NearDuplicateIndex:
    """An index of the stored articles in `table` (`STORED_COLUMNS` of `articles`)."""
    index = NearDuplicateIndex()
    for _ in sketch_stored(table.to_batches(max_chunksize=1), index, run_id=""):
        pass
    return index


def test_stored_articles_are_indexed_in_storage_order():
    def ts(day: int) -> dt.datetime:
        return dt.datetime(2024, 3, day, tzinfo=dt.UTC)

    stored = pa.table(
        {
            "article_id": ["later-run", "first-run"],
            "text": [LIGHT_EDITS["one-word-changed"], ORIGINAL],
            "ingested_at": pa.array([ts(20), ts(10)], pa.timestamp("us", tz="UTC")),
            "published_at": pa.array([ts(1), ts(14)], pa.timestamp("us", tz="UTC")),
            "published_date": pa.array([dt.date(2024, 3, 1), dt.date(2024, 3, 14)]),
            "published_month": ["2024-03", "2024-03"],
        }
    )
    assert tuple(stored.column_names) == STORED_COLUMNS
    index = index_stored(stored)
    assert len(index) == 2
    assert index.query(LIGHT_EDITS["sentence-added"]) == "first-run"
    assert len(index_stored(stored.slice(0, 0))) == 0


def test_stored_sketches_rebuild_the_same_index_without_texts():
    texts = {"original": ORIGINAL, "short": SHORT, "tiny": "Too short.", **wire()}
    rows = [
        row(name, text, dt.datetime(2024, 3, 14, tzinfo=dt.UTC)) for name, text in texts.items()
    ]
    first = NearDuplicateIndex()
    stored = rows_to_table(table_schema("article_sketches"), link_near_duplicates(rows, first, "r"))
    assert stored.num_rows == len(texts)  # "tiny" too: a null signature says it was sketched
    rebuilt = NearDuplicateIndex()
    assert index_sketches(stored.select(SKETCH_COLUMNS).to_batches(3), rebuilt) == set(texts)
    assert len(rebuilt) == len(first)
    for text in [*LIGHT_EDITS.values(), SHORT, SHORT.replace("Three", "Four")]:
        assert rebuilt.matches(rebuilt.sketch(text)) == first.matches(first.sketch(text))


def test_sketches_of_another_version_are_not_used():
    stored = rows_to_table(
        table_schema("article_sketches"),
        link_near_duplicates([row("original", ORIGINAL, None)], NearDuplicateIndex(), "r"),
    )
    other = NearDuplicateIndex(num_perm=64)
    assert index_sketches(stored.select(SKETCH_COLUMNS).to_batches(), other) == set()
    assert len(other) == 0


def test_stored_articles_without_sketches_are_sketched_from_their_texts():
    others = [text for name, text in wire().items() if name != "hw-01"]
    rows = [row(f"a{n}", text, NOW) for n, text in enumerate([ORIGINAL, SHORT, *others])]
    stored = pa.Table.from_pylist(rows).select(STORED_COLUMNS)
    index = NearDuplicateIndex()
    batches = list(sketch_stored(stored.to_batches(2), index, "r2", skip={"a0"}))
    sketched = [sketch["article_id"] for batch in batches for sketch in batch]
    assert sketched == [r["article_id"] for r in rows[1:]]
    assert {sketch["run_id"] for batch in batches for sketch in batch} == {"r2"}
    assert index.query(LIGHT_EDITS["one-word-changed"]) is None  # a0 was skipped
    assert index.query(SHORT) == "a1"


def raw(text: str, title: str = "T", published: str | None = None) -> RawArticle:
    return RawArticle(text, title, published, "Wire", None, None, None, None, "txt", 0)


def test_planning_sets_duplicate_of_against_stored_and_new_articles():
    index = NearDuplicateIndex()
    index.add("stored-original", ORIGINAL)
    files = [
        (
            SourceFile("/in/a.jsonl", "aa"),
            (
                raw(LIGHT_EDITS["figure-changed"], "UN: 13,500 displaced"),
                raw(wire()["hw-02"]),
                raw(wire()["hw-02"] + " Editor's note: updated at 18:00."),
            ),
        )
    ]
    plan = plan_new_articles(
        files,
        set(),
        stored_evidence={},
        date_order_hints={},
        run_id="r",
        ingested_at=NOW,
        near_duplicates=index,
    )
    assert [r["duplicate_of"] for r in plan.rows] == [
        "stored-original",
        None,
        article_id("T", wire()["hw-02"]),
    ]
    assert plan.n_near_duplicates == 2
    rows_to_table(table_schema("articles"), plan.rows)  # the rows follow the schema


def test_planning_without_an_index_leaves_duplicate_of_null():
    files = [(SourceFile("/in/a.txt", "aa"), (raw(ORIGINAL), raw(LIGHT_EDITS["figure-changed"])))]
    plan = plan_new_articles(
        files, set(), stored_evidence={}, date_order_hints={}, run_id="r", ingested_at=NOW
    )
    assert [r["duplicate_of"] for r in plan.rows] == [None, None]
    assert plan.n_near_duplicates == 0


def test_sample_corpus_syndicated_copies_are_linked():
    """eh-03 reprints hw-08 with a sentence added; cm-04 reprints hw-10 with one word changed
    (examples/sample-corpus/README.md). Nothing else in the corpus is a near-duplicate."""
    files = []
    for path in sorted(p for p in SAMPLE.rglob("*") if p.is_file() and p.name != "README.md"):
        try:
            parsed = parse_file(path.name, path.read_bytes())
        except InputError:
            continue  # broken/corrupt.json
        files.append((SourceFile(str(path), "x"), parsed.articles))
    plan = plan_new_articles(
        files,
        set(),
        stored_evidence={},
        date_order_hints={},
        run_id="r",
        ingested_at=NOW,
        near_duplicates=NearDuplicateIndex(),
    )
    by_external = {r["external_id"]: r["article_id"] for r in plan.rows if r["external_id"]}

    def short_id(external: str | None) -> str | None:
        return external.rsplit(":", 1)[-1] if external else None

    external_of = {r["article_id"]: short_id(r["external_id"]) for r in plan.rows}
    links = {
        external_of[r["article_id"]]: external_of[r["duplicate_of"]]
        for r in plan.rows
        if r["duplicate_of"]
    }
    assert links == {"eh-03": "hw-08", "cm-04": "hw-10"}
    assert (len(plan.rows), plan.n_duplicates, plan.n_near_duplicates) == (60, 1, 2)
    assert by_external["hw-08"] in {r["duplicate_of"] for r in plan.rows}
