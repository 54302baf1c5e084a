"""Which of a page's titles is its headline (``transforms.readers.html_metadata.page_title``),
on the markup patterns of ``tests/cases/html/headlines.json``."""

from __future__ import annotations

import json

import lxml.html
import pytest

from tests.conftest import CASES
from transforms.readers.html_metadata import page_metadata

HEADLINE_CASES = json.loads((CASES / "html" / "headlines.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", HEADLINE_CASES, ids=lambda case: case["id"])
def test_page_headline(case: dict) -> None:
    tree = lxml.html.document_fromstring(case["html"])
    assert page_metadata(tree, case.get("url")).title == case["expected"]
