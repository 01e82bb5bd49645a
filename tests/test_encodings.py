"""Text in any encoding: byte-order marks, UTF-16/32 with or without a mark, Latin-1,
Windows-1252, mixed line endings; the same claims as the UTF-8 twin; doubtful files refused."""

from __future__ import annotations

import codecs

import pytest
from conftest import run_cli
from rdflib import Graph, Literal

from kgbuild.extract import Extractor
from kgbuild.readers.corpus import read_document
from kgbuild.readers.text import EncodingError, decode
from kgbuild.vocab import KG

# Written for these tests: dashes and curly quotes (0x80-0x9F in Windows-1252), accents (Latin-1).
ARTICLE = (
    "# Kava \u2013 a caf\u00e9 drink from the Pacific\n"
    "\n"
    "Kava \u2013 the Pacific \u201croot drink\u201d \u2013 is traditionally used to calm anxiety.\n"
    "Clinical trials found that kavalactones reduce anxiety in adults with generalized anxiety "
    "disorder.\n"
    "Users report that kratom helps with chronic pain; the caf\u00e9 owner in Z\u00fcrich "
    "agrees.\n"
    "Kava may cause liver damage, according to some reports from \u00d6sterreich.\n"
    "\n"
    "Possible side effects of kratom include:\n"
    "- Nausea\n"
    "- Constipation\n"
)
# Latin-1 has no dashes or curly quotes: the same article in plain punctuation.
LATIN1_ARTICLE = (
    ARTICLE.replace("\u2013", "-").replace("\u201c", '"').replace("\u201d", '"')
    + "Se\u00f1or Gr\u00fc\u00df says \u00abkava\u00bb is a drink.\n"
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


def claims(extractor: Extractor, path, root) -> list[tuple]:
    document = read_document(path, root)
    return [
        (m.subject, m.relation, m.object, m.level, m.hedged, m.negated, m.sentence)
        for m in extractor.extract(document).mentions
    ]


@pytest.mark.parametrize(
    ("codec", "bom", "recorded"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32-be"),
        ("utf-32-le", b"", "utf-32-le"),
        ("utf-32-be", b"", "utf-32-be"),
        ("cp1252", b"", "cp1252"),
    ],
)
def test_decodes_with_and_without_a_byte_order_mark(codec, bom, recorded):
    decoded = decode(bom + ARTICLE.encode(codec))
    assert decoded.text == ARTICLE
    assert decoded.encoding == recorded


def test_latin1_is_decoded_as_its_windows_1252_superset():
    decoded = decode(LATIN1_ARTICLE.encode("latin-1"))
    assert decoded.text == LATIN1_ARTICLE
    assert decoded.encoding == "cp1252"


def test_another_legacy_encoding_is_detected():
    russian = "\u041a\u0430\u0432\u0430 \u2014 \u043d\u0430\u043f\u0438\u0442\u043e\u043a. " * 20
    decoded = decode(russian.encode("cp1251"))
    assert decoded.text == russian


def test_mixed_line_endings_keep_offsets_and_split_lines():
    text = "First line.\r\nSecond line.\rThird line.\nFourth line.\r\n"
    decoded = decode(text.encode("utf-8"))
    assert len(decoded.text) == len(text)  # offsets of the file's text are kept
    assert decoded.text == text.replace("line.\rThird", "line.\nThird")
    assert [line.strip() for line in decoded.text.split("\n")][:4] == [
        "First line.",
        "Second line.",
        "Third line.",
        "Fourth line.",
    ]


def test_binary_and_doubtful_bytes_are_refused_naming_the_guess():
    with pytest.raises(EncodingError, match="binary"):
        decode(b"\x00\x01\x02\x03kava\x00\xff")
    with pytest.raises(EncodingError, match=r"not detected with confidence \(best guess: \S+\)"):
        decode(bytes(range(0x80, 0x100)) * 4)


def test_an_html_page_is_read_in_the_charset_it_declares(tmp_path):
    page = (
        '<html><head><meta charset="iso-8859-2"><title>Kava</title></head><body><article>'
        "<p>\u0141\u00f3d\u017a cafés say kava is traditionally used to calm anxiety.</p>"
        "<p>Kava may cause liver damage, according to some reports.</p></article></body></html>"
    )
    (tmp_path / "page.html").write_bytes(page.encode("iso-8859-2"))
    document = read_document(tmp_path / "page.html", tmp_path)
    assert document.encoding == "iso8859-2"
    assert "\u0141\u00f3d\u017a" in document.text


def test_windows_1252_and_utf16_pages_give_the_claims_of_their_utf8_twin(extractor, tmp_path):
    files = {
        "utf8.txt": ARTICLE.encode("utf-8"),
        "cp1252.txt": ARTICLE.encode("cp1252"),
        "utf16.txt": ARTICLE.encode("utf-16"),  # with a byte-order mark
        "utf16-nobom.md": ARTICLE.encode("utf-16-le"),
        "utf32.txt": ARTICLE.encode("utf-32"),
        "crlf.txt": ARTICLE.replace("\n", "\r\n").encode("cp1252"),
        "cr.txt": ARTICLE.replace("\n", "\r").encode("utf-16-be"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    twin = claims(extractor, tmp_path / "utf8.txt", tmp_path)
    relations = {(s, r, o) for s, r, o, *_ in twin}
    assert {
        ("kava", "claimedFor", "anxiety"),
        ("kavalactones", "claimedFor", "anxiety"),
        ("kratom", "claimedFor", "pain"),
        ("kava", "hasRisk", "liver-toxicity"),
        ("kratom", "hasRisk", "nausea"),
        ("kratom", "hasRisk", "constipation"),
    } <= relations
    for name in files:
        assert claims(extractor, tmp_path / name, tmp_path) == twin, name
    # offsets too, where the file's text has the same line breaks
    for name in ("cp1252.txt", "utf16.txt", "utf16-nobom.md", "utf32.txt", "cr.txt"):
        document = read_document(tmp_path / name, tmp_path)
        assert [(m.char_start, m.char_end) for m in extractor.extract(document).mentions] == [
            (m.char_start, m.char_end)
            for m in extractor.extract(read_document(tmp_path / "utf8.txt", tmp_path)).mentions
        ], name


def test_the_graph_records_each_documents_encoding_and_validates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(ARTICLE.encode("cp1252"))
    (corpus / "b.txt").write_bytes(ARTICLE.replace("Kava", "Kratom").encode("utf-16"))
    (corpus / "c.md").write_bytes(LATIN1_ARTICLE.encode("latin-1"))
    (corpus / "doubtful.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    result = run_cli("extract", corpus, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Read 3 document(s), skipped 1 (1 undecodable)" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and "doubtful.txt" in warnings[0] and "best guess" in warnings[0]
    assert "Traceback" not in result.stderr
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    encodings = {
        str(graph.value(doc, KG.path)): str(enc) for doc, enc in graph.subject_objects(KG.encoding)
    }
    assert encodings == {"a.txt": "cp1252", "b.txt": "utf-16-le", "c.md": "cp1252"}
    assert all(isinstance(e, Literal) for e in graph.objects(None, KG.encoding))
    report = run_cli("validate", tmp_path / "out" / "graph.ttl")
    assert report.returncode == 0, report.stdout + report.stderr
