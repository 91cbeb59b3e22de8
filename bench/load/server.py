"""The server under load: `afterwards serve` started as a host starts it (gunicorn, its
web workers, the reminders worker beside them), and what its processes use.

Needs psutil (the `bench` extra).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
AFTERWARDS = Path(sys.executable).parent / "afterwards"


def server_env(data_dir: Path, database_url: str | None, conn: str | None) -> dict[str, str]:
    """The environment of a fresh install on `data_dir`, with the bench's settings module."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not (name.startswith("AFTERWARDS_") or name == "DATABASE_URL")
    }
    env["AFTERWARDS_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "bench.load.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    if database_url:
        env["DATABASE_URL"] = database_url
    if conn:
        env["AFTERWARDS_LOAD_CONN"] = conn
    return env


@dataclass
class Sample:
    """One look at the server's processes."""

    at: float
    cpu: float  # seconds of CPU the whole tree has used so far (live processes)
    rss: int  # bytes, summed over the tree
    rss_largest: int  # bytes, the largest single process
    rss_each: dict[int, int] = field(default_factory=dict)  # bytes, by process id


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _finished_cpu: float = 0.0  # CPU of processes of the tree that have ended
    _seen: dict[int, float] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tree(self) -> list[psutil.Process]:
        parent = psutil.Process(self.process.pid)
        return [parent, *parent.children(recursive=True)]

    def web_workers(self) -> list[int]:
        """The gunicorn web workers' process ids (children running the app, not the
        reminders worker)."""
        parent = psutil.Process(self.process.pid)
        found = []
        for child in parent.children():
            try:
                line = " ".join(child.cmdline())
            except psutil.Error:
                continue
            if "afterwards.cli worker" not in line:
                found.append(child.pid)
        return found

    def sample(self) -> Sample:
        cpu = 0.0
        rss = 0
        largest = 0
        each: dict[int, int] = {}
        live: dict[int, float] = {}
        for proc in self.tree():
            try:
                with proc.oneshot():
                    times = proc.cpu_times()
                    used = times.user + times.system
                    memory = proc.memory_info().rss
            except psutil.Error:
                continue
            live[proc.pid] = used
            cpu += used
            rss += memory
            each[proc.pid] = memory
            largest = max(largest, memory)
        for pid, used in self._seen.items():
            if pid not in live:
                self._finished_cpu += used
        self._seen = live
        return Sample(time.time(), cpu + self._finished_cpu, rss, largest, each)

    def watch(self, every: float = 0.1) -> threading.Thread:
        """Sample the tree every `every` seconds until stop()."""

        def loop() -> None:
            while not self._stop.is_set():
                self.samples.append(self.sample())
                self._stop.wait(every)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def serving(
    *, data_dir: Path, port: int, workers: int, database_url: str | None, conn: str | None
) -> Iterator[Server]:
    """`afterwards serve --with-worker --workers N` on 127.0.0.1:port, until the block ends."""
    log = data_dir / f"serve-{port}.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(AFTERWARDS), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers), "--with-worker"],
            env=server_env(data_dir, database_url, conn),
            cwd=str(data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + 120
        while not _answers(server.url + "/healthz"):
            if process.poll() is not None:
                raise SystemExit(f"afterwards serve stopped at start:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise SystemExit(f"afterwards serve did not answer in 120 s:\n{log.read_text()}")
            time.sleep(0.2)
        while len(server.web_workers()) < workers:  # every web worker up
            time.sleep(0.1)
        yield server
    finally:
        server.stop()
