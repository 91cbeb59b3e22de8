"""The data folder is its user's alone: mode 700, every file in it 600, whatever the umask
of whoever starts Afterwards, and an older install's folder is tightened at start."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from afterwards.host.datafolder import private_tighten
from tests.host.conftest import ROOT, Host

# Run inside `afterwards manage shell`: a save, then the mode of everything in the data
# folder while the connection is still open (SQLite's -wal and -shm exist only then).
SAVE_AND_LIST = """
import json, os, stat
from django.conf import settings
from afterwards.accounts.services import registration_invite_create
registration_invite_create(days=1)
found = {}
for parent, folders, files in os.walk(settings.DATA_DIR):
    for name in folders + files:
        path = os.path.join(parent, name)
        found[os.path.relpath(path, settings.DATA_DIR)] = stat.S_IMODE(os.lstat(path).st_mode)
print("MODES " + json.dumps(found))
"""


def _with_umask_022(host: Host, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, started the way a shell with the common umask starts it."""
    return subprocess.run(
        [sys.executable, "-m", "afterwards.cli", *args],
        cwd=ROOT,
        env=host.env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        preexec_fn=lambda: os.umask(0o022),  # noqa: PLW1509 (no threads started here)
    )


def _modes(folder: Path) -> dict[str, int]:
    found = {}
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(parent) / name
            found[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return found


def _not_private(modes: dict[str, int], folder: Path) -> dict[str, str]:
    return {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (folder / name).is_dir() else 0o600)
    }


def test_everything_the_app_makes_in_the_data_folder_is_private_whatever_the_umask(host: Host):
    # An older install, made under umask 022: readable by every local user.
    host.folder.chmod(0o755)
    (host.folder / "secret_key").write_text("an older install's key")
    (host.folder / "secret_key").chmod(0o644)
    (host.folder / "backups").mkdir(mode=0o755)
    (host.folder / "backups" / "old.age").write_text("sealed")
    (host.folder / "backups" / "old.age").chmod(0o644)

    assert _with_umask_022(host, "migrate").returncode == 0
    assert _with_umask_022(host, "vapid").returncode == 0
    assert _with_umask_022(host, "worker", "--batch").returncode == 0
    saved = _with_umask_022(host, "manage", "shell", "-c", SAVE_AND_LIST)
    assert saved.returncode == 0, saved.stderr

    [line] = [line for line in saved.stdout.splitlines() if line.startswith("MODES ")]
    while_open = json.loads(line.removeprefix("MODES "))
    for name in ("afterwards.sqlite3-wal", "afterwards.sqlite3-shm", "running/worker.lock"):
        assert name in while_open, sorted(while_open)
    assert _not_private(while_open, host.folder) == {}
    after = _modes(host.folder)
    assert {"afterwards.sqlite3", "secret_key", "vapid_private.pem", "static"} <= set(after)
    assert _not_private(after, host.folder) == {}
    assert stat.S_IMODE(host.folder.stat().st_mode) == 0o700


def test_tightening_leaves_links_and_what_they_point_at_alone(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    outside = tmp_path / "shared.txt"
    outside.write_text("someone else's")
    outside.chmod(0o644)
    (folder / "shared-link").symlink_to(outside)
    (folder / "notes").write_text("private")
    (folder / "notes").chmod(0o664)

    private_tighten(folder)

    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert stat.S_IMODE((folder / "notes").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
