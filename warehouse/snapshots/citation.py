"""How a release is cited and found: `CITATION.cff`, the dataset card's YAML front matter and
`datacite.json`, made from one `Credits` (the user's settings) and the release's facts.

- `CITATION.cff`: Citation File Format 1.2.0 (https://citation-file-format.github.io/), the
  file GitHub, Zenodo and reference managers read.
- The card's front matter follows the Hugging Face dataset-card metadata
  (https://github.com/huggingface/hub-docs/blob/main/datasetcard.md): license, pretty_name,
  language, tags, size_categories, and one `configs` entry per table with its `data_files`,
  so the release folder loads as-is with `datasets.load_dataset(<folder>, "<table>")`.
- `datacite.json`: DataCite Metadata Schema 4.x in the JSON:API form DataCite's REST API takes
  (`{"data": {"type": "dois", "attributes": ...}}`), without a DOI: the archive that mints one
  adds it.

Nobody is made up as an author: with no `release_authors` setting, the release names an
organisation, `release_publisher` if set, else the project that made it (`newsledger`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

PROJECT = "newsledger"
DEFAULT_TITLE = "newsledger: figures reported in news articles, by whom and when"
CFF_VERSION = "1.2.0"
CFF_REQUIRED = ("cff-version", "message", "title", "authors", "type", "version", "date-released")
DATACITE_REQUIRED = ("types", "titles", "creators", "publisher", "publicationYear")
DATACITE_SCHEMA = "http://datacite.org/schema/kernel-4"
SPDX_URL = "https://spdx.org/licenses/"
# What DataCite's rightsList says when the user gave no licence (as the card does).
NO_LICENCE_RIGHTS = "No licence given: all rights remain with the publishers of the articles."
# The hub's value for a card without a licence ("Unknown" in its list).
HUB_NO_LICENCE = "unknown"
HUB_OTHER = "other"
# The licence identifiers the Hugging Face Hub knows, from its list
# (https://huggingface.co/docs/hub/repositories-licenses); any other licence is written
# `license: other` with `license_name`.
HUB_LICENSES = frozenset(
    (
        "apache-2.0",
        "mit",
        "openrail",
        "bigscience-openrail-m",
        "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0",
        "bigcode-openrail-m",
        "afl-3.0",
        "artistic-2.0",
        "bsl-1.0",
        "bsd",
        "bsd-2-clause",
        "bsd-3-clause",
        "bsd-3-clause-clear",
        "c-uda",
        "cc",
        "cc0-1.0",
        "cc-by-2.0",
        "cc-by-2.5",
        "cc-by-3.0",
        "cc-by-4.0",
        "cc-by-sa-3.0",
        "cc-by-sa-4.0",
        "cc-by-nc-2.0",
        "cc-by-nc-3.0",
        "cc-by-nc-4.0",
        "cc-by-nd-4.0",
        "cc-by-nc-nd-3.0",
        "cc-by-nc-nd-4.0",
        "cc-by-nc-sa-2.0",
        "cc-by-nc-sa-3.0",
        "cc-by-nc-sa-4.0",
        "cdla-sharing-1.0",
        "cdla-permissive-1.0",
        "cdla-permissive-2.0",
        "wtfpl",
        "ecl-2.0",
        "epl-1.0",
        "epl-2.0",
        "etalab-2.0",
        "eupl-1.1",
        "agpl-3.0",
        "gfdl",
        "gpl",
        "gpl-2.0",
        "gpl-3.0",
        "lgpl",
        "lgpl-2.1",
        "lgpl-3.0",
        "isc",
        "lppl-1.3c",
        "ms-pl",
        "mpl-2.0",
        "odc-by",
        "odbl",
        "openrail++",
        "osl-3.0",
        "postgresql",
        "ofl-1.1",
        "ncsa",
        "unlicense",
        "zlib",
        "pddl",
        "lgpl-lr",
    )
)
# The hub's size_categories buckets: (upper bound, name), for the number of articles.
SIZE_BUCKETS = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
)
TAGS = ("news", "information-extraction", "claims", "casualties", "newsledger")
# The config the hub shows first: the table the dataset is about.
DEFAULT_CONFIG = "claims"
SPLIT = "train"  # the split name the dataset tooling uses for a single split


@dataclass(frozen=True, slots=True)
class Credits:
    """Who made a release and what it is called (the `release_*` settings).

    An author written "Family, Given" is a person; any other is an organisation.
    """

    title: str = DEFAULT_TITLE
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    url: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping | None) -> Credits:
        """Credits from plain values (a flow's parameters); missing or empty ones default."""
        values = values or {}
        return cls(
            title=values.get("title") or DEFAULT_TITLE,
            authors=tuple(values.get("authors") or ()),
            publisher=values.get("publisher") or None,
            url=values.get("url") or None,
        )

    @property
    def maker(self) -> str:
        """The organisation named when no author is set, and DataCite's publisher."""
        return self.publisher or PROJECT


def split_name(author: str) -> tuple[str, str] | None:
    """('Family', 'Given') for "Family, Given"; None for an organisation's name."""
    family, comma, given = author.partition(",")
    if not comma or not family.strip() or not given.strip():
        return None
    return family.strip(), given.strip()


def cff_authors(credits: Credits) -> list[dict]:
    """CFF persons (family-names, given-names) and entities (name); at least one."""
    authors = []
    for author in credits.authors or (credits.maker,):
        names = split_name(author)
        if names is None:
            authors.append({"name": author.strip()})
        else:
            authors.append({"family-names": names[0], "given-names": names[1]})
    return authors


def citation_document(
    credits: Credits,
    *,
    version: str,
    created: dt.datetime,
    license_id: str | None,
    abstract: str,
) -> dict:
    """The CITATION.cff document of a release (no `license` key when none was given)."""
    document: dict = {
        "cff-version": CFF_VERSION,
        "message": "If you use this dataset, please cite it using these metadata.",
        "type": "dataset",
        "title": credits.title,
        "version": version,
        "date-released": created.date().isoformat(),
        "authors": cff_authors(credits),
        "abstract": abstract,
        "keywords": list(TAGS),
    }
    if license_id:
        document["license"] = license_id
    if credits.url:
        document["url"] = credits.url
    return document


def hub_license(license_id: str | None) -> dict:
    """The card's licence keys: the hub's id, `other` with `license_name`, or `unknown`."""
    if not license_id:
        return {"license": HUB_NO_LICENCE}
    lowered = license_id.lower()
    if lowered in HUB_LICENSES:
        return {"license": lowered}
    return {"license": HUB_OTHER, "license_name": lowered}


def size_category(n: int) -> str:
    for bound, name in SIZE_BUCKETS:
        if n < bound:
            return name
    return "n>1B"


def card_metadata(
    credits: Credits,
    *,
    version: str,
    license_id: str | None,
    languages: list[str],
    articles: int,
    data_files: Mapping[str, str],
) -> dict:
    """The card's front matter; `data_files` maps each table to its path in the release."""
    return {
        **hub_license(license_id),
        "pretty_name": f"{credits.title} {version}",
        **({"language": list(languages)} if languages else {}),
        "tags": list(TAGS),
        "annotations_creators": ["machine-generated"],
        "size_categories": [size_category(articles)],
        "configs": [
            {
                "config_name": table,
                "data_files": [{"split": SPLIT, "path": path}],
                **({"default": True} if table == DEFAULT_CONFIG else {}),
            }
            for table, path in data_files.items()
        ],
    }


def pretty_name_version(metadata: dict) -> str | None:
    """The version a card's `pretty_name` ends with (`card_metadata` writes it so)."""
    name = metadata.get("pretty_name")
    return name.rsplit(" ", 1)[-1] if isinstance(name, str) and " " in name else None


def datacite_document(
    credits: Credits,
    *,
    version: str,
    created: dt.datetime,
    license_id: str | None,
    abstract: str,
    coverage: tuple[object, object],
    languages: list[str],
    sizes: list[str],
) -> dict:
    """The DataCite metadata of a release, as the REST API takes a draft DOI's attributes."""
    creators = []
    for author in credits.authors or (credits.maker,):
        names = split_name(author)
        if names is None:
            creators.append({"name": author.strip(), "nameType": "Organizational"})
        else:
            creators.append(
                {
                    "name": f"{names[0]}, {names[1]}",
                    "nameType": "Personal",
                    "familyName": names[0],
                    "givenName": names[1],
                }
            )
    if license_id:
        rights = {
            "rights": license_id,
            "rightsIdentifier": license_id.lower(),
            "rightsIdentifierScheme": "SPDX",
            "schemeUri": SPDX_URL,
            "rightsUri": f"{SPDX_URL}{license_id}.html",
        }
    else:
        rights = {"rights": NO_LICENCE_RIGHTS}
    first, last = coverage
    attributes: dict = {
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "newsledger release"},
        "titles": [{"title": credits.title}],
        "creators": creators,
        "publisher": credits.maker,
        "publicationYear": created.year,
        "version": version,
        "dates": [
            {"date": created.date().isoformat(), "dateType": "Created"},
            *(
                [
                    {
                        "date": f"{first}/{last}",
                        "dateType": "Other",
                        "dateInformation": "publication dates of the articles",
                    }
                ]
                if first and last
                else []
            ),
        ],
        "rightsList": [rights],
        "descriptions": [{"description": abstract, "descriptionType": "Abstract"}],
        "subjects": [{"subject": tag} for tag in TAGS],
        "formats": ["application/vnd.apache.parquet", "application/x-duckdb", "text/markdown"],
        "sizes": sizes,
        "schemaVersion": DATACITE_SCHEMA,
    }
    if languages:
        attributes["language"] = languages[0]
    if credits.url:
        attributes["url"] = credits.url
        attributes["relatedIdentifiers"] = [
            {
                "relatedIdentifier": credits.url,
                "relatedIdentifierType": "URL",
                "relationType": "IsPartOf",
            }
        ]
    return {"data": {"type": "dois", "attributes": attributes}}


