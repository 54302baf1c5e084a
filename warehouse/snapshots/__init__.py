"""Published snapshots: immutable, versioned, checksummed releases of the warehouse.

A snapshot is a folder `<target>/<version>/` (local or any fsspec URL) holding:

- `data/<table>.parquet`: every table, one file each, sorted by its primary key;
- `datapackage.json`: a Frictionless Data Package (name, version, created, licenses,
  sources; per resource its path, bytes, `sha256:` hash and Table Schema with descriptions
  and primaryKey), plus `newsledger`: code and model versions, the runs behind the data, and
  the size and hash of every other file;
- `README.md`, the dataset card (YAML front matter in the dataset-hub convention: licence,
  languages, size, one `configs` entry per table), with `claims-timeline.png`;
- `CITATION.cff` and `datacite.json`: how to cite the release, and what an archive needs to
  mint a DOI for it;
- `CHANGELOG.md`: rows added, removed and changed per table, and schema changes, against the
  previous version;
- `newsledger.duckdb`: the tables and views in one file, in a storage version DuckDB 1.1 and
  later read.

Article bodies are left out (null) unless `publish --include-text --license ...` asks for
them; `articles.text_sha256` and every span's own text remain, enough to cite and re-find.

Versions follow the Frictionless recipe: a schema change needs a new major version, new rows
a new minor one, corrections (rows removed or changed) a new patch. `publish` refuses a
version that is not greater than the last, or smaller than the change needs, and says which
version would be next. Nothing is ever overwritten: the release is built in a local staging
folder, then moved into place in one rename (local targets) or uploaded with
`datapackage.json` last (object stores), so a folder without it is an incomplete upload,
never a release.

The modules: `versions` (version numbers and the bump a change needs), `package` (the
descriptor and the release's layout), `publishing` (writing a release), `comparison` (what
changed since the previous one), `card` (its README, changelog and chart), `citation` (CFF,
DataCite and the card's front matter), `verification` (re-checking a release, and querying
one).
"""

from warehouse.snapshots.package import (
    CARD,
    CHANGELOG,
    CHART,
    DATA_FOLDER,
    DATABASE,
    PACKAGE,
    arrow_type_name,
    package_digest,
    table_schema_descriptor,
    table_schema_type,
)
from warehouse.snapshots.publishing import Release, publish, warehouse_provenance
from warehouse.snapshots.verification import (
    Problem,
    connect_snapshot,
    sha256_file,
    snapshot_files,
    verify,
)
from warehouse.snapshots.versions import (
    RECORD_TABLES,
    TableChange,
    Version,
    check_version,
    published_versions,
    required_bump,
)

__all__ = [
    "CARD",
    "CHANGELOG",
    "CHART",
    "DATABASE",
    "DATA_FOLDER",
    "PACKAGE",
    "RECORD_TABLES",
    "Problem",
    "Release",
    "TableChange",
    "Version",
    "arrow_type_name",
    "check_version",
    "connect_snapshot",
    "package_digest",
    "publish",
    "published_versions",
    "required_bump",
    "sha256_file",
    "snapshot_files",
    "table_schema_descriptor",
    "table_schema_type",
    "verify",
    "warehouse_provenance",
]
