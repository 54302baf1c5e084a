"""Date scorers: TIMEX3 on the NewsReader MEANTIME corpus, and the dateparser and Duckling peer
suites.

MEANTIME (CC BY 4.0, (c) 2015 FBK, VU Amsterdam, UPV/EHU) holds 120 English Wikinews articles as
stand-off XML: tokens, and TIMEX3 elements that point at tokens and carry a type and a value;
relative values were resolved against the document creation time (DCT, the TIMEX3 with
functionInDocument="CREATION_TIME"). Each article's text is rebuilt from its tokens (detokenized,
one sentence per line) and ``find_timexes`` runs with the DCT as anchor; scored:

* span detection: a predicted expression matches a gold one when their characters overlap
  (one-to-one, exact matches first, then the largest overlap); strict span detection counts
  only the matched pairs with the same extent;
* type accuracy: the share of matched pairs whose predicted TIMEX3 type is the gold type;
* value: TempEval-3 style, a matched pair is correct when the values are equal; precision over
  predictions, recall over gold, F1; and the value accuracy over matched pairs alone.

Gold TIMEX3s anchored to no token (empty-text, annotator-inferred times) are not expressions in the
text and are left out. Temporal annotation (TIMEX3, like VALUE and SIGNAL) covers only the title,
the date line and the first body sentences: no file has a TIMEX3 past sentence index 5, while
entity and event mentions run to the end. Predictions after that window are not scored.

The peer suites (in-scope cases and scope rules in ``tests/accuracy/test_dates_peer.py``) are
scored as pass rates.

Report: ``.venv/bin/python -m tests.accuracy.score_dates [-v]`` (-v lists every MEANTIME error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.accuracy import Row, make_row
from transforms.dates import Timex, find_timexes, parse_published

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "meantime"

# Peer suite of tests/accuracy/test_dates_peer.py -> (corpus, metric) of its gate row.
PEER_ROWS = {
    "dateparser_relative": ("dateparser", "relative_pass_rate"),
    "dateparser_search": ("dateparser", "search_pass_rate"),
    "duckling_time": ("duckling", "time_pass_rate"),
    "duckling_negative": ("duckling", "negative_pass_rate"),
}

# Tokens written without a space before them, and tokens written without a space after them.
_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|'s|'S|n't|'re|'ve|'ll|'d|'m)$")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "#"}


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A gold TIMEX3 with its character span in the rebuilt text."""

    start: int
    end: int
    text: str
    timex_type: str
    value: str


# Last sentence index (0 = title, 1 = date line) that MEANTIME annotates for time expressions.
ANNOTATED_SENTENCES = 5


@dataclass(frozen=True, slots=True)
class Document:
    """One MEANTIME article: rebuilt text, DCT and gold TIMEX3s."""

    name: str
    text: str
    anchor: dt.date | None
    gold: list[GoldTimex]
    scored_end: int  # end of the annotated window (characters)


def load_document(path: Path) -> Document:
    """Text (with token character offsets), DCT and gold TIMEX3s of one MEANTIME file."""
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    position = 0
    previous_sentence = None
    previous_token = ""
    scored_end = 0
    for token in root.iter("token"):
        word = token.text or ""
        sentence = token.get("sentence")
        if previous_sentence is None:
            separator = ""
        elif sentence != previous_sentence:
            separator = "\n"
        elif _NO_SPACE_BEFORE.match(word) or previous_token in _NO_SPACE_AFTER:
            separator = ""
        else:
            separator = " "
        pieces.append(separator + word)
        position += len(separator)
        offsets[token.get("t_id", "")] = (position, position + len(word))
        position += len(word)
        if int(sentence or 0) <= ANNOTATED_SENTENCES:
            scored_end = position
        previous_sentence, previous_token = sentence, word
    text = "".join(pieces)

    gold: list[GoldTimex] = []
    anchor = None
    for element in root.iter("TIMEX3"):
        ids = [a.get("t_id", "") for a in element.iter("token_anchor")]
        spans = [offsets[i] for i in ids if i in offsets]
        if element.get("functionInDocument") == "CREATION_TIME":
            anchor = _creation_date(element.get("value", ""), spans, text)
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        gold.append(
            GoldTimex(
                start, end, text[start:end], element.get("type", ""), element.get("value", "")
            )
        )
    return Document(path.stem, text, anchor, sorted(gold, key=lambda g: g.start), scored_end)


