"""`entities`: one row per distinct entity, with canonical name and identifiers."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import RUN_ID
from schemas.table import Column, TableSchema

ENTITIES = TableSchema(
    name="entities",
    grain="one row per entity (spelling variants, short forms and acronyms joined)",
    primary_key=("entity_id",),
    description="People, organisations, places and groups, with ids from reference data.",
    columns=(
        Column(
            "entity_id",
            pa.string(),
            "Stable id: geonames:<id> for places and countries, else type:slug "
            "(person:lee-seong-kweun).",
            nullable=False,
        ),
        Column("canonical_name", pa.string(), "Preferred name.", nullable=False),
        Column(
            "entity_type",
            pa.string(),
            "OntoNotes type of the entity (PERSON, ORG, GPE, LOC, NORP, FAC...).",
            nullable=False,
        ),
        Column("aliases", pa.list_(pa.string()), "Names seen for it when it was first stored."),
        Column("country_code", pa.string(), "ISO 3166 alpha-3 of the country, for places."),
        Column("geonames_id", pa.int64(), "GeoNames id, for places."),
        Column("wikidata_id", pa.string(), "Wikidata id, where the reference data has it."),
        Column(
            "extractor_version",
            pa.string(),
            "Code version plus spaCy model name and version that produced this row.",
            nullable=False,
        ),
        RUN_ID,
    ),
)
