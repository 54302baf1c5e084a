"""Release version numbers, and the bump a set of changes needs (the Frictionless recipe)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from fsspec.implementations.local import LocalFileSystem

from schemas.errors import RunError
from warehouse.snapshots.package import PACKAGE, filesystem

VERSION_PATTERN = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")

# Tables that record how the data was made, not data: rows added there alone (the `runs` row
# a publish commits, say) make a patch release.
RECORD_TABLES = ("runs", "checks")


@dataclass(frozen=True, order=True, slots=True)
class Version:
    """A MAJOR.MINOR.PATCH version; the only thing allowed as a snapshot's folder name."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = VERSION_PATTERN.fullmatch(text.strip())
        if not match:
            raise RunError(
                f"not a version: {text!r}", hint="use MAJOR.MINOR.PATCH, for example 1.0.0"
            )
        return cls(*(int(part) for part in match.groups()))

    def bumped(self, kind: str) -> Version:
        if kind == "major":
            return Version(self.major + 1, 0, 0)
        if kind == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(slots=True)
class TableChange:
    """How a table differs from the previous version, by primary key."""

    rows: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    schema_changes: list[str] = field(default_factory=list)


def published_versions(target: str) -> list[Version]:
    """Complete releases under `target` (folders named by a version, with a package), sorted."""
    fs, root = filesystem(target)
    if not fs.exists(root):
        return []
    if not isinstance(fs, LocalFileSystem):
        fs.invalidate_cache(root)
    versions = []
    for entry in fs.ls(root, detail=False):
        name = posixpath.basename(entry.rstrip("/"))
        if VERSION_PATTERN.fullmatch(name) and fs.exists(f"{root}/{name}/{PACKAGE}"):
            versions.append(Version.parse(name))
    return sorted(versions)


def required_bump(changes: dict[str, TableChange]) -> str:
    """The Frictionless recipe: schema change -> major, new rows -> minor, else patch."""
    if any(change.schema_changes for change in changes.values()):
        return "major"
    if any(change.added for name, change in changes.items() if name not in RECORD_TABLES):
        return "minor"
    return "patch"


def check_version(version: Version, previous: Version | None, bump: str) -> None:
    """Refuse a version not above the last one, or below what the changes need."""
    if previous is None:
        return
    needed = previous.bumped(bump)
    if version <= previous:
        raise RunError(
            f"version {version} is not greater than the last published version {previous}",
            hint=f"the next version would be {needed} ({bump}: see the changes listed)",
        )
    if version < needed:
        raise RunError(
            f"version {version} is too small for these changes: a {bump} release is needed",
            hint=f"the next version would be {needed}",
        )
