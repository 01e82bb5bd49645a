"""Assemble graph.html: one self-contained file, every script, style and datum inlined.

The page loads nothing: vis-network (shipped inside the pyvis package) and the view's own
script and style are inlined, the graph travels as JSON in a non-executable
``<script type="application/json">`` block, and a Content-Security-Policy forbids any network
access and any script but the page's own (allowed by hash), so that even a rendering mistake could
not run code carried by article text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import networkx as nx

from kgbuild.writers.html.model import view_model

_ASSETS = "kgbuild.writers.html"
_TOKEN = re.compile(r"@@([A-Z_]+)@@")
_VIS_DIR = re.compile(r"^vis-(\d+(?:\.\d+)*)$")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


class AssetError(RuntimeError):
    """A script or style the page inlines is missing or cannot be inlined safely."""


def _asset(name: str) -> str:
    return resources.files(_ASSETS).joinpath("assets", name).read_text(encoding="utf-8")


def _vis_folder() -> Traversable:
    """The newest ``lib/vis-X.Y.Z`` folder of the installed pyvis package."""
    lib = resources.files("pyvis").joinpath("lib")
    found = []
    for entry in lib.iterdir() if lib.is_dir() else ():
        match = _VIS_DIR.match(entry.name)
        if match and entry.joinpath("vis-network.min.js").is_file():
            found.append((tuple(int(p) for p in match.group(1).split(".")), entry))
    if not found:
        raise AssetError("vis-network not found: pyvis is installed without its lib/vis-* assets")
    return max(found, key=lambda item: item[0])[1]


def _inline_script(source: str, name: str) -> str:
    """Script source fit to sit between ``<script>`` tags, without any source map request."""
    source = _SOURCE_MAP.sub("", source)
    lowered = source.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise AssetError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    return source


@lru_cache(maxsize=1)
def _scripts() -> dict[str, str]:
    """The page's scripts by template token, ready to inline: vis-network, layout, app."""
    vis = _vis_folder().joinpath("vis-network.min.js").read_text(encoding="utf-8")
    return {
        "VIS_JS": _inline_script(vis, "vis-network.min.js"),
        "LAYOUT_JS": _inline_script(_asset("layout.js"), "layout.js"),
        "APP_JS": _inline_script(_asset("app.js"), "app.js"),
    }


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element early nor open markup of any kind."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def content_security_policy(*scripts: str) -> str:
    """No network at all; only the given inline scripts may run."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(s) for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render_page(graph: nx.MultiDiGraph) -> str:
    """The complete graph.html text for `graph`."""
    scripts = _scripts()
    values = {
        **scripts,
        "CSP": content_security_policy(*scripts.values()),
        "CSS": _asset("app.css"),
        "DATA": script_json(view_model(graph)),
    }
    if "</style" in values["CSS"].lower():
        raise AssetError("app.css cannot be inlined: it contains '</style'")
    return _TOKEN.sub(lambda m: values[m.group(1)], _asset("page.html"))
