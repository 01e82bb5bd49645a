"""Outputs as one set: written into a fresh folder beside the target, then swapped in together.

`kgbuild extract` writes `graph.ttl`, `graph.html`, `claims.csv` and `manifest.json` as one
generation. The life of a run:

1. `OutputSet(target)` names the folder; `open()` takes a lock beside it (a second run into the
   same folder is refused with a line naming the process that holds it), removes what a killed
   run left behind, and checks *before any extraction* that the folder can be written: not a
   file, not under a file, writable, and with room for an estimate of the outputs.
2. `stage()` makes a fresh folder `.NAME.kgbuild-new-*` beside the target; the writers fill it.
3. `publish()` carries the user's own files (anything that is not a kgbuild output) over from the
   old folder, then swaps the staged folder in with one `renameat2(RENAME_EXCHANGE)` where the
   kernel offers it (else two renames, which the next run repairs if it is killed between them),
   and removes the old generation.

A reader therefore sees either the whole old set or the whole new set, never a mix, whatever
moment the process is killed at. `KGBUILD_CRASH_AT=<point>` (for the robustness tests) kills the
process with SIGKILL at a named point of this sequence.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.errors import UserError

OUTPUT_NAMES: tuple[str, ...] = ("graph.ttl", "graph.html", "claims.csv", "manifest.json")
NEW_TAG = "kgbuild-new"
OLD_TAG = "kgbuild-old"
LOCK_TAG = "kgbuild.lock"
# Headroom kept free beyond the estimate, so a run does not fill a disk to the last byte.
SPACE_MARGIN = 8 * 1024 * 1024


def crash_point(name: str) -> None:
    """Kill this process with SIGKILL here if KGBUILD_CRASH_AT names this point (tests only)."""
    if os.environ.get("KGBUILD_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


class OutputError(UserError):
    """The output folder cannot be written (exit status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)


