"""The `kgbuild` command line: a thin layer over plain functions.

Each command lives in `kgbuild.commands.<name>` and registers itself on `app`; user errors are
one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from kgbuild.errors import UserError

app = typer.Typer(
    name="kgbuild",
    help="Turn a folder of health and wellness articles into an evidence-tagged knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """Turn a folder of health and wellness articles into an evidence-tagged knowledge graph.

    Example: kgbuild extract corpus/
    """


# One module per command; each defines its command on `app`.
COMMAND_MODULES = ("extract", "evaluate", "query", "validate", "push", "export")


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(f"kgbuild.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"kgbuild.commands.{name}":
                raise


_register()


def main() -> None:
    try:
        app()
    except UserError as exc:
        print(f"kgbuild: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("kgbuild: interrupted", file=sys.stderr)
        sys.exit(130)
