"""Near-duplicate articles (syndicated or lightly edited copies) by MinHash LSH.

An article is a near-duplicate of an earlier one when their texts share most word 5-shingles:
estimated Jaccard similarity of the shingle sets at least `THRESHOLD`. Exact copies never get
here (they share an `article_id` and are dropped before planning); near-copies are kept as
articles, because a copy may carry a changed figure, and linked by `duplicate_of` to the
earliest stored article they nearly copy.

How a text becomes a signature:

1. words: NFKC, case-folded, runs of letters and digits (`\\w+`); punctuation and spacing are
   ignored, so "HOURS," and "hours" are the same word. The title is not used: syndicated copies
   change headlines, and two articles under one headline may differ.
2. shingles: every run of `SHINGLE_WORDS` consecutive words, hashed to 32 bits (crc32 of each
   word, mixed over the window with 64-bit arithmetic: deterministic across processes, unlike
   Python's `hash`).
3. signature: `datasketch.MinHash` (scheme affine32, seed `SEED`) over the shingle hashes:
   `NUM_PERM` uint32 values.

The index bands the signatures as MinHash LSH does (`BANDS`: 10 bands of 4 values; the same
banding as `datasketch.MinHashLSH`, kept in numpy arrays, see `BandIndex`), which gives
candidates at about constant cost per query: a pair becomes a candidate with probability
1 - (1 - J**4)**10, 0.94 at Jaccard 0.7 and 0.001 at 0.1 (same-topic articles). Each
candidate is then verified by the Jaccard similarity that the full signatures estimate (share
of equal values, standard error about 0.04 at 128 values) and kept when it is at least
`THRESHOLD`. Nothing is compared with every stored article, so indexing n articles costs O(n)
(expected: only a flood of near-identical template texts fills buckets).

Short texts (fewer than `MIN_WORDS` words) are not decided by the estimate: in a text of a few
dozen shingles one changed word moves the similarity by 0.1 or more, so borderline pairs are
common and the estimate's error would make them coin flips (short notices are often
templates that differ by a name or a figure). A pair in which either text is short is
decided by the exact Jaccard similarity of the two shingle sets instead; the index keeps the
shingle hashes of short texts only (at most 45 values each), so a short text can match only
another short text. A text of fewer than `SHINGLE_WORDS` words has no shingle: it is never
matched and never indexed.

Why these parameters (measured with `python -m tests.accuracy.score_near_duplicates --shingles
--sweep` on its constructed set: 1,036 expected links, edited copies and real duplicates of
muc3/re3d articles, against 1,790 real articles):

* word 5-shingles: the hardest real negatives (re3d CENTCOM daily strike reports of
  different days, same template, different places and figures) reach exact Jaccard 0.52
  with word 5-shingles, 0.59 with word 3-shingles and 0.79 with character 5-shingles, which
  overlap the edited copies (1st percentile 0.65 for word 5, 0.73 for char 5). Word 5 keeps
  the widest gap and takes less than half the time of character shingles.
* threshold 0.7: on the set precision is 1.0 from 0.6 up and recall falls with the threshold
  (0.992 at 0.6, 0.977 at 0.7, 0.912 at 0.8: at 0.8 a copy with one long sentence more or
  less is missed). Over 10 MinHash seeds the hardest negatives give 7 false links at 0.5,
  3 at 0.55, none from 0.6; 0.7 is 4 standard errors above them (0.6 only 2), so template
  reports with different figures stay apart on larger corpora. 19 of the 24 misses at 0.7 are
  copies whose exact Jaccard is below 0.7 (a 60-word sentence removed from a 150-word message).
* 128 values: 64 gives the same F1 (0.992 vs 0.988) but 1.4 times the estimate's error near
  the negatives (1 false link in 10 seeds at 0.6, against none); 256 gains nothing.
* bands 10 x 4: recall is the same for 8 x 4 up to 25 x 5 on the set, and memory grows with
  the number of bands: 10 x 4 is about the fewest that still make a pair at Jaccard 0.7 a
  candidate with probability 0.94.

Memory and cost: an indexed article takes its signature (512 bytes), its band keys (10 x 8
bytes, twice: in insertion order and sorted, plus a 4-byte position each), its order key (16
bytes) and its id: 899 bytes measured over 10,000 articles (`python -m
tests.accuracy.score_near_duplicates --cost`), where datasketch's dict-of-sets storage took 3.8 kB
and a dict of ints per band 1.7 kB. A query plus an add runs about 4,000 articles/s on one
core, most of it the signature (0.16 ms per text). Each run stores the sketch of every new
article in the `article_sketches` table (`sketch_row`), so the next run rebuilds the index
from those signatures (`index_sketches`) without reading or shingling the archive's texts.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from datasketch import MinHash

# Chosen by measurement: see "Why these parameters" above.
SHINGLE_WORDS = 5
NUM_PERM = 128
THRESHOLD = 0.7
# LSH bands x rows per band (40 of the 128 values). A pair becomes a candidate with
# probability 1 - (1 - J**4)**10: 0.94 at Jaccard 0.7, 0.995 at 0.8, 0.48 at 0.5 (verified and
# dropped), 0.001 at 0.1 (same-topic articles), 1.6e-6 at 0.02 (unrelated articles).
BANDS = (10, 4)
MIN_WORDS = 50
SEED = 20240901
# Order keys of articles added without one (first), and of a missing time (last).
FIRST = (np.iinfo(np.int64).min, np.iinfo(np.int64).min)
LAST = (np.iinfo(np.int64).max, np.iinfo(np.int64).max)

_WORDS = re.compile(r"\w+")
# Odd 64-bit multipliers, one per word position in a shingle, that mix the window's word hashes.
_MIX = [np.uint64(((0x9E3779B97F4A7C15 * (2 * i + 1)) & ((1 << 64) - 1)) | 1) for i in range(16)]


def words(text: str | None) -> list[str]:
    """The words of a text as shingling sees them: NFKC, case-folded, punctuation dropped."""
    if not text:
        return []
    return _WORDS.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(tokens: list[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the word `size`-shingles of `tokens` (empty if fewer)."""
    count = len(tokens) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint32)
    word_hashes = np.fromiter(
        (zlib.crc32(token.encode()) for token in tokens), dtype=np.uint64, count=len(tokens)
    )
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(size):
        # Position-dependent multipliers: "a b" and "b a" hash differently.
        mixed = (mixed ^ word_hashes[offset : offset + count]) * _MIX[offset % len(_MIX)]
    folded = (mixed >> np.uint64(32)) ^ (mixed & np.uint64(0xFFFFFFFF))
    return np.unique(folded.astype(np.uint32))


