"""Entities across articles: the `entities` rows of an article, and the registry that links
new entities to the ones an archive already has (`link_entities`, `EntityRegistry`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from transforms.entities.fuzzy import (
    FUZZY_THRESHOLD,
    NameBlock,
    candidate_blocks,
    check_threshold,
    is_variant,
    name_block,
)
from transforms.entities.mentions import ResolvedMention
from transforms.entities.names import display_name, typed_key

# Ids minted by a reference source (GeoNames; Wikidata once alias data carries its ids):
# `link_entities` never remaps these.
_REFERENCE_ID = re.compile(r"geonames:\d+|Q\d+")


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One row of the `entities` table: an entity with every surface it was named by."""

    entity_id: str
    canonical_name: str
    entity_type: str
    aliases: tuple[str, ...]
    country_code: str | None
    geonames_id: int | None
    wikidata_id: str | None


def entity_records(mentions: Iterable[ResolvedMention]) -> list[EntityRecord]:
    """The `entities` rows for resolved mentions, one per entity id, in order of first mention.

    Aliases are the distinct mention texts (demonyms excluded: they name people, not the
    country) plus the canonical name.
    """
    first: dict[str, ResolvedMention] = {}
    aliases: dict[str, dict[str, None]] = defaultdict(dict)
    country: dict[str, str] = {}
    for mention in mentions:
        first.setdefault(mention.entity_id, mention)
        if not mention.is_demonym:
            aliases[mention.entity_id][display_name(mention.text, mention.label)] = None
        if mention.country_code is not None:
            country.setdefault(mention.entity_id, mention.country_code)
    return [
        EntityRecord(
            entity_id=entity_id,
            canonical_name=mention.canonical_name,
            entity_type=mention.entity_type,
            aliases=tuple(sorted({mention.canonical_name, *aliases[entity_id]})),
            country_code=country.get(entity_id),
            geonames_id=mention.geonames_id,
            wikidata_id=mention.wikidata_id,
        )
        for entity_id, mention in first.items()
    ]


def link_entities(
    new: Sequence[EntityRecord],
    known: Sequence[EntityRecord],
    threshold: float = FUZZY_THRESHOLD,
) -> dict[str, str]:
    """Map ids of `new` entities to the id of the same entity among `known` or earlier `new`.

    Only entities without a reference id are remapped, only onto entities of the same type,
    and only when two of their names are spellings of one name (`is_variant`). Names are the
    canonical name and the aliases, with two limits on one-word names, which are short forms
    attached to an entity inside one article ("Apple" to "Apple Computer", "European" to
    "European Aeronautic Defence") and ambiguous across articles:
    * two one-word aliases never match: at least one of them must be a canonical name (an
      entity known by that word alone);
    * a one-word match does not join an entity whose full name differs from every full name
      already joined under the target ("Apple Corps" does not join "Apple Computer" through
      "Apple", the European Union does not join EADS through "European");
    * a one-word name that points to several entities ("Kim") joins none of them.
    Candidates are blocked on type, initials and length (`candidate_blocks`, no match lost),
    so a name is compared with the few names of its shape, not with every entity. Ids absent
    from the result stand for themselves.
    """
    return EntityLinker(known, threshold).link(new)


class EntityLinker:
    """`link_entities` across batches: the index of known entities is kept between calls,
    so each batch costs what its own names cost, not what the whole archive costs."""

    def __init__(
        self, known: Sequence[EntityRecord] = (), threshold: float = FUZZY_THRESHOLD
    ) -> None:
        check_threshold(threshold)
        self._index = _NameIndex(threshold)
        for record in known:
            self._index.add(record, record.entity_id)

    def link(self, new: Sequence[EntityRecord]) -> dict[str, str]:
        """Map ids of `new` entities onto known ones (see `link_entities`); index them."""
        mapping: dict[str, str] = {}
        for record in new:
            target = None
            if not _REFERENCE_ID.fullmatch(record.entity_id):
                target = self._index.best_match(record)
            if target is not None and target != record.entity_id:
                mapping[record.entity_id] = target
            self._index.add(record, target or record.entity_id)
        return mapping


