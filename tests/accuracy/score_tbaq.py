"""TIMEX3 on TBAQ, the TempEval-3 training corpus (TimeBank 1.2 + AQUAINT, "TBAQ-cleaned").

``../shared/corpus/tbaq/`` holds 256 news articles (TimeBank 183, 1989-1998; AQUAINT 73,
1998-2000) in TimeML 1.2 inline XML (research use, as distributed by the SemEval-2013 TempEval-3
organizers). An article's text is the content of its ``<TEXT>`` element with every tag removed
(EVENT, SIGNAL, TIMEX3, ...), character for character; each TIMEX3 inside it keeps its character
offsets in that text and its attributes (type, value, mod, quant, freq, anchorTimeID). The
creation time is the ``<DCT>`` TIMEX3; its day is the anchor ``find_timexes`` gets, as
``score_dates`` does for MEANTIME.

Split (issue 17), once, by document: an article is dev when the first 8 bytes of
sha256("17:" + its file name, e.g. "ABC19980108.1830.0711.tml"), read as a big-endian integer,
are even, else test. The name alone decides, so adding articles never moves one across. Develop
on dev (``-v`` lists its errors); test is only measured (``-v`` refuses to list its errors).

Metrics per part, TempEval-3 style (spans matched one-to-one by ``score_dates.match_spans``:
exact extents first, then the largest overlap):

* ``timex3_span_strict``: P/R/F1 of exact extents (a matched pair with the same start and end);
* ``timex3_span``: P/R/F1 of relaxed extents (any overlap);
* ``timex3_value``: the TempEval-3 value F1: a relaxed pair is correct when the values are
  equal; precision over all predictions, recall over all gold;
* ``timex3_type_accuracy``: share of relaxed pairs whose predicted type equals the gold type;
* ``timex3_value_date`` / ``_time`` / ``_duration`` / ``_set``: value P/R/F1 per gold type.
  Recall is over the gold TIMEX3s of that type. Precision is over the predictions *attributed*
  to the type: those matched to a gold TIMEX3 of that type, plus the unmatched predictions whose
  own (predicted) type is that type. Every prediction is attributed to exactly one type;
* ``ms_per_article``: wall time of ``find_timexes`` alone (total / articles), measured in the
  same run; a timing, printed but never gated.

Report: ``.venv/bin/python -m tests.accuracy.score_tbaq [-v]``; ``-v`` lists the dev errors by
class with their sentence, and a summary of them by gold type and by coarse class (also written
to ``/tmp/tbaq_dev_errors.txt``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.accuracy import Row, make_row
from tests.accuracy.score_dates import GoldTimex, match_spans, prf
from transforms.dates import Timex, find_timexes

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "tbaq"
_FILES = ("tbaq/*/*.tml",)
CORPORA = {"tbaq-dev": _FILES, "tbaq-test": _FILES}

DEV = "dev"
TEST = "test"
SPLIT_SEED = 17
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
SUMMARY_PATH = Path("/tmp/tbaq_dev_errors.txt")
# The over-fitting guard (``--halves``): dev split again, by document, with this seed; a rule is
# kept only if neither half (nor MEANTIME) drops. Random half-splits of dev measure the noise.
HALVES_SEED = 170
NOISE_SPLITS = 2000
# Characters of context either side of an expression in the -v listing.
SNIPPET_CHARS = 70


@dataclass(frozen=True, slots=True)
class TbaqTimex(GoldTimex):
    """A gold TIMEX3 of TBAQ: span, type and value, and the other TimeML attributes."""

    tid: str = ""
    mod: str = ""
    quant: str = ""
    freq: str = ""
    anchor_tid: str = ""


@dataclass(frozen=True, slots=True)
class TbaqDocument:
    """One article: its name, text (``<TEXT>`` without tags), DCT day and gold TIMEX3s."""

    name: str
    text: str
    anchor: dt.date | None
    gold: list[TbaqTimex]


def split_of(name: str, seed: int = SPLIT_SEED) -> str:
    """DEV or TEST for an article's file name (its name alone decides)."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return DEV if int.from_bytes(digest[:8], "big") % 2 == 0 else TEST


