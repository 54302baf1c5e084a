"""Whether a count of people can be true at all."""

from __future__ import annotations

# No count of people can exceed the world's population (UN World Population Prospects 2024:
# 8.16 billion in mid-2024); a claim above it is a misread number or an error in the source.
WORLD_POPULATION = 8_200_000_000


def is_implausible_count(value: float) -> bool:
    """Whether a count of people is above the world's population (or not a number at all)."""
    return not value <= WORLD_POPULATION
