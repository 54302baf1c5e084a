"""The GPL/AGPL feed list of ``measure_feeds`` is well-formed, and a wrong sdist is refused
(tiny synthetic archives only: the real sdists are never in the repository or downloaded here)."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import pytest

from tests.accuracy.measure_feeds import FEEDS, SDISTS, RefusedError, read_feeds

SHA256 = re.compile(r"[0-9a-f]{64}")
FORMATS = {"RSS 2.0", "RSS 2.0 podcast", "RSS 1.0 (RDF)", "Atom"}


def test_feed_files_are_unique_hashed_and_named() -> None:
    assert len({(feed.sdist, feed.path) for feed in FEEDS}) == len(FEEDS)
    assert len({feed.sha256 for feed in FEEDS}) == len(FEEDS)
    for feed in FEEDS:
        assert feed.sdist in SDISTS, feed
        assert SHA256.fullmatch(feed.sha256), feed
        assert feed.publisher.strip() and feed.format in FORMATS, feed
        assert not feed.path.startswith("/") and ".." not in feed.path.split("/"), feed


def test_sdists_are_pinned_with_their_licence_and_archive() -> None:
    for requirement, sdist in SDISTS.items():
        name, version = requirement.split("==")
        assert sdist.requirement == requirement
        assert sdist.archive == f"{name.replace('-', '_')}-{version}.tar.gz"
        assert re.fullmatch(r"A?GPL-3\.0(-or-later)?", sdist.licence), sdist
        assert any(feed.sdist == requirement for feed in FEEDS)


def _archive(folder: Path, archive: str, files: dict[str, bytes]) -> None:
    top = archive.removesuffix(".tar.gz")
    with tarfile.open(folder / archive, "w:gz") as tar:
        for path, data in files.items():
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_an_sdist_with_other_bytes_is_refused(tmp_path: Path) -> None:
    for requirement, sdist in SDISTS.items():
        paths = [feed.path for feed in FEEDS if feed.sdist == requirement]
        _archive(tmp_path, sdist.archive, {path: b"<rss/>" for path in paths})
    with pytest.raises(RefusedError, match="sha256"):
        read_feeds(tmp_path)


def test_a_missing_sdist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RefusedError, match="not found"):
        read_feeds(tmp_path)
