"""A restore never replaces the database under a running server or worker: each holds a
lock in the data folder for as long as it runs, and `afterwards restore` refuses while
one is held. And a server starts with no database connection for its workers to share."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.db import connections

from afterwards import cli
from afterwards.host.datafolder import running_none
from tests.host.conftest import ROOT, Host


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _held(lock: Path) -> bool:
    """Whether some process holds the lock (a probe that takes it lets go at once)."""
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
            return bool(reply.read() == b"ok")
    except OSError:
        return False


def _start(host: Host, kind: str) -> subprocess.Popen[bytes]:
    args = {
        "serve": ["serve", "--no-migrate", "--port", str(_free_port()), "--workers", "1"],
        "worker": ["worker", "--interval", "1"],
    }[kind]
    running = subprocess.Popen(
        [sys.executable, "-m", "afterwards.cli", *args],
        cwd=ROOT,
        env=host.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    lock = host.folder / "running" / f"{kind}.lock"
    for _ in range(300):  # up to a minute on a loaded machine
        ready = _held(lock) and (kind != "serve" or _answers(int(args[3])))
        if ready or running.poll() is not None:
            break
        time.sleep(0.2)
    assert running.poll() is None, running.stderr.read().decode()  # type: ignore[union-attr]
    assert _held(lock)
    return running


def _stop(running: subprocess.Popen[bytes]) -> None:
    os.killpg(running.pid, signal.SIGTERM)
    running.wait(timeout=60)


def _refused(host: Host, backup: Path) -> str:
    done = host.run("restore", str(backup), "--force")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    return done.stderr.strip()


def test_restore_refuses_while_a_server_or_a_worker_runs_and_restores_once_they_stop(
    host: Host,
):
    assert host.run("migrate").returncode == 0
    assert host.drill("write", "then", "WordsOfThen") == 0
    assert host.run("backup").returncode == 0
    [backup] = host.backups()
    assert host.drill("write", "since", "WordsOfSince") == 0
    database = host.database.stat().st_ino  # a restore puts a new file in its place

    for kind in ("serve", "worker"):
        running = _start(host, kind)
        try:
            assert _refused(host, backup) == (
                f"afterwards restore: `afterwards {kind}` runs on {host.folder}: nothing was "
                "changed. Stop every one of them, then restore again."
            )
        finally:
            _stop(running)
        assert host.database.stat().st_ino == database
    assert host.drill("read", "since", "WordsOfSince") == 0

    restored = host.run("restore", str(backup), "--force")
    assert restored.returncode == 0, restored.stderr
    assert host.drill("read", "then", "WordsOfThen") == 0
    assert host.drill("read", "since", "WordsOfSince") == 3, "the account made since is gone"


def test_a_server_does_not_start_while_a_restore_is_under_way(host: Host):
    with running_none(host.folder):
        started = host.run("serve", "--port", str(_free_port()), timeout=60)
    assert started.returncode != 0
    assert started.stderr.strip() == (
        f"afterwards: A restore is under way in {host.folder}: start `afterwards serve` "
        "again once it has finished."
    )
    assert not host.database.exists()


def test_serve_closes_every_database_connection_before_gunicorn_forks(
    transactional_db, monkeypatch
):
    open_at_fork = []
    monkeypatch.setattr(cli, "_hold_running", lambda kind: None)
    monkeypatch.setattr(
        cli,
        "_serve_now",
        lambda *args: open_at_fork.extend(
            c.alias for c in connections.all() if c.connection is not None
        ),
    )
    connections["default"].ensure_connection()  # as a request or a setting might
    cli.serve("127.0.0.1", 8000, 1, migrate=True)
    assert open_at_fork == []
