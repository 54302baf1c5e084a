"""Entity resolution: every named-entity mention gets a stable `entity_id`.

Pure functions over plain values: mentions come in as text spans with their NER label, the
reference data as a `Gazetteer` (built by `schemas.reference.load_gazetteer`). No I/O.

Within one article (`resolve_article`):
1. Spans are trimmed: surrounding quotes and punctuation, anything after a line break, a
   possessive ("South Korea's", "South Korea’s"), a leading lower-case "the" ("the Kremlin"
   -> span "Kremlin"). A capitalised "The" stays in the span, as it is sometimes part of the
   name ("The Hague"), but every lookup uses `name_key`, which drops a leading "the" too. So
   a span always equals `text[start_char:end_char]` and resolution works on the key.
2. Demonyms ("North Korean", "North Koreans") resolve to their country; the label stays NORP.
3. An acronym the article defines ("National Intelligence Service (NIS)") means the
   expansion there, whatever the gazetteer says.
4. Gazetteer names (countries and their ISO names, GeoNames cities, US states, continents,
   spellingukraine places and people) resolve to the reference entity; a place name corrects
   a wrong NER label (Kursk PRODUCT -> GPE) when `_accepts` finds the evidence enough. Where
   a name was read as a place, its other mentions in the article are that place too.
5. The rest is clustered inside the article: identical keys; short names to the one longer
   name they abbreviate ("Lee" -> "Lee Seong-kweun", "Zelenskyy" ORG -> the person);
   acronyms to the one name whose initials they are; spelling variants of one type.

Across articles, `link_entities` joins spelling variants of non-reference entities, blocked
so that cost stays far below all pairs.

Ids: reference entities keep the id of their source ("geonames:703448"); the others get
`local_entity_id(type, name)` ("person:lee-seong-kweun"), so the same name gets the same id
in every article and every run. Alias-data entries without a source id (spellingukraine
people) get the local id their name would get anyway.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from anyascii import anyascii
from rapidfuzz import fuzz, process

# `is_variant` threshold: `fuzz.ratio` (0-100) each word of two names must reach for the names
# to be spellings of one entity. Swept by `python -m tests.eval.score_entities --sweep`:
#   threshold                        70    75    80    85    88    90    92    95   100
#   MEANTIME B-cubed F1            .879  .879  .879  .879  .878  .878  .873  .873  .873
#   re3d pairwise F1 (alias pairs) .636  .636  .636  .636  .636  .636  .636  .636  .636
#   spellingukraine variants joined (799 transliteration pairs, e.g. Kharkiv / Kharkov)
#                                  .738  .678  .569  .398  .232  .163  .078  .018  0
#   different names joined (of 81,103 same-shape pairs of Ukrainian place names)
#                                    93    41    25    13     6     4     2     1     0
# MEANTIME loses from 88 up ("787s" / "787", "Aeronautic Defense" / "Defence" stop joining);
# below 85 wrong pairs start to join ("iPods" / "iPads", "DB" / "DSB") while the score stays
# flat; re3d does not move (its aliases are acronyms and translations, not respellings). 85 is
# the highest threshold on the plateau: it joins 40% of the transliteration variants and
# wrongly joins 13 of 81,103 pairs, towns named after one another (Chernihiv / Chernihivka).
FUZZY_THRESHOLD = 85.0

# spaCy's OntoNotes labels for names; numeric labels (DATE, CARDINAL...) are not entities.
ENTITY_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
_PLACE_TYPES = frozenset({"GPE", "LOC"})
# Reference features in order of precedence when several entities share a name: a country
# beats a US state ("Georgia"), alias-data entries beat places, a US state beats a town
# ("Florida", Cuba) but not a capital ("Washington") or a city above _BIG_PLACE.
_FEATURE_RANK = {
    "country": 0,
    "person": 1,
    "organisation": 1,
    "region": 1,
    "capital": 2,
    "admin1": 2,
    "continent": 2,
    "city": 3,
}
# Ids minted by a reference source (GeoNames; Wikidata once alias data carries its ids):
# `link_entities` never remaps these.
_REFERENCE_ID = re.compile(r"geonames:\d+|Q\d+")

# Words before a span that make it a place whatever the NER label says ("in Kyiv").
_LOCATIVE_WORDS = frozenset(
    {
        "in",
        "near",
        "into",
        "across",
        "outside",
        "inside",
        "throughout",
        "towards",
        "toward",
        "around",
        "surrounding",
        "from",
    }
)
# "the city of X", "the outskirts of X".
_PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "governorate",
        "capital",
        "outskirts",
        "suburbs",
        "oblast",
    }
)
# A place this big, or a capital, is taken over a PERSON label when no person in the article
# carries the word in their name: "released by Kyiv" (PERSON) is the city; "Jackson" is not.
_BIG_PLACE = 1_000_000
# Administrative-area words after a gazetteer place name: "Kursk Oblast", "Hasaka Province".
_AREA_WORDS = frozenset({"oblast", "region", "province", "governorate", "prefecture"})
# Transliterations of the Arabic article "al-" that place names are written with or without:
# "Ar Raqqah" / "Raqqa", "Al Anbar" / "Anbar". ("El" is left out: El Salvador is not Salvador.)
_ARABIC_ARTICLES = frozenset({"al", "ar", "as", "ad", "an", "at", "az", "ash", "adh"})
# Honorifics spaCy sometimes keeps in a PERSON span; they are not part of the name.
_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "president",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "maj",
        "major",
        "capt",
        "captain",
        "sgt",
        "adm",
        "admiral",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "minister",
        "premier",
        "king",
        "queen",
        "prince",
        "sheikh",
        "he",
        "pope",
        "chancellor",
        "ambassador",
    }
)
# Legal forms ending an organisation's name: "Ford Motor Co." and "Ford Motor Company" are one.
_LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "plc",
        "llc",
        "lp",
        "nv",
        "sa",
        "spa",
        "ag",
        "gmbh",
        "group",
        "holdings",
    }
)
# Words an acronym skips when it is built from initials ("Islamic State of Iraq and the Levant").
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "la"})
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9.&-]{1,9})\s*\)")
_EXPANSION_AFTER = re.compile(r"\s*\(")
_LEADING_NOISE = "\"'“‘«([ \t\r\n"
# A trailing apostrophe is a closing quote or a plural possessive ("North Koreans’"), and a
# trailing "(" is NER running into a parenthesis ("Heritage (SBAH)").
_TRAILING_NOISE = "\"”»'’,;:!?([] \t\r\n"
_APOSTROPHES = "'’"
# name_key: dots and apostrophes vanish ("U.S." -> "us", "Ja’afari" -> "jaafari"), any other
# punctuation separates words ("al-Jaafari" -> "al jaafari").
_KEY_TABLE = str.maketrans(
    {
        **{c: " " for c in string.punctuation},
        ".": None,
        "'": None,
        "`": None,
    }
)


# A bucket of the variant search: entity type, initials of the name's words, name length.
_Block = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity span as the NER model gave it."""

    text: str
    label: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention after trimming, label correction and resolution to an entity.

    `text` equals `article_text[start_char:end_char]`; `label` is the corrected mention label;
    `entity_type` is the type of the entity (a NORP demonym mention names a GPE country).
    """

    start_char: int
    end_char: int
    text: str
    label: str
    entity_id: str
    canonical_name: str
    entity_type: str
    is_demonym: bool
    country_code: str | None
    geonames_id: int | None
    wikidata_id: str | None


@dataclass(frozen=True, slots=True)
class ReferenceEntity:
    """One entity of the reference data with the names it is known by.

    `names` match case- and accent-insensitively; `alternate_keys` are `name_key`s of weaker
    names (GeoNames alternate names), ranked below every primary name; `codes` (ISO alpha-3)
    match only an exact upper-case GPE mention.
    `feature` is one of the keys of `_FEATURE_RANK`.
    """

    entity_id: str
    canonical_name: str
    entity_type: str
    feature: str
    names: tuple[str, ...]
    alternate_keys: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    country_code: str | None = None
    geonames_id: int | None = None
    wikidata_id: str | None = None
    population: int = 0


@dataclass(frozen=True)
class Gazetteer:
    """Read-only lookups over the reference entities.

    `by_key`: name key -> entity ids, best first; `by_acronym`: upper-case letters of an
    all-capitals name ("DPRK", "U.S.") -> entity id; `by_code`: ISO code -> country id;
    `demonyms`: name key of a demonym -> country id.
    """

    entities: Mapping[str, ReferenceEntity]
    by_key: Mapping[str, tuple[str, ...]]
    by_acronym: Mapping[str, str]
    by_code: Mapping[str, str]
    demonyms: Mapping[str, str]

    @classmethod
    def build(
        cls, entities: Iterable[ReferenceEntity], demonyms: Iterable[tuple[str, str]]
    ) -> Gazetteer:
        """Index `entities` by every name; `demonyms` are (word, country entity id) pairs."""
        # Indexing in order of precedence makes every id list come out best first, with no
        # per-name sorting: this runs over ~130,000 names at load time.
        ordered = sorted(entities, key=_precedence)
        by_key: dict[str, list[str]] = defaultdict(list)
        by_acronym: dict[str, str] = {}
        by_code: dict[str, str] = {}
        weak: list[tuple[str, str]] = []
        for entity in ordered:
            for position, name in enumerate((entity.canonical_name, *entity.names)):
                letters = _acronym_letters(name)
                if letters is not None:
                    by_acronym.setdefault(letters, entity.entity_id)
                    continue
                key = name_key(name)
                if not key:
                    continue
                ids = by_key[key]
                if entity.entity_id not in ids:
                    ids.append(entity.entity_id)
                short = _without_article(key) if position == 0 else ""
                if short and entity.entity_type in _PLACE_TYPES:
                    weak.append((short, entity.entity_id))
            by_code.update(dict.fromkeys(entity.codes, entity.entity_id))
            weak.extend((key, entity.entity_id) for key in entity.alternate_keys)
        # Alternate names and article-less forms ("Raqqah" for "Ar Raqqah") rank below every
        # primary name, best entity first among themselves.
        for key, entity_id in weak:
            ids = by_key[key]
            if entity_id not in ids:
                ids.append(entity_id)
        by_id = {entity.entity_id: entity for entity in ordered}
        demonym_keys = {name_key(word): country for word, country in demonyms}
        missing = set(demonym_keys.values()) - by_id.keys()
        if missing:
            raise KeyError(f"demonyms name unknown entities: {sorted(missing)}")
        return cls(
            entities=MappingProxyType(by_id),
            by_key=MappingProxyType({key: tuple(ids) for key, ids in by_key.items()}),
            by_acronym=MappingProxyType(by_acronym),
            by_code=MappingProxyType(by_code),
            demonyms=MappingProxyType(demonym_keys),
        )


def _precedence(entity: ReferenceEntity) -> tuple[int, int]:
    """Sort key of reference entities sharing a name: best first (see `_FEATURE_RANK`)."""
    rank = _FEATURE_RANK[entity.feature]
    if entity.feature == "city" and entity.population >= _BIG_PLACE:
        rank = _FEATURE_RANK["capital"]
    return rank, -entity.population


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


def name_key(name: str) -> str:
    """Case-, accent- and punctuation-free form of a name, without a leading "the".

    "The Kremlin" -> "kremlin", "Al-Ja’afari" -> "al jaafari", "U.S." -> "us".
    """
    ascii_name = name if name.isascii() else anyascii(name)
    words = ascii_name.casefold().translate(_KEY_TABLE).split()
    while len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)


def local_entity_id(entity_type: str, name: str) -> str:
    """The id of an entity no reference source knows: type plus slug, "person:lee-seong-kweun".

    The slug is the name key for the type: a person's without honorifics, an organisation's
    without its legal form ("Apple Inc." -> "org:apple").
    """
    return f"{entity_type.lower()}:{_typed_key(name, entity_type).replace(' ', '-')}"


def is_variant(a: str, b: str, threshold: float) -> bool:
    """Whether two name keys are spellings of one name: the same number of words, each word
    pair at least `threshold` by `fuzz.ratio` and starting with the same letter, and the same
    digits.

    Spelling variants keep the shape of a name ("Volodymyr Zelenskiy" / "Volodymyr Zelensky");
    added or dropped words are for the short-name and acronym rules. Comparing word by word
    keeps apart names that share most letters: "Kim Jong Un" / "Kim Yo Jong", "UK government"
    / "US government", "Chiang Mai International Airport" / "Changi International Airport"
    (word count), "Airbus A320" / "Airbus A330" (digits). "George Bush" / "George W. Bush"
    also stay apart: right for father and son, wrong when the initial is merely left out.
    """
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    if [c for c in a if c.isdigit()] != [c for c in b if c.isdigit()]:
        return False
    return all(
        x == y or (x[0] == y[0] and fuzz.ratio(x, y, score_cutoff=threshold) >= threshold)
        for x, y in zip(words_a, words_b, strict=True)
    )


def _typed_key(name: str, entity_type: str) -> str:
    """`name_key`, less leading honorifics of a PERSON and the trailing legal form of an ORG."""
    words = name_key(name).split()
    if entity_type == "PERSON":
        # A "the" the titles uncover goes too, as name_key would drop it ("Mr The Smith").
        while len(words) > 1 and (words[0] in _TITLES or words[0] == "the"):
            del words[0]
    elif entity_type == "ORG":
        while len(words) > 1 and words[-1] in _LEGAL_FORMS:
            del words[-1]
    return " ".join(words)


@dataclass(slots=True)
class _Span:
    """Working state of one mention while the article is resolved."""

    start: int
    end: int
    surface: str
    label: str
    key: str
    words: tuple[str, ...]
    after_locative: bool
    reference: ReferenceEntity | None = None
    is_demonym: bool = False
    country_code: str | None = None
    node: str = ""


@dataclass(slots=True)
class _Clusters:
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


def resolve_article(
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    *,
    fuzzy_threshold: float = FUZZY_THRESHOLD,
) -> list[ResolvedMention]:
    """Every named mention of one article resolved to an entity, in text order.

    Mentions with a non-name label (DATE, CARDINAL...) or nothing left after trimming are
    dropped; overlapping mentions are all kept.
    """
    _check_threshold(fuzzy_threshold)
    spans = _spans(text, mentions)
    person_words = {
        word
        for span in spans
        if span.label == "PERSON" and len(span.words) > 1
        for word in span.words
    }
    acronyms = _defined_acronyms(text, spans)
    clusters = _Clusters()
    for index, span in enumerate(spans):
        _drop_preposition(span, gazetteer)
        following = spans[index + 1] if index + 1 < len(spans) else None
        evidence = _place_evidence(text, span, following, gazetteer)
        country = gazetteer.demonyms.get(span.key) if span.label != "LANGUAGE" else None
        if country is not None:
            span.reference, span.is_demonym = gazetteer.entities[country], True
        elif span.key not in acronyms:
            span.reference = _lookup(span, evidence, gazetteer, person_words)
        if span.reference is not None:
            span.label = "NORP" if span.is_demonym else span.reference.entity_type
            span.node = f"ref:{span.reference.entity_id}"
        else:
            span.node = f"key:{span.key}"
            if span.label in _PLACE_TYPES:
                span.country_code = evidence.country
            _area_country(span, gazetteer)
        clusters.find(span.node)
    for span in spans:
        # One sense per article: where a name was read as a place, its other mentions are the
        # same place even when NER labelled them PERSON with no context ("the isolation of
        # Raqqah"), unless the word belongs to a person's name in the article.
        if span.reference is not None and not span.is_demonym and span.key not in person_words:
            clusters.union(span.node, f"key:{span.key}")
    for acronym, expansion in acronyms.items():
        clusters.union(expansion.node, f"key:{acronym}")
    _link_short_names(spans, clusters)
    _link_initials(spans, clusters)
    _link_variants(spans, clusters, fuzzy_threshold)
    return _resolved(spans, clusters)


def _check_threshold(threshold: float) -> None:
    if not 0 < threshold <= 100:
        raise ValueError(f"fuzzy threshold must be in (0, 100], got {threshold}")


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
            aliases[mention.entity_id][_display_name(mention.text, mention.label)] = None
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
    Candidates are blocked on type, initials and length (`_candidate_blocks`, no match lost),
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
        _check_threshold(threshold)
        self._linker = _Linker(threshold)
        for record in known:
            self._linker.add(record, record.entity_id)

    def link(self, new: Sequence[EntityRecord]) -> dict[str, str]:
        """Map ids of `new` entities onto known ones (see `link_entities`); index them."""
        mapping: dict[str, str] = {}
        for record in new:
            target = None
            if not _REFERENCE_ID.fullmatch(record.entity_id):
                target = self._linker.best_match(record)
            if target is not None and target != record.entity_id:
                mapping[record.entity_id] = target
            self._linker.add(record, target or record.entity_id)
        return mapping


@dataclass(slots=True)
class _Linker:
    """The blocked name index of `link_entities`: what each name points to."""

    threshold: float
    # block -> name keys, and for each the target id and whether it is a canonical name
    keys: dict[_Block, list[str]] = field(default_factory=lambda: defaultdict(list))
    entries: dict[_Block, list[tuple[str, bool]]] = field(default_factory=lambda: defaultdict(list))
    # target id -> multi-word canonical name keys of the entities joined under it
    full_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, record: EntityRecord, target: str) -> None:
        """Index `record`'s names as pointing to `target`."""
        canonical = _typed_key(record.canonical_name, record.entity_type)
        if " " in canonical:
            self.full_names[target].add(canonical)
        for key, is_canonical in _record_keys(record):
            block = _block(record.entity_type, key)
            self.keys[block].append(key)
            self.entries[block].append((target, is_canonical))

    def best_match(self, record: EntityRecord) -> str | None:
        """The target the most similar allowed name of `record` points to, if any."""
        canonical = _typed_key(record.canonical_name, record.entity_type)
        best: tuple[float, str] | None = None
        one_word_targets: set[str] = set()
        for key, is_canonical in _record_keys(record):
            one_word = " " not in key
            for block in _candidate_blocks(record.entity_type, key, self.threshold):
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
                    if best is None or score > best[0]:
                        best = (score, target)
        if best is not None and best[1] in one_word_targets and len(one_word_targets) > 1:
            # One word naming several entities ("Kim" for Kim Jong Un and Kim Yo Jong).
            return None
        return best[1] if best else None

    def _clashes(self, canonical: str, target: str) -> bool:
        """Whether a full name differs from every full name already joined under `target`."""
        names = self.full_names.get(target)
        return (
            " " in canonical
            and bool(names)
            and not any(is_variant(canonical, name, self.threshold) for name in names)
        )


