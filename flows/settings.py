"""Settings: defaults, overridden by `newsledger.toml`, then environment, then CLI options.

`resolve` returns the effective settings and, for each, where it came from, so
`newsledger config` can show both. The keys, their types and their checks are declared once,
on `Settings`: pydantic-settings reads the NEWSLEDGER_* variables and pydantic coerces and
checks the values of every layer.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from schemas.articles import DMY, MDY
from schemas.errors import RunError

CONFIG_FILE = "newsledger.toml"
# The value of `model` and `models` that means "the installed official pipelines".
AUTO = "auto"
ENV_PREFIX = "NEWSLEDGER_"
DATE_ORDERS = (DMY, MDY)


def _at_least_one(value: int) -> int:
    if value < 1:
        raise ValueError("must be at least 1")
    return value


def _date_order(value: str) -> str:
    if value not in DATE_ORDERS:
        raise ValueError(f"must be {DMY!r} or {MDY!r}, not {value!r}")
    return value


def _semicolon_pairs(value: Any) -> Any:
    # NEWSLEDGER_DATE_ORDER_HINTS="Harbor Wire=mdy;Northern Ledger=dmy"
    if not isinstance(value, str) or value.strip() == AUTO:
        return value
    pairs = (item.split("=", 1) for item in value.split(";") if "=" in item)
    return {name.strip(): order.strip() for name, order in pairs}


def _semicolon_list(value: Any) -> Any:
    # NEWSLEDGER_ALIAS_FILES="aliases/people.csv;s3://bucket/places.csv"; a file may give
    # one path as a string.
    if not isinstance(value, str):
        return value
    return tuple(item.strip() for item in value.split(";") if item.strip())


def _byte_size(value: str) -> str:
    # DuckDB's size notation, checked here so a typo names the setting, not a query.
    if not re.fullmatch(r"\d+(\.\d+)?\s*([kmgt]i?b|b|bytes)", value.strip(), re.IGNORECASE):
        raise ValueError(f"must be a size such as '512MB' or '2GB', not {value!r}")
    return value.strip()


def _language_code(value: str) -> str:
    if not (len(value) == 2 and value.isascii() and value.isalpha() and value.islower()):
        raise ValueError(f"must be an ISO 639-1 language code such as 'fr', not {value!r}")
    return value


Count = Annotated[int, AfterValidator(_at_least_one)]
LanguageCode = Annotated[str, AfterValidator(_language_code)]
DateOrder = Annotated[str, AfterValidator(_date_order)]
ByteSize = Annotated[str, AfterValidator(_byte_size)]


class Settings(BaseSettings):
    """Everything a run can be told; the table under "Settings" in docs/usage.md lists them."""

    # NoDecode: the two collections are written `a;b` in the environment, not as JSON.
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid")

    warehouse: str = "./data"
    # "auto": the official en_core_web_sm when installed, else its re-upload on PyPI.
    model: str = "auto"
    # spaCy model per detected language (ISO 639-1 code -> package or saved pipeline folder),
    # besides English's `model`: articles in a language with no model are stored, flagged
    # and not extracted. "auto": every installed official pipeline package `<lang>_core_*`
    # (flows.nlp.installed_pipelines). Environment: NEWSLEDGER_MODELS="fr=fr_core_news_sm;de=x",
    # "auto", or "" for English only.
    models: (
        Annotated[dict[LanguageCode, str], NoDecode, BeforeValidator(_semicolon_pairs)]
        | Literal["auto"]
    ) = AUTO
    # Articles per Prefect task: big enough to amortize task overhead, small enough to pipeline.
    batch_size: Count = 128
    # Worker processes for NLP; 1 runs NLP in the flow's own process.
    processes: Count = Field(default_factory=lambda: os.cpu_count() or 1)
    # Documents a worker parses before it reloads its pipeline (spaCy's string store grows).
    recycle_after: Count = 5000
    dask_address: str | None = None
    # Day/month order per source name, where the source's own dates cannot tell.
    date_order_hints: Annotated[
        dict[str, DateOrder], NoDecode, BeforeValidator(_semicolon_pairs)
    ] = Field(default_factory=dict)
    # CSV files of extra entity names (canonical_name,entity_type,aliases[,geonames_id]),
    # merged into the gazetteer; paths or fsspec URLs.
    alias_files: Annotated[tuple[str, ...], NoDecode, BeforeValidator(_semicolon_list)] = ()
    # Licence of a published release (an SPDX id such as "CC-BY-4.0"), the user's choice;
    # `publish --license` overrides it. None: the release claims no licence (its card says all
    # rights remain with the articles' publishers).
    license: str | None = None
    # How a release is cited (CITATION.cff, the card's front matter, datacite.json): its title;
    # its authors, a person written "Family, Given", anything else an organisation
    # (environment: NEWSLEDGER_RELEASE_AUTHORS="Doe, Jane;Example Lab"); the organisation that
    # publishes it; a URL where its releases are found. No author given: the release names
    # `release_publisher`, else the project (newsledger), never a made-up person.
    release_title: str = "newsledger: figures reported in news articles, by whom and when"
    release_authors: Annotated[tuple[str, ...], NoDecode, BeforeValidator(_semicolon_list)] = ()
    release_publisher: str | None = None
    release_url: str | None = None
    # What one `newsledger sql` query may use (its sandbox, warehouse/sandbox.py): DuckDB's
    # memory budget, and the most it may spill to the sandbox's temporary folder past it.
    sql_memory_limit: ByteSize = "2GB"
    sql_temp_directory_limit: ByteSize = "10GB"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Settings made in code hold what they are given: `resolve` layers the file and the
        # environment, and records where each value came from.
        return (init_settings,)

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump()


KEYS = tuple(Settings.model_fields)


class EnvironmentVariables(EnvSettingsSource):
    """The NEWSLEDGER_* variables of a given mapping, as `Settings` keys and raw values."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ
        super().__init__(Settings)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # Variable names are matched ignoring case, as pydantic-settings does by default.
        return {name.lower(): value for name, value in self.environ.items()}


