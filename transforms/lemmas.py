"""A cheaper `__call__` for spaCy's rule-mode lemmatizer: the same lemmas, looked up per Doc
from its attribute arrays instead of asked of the lemmatizer token by token.

spaCy's `Lemmatizer.__call__` walks the Doc's Token objects and calls `rule_lemmatize` on each:
a Token, its `pos_` and `morph` objects, a cache lookup, and for the answers it does not cache
(spaces, base forms) `is_base_form` building the token's morphology dict every time: about
2 ms per 380-token article with a warm cache. The rule lemma of a token is a function of its
text, POS and morphology (spaCy's own cache is keyed on them), so `annotate_lemmas` reads
those columns with `Doc.to_array`, looks each token up in a table of lemma hashes keyed like
spaCy's cache, asks spaCy's `lemmatize` on a miss only, and writes the lemma column back with
`Doc.from_array`. A miss is cheaper too: spaCy's `rule_lemmatize` runs on `set_backed` tables.

`use_lemma_table` installs it on a loaded rule-mode lemmatizer; others keep spaCy's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

# Table of lemma hashes by (ORTH, POS, MORPH) hashes: spaCy's cache key (orth, pos, morph.key).
LemmaTable = dict[tuple[int, int, int], int]
# The lemmatizer's bound `lemmatize`: a token's candidate lemmas, the first one chosen.
LemmatizeFunction = Callable[[Token], list[str]]


def annotate_lemmas(
    doc: Doc,
    lemmatize: LemmatizeFunction,
    overwrite: bool,
    table: LemmaTable,
) -> None:
    """Set the lemma of each token of `doc` as spaCy's `Lemmatizer.__call__` does: every token
    when `overwrite`, else those without one (lemma 0) - to `lemmatize(token)[0]`, taken from
    `table` when known and filed there when not."""
    if not len(doc):
        return
    # As spaCy's `token.lemma_ = ...`: the lemma string goes to the Doc's own string store.
    strings = doc.vocab.strings
    values = doc.to_array([ORTH, POS, MORPH, LEMMA])
    lemmas = values[:, 3].copy()
    for index, (orth, pos, morph, lemma) in enumerate(values.tolist()):
        if overwrite or lemma == 0:
            key = (orth, pos, morph)
            found = table.get(key)
            if found is None:
                found = strings.add(lemmatize(doc[index])[0])
                # Without a POS spaCy warns (W108) at each such token: those stay spaCy's.
                if pos:
                    table[key] = found
            lemmas[index] = found
    doc.from_array([LEMMA], lemmas)


def set_backed(lookups: Lookups) -> Lookups:
    """The tables of a rule lemmatizer's `lookups`, its "lemma_index" word lists as frozensets.

    `rule_lemmatize` reads the index only by truth (`index_table.get(pos)`) and membership
    (`form in index`), which a set answers as the list does; but a list answers it by a scan
    (57,528 English nouns) for each candidate form of each token it has not cached: most of a
    cold lemmatizer's time.
    """
    copy = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            copy.add_table(name, {key: frozenset(words) for key, words in table.items()})
        else:
            copy.set_table(name, table)
    return copy


class _TabledLemmatizer:
    """Mixed into the class of a rule-mode lemmatizer by `use_lemma_table`: `__call__` goes
    through `annotate_lemmas` and the instance's `_lemma_table`."""

    _lemma_table: LemmaTable
    # The lookups the set-backed copy was made of, and the copy.
    _set_lookups: tuple[Lookups | None, Lookups | None]

    def __call__(self: Any, doc: Doc) -> Doc:
        """Apply the lemmatizer to one Doc: spaCy's `Lemmatizer.__call__`, through the table."""
        # As spaCy's: check the lookup tables once, hand errors to the error handler.
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if doc.vocab is not self.vocab:
            # The table's lemma hashes are strings of this lemmatizer's store: another's Doc
            # is lemmatized the spaCy way.
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        lookups = self.lookups
        if self._set_lookups[0] is not lookups:
            self._set_lookups = (lookups, set_backed(lookups))
        # spaCy's `rule_lemmatize` reads the tables through `self.lookups`: the set-backed
        # copy while this Doc is lemmatized, the lemmatizer's own again after.
        self.lookups = self._set_lookups[1]
        try:
            annotate_lemmas(doc, self.lemmatize, self.overwrite, self._lemma_table)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)
        finally:
            self.lookups = lookups

    @contextlib.contextmanager
    def memory_zone(self: Any, mem: Any = None) -> Iterator[None]:
        """Entered by `Language.memory_zone`: the strings added in a zone are dropped at its
        end, so the table forgets the lemmas it learnt (some may be among them)."""
        try:
            yield
        finally:
            self._lemma_table.clear()

    def __reduce_ex__(self: Any, protocol: Any) -> Any:
        # The class is made at run time, which pickle cannot name: a pickled copy (a process
        # pool's) is of the spaCy class it extends, the table an attribute it does not read.
        function, arguments, *rest = super().__reduce_ex__(protocol)
        base = type(self).__mro__[2]
        return (function, tuple(base if a is type(self) else a for a in arguments), *rest)


_TABLED_CLASSES: dict[type, type] = {}


def use_lemma_table(lemmatizer: Lemmatizer) -> bool:
    """Make a rule-mode `lemmatizer` annotate through `annotate_lemmas`, keeping its class's
    own lemmatization (e.g. English `is_base_form`); whether it was changed (not for other
    modes, whose lemmas may not be a function of text, POS and morphology alone)."""
    if lemmatizer.mode != "rule" or isinstance(lemmatizer, _TabledLemmatizer):
        return False
    base = type(lemmatizer)
    tabled = _TABLED_CLASSES.get(base)
    if tabled is None:
        tabled = _TABLED_CLASSES[base] = type(
            f"Tabled{base.__name__}", (_TabledLemmatizer, base), {}
        )
    # Pipeline components are called through their type (`Pipe.pipe` calls `self(doc)`), so
    # the override is the instance's class: a subclass of its own, with the same state.
    lemmatizer._lemma_table = {}
    lemmatizer._set_lookups = (None, None)
    lemmatizer.__class__ = tabled
    return True
