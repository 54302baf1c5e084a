"""The package rules, checked on the source: dependencies point one way, no private names cross a
package boundary, and no module grows past what a reader takes in at once.

`schemas/` is the leaf; `transforms/` (pure) and `warehouse/` (storage I/O) import only `schemas/`
and themselves; `flows/` wires them all. The check reads every module's imports with `ast`, so an
import inside a function counts the same as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("schemas", "transforms", "warehouse", "flows")

# Which project packages each package may import (itself included).
ALLOWED: dict[str, frozenset[str]] = {
    "schemas": frozenset({"schemas"}),
    "transforms": frozenset({"schemas", "transforms"}),
    "warehouse": frozenset({"schemas", "warehouse"}),
    "flows": frozenset(PACKAGES),
}
# Third-party modules that only the NLP or orchestration side may import.
FORBIDDEN_THIRD_PARTY: dict[str, frozenset[str]] = {
    "schemas": frozenset({"spacy", "prefect", "duckdb", "fsspec"}),
    "transforms": frozenset({"prefect", "duckdb", "fsspec", "s3fs"}),
    "warehouse": frozenset({"spacy", "prefect"}),
}
# A module over this many lines is a room doing more than one job.
MAX_LINES = 600


def _modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def _imports(relative: str, source: str) -> list[tuple[str, tuple[str, ...], int]]:
    """(module, imported names, line) of every import in a module; relative imports resolved."""
    tree = ast.parse(source, filename=relative)
    package_parts = Path(relative).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, (), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join((*base, module) if module else base)
            found.append((module, tuple(alias.name for alias in node.names), node.lineno))
    return found


def _label(path: Path) -> str:
    return str(path.relative_to(REPO))


MODULES = _modules()


def layering_errors(relative: str, source: str) -> list[str]:
    """What the module at `relative` (a path from the repository root) breaks, one line each.

    A private name (`_x`, or any name from a module `_x`) may be imported only within the package
    (the folder) that defines it.
    """
    parts = Path(relative).with_suffix("").parts
    top, folder = parts[0], ".".join(parts[:-1])
    errors = []
    for module, names, line in _imports(relative, source):
        first = module.split(".")[0]
        if first in PACKAGES and first not in ALLOWED[top]:
            errors.append(f"line {line}: {top}/ imports {module}")
        if first in FORBIDDEN_THIRD_PARTY.get(top, ()):
            errors.append(f"line {line}: {top}/ imports {first}")
        defined_in = module.rsplit(".", 1)[0] if not module.endswith("__init__") else module
        if first in PACKAGES and module != folder and defined_in != folder:
            private = [n for n in names if n.startswith("_")]
            private += [p for p in module.split(".") if p.startswith("_") and p != "__init__"]
            if private:
                errors.append(f"line {line}: private {', '.join(private)} from {module}")
    if top == "transforms":
        errors += [f"reads the environment ({w})" for w in ("os.environ", "getenv") if w in source]
    return errors


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_package_rules(path: Path) -> None:
    errors = layering_errors(_label(path), path.read_text(encoding="utf-8"))
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_module_size(path: Path) -> None:
    n_lines = len(path.read_text(encoding="utf-8").splitlines())
    assert n_lines <= MAX_LINES, f"{n_lines} lines: split it by concern"


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("warehouse/probe.py", "from transforms.extract import x\n", "imports transforms"),
        ("warehouse/probe.py", "def f():\n    import spacy\n", "warehouse/ imports spacy"),
        ("schemas/probe.py", "from warehouse.store import Store\n", "schemas/ imports warehouse"),
        ("transforms/probe.py", "from flows.nlp import x\n", "transforms/ imports flows"),
        ("transforms/probe.py", "import os\nos.environ.get('X')\n", "reads the environment"),
        ("flows/probe.py", "from warehouse.tables import _sorted\n", "private _sorted"),
        ("flows/probe.py", "from schemas._common import ID\n", "private _common"),
        ("transforms/dates/probe.py", "from transforms.numbers.scan import _x\n", "private _x"),
    ],
    ids=["warehouse-transforms", "warehouse-spacy", "schemas-warehouse", "transforms-flows",
         "transforms-env", "private-name", "private-module", "private-across-subpackages"],
)  # fmt: skip
def test_the_rules_find_back_doors(where: str, source: str, expected: str) -> None:
    errors = layering_errors(where, source)
    assert any(expected in error for error in errors), errors


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("transforms/dates/probe.py", "from transforms.dates.scan import _inner\n"),
        ("schemas/probe.py", "from schemas._common import RUN_ID\n"),
        ("transforms/dates/probe.py", "from transforms.vocabulary import number_words\n"),
    ],
    ids=["private-in-own-subpackage", "private-module-in-own-package", "public-across"],
)
def test_what_the_rules_allow(where: str, source: str) -> None:
    assert layering_errors(where, source) == []
