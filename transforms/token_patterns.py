"""A faster stand-in for the Matcher of spaCy's attribute ruler: the same matches, found with
array operations over the whole Doc instead of trying every pattern at every token.

The English pipeline's attribute ruler holds about 180 patterns (a tag map and exceptions),
nearly all of one token and keyed on the fine-grained tag. spaCy's Matcher tries each of them
at each token: about 7 ms per 350-token article here, as much as the parser. `TokenPatternIndex`
works on the Doc's attribute arrays (`Doc.to_array`):

- the single-token patterns made only of "attribute == value" tests (about 150 of the 180: the
  tag map and most exceptions) are grouped by the attributes they test, and each group is one
  sorted-array lookup of every token's values at once (`_EqualityGroup`);
- every other pattern token is compiled into a few vector tests, tried only on Docs holding
  its anchor value (an "==" test on LOWER or TAG) when it has one.

It takes the patterns the ruler itself holds (its `patterns` property) and returns the matches
the ruler expects of a Matcher, as a set (the ruler sorts them); a pattern using anything it
does not know (operators, other attributes) makes `TokenPatternIndex.supports` false, and the
ruler keeps spaCy's Matcher.
"""

from __future__ import annotations

import itertools
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
# A single-token pattern of "==" and "IN" tests joins the lookups as this many "==" patterns
# at most (the product of its IN lists' lengths); the English ruler's largest is 11.
MAX_EXPANSIONS = 64

Match = tuple[int, int, int]


class TokenPatternIndex:
    """Matches of fixed-length token patterns, keyed as a Matcher keys them (the key's hash)."""

    def __init__(
        self, vocab: Vocab, keyed_patterns: Iterable[tuple[str, Sequence[Mapping]]]
    ) -> None:
        self._vocab = vocab
        # Single-token patterns of "==" tests only are looked up all at once, grouped by the
        # attributes they test.
        self._groups: dict[tuple[str, ...], _EqualityGroup] = {}
        # Any other pattern with a test "attribute == value" on its first token is tried only
        # on Docs where that value occurs: filed under (attribute, value), LOWER first (rarer
        # values).
        self._anchored: dict[str, dict[int, list]] = {}
        self._patterns: list[tuple[int, list[tuple]]] = []
        # The members of each IN / NOT_IN operand, sorted for `_members`.
        self._sets: dict[tuple[int, ...], numpy.ndarray] = {}
        # Per REGEX: the values it was tried on, and those it matched. The Matcher tests the
        # string of every token; a value's answer never changes, so each is tried once. They
        # grow with the vocabulary, as the string store does (flows.nlp recycles both).
        self._regex_seen: dict[re.Pattern, tuple[set[int], set[int]]] = {}
        # Where each key's patterns went: one group, or each pattern a place of its own.
        places: dict[int, set] = {}
        for number, (key, pattern) in enumerate(keyed_patterns):
            compiled = (vocab.strings.add(key), [self._compile(spec) for spec in pattern])
            tests = compiled[1][0]
            if len(pattern) == 1 and tests and _expansions(tests) <= MAX_EXPANSIONS:
                ordered = sorted(tests, key=lambda test: ATTRIBUTES.index(test[0]))
                attributes = tuple(name for name, _, _ in ordered)
                group = self._groups.get(attributes)
                if group is None:
                    group = self._groups[attributes] = _EqualityGroup(attributes)
                # "IN" is one "==" pattern per member: a token has one value per attribute,
                # so at most one of them matches it, as the one Matcher match.
                for values in itertools.product(
                    *(
                        (operand,) if predicate == "==" else operand
                        for _, predicate, operand in ordered
                    )
                ):
                    group.add(compiled[0], values)
                places.setdefault(compiled[0], set()).add(attributes)
                continue
            places.setdefault(compiled[0], set()).add(number)
            anchor = next(
                (
                    (attribute, operand)
                    for attribute in ANCHORS
                    for name, predicate, operand in tests
                    if name == attribute and predicate == "=="
                ),
                None,
            )
            if anchor is None:
                self._patterns.append(compiled)
            else:
                self._anchored.setdefault(anchor[0], {}).setdefault(anchor[1], []).append(compiled)
        for group in self._groups.values():
            group.freeze()
        # Two patterns of one key in different places could both match one span, which the
        # Matcher reports once: only then are the matches deduplicated (it costs a pass).
        # Patterns of one group cannot: a token has one value per attribute.
        self._may_repeat = any(len(where) > 1 for where in places.values())

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
                    members = tuple(sorted({self._hash(key, v) for v in argument}))
                    self._sets[members] = numpy.array(members, dtype=numpy.uint64)
                    tests.append((key, predicate, members))
            else:
                tests.append((key, "==", self._hash(key, value)))
        return tuple(tests)

    def _hash(self, key: str, value: Any) -> int:
        return int(value) if key == "IS_SPACE" else self._vocab.strings.add(value)

    def __call__(self, doc: Doc, allow_missing: bool = True, as_spans: bool = False) -> list:
        """The (key hash, start, end) of every match in `doc`, each once, in no particular
        order (the ruler sorts them)."""
        if not len(doc):
            return []
        values = doc.to_array(list(ATTRIBUTES))
        columns = {key: values[:, index] for index, key in enumerate(ATTRIBUTES)}
        present: dict[str, set[int]] = {}
        masks: dict[tuple, numpy.ndarray] = {}
        matches: list[Match] = []
        for group in self._groups.values():
            matches += group.matches(columns)
        candidates = list(self._patterns)
        for attribute, by_value in self._anchored.items():
            for value in self._present(columns, present, attribute) & by_value.keys():
                candidates += by_value[value]
        for key, tokens in candidates:
            n = len(tokens)
            if n > len(doc):
                continue
            found = numpy.ones(len(doc) - n + 1, dtype=bool)
            for offset, tests in enumerate(tokens):
                mask = masks.get(tests)
                if mask is None:
                    mask = masks[tests] = self._mask(columns, present, tests)
                found &= mask[offset : len(mask) - n + 1 + offset]
            matches += [(key, start, start + n) for start in numpy.flatnonzero(found).tolist()]
        return list(dict.fromkeys(matches)) if self._may_repeat else matches

    @staticmethod
    def _present(
        columns: Mapping[str, numpy.ndarray], present: dict[str, set[int]], attribute: str
    ) -> set[int]:
        """The values of `attribute` in the Doc, computed once per call."""
        values = present.get(attribute)
        if values is None:
            values = present[attribute] = set(columns[attribute].tolist())
        return values

    def _mask(
        self, columns: Mapping[str, numpy.ndarray], present: dict[str, set[int]], tests: tuple
    ) -> numpy.ndarray:
        """Which tokens pass all of one pattern token's tests."""
        mask = numpy.ones(len(next(iter(columns.values()))), dtype=bool)
        for key, predicate, operand in tests:
            column = columns[key]
            if predicate == "==":
                mask &= column == operand
            elif predicate == "IN":
                mask &= _members(column, self._sets[operand])
            elif predicate == "NOT_IN":
                mask &= ~_members(column, self._sets[operand])
            else:
                mask &= _members(
                    column, self._regex_hits(operand, self._present(columns, present, key))
                )
        return mask

    def _regex_hits(self, regex: re.Pattern, values: set[int]) -> numpy.ndarray:
        """The sorted `values` whose strings `regex` finds something in."""
        seen, hits = self._regex_seen.setdefault(regex, (set(), set()))
        strings = self._vocab.strings
        for value in values - seen:
            if regex.search(strings[value]):
                hits.add(value)
        seen |= values
        return numpy.array(sorted(values & hits), dtype=numpy.uint64)