def _flatten(
    element: ET.Element, pieces: list[str], found: list[tuple[ET.Element, int, int]]
) -> None:
    """Append the element's text (children included, tails excluded) to ``pieces`` and record
    every TIMEX3 with its (start, end) in the joined text."""
    start = sum(map(len, pieces))
    pieces.append(element.text or "")
    for child in element:
        _flatten(child, pieces, found)
        pieces.append(child.tail or "")
    if element.tag == "TIMEX3":
        found.append((element, start, sum(map(len, pieces))))


def _dct_day(root: ET.Element) -> dt.date | None:
    """The day of the DCT TIMEX3 ("1998-01-08" or "1998-01-08T18:30:00"), None when absent."""
    element = root.find("DCT/TIMEX3")
    value = element.get("value", "") if element is not None else ""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_timeml(xml: str, name: str) -> TbaqDocument:
    """Text, DCT day and gold TIMEX3s (with offsets into the text) of one TimeML document."""
    root = ET.fromstring(xml)
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{name}: no <TEXT> element")
    pieces: list[str] = []
    found: list[tuple[ET.Element, int, int]] = []
    _flatten(text_element, pieces, found)
    text = "".join(pieces)
    gold = [
        TbaqTimex(
            start,
            end,
            text[start:end],
            element.get("type", ""),
            element.get("value", ""),
            tid=element.get("tid", ""),
            mod=element.get("mod", ""),
            quant=element.get("quant", ""),
            freq=element.get("freq", ""),
            anchor_tid=element.get("anchorTimeID", ""),
        )
        for element, start, end in found
        if end > start
    ]
    return TbaqDocument(name, text, _dct_day(root), sorted(gold, key=lambda g: g.start))


def load_documents(corpus: Path = CORPUS) -> list[TbaqDocument]:
    """Every article under ``corpus`` (TimeBank/ and AQUAINT/), sorted by file name."""
    paths = sorted(corpus.glob("*/*.tml"), key=lambda p: p.name)
    if not paths:
        raise FileNotFoundError(f"no TimeML files under {corpus}")
    return [parse_timeml(p.read_text(encoding="utf-8"), p.name) for p in paths]


# Scoring


@dataclass(frozen=True, slots=True)
class Pair:
    """A relaxed match of one gold TIMEX3 and one prediction, in its document."""

    document: TbaqDocument
    gold: TbaqTimex
    predicted: Timex

    @property
    def exact(self) -> bool:
        """Same extent."""
        return (self.gold.start, self.gold.end) == (
            self.predicted.start_char,
            self.predicted.end_char,
        )

    @property
    def value_ok(self) -> bool:
        """Same TIMEX3 value."""
        return self.predicted.value == self.gold.value

    @property
    def type_ok(self) -> bool:
        """Same TIMEX3 type."""
        return self.predicted.timex_type == self.gold.timex_type


