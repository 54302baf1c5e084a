"""Per-component time of the spaCy pipeline, ms per article: the whole pipeline on every
sentence (before) against `transforms.parse_selection.parse_articles` (after), one run.

The after side loads the pipeline as extraction does (`flows.nlp.load_pipeline`: the
attribute ruler matches through `transforms.token_patterns`, the models multiply on numpy's
BLAS). A third side, "BLAS", is the before side on that BLAS alone (`flows.nlp.use_numpy_blas`),
to tell what the BLAS makes from what the rest makes. All read the same texts: every
article of the bench corpus (tests/benchmarks/bench_corpus.py) that newsledger routes to the
English pipeline. The articles are taken in chunks, and each chunk is parsed every way one
after the other, so that a noisy machine slows all alike.
Printed per component: ms per article of each side; and for the after side, the share of
tokens parsed, the selection's own cost (finding quantities, choosing sentences, copying and
merging the regions) and the extraction (`extract_article`) of each side. Articles no pipeline
reads (German, most of the web set) are counted: raw spaCy would parse them, newsledger does not.

Run: python -m tests.benchmarks.components [--limit N] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

from tests.benchmarks import append_section
from tests.benchmarks.bench_corpus import bench_documents

CHUNK = 64


class TimedComponent:
    """A pipeline component whose `pipe` adds its seconds to `seconds[name]`."""

    def __init__(self, name: str, component, seconds: dict[str, float]) -> None:
        self.name, self.component, self.seconds = name, component, seconds

    def pipe(self, docs, **kwargs):
        started = time.perf_counter()
        done = list(self.component.pipe(docs, **kwargs))
        self.seconds[self.name] += time.perf_counter() - started
        return done


class TimedPipeline:
    """The loaded pipeline as `parse_articles` uses it, with each component and the tokenizer
    timed."""

    def __init__(self, nlp, seconds: dict[str, float]) -> None:
        self.nlp, self.seconds = nlp, seconds

    def __getattr__(self, name: str):
        return getattr(self.nlp, name)

    def make_doc(self, text: str):
        started = time.perf_counter()
        doc = self.nlp.make_doc(text)
        self.seconds["tokenizer"] += time.perf_counter() - started
        return doc

    def get_pipe(self, name: str) -> TimedComponent:
        return TimedComponent(name, self.nlp.get_pipe(name), self.seconds)


def whole_pipeline(nlp, texts: list[str], seconds: dict[str, float]) -> list:
    """Every component of `nlp` on every token of `texts`, each timed into `seconds`."""
    from transforms.extract import nlp_text

    started = time.perf_counter()
    docs = [nlp.make_doc(nlp_text(text)) for text in texts]
    seconds["tokenizer"] += time.perf_counter() - started
    for name in nlp.pipe_names:
        started = time.perf_counter()
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=32))
        seconds[name] += time.perf_counter() - started
    return docs


def english_texts(limit: int | None) -> tuple[list[str], int]:
    """Texts newsledger's English pipeline reads, and how many other texts it does not parse."""
    from transforms.articles import ENGLISH, extraction_language
    from transforms.language import detect_language

    texts, skipped = [], 0
    for document in bench_documents():
        if document.text is None:
            continue
        language = extraction_language(detect_language(document.text).language, None, document.text)
        if language == ENGLISH:
            texts.append(document.text)
        else:
            skipped += 1
    return (texts[:limit] if limit else texts), skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--markdown", type=Path, default=None)
    args = parser.parse_args()
    import spacy

    from flows.gazetteer import load_gazetteer
    from flows.nlp import load_pipeline, resolve_model, use_numpy_blas
    from transforms.extract import ArticleInput, Lineage, extract_article
    from transforms.parse_selection import parse_articles

    texts, skipped = english_texts(args.limit)
    model = resolve_model("auto")
    nlp = spacy.load(model)  # before: the model as spaCy loads it
    blas = use_numpy_blas(spacy.load(model))  # the same on numpy's BLAS
    fast = load_pipeline(model)  # after: as extraction loads it
    gazetteer = load_gazetteer()
    lineage = Lineage("bench", "bench")
    for side in (nlp, blas, fast):
        list(side.pipe(texts[:20]))  # warm up every side alike
    before: dict[str, float] = defaultdict(float)
    on_blas: dict[str, float] = defaultdict(float)
    after: dict[str, float] = defaultdict(float)
    tokens = parsed_tokens = 0
    timed = TimedPipeline(fast, after)
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        articles = [ArticleInput(f"a{start + i}", t, None, "unknown") for i, t in enumerate(chunk)]
        # Before: every component on every token, then extraction.
        docs = whole_pipeline(nlp, chunk, before)
        whole_pipeline(blas, chunk, on_blas)
        started = time.perf_counter()
        for doc, article in zip(docs, articles, strict=True):
            extract_article(doc, article, lineage, gazetteer)
        before["extraction"] += time.perf_counter() - started
        # After: parse_articles, its components timed; the rest is the selection's own cost.
        started = time.perf_counter()
        component_seconds = sum(after.values())
        found = list(parse_articles(timed, chunk))
        after["selection"] += (time.perf_counter() - started) - (
            sum(after.values()) - component_seconds
        )
        started = time.perf_counter()
        for parsed, article in zip(found, articles, strict=True):
            extract_article(parsed.doc, article, lineage, gazetteer, quantities=parsed.quantities)
        after["extraction"] += time.perf_counter() - started
        tokens += sum(len(parsed.doc) for parsed in found)
        parsed_tokens += sum(parsed.parsed_tokens for parsed in found)
    n = len(texts)
    names = ["tokenizer", *nlp.pipe_names, "senter", "selection", "extraction"]
    table = {
        # None: not run on that side (the BLAS side has no extraction; before, no selection).
        name: tuple(
            round(1000 * side[name] / n, 2) if name in side else None
            for side in (before, on_blas, after)
        )
        for name in names
    }
    spacy_before = sum(v for k, v in before.items() if k != "extraction")
    spacy_blas = sum(on_blas.values())
    spacy_after = sum(v for k, v in after.items() if k not in ("extraction",))
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "model": model,
        "english_articles": n,
        "articles_not_parsed": skipped,
        "token_share_parsed": round(parsed_tokens / max(tokens, 1), 3),
        "ms_per_article": table,
        "spacy_ms_before": round(1000 * spacy_before / n, 2),
        "spacy_ms_numpy_blas": round(1000 * spacy_blas / n, 2),
        "spacy_ms_after_incl_selection": round(1000 * spacy_after / n, 2),
        "spacy_speedup": round(spacy_before / spacy_after, 3),
        "spacy_speedup_of_blas": round(spacy_before / spacy_blas, 3),
        "spacy_speedup_on_one_blas": round(spacy_blas / spacy_after, 3),
        "with_extraction_speedup": round(
            (spacy_before + before["extraction"]) / (spacy_after + after["extraction"]), 3
        ),
    }
    print(json.dumps(result, indent=1))
    if args.markdown:
        rows = "".join(
            f"| {name} | " + " | ".join("-" if ms is None else str(ms) for ms in times) + " |\n"
            for name, times in table.items()
        )
        append_section(
            args.markdown,
            f"\n### {result['date']}: spaCy per component, {n} English articles\n\n"
            f"Command: `python -m tests.benchmarks.components {' '.join(sys.argv[1:])}`; "
            f"model {model}; Python {platform.python_version()}; "
            f"{skipped} articles of other languages not parsed; "
            f"{result['token_share_parsed']:.1%} of tokens parsed.\n\n"
            "| component | before, ms/article | before on numpy BLAS | after, ms/article |\n"
            "|---|---:|---:|---:|\n"
            + rows
            + f"| spaCy in all | {result['spacy_ms_before']} | {result['spacy_ms_numpy_blas']} | "
            f"{result['spacy_ms_after_incl_selection']} |\n",
        )


if __name__ == "__main__":
    main()
