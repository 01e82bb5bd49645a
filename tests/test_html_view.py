"""graph.html, the interactive view: self-contained, faithful to the graph, filterable, safe.

The browser tests drive Debian's headless Chromium with every network request blocked; they FAIL
(never skip) when Chromium is missing. Expected counts always come from the graph itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
from browser_support import (
    HOSTILE_URLS,
    PAYLOADS,
    ChromiumMissing,
    View,
    expected_visible,
    hostile_graph,
    launch_chromium,
    open_view,
    synthetic_graph,
)
from conftest import CORPUS, run_cli

from kgbuild.graph.merge import new_graph
from kgbuild.records import ENTITY_TYPES, RELATIONS, Level
from kgbuild.sources.types import load_source_type_rules
from kgbuild.writers.html import render_page, write_html
from kgbuild.writers.html.model import view_model

ASSETS = resources.files("kgbuild.writers.html").joinpath("assets")
SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
MAX_LIST = 60  # sentences shown before "Show all" (app.js MAX_LIST)


# ---------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="session")
def shipped_graph() -> nx.MultiDiGraph:
    """The shipped corpus' graph, rebuilt in-process: the source of every expected count."""
    from kgbuild.pipeline import extract_corpus

    return extract_corpus(CORPUS).graph


@pytest.fixture(scope="module")
def small_graph() -> nx.MultiDiGraph:
    return synthetic_graph(60, seed=3)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except ChromiumMissing as exc:
            pytest.fail(str(exc), pytrace=False)
        try:
            yield chromium
        finally:
            chromium.close()


def assert_clean(view: View) -> None:
    """No request left the page, nothing was logged as an error, no dialog, no popup."""
    assert view.blocked == [], f"the page tried to load: {view.blocked}"
    assert view.errors == [], f"console errors: {view.errors}"
    assert view.dialogs == [], f"dialogs opened: {view.dialogs}"


def claim_keys(graph: nx.MultiDiGraph) -> set[str]:
    return {data["claim"] for _, _, data in graph.edges(data=True)}


def source_kinds(graph: nx.MultiDiGraph) -> set[str]:
    """The source types of the graph's documents and claims (the page's filter offers each)."""
    info = graph.graph.get("document_info") or {}
    kinds = {
        info.get(path, {}).get("source_type") or "unknown" for path in graph.graph["documents"]
    }
    return kinds | {k for _, _, d in graph.edges(data=True) for k in d["by_source_type"]}


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


# ---------------------------------------------------------------------------------------------
# the page as a file (no browser)


def test_page_loads_nothing_from_anywhere(small_graph: nx.MultiDiGraph) -> None:
    html = render_page(small_graph)
    scripts = SCRIPT.findall(html)
    assert len(scripts) == 4  # data, vis-network, layout, app
    assert all("src" not in attrs.lower() for attrs, _ in scripts)
    assert not re.search(r"<link\b|<iframe\b|<img\b|<object\b|<embed\b|@import", html, re.I)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html, re.I)
    assert "sourceMappingURL" not in html
    for cdn in ("cdn.jsdelivr", "cdnjs", "unpkg.com", "bootstrap"):
        assert cdn not in html.lower()


def test_content_security_policy_allows_only_the_page_scripts(small_graph: nx.MultiDiGraph) -> None:
    html = render_page(small_graph)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    executable = [body for attrs, body in SCRIPT.findall(html) if "application/json" not in attrs]
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in executable
    }
    assert set(directives["script-src"].split()) == hashes


def test_hostile_text_cannot_leave_the_data_block() -> None:
    graph, _ = hostile_graph()
    html = render_page(graph)
    assert html.lower().count("</script") == 4
    assert "<!--" not in html
    for marker in ("<script>window.__pwned", "<img src=x", "<svg/onload", "<iframe", "<a href"):
        assert marker not in html
    data = page_data(html)
    labels = {node["l"] for node in data["nodes"]}
    assert f"Evil herb {PAYLOADS[0]}" in labels  # carried intact, as data
    assert any(PAYLOADS[5] in text for _, text in data["sentences"])
    assert {d["title"] for d in data["documents"]} == set(PAYLOADS)


