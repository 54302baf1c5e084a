"""The throughput bench's corpus: every real article of ../shared/corpus that newsledger reads.

- MUC-3 (1,700 wire messages, JSONL) and re3d (90 documents, JSONL), as before;
- TBAQ (256 TimeML articles), written as JSONL records with their creation date;
- the real web pages (`web/`): 179 English article pages (Zyte benchmark) and 350 pages of the
  htmldate-bbaw set, most of them German, as HTML files.

newsledger reads each as a user's run would: the HTML through its reader, every text through
language detection. The raw spaCy baseline parses the text of every article the readers give,
whatever its language: it cannot tell English from German, which is the point of the goal.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
JSONL_CORPORA = (
    *sorted((CORPUS / "muc3").glob("muc3-*.jsonl")),
    CORPUS / "re3d" / "re3d-articles.jsonl",
)
HTML_FOLDERS = (
    CORPUS / "web" / "article-extraction-benchmark" / "html",
    CORPUS / "web" / "htmldate-bbaw" / "pages",
)
CORPORA = ("muc3", "re3d", "tbaq", "web")


@dataclass(frozen=True, slots=True)
class BenchDocument:
    """One input article: its corpus, a JSONL line or an HTML file, and the text a reader gives."""

    corpus: str
    name: str
    jsonl_line: str | None
    html: bytes | None
    text: str | None


def bench_documents(corpora: tuple[str, ...] = CORPORA) -> list[BenchDocument]:
    """The documents of `corpora`, in a fixed order (corpus, then file order)."""
    documents: list[BenchDocument] = []
    for path in JSONL_CORPORA:
        corpus = "muc3" if "muc3" in path.name else "re3d"
        if corpus in corpora:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    documents.append(
                        BenchDocument(corpus, record["id"], line, None, record["text"])
                    )
    if "tbaq" in corpora:
        from tests.accuracy.score_tbaq import load_documents

        for document in load_documents():
            published = document.anchor.isoformat() if document.anchor else None
            line = json.dumps({"id": document.name, "text": document.text, "published": published})
            documents.append(BenchDocument("tbaq", document.name, line, None, document.text))
    if "web" in corpora:
        documents += _web_documents()
    return documents


def _web_documents() -> list[BenchDocument]:
    from schemas.errors import InputError
    from transforms.readers import parse_file

    documents = []
    for folder in HTML_FOLDERS:
        for path in sorted(folder.glob("*.html*")):
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            name = path.name.removesuffix(".gz")
            try:
                articles = parse_file(name, data).articles
            except InputError:
                articles = ()
            text = articles[0].text if articles else None
            documents.append(BenchDocument("web", name, None, data, text))
    return documents


def write_inputs(folder: Path, documents: list[BenchDocument], per_file: int = 5000) -> list[str]:
    """`documents` as input files under `folder`: JSONL files of at most `per_file` lines per
    corpus, and one file per HTML page. Returns the paths."""
    folder.mkdir(parents=True)
    paths = []
    lines: dict[str, list[str]] = {}
    for index, document in enumerate(documents):
        if document.jsonl_line is not None:
            lines.setdefault(document.corpus, []).append(document.jsonl_line)
        else:
            path = folder / f"{index:05d}-{document.name}"
            path.write_bytes(document.html or b"")
            paths.append(str(path))
    for corpus, corpus_lines in lines.items():
        for start in range(0, len(corpus_lines), per_file):
            path = folder / f"{corpus}-{start // per_file:04d}.jsonl"
            path.write_text("\n".join(corpus_lines[start : start + per_file]) + "\n")
            paths.append(str(path))
    return sorted(paths)
