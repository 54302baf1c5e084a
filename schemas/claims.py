"""`claims`: reported counts of people, with bounds, claimant and date, one per fact per article."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, DERIVED_TAIL, END_CHAR, SPAN_TEXT, START_CHAR
from schemas.quantities import QUALIFIERS
from schemas.table import Column, TableSchema

# What happened to the counted people (../shared/corpus/claims-dev/GUIDELINES.md, section 2).
KILLED = "killed"
INJURED = "injured"
# Killed and injured together when the text gives no split ("13 killed or wounded").
CASUALTIES = "casualties"
# Taken by an armed party; taken by police or other authorities is ARRESTED.
CAPTURED = "captured"
KIDNAPPED = "kidnapped"
ARRESTED = "arrested"
MISSING = "missing"
DISPLACED = "displaced"
# Force sizes and the armed party that carried out an attack.
DEPLOYED = "deployed"
CATEGORIES = (
    KILLED,
    INJURED,
    CASUALTIES,
    CAPTURED,
    KIDNAPPED,
    ARRESTED,
    MISSING,
    DISPLACED,
    DEPLOYED,
)

# How the source puts the figure (issue 19): only reported figures are tolls.
REPORTED = "reported"
# A forecast or model estimate of what will happen: "could die", "models project".
PROJECTED = "projected"
# A condition or a possibility: "if the dam broke, 300 would be killed", "may have been killed".
HYPOTHETICAL = "hypothetical"
# The source denies the figure: "police denied that 20 were killed".
DENIED = "denied"
MODALITIES = (REPORTED, PROJECTED, HYPOTHETICAL, DENIED)

CLAIMS = TableSchema(
    name="claims",
    grain="one row per (category, subject, value) reported in an article, at its first mention",
    primary_key=("article_id", "start_char", "end_char", "category"),
    partition_by="published_month",
    derived=True,
    description="Who reported which count of people, in which category, about whom, for when.",
    columns=(
        ARTICLE_ID,
        Column("category", pa.string(), "One of: " + ", ".join(CATEGORIES) + ".", False),
        Column("value", pa.float64(), "The count as reported.", nullable=False),
        Column("low", pa.float64(), "Least count the wording allows; null when open."),
        Column("high", pa.float64(), "Greatest count the wording allows; null when open."),
        Column("qualifier", pa.string(), "One of: " + ", ".join(QUALIFIERS) + ".", False),
        Column("negated", pa.bool_(), "An explicit zero ('no one was injured').", False),
        Column(
            "modality",
            pa.string(),
            "How the source puts the figure, one of: " + ", ".join(MODALITIES) + " (only "
            "reported figures are tolls; `claims_timeline` shows those). Null in rows written "
            "before the column existed, which the views read as reported.",
        ),
        Column(
            "subject_text", pa.string(), "The counted people as written ('North Korean soldiers')."
        ),
        Column("subject_group", pa.string(), "The group word of the subject ('soldiers')."),
        Column(
            "subject_key",
            pa.string(),
            "One key per counted group across spellings and wordings: "
            "'<country>/<group>[@<organisation entity id>]'. <country> is the lower-case ISO "
            "3166 alpha-3 code a nationality or place among the subject's modifiers names (the "
            "written name, hyphenated, when the reference data lacks it), '-' for none; <group> "
            "is the head noun's lemma in its canonical spelling and group word "
            "(schemas/reference/spelling_variants.csv, subject_words.csv) after the modifiers "
            "that define the group (compound nouns, 'civilian', 'police'); evaluative and event "
            "words ('slain', 'more', 'wounded') are left out. 'North Korean soldiers', "
            "'soldiers of North Korea' and 'DPRK troops' are 'prk/soldier'; 'slain protestors' "
            "is '-/protester'; 'Hamas fighters' '-/fighter@org:hamas'. 'Others' takes its "
            "antecedent's key; null without a subject.",
        ),
        Column("subject_entity_id", pa.string(), "Entity the counted people belong to."),
        Column(
            "claimant_text",
            pa.string(),
            "Who reported the figure (original source); null when unattributed.",
        ),
        Column("claimant_entity_id", pa.string(), "Entity of the claimant."),
        Column(
            "claimant_key",
            pa.string(),
            "One key per claimant across spellings and articles: the person's entity id, or "
            "'org:<country>/<words>' ('org:ostria/defence-ministry' for \"Ostria's defence "
            'ministry" and "the Ostrian defense ministry"); a bare "the ministry" takes the '
            "key of the article's last claimant it names. Views group claimants by it.",
        ),
        Column(
            "claimant_chain",
            pa.list_(pa.string()),
            "Everyone the figure passed through, outermost speaker first, original source last.",
        ),
        Column(
            "reporting_verb", pa.string(), "Lemma of the reporting verb (say, report, claim...)."
        ),
        Column("hedge", pa.string(), "Hedging word in the sentence (alleged, estimated...)."),
        Column(
            "location_entity_id",
            pa.string(),
            "Place the figure is about: the one the sentence puts it in, else the article's "
            "main place (its most-mentioned place, a dateline's counting; ties to the first).",
        ),
        Column(
            "location_country",
            pa.string(),
            "ISO 3166 alpha-3 code of the country of location_entity_id (the place itself for "
            "a country), as entity resolution gives it; null when unknown.",
        ),
        Column(
            "as_of_date",
            pa.date32(),
            "Date the figure refers to: from the sentence, else publication.",
        ),
        Column("is_cumulative", pa.bool_(), "A running total rather than one incident.", False),
        Column(
            "is_implausible",
            pa.bool_(),
            "The count exceeds the world's population (8.2 billion): a misread number or an "
            "error in the source, kept for review.",
            False,
        ),
        Column("sentence", pa.string(), "The sentence that carries the figure.", nullable=False),
        SPAN_TEXT,
        START_CHAR,
        END_CHAR,
        Column("sentence_index", pa.int32(), "0-based index of the sentence in the article."),
        Column(
            "cluster_id",
            pa.string(),
            "Same claimant, category, subject and value across articles = same cluster.",
            nullable=False,
        ),
        *DERIVED_TAIL,
    ),
)