def test_only_web_addresses_become_links() -> None:
    graph, _ = hostile_graph()
    data = view_model(graph)
    links = [x for node in data["nodes"] for x in node["x"]]
    assert ["wikidata", PAYLOADS[3], ""] in links
    assert ["mesh", "D000001", "http://id.nlm.nih.gov/mesh/D000001"] in links
    assert all(iri == "" or iri.startswith(("http://", "https://")) for _, _, iri in links)
    # document URLs: kept as text, a link only for a plain http(s) address
    documents = {d["url"]: d for d in data["documents"]}
    assert set(documents) == set(HOSTILE_URLS)
    for url, document in documents.items():
        assert document["link"] == (url if url == "https://hostile.example/kratom" else "")
    assert {d["site"] for d in data["documents"]} <= set(PAYLOADS)


def test_view_model_carries_each_documents_source_and_each_claims_source_types(
    small_graph: nx.MultiDiGraph,
) -> None:
    data = page_data(render_page(small_graph))
    info = small_graph.graph["document_info"]
    assert [d["path"] for d in data["documents"]] == sorted(info)
    for document in data["documents"]:
        facts = info[document["path"]]
        assert document["title"] == small_graph.graph["documents"][document["path"]]
        assert (document["site"], document["url"], document["issued"], document["type"]) == (
            facts["site"],
            facts["url"],
            facts["issued"],
            facts["source_type"],
        )
        assert document["link"] == facts["url"] and document["rule"] == "manifest"
    for edge in data["edges"]:
        subject, obj = data["nodes"][edge["s"]]["id"], data["nodes"][edge["o"]]["id"]
        by_type = small_graph.edges[subject, obj, edge["r"]]["by_source_type"]
        assert edge["st"] == {kind: list(counts) for kind, counts in by_type.items()}
        assert sum(counts[0] for counts in edge["st"].values()) == edge["mc"]
        kinds = {data["documents"][data["sentences"][m[0]][0]]["type"] for m in edge["m"]}
        assert set(edge["st"]) == kinds
    described = load_source_type_rules().types
    used = source_kinds(small_graph)
    assert len(used) > 3
    assert data["sourceTypes"] == [[k, text] for k, text in described.items() if k in used]


def test_view_model_keeps_every_claim_mention_and_cue(small_graph: nx.MultiDiGraph) -> None:
    data = page_data(render_page(small_graph))
    assert [n["id"] for n in data["nodes"]] == sorted(small_graph.nodes)
    assert {e["k"] for e in data["edges"]} == claim_keys(small_graph)
    for edge in data["edges"]:
        subject, obj = data["nodes"][edge["s"]]["id"], data["nodes"][edge["o"]]["id"]
        attrs = small_graph.edges[subject, obj, edge["r"]]
        assert edge["mc"] == len(edge["m"]) == attrs["mention_count"]
        assert edge["d"] == attrs["document_count"] and edge["n"] == attrs["negated"]
        assert edge["l"] == int(attrs["level"]) and sum(edge["pl"]) == edge["mc"]
        for row, mention in zip(edge["m"], attrs["mentions"], strict=True):
            doc, sentence = data["sentences"][row[0]]
            assert sentence == mention.sentence
            assert data["documents"][doc]["path"] == mention.doc
            assert [sentence[c[1] : c[2]] for c in row[6]] == [
                c.text for c in sorted(mention.cues, key=lambda c: (c.start, -c.end))
            ]


def test_same_graph_same_page() -> None:
    assert render_page(synthetic_graph(80, seed=9)) == render_page(synthetic_graph(80, seed=9))


def test_scripts_never_parse_markup() -> None:
    for name in ("app.js", "layout.js"):
        source = (ASSETS / name).read_text(encoding="utf-8")
        for sink in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "setAttribute('on",
            'setAttribute("on',
            "srcdoc",
        ):
            assert sink not in source, f"{name} uses {sink}"


def test_write_html_replaces_the_file_atomically(tmp_path: Path, small_graph) -> None:
    target = tmp_path / "out" / "graph.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    write_html(small_graph, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]


# ---------------------------------------------------------------------------------------------
# browser: the shipped corpus


