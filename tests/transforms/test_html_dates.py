"""Publication dates of HTML pages: three witnesses, and UTC instants on the page's clock."""

from __future__ import annotations

import json

import lxml.html
import pytest

from tests.conftest import CASES
from transforms.readers.html_dates import local_offset, on_local_clock, visible_days
from transforms.readers.html_metadata import page_metadata

DATE_CASES = json.loads((CASES / "html" / "dates.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", DATE_CASES, ids=lambda case: case["id"])
def test_page_dates(case):
    dates = page_metadata(lxml.html.document_fromstring(case["html"])).dates
    found = {"published_raw": dates.published_raw, "date_source": dates.source}
    assert {key: found[key] for key in case["expected"]} == case["expected"]


@pytest.mark.parametrize(
    ("stated", "offset", "expected"),
    [
        ("2023-11-09T02:11:03+00:00", "-05:00", "2023-11-08T21:11:03-05:00"),
        ("2020-01-20T09:49:32Z", "+05:30", "2020-01-20T15:19:32+05:30"),
        ("2023-11-08T23:30:00.000Z", "+09:00", "2023-11-09T08:30:00+09:00"),
        ("2020-01-20T09:49:32+0000", "+01:00", "2020-01-20T10:49:32+01:00"),
        # Already on a local clock, or no instant: as given.
        ("2023-11-08T21:11:03-05:00", "+01:00", "2023-11-08T21:11:03-05:00"),
        ("2023-11-08", "-05:00", "2023-11-08"),
        ("November 8, 2023", "-05:00", "November 8, 2023"),
    ],
)
def test_on_local_clock(stated, offset, expected):
    assert on_local_clock(stated, offset) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<time datetime="2023-11-08T21:11:03-05:00">Nov 8</time>', "-05:00"),
        ('<meta itemprop="datePublished" content="2019-10-19T08:16:00+0200">', "+02:00"),
        ('<time datetime="2023-11-08T21:11:03Z">Nov 8</time>', None),
        ("<p>2023-11-08T21:11:03-05:00 in the text is not stated metadata</p>", None),
    ],
)
def test_local_offset(body, expected):
    assert local_offset(lxml.html.document_fromstring(f"<html><body>{body}</body></html>")) == (
        expected
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            '<h1>T</h1><div class="ArticleHeader_date">January 19, 2020 / 12:25 PM</div>',
            ["2020-01-19"],
        ),
        ('<h1>T</h1><p class="meta"><time>19. Oktober 2019, 14:34 Uhr</time></p>', ["2019-10-19"]),
        ('<h1>T</h1><span class="date">19.10.2019</span>', ["2019-10-19"]),
        # Not a dateline: no date-like class, or no written day.
        ("<h1>T</h1><p>Posted on January 19, 2020</p>", []),
        ('<h1>T</h1><span class="date">Updated 8 hours ago</span>', []),
    ],
)
def test_visible_days(header, expected):
    tree = lxml.html.document_fromstring(f"<html><body><header>{header}</header></body></html>")
    assert visible_days(tree) == expected
