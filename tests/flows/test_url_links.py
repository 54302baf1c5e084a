"""The same story reached under two URLs, in two runs: the second links to the stored first."""

from __future__ import annotations

import json

import pytest

from flows.ingest import run_ingest
from flows.settings import Settings
from tests.conftest import query

pytestmark = pytest.mark.usefixtures("prefect_harness")

# Written for this test; the figures are invented.
FIRST = (
    "Flooding in the river valley has forced 2,300 people from their homes, the regional "
    "emergency office said on Monday. Rescue teams reached three villages cut off by the water "
    "and more rain is expected before the end of the week."
)
UPDATED = FIRST + " By the evening the office said 2,800 people had left their homes."


def write_article(folder, name: str, text: str, url: str) -> str:
    path = folder / f"{name}.jsonl"
    line = {"id": name, "title": "Flooding in the valley", "text": text, "date": "2024-10-07",
            "source": "Valley Wire", "url": url}  # fmt: skip
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return str(path)


def test_a_story_stored_under_one_url_links_when_met_under_another(tmp_path):
    warehouse = str(tmp_path / "wh")
    settings = Settings(warehouse=warehouse, processes=1)
    first = write_article(tmp_path, "first", FIRST, "https://www.valley.example/flood?utm_source=x")
    run_ingest([first], settings)
    updated = write_article(tmp_path, "updated", UPDATED, "http://valley.example/flood/#top")
    run_ingest([updated], settings)
    rows = query(
        warehouse,
        "select external_id, url, duplicate_of is null from articles order by external_id",
    )
    assert rows == [
        ("first", "https://valley.example/flood", True),
        ("updated", "https://valley.example/flood", False),
    ]
    (linked,) = query(
        warehouse,
        "select count(*) from articles a join articles b on a.duplicate_of = b.article_id"
        " where a.external_id = 'updated' and b.external_id = 'first'",
    )[0]
    assert linked == 1
