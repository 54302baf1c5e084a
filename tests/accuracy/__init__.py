"""Accuracy gate: scorers over the shared corpora and the comparison with pinned floors.

Run ``python -m tests.accuracy.gate`` (``make eval``); ``tests/accuracy/test_gate.py`` runs the same
comparison under pytest. Every scorer module exposes ``score() -> list[Row]``.
"""

from __future__ import annotations

from typing import TypedDict

ROW_KEYS = ("field", "corpus", "metric", "precision", "recall", "f1", "value", "n")


class Row(TypedDict):
    """One scored number: P/R/F1 for span or value matching, ``value`` for a pass rate."""

    field: str
    corpus: str
    metric: str
    precision: float | None
    recall: float | None
    f1: float | None
    value: float | None
    n: int | None


def make_row(
    field: str,
    corpus: str,
    metric: str,
    *,
    precision: float | None = None,
    recall: float | None = None,
    f1: float | None = None,
    value: float | None = None,
    n: int | None = None,
) -> Row:
    """A row with every key of the scorer contract, None where not applicable."""
    return Row(
        field=field,
        corpus=corpus,
        metric=metric,
        precision=precision,
        recall=recall,
        f1=f1,
        value=value,
        n=n,
    )
