"""Time zones written after a clock time: the pattern that finds them and their UTC offsets."""

from __future__ import annotations

import re

from transforms.vocabulary.calendar_words import TIME_ZONES

# A zone after a clock time: "UTC+3", "(GMT-05:00)", "+0530", or a zone name.
ZONE = (
    r"(?:(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?|\((?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)"
    r"|[+-]\d{2}:?\d{2}|(?:" + "|".join(sorted(TIME_ZONES, key=len, reverse=True)) + r")(?![a-z]))"
)
# No zone on earth is further from UTC than 14 hours (Line Islands, UTC+14).
_MAX_ZONE_OFFSET = 14 * 60
_ZONE_OFFSET_RE = re.compile(r"(utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def zone_offset_minutes(zone: str) -> int | None:
    """Minutes east of UTC for a zone string, or None when it is not a known zone."""
    zone = zone.strip().strip("()").strip().lower()
    if zone in TIME_ZONES:
        return round(TIME_ZONES[zone] * 60)
    match = _ZONE_OFFSET_RE.fullmatch(zone)
    if match is None or int(match.group(4) or 0) > 59:
        return None
    minutes = int(match.group(3)) * 60 + int(match.group(4) or 0)
    if minutes > _MAX_ZONE_OFFSET:
        return None
    return -minutes if match.group(2) == "-" else minutes
