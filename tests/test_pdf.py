"""PDF articles: real PDFs made in the test run.

The `browser` tests print small HTML pages written here with Debian's headless Chromium
(`--print-to-pdf`, which adds its own running header and footer: date, title, address and "n/m"
page numbers) and check the exact claims found, their page numbers, and that the PDF gives the
claims of the HTML page itself. They FAIL (never skip) when Chromium is missing. The other tests
build bad PDFs with pypdf and pypdfium2: encrypted, corrupt, truncated and image-only.
"""

from __future__ import annotations

import ast
import ctypes
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from browser_support import chromium_path
from conftest import PACKAGE_PARENT, run_cli
from rdflib import Graph, URIRef

from kgbuild.extract import Extractor
from kgbuild.readers.corpus import read_corpus, read_document
from kgbuild.readers.pdf import PdfError, read_pdf
from kgbuild.records import Document
from kgbuild.vocab import KG

STYLE = "body { font-family: serif; font-size: 15px; margin: 0 }"
# A running header as a browser prints one: fixed elements repeat on every printed page.
RUNNING = (
    ".running { position: fixed; top: 0; left: 0; right: 0; font-size: 10px; color: #555 }"
    ".foot { position: fixed; bottom: 0; left: 0; font-size: 10px }"
    "main { margin-top: 36px }"
)

REVIEW = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Kava, kratom and the evidence</title><style>{style}</style></head><body><main><article>
<h1>Kava, kratom and the evidence</h1>
<p>Kava is a drink prepared from the roots of a Pacific shrub. Clinical trials found that
kavalactones reduce anxiety in adults with generalized anxiety disorder, although the effect
in everyday use is smaller.[3] Some *strong* kava_drinkers disagree.</p>
<p>Islanders have traditionally used kava to ease insomnia and to welcome guests.</p>
<h2>Safety</h2>
<p>Kava may cause liver damage, according to case reports collected by regulators.</p>
<p>Possible side effects of kratom include:</p>
<ul><li>Nausea</li><li>Constipation</li><li>Seizures at high doses</li></ul>
<h2 style="break-before: page">Mechanisms</h2>
<p>Mitragynine acts on opioid receptors, and animal studies suggest that kratom modulates
serotonin.</p>
<p>Users report that kratom helps with chronic pain and fatigue.</p>
</article></main></body></html>"""

REVIEW_CLAIMS = {  # (subject, relation, object, page), in document order
    ("kavalactones", "claimedFor", "anxiety", 1),
    ("kavalactones", "claimedFor", "generalized-anxiety-disorder", 1),
    ("kava", "claimedFor", "insomnia", 1),
    ("kava", "hasRisk", "liver-toxicity", 1),
    ("kratom", "hasRisk", "side-effects", 1),
    ("kratom", "hasRisk", "nausea", 1),
    ("kratom", "hasRisk", "constipation", 1),
    ("kratom", "hasRisk", "seizures", 1),
    ("mitragynine", "actsOn", "opioid-receptor", 2),
    ("kratom", "modulates", "serotonin", 2),
    ("kratom", "claimedFor", "pain", 2),
    ("kratom", "claimedFor", "fatigue", 2),
}

# Two columns, a running header and footer of our own, a paragraph that runs on from the first
# column into the second, and a second page.
COLUMNS = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Herbal Safety Bulletin</title><style>{style} {running}
.cols {{ column-count: 2; column-gap: 40px; height: 120px; column-fill: auto }}
p {{ margin: 0 0 14px 0 }}</style></head><body>
<div class="running">Herbal Safety Bulletin &middot; Volume 7 &middot; Prepared for clinicians</div>
<div class="foot">Confidential draft for review &middot; do not cite</div>
<main><h1>Bulletin on botanical products</h1>
<div class="cols">
<p>Kava is sold in many shops. Clinical trials found that kavalactones reduce anxiety.</p>
<p>Regulators in several countries reviewed the case files of people who took herbal products
for months before they fell ill, and they concluded that kava extracts may cause liver damage in
rare cases, especially when the extracts are taken with alcohol or other drugs that the liver
must also clear.</p>
<p>Users report that kratom helps with opioid withdrawal.</p>
</div>
<div style="break-before: page; padding-top: 40px">
<p>Animal studies suggest that mitragynine acts on opioid receptors.</p></div>
</main></body></html>"""

