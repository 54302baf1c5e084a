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

The index is a `datasketch.MinHashLSH` with `BANDS` (10 bands of 4 values) that gives
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

Why these parameters (measured with `python -m tests.eval.score_near_duplicates --shingles
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

Memory and cost, measured over 10,000 articles (`python -m tests.eval.score_near_duplicates
--cost`): about 1.7 kB per indexed article (signature 512 bytes plus growth slack, 10 band
keys and buckets, the id), so 1M articles take about 1.7 GB; about 3,000 articles/s for a
query plus an add on one core, most of it the signature (0.25 ms). Rebuilding the index from
stored articles at the start of a run (`index_texts`, a file's row group at a time, so the
archive's texts are never in memory together) takes about 0.3 s per 1,000 articles.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from datasketch import MinHash, MinHashLSH
from datasketch.storage import UnorderedStorage

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


class CompactBuckets(UnorderedStorage):
    """One LSH band's buckets: band key -> a position, or a list of positions once shared.

    datasketch's in-memory storage keeps a `set` per bucket (216 bytes even for one member);
    nearly every bucket of a band holds one article, so this keeps the int itself. It is a
    `datasketch.storage.UnorderedStorage` and the index installs one per band in place of the
    default dict storage, which more than halves the index's memory (measured over 10,000
    articles: 3.8 kB -> 1.7 kB per article with 10 bands).
    """

    def __init__(self) -> None:
        self._buckets: dict[bytes, int | list[int]] = {}

    def keys(self):
        return self._buckets.keys()

    def get(self, key):
        members = self._buckets.get(key, ())
        return (members,) if isinstance(members, int) else members

    def insert(self, key, *vals, **kwargs) -> None:
        for val in vals:
            members = self._buckets.get(key)
            if members is None:
                self._buckets[key] = val
            elif isinstance(members, int):
                self._buckets[key] = [members, val]
            else:
                members.append(val)

    def remove(self, *keys, **kwargs) -> None:
        for key in keys:
            del self._buckets[key]

    def remove_val(self, key, val, **kwargs) -> None:
        members = [member for member in self.get(key) if member != val]
        if not members:
            del self._buckets[key]
        else:
            self._buckets[key] = members[0] if len(members) == 1 else members

    def size(self) -> int:
        return len(self._buckets)

    def itemcounts(self, **kwargs) -> dict:
        return {key: len(self.get(key)) for key in self._buckets}

    def has_key(self, key) -> bool:
        return key in self._buckets


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
    keys, so they may be added in any order (a file at a time, see `index_texts`); new ones
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
        self._template = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
        self.lsh = MinHashLSH(num_perm=num_perm, params=bands)
        self.lsh.hashtables = [CompactBuckets() for _ in range(self.lsh.b)]
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
        return self.lsh.b, self.lsh.r

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
        """`query` then `add`, computing the signature once: what planning calls per article."""
        sketch = self.sketch(text)
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
        positions = np.array(sorted(self.lsh.query(self._as_minhash(sketch.signature))), int)
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
        self.lsh.insert(position, self._as_minhash(sketch.signature), check_duplication=False)

    def _as_minhash(self, signature: np.ndarray) -> MinHash:
        minhash = self._template.copy()
        minhash.hashvalues = signature
        return minhash


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


def link_near_duplicates(rows: list[dict], index: NearDuplicateIndex) -> int:
    """Set `duplicate_of` on new article rows, then index them; returns how many were linked.

    Rows are taken in publication order (undated last, then input order), so within a batch
    the copy published later points at the earlier one.
    """
    keyed = [
        (order_key(row.get("ingested_at"), row.get("published_at"), row.get("published_date")), row)
        for row in rows
    ]
    linked = 0
    # By publication time (the key's second part; undated last), stable for ties.
    for order, row in sorted(keyed, key=lambda pair: pair[0][1]):
        row["duplicate_of"] = index.link(row["article_id"], row["text"], order)
        linked += row["duplicate_of"] is not None
    return linked


# Columns of `articles` the index is rebuilt from.
STORED_COLUMNS = ("article_id", "text", "ingested_at", "published_at", "published_date")


def index_stored(
    table: pa.Table, index: NearDuplicateIndex | None = None, *, batch_rows: int = 4096
) -> NearDuplicateIndex:
    """An index of the stored articles in `table` (`STORED_COLUMNS` of `articles`)."""
    return index_texts(
        (table.slice(start, batch_rows) for start in range(0, table.num_rows, batch_rows)), index
    )


def index_texts(
    batches: Iterable[pa.RecordBatch | pa.Table], index: NearDuplicateIndex | None = None
) -> NearDuplicateIndex:
    """An index of stored articles given as batches of `STORED_COLUMNS`, in any order.

    Each carries its order key (`order_key`), so a reader may stream them a file at a time:
    the archive's texts are never in memory together.
    """
    index = index if index is not None else NearDuplicateIndex()
    for batch in batches:
        columns = [batch.column(name).to_pylist() for name in STORED_COLUMNS]
        for article_id, text, ingested_at, published_at, published_date in zip(
            *columns, strict=True
        ):
            index.add(article_id, text, order_key(ingested_at, published_at, published_date))
    return index
