"""Readers: every format, the accepted JSON keys, and rejects with reasons."""

from __future__ import annotations

import codecs

import pytest

from schemas.errors import InputError
from schemas.input_formats import format_for_name
from tests.conftest import CASES, CORPUS, SEED, shared_or_skip
from transforms.readers import (
    MAX_ARTICLE_CHARS,
    decode_html,
    decode_text,
    feed_outlet,
    outlet_from_byline,
    parse_file,
    repair_text,
    word_count,
)
from transforms.readers.decoding import repaired_characters

READERS = CASES / "readers"


def parse(name: str):
    return parse_file(name, (READERS / name).read_bytes())


def test_seed_text_article_has_headline_byline_date_and_exact_body():
    data = shared_or_skip(SEED).read_bytes()
    (article,) = parse_file(SEED.name, data).articles
    assert article.title.startswith("Reports Indicate Over 300 North Korean Soldiers Killed")
    assert article.source == "Department of Research, Studies and International News"
    assert article.published_raw == "13-01-2025"
    assert article.text.startswith("South Korea has disclosed alarming figures")
    assert article.text in data.decode()


@pytest.mark.parametrize(
    ("name", "title", "source", "published", "body_start"),
    [
        pytest.param(
            "headline_only.txt",
            "Floods close the coastal road for a third day",
            None,
            None,
            "Engineers said",
            id="headline-no-byline",
        ),
        pytest.param("all_body.txt", None, None, None, "This file has no headline", id="all-body"),
        pytest.param(
            "mdy_byline.txt",
            "Harbor officials count the cost of the storm",
            "Harbor Wire Staff",
            "03/14/2024",
            "The storm",
            id="mdy-byline",
        ),
    ],
)
def test_text_shapes(name, title, source, published, body_start):
    (article,) = parse(name).articles
    assert (article.title, article.source, article.published_raw) == (title, source, published)
    assert article.text.startswith(body_start)
    assert article.format == "txt"


def test_html_main_text_and_metadata():
    (article,) = parse("page.html").articles
    assert article.title == "Ceasefire talks resume in the capital"
    assert article.source == "Example Gazette"
    assert article.url == "https://gazette.example/world/ceasefire-talks"
    assert article.published_raw.startswith("2024-05-02")  # issue 16: time kept when stated
    assert article.language == "en-GB"
    assert "more than 120 detainees" in article.text
    assert "Copyright" not in article.text and "Sport" not in article.text


def test_rss_items_are_articles_with_feed_metadata():
    parsed = parse("feed.rss")
    assert parsed.format == "rss"
    first, second = parsed.articles
    assert first.title == "Aid convoy reaches the valley"
    assert first.text == (
        "An aid convoy of 12 trucks reached the valley on Tuesday.\n"
        "About 3,000 people had been waiting for supplies, organisers said."
    )
    assert first.published_raw == "Tue, 02 Apr 2024 14:30:00 +0000"
    assert (first.source, first.external_id, first.language) == (
        "Example Wire",
        "wire-1001",
        "en-us",
    )
    assert second.text == "Officials said two people were injured in the blast."
    assert second.position == 1


def test_atom_entries():
    parsed = parse("feed.atom")
    (entry,) = parsed.articles
    assert parsed.format == "atom"
    assert entry.published_raw == "2024-06-01T09:15:00+02:00"
    assert entry.url == "https://atom.example/evacuation"
    assert entry.text == "Authorities ordered the evacuation of 5,000 residents along the river."


def test_jsonl_keeps_good_lines_and_rejects_bad_ones_with_reasons():
    parsed = parse("mixed.jsonl")
    assert [a.external_id for a in parsed.articles] == ["a1", "3"]
    alt = parsed.articles[1]
    assert (alt.title, alt.text, alt.source) == ("Alt keys", "Body three.", "Wire B")
    assert alt.published_raw == "Fri, 05 Jan 2024 10:00:00 GMT"
    reasons = {reject.position: reject.reason for reject in parsed.rejects}
    assert set(reasons) == {1, 3, 5, 6}
    assert "invalid JSON" in reasons[1]
    assert "expected an object" in reasons[3]
    assert "no text" in reasons[5]
    assert "should be a string" in reasons[6]


