"""The worker outlives a database that stops answering for a while, and says so calmly;
any other error still ends it, for its supervisor to start it again."""

from __future__ import annotations

import argparse
import logging
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import time_machine
from django.core import mail
from django.db import InterfaceError, OperationalError
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet
from psycopg import sql

from afterwards.notify import commands
from afterwards.notify.tasks import PLAN_TASK_PATH
from tests.notify.conftest import at, choose


@pytest.fixture
def reconnects(monkeypatch):  # type: ignore[no-untyped-def]
    """Closing every connection would end the test's own transaction: count instead."""
    calls: list[None] = []
    monkeypatch.setattr(commands, "database_reconnect", lambda: calls.append(None))
    return calls


def _database_away(monkeypatch, *errors: Exception) -> None:  # type: ignore[no-untyped-def]
    """The worker's next claims of a task raise these, one each, then work again."""
    claim = DBTaskResultQuerySet.get_locked
    left = list(errors)

    def get_locked(self):  # type: ignore[no-untyped-def]
        if left:
            raise left.pop(0)
        return claim(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)


def test_the_worker_waits_out_a_database_that_does_not_answer_and_plans_again(
    owner, channels_on, monkeypatch, reconnects, caplog
):
    choose(owner, checkin_on=True, hour=20)
    _database_away(
        monkeypatch,
        OperationalError("database or disk is full: robin@example.org"),
        InterfaceError("connection already closed"),
        OperationalError("disk I/O error"),
    )
    waits: list[float] = []
    with time_machine.travel(at(2026, 3, 28, 20, 0), tick=False):
        commands.worker_run(interval=0, batch=True, sleep=waits.append)
    assert len(mail.outbox) == 1  # planned and sent once the database answered
    assert len(reconnects) == 3
    # 1, 2, 4 seconds, less up to a tenth at random
    assert [round(wait) for wait in waits] == [1, 2, 4]
    assert all(0.9 * 2**n <= wait <= 2**n for n, wait in enumerate(waits))
    lines = [record for record in caplog.records if record.name == commands.__name__]
    assert [record.levelno for record in lines] == [logging.WARNING] * 3
    assert "(OperationalError)" in lines[0].getMessage()
    assert "(InterfaceError)" in lines[1].getMessage()
    assert "robin@example.org" not in caplog.text
    assert "disk" not in caplog.text  # the kind of error, never its message


def test_after_the_database_came_back_a_tick_is_planned_at_once(owner, monkeypatch, reconnects):
    _database_away(monkeypatch, OperationalError("database is gone"))
    with time_machine.travel(at(2026, 3, 28, 20, 0, 30), tick=False):
        commands.worker_run(interval=0, batch=True, sleep=lambda wait: None)
    ticks = DBTaskResult.objects.filter(task_path=PLAN_TASK_PATH)
    # the first queued at start, one more as the database came back, and the chain's
    # next (at 20:01) still waiting
    assert sorted(ticks.values_list("status", flat=True)) == ["READY", "SUCCESSFUL", "SUCCESSFUL"]


def test_the_waits_double_from_a_second_up_to_a_minute_with_a_little_jitter():
    for tries, full in enumerate([1, 2, 4, 8, 16, 32, 60, 60, 60]):
        assert 0.9 * full <= commands.retry_wait(tries) <= full
    assert commands.retry_wait(10_000) <= commands.LONGEST_WAIT
    assert 0.18 <= commands.retry_wait(3, longest=0.2) <= 0.2


def test_an_error_that_is_not_the_database_ends_the_worker(owner, monkeypatch, reconnects):
    _database_away(monkeypatch, RuntimeError("a fault in the code"))
    waits: list[float] = []
    with pytest.raises(RuntimeError):
        commands.worker_run(interval=0, batch=True, sleep=waits.append)
    assert waits == []
    assert reconnects == []


def test_the_worker_command_ends_with_a_traceback_and_status_1_on_a_fault(monkeypatch, caplog):
    def faulty(**options):  # type: ignore[no-untyped-def]
        raise RuntimeError("a fault in the code")

    monkeypatch.setattr(commands, "worker_run", faulty)
    args = argparse.Namespace(command="worker", interval=5.0, batch=False)
    with pytest.raises(SystemExit) as stopped:
        commands.run(args, lambda: None)
    assert stopped.value.code == 1
    assert "The reminders worker stopped on an unexpected error." in caplog.text
    assert "Traceback" in caplog.text  # logged with its traceback, for the host


# --- The real worker process, its database taken away and given back ------------------

ROOT = Path(__file__).resolve().parent.parent.parent

# Run in a child process. The transport writes a line per sending to a file (no
# network); time stands at 20:00 on a Saturday and runs on from there.
SCRIPT = """
import os, sys
from datetime import UTC, datetime
os.environ["DJANGO_SETTINGS_MODULE"] = "afterwards.settings"
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
import time_machine
settings.NOTIFY_EMAIL = True
mode, sent_file = sys.argv[1], sys.argv[2]
from afterwards.notify import sending
def send_email(*, to, message):
    with open(sent_file, "a") as out:
        out.write(f"{to} {message.subject}\\n")
sending.send_email = send_email
with time_machine.travel(datetime(2026, 3, 28, 20, 0, tzinfo=UTC), tick=True):
    if mode == "setup":
        call_command("migrate", interactive=False, verbosity=0)
        from afterwards.accounts.models import User
        from afterwards.notify.models import Preferences
        user = User.objects.create(username="robin")
        Preferences.objects.create(
            user=user, time_zone="Europe/London", checkin_on=True, hour=20,
            checkin_since=datetime(2026, 3, 1, tzinfo=UTC), by_email=False,
            email="robin@example.org",
        )
    else:
        from afterwards.notify.commands import worker_run
        worker_run(interval=0.05, batch=False, longest_wait=0.3)
"""


