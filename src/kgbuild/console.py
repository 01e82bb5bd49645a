"""Rich consoles for the commands: no wrapping and no colour codes when output is not a terminal.

Rich wraps at 80 columns when it cannot ask a terminal for its width, which cuts warnings and
errors in a log file in two; piped output gets a wide canvas and soft wrapping instead, so that
each message stays on its line and stays greppable.
"""

from __future__ import annotations

import sys

from rich.console import Console

PIPED_WIDTH = 4096


def make_console(stderr: bool = False) -> Console:
    """A Console on stdout (or stderr) that wraps only on a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(
        stderr=stderr,
        highlight=False,
        soft_wrap=not terminal,
        width=None if terminal else PIPED_WIDTH,
    )