def test_json_array_with_alternative_keys():
    first, second = parse("array.json").articles
    assert (first.title, first.text, first.published_raw, first.source) == (
        "Array one",
        "Content one.",
        "2024-02-01T12:00:00Z",
        "Outlet X",
    )
    assert second.position == 1 and second.published_raw == "01/02/2024"


def test_truncated_json_file_is_rejected_whole():
    with pytest.raises(InputError, match="invalid JSON"):
        parse("truncated.json")


def test_shared_corpus_jsonl_reads_every_article():
    data = shared_or_skip(CORPUS / "re3d" / "re3d-articles.jsonl").read_bytes()
    parsed = parse_file("re3d-articles.jsonl", data)
    assert len(parsed.articles) == 90 and not parsed.rejects


CYRILLIC = "Министерство сообщило, что двенадцать человек были эвакуированы из домов."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("Kyiv – Zelenskyy".encode(), "Kyiv – Zelenskyy", id="utf8"),
        pytest.param(codecs.BOM_UTF8 + b"caf\xc3\xa9", "café", id="utf8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + "café".encode("utf-16-le"), "café", id="utf16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + "café".encode("utf-16-be"), "café", id="utf16be-bom"),
        pytest.param(codecs.BOM_UTF32_LE + "café".encode("utf-32-le"), "café", id="utf32-bom"),
        pytest.param(
            "Brønnøy café, 3 missing".encode("utf-16-le"),
            "Brønnøy café, 3 missing",
            id="utf16-no-bom",
        ),
        pytest.param("café “quoted”".encode("cp1252"), "café “quoted”", id="cp1252"),
        pytest.param("Zürich, São Tomé".encode("latin-1"), "Zürich, São Tomé", id="latin-1"),
        pytest.param(CYRILLIC.encode("cp1251"), CYRILLIC, id="cp1251-detected"),
        pytest.param(CYRILLIC.encode("koi8-r"), CYRILLIC, id="koi8-r-detected"),
        # Mostly UTF-8: the stray byte stays a byte (a lone surrogate) for repair_text.
        pytest.param(b"caf\xc3\xa9 \x93x\x94", "café \udc93x\udc94", id="utf8-stray-bytes"),
    ],
)
def test_decode_text(data, expected):
    assert decode_text(data) == expected


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "Officials said 3 people were hurt.")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG image)", id="jpeg"),
        pytest.param(_zip(), "binary file (ZIP archive)", id="zip"),
        pytest.param(b"\x1f\x8b\x08\x00" + bytes(20), "binary file (gzip data)", id="gzip"),
        pytest.param(bytes(range(256)) * 16, "binary file (432 control bytes", id="all-bytes"),
        pytest.param(b"   \n\t ", "empty file", id="whitespace"),
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"\x00" * 64 + b"\n", "only NUL or other control", id="only-nul"),
        pytest.param(b"x" * (MAX_ARTICLE_CHARS + 1), "article too long (200,001", id="too-long"),
    ],
)
def test_unreadable_files_raise_with_reason(data, reason):
    with pytest.raises(InputError) as raised:
        parse_file("x.txt", data)
    assert reason in raised.value.reason
    assert raised.value.position == -1


