"""A faster stand-in for the Matcher of spaCy's attribute ruler: the same matches, found with
one array operation per pattern over the whole Doc instead of trying every pattern at every
token.

The English pipeline's attribute ruler holds about 180 patterns (a tag map and exceptions),
nearly all of one token and keyed on the fine-grained tag. spaCy's Matcher tries each of them
at each token: about 7 ms per 350-token article here, as much as the parser. `TokenPatternIndex`
compiles each pattern token into a test on the Doc's attribute arrays (`Doc.to_array`), so a
pattern costs a few vector comparisons per Doc. It takes the patterns the ruler itself holds
(its `patterns` property) and returns the matches the ruler expects of a Matcher; a pattern
using anything it does not know (operators, other attributes) makes
`TokenPatternIndex.supports` false, and the ruler keeps spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Attributes a pattern may test; their values are string hashes, but IS_SPACE's is 0 or 1.
ATTRIBUTES = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "POS")
_PREDICATES = ("IN", "NOT_IN", "REGEX")
# Attributes whose "==" tests decide which patterns a Doc can match at all.
ANCHORS = ("LOWER", "TAG")


class TokenPatternIndex:
    """Matches of fixed-length token patterns, keyed as a Matcher keys them (the key's hash)."""

    def __init__(self, vocab: Vocab, keyed_patterns: Iterable[tuple[str, Sequence[Mapping]]]):
        self._vocab = vocab
        # A pattern with a test "attribute == value" on its first token is tried only on Docs
        # where that value occurs: filed under (attribute, value), LOWER first (rarer values).
        self._anchored: dict[str, dict[int, list]] = {}
        self._patterns = []
        for key, pattern in keyed_patterns:
            compiled = (vocab.strings.add(key), [self._compile(spec) for spec in pattern])
            anchor = next(
                (
                    (attribute, operand)
                    for attribute in ANCHORS
                    for name, predicate, operand in compiled[1][0]
                    if name == attribute and predicate == "=="
                ),
                None,
            )
            if anchor is None:
                self._patterns.append(compiled)
            else:
                self._anchored.setdefault(anchor[0], {}).setdefault(anchor[1], []).append(compiled)

    @staticmethod
    def supports(patterns: Iterable[Sequence[Mapping]]) -> bool:
        """Whether every pattern uses only what the index knows: fixed-length token patterns
        testing ATTRIBUTES by value, IN, NOT_IN or REGEX."""
        return all(
            key in ATTRIBUTES
            and (
                not isinstance(value, dict)
                or (len(value) == 1 and next(iter(value)) in _PREDICATES)
            )
            for pattern in patterns
            for spec in pattern
            for key, value in spec.items()
        )

    def _compile(self, spec: Mapping[str, Any]) -> tuple[tuple[str, str, Any], ...]:
        """A pattern token as (attribute, predicate, operand) tests on hashed values."""
        tests = []
        for key, value in spec.items():
            if isinstance(value, dict):
                ((predicate, argument),) = value.items()
                if predicate == "REGEX":
                    tests.append((key, predicate, re.compile(argument)))
                else:
                    tests.append((key, predicate, tuple(self._hash(key, v) for v in argument)))
            else:
                tests.append((key, "==", self._hash(key, value)))
        return tuple(tests)

    def _hash(self, key: str, value: Any) -> int:
        return int(value) if key == "IS_SPACE" else self._vocab.strings.add(value)

    def __call__(self, doc: Doc, allow_missing: bool = True, as_spans: bool = False) -> list:
        if not len(doc):
            return []
        values = doc.to_array(list(ATTRIBUTES))
        columns = {key: values[:, index] for index, key in enumerate(ATTRIBUTES)}
        masks: dict[tuple, numpy.ndarray] = {}
        matches = []
        candidates = list(self._patterns)
        for attribute, by_value in self._anchored.items():
            for value in set(columns[attribute].tolist()) & by_value.keys():
                candidates += by_value[value]
        for key, tokens in candidates:
            n = len(tokens)
            if n > len(doc):
                continue
            found = numpy.ones(len(doc) - n + 1, dtype=bool)
            for offset, tests in enumerate(tokens):
                mask = masks.get(tests)
                if mask is None:
                    mask = masks[tests] = self._mask(columns, tests)
                found &= mask[offset : len(mask) - n + 1 + offset]
            matches += [(key, int(start), int(start) + n) for start in numpy.flatnonzero(found)]
        return matches

    def _mask(self, columns: Mapping[str, numpy.ndarray], tests: tuple) -> numpy.ndarray:
        mask = numpy.ones(len(next(iter(columns.values()))), dtype=bool)
        for key, predicate, operand in tests:
            column = columns[key]
            if predicate == "==":
                mask &= column == operand
            elif predicate == "IN":
                mask &= numpy.isin(column, operand)
            elif predicate == "NOT_IN":
                mask &= ~numpy.isin(column, operand)
            else:
                strings = self._vocab.strings
                unique, inverse = numpy.unique(column, return_inverse=True)
                hits = numpy.array([bool(operand.search(strings[int(h)])) for h in unique])
                mask &= hits[inverse]
        return mask