HYPHENS = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notes</title>
<style>{style} p {{ width: 150px }}</style></head><body>
<p>Hepatotoxicity is the main worry.</p>
<p>Extraordinarily concentrated kava extracts may cause hepato&shy;toxicity in rare cases.</p>
<p>This is a well-known and never-ending debate among kava drinkers.</p>
<p style="width: 110px">Kratom leaves contain 7-hydroxymitragynine.</p>
</body></html>"""


def print_pdf(html: str, folder: Path, name: str) -> Path:
    """Print `html` to `folder/name`.pdf with headless Chromium, as a user would."""
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium_path(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    return pdf


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


def found(extractor: Extractor, document: Document) -> list[tuple]:
    return [(m.subject, m.relation, m.object, m.page) for m in extractor.extract(document).mentions]


def same_claims(extractor: Extractor, document: Document) -> set[tuple]:
    return {
        (m.subject, m.relation, m.object, m.level, m.hedged, m.negated)
        for m in extractor.extract(document).mentions
    }


@pytest.mark.browser
def test_a_printed_page_gives_the_claims_of_the_html_page_with_page_numbers(extractor, tmp_path):
    html = REVIEW.format(style=STYLE)
    pdf = print_pdf(html, tmp_path, "review")
    document = read_document(pdf, tmp_path)
    assert document.media_type == "application/pdf"
    assert document.title == "Kava, kratom and the evidence"
    assert document.date[:2] == "20" and len(document.date) == 10
    assert len(document.page_starts) == 2
    assert set(found(extractor, document)) == REVIEW_CLAIMS
    html_document = read_document(tmp_path / "review.html", tmp_path)
    assert same_claims(extractor, document) == same_claims(extractor, html_document)
    # offsets refer to the extracted text; Chromium's date, address and "1/2" are gone
    for mention in extractor.extract(document).mentions:
        assert document.text[mention.char_start : mention.char_end] == mention.sentence
    assert "file:" not in document.text and "1/2" not in document.text
    assert "- Nausea\n- Constipation\n- Seizures at high doses\n" in document.text
    # the HTML reader gives the page's own text, without trafilatura's Markdown escapes
    assert "is smaller.[3] Some *strong* kava_drinkers disagree." in document.text
    assert "is smaller.[3] Some *strong* kava_drinkers disagree." in html_document.text


@pytest.mark.browser
def test_two_columns_and_a_running_header(extractor, tmp_path):
    pdf = print_pdf(COLUMNS.format(style=STYLE, running=RUNNING), tmp_path, "bulletin")
    document = read_document(pdf, tmp_path)
    assert len(document.page_starts) == 2
    assert found(extractor, document) == [
        ("kavalactones", "claimedFor", "anxiety", 1),
        ("kava", "hasRisk", "liver-toxicity", 1),
        ("kratom", "claimedFor", "opioid-withdrawal", 1),
        ("mitragynine", "actsOn", "opioid-receptor", 2),
    ]
    assert "Volume 7" not in document.text and "do not cite" not in document.text
    # the paragraph that runs from the first column into the second is one paragraph
    paragraphs = document.text.split("\n\n")
    assert any(p.startswith("Regulators") and p.endswith("must also clear.") for p in paragraphs)
    assert document.text.index("Kava is sold") < document.text.index("Regulators")
    assert document.text.index("Regulators") < document.text.index("Users report")


@pytest.mark.browser
def test_words_broken_at_line_ends_are_joined(extractor, tmp_path):
    document = read_document(print_pdf(HYPHENS.format(style=STYLE), tmp_path, "notes"), tmp_path)
    assert "cause hepatotoxicity in rare cases" in document.text
    assert "well-known and never-ending debate" in document.text
    assert "contain 7-hydroxymitragynine." in document.text
    claims = found(extractor, document)
    assert ("kava", "hasRisk", "liver-toxicity", 1) in claims
    assert ("kratom", "contains", "7-hydroxymitragynine", 1) in claims


@pytest.mark.browser
def test_the_graph_carries_pages_and_pdf_metadata_and_validates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    print_pdf(REVIEW.format(style=STYLE), corpus, "review")
    (corpus / "review.html").unlink()
    result = run_cli("extract", corpus, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    pages = {int(p) for p in graph.objects(None, KG.page)}
    assert pages == {1, 2}
    doc = next(graph.subjects(KG.path, None))
    assert str(graph.value(doc, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == (
        "Kava, kratom and the evidence"
    )
    assert graph.value(doc, URIRef("http://purl.org/dc/terms/created")) is not None
    csv = (tmp_path / "out" / "claims.csv").read_text(encoding="utf-8-sig")
    assert ",sentence,page," in csv.splitlines()[0]
    report = run_cli("validate", tmp_path / "out" / "graph.ttl")
    assert report.returncode == 0, report.stdout + report.stderr


# Bad PDFs, made without a browser -----------------------------------------------------------


def blank_pdf(path: Path, **metadata: str) -> Path:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if metadata:
        writer.add_metadata({f"/{k}": v for k, v in metadata.items()})
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def encrypted_pdf(path: Path) -> Path:
    writer = pypdf.PdfWriter(clone_from=blank_pdf(path))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scan': one page holding only a picture (grey with a dark band), no text layer."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 792)
    bitmap = pdfium.PdfBitmap.new_native(306, 396, pdfium.raw.FPDFBitmap_BGR)
    bitmap.fill_rect((230, 230, 230, 255), 0, 0, 306, 396)
    bitmap.fill_rect((20, 20, 20, 255), 30, 60, 240, 12)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(612, 792))
    page.insert_obj(image)
    page.gen_content()
    pdf.save(str(path))
    return path


def test_bad_pdfs_are_one_line_each_and_counted_and_the_rest_is_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Kava may reduce anxiety, studies suggest.\n", encoding="utf-8"
    )
    encrypted_pdf(corpus / "locked.pdf")
    whole = blank_pdf(tmp_path / "whole.pdf").read_bytes()
    (corpus / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    (corpus / "junk.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF body\n%%EOF\n")
    image_only_pdf(corpus / "scan.pdf")
    result = run_cli("extract", corpus, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 4, warnings
    expected = {
        "locked.pdf": "encrypted PDF",
        "cut.pdf": "truncated PDF",
        "junk.pdf": "corrupt PDF",
        "scan.pdf": "no text layer: a scanned PDF needs OCR first",
    }
    for name, reason in expected.items():
        assert any(f"skipped {name}: {reason}" in w for w in warnings), (name, warnings)
    assert (
        "Read 1 document(s), skipped 4 (1 corrupt PDF, 1 encrypted PDF, 1 scanned PDF, "
        "1 truncated PDF)" in result.stdout
    )


def test_read_corpus_names_the_kind_of_each_failure(tmp_path):
    encrypted_pdf(tmp_path / "a.pdf")
    image_only_pdf(tmp_path / "b.pdf")
    failures = {f.path: f.kind for f in read_corpus(tmp_path)}
    assert failures == {"a.pdf": "encrypted PDF", "b.pdf": "scanned PDF"}
    with pytest.raises(PdfError) as raised:
        read_pdf(tmp_path / "b.pdf", "b.pdf")
    assert str(raised.value) == "no text layer: a scanned PDF needs OCR first"


def test_page_of_an_offset():
    document = Document("a.pdf", "one\n\ntwo\n\nthree\n", page_starts=(0, 5, 10))
    assert [document.page_at(i) for i in (0, 4, 5, 9, 10, 15)] == [1, 1, 2, 2, 3, 3]
    assert Document("a.txt", "text").page_at(2) is None


def loaded_after_reading(folder: Path) -> list[str]:
    """The PDF and HTML libraries a fresh process has loaded after reading `folder`."""
    code = (
        "import sys; from pathlib import Path; from kgbuild.readers import read_corpus; "
        "list(read_corpus(Path(sys.argv[1]))); "
        "print(sorted(m for m in ('pypdfium2', 'trafilatura') if m in sys.modules))"
    )
    env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
    result = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_pdfium_and_trafilatura_load_only_when_their_files_are_read(tmp_path):
    (tmp_path / "a.txt").write_text("Kava may reduce anxiety.\n", encoding="utf-8")
    (tmp_path / "b.md").write_bytes("Kava \u2013 a drink.\n".encode("cp1252"))
    assert loaded_after_reading(tmp_path) == []
    image_only_pdf(tmp_path / "c.pdf")
    assert loaded_after_reading(tmp_path) == ["pypdfium2"]


# Layout rules on PDFs typeset here through PDFium (no browser): Helvetica, greedy line
# breaking at a measured width, as a word processor does.


class Sheet:
    """A small typesetter: left-aligned paragraphs wrapped at a width, text anywhere."""

    def __init__(self) -> None:
        self.pdf = pdfium.PdfDocument.new()
        self.pages: list = []

    def new_page(self):
        self.pages.append(self.pdf.new_page(612, 792))
        return self.pages[-1]

    def _text_object(self, text: str, size: float):
        obj = pdfium.raw.FPDFPageObj_NewTextObj(self.pdf.raw, b"Helvetica", ctypes.c_float(size))
        wide = (text + "\0").encode("utf-16-le")
        buffer = ctypes.create_string_buffer(wide, len(wide))
        pdfium.raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium.raw.FPDF_WCHAR)))
        return obj

    def width(self, text: str, size: float) -> float:
        obj = self._text_object(text, size)
        edges = [ctypes.c_float() for _ in range(4)]
        pdfium.raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(e) for e in edges))
        pdfium.raw.FPDFPageObj_Destroy(obj)
        return edges[2].value - edges[0].value

    def put(self, page, text: str, x: float, y: float, size: float = 11) -> None:
        obj = self._text_object(text, size)
        pdfium.raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        pdfium.raw.FPDFPage_InsertObject(page.raw, obj)

    def paragraph(self, page, text: str, y: float, *, x=72, width=300, size=11, indent=0.0):
        """Wrap `text` greedily; return the baseline below the last line."""
        words, line, first = text.split(), "", True
        for word in words:
            trial = f"{line} {word}".strip()
            if line and self.width(trial, size) > width - (indent if first else 0):
                self.put(page, line, x + (indent if first else 0), y, size)
                y, line, first = y - size * 1.25, word, False
            else:
                line = trial
        self.put(page, line, x + (indent if first else 0), y, size)
        return y - size * 1.25

    def save(self, path: Path, **metadata: str) -> Path:
        for page in self.pages:
            pdfium.raw.FPDFPage_GenerateContent(page.raw)
        self.pdf.save(str(path))
        if metadata:
            writer = pypdf.PdfWriter(clone_from=str(path))
            writer.add_metadata({f"/{k}": v for k, v in metadata.items()})
            with path.open("wb") as handle:
                writer.write(handle)
        return path


def test_word_processor_layout_without_a_browser(extractor, tmp_path):
    sheet = Sheet()
    first, second = sheet.new_page(), sheet.new_page()
    for number, page in enumerate((first, second), 1):
        sheet.put(page, "Botanical Safety Review - Draft", 72, 760, size=8)  # running header
        sheet.put(page, f"Page {number} of 2", 280, 30, size=8)  # page number footer
    sheet.put(first, "Kratom and kava: safety notes", 72, 700, size=18)
    y = sheet.paragraph(
        first,
        "Kratom is a tropical tree whose leaves are chewed or brewed as tea in Southeast Asia. "
        "Users report that kratom helps with chronic pain. Regular consumers in several "
        "countries give similar accounts.",
        670,
        indent=18,
    )
    # a new paragraph marked by an indent only, no gap; it runs on to the next page
    y = sheet.paragraph(
        first,
        "Regulators warned that kava may cause hepatotoxicity, and they listed every case "
        "report that",
        y,
        indent=18,
    )
    sheet.paragraph(
        second,
        "reached them over ten years. Animal studies suggest that mitragynine acts on opioid "
        "receptors.",
        700,
    )
    # a word broken at a line end, which the document also writes whole
    sheet.put(second, "Cases of severe hepato-", 72, 640)
    sheet.put(second, "toxicity were rare.", 72, 626)
    sheet.put(second, "Reported side effects of kratom:", 72, 600)
    sheet.put(second, "\u2022 Nausea", 72, 586)
    sheet.put(second, "\u2022 Constipation", 72, 572)
    path = sheet.save(
        tmp_path / "review.pdf",
        Title="Microsoft Word - review_final.docx",
        Author="Jane Roe",
        CreationDate="D:20240315093000Z",
    )
    document = read_document(path, tmp_path)
    assert document.title == "Kratom and kava: safety notes"  # a file name is no title
    assert (document.author, document.date) == ("Jane Roe", "2024-03-15")
    paragraphs = document.text.strip().split("\n\n")
    assert paragraphs[0] == "# Kratom and kava: safety notes"
    assert paragraphs[1].startswith("Kratom is a tropical tree") and paragraphs[1].endswith(
        "similar accounts."
    )
    assert paragraphs[2] == (
        "Regulators warned that kava may cause hepatotoxicity, and they listed every case "
        "report that reached them over ten years. Animal studies suggest that mitragynine acts "
        "on opioid receptors."
    )
    assert "Reported side effects of kratom:\n\n- Nausea\n- Constipation" in document.text
    assert "Cases of severe hepatotoxicity were rare." in paragraphs
    assert "Draft" not in document.text and "of 2" not in document.text
    page_two = document.page_starts[1]
    assert document.text[page_two:].startswith("reached them over ten years.")
    assert found(extractor, document) == [
        ("kratom", "claimedFor", "pain", 1),
        ("kava", "hasRisk", "liver-toxicity", 1),
        ("mitragynine", "actsOn", "opioid-receptor", 2),  # its sentence starts on page 2
        ("kratom", "hasRisk", "liver-toxicity", 2),
        ("kratom", "hasRisk", "side-effects", 2),
        ("kratom", "hasRisk", "nausea", 2),
        ("kratom", "hasRisk", "constipation", 2),
    ]
    # the same claims as the same text typed into a plain file
    plain = Document("review.txt", document.text)
    assert [m[:3] for m in found(extractor, plain)] == [m[:3] for m in found(extractor, document)]
