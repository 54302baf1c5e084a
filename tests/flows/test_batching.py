"""How the flow cuts articles into extraction tasks."""

from __future__ import annotations

import pytest

from flows.extraction import chunked, tapered
from flows.ingest import file_batches
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
