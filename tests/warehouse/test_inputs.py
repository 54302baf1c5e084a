"""Input files: damaged compressed files become rejects with a reason, never a failed run."""

from __future__ import annotations

import bz2
import gzip
import lzma
import random

import pytest

from schemas.errors import InputError
from warehouse.inputs import InputFile, discover, read

# Incompressible, so that half the compressed stream is half the file.
DATA = random.Random(7).randbytes(20_000)
COMPRESSORS = {"gz": gzip.compress, "xz": lzma.compress, "bz2": bz2.compress}


@pytest.mark.parametrize("suffix", list(COMPRESSORS))
def test_truncated_compressed_file_is_rejected_as_truncated(tmp_path, suffix):
    compressed = COMPRESSORS[suffix](DATA)
    path = tmp_path / f"wire.jsonl.{suffix}"
    path.write_bytes(compressed[: len(compressed) // 2])
    with pytest.raises(InputError, match=r"^truncated compressed file: "):
        read(InputFile(str(path)))


@pytest.mark.parametrize("suffix", list(COMPRESSORS))
def test_corrupt_compressed_file_is_rejected(tmp_path, suffix):
    compressed = bytearray(COMPRESSORS[suffix](DATA))
    compressed[len(compressed) // 2] ^= 0xFF
    path = tmp_path / f"wire.jsonl.{suffix}"
    path.write_bytes(bytes(compressed))
    with pytest.raises(InputError, match=r"^cannot read file: "):
        read(InputFile(str(path)))


def test_compressed_article_files_are_found_in_folders_and_read_decompressed(tmp_path):
    (tmp_path / "wire.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n'))
    (tmp_path / "backup.tar.gz").write_bytes(gzip.compress(b"not an article file"))
    (found,) = discover([str(tmp_path)])
    assert found.path.endswith("wire.jsonl.gz")
    assert read(found).data == b'{"text": "x"}\n'