@pytest.mark.parametrize(
    ("text", "expected", "flags"),
    [
        pytest.param("Plain “quoted” text\r\n", "Plain “quoted” text\r\n", (), id="clean"),
        pytest.param("caf\udce9 \udc93x\udc94", "café “x”", ("invalid_bytes",), id="cp1252-bytes"),
        pytest.param("cut \udce2\udc80 off", "cut \ufffd off", ("invalid_bytes",), id="cut-utf8"),
        pytest.param("undefined \udc81", "undefined \ufffd", ("invalid_bytes",), id="undefined"),
        pytest.param("escape \ud800", "escape \ufffd", ("invalid_bytes",), id="lone-surrogate"),
        pytest.param("a\x00b\x1b[0m\tc\x7f", "ab[0m\tc", ("control_chars",), id="controls"),
        pytest.param("cafÃ© and itâ€™s", "café and it’s", ("mojibake",), id="mojibake"),
        pytest.param(
            "caf\udce9\x00 cafÃ©",
            "café café",
            ("invalid_bytes", "control_chars", "mojibake"),
            id="all",
        ),
    ],
)
def test_repair_text(text, expected, flags):
    assert repair_text(text) == (expected, flags)


@pytest.mark.parametrize("code", range(0x80), ids=hex)
def test_each_control_character_is_removed_and_every_other_ascii_character_kept(code):
    # Non-ASCII around it: the check of a clean text runs on its UTF-8 bytes.
    text = f"Zürich «{chr(code)}» 東京"
    control = code < 0x09 or 0x0E <= code < 0x20 or code == 0x7F
    expected = ("Zürich «» 東京", ("control_chars",)) if control else (text, ())
    assert repaired_characters(text) == expected


def test_text_with_nul_bytes_is_kept_with_a_flag():
    (article,) = parse_file(
        "x.txt", b"Headline\n\nBody\x00 with 3 NUL\x00\x00 bytes.\n\x00"
    ).articles
    assert (article.title, article.text) == ("Headline", "Body with 3 NUL bytes.")
    assert article.text_flags == ("control_chars",)


def test_mixed_encoding_text_is_read_with_a_flag():
    data = "Café owners\n\nThe Café du Port called it ".encode() + b"\x93a disaster\x94."
    (article,) = parse_file("x.txt", data).articles
    assert article.text == "The Café du Port called it “a disaster”."
    assert article.text_flags == ("invalid_bytes",)


def test_a_body_longer_than_the_limit_is_refused_without_a_crash_on_one_line():
    data = b"word " * (2 * MAX_ARTICLE_CHARS)
    with pytest.raises(InputError, match=r"article too long \(1,999,999 characters"):
        parse_file("x.txt", data)


def test_surrounding_whitespace_does_not_count_towards_the_limit():
    data = b"\n" * 10 + b"x" * MAX_ARTICLE_CHARS + b" \n" * 10_000
    (article,) = parse_file("x.txt", data).articles
    assert len(article.text) == MAX_ARTICLE_CHARS


def test_jsonl_rejects_an_overlong_or_non_string_text_by_line_and_keeps_the_others():
    lines = [
        '{"text": "Good one."}',
        '{"text": "' + "x" * (MAX_ARTICLE_CHARS + 1) + '"}',
        '{"text": 12345}',
        '{"text": "Good two."}',
    ]
    parsed = parse_file("x.jsonl", "\n".join(lines).encode())
    assert [a.text for a in parsed.articles] == ["Good one.", "Good two."]
    assert [(r.position, r.reason) for r in parsed.rejects] == [
        (1, "line 2: article too long (200,001 characters; limit 200,000)"),
        (2, "line 3: field 'text' should be a string, got int"),
    ]


def _nested(depth: int) -> bytes:
    paragraph = "<p>" + "Officials said 12 people were injured in the blast. " * 5 + "</p>"
    return f"<html><body>{'<div>' * depth}{paragraph}{'</div>' * depth}</body></html>".encode()


def test_html_nested_past_the_parser_limit_is_rejected_not_truncated():
    with pytest.raises(InputError, match="HTML nested too deeply"):
        parse_file("x.html", _nested(100_000))
    (article,) = parse_file("x.html", _nested(200)).articles
    assert article.text.startswith("Officials said 12 people")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(
            "<html><head><script>app()</script></head><body><noscript>Please enable JavaScript"
            "</noscript></body></html>",
            id="scripts",
        ),
        pytest.param(
            "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div "
            "class='cookie'>We use cookies to improve your experience. By continuing to browse "
            "you agree to our use of cookies.</div><footer>Copyright</footer></body></html>",
            id="boilerplate",
        ),
    ],
)
def test_html_without_an_article_is_rejected(html):
    with pytest.raises(
        InputError, match=r"HTML page has no article: too short: \d+ words, needs 25"
    ):
        parse_file("x.html", html.encode())