def select_level(view: View, rank: int) -> None:
    view.page.select_option("#min-level", str(rank))


def set_filter(view: View, group: str, value: str, on: bool) -> None:
    view.page.set_checked(f'input[data-filter="{group}"][value="{value}"]', on)


def check_filters(view: View, graph: nx.MultiDiGraph, *, must_change: bool) -> None:
    """Each filter shows exactly what `expected_visible` says; with `must_change`, each one also
    hides something (the graph was built so that every filter matters)."""
    everything = expected_visible(graph)
    assert view.rendered() == everything

    def same(expected: tuple[set[str], set[str]], what: str) -> None:
        assert view.rendered() == expected, what
        if must_change:
            assert expected[1] < everything[1], f"{what} hides nothing"

    relations = sorted({r for _, _, r in graph.edges(keys=True)})
    for relation in relations:
        set_filter(view, "relation", relation, False)
        same(expected_visible(graph, relations=set(RELATIONS) - {relation}), f"without {relation}")
        set_filter(view, "relation", relation, True)
    levels = sorted({int(d["level"]) for _, _, d in graph.edges(data=True)})
    for rank in range(1, len(Level)):
        select_level(view, rank)
        expected = expected_visible(graph, min_level=rank)
        assert view.rendered() == expected, f"level >= {rank}"
        if must_change and rank <= max(levels):
            assert expected[1] < everything[1]
    select_level(view, Level.RESEARCH)  # "research or better", combined with a type filter
    set_filter(view, "type", "Risk", False)
    assert view.rendered() == expected_visible(
        graph, min_level=Level.RESEARCH, types=set(ENTITY_TYPES) - {"Risk"}
    )
    select_level(view, 0)
    set_filter(view, "type", "Risk", True)
    for type_ in sorted({d["type"] for _, d in graph.nodes(data=True)}):
        set_filter(view, "type", type_, False)
        same(expected_visible(graph, types=set(ENTITY_TYPES) - {type_}), f"without {type_}")
        set_filter(view, "type", type_, True)
    substances = sorted(n for n, d in graph.nodes(data=True) if d["type"] == "Substance")
    for substance in substances[:5]:
        view.page.select_option("#substance", substance)
        assert view.rendered() == expected_visible(graph, substance=substance), substance
    view.page.select_option("#substance", "")
    view.page.set_checked("#show-denied", False)
    denied = expected_visible(graph, show_denied=False)
    assert view.rendered() == denied
    if any(d["negated"] for _, _, d in graph.edges(data=True)):
        assert denied[1] < everything[1]
    view.page.set_checked("#show-denied", True)
    assert view.rendered() == everything
    # source types: a claim stays while one of its mentions comes from a chosen kind of source
    kinds = sorted(source_kinds(graph))
    for kind in kinds:
        set_filter(view, "source", kind, False)
        same(expected_visible(graph, source_types=set(kinds) - {kind}), f"without {kind}")
        set_filter(view, "source", kind, True)
    for kind in kinds[1:]:  # only the first kind, then combined with the level filter
        set_filter(view, "source", kind, False)
    same(expected_visible(graph, source_types=kinds[:1]), f"only {kinds[0]}")
    select_level(view, Level.RESEARCH)
    assert view.rendered() == expected_visible(
        graph, source_types=kinds[:1], min_level=Level.RESEARCH
    )
    view.page.click("#reset")
    assert view.rendered() == everything


@pytest.mark.browser
def test_shipped_corpus_renders_every_entity_and_claim(
    browser, shipped_output: Path, shipped_graph: nx.MultiDiGraph
) -> None:
    view = open_view(browser, shipped_output / "graph.html")
    nodes, claims = view.rendered()
    assert len(nodes) == shipped_graph.number_of_nodes() and len(nodes) > 0
    assert len(claims) == shipped_graph.number_of_edges()
    assert (nodes, claims) == (set(shipped_graph.nodes), claim_keys(shipped_graph))
    assert view.js("kgView.physicsRunning()") is False
    edges = shipped_graph.number_of_edges()
    assert f"{edges:,} of {edges:,} claim" in view.page.text_content("#status")
    check_filters(view, shipped_graph, must_change=False)
    assert_clean(view)


