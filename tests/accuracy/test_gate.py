"""The accuracy gate under pytest: the real scorers against the pinned baseline (so ``make test``
fails on a regression), and the comparison logic on synthetic rows (no scorer runs)."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from tests.accuracy import Row, gate, make_row
from tests.accuracy.gate import Baseline, compare, hash_corpus, update

# The gate against the shared corpora


@pytest.fixture(scope="module")
def gate_run() -> gate.GateRun:
    """One run of every scorer, shared by the tests below."""
    if not gate.CORPUS_ROOT.is_dir():
        pytest.skip(f"shared corpus not found at {gate.CORPUS_ROOT}")
    return gate.evaluate()


def test_no_regression_against_baseline(gate_run: gate.GateRun) -> None:
    failures = gate_run.comparison.failures()
    assert not failures, "\n".join(failures)


def test_baseline_is_pinned(gate_run: gate.GateRun) -> None:
    # An empty or lost baseline would make the gate above pass vacuously.
    assert gate_run.baseline.floors, f"no floors pinned in {gate.BASELINE_PATH}"
    assert gate_run.baseline.data, f"no data hashes pinned in {gate.BASELINE_PATH}"
    assert {"dates", "numbers"} <= {key.split("/")[0] for key in gate_run.baseline.floors}


# The comparison on synthetic rows


def _rate(corpus: str, value: float | None, metric: str = "pass_rate") -> Row:
    return make_row("numbers", corpus, metric, value=value, n=10)


def _f1(f1: float) -> Row:
    return make_row("dates", "meantime", "timex3_value", precision=0.9, recall=0.8, f1=f1, n=100)


HASHES: dict[str, str | None] = {"meantime": "sha256:aa", "text2num": "sha256:bb"}


def _baseline(floors: dict[str, float] | None = None) -> Baseline:
    data = {k: v for k, v in HASHES.items() if v is not None}
    return Baseline(floors=dict(floors or {}), data=data, tolerance=0.005)


def test_key_and_gated_number() -> None:
    assert gate.row_key(_f1(0.85)) == "dates/meantime/timex3_value"
    assert gate.gated_number(_f1(0.85)) == 0.85  # F1 first
    assert gate.gated_number(_rate("text2num", 0.97)) == 0.97  # else value
    assert gate.gated_number(_rate("text2num", None)) is None


def test_within_tolerance_passes() -> None:
    baseline = _baseline({"dates/meantime/timex3_value": 0.86})
    result = compare([_f1(0.8551)], baseline, HASHES, goals={})
    assert not result.failed, result.failures()


def test_below_floor_minus_tolerance_fails_naming_key_floor_got() -> None:
    baseline = _baseline({"dates/meantime/timex3_value": 0.86})
    result = compare([_f1(0.85)], baseline, HASHES, goals={})
    assert result.failed
    assert result.regressions == [gate.Regression("dates/meantime/timex3_value", 0.86, 0.85)]
    (line,) = result.failures()
    assert "dates/meantime/timex3_value" in line and "0.8600" in line and "0.8500" in line


def test_pinned_row_that_is_gone_fails() -> None:
    baseline = _baseline({"entities/re3d/bcubed": 0.7})
    result = compare([_f1(0.86)], baseline, HASHES, goals={})
    assert result.regressions == [gate.Regression("entities/re3d/bcubed", 0.7, None)]
    assert "MISSING entities/re3d/bcubed" in result.failures()[0]


def test_unpinned_and_informative_rows_do_not_fail() -> None:
    rows = [_f1(0.1), _rate("text2num", None)]
    result = compare(rows, _baseline(), HASHES, goals={})
    assert not result.failed
    assert result.unpinned_keys == ["dates/meantime/timex3_value"]


def test_goal_fails_even_when_the_floor_holds() -> None:
    baseline = _baseline({"dates/meantime/timex3_value": 0.7})
    result = compare([_f1(0.75)], baseline, HASHES, goals={"dates/meantime/timex3_value": 0.8})
    assert not result.regressions
    assert result.goal_misses == [gate.Regression("dates/meantime/timex3_value", 0.8, 0.75)]
    assert result.failed


def test_duplicate_keys_fail() -> None:
    result = compare([_f1(0.9), _f1(0.8)], _baseline(), HASHES, goals={})
    assert result.duplicates == ["dates/meantime/timex3_value"]
    assert result.failed


def test_data_hash_mismatch_fails_and_says_how_to_repin() -> None:
    changed = {**HASHES, "meantime": "sha256:cc"}
    result = compare([_f1(0.9)], _baseline(), changed, goals={})
    assert result.data_changes == [gate.DataChange("meantime", "sha256:aa", "sha256:cc")]
    (line,) = result.failures()
    assert "DATA CHANGED meantime" in line and "--update" in line


def test_absent_corpus_files_are_a_data_change() -> None:
    result = compare([_f1(0.9)], _baseline(), {**HASHES, "meantime": None}, goals={})
    assert result.data_changes == [gate.DataChange("meantime", "sha256:aa", None)]


def test_unpinned_and_unregistered_corpora_are_notes() -> None:
    rows = [_f1(0.9), _rate("text2num", 1.0), _rate("nowhere", 1.0)]
    result = compare(rows, Baseline(), HASHES, goals={})
    assert not result.failed
    assert result.unpinned_corpora == ["meantime", "text2num"]
    assert result.unregistered_corpora == ["nowhere"]


def test_update_raises_and_adds_floors_and_pins_data() -> None:
    baseline = Baseline(floors={"dates/meantime/timex3_value": 0.8}, data={}, tolerance=0.01)
    result = update([_f1(0.86789), _rate("text2num", 0.96)], baseline, HASHES)
    assert result.baseline is not None and not result.refused
    assert result.baseline.floors == {
        "dates/meantime/timex3_value": 0.8678,  # rounded down
        "numbers/text2num/pass_rate": 0.96,
    }
    assert result.raised == [("dates/meantime/timex3_value", 0.8, 0.8678)]
    assert result.added == [("numbers/text2num/pass_rate", 0.96)]
    assert result.baseline.data == HASHES
    assert result.repinned == ["meantime", "text2num"]
    assert result.baseline.tolerance == 0.01


def test_update_refuses_to_lower_a_floor() -> None:
    baseline = _baseline({"dates/meantime/timex3_value": 0.86})
    result = update([_f1(0.859)], baseline, HASHES)
    assert result.refused and result.baseline is None
    assert result.lowered == [("dates/meantime/timex3_value", 0.86, 0.859)]


def test_update_refuses_to_drop_a_floor() -> None:
    baseline = _baseline({"dates/meantime/timex3_value": 0.86, "entities/re3d/bcubed": 0.7})
    result = update([_f1(0.9)], baseline, HASHES)
    assert result.refused
    assert result.lowered == [("entities/re3d/bcubed", 0.7, None)]


def test_update_allow_lower() -> None:
    baseline = _baseline({"dates/meantime/timex3_value": 0.86, "entities/re3d/bcubed": 0.7})
    result = update([_f1(0.8)], baseline, HASHES, allow_lower=True)
    assert result.baseline is not None
    assert result.baseline.floors == {"dates/meantime/timex3_value": 0.8}


def test_update_keeps_an_equal_floor() -> None:
    baseline = _baseline({"numbers/text2num/pass_rate": 0.96})
    result = update([_rate("text2num", 0.96)], baseline, HASHES)
    assert result.baseline is not None
    assert not (result.raised or result.lowered or result.added or result.repinned)


def test_baseline_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    baseline = Baseline(floors={"a/b/c": 0.5}, data={"b": "sha256:00"}, tolerance=0.01)
    baseline.dump(path)
    assert json.loads(path.read_text()) == {
        "floors": {"a/b/c": 0.5},
        "data": {"b": "sha256:00"},
        "tolerance": 0.01,
    }
    assert Baseline.load(path) == baseline
    assert Baseline.load(tmp_path / "absent.json") == Baseline()


def test_hash_corpus_follows_content_names_and_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "c" / "b").mkdir(parents=True)
    (tmp_path / "c" / "a.json").write_text("one")
    (tmp_path / "c" / "b" / "z.json").write_text("two")
    globs = ("c/*.json", "c/b/*.json")
    first = hash_corpus(globs, tmp_path)
    assert first is not None and first.startswith("sha256:")
    assert hash_corpus(tuple(reversed(globs)), tmp_path) == first  # order of globs is irrelevant
    (tmp_path / "c" / "a.json").write_text("One")
    assert hash_corpus(globs, tmp_path) != first
    assert hash_corpus(("nothing/*",), tmp_path) is None


def test_repo_globs_are_read_from_the_repository(tmp_path: Path) -> None:
    corpus, repo = tmp_path / "corpus", tmp_path / "repo"
    (corpus / "x").mkdir(parents=True)
    (repo / "x").mkdir(parents=True)
    (corpus / "x" / "a.json").write_text("corpus")
    (repo / "x" / "a.json").write_text("repo")
    labels = [label for label, _ in gate.corpus_files(("x/*", "repo:x/*"), corpus, repo)]
    assert labels == ["repo:x/a.json", "x/a.json"]
    assert hash_corpus(("repo:x/*",), corpus, repo) != hash_corpus(("x/*",), corpus, repo)


def test_missing_scorer_is_reported_not_raised() -> None:
    result = gate.run_scorer("tests.accuracy.score_does_not_exist")
    assert result.status == "missing" and not result.rows


def test_scorer_breaking_the_row_contract_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("tests.accuracy.score_fake")
    bad = {"field": "x", "corpus": "y", "metric": "z", "f1": 0.5}
    module.score = lambda: [bad]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    result = gate.run_scorer(module.__name__)
    assert result.status == "error" and "row keys" in result.detail


def test_scorer_rows_and_corpora_are_collected(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("tests.accuracy.score_fake")
    module.score = lambda: [_rate("fake", 1.0)]  # type: ignore[attr-defined]
    module.CORPORA = {"fake": ["fake/*.json"]}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    result = gate.run_scorer(module.__name__)
    assert result.status == "ok" and result.rows == [_rate("fake", 1.0)]
    assert result.corpora == {"fake": ("fake/*.json",)}


def test_main_skips_without_the_corpus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(gate, "CORPUS_ROOT", tmp_path / "absent")
    assert gate.main([]) == 0
    assert "SKIPPED" in capsys.readouterr().out


def test_shipped_accuracy_matches_the_gate_floors():
    import json

    from tests.accuracy.gate import ACCURACY_PATH, Baseline

    shipped = json.loads(ACCURACY_PATH.read_text(encoding="utf-8"))["metrics"]
    assert shipped == Baseline.load().floors
