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