def _creation_date(value: str, spans: list[tuple[int, int]], text: str) -> dt.date | None:
    """The DCT: its ISO value, or (one file has "03-02-2009") the date its text spells out."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    if spans:
        written = text[min(s for s, _ in spans) : max(e for _, e in spans)]
        parsed = parse_published(written)
        if parsed is not None and parsed.date is not None:
            return parsed.date
    parsed = parse_published(value)
    return parsed.date if parsed is not None else None


def match_spans(gold: list[GoldTimex], predicted: list[Timex]) -> list[tuple[int, int]]:
    """One-to-one overlap matching (gold index, predicted index): exact first, then by overlap."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end_char) - max(g.start, p.start_char)
            if overlap > 0:
                exact = g.start == p.start_char and g.end == p.end_char
                pairs.append((not exact, -overlap, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for _, _, gi, pi in sorted(pairs):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            matched.append((gi, pi))
    return matched


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision over predictions, recall over gold, and their F1 (0.0 when undefined)."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(slots=True)
class MeantimeResult:
    """Counts of one MEANTIME run, with every error for the verbose report."""

    documents: int = 0
    no_anchor: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    strict: int = 0
    correct: int = 0
    type_correct: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    correct_by_type: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def span(self) -> tuple[float, float, float]:
        """Span detection P/R/F1 (overlap matching)."""
        return prf(self.matched, self.predicted, self.gold)

    @property
    def span_strict(self) -> tuple[float, float, float]:
        """Span detection P/R/F1 counting exact extents only."""
        return prf(self.strict, self.predicted, self.gold)

    @property
    def type_accuracy(self) -> float:
        """Share of matched pairs with the gold TIMEX3 type."""
        return self.type_correct / self.matched if self.matched else 0.0

    @property
    def value(self) -> tuple[float, float, float]:
        """TempEval-3 value P/R/F1."""
        return prf(self.correct, self.predicted, self.gold)


def evaluate_meantime(corpus: Path = CORPUS) -> MeantimeResult:
    """Run ``find_timexes`` over every MEANTIME article and count against the gold TIMEX3s."""
    paths = sorted(corpus.glob("intra_cross-doc_annotation/*/*.xml"))
    if not paths:
        raise FileNotFoundError(f"no MEANTIME annotation files under {corpus}")
    result = MeantimeResult(documents=len(paths))
    for path in paths:
        doc = load_document(path)
        result.no_anchor += doc.anchor is None
        found = find_timexes(doc.text, doc.anchor)
        predicted = [t for t in found if t.start_char < doc.scored_end]
        matched = match_spans(doc.gold, predicted)
        result.gold += len(doc.gold)
        result.predicted += len(predicted)
        result.matched += len(matched)
        matched_gold = {gi for gi, _ in matched}
        matched_pred = {pi for _, pi in matched}
        for gi, pi in matched:
            g, p = doc.gold[gi], predicted[pi]
            result.by_type[g.timex_type] += 1
            result.strict += (g.start, g.end) == (p.start_char, p.end_char)
            result.type_correct += p.timex_type == g.timex_type
            if p.value == g.value:
                result.correct += 1
                result.correct_by_type[g.timex_type] += 1
            else:
                result.errors.append(
                    f"VALUE  {doc.name} {g.text!r} gold={g.value} got={p.text!r} {p.value}"
                )
        for gi, g in enumerate(doc.gold):
            if gi not in matched_gold:
                result.errors.append(f"MISSED {doc.name} {g.text!r} {g.timex_type} {g.value}")
        for pi, p in enumerate(predicted):
            if pi not in matched_pred:
                result.errors.append(f"EXTRA  {doc.name} {p.text!r} {p.timex_type} {p.value}")
    return result


def score() -> list[Row]:
    """Gate rows: MEANTIME TIMEX3 value, span and strict span P/R/F1 (n = gold expressions),
    type accuracy (n = matched pairs), and the pass
    rate of each in-scope dateparser and Duckling suite (n = in-scope cases)."""
    # Imported here: the peer module is a pytest test file, only needed when scoring.
    from tests.accuracy.test_dates_peer import peer_pass_rates

    result = evaluate_meantime()
    rows = []
    for metric, (p, r, f) in (
        ("timex3_value", result.value),
        ("timex3_span", result.span),
        ("timex3_span_strict", result.span_strict),
    ):
        rows.append(
            make_row("dates", "meantime", metric, precision=p, recall=r, f1=f, n=result.gold)
        )
    rows.append(
        make_row(
            "dates",
            "meantime",
            "timex3_type_accuracy",
            value=result.type_accuracy,
            n=result.matched,
        )
    )
    for suite, (_, total, rate) in peer_pass_rates().items():
        corpus, metric = PEER_ROWS[suite]
        rows.append(make_row("dates", corpus, metric, value=rate, n=total))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the MEANTIME report (the gate prints only the headline numbers)."""
    parser = argparse.ArgumentParser(description="Score find_timexes on MEANTIME TIMEX3.")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"MEANTIME not found at {CORPUS}", file=sys.stderr)
        return 2
    result = evaluate_meantime()
    span, value = result.span, result.value
    print("MEANTIME English (CC BY 4.0), find_timexes with the DCT as anchor")
    print(
        f"documents {result.documents} (without DCT: {result.no_anchor}); "
        f"gold {result.gold}; predicted {result.predicted}"
    )
    print(
        f"span  (overlap)  P {span[0]:.3f}  R {span[1]:.3f}  F1 {span[2]:.3f}  "
        f"matched {result.matched}"
    )
    print(
        f"value (TE3)      P {value[0]:.3f}  R {value[1]:.3f}  F1 {value[2]:.3f}  "
        f"correct {result.correct}"
    )
    strict = result.span_strict
    print(
        f"span  (exact)    P {strict[0]:.3f}  R {strict[1]:.3f}  F1 {strict[2]:.3f}  "
        f"exact {result.strict}"
    )
    print(f"type accuracy on matched spans {result.type_accuracy:.3f}")
    accuracy = result.correct / result.matched if result.matched else 0.0
    print(f"value accuracy on matched spans {accuracy:.3f}")
    for timex_type in sorted(result.by_type):
        share = result.correct_by_type[timex_type] / result.by_type[timex_type]
        print(f"  {timex_type:9} matched {result.by_type[timex_type]:4}  value correct {share:.3f}")
    if args.verbose:
        print("\n".join(sorted(result.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
