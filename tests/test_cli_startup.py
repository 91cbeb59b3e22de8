"""What a host meets when Afterwards cannot start: one line naming the folder, file or
variable and what to do, a non-zero status, never a traceback. The real command, each
in a fresh process."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from afterwards import cli
from afterwards.host.startup import startup_line

ROOT = Path(__file__).resolve().parent.parent
PR_CAPBSET_DROP = 24
# Root passes every permission check through these; an ordinary user has none of them.
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def _as_an_ordinary_user() -> Callable[[], None] | None:
    """For a process started by root (as in CI's container): root without the powers
    that let it write what its permissions forbid, so a read-only file is read-only."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for power in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
            if libc.prctl(PR_CAPBSET_DROP, power, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl")

    return drop


def _env(folder: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AFTERWARDS_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(AFTERWARDS_DATA_DIR=str(folder), **extra)
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _one_line(env: dict[str, str], *args: str) -> str:
    """Runs `afterwards ARGS` as an ordinary user; it must stop with one calm line. A
    command that keeps running (a server that started after all) is stopped, and fails."""
    started = subprocess.Popen(
        [sys.executable, "-m", "afterwards.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_as_an_ordinary_user(),  # noqa: PLW1509 (no threads started here)
    )
    try:
        out, err = started.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(started.pid, signal.SIGKILL)
        started.communicate()
        pytest.fail(f"`afterwards {' '.join(args)}` started instead of stopping")
    assert started.returncode != 0, out
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("afterwards: ")
    return lines[0]


def test_a_data_folder_this_user_cannot_write_is_named(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o500)
    line = _one_line(_env(folder), "migrate")
    assert str(folder) in line and "cannot be written" in line and "AFTERWARDS_DATA_DIR" in line
    line = _one_line(_env(folder / "inside"), "serve", "--port", str(_free_port()))
    assert str(folder / "inside") in line and "cannot be made" in line


def test_a_read_only_database_is_named_before_serving(tmp_path: Path):
    folder = tmp_path / "data"
    made = subprocess.run(
        [sys.executable, "-m", "afterwards.cli", "migrate"],
        cwd=ROOT,
        env=_env(folder),
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    database = folder / "afterwards.sqlite3"
    database.chmod(stat.S_IRUSR)

    for args in (["serve", "--port", str(_free_port()), "--workers", "1"], ["invite"]):
        line = _one_line(_env(folder), *args)
        assert f"The database file {database} is read-only" in line, line


def test_a_database_url_where_nothing_answers_is_named(tmp_path: Path):
    port = _free_port()  # free, so nothing listens there
    env = _env(tmp_path, DATABASE_URL=f"postgres://someone:HushHush@127.0.0.1:{port}/afterwards")
    for args in (["migrate"], ["serve", "--no-migrate", "--port", str(_free_port())]):
        line = _one_line(env, *args)
        assert f"DATABASE_URL (127.0.0.1:{port}/afterwards) could not be reached" in line
        assert "HushHush" not in line


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("DATABASE_URL", "postgres://someone:HushHush@host:notaport/db", "DATABASE_URL must"),
        ("DATABASE_URL", "mysql://someone:HushHush@host/db", "DATABASE_URL must"),
        ("AFTERWARDS_DEBUG", "maybe", "AFTERWARDS_DEBUG must be true or false"),
        ("AFTERWARDS_SECRET_KEY_FILE", "/nowhere/key", "AFTERWARDS_SECRET_KEY_FILE names"),
    ],
)
def test_a_setting_with_a_bad_value_is_named(tmp_path: Path, variable, value, named):
    line = _one_line(_env(tmp_path, **{variable: value}), "migrate")
    assert named in line
    assert "HushHush" not in line


def test_an_unexpected_error_keeps_its_traceback(monkeypatch):
    def broken(args: list[str]) -> None:
        raise RuntimeError("a fault to see")

    monkeypatch.setattr(cli, "_command", broken)
    with pytest.raises(RuntimeError, match="a fault to see"):
        cli.main(["invite"])
    assert startup_line(RuntimeError("a fault to see")) is None
    assert startup_line(FileNotFoundError(2, "No such file", "/elsewhere/file")) is None
