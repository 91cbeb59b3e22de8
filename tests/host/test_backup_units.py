"""The backup's parts on their own: what it bundles, what a restore accepts."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from afterwards.host.backup import BackupError, Manifest, data_files, latest_migrations
from afterwards.host.restore import (
    database_holds_people,
    manifest_check,
    sealed_by_passphrase,
    unknown_migrations,
    unpack,
)


def _manifest(**changes: object) -> Manifest:
    values: dict[str, object] = {
        "engine": "sqlite",
        "app_version": "0.1.0",
        "migrations": {"vault": "0001_initial"},
        "created_at": "2026-03-28T09:00:00+00:00",
    }
    values.update(changes)
    return Manifest(**values)  # type: ignore[arg-type]


def _tar(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


def test_the_data_folder_gives_every_file_the_app_made_but_the_database_static_backups_locks(
    tmp_path: Path,
):
    database = tmp_path / "afterwards.sqlite3"
    for name in (
        "afterwards.sqlite3",
        "afterwards.sqlite3-wal",
        "afterwards.sqlite3-shm",
        "test-afterwards.sqlite3",
        "secret_key",
        "vapid_private.pem",
        "keys/extra.key",
        "static/site.css",
        "backups/afterwards-20260328T090000Z.age",
        ".restore-abc/database.sqlite3",
        "running/serve.lock",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    found = [path.relative_to(tmp_path).as_posix() for path in data_files(tmp_path, database)]
    assert found == ["keys/extra.key", "secret_key", "vapid_private.pem"]


def test_the_latest_migration_of_each_app_is_kept():
    applied = [("vault", "0001_initial"), ("vault", "0003_c"), ("vault", "0002_b"), ("a", "0001")]
    assert latest_migrations(iter(applied)) == {"vault": "0003_c", "a": "0001"}


def test_a_manifest_reads_back_and_a_broken_one_is_refused():
    manifest = _manifest(files=["data/secret_key"])
    assert Manifest.from_json(manifest.to_json()) == manifest
    with pytest.raises(BackupError, match="not a backup"):
        Manifest.from_json(b'{"engine": "sqlite"}')


def test_a_file_outside_the_data_folder_is_refused():
    plain = _tar(
        {
            "manifest.json": _manifest().to_json(),
            "database.sqlite3": b"db",
            "data/../../etc/cron.d/x": b"* * * * * root true",
        }
    )
    with pytest.raises(BackupError, match="outside the data folder"):
        unpack(plain)


def test_a_backup_of_a_newer_format_or_without_manifest_or_database_is_refused():
    with pytest.raises(BackupError, match="newer than this Afterwards knows"):
        unpack(_tar({"manifest.json": _manifest(format=2).to_json(), "database.sqlite3": b""}))
    with pytest.raises(BackupError, match="no manifest"):
        unpack(_tar({"database.sqlite3": b"db"}))
    with pytest.raises(BackupError, match="holds no database"):
        unpack(_tar({"manifest.json": _manifest().to_json()}))
    opened = unpack(
        _tar(
            {
                "manifest.json": _manifest().to_json(),
                "database.sqlite3": b"db",
                "data/secret_key": b"k",
            }
        )
    )
    assert opened.database == b"db" and opened.files == {"secret_key": b"k"}


def test_only_age_files_are_opened():
    assert sealed_by_passphrase(b"age-encryption.org/v1\n-> scrypt abc 18\nxyz\n--- mac\n")
    assert not sealed_by_passphrase(b"age-encryption.org/v1\n-> X25519 abc\nxyz\n--- mac\n")
    with pytest.raises(BackupError, match="not an age file"):
        sealed_by_passphrase(b"PGDMP")


def test_migrations_this_code_does_not_have_mark_a_newer_schema():
    assert unknown_migrations({"vault": "0001_initial", "auth": "0001_initial"}) == []
    assert unknown_migrations({"vault": "0999_from_the_future", "elsewhere": "0001_x"}) == [
        "elsewhere.0001_x",
        "vault.0999_from_the_future",
    ]


def test_a_backup_of_another_engine_or_a_newer_schema_is_refused(db):
    from django.db import connection

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(BackupError, match="restore it on a server like the one that made it"):
        manifest_check(_manifest(engine=other), force=True)
    newer = _manifest(engine=connection.vendor, migrations={"vault": "0999_from_the_future"})
    with pytest.raises(BackupError, match=r"newer Afterwards .*vault\.0999_from_the_future"):
        manifest_check(newer, force=True)


def test_a_database_holding_accounts_is_replaced_only_with_force(db, owner):
    from django.db import connection

    assert database_holds_people()
    same = _manifest(engine=connection.vendor, migrations={"vault": "0001_initial"})
    with pytest.raises(BackupError, match="already holds accounts"):
        manifest_check(same, force=False)
    manifest_check(same, force=True)


def test_an_empty_database_holds_nobody(db):
    assert not database_holds_people()


def test_the_online_copy_is_whole_while_a_writer_keeps_writing(tmp_path: Path):
    import sqlite3
    import threading
    import time

    from afterwards.host.backup import sqlite_copy

    live = tmp_path / "afterwards.sqlite3"
    setup = sqlite3.connect(live)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
    setup.execute("INSERT INTO django_migrations VALUES ('vault', '0001_initial')")
    setup.execute("CREATE TABLE rows (n INTEGER, pad BLOB)")
    setup.commit()
    setup.close()
    stop = threading.Event()

    def write() -> None:
        writer = sqlite3.connect(live, timeout=20)
        n = 0
        while not stop.is_set():
            with writer:
                writer.executemany(
                    "INSERT INTO rows VALUES (?, randomblob(512))", [(n + i,) for i in range(50)]
                )
            n += 50
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    watch = sqlite3.connect(live)
    while watch.execute("SELECT count(*) FROM rows").fetchone()[0] == 0:
        time.sleep(0.01)  # the writer is under way before the first copy
    watch.close()
    try:
        copies = [tmp_path / f"copy{i}.sqlite3" for i in range(3)]
        for copy in copies:
            assert sqlite_copy(live, copy) == {"vault": "0001_initial"}
    finally:
        stop.set()
        thread.join()
    for copy in copies:
        opened = sqlite3.connect(copy)
        count, top = opened.execute("SELECT count(*), coalesce(max(n), -1) FROM rows").fetchone()
        assert opened.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        opened.close()
        assert count == top + 1 and count % 50 == 0, "only whole transactions are copied"
        assert count > 0
        assert not Path(f"{copy}-wal").exists()


def test_an_empty_sqlite_database_is_not_backed_up(tmp_path: Path):
    from afterwards.host.backup import sqlite_copy

    with pytest.raises(BackupError, match="nothing to back up"):
        sqlite_copy(tmp_path / "absent.sqlite3", tmp_path / "copy.sqlite3")
    import sqlite3

    sqlite3.connect(tmp_path / "blank.sqlite3").close()
    with pytest.raises(BackupError, match="run `afterwards migrate`"):
        sqlite_copy(tmp_path / "blank.sqlite3", tmp_path / "copy2.sqlite3")