class BandIndex:
    """LSH band keys of indexed signatures: which positions share a band with a query.

    A signature's `bands` x `rows` leading values are cut into bands, and each band is folded
    into one 64-bit key (`band_keys`); two signatures are candidates when any band's keys are
    equal. Keys are kept in numpy arrays, not a dict per band: the part merged so far sorted
    per band (found by binary search), the keys added since in insertion order (compared all
    at once). The recent part is merged when it passes a quarter of the sorted one, so merges
    cost O(n log n) over n additions and a query scans at most a fifth of the keys. A 64-bit
    collision only adds a candidate, which the caller verifies.
    """

    # The recent part is merged past max(MERGE_MIN, sorted part / 4) keys.
    MERGE_MIN = 4096

    def __init__(self, bands: int, rows: int) -> None:
        self.bands, self.rows = bands, rows
        self._keys = np.empty((1024, bands), dtype=np.uint64)  # by position
        self._size = 0
        self._n_sorted = 0
        self._sorted_keys = np.empty((bands, 0), dtype=np.uint64)
        self._sorted_positions = np.empty((bands, 0), dtype=np.int32)

    def __len__(self) -> int:
        return self._size

    def band_keys(self, signature: np.ndarray) -> np.ndarray:
        """One 64-bit key per band of a signature (equal bands give equal keys)."""
        values = signature[: self.bands * self.rows].astype(np.uint64).reshape(self.bands, -1)
        keys = np.zeros(self.bands, dtype=np.uint64)
        for offset in range(self.rows):
            keys = (keys ^ values[:, offset]) * _MIX[offset % len(_MIX)]
        return keys

    def add(self, signature: np.ndarray) -> None:
        """Index the next position's signature."""
        if self._size == len(self._keys):
            self._keys = _grown(self._keys)
        self._keys[self._size] = self.band_keys(signature)
        self._size += 1
        if self._size - self._n_sorted > max(self.MERGE_MIN, self._n_sorted // 4):
            self._merge()

    def query(self, signature: np.ndarray) -> np.ndarray:
        """Positions that share at least one band with `signature`, ascending."""
        keys = self.band_keys(signature)
        found = []
        for band in range(self.bands):
            column = self._sorted_keys[band]
            low, high = (
                np.searchsorted(column, keys[band], "left"),
                np.searchsorted(column, keys[band], "right"),
            )
            if high > low:
                found.append(self._sorted_positions[band, low:high].astype(np.int64))
        recent = self._keys[self._n_sorted : self._size]
        if len(recent):
            found.append(np.flatnonzero((recent == keys).any(axis=1)) + self._n_sorted)
        if not found:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(found))

    def _merge(self) -> None:
        keys = self._keys[: self._size].T  # bands x positions
        order = np.argsort(keys, axis=1, kind="stable").astype(np.int32)
        self._sorted_keys = np.take_along_axis(keys, order, axis=1)
        self._sorted_positions = order
        self._n_sorted = self._size