@dataclass(slots=True)
class PartResult:
    """Everything one part (dev or test) gave: counts, matched pairs, misses and extras."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    seconds: list[float] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    missed: list[tuple[TbaqDocument, TbaqTimex]] = field(default_factory=list)
    spurious: list[tuple[TbaqDocument, Timex]] = field(default_factory=list)
    gold_by_type: Counter[str] = field(default_factory=Counter)

    def add(self, document: TbaqDocument, predicted: Sequence[Timex], seconds: float) -> None:
        """Count one article."""
        self.documents += 1
        self.seconds.append(seconds)
        self.gold += len(document.gold)
        self.predicted += len(predicted)
        self.gold_by_type.update(g.timex_type for g in document.gold)
        matched = match_spans(document.gold, list(predicted))
        self.pairs += [Pair(document, document.gold[gi], predicted[pi]) for gi, pi in matched]
        matched_gold = {gi for gi, _ in matched}
        matched_pred = {pi for _, pi in matched}
        self.missed += [(document, g) for i, g in enumerate(document.gold) if i not in matched_gold]
        self.spurious += [(document, p) for i, p in enumerate(predicted) if i not in matched_pred]

    @property
    def strict(self) -> tuple[float, float, float]:
        """Exact-extent P/R/F1."""
        return prf(sum(p.exact for p in self.pairs), self.predicted, self.gold)

    @property
    def relaxed(self) -> tuple[float, float, float]:
        """Overlap P/R/F1."""
        return prf(len(self.pairs), self.predicted, self.gold)

    @property
    def value(self) -> tuple[float, float, float]:
        """TempEval-3 value P/R/F1."""
        return prf(sum(p.value_ok for p in self.pairs), self.predicted, self.gold)

    @property
    def type_accuracy(self) -> float:
        """Share of relaxed pairs with the gold type."""
        return sum(p.type_ok for p in self.pairs) / len(self.pairs) if self.pairs else 0.0

    def value_of_type(self, timex_type: str) -> tuple[float, float, float]:
        """Value P/R/F1 for one gold type (precision over the predictions attributed to it)."""
        pairs = [p for p in self.pairs if p.gold.timex_type == timex_type]
        extra = sum(p.timex_type == timex_type for _, p in self.spurious)
        correct = sum(p.value_ok for p in pairs)
        return prf(correct, len(pairs) + extra, self.gold_by_type[timex_type])

    @property
    def ms_per_article(self) -> float:
        """Mean wall time of ``find_timexes`` per article, in milliseconds."""
        return 1000 * sum(self.seconds) / self.documents if self.documents else 0.0


def evaluate(documents: Iterable[TbaqDocument]) -> dict[str, PartResult]:
    """Run ``find_timexes`` (DCT day as anchor) on every article, counted per part."""
    parts = {DEV: PartResult(), TEST: PartResult()}
    for document in documents:
        started = time.perf_counter()
        predicted = find_timexes(document.text, document.anchor)
        seconds = time.perf_counter() - started
        parts[split_of(document.name)].add(document, predicted, seconds)
    return parts


def part_rows(corpus: str, part: PartResult) -> list[Row]:
    """The gate rows of one part (n = gold TIMEX3s, or matched pairs for type accuracy)."""
    rows = []
    for metric, (p, r, f) in (
        ("timex3_value", part.value),
        ("timex3_span", part.relaxed),
        ("timex3_span_strict", part.strict),
    ):
        rows.append(make_row("dates", corpus, metric, precision=p, recall=r, f1=f, n=part.gold))
    rows.append(
        make_row(
            "dates", corpus, "timex3_type_accuracy", value=part.type_accuracy, n=len(part.pairs)
        )
    )
    for timex_type in TIMEX_TYPES:
        p, r, f = part.value_of_type(timex_type)
        metric = f"timex3_value_{timex_type.lower()}"
        n = part.gold_by_type[timex_type]
        rows.append(make_row("dates", corpus, metric, precision=p, recall=r, f1=f, n=n))
    rows.append(
        make_row("dates", corpus, "ms_per_article", value=part.ms_per_article, n=part.documents)
    )
    return rows


def score() -> list[Row]:
    """Gate rows for the dev and the test part."""
    parts = evaluate(load_documents())
    return part_rows("tbaq-dev", parts[DEV]) + part_rows("tbaq-test", parts[TEST])


# The developer's view (dev part only)

ERROR_KINDS = ("missed", "spurious", "wrong extent", "wrong value", "wrong type")
# Classes of the first word by which two extents differ at their start ("over the past 20 years"
# vs "past 20 years": a preposition). TimeML leaves prepositions out of the extent, keeps
# determiners in, and writes many modifiers as ``mod``.
_LEADING_WORDS = {
    "preposition": frozenset(
        {
            *("in", "on", "at", "for", "since", "by", "during", "from", "until", "till", "to"),
            *("over", "within", "after", "before", "of", "through", "into", "throughout"),
        }
    ),
    "determiner": frozenset({"the", "a", "an", "this", "that", "its", "their", "each", "every"}),
    "modifier": frozenset(
        {
            *("about", "around", "almost", "nearly", "some", "approximately", "roughly", "early"),
            *("late", "earlier", "later", "mid", "right", "just", "more", "less"),
        }
    ),
}
# Coarse classes of a value, first match wins (the value of the gold TIMEX3, or of the
# prediction for a spurious one).
_VALUE_CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("*_REF", re.compile(r"^(PAST|PRESENT|FUTURE)_REF$")),
    ("vague duration (PX*)", re.compile(r"^PT?X")),
    ("duration", re.compile(r"^P")),
    ("season/quarter/half", re.compile(r"-(SP|SU|FA|WI|Q[1-4X]|H[12X])$")),
    ("decade/century", re.compile(r"^\d{2,3}$")),
    ("week/weekend", re.compile(r"W(\d\d|XX)(-WE)?$")),
    ("time of day", re.compile(r"T(MO|AF|EV|NI|DT|\d)")),
    ("year", re.compile(r"^\d{4}$")),
    ("month", re.compile(r"^\d{4}-\d{2}$")),
    ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
)
_TWO_DIGIT_YEAR = re.compile(r"'\d\d\b|\b\d{1,2}/\d{1,2}/\d\d\b")
_AGE_OR_ADJECTIVE = re.compile(r"-(year|month|week|day|hour|minute|second)s?(-old)?\b", re.I)
_BARE_NUMBER = re.compile(r"^[\d.,\s]+$")


def value_shape(value: str | None) -> str:
    """A value with its digits written 9 ("1998-01-08" -> "9999-99-99"), "None" for None."""
    return "None" if value is None else re.sub(r"\d", "9", value)


def _value_class(value: str | None, timex_type: str, text: str) -> str:
    if timex_type == "SET":
        return "SET"
    if _TWO_DIGIT_YEAR.search(text):
        return "two-digit year"
    for name, pattern in _VALUE_CLASSES:
        if value and pattern.search(value):
            return name
    return "other value"


def _leading_word_class(words: str) -> str:
    first = words.split()[0].lower() if words.split() else ""
    for name, vocabulary in _LEADING_WORDS.items():
        if first in vocabulary:
            return f"leading {name}"
    return "leading words"


def _extent_class(document: TbaqDocument, gold: TbaqTimex, predicted: Timex) -> str:
    """How a relaxed pair's extents differ: which leading word is included or missed, else which
    end differs."""
    if predicted.start_char < gold.start:
        lead = document.text[predicted.start_char : gold.start]
        return f"extent: {_leading_word_class(lead)} included"
    if predicted.start_char > gold.start:
        lead = document.text[gold.start : predicted.start_char]
        return f"extent: {_leading_word_class(lead)} missed"
    if predicted.end_char > gold.end:
        return "extent: predicted ends later"
    return "extent: predicted ends earlier"


def coarse_class(
    kind: str, document: TbaqDocument, gold: TbaqTimex | None, predicted: Timex | None
) -> str:
    """The coarse class of one error, for the summary."""
    if kind == "wrong extent" and gold is not None and predicted is not None:
        return _extent_class(document, gold, predicted)
    if gold is None and predicted is not None:
        if _AGE_OR_ADJECTIVE.search(predicted.text):
            return "spurious: age / unit adjective"
        if _BARE_NUMBER.match(predicted.text):
            return "spurious: bare number"
        return _value_class(predicted.value, predicted.timex_type, predicted.text)
    assert gold is not None
    return _value_class(gold.value, gold.timex_type, gold.text)


def snippet(text: str, start: int, end: int, width: int = SNIPPET_CHARS) -> str:
    """The text around [start, end) on one line, the expression in [[ ]]."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


