"""Bad input files for issue 7, and what a run must do with each.

    python -m tests.flows.bad_inputs OUT_DIR [--no-large]

`generate(out)` writes every case into `out` and returns, per file (its path relative to
`out`), an `Expectation`: the articles the run must keep, with what their rows must show, and
the rejects it must record, with a substring of their reason. Good articles are mixed in; a
file may give both (a JSONL file with bad lines, a broken feed).

Everything is deterministic: random bytes come from a seeded generator, archives carry fixed
timestamps. The people, places, outlets and figures in every text are invented.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import gzip
import io
import json
import lzma
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

SEED = 7
LARGE_TEXT_BYTES = 50 * 1024 * 1024
SINGLE_LINE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Kept:
    """An article the run must store, and what its `articles` row must show."""

    position: int = 0
    title: str | None = None  # exact, when given
    contains: tuple[str, ...] = ()  # substrings of the stored text
    absent: tuple[str, ...] = ()  # substrings the stored text must not have
    text_flags: tuple[str, ...] = ()  # exactly these, in any order
    date_flags: tuple[str, ...] = ()  # exactly these, in any order
    published_date: dt.date | None = None  # exactly this; None = no date
    implausible_value: float | None = None  # a claim of this value, flagged is_implausible


@dataclass(frozen=True, slots=True)
class Rejected:
    """A reject the run must record: `reason` is a substring of the recorded reason."""

    reason: str
    position: int = -1  # -1: the whole file


@dataclass(frozen=True, slots=True)
class Expectation:
    """What one input file tests, and every article and reject it must give (no others)."""

    case: str
    kept: tuple[Kept, ...] = ()
    rejected: tuple[Rejected, ...] = ()


# Good articles, written for these tests.
HARBOUR_TITLE = "Storm surge floods the lower town in Port Alder"
HARBOUR = f"""{HARBOUR_TITLE}
By Mara Olsen | Harbor Wire | 14 March 2024

A storm surge flooded the lower town of Port Alder overnight, the harbour master said on
Thursday. About 40 homes were evacuated and two fishermen were injured when their boat broke
its moorings.

The regional fire service said 12 crews worked until dawn to pump water from the streets.
"""
VALLEY_TITLE = "Bridge over the Kessin reopens after repairs"
VALLEY = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<title>{VALLEY_TITLE} | Kessin Valley Courier</title>
<meta property="og:title" content="{VALLEY_TITLE}">
<meta property="og:site_name" content="Kessin Valley Courier">
<meta property="article:published_time" content="2024-05-02T09:00:00Z">
</head>
<body>
<nav><a href="/">Home</a> <a href="/region">Region</a></nav>
<article>
<h1>{VALLEY_TITLE}</h1>
<p>The road bridge over the Kessin reopened on Thursday, six weeks after floodwater damaged
two of its piers, the county engineer said.</p>
<p>More than 3,000 vehicles a day crossed the bridge before it closed, and traders in the
valley said the detour had cost them customers.</p>
</article>
<footer>Copyright Kessin Valley Courier. All rights reserved.</footer>
</body>
</html>
"""
CONVOY_TITLE = "Aid convoy reaches the upper valley"
CONVOY = {
    "id": "convoy-1",
    "title": CONVOY_TITLE,
    "text": "An aid convoy of 14 trucks reached the upper Kessin valley on Tuesday. Organisers "
    "said about 2,500 people had been waiting for food and medicine since the road closed.",
    "published": "2024-04-02T14:30:00Z",
    "source": "Example Wire",
}


