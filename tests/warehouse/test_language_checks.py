"""Language columns of `articles` hold ISO 639-1 codes: the reference table and its check."""

from __future__ import annotations

import pytest

from tests.warehouse.test_checks import article_rows, commit_run, failures, write_run
from warehouse.checks import LANGUAGE_COLUMNS, declared_checks
from warehouse.reference import language_codes, ner_label_rows, verified_table
from warehouse.reference_build import CSV_MARKER, language_rows
from warehouse.store import Store


@pytest.fixture
def store(tmp_path) -> Store:
    """A warehouse whose first run (article a1 and its entities) is committed."""
    store = Store(str(tmp_path / "wh"))
    commit_run(store, "r1", article_rows("a1", "r1"))
    return store


def test_language_codes_are_the_iso_639_1_codes_of_pycountry():
    codes = language_codes()
    assert codes == tuple(row["alpha2"] for row in language_rows())
    assert {"en", "fr", "de", "zh", "nb", "nn"} <= set(codes)
    assert not {"und", "fil", "iw", "zz", "en-US"} & set(codes)
    assert all(len(code) == 2 and code.islower() for code in codes)


def test_generated_language_table_is_marked_and_label_table_is_not():
    assert verified_table("languages.csv").splitlines()[0] == CSV_MARKER
    assert not verified_table("ner_labels.csv").startswith("#")


def test_ner_labels_map_to_the_project_entity_types():
    from transforms.entities import ENTITY_LABELS

    for row in ner_label_rows():
        assert row["language"] in language_codes(), row
        assert row["label"] in ENTITY_LABELS or row["label"] == "", row


def test_every_language_column_has_its_check():
    names = {(check.table, check.name) for check in declared_checks()}
    assert {(table, f"{column}_allowed") for table, column in LANGUAGE_COLUMNS} <= names


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("language", "xx"),
        ("language", "en-US"),
        ("language", "fil"),
        ("language", "und"),
    ],
    ids=["unknown-detected", "region-tag-detected", "three-letter-detected", "und-stored"],
)
def test_a_code_that_is_not_iso_639_1_fails_its_check(store, column, value):
    rows = article_rows("a2", "r2")
    rows["articles"][0][column] = value
    assert list(failures(store, "r2", write_run(store, "r2", rows))) == [
        ("articles", f"{column}_allowed")
    ]


def test_a_declared_code_is_kept_as_the_input_gave_it(store):
    rows = article_rows("a2", "r2")
    rows["articles"][0].update(language="tl", declared_language="fil")
    assert failures(store, "r2", write_run(store, "r2", rows)) == {}


@pytest.mark.parametrize("value", ["fr", None], ids=["iso-code", "null-undetermined"])
def test_a_code_or_null_passes(store, value):
    rows = article_rows("a2", "r2")
    rows["articles"][0].update(language=value, declared_language=value)
    assert failures(store, "r2", write_run(store, "r2", rows)) == {}
