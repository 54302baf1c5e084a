"""How the flow cuts articles into extraction tasks."""

from __future__ import annotations

import pytest

from flows.extraction import LanguageBatcher, chunked, tapered
from flows.ingest import file_batches
from transforms.extract import ArticleInput
from warehouse.inputs import InputFile


@pytest.mark.parametrize(
    ("n_items", "size", "workers"),
    [(0, 128, 2), (1, 128, 2), (100, 128, 2), (1790, 128, 2), (1790, 128, 8), (21, 3, 2)],
)
def test_tapered_batches_cover_every_item_once_in_order(n_items, size, workers):
    items = list(range(n_items))
    batches = [list(batch) for batch in tapered(items, size, workers)]
    assert [item for batch in batches for item in batch] == items
    assert all(0 < len(batch) <= size for batch in batches)


def test_tapered_batches_shrink_towards_the_end():
    sizes = [len(batch) for batch in tapered(list(range(1790)), 128, 2)]
    assert sizes[0] == 128
    assert sizes == sorted(sizes, reverse=True)
    # The last round is split finely, down to the floor of size // 16.
    assert sizes[-2] == 8
    assert sizes[-1] <= 8
    # ... without turning the whole run into small tasks.
    assert len(sizes) < 2 * len(list(chunked(list(range(1790)), 128)))


def test_tapered_floor_is_one_item_for_small_sizes():
    assert [len(batch) for batch in tapered(list(range(5)), 3, 2)] == [2, 1, 1, 1]


def test_file_batches_are_bounded_by_count_and_bytes():
    files = [InputFile(f"/in/{number}.jsonl", size) for number, size in enumerate([5, 5, 5, 20, 1])]
    assert [[f.size for f in batch] for batch in file_batches(files, 64, 10)] == [
        [5, 5],
        [5],
        [20],  # a file bigger than the bound is read alone, not refused
        [1],
    ]
    assert [len(batch) for batch in file_batches(files, 2, 10**9)] == [2, 2, 1]
    unknown = [InputFile("/in/a.txt"), InputFile("/in/b.txt")]
    assert file_batches(unknown, 64, 1) == [unknown]


def articles(prefix: str, n: int) -> list[ArticleInput]:
    return [ArticleInput(f"{prefix}{i}", "text", None, "unknown") for i in range(n)]


def batches_of(batcher: LanguageBatcher, groups: list[dict], last: bool) -> list[tuple[str, int]]:
    found = []
    for position, group in enumerate(groups, start=1):
        found += batcher.add(group, last=last and position == len(groups))
    if not last:
        found += batcher.end()
    return [(batch.language, len(batch.articles)) for batch in found]


def test_a_languages_articles_wait_for_a_full_batch_across_groups():
    groups = [{"en": articles("e", 23), "fr": articles("f", 2)} for _ in range(4)]
    batcher = LanguageBatcher(batch_size=10, workers=2)
    found = batches_of(batcher, groups, last=False)
    # French comes once, at the end, before English's tapered rest: one task, one load.
    assert found[:9] == [("en", 10)] * 9
    assert found[9] == ("fr", 8)
    assert found[10:] == [("en", 1), ("en", 1)]


def test_every_article_once_in_order_per_language():
    groups = [
        {"en": articles(f"e{g}-", size), "fr": articles(f"f{g}-", g), "it": articles("i", 1)}
        for g, size in enumerate([0, 7, 130, 3, 64])
    ]
    batcher = LanguageBatcher(batch_size=32, workers=2)
    found: list = []
    for group in groups:
        found += batcher.add(group)
    found += batcher.end()
    for language in ("en", "fr", "it"):
        expected = [a.article_id for group in groups for a in group[language]]
        got = [a.article_id for b in found if b.language == language for a in b.articles]
        assert got == expected, language
    assert all(0 < len(batch.articles) <= 32 for batch in found)
    assert [list(batcher.end())] == [[]], "nothing is left after the end"


def test_the_last_group_is_tapered_whole():
    groups = [{"en": articles("a", 40)}, {"en": articles("b", 100), "fr": articles("f", 3)}]
    batcher = LanguageBatcher(batch_size=32, workers=2)
    found = batches_of(batcher, groups, last=True)
    assert found[0] == ("en", 32)
    # The rest (8 + 100) tapered after the French, not cut into full batches first.
    assert found[1] == ("fr", 3)
    sizes = [size for _, size in found[2:]]
    assert sum(sizes) == 108 and sizes == sorted(sizes, reverse=True) and sizes[0] == 27
