"""Texts that are page furniture, not an article: lists of links or headlines, menus, notices.

A crawl of news sites (CC-NEWS) holds many pages whose main text, once extracted, is a column of
short lines: a section front, a tag page, a list of related stories, a consent or paywall
notice broken into buttons. None of them holds a report, so newsledger stores them, flags them
`boilerplate` and runs no NLP on them. An article is boilerplate when it has many lines and
almost none of its text stands in prose: lines of some length that end a sentence. Length is
counted in characters, not words, so that scripts written without spaces count alike.
"""

from __future__ import annotations

import re

# Fewer lines than this is never boilerplate: a headline, a brief, a short wire item.
MIN_LINES = 8
# A prose line has at least this many characters and a sentence end in it.
PROSE_LINE_CHARS = 40
# Boilerplate keeps less than this share of its characters in prose lines.
MAX_PROSE_SHARE = 0.2
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」]*(\s|$)")


def is_boilerplate(text: str) -> bool:
    """Whether `text` is a list of short lines with almost no prose (see the module)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < MIN_LINES:
        return False
    total = prose = 0
    for line in lines:
        size = len(line.strip())
        total += size
        if size >= PROSE_LINE_CHARS and _SENTENCE_END.search(line):
            prose += size
    return prose / total < MAX_PROSE_SHARE
