"""The `kgbuild` command line: a thin layer over plain functions.

Each command lives in `kgbuild.commands.<name>` and registers itself on `app`; user errors are
one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys

import typer
from typer.core import TyperOption

from kgbuild import __version__
from kgbuild.errors import Interrupted, UserError


def _flag_type(self: TyperOption, ctx: object) -> str | None:
    """Help shows a flag as `--quiet`, not `--quiet <bool>`: a flag takes no value."""
    if self.is_flag:
        return None
    return _option_type(self, ctx)


_option_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]

app = typer.Typer(
    name="kgbuild",
    help="Turn a folder of health and wellness articles into an evidence-tagged knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        print(f"kgbuild {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
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


def _interrupt(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Run the CLI: user errors and interruptions are one line on stderr, never a traceback.

    Ctrl-C and SIGTERM raise `Interrupted` (not KeyboardInterrupt, which click would turn into a
    bare "Aborted!"), so that every `finally` cleans up and the user reads what happened.
    """
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        app()
    except UserError as exc:
        _fail(f"kgbuild: error: {exc}", exc.exit_code)
    except (Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        word = "interrupted" if signum == signal.SIGINT else "terminated"
        _fail(f"kgbuild: {word}", 128 + signum)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(1)
    except Exception as exc:  # a bug: still one line, with the traceback only on request
        if os.environ.get("KGBUILD_DEBUG"):
            raise
        _fail(
            f"kgbuild: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
            "(set KGBUILD_DEBUG=1 for the traceback, and please report it)",
            70,
        )


def _fail(message: str, code: int) -> None:
    with contextlib.suppress(OSError):
        print(message, file=sys.stderr, flush=True)
    sys.exit(code)


def _quiet_stdout() -> None:
    """After a closed pipe (`kgbuild query ... | head`), stop Python complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
