"""The data folder: private to the user that runs Afterwards, and who is running on it.

Everything the app makes in the folder is for that user alone: the folder and every
folder in it mode 700, every file 600, whatever the umask. SQLite makes its -wal and
-shm files itself, with the process's umask, so the umask is set to 077 as the settings
load (and by the `afterwards` command before anything else); a folder made by an older
version is tightened at every start.

Every `afterwards serve` (gunicorn's master, and its web workers through the descriptor
they inherit) and every `afterwards worker` holds a shared lock on `running/<kind>.lock`
for as long as it runs; `afterwards restore` takes each lock exclusively, without
waiting, and refuses if one is held. The kernel lets go of a lock when its last holder
ends (SIGKILL included), so nothing is left "locked" after a crash. The lock knows one
machine only: it cannot see a server on another machine sharing a PostgreSQL database.

Plain Python, no Django: the settings module calls it before Django has started.
"""

from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_UMASK = 0o077
RUNNING = "running"  # the folder of lock files; a backup leaves it out
KINDS = ("serve", "worker")
# Held for the life of the process; a descriptor only closes when told to.
_held: dict[str, int] = {}


class StartupProblem(Exception):
    """Why a command cannot start, in one calm line that says what to do: printed by
    the `afterwards` command instead of a traceback."""


class DataFolderError(StartupProblem):
    """The data folder cannot be made or written."""


class RestoreUnderWay(StartupProblem):
    """A restore holds the data folder: a server or worker must not start meanwhile."""


class StillRunning(Exception):
    """What runs on the data folder, so a restore must wait."""

    def __init__(self, kinds: list[str]) -> None:
        super().__init__(", ".join(kinds))
        self.kinds = kinds


def data_folder_prepare(folder: Path) -> None:
    """The folder made (mode 700) if it is not there, and checked to be writable; what
    an older version left readable by others tightened. Sets the process's umask."""
    os.umask(PRIVATE_UMASK)
    advice = (
        "make it belong to the user that runs Afterwards, or set AFTERWARDS_DATA_DIR to a "
        "folder of theirs"
    )
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderError(
            f"The data folder {folder} cannot be made ({exc.strerror or exc}): {advice}."
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataFolderError(f"The data folder {folder} cannot be written by this user: {advice}.")
    private_tighten(folder)


def private_tighten(folder: Path) -> None:
    """Group and others lose every permission on the folder and what is in it. Links
    are not followed; what this user does not own is left as it is (only its owner may
    change it)."""
    _tighten(folder)
    for parent, folders, files in os.walk(folder):
        for name in (*folders, *files):
            _tighten(Path(parent) / name)


def _tighten(path: Path) -> None:
    try:
        found = path.lstat()
        mode = stat.S_IMODE(found.st_mode)
        if stat.S_ISLNK(found.st_mode) or not mode & 0o077:
            return
        path.chmod(mode & ~0o077)
    except OSError:
        pass  # gone meanwhile, or another user's


def _lock_file(folder: Path, kind: str) -> int:
    locks = folder / RUNNING
    locks.mkdir(mode=0o700, exist_ok=True)
    return os.open(locks / f"{kind}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)


def running_hold(folder: Path, kind: str) -> None:
    """Mark this process (and the processes it forks) as a running `kind` on the
    folder, until it ends. Raises RestoreUnderWay while a restore holds the folder."""
    if kind in _held:
        return
    fd = _lock_file(folder, kind)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RestoreUnderWay(
            f"A restore is under way in {folder}: start `afterwards {kind}` again once it "
            "has finished."
        ) from None
    except OSError:
        os.close(fd)  # a filesystem without locks: nobody can be told, as without one
        return
    _held[kind] = fd


@contextmanager
def running_none(folder: Path) -> Iterator[None]:
    """Every kind's lock held exclusively, so that nothing starts on the folder
    meanwhile; StillRunning names the kinds that run now."""
    taken: list[int] = []
    busy: list[str] = []
    try:
        for kind in KINDS:
            fd = _lock_file(folder, kind)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                busy.append(kind)
                continue
            except OSError:
                os.close(fd)  # a filesystem without locks: the checks of restore remain
                continue
            taken.append(fd)
        if busy:
            raise StillRunning(busy)
        yield
    finally:
        for fd in taken:
            os.close(fd)