def _expansions(tests: Sequence[tuple[str, str, Any]]) -> float:
    """How many "=="-only patterns one pattern token is: the product of its IN lists' lengths,
    infinite when it has a test of another kind (NOT_IN, REGEX)."""
    count = 1.0
    for _, predicate, operand in tests:
        if predicate == "IN":
            count *= len(operand)
        elif predicate != "==":
            return float("inf")
    return count


def _members(column: numpy.ndarray, members: numpy.ndarray) -> numpy.ndarray:
    """Which values of `column` are in the sorted array `members`."""
    if not len(members):
        return numpy.zeros(len(column), dtype=bool)
    # searchsorted gives, for every value at once, where it would sit among the members; the
    # value is a member when the one there is itself. (numpy.isin costs more on short arrays.)
    slots = numpy.searchsorted(members, column)
    slots[slots == len(members)] = 0
    return members[slots] == column


class _EqualityGroup:
    """Single-token patterns that test only "attribute == value", all on the same attributes:
    a table from their values to their keys, looked up for every token of a Doc at once."""

    def __init__(self, attributes: tuple[str, ...]) -> None:
        self.attributes = attributes
        # The most selective attribute (ANCHORS order: LOWER before TAG) finds the candidates.
        self.anchor = next((a for a in ANCHORS if a in attributes), attributes[0])
        self.keys_by_values: dict[tuple[int, ...], list[int]] = {}
        self._anchors = numpy.empty(0, dtype=numpy.uint64)
        self._keys_by_slot: list[list[int]] = []

    def add(self, key: int, values: tuple[int, ...]) -> None:
        """File the pattern of `key` testing `values` (in the order of `attributes`)."""
        keys = self.keys_by_values.setdefault(values, [])
        # The Matcher reports a (key, start, end) once however many of key's patterns match.
        if key not in keys:
            keys.append(key)

    def freeze(self) -> None:
        """Build the sorted anchor values searched per Doc; called once all patterns are in."""
        anchor = self.attributes.index(self.anchor)
        self._anchors = numpy.array(
            sorted({values[anchor] for values in self.keys_by_values}), dtype=numpy.uint64
        )
        if len(self.attributes) == 1:
            self._keys_by_slot = [self.keys_by_values[(value,)] for value in self._anchors.tolist()]

    def matches(self, columns: Mapping[str, numpy.ndarray]) -> list[Match]:
        """(key, start, start + 1) for every token whose values are some pattern's."""
        column = columns[self.anchor]
        slots = numpy.searchsorted(self._anchors, column)
        slots[slots == len(self._anchors)] = 0
        starts = numpy.flatnonzero(self._anchors[slots] == column)
        if len(self.attributes) == 1:
            keys_by_slot = self._keys_by_slot
            return [
                (key, start, start + 1)
                for start, slot in zip(starts.tolist(), slots[starts].tolist(), strict=True)
                for key in keys_by_slot[slot]
            ]
        # Tokens with an anchor value of some pattern are few: their other values are checked
        # one by one.
        rows = numpy.stack([columns[name][starts] for name in self.attributes], axis=1).tolist()
        keys_by_values = self.keys_by_values
        return [
            (key, start, start + 1)
            for start, values in zip(starts.tolist(), rows, strict=True)
            for key in keys_by_values.get(tuple(values), ())
        ]