def _identity(value: int) -> int:
    return value


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the index needs of one text: word count, signature, shingles (short texts only)."""

    n_words: int
    signature: np.ndarray | None  # uint32 x num_perm; None when the text has no shingle
    shingles: np.ndarray | None  # kept only for short texts

    @property
    def is_short(self) -> bool:
        return self.shingles is not None


class NearDuplicateIndex:
    """Articles indexed by MinHash LSH; `query` finds the earliest one a text nearly copies.

    "Earliest" is an order key given with each article: when it was ingested, then when it
    was published (undated last), then insertion order. Stored articles carry their own
    keys, so they may be added in any order (a file at a time, see `index_sketches`); new ones
    get the run's ingest time, so they come after every stored article, and a copy points at
    the original rather than at another copy of it. Articles added without a key come first,
    in insertion order. An id added twice is indexed twice (planning never does that: it adds
    only ids that are not stored yet).
    """

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        bands: tuple[int, int] = BANDS,
        shingle_words: int = SHINGLE_WORDS,
        min_words: int = MIN_WORDS,
        seed: int = SEED,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.min_words = min_words
        self.seed = seed
        self._template = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
        if bands[0] * bands[1] > num_perm:
            raise ValueError(f"{bands[0]} bands of {bands[1]} need {bands[0] * bands[1]} values")
        self._bands = BandIndex(*bands)
        self._ids: list[str] = []
        self._signatures = np.empty((1024, num_perm), dtype=np.uint32)
        # Order keys: ingested, published (microseconds since the epoch), one row per position.
        self._order = np.empty((1024, 2), dtype=np.int64)
        self._short: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) of the LSH."""
        return self._bands.bands, self._bands.rows

    @property
    def sketch_version(self) -> str:
        """What a stored sketch must have been made with to be reused by this index."""
        return (
            f"words{self.shingle_words}-minhash{self.num_perm}-seed{self.seed}"
            f"-short{self.min_words}"
        )

    def sketch(self, text: str | None) -> Sketch:
        """The signature of a text (and its shingles when it is short)."""
        tokens = words(text)
        shingles = shingle_hashes(tokens, self.shingle_words)
        if not len(shingles):
            return Sketch(len(tokens), None, None)
        minhash = self._template.copy()
        minhash.update_batch(shingles.tolist())
        short = shingles if len(tokens) < self.min_words else None
        return Sketch(len(tokens), minhash.hashvalues, short)

    def add(self, article_id: str, text: str | None, order: tuple[int, int] = FIRST) -> None:
        """Index an article (a text without shingles is not indexed: it can match nothing)."""
        self.add_sketch(article_id, self.sketch(text), order)

    def query(self, text: str | None) -> str | None:
        """The earliest indexed article whose text this one nearly copies, or None."""
        return self.query_sketch(self.sketch(text))

    def link(self, article_id: str, text: str | None, order: tuple[int, int] = FIRST) -> str | None:
        """`query` then `add`, computing the signature once."""
        return self.link_sketch(article_id, self.sketch(text), order)

    def link_sketch(
        self, article_id: str, sketch: Sketch, order: tuple[int, int] = FIRST
    ) -> str | None:
        """`link` for a sketch already made: what planning calls per article."""
        found = self.query_sketch(sketch)
        self.add_sketch(article_id, sketch, order)
        return found

    def matches(self, sketch: Sketch) -> list[tuple[str, float]]:
        """Verified matches of a sketch, earliest first, with their Jaccard similarity.

        LSH candidates are verified by the estimated Jaccard similarity of the signatures
        (share of equal values), or by the exact one of the shingle sets when either text is
        short.
        """
        if sketch.signature is None:
            return []
        positions = self._bands.query(sketch.signature)
        if not len(positions):
            return []
        keys = self._order[positions]
        positions = positions[np.lexsort((positions, keys[:, 1], keys[:, 0]))]
        equal = np.count_nonzero(self._signatures[positions] == sketch.signature, axis=1)
        similarities = equal / self.num_perm
        found = []
        for position, similarity in zip(positions.tolist(), similarities.tolist(), strict=True):
            stored_short = self._short.get(position)
            if sketch.is_short or stored_short is not None:
                similarity = _exact_jaccard(sketch.shingles, stored_short)
            if similarity >= self.threshold:
                found.append((self._ids[position], similarity))
        return found

    def query_sketch(self, sketch: Sketch) -> str | None:
        found = self.matches(sketch)
        return found[0][0] if found else None

    def add_sketch(self, article_id: str, sketch: Sketch, order: tuple[int, int] = FIRST) -> None:
        if sketch.signature is None:
            return
        position = len(self._ids)
        if position == len(self._signatures):
            self._signatures = _grown(self._signatures)
            self._order = _grown(self._order)
        self._signatures[position] = sketch.signature
        self._order[position] = order
        if sketch.shingles is not None:
            self._short[position] = sketch.shingles
        self._ids.append(article_id)
        self._bands.add(sketch.signature)


