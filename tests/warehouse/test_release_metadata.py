"""How a release is cited and found: CITATION.cff, the card's front matter and DataCite
metadata, as `warehouse.snapshots.citation` makes them (the release itself: test_publish)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from warehouse.snapshots.citation import (
    CFF_REQUIRED,
    DATACITE_REQUIRED,
    NO_LICENCE_RIGHTS,
    Credits,
    card_metadata,
    cff_authors,
    citation_document,
    datacite_document,
    datacite_licence,
    front_matter,
    hub_license,
    pretty_name_version,
    size_category,
    with_front_matter,
)

CREATED = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "given, expected",
    [
        ("CC-BY-4.0", {"license": "cc-by-4.0"}),
        ("MIT", {"license": "mit"}),
        ("CC0-1.0", {"license": "cc0-1.0"}),
        ("ODbL-1.0", {"license": "other", "license_name": "odbl-1.0"}),
        (
            "LicenseRef-Newsroom-Terms",
            {"license": "other", "license_name": "licenseref-newsroom-terms"},
        ),
        (None, {"license": "unknown"}),
    ],
    ids=["spdx-on-hub", "mit", "cc0", "spdx-not-on-hub", "custom", "none-given"],
)
def test_the_card_licence_is_the_hub_id_other_or_unknown(given, expected):
    assert hub_license(given) == expected


@pytest.mark.parametrize(
    "n, bucket",
    [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"), (1790, "1K<n<10K"), (250_000, "100K<n<1M")],
    ids=["empty", "just-under-1k", "1k", "corpus-size", "quarter-million"],
)
def test_size_category_is_the_hub_bucket_of_the_articles(n, bucket):
    assert size_category(n) == bucket


@pytest.mark.parametrize(
    "credits, expected",
    [
        (
            Credits(authors=("Doe, Jane", "Example Lab")),
            [{"family-names": "Doe", "given-names": "Jane"}, {"name": "Example Lab"}],
        ),
        (Credits(publisher="Example Lab"), [{"name": "Example Lab"}]),
        (Credits(), [{"name": "newsledger"}]),
    ],
    ids=["person-and-organisation", "no-author-publisher", "no-author-no-publisher"],
)
def test_authors_are_never_made_up(credits, expected):
    assert cff_authors(credits) == expected


def test_citation_has_the_required_keys_and_the_licence_only_when_given():
    credits = Credits(title="Wire figures", authors=("Doe, Jane",), url="https://example.org/r")
    with_licence = citation_document(
        credits, version="1.2.0", created=CREATED, license_id="CC-BY-4.0", abstract="About."
    )
    parsed = yaml.safe_load(yaml.safe_dump(with_licence))
    assert all(parsed.get(key) for key in CFF_REQUIRED)
    assert parsed["type"] == "dataset" and parsed["cff-version"] == "1.2.0"
    assert (parsed["version"], parsed["date-released"]) == ("1.2.0", "2026-12-06")
    assert (parsed["license"], parsed["url"]) == ("CC-BY-4.0", "https://example.org/r")
    without = citation_document(
        Credits(), version="1.2.0", created=CREATED, license_id=None, abstract="About."
    )
    assert "license" not in without and "url" not in without


def test_datacite_names_the_rights_or_says_there_are_none():
    common = {
        "version": "2.0.0",
        "created": CREATED,
        "abstract": "About.",
        "coverage": (dt.date(2025, 1, 1), dt.date(2025, 2, 1)),
        "languages": ["en", "fr"],
        "sizes": ["3 articles"],
    }
    credits = Credits(authors=("Doe, Jane", "Example Lab"), publisher="Example Lab")
    document = datacite_document(credits, license_id="CC-BY-4.0", **common)
    attributes = document["data"]["attributes"]
    assert document["data"]["type"] == "dois"
    assert all(attributes.get(key) for key in DATACITE_REQUIRED)
    assert attributes["types"]["resourceTypeGeneral"] == "Dataset"
    assert attributes["publicationYear"] == 2026 and attributes["version"] == "2.0.0"
    assert [creator["nameType"] for creator in attributes["creators"]] == [
        "Personal",
        "Organizational",
    ]
    assert attributes["creators"][0]["familyName"] == "Doe"
    assert attributes["publisher"] == "Example Lab" and attributes["language"] == "en"
    assert datacite_licence(document) == "cc-by-4.0"
    assert "relatedIdentifiers" not in attributes
    none = datacite_document(Credits(url="https://example.org/r"), license_id=None, **common)
    assert none["data"]["attributes"]["rightsList"] == [{"rights": NO_LICENCE_RIGHTS}]
    assert datacite_licence(none) is None
    assert none["data"]["attributes"]["relatedIdentifiers"][0]["relationType"] == "IsPartOf"


def test_card_front_matter_round_trips_with_one_config_per_table():
    metadata = card_metadata(
        Credits(title="Wire figures"),
        version="1.0.0",
        license_id="ODbL-1.0",
        languages=["en"],
        articles=1790,
        data_files={"articles": "data/articles.parquet", "claims": "data/claims.parquet"},
    )
    text = with_front_matter(metadata, "# Card\n\nText: with a colon.\n")
    parsed = front_matter(text)
    assert parsed == metadata
    assert (parsed["license"], parsed["license_name"]) == ("other", "odbl-1.0")
    assert parsed["size_categories"] == ["1K<n<10K"] and parsed["language"] == ["en"]
    assert [config["config_name"] for config in parsed["configs"]] == ["articles", "claims"]
    assert parsed["configs"][1]["data_files"] == [{"split": "train", "path": "data/claims.parquet"}]
    assert pretty_name_version(parsed) == "1.0.0"
    assert text.endswith("# Card\n\nText: with a colon.\n")


@pytest.mark.parametrize(
    "text",
    ["# Card without front matter\n", "---\nlicense: mit\n# never closed\n", "---\n- a\n---\n"],
    ids=["none", "unclosed", "not-a-mapping"],
)
def test_a_card_without_readable_front_matter_is_refused(text):
    with pytest.raises(ValueError):
        front_matter(text)