def test_broken_feed_keeps_the_items_it_has_and_records_the_break():
    data = (READERS / "feed.rss").read_bytes()
    cut = data[: data.index(b"</item>") + len(b"</item>") + 20]
    parsed = parse_file("x.rss", cut)
    assert [a.title for a in parsed.articles] == ["Aid convoy reaches the valley"]
    assert [(r.position, r.reason) for r in parsed.rejects] == [
        (-1, "malformed feed XML (no element found at line 15, column 12); 2 items found"),
        (1, "item 1: no text"),
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        pytest.param("wire.jsonl.gz", "jsonl", id="gz"),
        pytest.param("page.HTML.xz", "html", id="xz-upper"),
        pytest.param("feed.rss.bz2", "feed", id="bz2"),
        pytest.param("backup.tar.gz", None, id="tar-gz"),
        pytest.param("notes.gz", None, id="bare-gz"),
    ],
)
def test_format_for_name_looks_through_compression(name, kind):
    assert format_for_name(name) == kind


@pytest.mark.parametrize(
    ("byline", "outlet"),
    [
        pytest.param("By Jakob Rennet | Northern Ledger | Mirsk", "Northern Ledger", id="bars"),
        pytest.param("Capitol Dispatch — By Owen Trask", "Capitol Dispatch", id="dash-author"),
        pytest.param(
            "Department of Research, Studies and International News",
            "Department of Research, Studies and International News",
            id="seed-commas-kept",
        ),
        pytest.param("By Staff Reporter", None, id="author-only"),
    ],
)
def test_outlet_from_byline(byline, outlet):
    assert outlet_from_byline(byline) == outlet


# Encodings, the browsers' order (issue 16): BOM, then what the markup declares (label mapped
# as browsers map it), then detection; a declaration the bytes contradict is flagged.
_STORY = "Le café de la gare a rouvert ses portes après trois années de travaux. " * 3


def _page(head: str, body: str = _STORY) -> str:
    return f"<html><head>{head}<title>T</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("data", "encoding", "declared", "flags"),
    [
        pytest.param(
            _page('<meta charset="iso-8859-1">').encode("cp1252"),
            "cp1252",
            "cp1252",
            (),
            id="latin1-label-is-windows-1252",
        ),
        pytest.param(
            _page('<meta charset="gb2312">', "河北各市巡演结束，话剧来到张家口。").encode(
                "gb18030"
            ),
            "gb18030",
            "gb18030",
            (),
            id="gb2312-label-is-gb18030",
        ),
        pytest.param(
            _page(
                '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
                "東京で新しい駅が開業しました。",
            ).encode("cp932"),
            "cp932",
            "cp932",
            (),
            id="http-equiv-shift-jis",
        ),
        pytest.param(
            b'<?xml version="1.0" encoding="iso-8859-15"?>\n'
            + _page("", "Le prix est de 20 €.").encode("iso8859-15"),
            "iso8859-15",
            "iso8859-15",
            (),
            id="xhtml-xml-declaration",
        ),
        pytest.param(
            codecs.BOM_UTF8 + _page('<meta charset="windows-1252">').encode(),
            "utf-8-sig",
            None,
            (),
            id="bom-beats-meta",
        ),
        pytest.param(
            _page('<meta charset="iso-8859-1">').encode(),
            "utf-8",
            "cp1252",
            ("misdeclared_encoding",),
            id="utf8-declared-latin1",
        ),
        pytest.param(
            _page('<meta charset="shift_jis">').encode("cp1252"),
            "cp1252",
            "cp932",
            ("misdeclared_encoding",),
            id="latin1-declared-shift-jis",
        ),
        pytest.param(
            _page('<meta charset="utf-8">', _STORY + "K\xfcchen").encode("utf-8")[:-8]
            + "Küchen".encode("cp1252")
            + b"</p></body></html>",
            "utf-8",
            "utf-8",
            (),
            id="utf8-with-a-stray-byte-is-not-misdeclared",
        ),
        pytest.param(
            b"<!-- <meta charset='koi8-r'> -->" + _page("").encode("cp1252"),
            "cp1252",
            None,
            (),
            id="commented-meta-ignored",
        ),
    ],
)
def test_decode_html(data, encoding, declared, flags):
    decoded = decode_html(data)
    assert (decoded.encoding, decoded.declared_encoding, decoded.flags) == (
        encoding,
        declared,
        flags,
    )
    assert "<?xml" not in decoded.text
    assert "<html>" in decoded.text