def _grown(array: np.ndarray) -> np.ndarray:
    grown = np.empty((len(array) + len(array) // 2, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def order_key(
    ingested_at: dt.datetime | None,
    published_at: dt.datetime | None,
    published_date: dt.date | None,
) -> tuple[int, int]:
    """An article's order key in the index: ingested, then published (undated last)."""
    published = published_at
    if published is None and published_date is not None:
        published = dt.datetime.combine(published_date, dt.time(), dt.UTC)
    return (_microseconds(ingested_at), _microseconds(published))


def _microseconds(moment: dt.datetime | None) -> int:
    if moment is None:
        return LAST[0]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1_000_000)


def _exact_jaccard(first: np.ndarray | None, second: np.ndarray | None) -> float:
    """Jaccard similarity of two sorted shingle-hash sets; 0 when either is not kept."""
    if first is None or second is None:
        return 0.0  # a short text against a long one: no shingles to verify with
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared)


def link_near_duplicates(rows: list[dict], index: NearDuplicateIndex, run_id: str) -> list[dict]:
    """Set `duplicate_of` on new article rows and index them; returns their `article_sketches`
    rows.

    Rows are taken in publication order (undated last, then input order), so within a batch
    the copy published later points at the earlier one.
    """
    keyed = [(_order_of(row), row) for row in rows]
    sketches = []
    # By publication time (the key's second part; undated last), stable for ties.
    for order, row in sorted(keyed, key=lambda pair: pair[0][1]):
        sketch = index.sketch(row["text"])
        row["duplicate_of"] = index.link_sketch(row["article_id"], sketch, order)
        sketches.append(sketch_row(row, sketch, index.sketch_version, run_id))
    return sketches


