"""Incremental runs: unchanged input files are not parsed again, and the near-duplicate index
is rebuilt from stored sketches (or, in a warehouse without them, from the texts once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.ingest import run_ingest
from flows.settings import Settings
from tests.conftest import query
from warehouse.store import Manifest, Store

pytestmark = pytest.mark.usefixtures("prefect_harness")

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-corpus"


def wire_records() -> list[dict]:
    path = SAMPLE / "json" / "harbor-wire_wire-2024.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return str(path)


def test_only_changed_files_are_parsed_again(tmp_path):
    records = wire_records()
    first = write_jsonl(tmp_path / "a.jsonl", records[:2])
    second = write_jsonl(tmp_path / "b.jsonl", records[2:3])
    settings = Settings(warehouse=str(tmp_path / "wh"), processes=1)
    run_ingest([first, second], settings)

    write_jsonl(tmp_path / "a.jsonl", records[:2] + records[3:4])  # one record appended
    summary = run_ingest([first, second], settings)
    assert (summary.n_files, summary.n_files_unchanged) == (2, 1)
    assert (summary.n_articles_read, summary.n_articles_new, summary.n_duplicates) == (3, 1, 2)
    assert query(settings.warehouse, "select count(*) from articles") == [(4,)]
    last_run = "select len(inputs) from runs order by started_at desc limit 1"
    assert query(settings.warehouse, last_run) == [(2,)]  # unchanged files are recorded too


def test_a_warehouse_without_sketches_gets_them_from_the_texts(tmp_path):
    records = wire_records()
    original = records[0]
    settings = Settings(warehouse=str(tmp_path / "wh"), processes=1)
    run_ingest([write_jsonl(tmp_path / "a.jsonl", records[:3])], settings)
    store = Store(settings.warehouse)
    # An older warehouse: no sketch stored for any article.
    committed = store.read_manifest()
    tables = dict(committed.tables)
    tables["article_sketches"] = [f for f in tables["article_sketches"] if not f.rows]
    store.write_manifest(Manifest(generation=committed.generation + 1, tables=tables))
    assert query(settings.warehouse, "select count(*) from article_sketches") == [(0,)]

    copy = {**original, "id": "copy", "title": "Copy", "text": original["text"] + " (Updated.)"}
    summary = run_ingest([write_jsonl(tmp_path / "b.jsonl", [copy])], settings)
    assert summary.n_articles_new == 1
    rows = query(
        settings.warehouse,
        "select c.duplicate_of = o.article_id from articles c join articles o"
        " on o.external_id like '%' || $1 where c.external_id like '%copy'",
        [original["id"]],
    )
    assert rows == [(True,)]
    # Every article has its sketch now, the three old ones written by this run.
    assert query(
        settings.warehouse,
        "select count(*), count(distinct s.run_id) from article_sketches s join articles a"
        " using (article_id)",
    ) == [(4, 1)]


def test_sketches_of_another_version_are_made_again_beside_the_old(tmp_path, monkeypatch):
    import transforms.near_duplicates

    records = wire_records()
    settings = Settings(warehouse=str(tmp_path / "wh"), processes=1)
    run_ingest([write_jsonl(tmp_path / "a.jsonl", records[:2])], settings)
    monkeypatch.setattr(
        transforms.near_duplicates.NearDuplicateIndex, "sketch_version", property(lambda _: "v2")
    )
    copy = {**records[0], "id": "copy", "title": "Copy", "text": records[0]["text"] + " (Updated.)"}
    run_ingest([write_jsonl(tmp_path / "b.jsonl", [copy])], settings)  # the checks pass
    versions = query(
        settings.warehouse,
        "select sketch_version = 'v2', count(*) from article_sketches group by 1 order by 1",
    )
    assert versions == [(False, 2), (True, 3)]
    (linked,) = query(
        settings.warehouse,
        "select count(duplicate_of) from articles where external_id like '%copy'",
    )[0]
    assert linked == 1  # matched against the sketches made again from the texts
