"""How much of the text the parser would read under narrower sentence selections than
`transforms.parse_selection`'s, on a fixed sample of the bench corpora's English articles.

The parser-side components (tok2vec, tagger, parser, attribute ruler, lemmatizer) cost about
what the tokens they read cost, so a variant's share of tokens bounds what it can save. Each
variant keeps the sentences the claim rules cannot do without (a count's sentence, the one
before it and fragments between, and quotations with the sentence after them) and narrows
the other two kinds:

- `issue`: as shipped: any sentence with a reporting verb or a casualty word;
- `negated_casualty`: casualty-word sentences only with a negation ("no arrests were made"),
  the zero tolls the number reader leaves to the rules;
- `reporting_named_or_near`: also reporting-verb sentences only when they name a person,
  organisation or place, or lie within NEAR sentences before (or one after) a count's;
- `reporting_near`: reporting-verb sentences only near a count's.

Shares only: whether a variant keeps the claims is for `python -m tests.accuracy.score_claims`
on the dev parts.

Run: python -m tests.benchmarks.selection_shares [--sample 600] [--seed 3]
"""

from __future__ import annotations

import argparse
import random

from tests.benchmarks.components import english_texts

NEAR = 3
NEGATIONS = frozenset(
    {"no", "any", "none", "not", "n't", "nobody", "without", "never", "neither", "nor"}
)
NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})
VARIANTS = ("issue", "negated_casualty", "reporting_named_or_near", "reporting_near")


def sentence_kinds(nlp, text: str) -> list[dict[str, bool | int]]:
    """Per sentence of `text`: its tokens and which selection reasons hold."""
    from schemas.quantities import COUNT
    from transforms.claims.parse import sentence_index
    from transforms.claims.quotations import QUOTE_RE
    from transforms.extract import article_quantities, nlp_text
    from transforms.parse_selection import CASUALTY_WORDS, REPORTING_WORDS, is_fragment

    doc = nlp.make_doc(nlp_text(text))
    for name in ("senter", "ner"):
        doc = nlp.get_pipe(name)(doc)
    sentences = list(doc.sents)
    starts = [sentence.start_char for sentence in sentences]
    kinds = [
        {
            "tokens": len(sentence),
            "count": False,
            "needed": False,
            "reporting": any(t.lower_ in REPORTING_WORDS for t in sentence),
            "casualty": any(t.lower_ in CASUALTY_WORDS for t in sentence),
            "negated": any(t.lower_ in NEGATIONS for t in sentence),
            "named": any(e.label_ in NAMED for e in sentence.ents),
        }
        for sentence in sentences
    ]
    for quantity in article_quantities(text, doc.ents):
        if quantity.kind != COUNT:
            continue
        index = sentence_index(starts, quantity.start_char)
        kinds[index]["count"] = kinds[index]["needed"] = True
        index -= 1
        while index > 0 and is_fragment(sentences[index]):
            kinds[index]["needed"] = True
            index -= 1
        kinds[max(index, 0)]["needed"] = True
    for match in QUOTE_RE.finditer(text):
        first = sentence_index(starts, match.start())
        last = sentence_index(starts, match.end() - 1)
        for index in range(first, min(last + 2, len(sentences))):
            kinds[index]["needed"] = True
    counts = [i for i, kind in enumerate(kinds) if kind["count"]]
    for i, kind in enumerate(kinds):
        kind["near"] = any(i - 1 <= c <= i + NEAR for c in counts)
    return kinds


def selected(kind: dict, variant: str) -> bool:
    """Whether `variant` parses a sentence of these kinds."""
    if kind["needed"]:
        return True
    casualty = kind["casualty"] and (variant == "issue" or kind["negated"])
    if variant in ("issue", "negated_casualty"):
        return bool(kind["reporting"] or casualty)
    if variant == "reporting_named_or_near":
        return bool((kind["reporting"] and (kind["named"] or kind["near"])) or casualty)
    return bool((kind["reporting"] and kind["near"]) or casualty)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    from flows.nlp import load_pipeline, resolve_model

    texts, _ = english_texts(None)
    sample = random.Random(args.seed).sample(texts, min(args.sample, len(texts)))
    nlp = load_pipeline(resolve_model("auto"))
    total = 0
    kept = dict.fromkeys(VARIANTS, 0)
    for text in sample:
        for kind in sentence_kinds(nlp, text):
            total += int(kind["tokens"])
            for variant in VARIANTS:
                kept[variant] += int(kind["tokens"]) if selected(kind, variant) else 0
    print(f"{len(sample)} English articles, {total} tokens; share of tokens parsed:")
    for variant in VARIANTS:
        print(f"  {variant:24} {kept[variant] / total:.3f}")


if __name__ == "__main__":
    main()
