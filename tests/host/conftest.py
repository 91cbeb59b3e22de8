"""A host's data folder of its own, and the real `afterwards` command run in it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRILL = Path(__file__).resolve().parent / "drill.py"
PASSPHRASE = "a lantern left by the door"
BACKUP_PASSPHRASE = "long walks on the salt marsh at dusk"


@dataclass
class Host:
    """A data folder and the environment every command of one server runs with."""

    folder: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(self, *args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "afterwards.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def drill(self, step: str, username: str, words: str) -> int:
        done = subprocess.run(
            [sys.executable, str(DRILL), step, username, PASSPHRASE, words],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode

    @property
    def database(self) -> Path:
        return self.folder / "afterwards.sqlite3"

    def backups(self) -> list[Path]:
        return sorted((self.folder / "backups").glob("*.age"))


def host_env(folder: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AFTERWARDS_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        AFTERWARDS_DATA_DIR=str(folder),
        AFTERWARDS_KDF_OPSLIMIT="1",
        AFTERWARDS_KDF_MEMLIMIT_MIB="8",
        **extra,
    )
    return env


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "backup-passphrase"
    path.write_text(BACKUP_PASSPHRASE + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def host(tmp_path: Path, passphrase_file: Path) -> Host:
    """A SQLite server whose backups are sealed to a passphrase in a file."""
    folder = tmp_path / "data"
    folder.mkdir()
    return Host(folder, host_env(folder, AFTERWARDS_BACKUP_PASSPHRASE_FILE=str(passphrase_file)))
