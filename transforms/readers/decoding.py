"""Bytes to text, and the repair of the text's characters.

Decoding: a byte-order mark, UTF-16 without one, binary data refused, for markup (HTML, XHTML)
the encoding the page declares, then UTF-8 and legacy code pages. Repair: stray bytes, control
characters and mojibake, each named by a flag (`articles.text_flags`).
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from typing import TYPE_CHECKING

from schemas.articles import CONTROL_CHARS, INVALID_BYTES, MISDECLARED_ENCODING, MOJIBAKE
from schemas.errors import InputError
from transforms.readers.types import DecodedText

if TYPE_CHECKING:
    import ftfy

# Files starting with these bytes are images, archives or documents, never article text.
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
)
_SNIFF_BYTES = 8192
# C0 control bytes other than NUL and the whitespace ones (tab, line feed, vertical tab, form
# feed, carriage return), and DEL. Random bytes are 11 % of these; text has next to none, so
# more than 3 % in a file's first 8 KiB marks binary data. NUL bytes alone do not: they are
# what a crash or a careless export leaves in text, and are removed (CONTROL_CHARS).
_BINARY_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_BINARY_CONTROL_SHARE = 0.03
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters of a decoded file: bytes that were not valid UTF-8 come out of
# "surrogateescape" as lone surrogates U+DC80-U+DCFF.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# Western European prose has at most about a fifth of its letters accented; Cyrillic or Greek
# read as Windows-1252 is nearly all accented Latin letters ("Ìèíèñòåðñòâî").
_LEGACY_ACCENTED_SHARE = 0.4


def decode_text(data: bytes) -> str:
    """Decode a file's bytes as text; InputError when they are not text.

    - A byte-order mark decides (UTF-8, UTF-16, UTF-32); UTF-16 without one is recognized by
      its NUL bytes in every other position.
    - Images, archives and other binary data are refused, named when their signature is known.
    - Otherwise the text is UTF-8. A file with no UTF-8 multi-byte sequence but bytes above
      127 is legacy single-byte text: Windows-1252 (Latin-1's printable characters and more),
      or, when that reading is mostly accented letters, the code page charset_normalizer
      detects (Cyrillic, Greek, Chinese...).
    - Bytes still not valid come out as lone surrogates U+DC80-U+DCFF ("surrogateescape") for
      `repair_text` to resolve, so one stray byte costs one character, not the file.
    """
    return _decoded(data, markup=False).text


def decode_html(data: bytes) -> DecodedText:
    """Decode an HTML or XHTML page's bytes the way browsers do (WHATWG encoding sniffing).

    In order: a byte-order mark; the encoding the page declares in its first
    DECLARATION_SCAN_BYTES (`<meta charset>`, `<meta http-equiv="Content-Type"
    content="...; charset=...">`, `<?xml ... encoding=...?>`), its label mapped as browsers
    map it (w3lib: ISO-8859-1 and ASCII are Windows-1252, GB2312 and GBK are GB18030,
    Shift_JIS is cp932); then what `decode_text` detects.

    A declaration the bytes contradict is flagged MISDECLARED_ENCODING and the detected
    encoding is used instead: bytes the declared encoding cannot decode, or bytes that are
    valid UTF-8 with multi-byte characters under a legacy declaration (which by chance they
    practically never are).

    The text handed over starts after the XML declaration, if any: the text is Unicode, so
    the declaration no longer holds, and lxml refuses a string that carries one. Callers
    parse it with `parse_html_article(decoded.text)`.
    """
    return _decoded(data, markup=True)


# How far into a page its encoding declaration is looked for. Browsers prescan 1024 bytes;
# pages put a long <head> (scripts, styles, comments) before <meta charset>: the gb2312 page of
# ../shared/corpus/web/htmldate-bbaw declares it at byte 1180. w3lib scans 4096.
DECLARATION_SCAN_BYTES = 4096
# WHATWG: a page that declares UTF-16 in its markup is not UTF-16 (the markup would not be
# readable as ASCII then): it is read as UTF-8.
_UTF16_DECLARED_AS_UTF8 = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def _decoded(data: bytes, *, markup: bool) -> DecodedText:
    """The bytes decoded (see `decode_text` and `decode_html`)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"invalid {encoding} text: {error.reason}") from None
            return _markup_text(DecodedText(text, encoding, None), markup)
    sample = data[:_SNIFF_BYTES]
    for signature, kind in _BINARY_SIGNATURES:
        if sample.startswith(signature):
            raise InputError(f"binary file ({kind}), not text")
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return _markup_text(DecodedText(data.decode(utf16, errors="replace"), utf16, None), markup)
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROL_BYTES))
    if sample and controls / len(sample) > _BINARY_CONTROL_SHARE:
        raise InputError(f"binary file ({controls} control bytes in its first {len(sample)})")
    declared = declared_encoding(data) if markup else None
    if declared is not None:
        decoded = _declared(data, declared)
        if decoded is not None:
            return _markup_text(decoded, markup)
    text, encoding = _detected(data, sample)
    flags = (MISDECLARED_ENCODING,) if declared not in (None, encoding) else ()
    return _markup_text(DecodedText(text, encoding, declared, flags), markup)


def declared_encoding(data: bytes) -> str | None:
    """The Python codec of the encoding a page declares (meta or XML declaration), or None."""
    import w3lib.encoding

    label = w3lib.encoding.html_body_declared_encoding(data[:DECLARATION_SCAN_BYTES])
    if label is None:
        return None
    name = codecs.lookup(label).name
    return "utf-8" if name in _UTF16_DECLARED_AS_UTF8 else name