@dataclass
class OutputSet:
    """The output folder of one run, its lock, and the staged generation being written."""

    target: Path
    staging: Path | None = None
    _lock_fd: int | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.target = Path(os.path.abspath(self.target))

    @property
    def parent(self) -> Path:
        return self.target.parent

    def _sibling(self, tag: str, unique: bool = True) -> Path:
        suffix = f"-{os.getpid()}-{uuid.uuid4().hex[:8]}" if unique else ""
        return self.parent / f".{self.target.name}.{tag}{suffix}"

    # -- before extraction -------------------------------------------------------------------

    def open(self, estimate_bytes: int = 0) -> OutputSet:
        """Check the folder, take the lock and clean up after killed runs; raises OutputError."""
        self._check_path()
        self._lock()
        try:
            self.recover()
            self._check_space(estimate_bytes)
        except BaseException:
            self.close()
            raise
        return self

    def _check_path(self) -> None:
        check_folder(self.target, create=False)
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = _reason(exc)
            raise OutputError(f"cannot create output folder {self.target}: {reason}") from None
        if self.target.exists() and not self.target.is_dir():
            raise OutputError(f"output folder {self.target} is a file, not a folder")
        if self.target.is_dir() and not os.access(self.target, os.R_OK | os.W_OK | os.X_OK):
            raise OutputError(f"output folder {self.target} is not writable")

    def _lock(self) -> None:
        """Take an exclusive lock on `.NAME.kgbuild.lock` beside the target (gone at exit)."""
        import fcntl

        path = self._sibling(LOCK_TAG, unique=False)
        for _attempt in range(5):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot create the lock file {path}: {_reason(exc)}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                os.close(fd)
                raise OutputError(
                    f"another kgbuild run ({holder or 'another process'}) is writing to "
                    f"{self.target}; wait for it to end or choose another --output"
                ) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a file that the previous holder unlinked as we opened it
                break
            os.close(fd)
        else:
            raise OutputError(f"cannot take the lock {path}: it keeps being replaced")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        self._lock_fd = fd

    def _check_space(self, estimate_bytes: int) -> None:
        free = shutil.disk_usage(self.parent).free
        if estimate_bytes + SPACE_MARGIN > free:
            raise OutputError(
                f"not enough space for the outputs in {self.parent}: about "
                f"{_size(estimate_bytes + SPACE_MARGIN)} needed, {_size(free)} free"
            )

    def recover(self) -> None:
        """Undo what a killed run left: a half swap is completed or rolled back, leftovers go."""
        prefix = f".{self.target.name}."
        leftovers = sorted(
            p
            for p in self.parent.iterdir()
            if p.name.startswith(prefix) and (NEW_TAG in p.name or OLD_TAG in p.name)
        )
        if not self.target.exists():
            # Killed between the two renames of the fallback swap: the old generation is intact.
            olds = [p for p in leftovers if OLD_TAG in p.name and p.is_dir()]
            if olds:
                os.rename(olds[-1], self.target)
                leftovers.remove(olds[-1])
        for leftover in leftovers:
            if leftover.is_dir() and not leftover.is_symlink():
                self._restore_user_files(leftover)
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        if self.target.is_dir():
            for stray in self.target.glob(".*.tmp"):  # temporary files of an older kgbuild
                if stray.is_file():
                    stray.unlink(missing_ok=True)

    def _restore_user_files(self, folder: Path) -> None:
        """Move back user files that a killed run had carried into a folder it never swapped in."""
        if not self.target.is_dir():
            return
        for entry in folder.iterdir():
            if entry.name not in OUTPUT_NAMES and not (self.target / entry.name).exists():
                os.rename(entry, self.target / entry.name)

    def scratch(self, name: str) -> Path:
        """A path beside the target for a scratch file of this run (`name` ends it); the next
        run removes it if this one is killed."""
        return self.parent / f"{self._sibling(NEW_TAG).name}.{name}"

    # -- writing -----------------------------------------------------------------------------

    def stage(self) -> Path:
        """A fresh, empty folder beside the target for the new generation."""
        self.staging = self._sibling(NEW_TAG)
        try:
            self.staging.mkdir(mode=0o777)
        except OSError as exc:
            raise OutputError(f"cannot write the outputs: {_reason(exc)}") from None
        return self.staging

    def publish(self) -> None:
        """Swap the staged generation in as one set; remove the old one."""
        assert self.staging is not None, "stage() first"
        staging = self.staging
        crash_point("before-swap")
        if self.target.is_dir():
            self._carry_user_files(staging)
            if _exchange(staging, self.target):
                crash_point("after-swap")
                shutil.rmtree(staging, ignore_errors=True)
            else:
                old = self._sibling(OLD_TAG)
                os.rename(self.target, old)
                crash_point("between-renames")
                os.rename(staging, self.target)
                crash_point("after-swap")
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, self.target)
            crash_point("after-swap")
        self.staging = None

    def _carry_user_files(self, staging: Path) -> None:
        """Files the user keeps in the output folder (a README, a cache) stay there."""
        for entry in sorted(self.target.iterdir()):
            if entry.name in OUTPUT_NAMES or (
                entry.name.startswith(".") and entry.suffix == ".tmp"
            ):
                continue
            destination = staging / entry.name
            if entry.is_dir() and not entry.is_symlink():
                # A folder moves (a cache can be large); a killed run gives it back (recover()).
                os.rename(entry, destination)
            else:
                try:
                    os.link(entry, destination, follow_symlinks=False)
                except OSError:
                    shutil.copy2(entry, destination, follow_symlinks=False)

    def discard(self) -> None:
        """Remove the staged folder of a run that failed; the old generation stays as it was."""
        if self.staging is not None:
            self._restore_user_files(self.staging)
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def close(self) -> None:
        self.discard()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
            self._sibling(LOCK_TAG, unique=False).unlink(missing_ok=True)

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def check_folder(folder: Path, *, create: bool = True, what: str = "output folder") -> None:
    """Raise OutputError unless `folder` is, or can be made, a writable folder.

    Said before any work starts: a folder that is a file or under a file, that cannot be
    created, or that is not writable. With `create`, a missing folder is made now.
    """
    folder = Path(os.path.abspath(folder))
    existing = next(p for p in [folder, *folder.parents] if p.exists() or p == p.parent)
    if not existing.is_dir():
        where = "is a file" if existing == folder else f"is under a file ({existing})"
        raise OutputError(f"{what} {folder} {where}, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{what} {folder} cannot be written: {existing} is not writable")
    if create and existing != folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {what} {folder}: {_reason(exc)}") from None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"