def resolve(
    overrides: dict[str, Any] | None = None,
    config_path: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Settings, dict[str, str]]:
    """Effective settings and the origin of each (default, file, environment, option)."""
    values: dict[str, Any] = {}
    origins = dict.fromkeys(KEYS, "default")
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
    from_environment = EnvironmentVariables(os.environ if environ is None else environ)()
    for key, value in from_environment.items():
        values[key] = value
        origins[key] = f"environment {ENV_PREFIX}{key.upper()}"
    for key, value in (overrides or {}).items():
        if value is not None:
            _check_key(key, "options")
            values[key] = value
            origins[key] = "option"
    try:
        return Settings(**values), origins
    except ValidationError as error:
        raise RunError(_first_problem(error, origins)) from None


def run_settings(
    warehouse: str | None,
    processes: int | None,
    batch_size: int | None,
    model: str | None,
    dask_address: str | None,
    config: str | None,
) -> Settings:
    """The settings of a run (ingest or reprocess): the options given, the rest resolved."""
    settings, _ = resolve(
        {
            "warehouse": warehouse,
            "processes": processes,
            "batch_size": batch_size,
            "model": model,
            "dask_address": dask_address,
        },
        config,
    )
    return settings


def _check_key(key: str, where: str) -> None:
    if key not in KEYS:
        raise RunError(f"unknown setting {key!r} in {where}", hint=f"known: {', '.join(KEYS)}")


def _first_problem(error: ValidationError, origins: dict[str, str]) -> str:
    """'invalid setting batch_size (from file x.toml): must be at least 1', say."""
    problem = error.errors()[0]
    key, *inside = problem["loc"]
    name = f"{key}{''.join(f'[{part!r}]' for part in inside)}"
    reason = problem["ctx"]["error"] if problem["type"] == "value_error" else problem["msg"]
    return f"invalid setting {name} (from {origins.get(str(key), 'options')}): {reason}"
