"""Settings: defaults, overridden by `newsledger.toml`, then environment, then CLI options.

`resolve` returns the effective settings and, for each, where it came from, so
`newsledger config` can show both.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transforms.errors import RunError

CONFIG_FILE = "newsledger.toml"
ENV_PREFIX = "NEWSLEDGER_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told; see the README's configuration table."""

    warehouse: str = "./data"
    # "auto": the official en_core_web_sm when installed, else its re-upload on PyPI.
    model: str = "auto"
    # Articles per Prefect task: big enough to amortize task overhead, small enough to pipeline.
    batch_size: int = 128
    # Worker processes for NLP; 1 runs NLP in the flow's own process.
    processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    # Documents a worker parses before it reloads its pipeline (spaCy's string store grows).
    recycle_after: int = 5000
    dask_address: str | None = None
    # Day/month order per source name, where the source's own dates cannot tell.
    date_order_hints: dict[str, str] = field(default_factory=dict)
    # CSV files of extra entity names (canonical_name,entity_type,aliases[,geonames_id]),
    # merged into the gazetteer; paths or fsspec URLs.
    alias_files: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def resolve(
    overrides: dict[str, Any] | None = None,
    config_path: str | None = None,
    environ: dict[str, str] | None = None,
) -> tuple[Settings, dict[str, str]]:
    """Effective settings and the origin of each (default, file, environment, option)."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    origins = dict.fromkeys(_FIELDS, "default")
    path = Path(config_path) if config_path else Path.cwd() / CONFIG_FILE
    if config_path and not path.exists():
        raise RunError(f"config file not found: {path}", hint="check the --config path")
    if path.exists():
        try:
            document = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as error:
            raise RunError(f"{path}: invalid TOML: {error}") from None
        for key, value in document.get("newsledger", document).items():
            _check_key(key, str(path))
            values[key] = value
            origins[key] = f"file {path}"
    for key in _FIELDS:
        env_name = ENV_PREFIX + key.upper()
        if env_name in environ:
            values[key] = _from_env(key, environ[env_name])
            origins[key] = f"environment {env_name}"
    for key, value in (overrides or {}).items():
        if value is not None:
            _check_key(key, "options")
            values[key] = value
            origins[key] = "option"
    try:
        settings = Settings(**{key: _coerce(key, value) for key, value in values.items()})
    except (TypeError, ValueError) as error:
        raise RunError(f"invalid setting: {error}") from None
    _validate(settings)
    return settings, origins


def _check_key(key: str, where: str) -> None:
    if key not in _FIELDS:
        raise RunError(f"unknown setting {key!r} in {where}", hint=f"known: {', '.join(_FIELDS)}")


def _from_env(key: str, raw: str) -> Any:
    if key == "date_order_hints":
        # NEWSLEDGER_DATE_ORDER_HINTS="Harbor Wire=mdy;Northern Ledger=dmy"
        pairs = (item.split("=", 1) for item in raw.split(";") if "=" in item)
        return {name.strip(): order.strip() for name, order in pairs}
    if key == "alias_files":
        # NEWSLEDGER_ALIAS_FILES="aliases/people.csv;s3://bucket/places.csv"
        return tuple(item.strip() for item in raw.split(";") if item.strip())
    return raw


def _coerce(key: str, value: Any) -> Any:
    if key in ("batch_size", "processes", "recycle_after"):
        return int(value)
    if key == "alias_files":
        return (value,) if isinstance(value, str) else tuple(value)
    return value


def _validate(settings: Settings) -> None:
    if settings.batch_size < 1 or settings.processes < 1 or settings.recycle_after < 1:
        raise RunError("batch_size, processes and recycle_after must be at least 1")
    for source, order in settings.date_order_hints.items():
        if order not in ("dmy", "mdy"):
            raise RunError(f"date_order_hints[{source!r}] must be 'dmy' or 'mdy', not {order!r}")