def _spans(text: str, mentions: Sequence[Mention]) -> list[_Span]:
    """Trimmed, keyed spans of the name mentions, in text order."""
    spans = []
    for mention in sorted(mentions, key=lambda m: (m.start_char, m.end_char)):
        if mention.label not in ENTITY_LABELS:
            continue
        start, end = _trim(text, mention.start_char, mention.end_char)
        surface = text[start:end]
        key = _typed_key(surface, mention.label)
        if not key:
            continue
        after_locative = _after_locative(text, start)
        spans.append(
            _Span(start, end, surface, mention.label, key, tuple(key.split()), after_locative)
        )
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span bounds without surrounding noise, a possessive, or a leading lower-case "the".

    A name never runs over a line break: NER sometimes joins a headline to the next line, and
    only the first line with text is kept.
    """
    for line in re.finditer(r"[^\n]+", text[start:end]):
        if line.group().strip():
            start, end = start + line.start(), start + line.end()
            break
    while True:
        before = (start, end)
        while start < end and text[start] in _LEADING_NOISE:
            start += 1
        while end > start and text[end - 1] in _TRAILING_NOISE:
            end -= 1
        if end - start > 2 and text[end - 2] in _APOSTROPHES and text[end - 1] in "sS":
            end -= 2
        if text.startswith("the", start) and end - start > 4 and text[start + 3].isspace():
            start += 4
        if (start, end) == before:
            return start, end


def _drop_preposition(span: _Span, gazetteer: Gazetteer) -> None:
    """Trim a locative word NER took into a place name ("Near Ar Raqqah" -> "Ar Raqqah")."""
    parts = span.surface.split(maxsplit=1)
    if len(parts) < 2 or name_key(parts[0]) not in _LOCATIVE_WORDS:
        return
    rest = " ".join(span.words[1:])
    if rest not in gazetteer.by_key:
        return
    offset = len(span.surface) - len(parts[1])
    span.start += offset
    span.surface = span.surface[offset:]
    span.key, span.words, span.after_locative = rest, span.words[1:], True


def _after_locative(text: str, start: int) -> bool:
    """Whether the words before `start` introduce a place: "in X", "the city of X"."""
    words = text[max(0, start - 32) : start].casefold().split()
    if not words:
        return False
    if words[-1] in _LOCATIVE_WORDS:
        return True
    return len(words) > 1 and words[-1] == "of" and words[-2] in _PLACE_NOUNS


def _display_name(surface: str, label: str) -> str:
    """A mention's text as a name: no leading "the", no honorifics before a person's name."""
    words = surface.split()
    while len(words) > 1 and (
        words[0].casefold() == "the"
        or (label == "PERSON" and words[0].casefold().rstrip(".") in _TITLES)
    ):
        del words[0]
    return " ".join(words)


def _acronym_letters(name: str) -> str | None:
    """The letters of an acronym ("U.S." -> "US"); None unless the name is 2-8 capitals."""
    if not name.isupper():
        return None
    letters = name.replace(".", "")
    if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isascii():
        return letters
    return None


def _defined_acronyms(text: str, spans: list[_Span]) -> dict[str, _Span]:
    """Acronym key -> its expansion's span, from "Long Name (LN)" and "LN (Long Name)"."""
    defined: dict[str, _Span] = {}
    for index, span in enumerate(spans):
        match = _ACRONYM_AFTER.match(text, span.end)
        if match and _abbreviates(match.group(1), span.key):
            defined.setdefault(name_key(match.group(1)), span)
            continue
        after = _EXPANSION_AFTER.match(text, span.end)
        following = spans[index + 1] if index + 1 < len(spans) else None
        if (
            after
            and following is not None
            and following.start == after.end()
            and _acronym_letters(span.surface)
            and _abbreviates(span.surface, following.key)
        ):
            defined.setdefault(span.key, following)
    return defined