def expected_marks(mention) -> list[str]:
    """The cue texts the page highlights: in reading order, overlapping cues skipped."""
    marks, position = [], 0
    for cue in sorted(mention.cues, key=lambda c: (c.start, -c.end)):
        if cue.start >= position and 0 <= cue.start < cue.end <= len(mention.sentence):
            marks.append(mention.sentence[cue.start : cue.end])
            position = cue.end
    return marks


def assert_edge_details(view: View, graph: nx.MultiDiGraph, claim: str) -> None:
    edge = next(d for _, _, d in graph.edges(data=True) if d["claim"] == claim)
    details = view.page.locator("#details")
    assert details.get_attribute("data-kind") == "edge"
    assert details.get_attribute("data-id") == claim
    assert details.locator(".mention-count").text_content() == str(edge["mention_count"])
    assert details.locator(".document-count").text_content() == str(edge["document_count"])
    assert details.locator(".hedged-count").text_content() == str(edge["hedged_count"])
    assert details.locator(".negated-count").text_content() == str(edge["negated_count"])
    more = details.get_by_role("button", name=re.compile(r"^Show all .* sentences$"))
    if edge["mention_count"] > MAX_LIST:
        more.click()
    mentions = details.locator(".mention")
    assert mentions.count() == edge["mention_count"]
    # strongest first: by level, then reading order; grouped by document
    by_doc: dict[str, list] = {}
    for mention in sorted(edge["mentions"], key=lambda m: -int(m.level)):  # (sort is stable)
        by_doc.setdefault(mention.doc, []).append(mention)
    ordered = [m for group in by_doc.values() for m in group]
    for k, mention in enumerate(ordered):
        block = mentions.nth(k)
        assert block.locator(".sentence").text_content() == mention.sentence
        assert block.locator("mark.cue").all_text_contents() == expected_marks(mention)
    paths = details.locator(".doc .path").all_text_contents()
    assert paths == list(by_doc)


def click_an_edge(view: View, candidates: list[str]) -> str:
    """Click, with the mouse, on the middle of an edge no other edge or node crosses there (as
    drawn, or else zoomed in on one of `candidates`); return its claim key."""
    point = view.js("kgView.edgeClickPoint()")
    for claim in candidates if point is None else ():
        assert view.js("(c) => kgView.zoomToClaim(c)", claim)
        point = view.js("(c) => kgView.edgeClickPoint(c)", claim)
        if point:
            break
    assert point, "no edge could be clicked on the canvas"
    view.page.mouse.click(point["x"], point["y"])
    return point["claim"]


@pytest.mark.browser
def test_clicking_an_edge_shows_its_sentences(
    browser, shipped_output: Path, shipped_graph: nx.MultiDiGraph
) -> None:
    view = open_view(browser, shipped_output / "graph.html")
    assert view.page.locator("#details").get_attribute("data-kind") == "overview"
    clicked = click_an_edge(view, sorted(claim_keys(shipped_graph)))
    assert_edge_details(view, shipped_graph, clicked)
    # the best-supported claim (most mentions) through the API, with its cue highlighting
    busiest = max(shipped_graph.edges(data=True), key=lambda e: e[2]["mention_count"])[2]["claim"]
    assert view.js("(c) => kgView.selectEdge(c)", busiest)
    assert_edge_details(view, shipped_graph, busiest)
    assert_clean(view)


