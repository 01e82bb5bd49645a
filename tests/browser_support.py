"""Helpers shared by the graph-view browser tests and `benchmarks/html_render.py`.

* `launch_chromium` starts Debian's headless Chromium through Playwright (never a downloaded one).
* `open_view` opens a graph.html from disk with every network request blocked and recorded, and
  collects console errors and uncaught page errors.
* `synthetic_graph` and `hostile_graph` build graphs through the real merge code.
* `expected_visible` states what each filter of the page must show, computed from the networkx
  graph, independently of the page's own script.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kgbuild.graph.ids import slug
from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon.model import Entity
from kgbuild.records import Cue, Document, Level, Mention
from kgbuild.sources.types import load_source_type_rules

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
]
READY = "() => window.kgView && (window.kgView.ready === true || window.kgView.error !== null)"


class ChromiumMissing(RuntimeError):
    """No Chromium executable: install Debian's `chromium` package (or set KGBUILD_CHROMIUM)."""


def chromium_path() -> str:
    """Debian's Chromium (`apt-get install chromium`), or the one named by KGBUILD_CHROMIUM."""
    candidates = [
        os.environ.get("KGBUILD_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ChromiumMissing(
        "graph-view browser tests need a headless Chromium: install Debian's `chromium` package "
        "(apt-get install chromium) or set KGBUILD_CHROMIUM to its path"
    )


def launch_chromium(playwright):
    """A headless Chromium browser with a fresh, throw-away profile."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )


@dataclass
class View:
    """One opened graph.html page and what it tried to do."""

    page: object
    url: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def wait_ready(self, timeout_ms: float = 60_000) -> None:
        self.page.wait_for_function(READY, timeout=timeout_ms, polling=50)
        error = self.page.evaluate("window.kgView.error")
        assert error is None, f"graph view failed: {error}"

    def js(self, expression: str, arg: object = None):
        return self.page.evaluate(expression, arg)

    def rendered(self) -> tuple[set[str], set[str]]:
        """(entity ids, claim keys) that vis-network has drawn."""
        return (set(self.js("kgView.renderedNodes()")), set(self.js("kgView.renderedClaims()")))


def open_view(
    browser,
    html: Path,
    *,
    bypass_csp: bool = False,
    init_script: str | None = None,
    viewport: tuple[int, int] = (1400, 900),
    wait: bool = True,
    timeout_ms: float = 60_000,
) -> View:
    """Open `html` from disk in a new context; any request but the page itself is blocked."""
    context = browser.new_context(
        bypass_csp=bypass_csp,
        service_workers="block",
        viewport={"width": viewport[0], "height": viewport[1]},
    )
    page = context.new_page()
    url = Path(html).resolve().as_uri()
    view = View(page=page, url=url)

    def route(handle) -> None:
        if handle.request.url == url:
            handle.continue_()
        else:
            view.blocked.append(handle.request.url)
            handle.abort()

    page.route("**/*", route)
    context.on(
        "request",
        lambda request: (
            request.url == url or request.url in view.blocked or view.blocked.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda msg: (
            msg.type in ("error", "assert")
            and view.errors.append(f"console.{msg.type}: {msg.text}")
        ),
    )
    page.on("pageerror", lambda exc: view.errors.append(f"pageerror: {exc}"))
    page.on("dialog", lambda dialog: (view.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("popup", lambda popup: view.errors.append(f"popup opened: {popup.url}"))
    if init_script:
        page.add_init_script(init_script)
    page.goto(url, wait_until="load")
    if wait:
        view.wait_ready(timeout_ms)
    return view


# ---------------------------------------------------------------------------------------------
# graphs

SUBJECT_TYPES = ("Substance", "Compound", "Alkaloid")
OBJECT_RELATION = {
    "Compound": "contains",
    "Alkaloid": "contains",
    "Receptor": "actsOn",
    "Neurotransmitter": "modulates",
    "Condition": "claimedFor",
    "Risk": "hasRisk",
}
TYPE_SHARE = {
    "Substance": 0.06,
    "Compound": 0.08,
    "Alkaloid": 0.06,
    "Receptor": 0.10,
    "Neurotransmitter": 0.06,
    "Condition": 0.38,
    "Risk": 0.26,
}
LEVEL_WEIGHTS = {
    Level.UNSTATED: 0.35,
    Level.TRADITIONAL: 0.1,
    Level.ANECDOTAL: 0.2,
    Level.RESEARCH: 0.25,
    Level.CLINICAL: 0.1,
}
CUE_WORDS = {
    Level.UNSTATED: None,
    Level.TRADITIONAL: "traditionally used",
    Level.ANECDOTAL: "users report",
    Level.RESEARCH: "studies suggest",
    Level.CLINICAL: "a randomized controlled trial found",
}


def _entities(count: int, rng: random.Random) -> list[Entity]:
    entities = []
    for type_, share in TYPE_SHARE.items():
        for k in range(max(1, round(count * share))):
            name = f"{type_.lower()} {k + 1}"
            xrefs = (("wikidata", f"Q{1000 + len(entities)}"),) if rng.random() < 0.3 else ()
            entities.append(
                Entity(
                    id=slug(name),
                    label=name,
                    type=type_,
                    synonyms=(f"{type_[:3].lower()}{k + 1}",),
                    xrefs=xrefs,
                    definition=f"Synthetic {type_.lower()} number {k + 1}.",
                )
            )
    return entities[:count] if len(entities) > count else entities


def _relation(subject: Entity, obj: Entity) -> str | None:
    relation = OBJECT_RELATION.get(obj.type)
    if relation == "contains" and subject.type != "Substance":
        return None
    return relation


def _mention(
    subject: Entity,
    relation: str,
    obj: Entity,
    doc: str,
    start: int,
    level: Level,
    hedged: bool,
    negated: bool,
) -> Mention:
    parts = [subject.label.capitalize()]
    cues: list[Cue] = []

    def add(text: str, kind: str | None = None, cue_level: Level | None = None) -> None:
        offset = len(" ".join(parts)) + 1
        parts.append(text)
        if kind:
            cues.append(
                Cue(kind=kind, text=text, start=offset, end=offset + len(text), level=cue_level)
            )

    if hedged:
        add("may", "hedge")
    if negated:
        add("does not", "negation")
    add(f"{relation} {obj.label}")
    if CUE_WORDS[level]:
        add("as", None)
        add(CUE_WORDS[level], "evidence", level)
    sentence = " ".join(parts) + "."
    return Mention(
        subject=subject.id,
        relation=relation,
        object=obj.id,
        doc=doc,
        sentence=sentence,
        char_start=start,
        char_end=start + len(sentence),
        level=level,
        hedged=hedged,
        negated=negated,
        cues=cues,
        subject_text=subject.label,
        object_text=obj.label,
    )


def synthetic_graph(nodes: int, edges_per_node: float = 4.0, seed: int = 7) -> nx.MultiDiGraph:
    """A graph of `nodes` entities and about `edges_per_node * nodes` claims, each entity in at
    least one claim, built with the real merge code from 1-3 mentions per claim."""
    rng = random.Random(seed)
    entities = _entities(nodes, rng)
    subjects = [e for e in entities if e.type in SUBJECT_TYPES]
    substances = [e for e in entities if e.type == "Substance"]
    target = round(nodes * edges_per_node)
    claims: set[tuple[str, str, str]] = set()
    by_id = {e.id: e for e in entities}

    def add_claim(subject: Entity, obj: Entity) -> None:
        relation = _relation(subject, obj)
        if relation and subject.id != obj.id:
            claims.add((subject.id, relation, obj.id))

    for obj in entities:  # every entity is somebody's object or subject
        if obj.type == "Substance":
            add_claim(obj, rng.choice([e for e in entities if e.type == "Condition"]))
        else:
            pool = substances if obj.type in ("Compound", "Alkaloid") else subjects
            add_claim(rng.choice(pool), obj)
    objects = [e for e in entities if e.type != "Substance"]
    hubs = subjects[: max(3, len(subjects) // 10)]
    while len(claims) < target:
        subject = rng.choice(hubs) if rng.random() < 0.3 else rng.choice(subjects)
        add_claim(subject, rng.choice(objects))
    documents = max(4, nodes // 5)
    per_doc: dict[str, list[Mention]] = defaultdict(list)
    levels, weights = list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values())
    for subject_id, relation, object_id in sorted(claims):
        denied = rng.random() < 0.08
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            doc = f"articles/doc-{rng.randrange(documents):05d}.txt"
            start = len(per_doc[doc]) * 200
            per_doc[doc].append(
                _mention(
                    by_id[subject_id],
                    relation,
                    by_id[object_id],
                    doc,
                    start,
                    rng.choices(levels, weights)[0],
                    rng.random() < 0.2,
                    denied or rng.random() < 0.05,
                )
            )
    graph = new_graph()
    kinds = list(load_source_type_rules().types)  # every kind of source, `unknown` too
    for k, doc in enumerate(sorted(per_doc)):
        kind, number = kinds[k % len(kinds)], doc[-9:-4]
        document = Document(
            path=doc,
            text="",
            title=f"Article {number}",
            url=f"https://{kind}.example.org/articles/{number}",
            site=f"The {kind} site",
            issued=f"2024-{k % 12 + 1:02d}-{k % 28 + 1:02d}",
            source_type=kind,
            source_type_rule="manifest",
        )
        merge_document(graph, document, per_doc[doc], by_id)
    return graph


PAYLOADS = (
    "<script>window.__pwned=(window.__pwned||0)+1;alert('script')</script>",
    "<img src=x onerror=\"window.__pwned=(window.__pwned||0)+1;alert('img')\">",
    "<svg/onload=window.__pwned=1>",
    "javascript:window.__pwned=1;alert('href')",
    '"><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "</script><script>window.__pwned=1</script><!--",
    '<a href="javascript:window.__pwned=1">click</a>',
    "{{constructor.constructor('window.__pwned=1')()}}",
)


# Document URLs of the hostile graph: only the last is a plain web address fit for a link.
HOSTILE_URLS = (
    "javascript:alert(1)",
    PAYLOADS[3],
    "JaVaScRiPt:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    'https://evil.example/page"onmouseover="window.__pwned=1',
    "https://hostile.example/kratom",
)


def hostile_graph() -> tuple[nx.MultiDiGraph, list[str]]:
    """A graph whose names, titles, identifiers and sentences carry script payloads.

    Returns the graph and the claim keys of its hostile claims.
    """
    graph = new_graph()
    substance = Entity(
        id="evil-herb",
        label=f"Evil herb {PAYLOADS[0]}",
        type="Substance",
        synonyms=(PAYLOADS[1], PAYLOADS[3]),
        abbreviations=(PAYLOADS[2],),
        definition=PAYLOADS[4],
        discovered=True,
    )
    others = [
        Entity(
            id=f"target-{i}",
            label=f"{payload} target {i}",
            type=type_,
            discovered=True,
            synonyms=(payload,),
            definition=payload,
        )
        for i, (payload, type_) in enumerate(
            zip(
                PAYLOADS,
                (
                    "Condition",
                    "Risk",
                    "Receptor",
                    "Compound",
                    "Neurotransmitter",
                    "Condition",
                    "Risk",
                    "Alkaloid",
                ),
                strict=True,
            )
        )
    ]
    entities = {e.id: e for e in [substance, *others]}
    claims = []
    for i, target in enumerate(others):
        relation = _relation(substance, target) or "claimedFor"
        payload = PAYLOADS[i]
        sentence = f"Evil herb {payload} {relation} {target.label} says {payload}."
        cue_at = sentence.index(payload)
        doc = f"hostile/{PAYLOADS[(i + 1) % len(PAYLOADS)]}.txt"
        mention = Mention(
            subject=substance.id,
            relation=relation,
            object=target.id,
            doc=doc,
            sentence=sentence,
            char_start=0,
            char_end=len(sentence),
            level=Level(i % len(Level)),
            hedged=i % 2 == 0,
            negated=i % 3 == 0,
            cues=[
                Cue("evidence", payload, cue_at, cue_at + len(payload), Level.RESEARCH),
                Cue("hedge", "says", sentence.index("says"), sentence.index("says") + 4),
            ],
            subject_text=PAYLOADS[0],
            object_text=payload,
        )
        document = Document(
            path=doc,
            text=sentence,
            title=PAYLOADS[i],
            site=PAYLOADS[(i + 2) % len(PAYLOADS)],  # site names and URLs are untrusted too
            url=HOSTILE_URLS[i % len(HOSTILE_URLS)],
            issued=PAYLOADS[(i + 4) % len(PAYLOADS)],
            source_type=PAYLOADS[i] if i == 5 else ("vendor", "forum")[i % 2],
            source_type_rule=PAYLOADS[(i + 6) % len(PAYLOADS)],
        )
        merge_document(graph, document, [mention], entities)
        claims.append(f"{substance.id}.{relation}.{target.id}")
    for node in graph.nodes:  # identifiers that must never become live links
        graph.nodes[node]["xrefs"] = [("wikidata", PAYLOADS[3]), ("mesh", "D000001")]
        graph.nodes[node]["xref_iris"] = [PAYLOADS[3], "http://id.nlm.nih.gov/mesh/D000001"]
    return graph, claims


# ---------------------------------------------------------------------------------------------
# what the filters must show


def expected_visible(
    graph: nx.MultiDiGraph,
    *,
    relations: Iterable[str] | None = None,
    min_level: int = 0,
    types: Iterable[str] | None = None,
    show_denied: bool = True,
    substance: str | None = None,
    centre: str | None = None,
    depth: int = 1,
    source_types: Iterable[str] | None = None,
) -> tuple[set[str], set[str]]:
    """(entity ids, claim keys) the page must draw under the given filters.

    A claim is shown when its relation and both end types are selected, its level is at least
    `min_level`, it is not denied (unless denied claims are shown), its subject is the chosen
    substance or something the substance (transitively) contains, and, in a neighbourhood view,
    both ends are within `depth` steps of `centre`, and at least one of its mentions comes from a
    document of one of the `source_types` (its ``by_source_type``). An entity is shown when one
    of its claims is, or when it is the chosen substance or the neighbourhood's centre.
    """
    relations = set(relations) if relations is not None else None
    types = set(types) if types is not None else None
    source_types = set(source_types) if source_types is not None else None
    subjects = None
    if substance is not None:
        subjects = _contained(graph, substance)
    hood = None
    if centre is not None:
        hood = set(
            nx.single_source_shortest_path_length(
                graph.to_undirected(as_view=True), centre, cutoff=depth
            )
        )
    nodes: set[str] = set()
    claims: set[str] = set()
    for s, o, relation, data in graph.edges(keys=True, data=True):
        if relations is not None and relation not in relations:
            continue
        if int(data["level"]) < min_level or (data["negated"] and not show_denied):
            continue
        if types is not None and not {graph.nodes[s]["type"], graph.nodes[o]["type"]} <= types:
            continue
        if subjects is not None and s not in subjects:
            continue
        if source_types is not None and not source_types & set(data["by_source_type"]):
            continue
        if hood is not None and not (s in hood and o in hood):
            continue
        claims.add(data["claim"])
        nodes.update((s, o))
    nodes.update(n for n in (substance, centre) if n is not None)
    return nodes, claims


def _contained(graph: nx.MultiDiGraph, start: str) -> set[str]:
    reached, queue = {start}, [start]
    while queue:
        node = queue.pop()
        for _, obj, relation in graph.out_edges(node, keys=True):
            if relation == "contains" and obj not in reached:
                reached.add(obj)
                queue.append(obj)
    return reached


def temp_html(graph: nx.MultiDiGraph, folder: Path | None = None, name: str = "graph.html") -> Path:
    """Write `graph`'s page into `folder` (a new temporary folder by default)."""
    from kgbuild.writers.html import write_html

    folder = Path(folder or tempfile.mkdtemp(prefix="kgview-"))
    path = folder / name
    write_html(graph, path)
    return path


def screenshot(html: Path, out: Path, claim: str | None = None, size=(1500, 900)) -> None:
    """Save a picture of `html` as opened in headless Chromium, with `claim` selected."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            view = open_view(browser, html, viewport=size)
            if claim:
                assert view.js("(c) => kgView.selectEdge(c)", claim), f"no claim {claim}"
                view.js("kgView.network.fit({animation: false})")
            view.page.wait_for_timeout(200)
            assert view.blocked == [] and view.errors == [], (view.blocked, view.errors)
            view.page.screenshot(path=str(out))
        finally:
            browser.close()


if __name__ == "__main__":  # python tests/browser_support.py GRAPH.html OUT.png [CLAIM]
    import sys

    screenshot(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