@dataclass(slots=True)
class _NameIndex:
    """The blocked name index of `link_entities`: what each name points to."""

    threshold: float
    # block -> name keys, and for each the target id and whether it is a canonical name
    keys: dict[NameBlock, list[str]] = field(default_factory=lambda: defaultdict(list))
    entries: dict[NameBlock, list[tuple[str, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # target id -> multi-word canonical name keys of the entities joined under it
    full_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, record: EntityRecord, target: str) -> None:
        """Index `record`'s names as pointing to `target`."""
        canonical = typed_key(record.canonical_name, record.entity_type)
        if " " in canonical:
            self.full_names[target].add(canonical)
        for key, is_canonical in _record_keys(record):
            block = name_block(record.entity_type, key)
            self.keys[block].append(key)
            self.entries[block].append((target, is_canonical))

    def best_match(self, record: EntityRecord) -> str | None:
        """The target the most similar allowed name of `record` points to, if any."""
        canonical = typed_key(record.canonical_name, record.entity_type)
        best_score: float = 0.0
        best_target: str | None = None
        one_word_targets: set[str] = set()
        for key, is_canonical in _record_keys(record):
            one_word = " " not in key
            for block in candidate_blocks(record.entity_type, key, self.threshold):
                if block not in self.keys:
                    continue
                # The whole-name ratio is at least the threshold whenever every word's is:
                # rapidfuzz screens the block in C, `is_variant` checks the few left.
                for other, score, index in process.extract(
                    key,
                    self.keys[block],
                    scorer=fuzz.ratio,
                    score_cutoff=self.threshold,
                    limit=None,
                ):
                    target, other_canonical = self.entries[block][index]
                    if (
                        target == record.entity_id
                        or (one_word and not (is_canonical or other_canonical))
                        or not is_variant(key, other, self.threshold)
                        or (one_word and self._clashes(canonical, target))
                    ):
                        continue
                    if one_word:
                        one_word_targets.add(target)
                    if best_target is None or score > best_score:
                        best_score, best_target = score, target
        if best_target in one_word_targets and len(one_word_targets) > 1:
            # One word naming several entities ("Kim" for Kim Jong Un and Kim Yo Jong).
            return None
        return best_target

    def _clashes(self, canonical: str, target: str) -> bool:
        """Whether a full name differs from every full name already joined under `target`."""
        names = self.full_names.get(target)
        return (
            " " in canonical
            and bool(names)
            and not any(is_variant(canonical, name, self.threshold) for name in names)
        )


def _record_keys(record: EntityRecord) -> set[tuple[str, bool]]:
    """Typed name keys of an entity record, each with whether it is the canonical name."""
    canonical = typed_key(record.canonical_name, record.entity_type)
    keys = {(canonical, True)}
    for alias in record.aliases:
        key = typed_key(alias, record.entity_type)
        if key != canonical:
            keys.add((key, False))
    keys.discard(("", False))
    keys.discard(("", True))
    return keys


class EntityRegistry:
    """The entities an archive already has, and the admission of new ones batch by batch.

    `admit` maps each candidate to an existing entity (same id, or a spelling variant found
    by `EntityLinker`) or admits it as new; it returns the id mapping and the new records.
    `linker` is the `EntityLinker` over every admitted entity.
    """

    def __init__(
        self, known: Sequence[EntityRecord] = (), threshold: float = FUZZY_THRESHOLD
    ) -> None:
        self._ids = {record.entity_id for record in known}
        self.linker = EntityLinker(known, threshold)
        # Ids this registry mapped onto others: the first record of an id decides, in every
        # later batch too, so the result does not depend on how articles were batched.
        self._mapped: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def admit(
        self, candidates: Iterable[EntityRecord]
    ) -> tuple[dict[str, str], list[EntityRecord]]:
        """(old id -> existing id, records admitted as new) for a batch of candidate records."""
        unique: dict[str, EntityRecord] = {}
        earlier: dict[str, str] = {}
        for record in candidates:
            if record.entity_id in self._mapped:
                earlier[record.entity_id] = self._mapped[record.entity_id]
            elif record.entity_id not in self._ids:
                unique.setdefault(record.entity_id, record)
        mapping = self.linker.link(list(unique.values()))
        admitted = [record for entity_id, record in unique.items() if entity_id not in mapping]
        self._ids.update(record.entity_id for record in admitted)
        self._mapped.update(mapping)
        return {**earlier, **mapping}, admitted