@pytest.mark.browser
def test_search_focuses_a_node_and_shows_its_neighbourhood(
    browser, shipped_output: Path, shipped_graph: nx.MultiDiGraph
) -> None:
    view = open_view(browser, shipped_output / "graph.html")
    hub = max(shipped_graph.nodes, key=shipped_graph.degree)
    data = shipped_graph.nodes[hub]
    query = (data["synonyms"] or [data["label"]])[0]
    view.page.fill("#search", query[: max(3, len(query) - 1)])
    results = view.page.locator("#search-results li")
    assert results.count() >= 1
    view.page.locator("#search").press("Enter")
    details = view.page.locator("#details")
    assert details.get_attribute("data-kind") == "node"
    assert details.get_attribute("data-id") == hub
    selection = view.js("kgView.selection()")
    assert selection["nodes"] == [hub]  # with its claims highlighted
    touching = [*shipped_graph.out_edges(hub, data=True), *shipped_graph.in_edges(hub, data=True)]
    assert set(selection["claims"]) == {d["claim"] for _, _, d in touching}
    assert details.locator("dd").first.text_content() == data["type"]
    hrefs = details.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert sorted(hrefs) == sorted(data["xref_iris"])
    claims_made = details.locator("ul").nth(1 if data["xref_iris"] else 0).locator("li")
    assert claims_made.count() == min(MAX_LIST, shipped_graph.out_degree(hub))
    view.page.click("#show-neighbourhood")
    assert view.rendered() == expected_visible(shipped_graph, centre=hub, depth=1)
    assert view.page.is_visible("#scope-section")
    view.page.select_option("#depth", "2")
    assert view.rendered() == expected_visible(shipped_graph, centre=hub, depth=2)
    view.page.click("#scope-clear")
    assert view.rendered() == expected_visible(shipped_graph)
    # a double-click on a node opens its neighbourhood (at the depth chosen above)
    point = view.js("(id) => kgView.nodeClickPoint(id)", hub)
    view.page.mouse.dblclick(point["x"], point["y"])
    hood = expected_visible(shipped_graph, centre=hub, depth=2)
    assert view.rendered() == hood
    # "Re-run layout" lays out what is visible, then stops
    before = view.js("kgView.network.getPositions()")
    view.page.click("#relayout")
    view.page.wait_for_function("() => !kgView.physicsRunning()", timeout=30_000)
    assert view.rendered() == hood
    assert view.js("kgView.network.getPositions()") != before
    assert_clean(view)


# ---------------------------------------------------------------------------------------------
# browser: generated graphs


@pytest.mark.browser
def test_every_filter_changes_what_is_visible(browser, tmp_path: Path) -> None:
    graph = synthetic_graph(400, seed=11)
    html = tmp_path / "graph.html"
    write_html(graph, html)
    view = open_view(browser, html)
    check_filters(view, graph, must_change=True)
    # encoding: shape and colour by type, colour by relation, width by documents, style by level
    encoding = view.js("""() => {
        const body = kgView.network.body;
        const nodes = {}; const edges = {};
        for (const i of body.nodeIndices) {
            const n = body.nodes[i];
            nodes[kgView.renderedNodes()[body.nodeIndices.indexOf(i)]] =
                [n.options.shape, n.options.color.background];
        }
        const claims = kgView.renderedClaims();
        body.edgeIndices.forEach((i, k) => {
            const o = body.edges[i].options;
            edges[claims[k]] =
                [o.color.color, o.width, o.dashes, o.arrows.to.type, o.color.opacity];
        });
        return {nodes, edges};
    }""")
    by_type: dict[str, set] = {}
    for node, (shape, colour) in encoding["nodes"].items():
        by_type.setdefault(graph.nodes[node]["type"], set()).add((shape, colour))
    assert all(len(styles) == 1 for styles in by_type.values())
    assert len({s for styles in by_type.values() for s in styles}) == len(by_type)
    colours: dict[str, set] = {}
    dashes: dict[int, set] = {}
    widths: dict[int, set] = {}
    for _, _, relation, data in graph.edges(keys=True, data=True):
        colour, width, dash, arrow, opacity = encoding["edges"][data["claim"]]
        colours.setdefault(relation, set()).add(colour)
        dashes.setdefault(int(data["level"]), set()).add(json.dumps(dash))
        widths.setdefault(data["document_count"], set()).add(width)
        assert (arrow == "bar") == data["negated"] and (opacity < 0.6) == data["negated"]
    assert all(len(c) == 1 for c in colours.values()) and len({*map(min, colours.values())}) == 5
    assert all(len(d) == 1 for d in dashes.values())
    solid = {Level.CLINICAL, Level.RESEARCH}
    assert all((d == {"false"}) == (level in solid) for level, d in dashes.items())
    assert len({min(d) for level, d in dashes.items() if level not in solid}) == 3
    ranked = [min(widths[docs]) for docs in sorted(widths)]
    assert ranked == sorted(ranked) and ranked[0] < ranked[-1]
    assert_clean(view)


