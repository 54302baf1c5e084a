"""Clustering inside one article: mentions of one entity joined by short names, acronyms and
spelling variants, then one `ResolvedMention` per span."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from transforms.entities.fuzzy import NameBlock, candidate_blocks, is_variant, name_block
from transforms.entities.mentions import MentionSpan, ResolvedMention
from transforms.entities.names import acronym_letters, display_name, local_entity_id

# Words an acronym skips when it is built from initials ("Islamic State of Iraq and the Levant").
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "la"})


@dataclass(slots=True)
class MentionClusters:
    """Union-find over span nodes; a node is "ref:<id>" for reference entities, "key:<key>"."""

    parent: dict[str, str] = field(default_factory=dict)

    def find(self, node: str) -> str:
        """The root of `node`'s cluster (a new node is a cluster of its own)."""
        root = self.parent.setdefault(node, node)
        if root != node:
            root = self.find(root)
            self.parent[node] = root
        return root

    def union(self, a: str, b: str) -> None:
        """Join two clusters unless that would join two different reference entities."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        if root_a.startswith("ref:") and root_b.startswith("ref:"):
            return
        # The reference entity, when there is one, names the joined cluster.
        if root_a.startswith("ref:"):
            self.parent[root_b] = root_a
        else:
            self.parent[root_a] = root_b


def link_short_names(spans: list[MentionSpan], clusters: MentionClusters) -> None:
    """Join a short name to the one longer name it abbreviates, named earlier in the article.

    People: the first or last words of a longer PERSON name ("Lee" -> "Lee Seong-kweun").
    Organisations: the first words of a longer ORG name ("Ford" -> "Ford Motor Company"); not
    the last words, which are generic ("House" is not short for "White House"). The long name
    must come before the first use of the short one: news introduces the full name first, and
    a short name used before it is a name of its own ("Apple Inc." ... "Apple TV"). A short
    name that fits several long names ("Kim" after "Kim Jong Un" and "Kim Yo Jong") is
    ambiguous and stays an entity of its own. An acronym is not a short name ("UN" before
    "UN Security Council"): `link_initials` handles those. NER often gives a lone surname
    another label ("Zelenskyy" ORG): an ORG short name is tried against organisations first,
    then people; any other label against people, then organisations.
    """
    first: dict[str, MentionSpan] = {}
    for span in spans:
        if span.reference is None:
            first.setdefault(span.key, span)
    for span in first.values():
        if acronym_letters(span.surface) is not None:
            continue
        size = len(span.words)
        for label in _SHORT_NAME_ORDER.get(span.label, ("PERSON", "ORG")):
            fits = {
                clusters.find(full.node)
                for full in spans
                if full.label == label
                and full.start < span.start
                and len(full.words) > size
                and (
                    full.words[:size] == span.words
                    or (label == "PERSON" and full.words[-size:] == span.words)
                )
            }
            if len(fits) == 1:
                clusters.union(fits.pop(), span.node)
            if fits:
                break


_SHORT_NAME_ORDER = {"PERSON": ("PERSON",), "ORG": ("ORG", "PERSON")}


def link_initials(spans: list[MentionSpan], clusters: MentionClusters) -> None:
    """Join an acronym to the one name of the article whose initials it is (NIS, ISIL)."""
    for span in spans:
        letters = acronym_letters(span.surface)
        if letters is None or span.reference is not None:
            continue
        if any(
            clusters.find(other.node) == clusters.find(span.node)
            for other in spans
            if other.key != span.key
        ):
            continue
        wanted = letters.casefold()
        roots = {
            clusters.find(other.node)
            for other in spans
            if other.label != "PERSON" and len(other.words) > 1 and wanted in _initials(other.words)
        }
        if len(roots) == 1:
            clusters.union(roots.pop(), span.node)


def _initials(words: tuple[str, ...]) -> tuple[str, str]:
    """Initials of a name with and without the small words acronyms skip."""
    return (
        "".join(word[0] for word in words if word not in _ACRONYM_SKIPS),
        "".join(word[0] for word in words),
    )


def link_variants(spans: list[MentionSpan], clusters: MentionClusters, threshold: float) -> None:
    """Join local clusters of one type whose longest names are spelling variants."""
    groups = _groups(spans, clusters)
    blocks: dict[NameBlock, list[tuple[str, str]]] = defaultdict(list)
    for root, group in groups.items():
        if root.startswith("ref:"):
            continue
        head = _head(group)
        entity_type = _cluster_type(group, head)
        for block in candidate_blocks(entity_type, head.key, threshold):
            for key, other in blocks.get(block, ()):
                if clusters.find(other) != clusters.find(root) and is_variant(
                    head.key, key, threshold
                ):
                    clusters.union(other, root)
        blocks[name_block(entity_type, head.key)].append((head.key, root))


def _groups(spans: list[MentionSpan], clusters: MentionClusters) -> dict[str, list[MentionSpan]]:
    """Spans by cluster root, each group in text order."""
    groups: dict[str, list[MentionSpan]] = defaultdict(list)
    for span in spans:
        groups[clusters.find(span.node)].append(span)
    return groups


def _head(group: list[MentionSpan]) -> MentionSpan:
    """The span that names a local cluster: the longest non-acronym name, first one on ties."""
    return max(
        group,
        key=lambda span: (acronym_letters(span.surface) is None, len(span.words), -span.start),
    )


def _cluster_type(group: list[MentionSpan], head: MentionSpan) -> str:
    """The label the mentions with the head's name vote for (NER is inconsistent across
    repeats of a name: "ISIL" ORG, NORP and PRODUCT in one article); the earliest wins a tie.

    PERSON, ORG, GPE, LOC and FAC votes count double: the other labels are the ones spaCy
    gives a proper name by mistake (on re3d, type accuracy 0.728 with equal votes, 0.739).
    """
    votes: Counter[str] = Counter()
    for span in group:
        if span.key == head.key:
            votes[span.label] += 2 if span.label in _NAME_LABELS else 1
    best = max(votes.values())
    return next(span.label for span in group if span.key == head.key and votes[span.label] == best)


_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


def resolved_mentions(spans: list[MentionSpan], clusters: MentionClusters) -> list[ResolvedMention]:
    """One ResolvedMention per span, labels made consistent within each cluster."""
    resolved = []
    for group in _groups(spans, clusters).values():
        reference = next((span.reference for span in group if span.reference), None)
        if reference is not None:
            entity_id, name, entity_type = (
                reference.entity_id,
                reference.canonical_name,
                reference.entity_type,
            )
            country, geonames_id, wikidata_id = (
                reference.country_code,
                reference.geonames_id,
                reference.wikidata_id,
            )
        else:
            head = _head(group)
            entity_type = _cluster_type(group, head)
            name = display_name(head.surface, entity_type)
            entity_id = local_entity_id(entity_type, name)
            country = next((span.country_code for span in group if span.country_code), None)
            geonames_id = wikidata_id = None
        for span in group:
            resolved.append(
                ResolvedMention(
                    start_char=span.start,
                    end_char=span.end,
                    text=span.surface,
                    label="NORP" if span.is_demonym else entity_type,
                    entity_id=entity_id,
                    canonical_name=name,
                    entity_type=entity_type,
                    is_demonym=span.is_demonym,
                    country_code=country,
                    geonames_id=geonames_id,
                    wikidata_id=wikidata_id,
                )
            )
    resolved.sort(key=lambda mention: (mention.start_char, mention.end_char))
    return resolved