def test_xhtml_with_an_xml_declaration_is_read():
    page = _page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>')
    data = b'<?xml version="1.0" encoding="iso-8859-1"?>\n' + page.encode("latin-1")
    (article,) = parse_file("x.html", data).articles
    assert article.text.startswith("Le café de la gare")


def test_misdeclared_page_is_read_by_detection_and_flagged():
    data = _page('<meta charset="iso-8859-1">').encode()
    (article,) = parse_file("x.html", data).articles
    assert "café" in article.text
    assert "misdeclared_encoding" in article.text_flags


WEB_PAGES = CORPUS / "web" / "htmldate-bbaw" / "pages"
# The pages of ../shared/corpus/web/htmldate-bbaw that are not UTF-8, and a word of their text.
_LEGACY_PAGES = [
    ("archive.org.he.xinhuanet.com.25340717.html", "话剧《约定无期限》"),
    ("automobilwoche.de-VW-Betriebsversammlung.html", "für"),
    ("badische-zeitung.de-Wohnungssuche.html", "für"),
    ("die-tagespost.de.Demut.html", "verschwunden"),
    ("elmundo.es-PSOE.html", "negociación"),
    ("kyffhaeuser-nachrichten.de-Regen.html", "für"),
    ("nnz-online.de-Quantensprung.html", "für"),
]


@pytest.mark.parametrize(("name", "word"), _LEGACY_PAGES, ids=[n for n, _ in _LEGACY_PAGES])
def test_real_legacy_pages_decode_by_their_meta_charset(name, word):
    data = (shared_or_skip(WEB_PAGES) / name).read_bytes()
    decoded = decode_html(data)
    text, flags = repair_text(decoded.text)
    assert word in text
    assert decoded.flags == ()
    assert "mojibake" not in flags


# Length for every script: words between spaces, one per letter of unspaced scripts.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Officials said two people were injured.", 6, id="english"),
        pytest.param("河北各市巡演结束", 8, id="chinese"),
        pytest.param("東京で新しい駅が開業しました。", 14, id="japanese"),
        pytest.param("กรุงเทพมหานคร", 13, id="thai"),
        pytest.param("NHKによると、東京 2024", 8, id="mixed"),
        pytest.param("Хорошая погода сегодня", 3, id="cyrillic"),
    ],
)
def test_word_count(text, expected):
    assert word_count(text) == expected


def test_chinese_article_is_not_rejected_as_short():
    body = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "一个约定，信守十五年，感人至深；一段真情，延续十五年，催人泪下。",
            "六月三日上午，话剧《约定无期限》全省各市巡演活动来到张家口。",
            "演出结束后，观众起立鼓掌，许多人流下了眼泪。",
        )
    )
    html = f"<html lang='zh'><head><title>话剧巡演结束</title></head><body><article>{body}"
    (article,) = parse_file("x.html", (html + "</article></body></html>").encode()).articles
    assert "张家口" in article.text