@pytest.mark.browser
def test_a_5000_node_graph_settles_and_stays_usable(browser, tmp_path: Path) -> None:
    graph = synthetic_graph(5000, edges_per_node=4, seed=5)
    assert graph.number_of_edges() == 20_000
    html = tmp_path / "graph.html"
    write_html(graph, html)
    view = open_view(browser, html, wait=False)
    # while it lays out, the page keeps answering (the layout runs in short slices)
    view.page.wait_for_function(
        "() => window.kgView && window.kgView.timings.layoutStart", timeout=60_000
    )
    # and it reports progress: these answers come while the layout is still running
    view.page.wait_for_function(
        "() => /Laying out 5,000 entities… \\d+%/.test("
        "document.getElementById('progress-text').textContent)",
        timeout=60_000,
    )
    assert view.js("[kgView.ready, kgView.physicsRunning(), kgView.timings.layoutDone]") == [
        False,
        True,
        None,
    ]
    view.wait_ready(timeout_ms=120_000)
    assert view.js("kgView.physicsRunning()") is False
    nodes, claims = view.rendered()
    assert (len(nodes), len(claims)) == (5000, 20_000)
    assert (nodes, claims) == (set(graph.nodes), claim_keys(graph))
    select_level(view, Level.RESEARCH)
    assert view.rendered() == expected_visible(graph, min_level=Level.RESEARCH)
    set_filter(view, "relation", "hasRisk", False)
    assert view.rendered() == expected_visible(
        graph, min_level=Level.RESEARCH, relations=set(RELATIONS) - {"hasRisk"}
    )
    view.page.click("#reset")
    assert view.rendered() == (nodes, claims)
    assert view.page.locator("#details").get_attribute("data-kind") == "overview"
    assert_edge_details(view, graph, click_an_edge(view, sorted(claims)[::997]))
    assert view.js("kgView.physicsRunning()") is False
    assert_clean(view)


@pytest.mark.browser
def test_a_claims_details_list_its_sources(
    browser, tmp_path: Path, small_graph: nx.MultiDiGraph
) -> None:
    """Each document behind a claim with its title, site, source type, date and a link that opens
    only on a click; mentions counted per source type; the legend describes each source type."""
    html = tmp_path / "graph.html"
    write_html(small_graph, html)
    view = open_view(browser, html)
    described = load_source_type_rules().types
    legend = view.page.locator("#legend-sources .legend-source").all_text_contents()
    assert legend == [
        f"{k}: {text}" for k, text in described.items() if k in source_kinds(small_graph)
    ]
    info = small_graph.graph["document_info"]
    edges = sorted(
        small_graph.edges(data=True), key=lambda e: (-e[2]["document_count"], e[2]["claim"])
    )
    assert edges[0][2]["document_count"] >= 3
    for _, _, edge in edges[:3] + edges[-2:]:
        assert view.js("(c) => kgView.selectEdge(c)", edge["claim"])
        details = view.page.locator("#details")
        by_doc: dict[str, list] = {}
        for mention in sorted(edge["mentions"], key=lambda m: -int(m.level)):
            by_doc.setdefault(mention.doc, []).append(mention)
        items = details.locator(".sources li.source-doc")
        assert items.count() == len(by_doc) == edge["document_count"]
        for k, path in enumerate(by_doc):
            item, facts = items.nth(k), info[path]
            assert item.get_attribute("data-path") == path
            assert item.locator(".title").text_content() == small_graph.graph["documents"][path]
            assert item.locator(".site").text_content() == facts["site"]
            assert item.locator(".date").text_content() == facts["issued"]
            badge = item.locator(".badge.source")
            assert badge.text_content() == facts["source_type"]
            assert badge.get_attribute("title").startswith(described[facts["source_type"]])
            link = item.locator("a")
            assert link.count() == 1 and link.text_content() == facts["url"]
            assert link.get_attribute("href") == facts["url"]
            assert link.get_attribute("target") == "_blank"
            assert {"noopener", "noreferrer"} <= set(link.get_attribute("rel").split())
        # sentences stay under their document, which shows the same facts
        headings = details.locator(".sentences .doc")
        assert headings.locator(".path").all_text_contents() == list(by_doc)
        assert headings.locator(".site").all_text_contents() == [info[p]["site"] for p in by_doc]
        rows = details.locator(".source-profile tr[data-source-type]")
        shown = {
            rows.nth(k).get_attribute("data-source-type"): [
                int(c) for c in rows.nth(k).locator("td.num").all_text_contents()
            ]
            for k in range(rows.count())
        }
        assert shown == {kind: list(counts) for kind, counts in edge["by_source_type"].items()}
    assert view.page.url == view.url  # showing links followed none of them
    assert_clean(view)


