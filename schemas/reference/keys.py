"""`name_key`: the form names are compared and indexed in, by the reference tables and the rules.

`places.csv` stores the keys of alternate names (`alternate_keys`), so the build of the tables
(`warehouse.reference_build`) and the gazetteer (`transforms.entities`) share this one function.
"""

from __future__ import annotations

import string

from anyascii import anyascii

# name_key: dots and apostrophes vanish ("U.S." -> "us", "Ja’afari" -> "jaafari"), any other
# punctuation separates words ("al-Jaafari" -> "al jaafari").
_KEY_TABLE = str.maketrans(
    {
        **{c: " " for c in string.punctuation},
        ".": None,
        "'": None,
        "`": None,
    }
)


def name_key(name: str) -> str:
    """Case-, accent- and punctuation-free form of a name, without a leading "the".

    "The Kremlin" -> "kremlin", "Al-Ja’afari" -> "al jaafari", "U.S." -> "us".
    """
    ascii_name = name if name.isascii() else anyascii(name)
    words = ascii_name.casefold().translate(_KEY_TABLE).split()
    while len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)