def generate(out: Path, *, large: bool = True) -> dict[str, Expectation]:
    """Write every case into `out`; return what must happen to each file, by relative path.

    `large` adds the 50 MB text file and the 10 MB single line.
    """
    out.mkdir(parents=True, exist_ok=True)
    expectations: dict[str, Expectation] = {}

    def write(name: str, data: bytes | str, expectation: Expectation) -> None:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        expectations[name] = expectation

    # Good articles, one per format.
    write(
        "good/harbour-storm.txt",
        HARBOUR,
        Expectation(
            "good plain-text article",
            kept=(Kept(title=HARBOUR_TITLE, published_date=dt.date(2024, 3, 14)),),
        ),
    )
    write(
        "good/valley-bridge.html",
        VALLEY,
        Expectation(
            "good HTML article",
            kept=(
                Kept(
                    title=VALLEY_TITLE,
                    contains=("More than 3,000 vehicles",),
                    absent=("Copyright",),
                    published_date=dt.date(2024, 5, 2),
                ),
            ),
        ),
    )
    write(
        "good/aid-convoy.json",
        json.dumps(CONVOY),
        Expectation(
            "good JSON article",
            kept=(Kept(title=CONVOY_TITLE, published_date=dt.date(2024, 4, 2)),),
        ),
    )
    write(
        "good/ferry.jsonl.gz",
        gzip.compress(
            json.dumps(
                {
                    "title": "Ferry service resumes",
                    "text": "The island ferry resumed service on Monday after a week of gales. "
                    "The operator said 600 passengers had been stranded on the mainland.",
                    "published": "2024-03-18",
                }
            ).encode()
            + b"\n",
            mtime=0,
        ),
        Expectation(
            "gzip-compressed JSONL, read decompressed",
            kept=(Kept(title="Ferry service resumes", published_date=dt.date(2024, 3, 18)),),
        ),
    )

    # Empty and binary files.
    write("empty.txt", b"", Expectation("empty file", rejected=(Rejected("empty file"),)))
    write(
        "whitespace-only.txt",
        b"  \n\t\r\n   \n\n",
        Expectation("whitespace-only file", rejected=(Rejected("empty file"),)),
    )
    write(
        "image-saved-as-article.html",
        _png(),
        Expectation("a PNG image", rejected=(Rejected("binary file (PNG image)"),)),
    )
    write(
        "random-bytes.txt",
        random.Random(SEED).randbytes(4096),
        Expectation("random bytes", rejected=(Rejected("binary file"),)),
    )
    write(
        "archive.json",
        _zip({"article.json": json.dumps(CONVOY)}),
        Expectation("a ZIP archive", rejected=(Rejected("binary file (ZIP archive)"),)),
    )
    compressed = gzip.compress(_jsonl_lines(40), mtime=0)
    write(
        "truncated.jsonl.gz",
        compressed[: len(compressed) // 2],
        Expectation("a truncated gzip", rejected=(Rejected("truncated compressed file"),)),
    )

    corrupt = bytearray(lzma.compress(_jsonl_lines(40)))
    corrupt[len(corrupt) // 2] ^= 0xFF
    write(
        "corrupt.jsonl.xz",
        bytes(corrupt),
        Expectation("a corrupt xz file", rejected=(Rejected("cannot read file"),)),
    )

    # Encodings.
    write(
        "invalid-utf8.txt",
        "Café owners count losses after the market fire\n\n".encode()
        + b"The fire destroyed 30 stalls, and the owner of the Caf\xc3\xa9 du Port called it "
        + b"\x93a disaster\x94. Firefighters said no one was hurt. \xe2\x80\n",
        Expectation(
            "UTF-8 with Windows-1252 quotes pasted in and a cut UTF-8 sequence",
            kept=(
                Kept(
                    title="Café owners count losses after the market fire",
                    contains=("Café du Port", "“a disaster”", "\ufffd"),
                    text_flags=("invalid_bytes",),
                ),
            ),
        ),
    )
    latin_title = "Zürich councillors demand inquiry into São Tomé contract"
    write(
        "latin-1.txt",
        (
            f"{latin_title}\n\n"
            "The councillors said the contract, signed in Genève, was worth 4 million francs. "
            "Forty workers were injured at the site last year, according to the union.\n"
        ).encode("latin-1"),
        Expectation(
            "Latin-1 text",
            kept=(Kept(title=latin_title, contains=("Genève", "Forty workers")),),
        ),
    )
    write(
        "cp1252.txt",
        (
            "Mayor’s office: “no one was hurt” in depot blaze\n\n"
            "Fire crews put out the blaze at the bus depot on Sunday — the third this year. "
            "Damage was put at €2 million, and 15 buses were destroyed.\n"
        ).encode("cp1252"),
        Expectation(
            "Windows-1252 text",
            kept=(
                Kept(
                    title="Mayor’s office: “no one was hurt” in depot blaze",
                    contains=("on Sunday — the third", "€2 million"),
                ),
            ),
        ),
    )
    write(
        "utf-16-bom.txt",
        codecs.BOM_UTF16_LE
        + (
            "Rescuers reach Brønnøy village after landslide\n\n"
            "Rescuers reached the village of Brønnøy on Friday, two days after a landslide cut "
            "the only road. Officials said 85 residents were safe and 3 were missing.\n"
        ).encode("utf-16-le"),
        Expectation(
            "UTF-16 with a BOM",
            kept=(Kept(title="Rescuers reach Brønnøy village after landslide"),),
        ),
    )
    write(
        "cp1251.txt",
        (
            "Министерство сообщило о наводнении\n\n"
            "Министерство по чрезвычайным ситуациям сообщило во вторник, что двенадцать человек "
            "были эвакуированы из затопленных домов на окраине города. Спасатели работали всю "
            "ночь, а школы в районе закрыты до конца недели.\n"
        ).encode("cp1251"),
        Expectation(
            "Cyrillic in Windows-1251 (detected, and flagged as not English)",
            kept=(
                Kept(
                    title="Министерство сообщило о наводнении",
                    contains=("двенадцать человек",),
                    text_flags=("not_english",),
                ),
            ),
        ),
    )
    write(
        "mojibake.txt",
        "The mayorâ€™s office says cafÃ© terraces stay closed\n\n"
        "The mayorâ€™s office said on Monday that cafÃ© terraces on the seafront would stay "
        "closed after 20 people were injured when an awning collapsed.\n",
        Expectation(
            "mojibake (UTF-8 once read as Windows-1252)",
            kept=(
                Kept(
                    title="The mayor’s office says café terraces stay closed",
                    contains=("café terraces",),
                    absent=("Ã", "â€"),
                    text_flags=("mojibake",),
                ),
            ),
        ),
    )
    write(
        "nul-bytes.txt",
        b"Pumping station failure leaves district dry\n\n"
        + b"Water supply to the east district failed on Saturday\x00 after a pump broke, "
        + b"and 9,000 homes\x00\x00 were without water for a day.\n"
        + b"\x00" * 512,
        Expectation(
            "NUL bytes in text",
            kept=(
                Kept(
                    title="Pumping station failure leaves district dry",
                    contains=("9,000 homes were without water",),
                    absent=("\x00",),
                    text_flags=("control_chars",),
                ),
            ),
        ),
    )

    # HTML that is no article, or that the parser cannot read whole.
    write(
        "scripts-only.html",
        "<!DOCTYPE html><html><head><script>window.app = {};</script>"
        '<script src="/bundle.js"></script></head><body><div id="root"></div>'
        "<noscript>Please enable JavaScript to view this page.</noscript>"
        "<script>app.start()</script></body></html>",
        Expectation("HTML with only scripts", rejected=(Rejected("HTML page has no"),)),
    )
    write(
        "boilerplate-only.html",
        _BOILERPLATE,
        Expectation("HTML with only boilerplate", rejected=(Rejected("HTML page has no"),)),
    )
    depth = 10_000
    write(
        "deeply-nested.html",
        "<html><head><title>Nested</title></head><body>"
        + "<div>" * depth
        + "<p>Officials said 12 people were injured in the blast near the harbour on Monday, "
        "and rescue teams worked through the night to reach the injured.</p>"
        + "</div>" * depth
        + "</body></html>",
        Expectation(
            f"HTML nested {depth:,} levels deep",
            rejected=(Rejected("HTML nested too deeply"),),
        ),
    )

    # JSON lines: malformed lines and bad fields among good lines.
    good = [
        {"title": f"Good line {n}", "text": f"Line {n} says {n} people were injured.", "id": n}
        for n in (1, 2, 3)
    ]
    lines = [
        json.dumps(good[0]),
        '{"title": "Cut off", "text": "This line ends in the middle of a str',
        json.dumps(good[1]),
        json.dumps({"title": "No body", "published": "2024-01-05"}),
        json.dumps({"title": "Numeric text", "text": 12345}),
        json.dumps({"title": ["a", "list"], "text": "A title that is a list."}),
        json.dumps({"title": "Date object", "text": "Body.", "published": {"$date": 1}}),
        json.dumps(["an", "array", "not", "an", "object"]),
        "",
        json.dumps(good[2]),
    ]
    write(
        "malformed-lines.jsonl",
        "\n".join(lines) + "\n",
        Expectation(
            "JSONL with malformed lines and wrongly typed fields in the middle",
            kept=tuple(
                Kept(position=p, title=f"Good line {n}") for p, n in ((0, 1), (2, 2), (9, 3))
            ),
            rejected=(
                Rejected("line 2: invalid JSON", 1),
                Rejected("line 4: no text", 3),
                Rejected("line 5: field 'text' should be a string, got int", 4),
                Rejected("line 6: field 'title' should be a string, got list", 5),
                Rejected("line 7: field 'published' should be a string, got dict", 6),
                Rejected("line 8: expected an object, got list", 7),
            ),
        ),
    )

    # Feeds.
    feed = _FEED.encode()
    write(
        "broken.rss",
        feed[: feed.index(b"<item><title>Third") + 40],
        Expectation(
            "RSS feed cut off in its third item",
            kept=(
                Kept(
                    position=0, title="Dam inspection ordered", published_date=dt.date(2024, 4, 2)
                ),
                Kept(position=1, title="School roof collapses", published_date=dt.date(2024, 4, 3)),
            ),
            rejected=(Rejected("malformed feed XML"), Rejected("item 2: no text", 2)),
        ),
    )
    write(
        "error-page.rss",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        Expectation("an error page saved as a feed", rejected=(Rejected("unreadable feed"),)),
    )

    # Content: language, dates, figures.
    write(
        "french.txt",
        "Douze blessés dans l'effondrement d'un toit à Lyon\n\n"
        "Le toit d'un gymnase s'est effondré mardi soir pendant un entraînement, a indiqué "
        "la préfecture. Douze personnes ont été blessées, dont deux grièvement, et les "
        "secours sont restés sur place toute la nuit.\n",
        Expectation(
            "an article in French",
            kept=(Kept(contains=("Douze personnes",), text_flags=("not_english",)),),
        ),
    )
    write(
        "no-date.txt",
        "Volunteers clear the beach after the storm\n\n"
        "More than 200 volunteers cleared debris from the beach on Sunday, the organisers "
        "said. Nobody knows yet when the promenade will reopen.\n",
        Expectation(
            "an article with no date",
            kept=(Kept(title="Volunteers clear the beach after the storm", published_date=None),),
        ),
    )
    dated = [
        {
            "title": "Launch of the orbital ferry",
            "text": "Officials said 40 passengers boarded the first orbital ferry.",
            "published": "2099-06-01",
        },
        {
            "title": "Harbour chronicle",
            "text": "The chronicle says 300 sailors were lost in the winter storms.",
            "published": "1800-03-01",
        },
    ]
    write(
        "odd-dates.jsonl",
        "\n".join(json.dumps(record) for record in dated) + "\n",
        Expectation(
            "dates in 2099 and 1800",
            kept=(
                Kept(
                    position=0,
                    published_date=dt.date(2099, 6, 1),
                    date_flags=("future",),
                ),
                Kept(
                    position=1,
                    published_date=dt.date(1800, 3, 1),
                    date_flags=("before_1900",),
                ),
            ),
        ),
    )
    write(
        "absurd-figure.txt",
        "Rebel radio claims a quintillion dead\n\n"
        "The rebel radio station said on Friday that 1,000,000,000,000,000,000 people were "
        "killed in the fighting. The defence ministry said 14 soldiers were killed.\n",
        Expectation(
            "an absurd figure (10^18 killed)",
            kept=(Kept(title="Rebel radio claims a quintillion dead", implausible_value=1e18),),
        ),
    )

    if large:
        expectations.update(generate_large(out))
    return expectations


def generate_large(out: Path) -> dict[str, Expectation]:
    """The 50 MB text file and the 10 MB single line: both longer than any article may be."""
    write_large_text(out / "huge-50mb.txt")
    (out / "single-line-10mb.txt").write_bytes(b"word " * (SINGLE_LINE_BYTES // 5))
    return {
        "huge-50mb.txt": Expectation("a 50 MB text file", rejected=(Rejected("article too long"),)),
        "single-line-10mb.txt": Expectation(
            "a 10 MB single line", rejected=(Rejected("article too long"),)
        ),
    }


def write_large_text(path: Path, size: int = LARGE_TEXT_BYTES) -> None:
    """A text article of `size` bytes: a headline, then the same sentences over and over."""
    paragraph = (
        b"Officials said 12 people were injured when the storm hit the harbour on Monday. "
        b"Rescue teams worked through the night, and the port reopened on Tuesday.\n"
    )
    chunk = paragraph * (1024 * 1024 // len(paragraph))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        written = handle.write(b"The longest storm report ever filed\n\n")
        while written < size:
            written += handle.write(chunk[: size - written])


def _jsonl_lines(n: int) -> bytes:
    rng = random.Random(SEED)
    return b"".join(
        json.dumps({"title": f"Record {i}", "text": f"Report {rng.random()}"}).encode() + b"\n"
        for i in range(n)
    )


def _png() -> bytes:
    """A valid 8x8 grey PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + bytes(range(0, 256, 32)) for _ in range(8)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


_BOILERPLATE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Example Media - Home</title>
<script>window.dataLayer = [];</script></head><body>
<header><a href="/">Example Media</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
By continuing to browse you agree to our use of cookies.</p><button>Accept all</button></div>
<aside class="newsletter"><h3>Newsletter</h3><p>Sign up for our daily briefing.</p></aside>
<footer><p>Copyright 2024 Example Media. All rights reserved.</p><ul>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
</footer><script src="/app.js"></script></body></html>
"""

_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valley Wire</title><language>en-gb</language>
<item><title>Dam inspection ordered</title><guid>vw-1</guid>
<pubDate>Tue, 02 Apr 2024 08:00:00 +0000</pubDate>
<description>The county ordered an inspection of the Kessin dam after engineers found cracks
in its spillway. About 1,200 residents live below the dam.</description></item>
<item><title>School roof collapses</title><guid>vw-2</guid>
<pubDate>Wed, 03 Apr 2024 08:00:00 +0000</pubDate>
<description>Part of the roof of the valley school collapsed during the night. Nobody was
inside, the head teacher said.</description></item>
<item><title>Third item that is cut off</title><guid>vw-3</guid>
<pubDate>Thu, 04 Apr 2024 08:00:00 +0000</pubDate>
<description>This item never ends because the download stopped in the middle of it.</description>
</item></channel></rss>
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the files into")
    parser.add_argument("--no-large", action="store_true", help="skip the 50 MB and 10 MB files")
    args = parser.parse_args()
    expectations = generate(args.out, large=not args.no_large)
    for name, expectation in sorted(expectations.items()):
        print(f"{name}: {expectation.case}")


if __name__ == "__main__":
    main()