@dataclass(frozen=True, slots=True)
class Error:
    """One dev error: its kind, article, gold and predicted expression (either may be None)."""

    kind: str
    document: TbaqDocument
    gold: TbaqTimex | None
    predicted: Timex | None

    @property
    def coarse(self) -> str:
        """Its coarse class."""
        return coarse_class(self.kind, self.document, self.gold, self.predicted)

    def line(self) -> str:
        """One listing line: gold, predicted and the sentence around."""
        g, p = self.gold, self.predicted
        gold = f"gold {g.text!r} {g.timex_type} {g.value}" if g else "gold -"
        if g and (g.mod or g.quant or g.freq):
            gold += f" mod={g.mod} quant={g.quant} freq={g.freq}"
        got = f"got {p.text!r} {p.timex_type} {p.value}" if p else "got -"
        start = min(x for x in (g and g.start, p and p.start_char) if x is not None)
        end = max(x for x in (g and g.end, p and p.end_char) if x is not None)
        return (
            f"{self.document.name}  {gold} | {got}\n    {snippet(self.document.text, start, end)}"
        )


def errors_of(part: PartResult) -> list[Error]:
    """Every error of a part: a pair may count under several kinds (extent, value, type)."""
    errors = [Error("missed", d, g, None) for d, g in part.missed]
    errors += [Error("spurious", d, None, p) for d, p in part.spurious]
    for pair in part.pairs:
        for kind, ok in (
            ("wrong extent", pair.exact),
            ("wrong value", pair.value_ok),
            ("wrong type", pair.type_ok),
        ):
            if not ok:
                errors.append(Error(kind, pair.document, pair.gold, pair.predicted))
    return errors


