"""The `afterwards` command a host runs."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from afterwards.accounts.models import RegistrationInvite
from afterwards.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_invite_prints_a_code_that_opens_sign_up_once(db, capsys):
    main(["invite", "--days", "3"])
    code = capsys.readouterr().out.strip()
    assert (
        RegistrationInvite.objects.usable()
        .filter(code_hash=RegistrationInvite.hash_code(code))
        .exists()
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_migrates_a_new_data_folder_and_answers(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["AFTERWARDS_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "afterwards.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        body = b""
        for _ in range(150):  # up to ~30 s on a loaded machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                    body = reply.read()
                    break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        assert body == b"ok", server.stdout.read().decode() if server.poll() is not None else ""
        assert (tmp_path / "afterwards.sqlite3").exists()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as reply:
            assert reply.status == 200
            assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
            page = reply.read().decode()
        # The static files it names were collected as it started, under hashed names.
        sheets = re.findall(r'href="(/static/css/[a-z]+\.[0-9a-f]{12}\.css)"', page)
        assert len(sheets) == 2, page
        for sheet in sheets:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{sheet}", timeout=5) as reply:
                assert reply.status == 200
                assert "immutable" in reply.headers["Cache-Control"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_serve_gives_each_web_worker_many_more_threads_than_derivations(monkeypatch, settings):
    """Logins waiting for a derivation's slot must leave threads for pages (the login
    storm, docs/performance.md): the server takes its threads from WEB_THREADS."""
    from gunicorn.app.base import BaseApplication

    from afterwards import cli

    seen = {}
    monkeypatch.setattr(BaseApplication, "run", lambda self: seen.update(threads=self.cfg.threads))
    settings.WEB_THREADS = 7
    cli._serve_now("127.0.0.1", 0, 1)
    assert seen == {"threads": 7}


def test_the_default_threads_leave_room_beside_every_derivation(settings):
    from afterwards import settings as defaults

    assert defaults.WEB_THREADS >= 8 * defaults.VAULT_KDF_CONCURRENCY
