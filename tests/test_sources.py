"""Source types from rules kept as data, the --sources manifest, and WARC files from warcio."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kgbuild.readers.warc import WarcReport, read_warc
from kgbuild.sources.manifest import normalise_date, read_manifest
from kgbuild.sources.types import SourceRulesError, load_source_type_rules, parse_rules

RULES = load_source_type_rules()


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.nccih.nih.gov/health/some-herb", "government"),
        ("https://www.gov.uk/guidance/herbal-medicines", "government"),
        ("https://www.who.int/news-room/fact-sheets/detail/x", "government"),
        ("https://en.wikipedia.org/wiki/Some_plant", "encyclopedia"),
        ("https://www.britannica.com/plant/some-plant", "encyclopedia"),
        ("https://journals.plos.org/plosone/article?id=10.1371/journal.pone.1", "journal"),
        ("https://pubmed.ncbi.nlm.nih.gov/12345678/", "journal"),
        ("https://doi.org/10.1016/j.example.2020.01.001", "journal"),
        ("https://example.org/10.3390/nu1234567", "journal"),
        ("https://www.reddit.com/r/herbs/comments/abc/title/", "forum"),
        ("https://forum.example.net/viewtopic.php?t=12", "forum"),
        ("https://www.example.org/community/threads/my-experience.991/", "forum"),
        ("https://herbco.example/products/root-capsules-60ct", "vendor"),
        ("https://www.amazon.com/dp/B000000", "vendor"),
        ("https://greenleafshop.example/herb-powder", "vendor"),
        ("https://www.clevelandclinic.org/health/drugs/123", "health-system"),
        ("https://www.stmaryshospital.example/patients/herbs", "health-system"),
        ("https://www.nytimes.com/2024/03/01/well/herb.html", "news"),
        ("https://www.local-paper.example/news/herb-warning", "news"),
        ("https://someone.substack.com/p/my-herb-journey", "blog"),
        ("https://wellness-site.example/blog/10-benefits-of-herb", "blog"),
        ("https://unknown.example/page", "unknown"),
        ("", "unknown"),
        ("not a url at all", "unknown"),
    ],
)
def test_source_type_from_the_url(url, expected):
    assert RULES.classify(url).type == expected


@pytest.mark.parametrize(
    "text, expected, rule",
    [
        ("Root capsules\n$19.95\nAdd to cart\nFree shipping over $50", "vendor", "page:shop"),
        ("Posted by herbfan 3 days ago\nRe: does it work?\nReplies: 12", "forum", "page:thread"),
        (
            "Abstract\nBackground: we studied x.\nMethods: a trial.\nResults: y.\n"
            "doi: 10.1234/abcd.5",
            "journal",
            "page:journal-abstract",
        ),
        (
            "Posted on May 2, 2023\nIn this post I share...\nLeave a comment",
            "blog",
            "page:blog-post",
        ),
        ("A plain paragraph about a plant and what people say of it.", "unknown", "none"),
    ],
)
def test_source_type_from_page_cues(text, expected, rule):
    verdict = RULES.classify("https://unknown.example/x", text)
    assert (verdict.type, verdict.rule) == (expected, rule)


def test_the_url_wins_over_page_cues():
    verdict = RULES.classify("https://www.fda.gov/x", "Add to cart $9.99 free shipping")
    assert (verdict.type, verdict.rule) == ("government", "suffix:government")


@pytest.mark.parametrize(
    "data, words",
    [
        (
            {"types": {"unknown": "x"}, "rules": [{"name": "a", "type": "vendor", "hosts": ["a"]}]},
            "unknown type",
        ),
        ({"types": {"unknown": "x", "v": "y"}, "rules": [{"name": "a", "type": "v"}]}, "no hosts"),
        (
            {
                "types": {"unknown": "x", "v": "y"},
                "rules": [{"name": "a", "type": "v", "paths": ["("]}],
            },
            "bad pattern",
        ),
        (
            {
                "types": {"unknown": "x", "v": "y"},
                "rules": [{"name": "a", "type": "v", "colour": 1}],
            },
            "unknown keys",
        ),
        ({"types": {"v": "y"}, "rules": []}, "'unknown' too"),
        ([], "expected an object"),
    ],
)
def test_malformed_rules_are_refused(data, words):
    with pytest.raises(SourceRulesError, match=words):
        parse_rules(data)


def test_every_type_has_a_description_and_a_rule():
    assert set(RULES.types) == {
        "government",
        "health-system",
        "encyclopedia",
        "journal",
        "news",
        "vendor",
        "blog",
        "forum",
        "unknown",
    }
    assert {rule.type for rule in RULES.rules} == set(RULES.types) - {"unknown"}


# -- the manifest ------------------------------------------------------------------------------


def test_csv_manifest_with_bad_rows(tmp_path):
    manifest = tmp_path / "sources.csv"
    manifest.write_text(
        "path,url,date,site,source_type\n"
        "a.txt,https://x.example/a,2024-05-01,X,vendor\n"
        "./b.txt,,2024-13-01,,\n"
        "c.txt,,,,pharmacy\n"
        "a.txt,,,,blog\n"
        ",https://y.example,,,\n",
        encoding="utf-8",
    )
    report = read_manifest(manifest, set(RULES.types))
    assert sorted(report.entries) == ["a.txt", "b.txt", "c.txt"]
    assert report.entries["a.txt"].source_type == "vendor"
    assert report.entries["a.txt"].date == "2024-05-01"
    assert report.entries["b.txt"].date == ""
    assert report.problems == [
        "sources.csv:3: malformed date '2024-13-01' (expected YYYY-MM-DD); ignored",
        "sources.csv:4: unknown source type 'pharmacy' (known: blog, encyclopedia, forum, "
        "government, health-system, journal, news, unknown, vendor); ignored",
        "sources.csv:5: a.txt is listed twice; the first row is used",
        "sources.csv:6: no path; row left out",
    ]


def test_json_lines_manifest(tmp_path):
    manifest = tmp_path / "sources.jsonl"
    manifest.write_text(
        json.dumps({"path": "a.html", "url": "https://www.fda.gov/x", "date": "2023"}) + "\n"
        "[1, 2]\n" + json.dumps({"path": 5}) + "\n",
        encoding="utf-8",
    )
    report = read_manifest(manifest, set(RULES.types))
    assert report.entries["a.html"].date == "2023"
    assert report.problems == [
        "sources.jsonl:2: not a JSON object; row left out",
        "sources.jsonl:3: every value must be text; row left out",
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-05-01", "2024-05-01"),
        ("2024-05", "2024-05"),
        ("2024", "2024"),
        ("2024-05-01T10:00:00Z", "2024-05-01"),
        ("05/01/2024", None),
        ("2024-02-40", None),
    ],
)
def test_dates(value, expected):
    assert normalise_date(value) == expected


# -- WARC files written by warcio --------------------------------------------------------------


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]], gz: bool = True) -> None:
    """records: (url, status line, content type, body) as HTTP responses; '' type = a request."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, status, content_type, body in records:
            if not content_type:
                record = writer.create_warc_record(url, "request", payload=io.BytesIO(body))
            else:
                headers = StatusAndHeaders(
                    status, [("Content-Type", content_type)], protocol="HTTP/1.1"
                )
                record = writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            writer.write_record(record)


