"""Errors a user can fix: printed as one line, never as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input; `exit_code` is the process exit status."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM: raised from the signal handler so that cleanup code runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
