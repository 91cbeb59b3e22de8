"""The restore drill on PostgreSQL: pg_dump into an age file, the database dropped and
made again empty, pg_restore, then the known passphrase opens the known check-in.

Runs against a scratch database made and dropped here, on the server named by
AFTERWARDS_TEST_DATABASE_URL (or DATABASE_URL when the suite runs on PostgreSQL); its
role needs CREATEDB, as .ci/run grants.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests.host.conftest import Host, host_env


def _server_url() -> str:
    for name in ("AFTERWARDS_TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    pytest.skip(
        "no PostgreSQL given: set AFTERWARDS_TEST_DATABASE_URL (a role with CREATEDB) "
        "to run the PostgreSQL restore drill"
    )


def _remake(server: str, name: str, *, drop: bool, create: bool) -> None:
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
        if drop:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if create:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@pytest.fixture
def scratch() -> Iterator[tuple[str, str]]:
    """(server URL, scratch database URL): a database of its own, dropped afterwards."""
    server = _server_url()
    name = f"afterwards_drill_{secrets.token_hex(4)}"
    try:
        _remake(server, name, drop=False, create=True)
    except psycopg.Error as exc:
        pytest.fail(f"could not make a scratch database on {urlsplit(server).hostname}: {exc}")
    parts = urlsplit(server)
    try:
        yield server, urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        _remake(server, name, drop=True, create=False)


def test_a_postgres_backup_restored_after_a_wipe_opens_with_the_known_passphrase(
    scratch, passphrase_file, tmp_path
):
    server, url = scratch
    folder = tmp_path / "data"
    folder.mkdir()
    host = Host(
        folder,
        host_env(folder, DATABASE_URL=url, AFTERWARDS_BACKUP_PASSPHRASE_FILE=str(passphrase_file)),
    )
    username = f"wren{secrets.token_hex(3)}"
    words = f"HarbourWords{secrets.token_hex(6)}"
    assert host.run("migrate").returncode == 0
    assert host.drill("write", username, words) == 0

    made = host.run("backup")
    assert made.returncode == 0, made.stderr
    [backup] = host.backups()
    sealed = backup.read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1\n")
    assert username.encode() not in sealed and words.encode() not in sealed

    # The wipe: the database dropped and made again, empty.
    name = urlsplit(url).path.lstrip("/")
    _remake(server, name, drop=True, create=True)
    with psycopg.connect(url) as wiped:
        tables = wiped.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)

    restored = host.run("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert host.drill("read", username, words) == 0

    again = host.run("restore", str(backup))
    assert again.returncode != 0 and "already holds accounts" in again.stderr
    assert "Traceback" not in again.stderr

    # The same backup on a SQLite server: refused, whatever is in that folder.
    sqlite_folder = tmp_path / "sqlite"
    sqlite_folder.mkdir()
    elsewhere = Host(
        sqlite_folder,
        host_env(sqlite_folder, AFTERWARDS_BACKUP_PASSPHRASE_FILE=str(passphrase_file)),
    )
    other = elsewhere.run("restore", str(backup))
    assert other.returncode != 0 and "Traceback" not in other.stderr
    assert "PostgreSQL database and this server uses SQLite" in other.stderr