# ---------------------------------------------------------------------------------------------
# browser: hostile content


def exercise_everything(view: View, claims: list[str], nodes: list[str]) -> None:
    """Show every claim's and entity's details, search, open a neighbourhood, filter."""
    for claim in claims:
        assert view.js("(c) => kgView.selectEdge(c)", claim)
        assert view.page.locator("#details").get_attribute("data-id") == claim
    for node in nodes:
        assert view.js("(n) => kgView.focusNode(n)", node)
    view.page.fill("#search", "<script")
    view.page.fill("#search", "onerror")
    view.page.locator("#search").press("Enter")
    view.page.click("#show-neighbourhood")
    view.page.click("#scope-clear")
    point = view.js("kgView.edgeClickPoint()")
    if point:
        view.page.mouse.click(point["x"], point["y"])
    view.page.wait_for_timeout(300)


def assert_nothing_ran(view: View) -> None:
    assert view.js("window.__pwned === undefined && window.__kgPwned === undefined")
    assert view.js("document.querySelectorAll('script').length") == 4
    assert (
        view.js("document.querySelectorAll('img, iframe, object, embed, svg script').length") == 0
    )
    hrefs = view.js("Array.from(document.querySelectorAll('[href]'), e => e.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    handlers = view.js("""Array.from(document.querySelectorAll('*')).flatMap(e =>
        Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => a.name))""")
    assert handlers == []
    assert_clean(view)


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping-alone", "with-csp"])
def test_hostile_graph_executes_nothing(browser, tmp_path: Path, bypass_csp: bool) -> None:
    graph, claims = hostile_graph()
    html = tmp_path / "graph.html"
    write_html(graph, html)
    view = open_view(browser, html, bypass_csp=bypass_csp)
    assert view.rendered() == (set(graph.nodes), claim_keys(graph))
    exercise_everything(view, claims, sorted(graph.nodes))
    assert view.js("(c) => kgView.selectEdge(c)", claims[0])
    shown = view.page.text_content("#details")
    assert PAYLOADS[0] in shown  # displayed literally, as text
    view.js("(n) => kgView.focusNode(n)", "evil-herb")
    node_text = view.page.text_content("#details")
    assert PAYLOADS[1] in node_text and PAYLOADS[3] in node_text and PAYLOADS[4] in node_text
    # document sites, URLs, dates and source types are shown as text; only https links
    links = []
    for k, claim in enumerate(claims):
        assert view.js("(c) => kgView.selectEdge(c)", claim)
        text = view.page.text_content("#details")
        assert PAYLOADS[(k + 2) % len(PAYLOADS)] in text  # the site name
        assert HOSTILE_URLS[k % len(HOSTILE_URLS)] in text
        links += view.js(
            "Array.from(document.querySelectorAll('#details a'), a => [a.getAttribute('href'),"
            " a.target, a.rel])"
        )
    assert view.js("(c) => kgView.selectEdge(c)", claims[5])
    assert PAYLOADS[5] in view.page.locator("#details .sources .badge.source").all_text_contents()
    assert {href for href, _, _ in links} == {"https://hostile.example/kratom"}
    assert all(t == "_blank" and {"noopener", "noreferrer"} <= set(r.split()) for _, t, r in links)
    # a source type named by hostile text is a filter like any other
    kinds = view.page.locator('input[data-filter="source"]')
    values = kinds.evaluate_all("inputs => inputs.map(i => i.value)")
    assert sorted(values) == sorted(source_kinds(graph))
    kinds.nth(values.index(PAYLOADS[5])).set_checked(False)
    hidden = expected_visible(graph, source_types=set(values) - {PAYLOADS[5]})
    assert view.rendered() == hidden and claims[5] not in hidden[1]
    assert_nothing_ran(view)


@pytest.mark.browser
def test_hostile_corpus_through_the_cli_executes_nothing(browser, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        f"Kratom {PAYLOADS[0]} relieves anxiety according to a randomized controlled trial "
        f"{PAYLOADS[1]}.\nStudies suggest that kratom {PAYLOADS[3]} may cause addiction "
        f"{PAYLOADS[2]}.\nKratom does not cure depression {PAYLOADS[4]}.\n",
        encoding="utf-8",
    )
    (corpus / "b.html").write_text(
        "<html><head><title>Kratom &lt;script&gt;window.__pwned=1&lt;/script&gt; guide</title>"
        "</head><body><article><p>Users report that kratom relieves pain "
        "&lt;img src=x onerror=window.__pwned=1&gt; and anxiety.</p><p>Kratom contains "
        "mitragynine, which acts on opioid receptors javascript:alert(1).</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("extract", corpus, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = page_data((out / "graph.html").read_text(encoding="utf-8"))
    assert data["edges"], "the hostile corpus yielded no claim to show"
    assert any("<script>" in text or "onerror" in text for _, text in data["sentences"])
    view = open_view(browser, out / "graph.html")
    exercise_everything(view, [e["k"] for e in data["edges"]], [n["id"] for n in data["nodes"]])
    assert_nothing_ran(view)


@pytest.mark.browser
def test_the_policy_blocks_scripts_injected_at_run_time(
    browser, tmp_path: Path, small_graph: nx.MultiDiGraph
) -> None:
    html = tmp_path / "graph.html"
    write_html(small_graph, html)
    view = open_view(browser, html)
    view.js("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__kgPwned = 1';
        document.body.append(s);
        const d = document.createElement('div');
        d.setAttribute('onclick', 'window.__kgPwned = 2');
        document.body.append(d);
        d.click();
    }""")
    view.page.wait_for_timeout(100)
    assert view.js("window.__kgPwned === undefined")
    assert view.errors and all("Content Security Policy" in e for e in view.errors)
    assert view.blocked == []