def datacite_licence(document: dict) -> str | None:
    """The SPDX id a datacite.json's rights name (lower case), None when it names none."""
    rights = document.get("data", {}).get("attributes", {}).get("rightsList") or [{}]
    return rights[0].get("rightsIdentifier")


def to_yaml(document: dict) -> str:
    """YAML in the document's key order, Unicode kept."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def with_front_matter(metadata: dict, body: str) -> str:
    """A Markdown file with `metadata` as YAML front matter before `body`."""
    return f"---\n{to_yaml(metadata)}---\n\n{body}"


def front_matter(text: str) -> dict:
    """A Markdown file's YAML front matter; ValueError when it has none or it is not a map."""
    if not text.startswith("---\n"):
        raise ValueError("no YAML front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("front matter not closed by ---")
    try:
        metadata = yaml.safe_load(text[4 : end + 1])
    except yaml.YAMLError as error:
        raise ValueError(f"front matter is not YAML: {error}") from None
    if not isinstance(metadata, dict):
        raise ValueError("front matter is not a mapping")
    return metadata


def load_yaml_mapping(text: str) -> dict:
    """A YAML document that must be a mapping; ValueError otherwise."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"not YAML: {error}") from None
    if not isinstance(document, dict):
        raise ValueError("not a YAML mapping")
    return document
