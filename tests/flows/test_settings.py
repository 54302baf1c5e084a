"""Settings resolve from defaults, then newsledger.toml, then environment, then options."""

from __future__ import annotations

import pytest

from flows.settings import resolve
from schemas.errors import RunError


def test_warehouse_defaults_to_environment_then_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings, origins = resolve(None, environ={})
    assert settings.warehouse == "./data" and origins["warehouse"] == "default"
    settings, origins = resolve(None, environ={"NEWSLEDGER_WAREHOUSE": "/srv/wh"})
    assert settings.warehouse == "/srv/wh"
    assert origins["warehouse"] == "environment NEWSLEDGER_WAREHOUSE"


def test_precedence_file_environment_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsledger.toml").write_text(
        '[newsledger]\nbatch_size = 16\nprocesses = 3\nwarehouse = "from-file"\n'
        '[newsledger.date_order_hints]\n"Capitol Dispatch" = "mdy"\n'
    )
    settings, origins = resolve(
        {"processes": 1}, environ={"NEWSLEDGER_BATCH_SIZE": "32", "NEWSLEDGER_PROCESSES": "2"}
    )
    assert (settings.warehouse, settings.batch_size, settings.processes) == ("from-file", 32, 1)
    assert settings.date_order_hints == {"Capitol Dispatch": "mdy"}
    assert origins["warehouse"].startswith("file ")
    assert origins["batch_size"] == "environment NEWSLEDGER_BATCH_SIZE"
    assert origins["processes"] == "option"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        pytest.param("[newsledger]\nwarehose = 'x'\n", "unknown setting", id="typo"),
        pytest.param("[newsledger]\nbatch_size = 0\n", "at least 1", id="zero-batch"),
        pytest.param("[newsledger\n", "invalid TOML", id="bad-toml"),
        pytest.param(
            "[newsledger.date_order_hints]\nX = 'ymd'\n", "must be 'dmy' or 'mdy'", id="bad-hint"
        ),
    ],
)
def test_bad_settings_are_clear_errors(tmp_path, toml, message):
    path = tmp_path / "custom.toml"
    path.write_text(toml)
    with pytest.raises(RunError, match=message):
        resolve(None, str(path), environ={})


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(RunError, match="config file not found"):
        resolve(None, str(tmp_path / "absent.toml"), environ={})