@pytest.mark.browser
def test_an_empty_graph_opens_cleanly(browser, tmp_path: Path) -> None:
    html = tmp_path / "graph.html"
    write_html(new_graph(), html)
    view = open_view(browser, html)
    assert view.rendered() == (set(), set())
    assert "The graph is empty" in view.page.text_content("#details")
    assert_clean(view)


@pytest.mark.browser
def test_a_claim_with_more_mentions_than_the_page_keeps_says_so(browser, tmp_path: Path) -> None:
    from kgbuild.graph.merge import merge_document
    from kgbuild.lexicon.model import Entity
    from kgbuild.records import Document, Mention
    from kgbuild.writers.html.model import MENTIONS_PER_CLAIM

    entities = {
        "kava": Entity("kava", "kava", "Substance"),
        "calm": Entity("calm", "calm", "Condition"),
    }
    graph = new_graph()
    total = MENTIONS_PER_CLAIM + 25
    for number in range(total):
        path = f"page-{number:04d}.txt"
        level = Level.CLINICAL if number % 10 == 0 else Level.UNSTATED
        sentence = f"Kava brings calm, page {number} says."
        mention = Mention("kava", "claimedFor", "calm", path, sentence, 0, len(sentence), level)
        merge_document(graph, Document(path, sentence), [mention], entities)
    html = tmp_path / "graph.html"
    write_html(graph, html)
    view = open_view(browser, html)
    assert view.js("(c) => kgView.selectEdge(c)", "kava.claimedFor.calm")
    details = view.page.text_content("#details")
    assert f"keeps the {MENTIONS_PER_CLAIM} strongest of the claim's {total} mentions" in details
    assert view.page.locator("#details .mention-count").text_content() == str(total)
    assert_clean(view)
