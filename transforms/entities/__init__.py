"""Entity resolution: every named-entity mention gets a stable `entity_id`.

Pure functions over plain values: mentions come in as text spans with their NER label, the
reference data as a `Gazetteer` (`build_gazetteer`, from the rows `warehouse.reference` reads).
No I/O.

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
   a wrong NER label (Kursk PRODUCT -> GPE) when the context is evidence enough. Where
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

Modules: `names` (name keys and local ids), `fuzzy` (spelling variants and their blocking),
`gazetteer` (the reference entities, indexed, and their building from rows and alias files),
`mentions` (the mention types), `resolution` (`resolve_article`), `clusters` (clustering inside
an article) and `registry` (entity rows, `link_entities`, `EntityRegistry`).
"""

from transforms.entities.fuzzy import FUZZY_THRESHOLD, is_variant
from transforms.entities.gazetteer import (
    AliasEntry,
    Gazetteer,
    ReferenceEntity,
    alias_entries,
    build_gazetteer,
    check_alias_file,
)
from transforms.entities.mentions import ENTITY_LABELS, Mention, ResolvedMention
from transforms.entities.names import local_entity_id, name_key
from transforms.entities.registry import (
    EntityLinker,
    EntityRecord,
    EntityRegistry,
    entity_records,
    link_entities,
)
from transforms.entities.resolution import resolve_article

__all__ = [
    "ENTITY_LABELS",
    "FUZZY_THRESHOLD",
    "AliasEntry",
    "EntityLinker",
    "EntityRecord",
    "EntityRegistry",
    "Gazetteer",
    "Mention",
    "ReferenceEntity",
    "ResolvedMention",
    "alias_entries",
    "build_gazetteer",
    "check_alias_file",
    "entity_records",
    "is_variant",
    "link_entities",
    "local_entity_id",
    "name_key",
    "resolve_article",
]