def _table(title: str, counts: dict[str, Counter[str]]) -> list[str]:
    """A text table: one row per key (most errors first), one column per error kind."""
    header = f"{title:42}" + "".join(f"{k:>14}" for k in ERROR_KINDS) + f"{'total':>8}"
    lines = [header]
    for key, row in sorted(counts.items(), key=lambda item: -sum(item[1].values())):
        cells = "".join(f"{row[k]:>14}" for k in ERROR_KINDS)
        lines.append(f"{key:42}{cells}{sum(row.values()):>8}")
    return lines


def summary(errors: Sequence[Error], top: int = 25) -> list[str]:
    """Dev errors by gold type, by coarse class, and the commonest value-shape confusions."""
    by_kind = Counter(e.kind for e in errors)
    lines = ["dev errors: " + ", ".join(f"{k} {by_kind[k]}" for k in ERROR_KINDS), ""]
    by_type: dict[str, Counter[str]] = {}
    by_class: dict[str, Counter[str]] = {}
    for e in errors:
        gold_type = e.gold.timex_type if e.gold else f"(none; predicted {e.predicted.timex_type})"
        by_type.setdefault(gold_type, Counter())[e.kind] += 1
        by_class.setdefault(e.coarse, Counter())[e.kind] += 1
    lines += [*_table("by gold type", by_type), "", *_table("by coarse class", by_class), ""]
    shapes = Counter(
        f"{value_shape(e.gold.value)} -> {value_shape(e.predicted.value)}"
        for e in errors
        if e.kind == "wrong value" and e.gold and e.predicted
    )
    lines.append(f"wrong value: commonest shapes (gold -> predicted), top {top}")
    lines += [f"{count:6}  {shape}" for shape, count in shapes.most_common(top)]
    missed = Counter(value_shape(e.gold.value) for e in errors if e.kind == "missed" and e.gold)
    lines.append(f"missed: commonest gold value shapes, top {top}")
    lines += [f"{count:6}  {shape}" for shape, count in missed.most_common(top)]
    return lines


def _print_part(name: str, part: PartResult) -> None:
    print(f"{name}: articles {part.documents}; gold {part.gold}; predicted {part.predicted}")
    for label, (p, r, f) in (
        ("span strict", part.strict),
        ("span relaxed", part.relaxed),
        ("value (TE3)", part.value),
    ):
        print(f"  {label:13} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  type accuracy {part.type_accuracy:.3f} over {len(part.pairs)} matched")
    for timex_type in TIMEX_TYPES:
        p, r, f = part.value_of_type(timex_type)
        n = part.gold_by_type[timex_type]
        print(f"  value {timex_type:9} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  gold {n}")
    median = 1000 * statistics.median(part.seconds) if part.seconds else 0.0
    print(f"  find_timexes ms/article: mean {part.ms_per_article:.2f}, median {median:.2f}")