# Feeds: story over caption, entities, headline-only items, JSON Feed, sniffing, outlet.
def test_feed_prefers_the_story_to_the_media_caption_and_unescapes_entities():
    parsed = parse("feed_captions.rss")
    texts = {article.title: article for article in parsed.articles}
    assert texts["Leaders Meet Quietly as Talks Resume"].text.startswith("Negotiators returned")
    assert texts["Caption first, then the story"].text.startswith("The port reopened")
    budget = texts["The minister\u2019s \u201clast word\u201d on the budget"]
    assert budget.text == "The minister\u2019s plan cuts spending by 2%."
    assert {article.source for article in parsed.articles} == {"NYT"}


def test_feed_item_with_title_and_date_only_is_a_headline():
    parsed = parse("feed_captions.rss")
    (headline,) = [a for a in parsed.articles if a.title == "Polls close in the capital"]
    assert headline.text == "Polls close in the capital"
    assert headline.text_flags == ("headline_only",)
    assert [reject.reason for reject in parsed.rejects] == ["item 4: no text"]


def test_json_feed():
    parsed = parse("json_feed.json")
    assert parsed.format == "json_feed"
    first, second, third = parsed.articles
    assert first.title == "Aid convoy reaches the valley \u2014 at last"
    assert first.text.startswith("An aid convoy of 12 trucks")
    assert (first.published_raw, first.byline, first.language, first.source) == (
        "2024-04-02T14:30:00-04:00",
        "Ana Ruiz, Li Wei",
        "en-US",
        "time.com",
    )
    assert (second.external_id, second.url, second.published_raw, second.byline) == (
        "7002",
        "https://example.org/report",
        "2024-04-03T08:00:00Z",
        "TIME Staff",
    )
    assert third.text_flags == ("headline_only",)
    assert [reject.reason for reject in parsed.rejects] == [
        "item 3: no text",
        "item 4: expected an object, got str",
    ]


def test_real_json_feed_reads_every_item():
    path = shared_or_skip(CORPUS / "web" / "feeds" / "npr-technology-2021-10.json")
    parsed = parse_file(path.name, path.read_bytes())
    assert (parsed.format, len(parsed.articles), parsed.rejects) == ("json_feed", 25, ())
    first = parsed.articles[0]
    assert first.title == "Keller Rinaudo: How can delivery drones save lives?"
    assert first.published_raw == "2021-10-29T10:26:00-04:00"
    assert first.source == "npr.org"
    assert all(article.published_raw for article in parsed.articles)


def test_real_atom_feed_reads_every_entry():
    path = shared_or_skip(CORPUS / "web" / "feeds" / "touchnokia.ru-2009.atom.xml")
    parsed = parse_file(path.name, path.read_bytes())
    assert (parsed.format, len(parsed.articles), parsed.rejects) == ("atom", 15, ())
    assert parsed.articles[0].title == "Невидимая броня для Вашего Nokia 5800"
    assert all(article.published_raw for article in parsed.articles)


@pytest.mark.parametrize("name", ["feed.html", "feed.htm", "feed"])
def test_rss_named_html_is_read_as_a_feed(name):
    parsed = parse_file(name, (READERS / "feed.rss").read_bytes())
    assert (parsed.format, len(parsed.articles)) == ("rss", 2)


@pytest.mark.parametrize(
    ("title", "link", "outlet"),
    [
        pytest.param("NYT > World News", "https://www.nytimes.com/section/world", "NYT", id="nyt"),
        pytest.param("BBC News - World", "https://www.bbc.co.uk/news/world", "BBC News", id="bbc"),
        pytest.param("World", "https://time.com/section/world/", "time.com", id="section-time"),
        pytest.param("Technology", "https://www.npr.org/sections/technology/", "npr.org", id="npr"),
        pytest.param("World – TIME", "https://time.com/world/", "TIME", id="section-first"),
        pytest.param("EL PAÍS", "https://elpais.com/", "EL PAÍS", id="accented-name"),
        pytest.param("Eastbrook Herald — World", None, "Eastbrook Herald", id="no-link"),
        pytest.param(None, "https://wire.example/", "wire.example", id="no-title"),
    ],
)
def test_feed_outlet(title, link, outlet):
    assert feed_outlet(title, link) == outlet
