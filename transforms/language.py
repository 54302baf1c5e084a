"""The language of a text, detected from the text (py3langid), and the declared one normalized.

py3langid was chosen by measurement (docs/accuracy.md, "Language"): on 895 real pages and
wires it was as accurate as lingua-language-detector (every page right on dev and test) at
0.7 ms per article instead of 4 to 9, from a 4.5 MB wheel instead of 96 MB.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Below this many letters (any script: a CJK character is one) a text is not judged. The
# shortest articles in the measurement were right from 46 letters (Japanese) and 48
# (Chinese); a three-word headline (18 letters) is a guess.
MIN_LETTERS = 20
# Below this probability of its top language the detector's answer is not kept. Measured on
# dev: the lowest right answer on a real article was 0.72 (English with long lists of
# names), a short Chinese sentence 0.66; a three-word English headline scores 0.34.
MIN_CONFIDENCE = 0.5
# The opening of a text decides: detection time stays flat for long articles. 1,500
# characters are as accurate as 3,000 on the measured set (1.000 on dev and test) and on the
# 2,544 bench articles (the same language on every one), at 0.7 ms per article instead of 1.2
# (docs/accuracy.md, "Language").
SAMPLE_CHARS = 1500

# py3langid codes with no ISO 639-1 code of their own, and the macrolanguage's code.
MACROLANGUAGES = {"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn"}
# py3langid's label for text with no linguistic content (scrambled or symbols).
NO_LANGUAGE = "zxx"
_LETTER = re.compile(r"[^\W\d_]")
_PRIMARY_SUBTAG = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What detection found: the language (ISO 639-1) or None, and the detector's confidence.

    `confidence` is the probability of the detector's top language (kept even when below
    MIN_CONFIDENCE); None when the text had too few letters to be judged at all.
    """

    language: str | None
    confidence: float | None


@functools.cache
def _identifier() -> LanguageIdentifier:
    # The model ships in the package (read once per process, about 0.5 s).
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_detector() -> None:
    """Load the detector's model now rather than on the first text (once per process)."""
    _identifier()


def count_letters(text: str) -> int:
    """Letters of any script in `text` (digits, punctuation and spaces not counted)."""
    return len(_LETTER.findall(text))


def iso_639_1(code: str) -> str | None:
    """The ISO 639-1 code of a detector's language code, or None when it has none."""
    code = MACROLANGUAGES.get(code, code)
    return code if len(code) == 2 else None


def detect_language(text: str) -> LanguageGuess:
    """The language of `text` by its opening SAMPLE_CHARS characters, or None when the text
    has under MIN_LETTERS letters or the detector is under MIN_CONFIDENCE sure."""
    sample = text[:SAMPLE_CHARS]
    if count_letters(sample) < MIN_LETTERS:
        return LanguageGuess(None, None)
    code, probability = _identifier().classify(sample)
    confidence = round(float(probability), 4)
    if code == NO_LANGUAGE or confidence < MIN_CONFIDENCE:
        return LanguageGuess(None, confidence)
    return LanguageGuess(iso_639_1(code), confidence)


def primary_subtag(tag: str | None) -> str | None:
    """The primary language subtag of a declared language tag, lower case ("en-US" -> "en",
    "de_CH" -> "de"); None when the tag is absent or not a language tag ("lang=", "*")."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if _PRIMARY_SUBTAG.fullmatch(primary) else None