PAGE = b"<html><head><title>Kava</title></head><body><p>Kava may reduce anxiety.</p></body></html>"


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_are_pages(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(
        path,
        [
            ("https://shop.example/products/kava", "200 OK", "text/html; charset=utf-8", PAGE),
            ("https://shop.example/logo.png", "200 OK", "image/png", b"\x89PNG"),
            ("https://shop.example/old", "301 Moved Permanently", "text/html", b""),
            ("https://shop.example/products/kava", "", "", b"GET / HTTP/1.1\r\n\r\n"),
            ("https://www.fda.gov/kava", "200 OK", "application/xhtml+xml", PAGE),
        ],
        gz=gz,
    )
    report = WarcReport()
    pages = list(read_warc(path, path.name, report))
    assert [(p.name, p.url, p.charset) for p in pages] == [
        (f"{path.name}#1", "https://shop.example/products/kava", "utf-8"),
        (f"{path.name}#5", "https://www.fda.gov/kava", None),
    ]
    assert pages[0].html == PAGE and pages[0].fetched.startswith("20")
    assert report.other_records == 3 and report.error == ""


def test_truncated_and_corrupt_warc_keep_what_was_read(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://a.example/1", "200 OK", "text/html", PAGE)] * 3)
    data = path.read_bytes()
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(data[: len(data) - 40])
    report = WarcReport()
    pages = list(read_warc(truncated, truncated.name, report))
    assert len(pages) == 2 and "truncated or corrupt WARC" in report.error
    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(gzip.compress(b"not a warc record at all\r\n\r\n") + b"\x1f\x8b\x08garbage")
    report = WarcReport()
    assert list(read_warc(corrupt, corrupt.name, report)) == []
    assert "truncated or corrupt WARC" in report.error


# -- end to end: a corpus with a manifest, WARC files beside plain files -----------------------

import csv  # noqa: E402
import http.server  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402

from rdflib import Graph, URIRef  # noqa: E402

from tests.conftest import run_cli  # noqa: E402

KGS = "https://w3id.org/kgbuild/source-type/"
KG_SOURCE_TYPE = URIRef("https://w3id.org/kgbuild/ontology#sourceType")
KG_RULE = URIRef("https://w3id.org/kgbuild/ontology#sourceTypeRule")
KG_PATH = URIRef("https://w3id.org/kgbuild/ontology#path")

ARTICLES = {
    "shop.txt": "Our kava capsules reduce anxiety and stress. Kava helps you sleep.",
    "agency.txt": "Kava can cause liver damage. There is no evidence that kava reduces anxiety.",
    "wiki.txt": "Kava may reduce anxiety, studies suggest. Kava can cause liver damage.",
    "diary.txt": "I take kava for anxiety and it helps me sleep.",
    "paper.txt": "In a randomized controlled trial, kava reduced anxiety.",
}
URLS = {
    "shop.txt": "https://kava-direct.example/products/kava-capsules",
    "agency.txt": "https://www.fda.gov/consumers/kava",
    "wiki.txt": "https://en.wikipedia.org/wiki/Kava",
    "diary.txt": "https://calm-living.example/blog/my-kava-month",
    "paper.txt": "https://doi.org/10.1000/kava.2020.1",
}
EXPECTED = {
    "shop.txt": "vendor",
    "agency.txt": "government",
    "wiki.txt": "encyclopedia",
    "diary.txt": "blog",
    "paper.txt": "journal",
}


@pytest.fixture(scope="module")
def sourced(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sourced")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    manifest = root / "sources.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "url"])
        for name, url in URLS.items():
            writer.writerow([name, url])
    result = run_cli("extract", corpus, "--output", root / "out", "--sources", manifest)
    assert result.returncode == 0, result.stderr
    assert "Sources: 1 blog, 1 encyclopedia, 1 government, 1 journal, 1 vendor." in result.stdout
    return root / "out"


def test_source_types_from_manifest_urls_reach_the_graph(sourced):
    graph = Graph().parse(sourced / "graph.ttl", format="turtle")
    found = {
        str(graph.value(doc, KG_PATH)): str(graph.value(doc, KG_SOURCE_TYPE))[len(KGS) :]
        for doc in graph.subjects(KG_PATH, None)
    }
    assert found == EXPECTED
    rules = {str(graph.value(doc, KG_RULE)) for doc in graph.subjects(KG_PATH, None)}
    assert rules <= {rule.name for rule in RULES.rules}  # every type decided by a named URL rule
    assert run_cli("validate", sourced / "graph.ttl").returncode == 0
    rows = list(csv.DictReader((sourced / "claims.csv").open(encoding="utf-8-sig")))
    assert {(r["document"], r["source_type"], r["url"]) for r in rows} == {
        (name, EXPECTED[name], URLS[name]) for name in ARTICLES
    }


def saved(graph: Path, name: str, *params: str) -> list[dict[str, str]]:
    result = run_cli("query", graph, "--saved", name, "--format", "csv", "--plain", *params)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_saved_questions_about_sources(sourced):
    graph = sourced / "graph.ttl"
    only = {(r["subject"], r["relation"], r["object"]) for r in saved(graph, "only-vendor-or-blog")}
    assert ("kava", "claimedFor", "insomnia") in only and ("kava", "claimedFor", "stress") in only
    assert ("kava", "claimedFor", "anxiety") not in only  # others assert it too
    doubted = saved(graph, "vendor-claims-doubted")
    # the agency denies it; the encyclopedia hedges it ("may ..., studies suggest")
    assert [(r["subject"], r["object"], set(r["doubtedIn"].split(" | "))) for r in doubted] == [
        ("kava", "anxiety", {"agency.txt", "wiki.txt"})
    ]
    risks = saved(graph, "risks-government-not-vendors")
    assert [(r["substance"], r["risk"]) for r in risks] == [("kava", "liver toxicity")]
    table = {r["object"]: r for r in saved(graph, "claims-by-source-type", "-p", "substance=kava")}
    anxiety = table["anxiety"]
    assert (anxiety["vendor"], anxiety["government"], anxiety["blog"], anxiety["journal"]) == (
        "1",
        "1",
        "1",
        "1",
    )
    assert anxiety["denied"] == "1"


def test_manifest_problems_are_one_line_each_and_counted(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Kava may reduce anxiety.", encoding="utf-8")
    manifest = tmp_path / "sources.csv"
    manifest.write_text(
        "path,url,date,source_type\n"
        "a.txt,https://x.example/a,01/02/2024,pharmacy\n"
        "gone.txt,https://x.example/b,,\n",
        encoding="utf-8",
    )
    result = run_cli("extract", corpus, "--output", tmp_path / "out", "--sources", manifest)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert warnings == [
        "warning: sources.csv:2: malformed date '01/02/2024' (expected YYYY-MM-DD); ignored; "
        "unknown source type 'pharmacy' (known: blog, encyclopedia, forum, government, "
        "health-system, journal, news, unknown, vendor); ignored",
        "warning: sources.csv: gone.txt is not a document of the corpus; row ignored",
    ]
    assert "2 manifest row(s) with problems" in result.stdout
    assert "Traceback" not in result.stderr
    missing = run_cli("extract", corpus, "--output", tmp_path / "o2", "--sources", tmp_path / "no")
    assert missing.returncode == 2 and "sources manifest not found" in missing.stderr


def test_warc_files_beside_plain_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Valerian may help with insomnia.", encoding="utf-8")
    shop = (
        b"<html><head><title>Kava root</title></head><body><article><h1>Kava root</h1>"
        b"<p>Kava may reduce anxiety. Kava can cause liver damage.</p>"
        b"<p>$19.99. Add to cart. Free shipping.</p></article></body></html>"
    )
    write_warc(
        corpus / "crawl.warc.gz",
        [
            ("https://kava-direct.example/kava-root", "200 OK", "text/html", shop),
            ("https://kava-direct.example/logo.png", "200 OK", "image/png", b"\x89PNG"),
        ],
    )
    whole = (corpus / "crawl.warc.gz").read_bytes()
    (corpus / "cut.warc.gz").write_bytes(whole[: len(whole) // 2])
    result = run_cli("extract", corpus, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "skipped crawl.warc.gz: 1 record that is not an HTML page" in result.stderr
    assert "skipped cut.warc.gz: truncated or corrupt WARC" in result.stderr
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    doc = next(graph.subjects(KG_PATH, None, unique=True) for _ in [0])
    paths = {str(p) for p in graph.objects(None, KG_PATH)}
    assert paths == {"note.txt", "crawl.warc.gz#1"}
    page = next(
        d for d in graph.subjects(KG_PATH, None) if str(graph.value(d, KG_PATH)) != "note.txt"
    )
    assert str(graph.value(page, URIRef("http://schema.org/url"))) == (
        "https://kava-direct.example/kava-root"
    )
    assert str(graph.value(page, KG_SOURCE_TYPE)) == KGS + "vendor"  # from the page's cues
    assert graph.value(page, URIRef("https://w3id.org/kgbuild/ontology#retrieved")) is not None
    del doc


def test_wget_warc_of_a_page_served_on_loopback(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "kava.html").write_text(
        "<html><head><title>Kava</title></head><body><article><p>Kava may reduce anxiety "
        "in adults, studies suggest.</p></article></body></html>",
        encoding="utf-8",
    )
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(site), **k
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/kava.html"
        fetched = subprocess.run(
            [
                shutil.which("wget") or "wget",
                "-q",
                "--no-proxy",
                "--tries=1",
                "--timeout=10",
                f"--warc-file={corpus / 'fetch'}",
                "-O",
                str(tmp_path / "page.html"),
                url,
            ],
            capture_output=True,
            timeout=60,
        )
        assert fetched.returncode == 0, fetched.stderr
    finally:
        server.shutdown()
    result = run_cli("extract", corpus, "--output", tmp_path / "out", "--plain-csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "claims.csv").open(encoding="utf-8")))
    assert [(r["subject"], r["relation"], r["object"], r["url"]) for r in rows] == [
        ("kava", "claimedFor", "anxiety", url)
    ]
