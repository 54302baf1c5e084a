"""Measure the language detector on real text, per dev/test part: accuracy and ms per article.

Documents: the BBAW pages and the article-extraction-benchmark pages of
``../shared/corpus/web`` (through the pipeline's reader), 400 MEANTIME documents, 200 MUC-3 dev
messages and the sample corpus. Gold language:

* MEANTIME, MUC-3, the sample corpus: English;
* BBAW: the gate's rule (``score_web.gold_language``: the declared ``lang`` where the host's
  country-code domain allows it), replaced by the hand-read label where there is one
  (``tests/cases/language/web_adjudicated.json``); pages without gold are left out;
* benchmark pages: the declared ``lang`` (English when none), replaced by the hand-read label
  where there is one (``tests/cases/language/zyte_adjudicated.json``).

Hand labels exist only where the rule and a detector disagreed, which favours the detectors:
the accuracy is an upper bound. Each document's part is ``web_pages.split_of`` of
``<corpus>/<name>``. The newsledger detector (`transforms.language.detect_language`, py3langid
with its thresholds) is always measured; lingua is measured too when it is importable (it is
not a dependency: install it in a scratch venv to compare).

Run: ``.venv/bin/python -m tests.accuracy.measure_language``.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from schemas.errors import InputError
from tests.accuracy.score_dates import load_document
from tests.accuracy.score_web import adjudicated, declared_language, gold_language
from tests.accuracy.web_pages import DEV, TEST, load_dated_pages, page_bytes, split_of
from tests.conftest import CASES, CORPUS, REPO
from transforms.language import detect_language, primary_subtag
from transforms.readers import RawArticle, parse_file

ZYTE_LABELS = CASES / "language" / "zyte_adjudicated.json"


def articles_of(name: str, data: bytes) -> tuple[RawArticle, ...]:
    """The articles the reader gives for a file; none for a file it rejects."""
    try:
        return parse_file(name, data).articles
    except InputError:
        return ()


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    gold: str


def bbaw_documents() -> Iterator[Document]:
    for page in load_dated_pages():
        data = page_bytes(page)
        gold = adjudicated(page.name, gold_language(declared_language(data), page.url)).code
        if gold is None:
            continue
        for article in articles_of(page.name, data):
            yield Document(f"bbaw/{page.name}", article.text, gold)


def zyte_documents() -> Iterator[Document]:
    labels = json.loads(ZYTE_LABELS.read_text(encoding="utf-8"))["labels"]
    folder = CORPUS / "web" / "article-extraction-benchmark" / "html"
    for path in sorted(folder.glob("*.html.gz")):
        name = path.name.removesuffix(".gz")
        for article in articles_of(name, gzip.decompress(path.read_bytes())):
            gold = labels.get(name) or primary_subtag(article.language) or "en"
            yield Document(f"zyte/{name}", article.text, gold)


def english_documents() -> Iterator[Document]:
    for path in sorted((CORPUS / "meantime").rglob("*.xml"))[:400]:
        yield Document(f"meantime/{path.name}", load_document(path).text, "en")
    with (CORPUS / "muc3" / "muc3-dev.jsonl").open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            if index == 200:
                break
            record = json.loads(line)
            yield Document(f"muc3/{record['id']}", record["text"], "en")
    for path in sorted((REPO / "examples" / "sample-corpus").glob("*/*")):
        if path.parent.name == "broken" or path.suffix == ".md":
            continue
        for article in articles_of(path.name, path.read_bytes()):
            yield Document(f"sample/{path.name}#{article.position}", article.text, "en")


def detectors() -> dict[str, Callable[[str], str | None]]:
    found: dict[str, Callable[[str], str | None]] = {
        "newsledger (py3langid + thresholds)": lambda text: detect_language(text).language
    }
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return found
    lingua = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def lingua_code(text: str) -> str | None:
        language = lingua.detect_language_of(text[:3000])
        return language.iso_code_639_1.name.lower() if language else None

    found["lingua (low-accuracy mode)"] = lingua_code
    return found


def main() -> None:
    documents = [*bbaw_documents(), *zyte_documents(), *english_documents()]
    parts = {DEV: [], TEST: []}
    for document in documents:
        parts[split_of(document.name)].append(document)
    print(f"{len(documents)} documents: dev {len(parts[DEV])}, test {len(parts[TEST])}")
    for label, detect in detectors().items():
        detect(documents[0].text)  # load the model outside the timing
        for part in (DEV, TEST):
            start = time.perf_counter()
            guesses = [detect(document.text) for document in parts[part]]
            seconds = time.perf_counter() - start
            right = sum(g == d.gold for g, d in zip(guesses, parts[part], strict=True))
            english_lost = sum(
                d.gold == "en" and g != "en" for g, d in zip(guesses, parts[part], strict=True)
            )
            read_as_english = sum(
                d.gold != "en" and g == "en" for g, d in zip(guesses, parts[part], strict=True)
            )
            print(
                f"{label:38} {part:4} accuracy {right / len(guesses):.3f} ({len(guesses)}) "
                f"non-English read as English {read_as_english}, English lost {english_lost}, "
                f"{1000 * seconds / len(guesses):.1f} ms per article"
            )


if __name__ == "__main__":
    main()