def _value_f1(counts: Sequence[tuple[int, int, int]]) -> float:
    """Value F1 of per-article (correct, predicted, gold) counts."""
    return prf(*(sum(column) for column in zip(*counts, strict=True)))[2]


def print_halves(documents: Sequence[TbaqDocument]) -> None:
    """The over-fitting guard: dev's two fixed halves and MEANTIME, and how much two random
    document halves of dev differ (the standard deviation of their value F1 difference)."""
    from tests.accuracy.score_dates import evaluate_meantime

    halves = {"A": PartResult(), "B": PartResult()}
    counts = []
    for document in documents:
        if split_of(document.name) != DEV:
            continue
        single = PartResult()
        single.add(document, find_timexes(document.text, document.anchor), 0.0)
        counts.append((sum(p.value_ok for p in single.pairs), single.predicted, single.gold))
        half = "A" if split_of(document.name, HALVES_SEED) == DEV else "B"
        halves[half].add(document, find_timexes(document.text, document.anchor), 0.0)
    for name, part in halves.items():
        print(
            f"dev half {name}: articles {part.documents} gold {part.gold} "
            f"value F1 {part.value[2]:.4f} strict span F1 {part.strict[2]:.4f}"
        )
    meantime = evaluate_meantime()
    print(f"MEANTIME value F1 {meantime.value[2]:.4f} span F1 {meantime.span[2]:.4f}")
    rng = random.Random(0)
    differences = []
    for _ in range(NOISE_SPLITS):
        order = rng.sample(range(len(counts)), len(counts))
        middle = len(order) // 2
        first = [counts[i] for i in order[:middle]]
        second = [counts[i] for i in order[middle:]]
        differences.append(_value_f1(first) - _value_f1(second))
    print(
        f"random document halves of dev ({NOISE_SPLITS}, seed 0): value F1 difference "
        f"standard deviation {statistics.pstdev(differences):.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print both parts' numbers; with -v, the dev errors and their summary (never test's)."""
    parser = argparse.ArgumentParser(description="Score find_timexes on TBAQ (TempEval-3).")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the dev errors")
    parser.add_argument(
        "--part", choices=(DEV, TEST), default=DEV, help="part whose errors -v lists (dev only)"
    )
    parser.add_argument(
        "--halves", action="store_true", help="the over-fitting guard: dev halves and MEANTIME"
    )
    args = parser.parse_args(argv)
    if args.verbose and args.part == TEST:
        print(
            "refused: the test part is held out; its errors are never listed (tune on dev, "
            "run without -v for test's aggregate numbers)",
            file=sys.stderr,
        )
        return 2
    if not CORPUS.is_dir():
        print(f"TBAQ not found at {CORPUS}", file=sys.stderr)
        return 2
    if args.halves:
        print_halves(load_documents())
        return 0
    parts = evaluate(load_documents())
    print("TBAQ (TempEval-3 TimeBank + AQUAINT), find_timexes with the DCT day as anchor")
    for name in (DEV, TEST):
        _print_part(name, parts[name])
    if args.verbose:
        errors = errors_of(parts[DEV])
        for kind in ERROR_KINDS:
            chosen = sorted(
                (e for e in errors if e.kind == kind),
                key=lambda e: (e.coarse, e.document.name, e.gold.start if e.gold else 0),
            )
            print(f"\n== dev: {kind} ({len(chosen)}) ==")
            for e in chosen:
                print(f"[{e.coarse}] {e.line()}")
        lines = summary(errors)
        print("\n" + "\n".join(lines))
        SUMMARY_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"(summary written to {SUMMARY_PATH})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
