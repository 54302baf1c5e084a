"""Charts as PNG bytes (matplotlib, no display): the claims timeline of a release's card and
of a report, and the report's trend and bar charts."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable


def render_chart(timeline: list[tuple], title: str) -> bytes | None:
    """PNG of one subject's figures over time: a line per claimant, low-high bars where set.

    `timeline` rows are (published_date, value, low, high, claimant). None when empty.
    """
    if not timeline:
        return None
    plt = _pyplot()
    by_claimant: dict[str, list[tuple]] = defaultdict(list)
    for published, value, low, high, claimant in timeline:
        if published is not None:
            by_claimant[claimant].append((published, value, low, high))
    figure, axes = plt.subplots(figsize=(9, 4.5), dpi=100)
    try:
        for claimant, points in sorted(by_claimant.items(), key=lambda item: -len(item[1]))[:8]:
            dates = [point[0] for point in points]
            values = [point[1] for point in points]
            lows = [value - (low if low is not None else value) for _, value, low, _ in points]
            highs = [(high if high is not None else value) - value for _, value, _, high in points]
            axes.errorbar(
                dates, values, yerr=[lows, highs], marker="o", capsize=3, label=claimant[:40]
            )
        axes.set_title(title[:80])
        axes.set_xlabel("publication date")
        axes.set_ylabel("reported figure")
        axes.grid(alpha=0.3)
        axes.legend(fontsize="small", loc="best")
        figure.autofmt_xdate()
        return _png(figure)
    finally:
        plt.close(figure)


def chart_text(text: str) -> str:
    """`text` to be drawn as written."""
    # Matplotlib reads text between two dollar signs as math; names are plain text.
    return text.replace("$", r"\$")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display: render to a buffer
    import matplotlib.pyplot as plt

    return plt


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    # No Software entry: the same data gives the same bytes, so a release's hashes are
    # reproducible.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def trends_chart(trends: list[tuple[str, list[tuple[dt.date, int]]]]) -> bytes | None:
    """Lines of monthly mentions, one per entity."""
    if not trends:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 4.5), dpi=100)
    try:
        for name, points in trends:
            axes.plot(
                [month for month, _ in points],
                [n for _, n in points],
                marker="o",
                label=chart_text(name[:40]),
            )
        axes.set_title(f"Mentions per month, the {len(trends)} most mentioned entities")
        axes.set_xlabel("month")
        axes.set_ylabel("mentions")
        axes.grid(alpha=0.3)
        axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        figure.autofmt_xdate()
        figure.tight_layout()
        return _png(figure)
    finally:
        plt.close(figure)


def bar_chart(rows: Iterable[tuple[str, int]], title: str, xlabel: str) -> bytes | None:
    """Horizontal bars, largest on top."""
    rows = list(rows)
    if not rows:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 1.2 + 0.32 * len(rows)), dpi=100)
    try:
        labels = [chart_text(str(label)[:50]) for label, _ in reversed(rows)]
        counts = [n for _, n in reversed(rows)]
        bars = axes.barh(range(len(rows)), counts, color="#1f77b4")
        axes.bar_label(bars, padding=3, fontsize="small")
        axes.set_yticks(range(len(rows)), labels, fontsize="small")
        axes.set_title(title)
        axes.set_xlabel(xlabel)
        axes.margins(x=0.1)
        axes.grid(axis="x", alpha=0.3)
        figure.tight_layout()
        return _png(figure)
    finally:
        plt.close(figure)
