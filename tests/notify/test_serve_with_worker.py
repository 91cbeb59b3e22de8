"""`afterwards serve --with-worker` keeps its reminders worker running: a worker child
that exits is started again, and all of it stops with the server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from afterwards.notify import commands

ROOT = Path(__file__).resolve().parent.parent.parent
PROC = Path("/proc")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _worker_children(parent: int) -> set[int]:
    """The `afterwards worker` processes whose parent is `parent` (gunicorn's web
    workers are its children too, with the server's own command line)."""
    found = set()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # gone meanwhile
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and command[-2:] == [b"worker", b""] and stat.split()[2] != "Z":
            found.add(int(entry.name))
    return found


def _wait_for(what: Callable[[], bool], server: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(300):  # up to ~30 s on a loaded machine
        if what():
            return
        assert server.poll() is None, log.read_text()
        time.sleep(0.1)
    pytest.fail(f"waited too long; the server said:\n{log.read_text()}")


def _alive(pid: int) -> bool:
    try:
        return (PROC / str(pid) / "stat").read_text().split(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not PROC.is_dir(), reason="reads children from /proc (Linux)")
def test_a_killed_worker_child_is_started_again_and_stops_with_the_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["AFTERWARDS_DATA_DIR"] = str(tmp_path / "data")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "afterwards.cli", "serve", "--with-worker"]
            + ["--port", str(_free_port()), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(lambda: len(_worker_children(server.pid)) == 1, server, log)
        [first] = _worker_children(server.pid)
        os.kill(first, signal.SIGKILL)
        _wait_for(lambda: _worker_children(server.pid) - {first} != set(), server, log)
        [second] = _worker_children(server.pid)
        assert "The reminders worker stopped; starting it again" in log.read_text()
    finally:
        os.kill(server.pid, signal.SIGTERM)  # the server alone: it stops its worker
        server.wait(timeout=60)
    assert not _alive(second)


class _Stopping:
    """A stand-in for a worker child that stops as soon as it starts."""

    def poll(self) -> int:
        return 1


def test_a_worker_that_keeps_stopping_is_started_again_ever_more_slowly(monkeypatch):
    started: list[_Stopping] = []
    tries: list[int] = []

    def retry_wait(n: int, *, longest: float) -> float:
        tries.append(n)
        return 0.01  # the waits themselves: test_worker_outages

    monkeypatch.setattr(commands, "WATCH_EVERY", 0.01)
    monkeypatch.setattr(commands, "retry_wait", retry_wait)

    def start() -> _Stopping:
        started.append(_Stopping())
        return started[-1]

    watch = commands.WorkerWatch(start=start)  # type: ignore[arg-type]
    for _ in range(1000):
        if len(started) >= 4:
            break
        time.sleep(0.01)
    watch.stop()
    assert tries[:3] == [0, 1, 2]  # each wait longer than the last: no hot loop
    count = len(started)
    time.sleep(0.1)
    assert len(started) == count  # none after the server stopped