def _declared(data: bytes, declared: str) -> DecodedText | None:
    """The bytes read in the encoding they declare, or None when the bytes contradict it."""
    if declared != "utf-8" and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:  # valid UTF-8 with multi-byte characters: the declaration is wrong
            return DecodedText(data.decode("utf-8"), "utf-8", declared, (MISDECLARED_ENCODING,))
    try:
        return DecodedText(data.decode(declared), declared, declared)
    except UnicodeDecodeError:
        return None


def _detected(data: bytes, sample: bytes) -> tuple[str, str]:
    """The text and codec of bytes that declare nothing: UTF-8, else a legacy code page."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    if _NON_ASCII.search(text):
        return text, "utf-8"  # UTF-8 with a few stray bytes
    encoding = codecs.lookup(_legacy_encoding(sample)).name
    return data.decode(encoding, errors="surrogateescape"), encoding


def _markup_text(decoded: DecodedText, markup: bool) -> DecodedText:
    """The decoded page less its XML declaration (see `decode_html`); other text as is."""
    if not markup or "<?xml" not in decoded.text[:_SNIFF_BYTES]:
        return decoded
    text = _XML_DECLARATION.sub("", decoded.text, count=1)
    return DecodedText(text, decoded.encoding, decoded.declared_encoding, decoded.flags)


def _utf16_without_bom(sample: bytes) -> str | None:
    """The UTF-16 codec whose NUL high bytes fill one position of each byte pair, if any."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.5 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.5 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _legacy_encoding(sample: bytes) -> str:
    """The single-byte code page of text that is not UTF-8: Windows-1252 unless it reads wrong."""
    letters = [c for c in sample.decode("cp1252", errors="replace") if c.isalpha()]
    accented = sum(not c.isascii() for c in letters)
    if len(letters) < 20 or accented / len(letters) <= _LEGACY_ACCENTED_SHARE:
        return "cp1252"
    # charset_normalizer is unreliable on Western text (it reads French as cp1250 and English
    # as mac_iceland), so it is asked only when Windows-1252 reads as noise.
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample).best()
    return best.encoding if best is not None else "cp1252"


# What `repair_text` removes: C0 controls except tab and line breaks, and DEL.
_CONTROL_CODES = (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)
_CONTROL = re.compile("[" + "".join(map(chr, _CONTROL_CODES)) + "]+")
# The same characters as UTF-8 bytes: each is one byte there, and no other character's UTF-8
# contains these bytes (multi-byte sequences are all above 0x7F).
_CONTROL_BYTES = bytes(_CONTROL_CODES)
# A UTF-8 lead byte and continuation bytes that end too soon: a cut multi-byte character.
_CUT_SEQUENCE = re.compile("[\udcc2-\udcf4][\udc80-\udcbf]+")


def repair_text(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with its characters repaired, and flags naming each repair made.

    - INVALID_BYTES: a stray byte `decode_text` could not decode is read as Windows-1252
      (mixed-encoding text: a cp1252 "é" or curly quote pasted into UTF-8), a cut UTF-8
      sequence or a byte Windows-1252 leaves undefined becomes U+FFFD.
    - CONTROL_CHARS: NUL and other control characters (tab and line breaks excepted) are
      removed.
    - MOJIBAKE: text that was decoded with the wrong code page before ("cafÃ©") is repaired
      by ftfy, which changes nothing else (quotes, line breaks and normalization are kept).
    """
    text, repaired = repaired_characters(text)
    flags = list(repaired)
    if not text.isascii():
        import ftfy

        fixed = ftfy.fix_text(text, _mojibake_only())
        if fixed != text:
            text = fixed
            flags.append(MOJIBAKE)
    return text, tuple(flags)


def repaired_characters(text: str) -> tuple[str, tuple[str, ...]]:
    """Stray bytes and control characters repaired (see `repair_text`); mojibake left as is."""
    if _is_clean(text):
        return text, ()
    flags = []
    if _SURROGATE.search(text):
        text = _ESCAPED_BYTE.sub(_cp1252_char, _CUT_SEQUENCE.sub("\ufffd", text))
        # Any other lone surrogate came from a JSON escape ("\ud800"): UTF-8 cannot hold it.
        text = _SURROGATE.sub("\ufffd", text)
        flags.append(INVALID_BYTES)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        flags.append(CONTROL_CHARS)
    return text, tuple(flags)


def _is_clean(text: str) -> bool:
    """Whether the text has no surrogate and no control character to repair.

    A whole page is checked before it is parsed: C's UTF-8 encoder refuses any surrogate and
    `bytes.translate` finds the control bytes, about ten times faster than scanning the text
    with the two patterns (a 180,000-character page: 0.2 against 2.3 ms).
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate
        return False
    return len(data.translate(None, _CONTROL_BYTES)) == len(data)


def _cp1252_char(match: re.Match[str]) -> str:
    """The Windows-1252 character of a byte that "surrogateescape" left as a lone surrogate."""
    byte = ord(match.group()) - 0xDC00
    return bytes([byte]).decode("cp1252", errors="replace")


@cache
def _mojibake_only() -> ftfy.TextFixerConfig:
    """ftfy's settings that repair mojibake and change nothing else."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
