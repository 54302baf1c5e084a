"""JSON and JSONL inputs: one article per record, a record that cannot be read kept as a reject."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from schemas.errors import InputError
from schemas.input_formats import JSON, JSONL
from transforms.readers.checks import checked_article
from transforms.readers.types import ParsedFile, RawArticle

# Accepted keys in JSON records, in order of preference.
TEXT_KEYS = ("text", "body", "content")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "pubDate", "published_at")
SOURCE_KEYS = ("source", "publisher", "outlet")
LANGUAGE_KEYS = ("language", "lang")


def parse_json(text: str) -> ParsedFile:
    """A JSON file: an array of records, an object with an "articles" array, or one record."""
    return _parsed_records(JSON, _json_records(text))


def parse_jsonl(text: str) -> ParsedFile:
    """A JSONL file: one record per line, blank lines skipped."""
    return _parsed_records(JSONL, _jsonl_records(text))


def _parsed_records(kind: str, records: Iterator[tuple[int, Any]]) -> ParsedFile:
    """The articles the records give and the records refused.

    When no record gave an article and every refusal concerns the whole file, the first
    refusal is raised instead.
    """
    articles: list[RawArticle] = []
    rejects: list[InputError] = []
    for position, record in records:
        try:
            articles.append(article_from_record(record, kind, position))
        except InputError as error:
            rejects.append(error)
    if not articles and rejects and all(reject.position == -1 for reject in rejects):
        raise rejects[0]
    return ParsedFile(kind, tuple(articles), tuple(rejects))


def _json_records(text: str) -> Iterator[tuple[int, Any]]:
    """(position, record) of each record of a JSON document; InputError if it is not JSON."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg} at line {error.lineno}") from None
    except (ValueError, RecursionError) as error:
        # Valid JSON Python will not hold: over 4,300 digits in a number, nesting past the
        # recursion limit.
        raise InputError(f"unreadable JSON: {error}") from None
    if isinstance(document, list):
        yield from enumerate(document)
    elif isinstance(document, dict) and isinstance(document.get("articles"), list):
        yield from enumerate(document["articles"])
    else:
        yield 0, document


def _jsonl_records(text: str) -> Iterator[tuple[int, Any]]:
    """(line index, record) of each line; a line that is not JSON gives an InputError instead."""
    for line_number, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            yield line_number, json.loads(line)
        except json.JSONDecodeError as error:
            yield (
                line_number,
                InputError(f"line {line_number + 1}: invalid JSON: {error.msg}", line_number),
            )
        except (ValueError, RecursionError) as error:  # see _json_records
            reason = f"line {line_number + 1}: unreadable JSON: {error}"
            yield line_number, InputError(reason, line_number)


def article_from_record(record: Any, kind: str, position: int) -> RawArticle:
    """One JSON object as an article; the accepted keys are the *_KEYS tuples above."""
    if isinstance(record, InputError):
        raise record
    where = f"record {position}" if kind == JSON else f"line {position + 1}"
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected an object, got {type(record).__name__}", position)
    text = _first_value(record, TEXT_KEYS, where, position, kinds=str)
    if text is None or not text.strip():
        raise InputError(f"{where}: no text (expected one of {', '.join(TEXT_KEYS)})", position)
    external_id = record.get("id")
    article = RawArticle(
        text=text,
        title=_first_value(record, TITLE_KEYS, where, position),
        published_raw=_first_value(record, DATE_KEYS, where, position),
        source=_first_value(record, SOURCE_KEYS, where, position),
        byline=_first_value(record, ("byline", "author"), where, position),
        url=_first_value(record, ("url", "link"), where, position),
        external_id=None if external_id is None else str(external_id),
        language=_first_value(record, LANGUAGE_KEYS, where, position),
        format=kind,
        position=position,
    )
    return checked_article(article, where)


def _first_value(
    record: dict,
    keys: tuple[str, ...],
    where: str,
    position: int,
    kinds: type | tuple[type, ...] = (str, int, float),
) -> str | None:
    """The first of `keys` the record has, as a string; a value not of `kinds` is an error.

    Numbers are accepted where a source may write one (an id, a date, a title "2024"); the
    text must be a string.
    """
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise InputError(
                f"{where}: field {key!r} should be a string, got {type(value).__name__}", position
            )
        return str(value)
    return None