PLAN_TICKS_DONE = (
    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
    f"WHERE task_path = '{PLAN_TASK_PATH}' AND status = 'SUCCESSFUL'"
)
TURN_EMAIL_ON = "UPDATE notify_preferences SET by_email = true"


class _SqliteAway:
    """The data folder renamed, so the database and its WAL files go at once and the
    worker's next connection finds nothing to open; renamed back to come back."""

    def __init__(self, tmp_path: Path) -> None:
        self.data, self.away = tmp_path / "data", tmp_path / "away"
        self.url = ""

    def count(self, query: str) -> int:
        with closing(sqlite3.connect(self.data / "afterwards.sqlite3")) as db:
            return int(db.execute(query).fetchone()[0])

    def take_away(self) -> None:
        self.data.rename(self.away)

    def change_while_away(self, statement: str) -> None:
        with closing(sqlite3.connect(self.away / "afterwards.sqlite3")) as db, db:
            db.execute(statement)

    def give_back(self) -> None:
        self.away.rename(self.data)


class _PostgresAway:
    """As when PostgreSQL restarts: the worker's connections ended, and no new one
    taken for a while (ALLOW_CONNECTIONS false on a scratch database of its own)."""

    def __init__(self, tmp_path: Path, server: str, url: str) -> None:
        self.data, self.server, self.url = tmp_path / "data", server, url
        self.name = urlsplit(url).path.lstrip("/")
        self.mine: psycopg.Connection[tuple[object, ...]] | None = None

    def count(self, query: str) -> int:
        with psycopg.connect(self.url) as db:
            row = db.execute(query.encode()).fetchone()
            return int(row[0]) if row else 0

    def _allow(self, allow: bool) -> None:
        with psycopg.connect(self.server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                    sql.Identifier(self.name), sql.Literal(allow)
                )
            )

    def take_away(self) -> None:
        self.mine = psycopg.connect(self.url, autocommit=True)  # kept, to change a row
        self._allow(False)
        with psycopg.connect(self.server, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [self.name, self.mine.info.backend_pid],
            )

    def change_while_away(self, statement: str) -> None:
        assert self.mine is not None
        self.mine.execute(statement.encode())

    def give_back(self) -> None:
        self._allow(True)
        if self.mine is not None:
            self.mine.close()


def _env(database: _SqliteAway | _PostgresAway) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["AFTERWARDS_DATA_DIR"] = str(database.data)
    if database.url:
        env["DATABASE_URL"] = database.url
    env.pop("AFTERWARDS_SMTP_HOST", None)
    return env


def _wait_for(what: Callable[[], bool], worker: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(300):  # up to ~30 s on a loaded machine
        if what():
            return
        assert worker.poll() is None, log.read_text()
        time.sleep(0.1)
    pytest.fail(f"waited too long; the worker said:\n{log.read_text()}")


def _worker_outlives(database: _SqliteAway | _PostgresAway, tmp_path: Path) -> None:
    """A real worker plans; its database goes away; a person turns e-mail on meanwhile;
    the database comes back: the worker still runs, plans and sends, said calmly."""
    sent = tmp_path / "sent.txt"
    setup = subprocess.run(
        [sys.executable, "-c", SCRIPT, "setup", str(sent)],
        env=_env(database),
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, "worker", str(sent)],
            env=_env(database),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: database.count(PLAN_TICKS_DONE) >= 1, worker, log)
        database.take_away()
        try:
            _wait_for(lambda: "did not answer" in log.read_text(), worker, log)
            database.change_while_away(TURN_EMAIL_ON)
        finally:
            database.give_back()
        _wait_for(sent.exists, worker, log)
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert worker.returncode == 0, log.read_text()
    assert sent.read_text().splitlines() == [
        "robin@example.org Afterwards: a moment for today's check-in"
    ]
    said = log.read_text()
    assert re.search(r"\((OperationalError|InterfaceError)\); it asks again in", said), said
    assert "Traceback" not in said
    assert "robin" not in said


def test_a_worker_whose_sqlite_database_went_away_and_came_back_runs_on_and_sends(tmp_path):
    _worker_outlives(_SqliteAway(tmp_path), tmp_path)


def _server_url() -> str:
    for name in ("AFTERWARDS_TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    pytest.skip("no PostgreSQL given: set AFTERWARDS_TEST_DATABASE_URL (a role with CREATEDB)")


@pytest.fixture
def scratch() -> Iterator[tuple[str, str]]:
    """(server URL, URL of a database of this test's own, dropped afterwards)."""
    server = _server_url()
    name = f"afterwards_worker_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL does not answer: {type(error).__name__}")
    try:
        yield server, urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_a_worker_whose_postgres_connections_ended_runs_on_and_sends(tmp_path, scratch):
    server, url = scratch
    _worker_outlives(_PostgresAway(tmp_path, server, url), tmp_path)