def _abbreviates(short: str, long_key: str) -> bool:
    """Whether `short` can be read as an abbreviation of `long_key` (Schwartz & Hearst, 2003).

    Every letter of the short form must occur in the long form in order, the first one at the
    start of a word: "NAVCENT" fits "us naval forces central command", "PPP" does not fit
    "lee seong kweun".
    """
    letters = [c for c in short.casefold() if c.isalnum()]
    if len(letters) < 2 or len(long_key.split()) < 2:
        return False
    position = len(long_key) - 1
    for offset in range(len(letters) - 1, -1, -1):
        wanted = letters[offset]
        while position >= 0 and (
            long_key[position] != wanted
            or (offset == 0 and position > 0 and long_key[position - 1] != " ")
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the words around a span say about it being a place."""

    locative: bool
    country: str | None


def _without_article(key: str) -> str:
    """A name key without a leading Arabic article ("ar raqqah" -> "raqqah"), else ""."""
    article, _, rest = key.partition(" ")
    return rest if article in _ARABIC_ARTICLES and rest else ""


def _place_evidence(
    text: str, span: _Span, following: _Span | None, gazetteer: Gazetteer
) -> _Evidence:
    """A locative word before the span ("in X"), a country right after it ("Kursk, Russia")."""
    country = None
    if following is not None and text[span.end : following.start].strip() == ",":
        ids = gazetteer.by_key.get(following.key, ())
        if ids and gazetteer.entities[ids[0]].feature == "country":
            country = gazetteer.entities[ids[0]].country_code
    return _Evidence(locative=span.after_locative, country=country)


def _lookup(
    span: _Span, evidence: _Evidence, gazetteer: Gazetteer, person_words: set[str]
) -> ReferenceEntity | None:
    """The reference entity a span names, if the label and the context allow that reading."""
    letters = _acronym_letters(span.surface)
    if letters is not None:
        # An all-capitals span only matches all-capitals names: "NIS" is not the city Niš.
        entity_id = gazetteer.by_acronym.get(letters)
        if entity_id is None and span.label == "GPE":
            entity_id = gazetteer.by_code.get(letters)
        ids: tuple[str, ...] = (entity_id,) if entity_id else ()
    else:
        ids = gazetteer.by_key.get(span.key) or gazetteer.by_key.get(_without_article(span.key), ())
    candidates = [gazetteer.entities[entity_id] for entity_id in ids]
    if evidence.country is not None:
        # "Paris, Texas": the place in the named country first (a stable sort keeps the rank).
        candidates.sort(key=lambda entity: entity.country_code != evidence.country)
    for entity in candidates:
        if _accepts(span, entity, evidence, person_words):
            return entity
    return None


def _accepts(
    span: _Span, entity: ReferenceEntity, evidence: _Evidence, person_words: set[str]
) -> bool:
    """Whether the NER label and the context allow reading `span` as `entity`.

    A place label takes any place. Other labels take a place only with evidence, the weaker
    the label's claim the less evidence: ORG and NORP only a country ("Russia said") or a
    place in context; PERSON a multi-word or country name, a place in context, or a big city
    or capital ("released by Kyiv"); PRODUCT, EVENT and the rest also any capital (Kursk
    PRODUCT is corrected by ", Russia"). Whatever the label, a lone word that is part of a
    person's name in the article is that person unless the context says place: "Henderson"
    (GPE) after "Fritz Henderson" is not Henderson, Nevada.
    """
    label = span.label
    if entity.entity_type not in _PLACE_TYPES:
        return entity.entity_type == label or label not in (*_PLACE_TYPES, "NORP")
    in_context = evidence.locative or evidence.country == entity.country_code
    if len(span.words) == 1 and span.key in person_words and not in_context:
        return label != "PERSON" and entity.feature == "country"
    if label in _PLACE_TYPES:
        return True
    if label in ("ORG", "NORP"):
        return entity.feature == "country" or in_context
    if label == "PERSON":
        big = entity.feature == "capital" or entity.population >= _BIG_PLACE
        return in_context or len(span.words) > 1 or entity.feature == "country" or big
    return in_context or len(span.words) > 1 or entity.feature in ("country", "capital")


def _area_country(span: _Span, gazetteer: Gazetteer) -> None:
    """Country of "<place> Oblast|Province|...": not the city, but in the city's country."""
    if len(span.words) < 2 or span.words[-1] not in _AREA_WORDS:
        return
    for entity_id in gazetteer.by_key.get(" ".join(span.words[:-1]), ()):
        entity = gazetteer.entities[entity_id]
        if entity.entity_type in _PLACE_TYPES and entity.country_code is not None:
            span.country_code = entity.country_code
            if span.label not in _PLACE_TYPES:
                span.label = "GPE"
            return


def _link_short_names(spans: list[_Span], clusters: _Clusters) -> None:
    """Join a short name to the one longer name it abbreviates, named earlier in the article.

    People: the first or last words of a longer PERSON name ("Lee" -> "Lee Seong-kweun").
    Organisations: the first words of a longer ORG name ("Ford" -> "Ford Motor Company"); not
    the last words, which are generic ("House" is not short for "White House"). The long name
    must come before the first use of the short one: news introduces the full name first, and
    a short name used before it is a name of its own ("Apple Inc." ... "Apple TV"). A short
    name that fits several long names ("Kim" after "Kim Jong Un" and "Kim Yo Jong") is
    ambiguous and stays an entity of its own. An acronym is not a short name ("UN" before
    "UN Security Council"): `_link_initials` handles those. NER often gives a lone surname
    another label ("Zelenskyy" ORG): an ORG short name is tried against organisations first,
    then people; any other label against people, then organisations.
    """
    first: dict[str, _Span] = {}
    for span in spans:
        if span.reference is None:
            first.setdefault(span.key, span)
    for span in first.values():
        if _acronym_letters(span.surface) is not None:
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


def _link_initials(spans: list[_Span], clusters: _Clusters) -> None:
    """Join an acronym to the one name of the article whose initials it is (NIS, ISIL)."""
    for span in spans:
        letters = _acronym_letters(span.surface)
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


def _link_variants(spans: list[_Span], clusters: _Clusters, threshold: float) -> None:
    """Join local clusters of one type whose longest names are spelling variants."""
    groups = _groups(spans, clusters)
    blocks: dict[_Block, list[tuple[str, str]]] = defaultdict(list)
    for root, group in groups.items():
        if root.startswith("ref:"):
            continue
        head = _head(group)
        entity_type = _cluster_type(group, head)
        for block in _candidate_blocks(entity_type, head.key, threshold):
            for key, other in blocks.get(block, ()):
                if clusters.find(other) != clusters.find(root) and is_variant(
                    head.key, key, threshold
                ):
                    clusters.union(other, root)
        blocks[_block(entity_type, head.key)].append((head.key, root))


def _groups(spans: list[_Span], clusters: _Clusters) -> dict[str, list[_Span]]:
    """Spans by cluster root, each group in text order."""
    groups: dict[str, list[_Span]] = defaultdict(list)
    for span in spans:
        groups[clusters.find(span.node)].append(span)
    return groups


def _head(group: list[_Span]) -> _Span:
    """The span that names a local cluster: the longest non-acronym name, first one on ties."""
    return max(
        group,
        key=lambda span: (_acronym_letters(span.surface) is None, len(span.words), -span.start),
    )


def _cluster_type(group: list[_Span], head: _Span) -> str:
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


def _resolved(spans: list[_Span], clusters: _Clusters) -> list[ResolvedMention]:
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
            name = _display_name(head.surface, entity_type)
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


def _block(entity_type: str, key: str) -> _Block:
    """Where a name is indexed for variant search: type, initials of its words, length."""
    return entity_type, "".join(word[0] for word in key.split()), len(key)


def _candidate_blocks(entity_type: str, key: str, threshold: float) -> list[_Block]:
    """Every block that can hold a variant of `key`, so blocking loses no match.

    `is_variant` needs the same initials, and `fuzz.ratio` (200 * common letters / total
    length) at least `threshold` bounds the other name's length to within a factor of
    (200 - threshold) / threshold of this one's, word by word and so in total.
    """
    _, initials, length = _block(entity_type, key)
    low = math.ceil(length * threshold / (200 - threshold) - 1e-9)
    high = math.floor(length * (200 - threshold) / threshold + 1e-9)
    return [(entity_type, initials, size) for size in range(low, high + 1)]


def _record_keys(record: EntityRecord) -> set[tuple[str, bool]]:
    """Typed name keys of an entity record, each with whether it is the canonical name."""
    canonical = _typed_key(record.canonical_name, record.entity_type)
    keys = {(canonical, True)}
    for alias in record.aliases:
        key = _typed_key(alias, record.entity_type)
        if key != canonical:
            keys.add((key, False))
    keys.discard(("", False))
    keys.discard(("", True))
    return keys


class EntityRegistry:
    """The entities an archive already has, and the admission of new ones batch by batch.

    `admit` maps each candidate to an existing entity (same id, or a spelling variant found
    by `EntityLinker`) or admits it as new; it returns the id mapping and the new records.
    """

    def __init__(
        self, known: Sequence[EntityRecord] = (), threshold: float = FUZZY_THRESHOLD
    ) -> None:
        self._ids = {record.entity_id for record in known}
        self._linker = EntityLinker(known, threshold)
        # Ids this registry mapped onto others: the first record of an id decides, in every
        # later batch too, so the result does not depend on how articles were batched.
        self._mapped: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def admit(
        self, candidates: Iterable[EntityRecord]
    ) -> tuple[dict[str, str], list[EntityRecord]]:
        unique: dict[str, EntityRecord] = {}
        earlier: dict[str, str] = {}
        for record in candidates:
            if record.entity_id in self._mapped:
                earlier[record.entity_id] = self._mapped[record.entity_id]
            elif record.entity_id not in self._ids:
                unique.setdefault(record.entity_id, record)
        mapping = self._linker.link(list(unique.values()))
        admitted = [record for entity_id, record in unique.items() if entity_id not in mapping]
        self._ids.update(record.entity_id for record in admitted)
        self._mapped.update(mapping)
        return {**earlier, **mapping}, admitted
