"""`articles`: the raw layer, one row per distinct article, never rewritten."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, PUBLISHED_MONTH, RUN_ID
from schemas.input_formats import INPUT_FORMATS
from schemas.table import Column, TableSchema

# The two orders of day and month in a numeric date.
DMY = "dmy"
MDY = "mdy"

# How day/month order of a publication date was decided (the date_order_rule column). The
# format fixes it (ISO 8601 and year-first numeric dates, RFC 2822, a month name); or one of
# the numbers is over 12; or, both <= 12, the source's other dates, the locale, else DMY.
RULE_ISO = "iso"
RULE_RFC2822 = "rfc2822"
RULE_MONTH_NAME = "month_name"
RULE_UNAMBIGUOUS_DMY = "unambiguous_dmy"
RULE_UNAMBIGUOUS_MDY = "unambiguous_mdy"
RULE_SOURCE_EVIDENCE_DMY = "source_evidence_dmy"
RULE_SOURCE_EVIDENCE_MDY = "source_evidence_mdy"
RULE_LOCALE_DMY = "locale_dmy"
RULE_LOCALE_MDY = "locale_mdy"
RULE_DEFAULT_DMY = "default_dmy"
# A date string no shape reads: published_date is null.
RULE_UNPARSED = "unparsed"
DATE_ORDER_RULES = (
    RULE_ISO,
    RULE_RFC2822,
    RULE_MONTH_NAME,
    RULE_UNAMBIGUOUS_DMY,
    RULE_UNAMBIGUOUS_MDY,
    RULE_SOURCE_EVIDENCE_DMY,
    RULE_SOURCE_EVIDENCE_MDY,
    RULE_LOCALE_DMY,
    RULE_LOCALE_MDY,
    RULE_DEFAULT_DMY,
    RULE_UNPARSED,
)
# The values of `date_order_rule` that record a date whose own numbers fixed its day/month
# order, and the order each fixed: a source's stored dates are evidence for its other ones.
EVIDENCE_RULES = {RULE_UNAMBIGUOUS_DMY: DMY, RULE_UNAMBIGUOUS_MDY: MDY}
# The rule of an ambiguous date decided by its source's evidence, and by its locale, per order.
SOURCE_EVIDENCE_RULES = {DMY: RULE_SOURCE_EVIDENCE_DMY, MDY: RULE_SOURCE_EVIDENCE_MDY}
LOCALE_RULES = {DMY: RULE_LOCALE_DMY, MDY: RULE_LOCALE_MDY}

# Flags on a publication date (the date_flags column): after the latest local date on earth
# at ingest; before 1900; a two-digit year, whose century the POSIX pivot chose.
FLAG_FUTURE = "future"
FLAG_BEFORE_1900 = "before_1900"
FLAG_TWO_DIGIT_YEAR = "two_digit_year"
DATE_FLAGS = (FLAG_FUTURE, FLAG_BEFORE_1900, FLAG_TWO_DIGIT_YEAR)

# Problems found in an article's text, and what reading did about them (the text_flags
# column). The readers (transforms/readers/decoding.py) repair the characters; the article
# row (transforms/articles.py) adds NOT_ENGLISH.
INVALID_BYTES = "invalid_bytes"
CONTROL_CHARS = "control_chars"
MOJIBAKE = "mojibake"
NOT_ENGLISH = "not_english"
# The readers also flag a page whose declared encoding its bytes contradict (decoded by
# detection instead), and a feed item kept with its headline only (no text in the feed).
MISDECLARED_ENCODING = "misdeclared_encoding"
HEADLINE_ONLY = "headline_only"
# A page whose text is a list of short lines (links, headlines, a notice): stored, not extracted.
BOILERPLATE = "boilerplate"
# What each flag means, for the column's description.
TEXT_FLAG_MEANINGS = {
    INVALID_BYTES: "bytes not valid in the file's encoding, read as Windows-1252 or U+FFFD",
    CONTROL_CHARS: "NUL and other control characters, removed",
    MOJIBAKE: "text once decoded with the wrong code page, repaired by ftfy",
    NOT_ENGLISH: (
        "not extracted with the English pipeline because the text is not English (the "
        "detected language is another), or is too short to tell and neither declared nor "
        "reading as English; extracted only where a pipeline for its language is installed"
    ),
    MISDECLARED_ENCODING: (
        "the page's declared encoding does not fit its bytes: decoded by detection instead"
    ),
    HEADLINE_ONLY: "a feed item with a title and a date but no text: its text is its title",
    BOILERPLATE: (
        "a page whose text is a list of short lines with almost no prose (links, headlines, "
        "a notice): stored, not extracted"
    ),
}
TEXT_FLAGS = tuple(TEXT_FLAG_MEANINGS)
# How counts per language name the articles whose language is null (ISO 639-2 "undetermined").
UNDETERMINED_LANGUAGE = "und"

# What found an HTML page's publication date (the date_source column; null for other inputs,
# whose date is the input's own field): the page's metadata stating the time, htmldate's fast
# search of the markup, or its extensive search of the text (only when the fast one found none);
# for a page read from a WARC that states no date, the record's capture time (WARC-Date), a
# fallback: a page is published at or before its capture.
DATE_SOURCE_METADATA = "html_metadata"
DATE_SOURCE_HTMLDATE = "htmldate"
DATE_SOURCE_EXTENSIVE = "htmldate_extensive"
DATE_SOURCE_WARC = "warc_date"
DATE_SOURCES = (
    DATE_SOURCE_METADATA,
    DATE_SOURCE_HTMLDATE,
    DATE_SOURCE_EXTENSIVE,
    DATE_SOURCE_WARC,
)

ARTICLES = TableSchema(
    name="articles",
    grain="one row per distinct article (same normalized title and text = same article)",
    primary_key=("article_id",),
    partition_by="published_month",
    description="Every article as read, with its provenance and normalized publication date.",
    columns=(
        ARTICLE_ID,
        Column(
            "external_id",
            pa.string(),
            "The input's own id for the article, when it has one (a WARC record: its "
            "WARC-Record-ID).",
        ),
        Column("title", pa.string(), "Headline."),
        Column(
            "text",
            pa.string(),
            "Body text exactly as given (text and JSON inputs); every offset indexes into it.",
            nullable=False,
        ),
        Column(
            "duplicate_of",
            pa.string(),
            "article_id of the earliest stored article this one nearly copies (syndicated or "
            "lightly edited copy: word 5-shingle Jaccard >= 0.7 by MinHash LSH, see "
            "transforms/near_duplicates.py), or that has the same normalized URL (the same "
            "story under two URLs, transforms/urls.py); null when it copies none.",
        ),
        Column("published_date", pa.date32(), "Publication date, normalized."),
        Column("published_at", pa.timestamp("us", tz="UTC"), "Publication time, when given."),
        Column("published_raw", pa.string(), "Publication date as the source wrote it."),
        Column(
            "date_order_rule",
            pa.string(),
            "How day/month order of published_raw was decided: "
            + ", ".join(DATE_ORDER_RULES)
            + ".",
        ),
        Column(
            "is_date_ambiguous",
            pa.bool_(),
            "True when day and month could both be either and the format did not fix the order.",
        ),
        Column(
            "date_flags",
            pa.list_(pa.string()),
            "Flags on the publication date: " + ", ".join(DATE_FLAGS) + ".",
        ),
        Column(
            "date_source",
            pa.string(),
            "What found an HTML page's publication date: "
            + ", ".join(DATE_SOURCES)
            + "; null for other inputs.",
        ),
        Column(
            "modified_date",
            pa.date32(),
            "Date the page says the article was last updated, when it states one besides the "
            "publication date (HTML pages).",
        ),
        Column(
            "modified_at",
            pa.timestamp("us", tz="UTC"),
            "Time of that update, when the page states its time and zone.",
        ),
        Column("source", pa.string(), "Outlet or publisher."),
        Column("byline", pa.string(), "Byline or author as given, when the input has one."),
        Column(
            "url",
            pa.string(),
            "Canonical URL of the article, when known; for a WARC record, the URI it was "
            "captured from (WARC-Target-URI).",
        ),
        Column(
            "language",
            pa.string(),
            "Language of the text as detected from the text (py3langid), ISO 639-1; null when "
            "the text has under 20 letters or the detector is under 0.5 sure (see "
            "transforms/language.py). Rows stored before detection hold the declared code.",
        ),
        Column(
            "language_confidence",
            pa.float64(),
            "The detector's probability of its top language (0-1), also when under the "
            "threshold; null when the text was too short to be judged.",
        ),
        Column(
            "declared_language",
            pa.string(),
            "Language the input declared (HTML lang, feed or JSON language), as its primary "
            "subtag in lower case ('en-US' -> 'en'); null when none. It orders ambiguous "
            "publication dates (the locale rule).",
        ),
        Column(
            "text_flags",
            pa.list_(pa.string()),
            "Problems with the text as read, and what reading did: "
            + ", ".join(f"{flag} ({TEXT_FLAG_MEANINGS[flag]})" for flag in TEXT_FLAGS)
            + ".",
        ),
        Column(
            "format",
            pa.string(),
            "Input format: " + ", ".join(INPUT_FORMATS) + ".",
            nullable=False,
        ),
        Column("source_path", pa.string(), "Path or URL of the input file.", nullable=False),
        Column(
            "source_position",
            pa.int64(),
            "Position of the article in its file: 0-based line, array index or feed item; "
            "for a WARC, the record's byte offset (in the file for gzip per record and "
            "uncompressed files, in the decompressed stream for a whole-file gzip). 64-bit: "
            "files written when it was 32-bit are read widened.",
            nullable=False,
        ),
        Column("source_sha256", pa.string(), "sha256 of the input file's bytes.", nullable=False),
        Column(
            "ingested_at",
            pa.timestamp("us", tz="UTC"),
            "When the article was first stored.",
            nullable=False,
        ),
        RUN_ID,
        PUBLISHED_MONTH,
    ),
)