def _order_of(row: dict) -> tuple[int, int]:
    return order_key(row.get("ingested_at"), row.get("published_at"), row.get("published_date"))


def sketch_row(article: dict, sketch: Sketch, version: str, run_id: str) -> dict:
    """The `article_sketches` row of an article row (`articles` columns) and its sketch."""
    published = article.get("published_at")
    if published is None and article.get("published_date") is not None:
        published = dt.datetime.combine(article["published_date"], dt.time(), dt.UTC)
    signature = sketch.signature
    return {
        "article_id": article["article_id"],
        "sketch_version": version,
        "n_words": sketch.n_words,
        "signature": None if signature is None else signature.astype("<u4").tobytes(),
        "short_shingles": None if sketch.shingles is None else sketch.shingles.tolist(),
        "ingested_at": article["ingested_at"],
        "published_at": published,
        "run_id": run_id,
        "published_month": article["published_month"],
    }


# Columns of `article_sketches` the index is rebuilt from.
SKETCH_COLUMNS = (
    "article_id",
    "sketch_version",
    "n_words",
    "signature",
    "short_shingles",
    "ingested_at",
    "published_at",
)


def index_sketches(
    batches: Iterable[pa.RecordBatch | pa.Table], index: NearDuplicateIndex
) -> set[str]:
    """Add stored sketches (batches of `SKETCH_COLUMNS`, in any order) to the index; returns
    the ids of the articles whose sketch was usable (made with the index's `sketch_version`).

    No text is read: the index is rebuilt from the signatures alone.
    """
    indexed: set[str] = set()
    for batch in batches:
        current = batch.filter(pc.equal(batch.column("sketch_version"), index.sketch_version))
        ids = current.column("article_id").to_pylist()
        indexed.update(ids)
        signatures = current.column("signature").to_pylist()
        shingles = current.column("short_shingles").to_pylist()
        n_words = current.column("n_words").to_pylist()
        ingested = current.column("ingested_at").to_pylist()
        published = current.column("published_at").to_pylist()
        for article_id, signature, short, count, ingested_at, published_at in zip(
            ids, signatures, shingles, n_words, ingested, published, strict=True
        ):
            if signature is None:
                continue
            sketch = Sketch(
                count,
                np.frombuffer(signature, dtype="<u4").astype(np.uint32),
                None if short is None else np.array(short, dtype=np.uint32),
            )
            index.add_sketch(article_id, sketch, order_key(ingested_at, published_at, None))
    return indexed


# Columns of `articles` an index is rebuilt from when their sketches are not stored.
STORED_COLUMNS = (
    "article_id",
    "text",
    "ingested_at",
    "published_at",
    "published_date",
    "published_month",
)


def sketch_stored(
    batches: Iterable[pa.RecordBatch | pa.Table],
    index: NearDuplicateIndex,
    run_id: str,
    skip: set[str] | frozenset[str] = frozenset(),
) -> Iterator[list[dict]]:
    """Index stored articles from their texts (batches of `STORED_COLUMNS`, in any order),
    leaving out the ids in `skip`; yields their `article_sketches` rows a batch at a time.

    For warehouses whose sketches are missing or of another version: the rows let the run
    store them, so the next run reads signatures instead.
    """
    for batch in batches:
        rows = [row for row in batch.to_pylist() if row["article_id"] not in skip]
        sketches = []
        for row in rows:
            sketch = index.sketch(row["text"])
            index.add_sketch(row["article_id"], sketch, _order_of(row))
            sketches.append(sketch_row(row, sketch, index.sketch_version, run_id))
        if sketches:
            yield sketches
