"""The restore drill: back up, wipe, restore, log in with the known passphrase and read
the known check-in, through the real `afterwards` command in fresh processes."""

from __future__ import annotations

import io
import json
import secrets
import sqlite3
import stat
import tarfile
from importlib import metadata

import pyrage.x25519
from django.db.migrations.loader import MigrationLoader
from pyrage import passphrase

from tests.host.conftest import BACKUP_PASSPHRASE, Host, host_env


def _refused(done) -> str:  # type: ignore[no-untyped-def]
    """A refusal: non-zero, one calm line, no traceback."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_backup_restored_after_a_wipe_opens_with_the_known_passphrase(host: Host, tmp_path):
    username = f"wren{secrets.token_hex(3)}"
    words = f"LanternWords{secrets.token_hex(6)}"
    assert host.run("migrate").returncode == 0
    assert host.drill("write", username, words) == 0
    key_before = (host.folder / "secret_key").read_bytes()

    made = host.run("backup")
    assert made.returncode == 0, made.stderr
    [backup] = host.backups()
    assert str(backup) in made.stdout
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    sealed = backup.read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert username.encode() in host.database.read_bytes(), "positive control: clear in the db"
    for clear in (username.encode(), words.encode(), key_before):
        assert clear not in sealed

    # The wipe: the database and the secret key gone.
    for path in host.folder.glob("afterwards.sqlite3*"):
        path.unlink()
    (host.folder / "secret_key").unlink()

    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all")
    line = _refused(host.run("restore", str(backup), "--passphrase-file", str(wrong)))
    assert line == "afterwards restore: That passphrase does not open this backup."
    assert not host.database.exists()

    restored = host.run("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Restored the backup made" in restored.stdout
    assert (host.folder / "secret_key").read_bytes() == key_before
    assert stat.S_IMODE(host.database.stat().st_mode) == 0o600
    assert stat.S_IMODE((host.folder / "secret_key").stat().st_mode) == 0o600
    assert not list(host.folder.glob(".restore-*")), "no plain copy stays behind"
    assert host.drill("read", username, words) == 0
    assert host.drill("read", username, "WordsNobodyWrote") == 4, "negative control"


def test_a_backup_sealed_to_a_public_key_opens_only_with_its_identity(host: Host, tmp_path):
    identity = pyrage.x25519.Identity.generate()
    other = pyrage.x25519.Identity.generate()
    (tmp_path / "identity.txt").write_text(f"# the host's key\n{identity}\n")
    (tmp_path / "other.txt").write_text(f"{other}\n")
    host.env["AFTERWARDS_BACKUP_RECIPIENT"] = str(identity.to_public())
    username = f"ash{secrets.token_hex(3)}"
    words = f"MarshWords{secrets.token_hex(6)}"
    assert host.run("migrate").returncode == 0
    assert host.drill("write", username, words) == 0
    target = tmp_path / "offsite" / "tonight.age"
    assert host.run("backup", "--to", str(target)).returncode == 0
    assert b"\n-> X25519 " in target.read_bytes()[:200]
    line = _refused(host.run("backup", "--to", str(target)))
    assert "already exists" in line

    assert "--identity FILE" in _refused(host.run("restore", str(target)))
    line = _refused(host.run("restore", str(target), "--identity", str(tmp_path / "other.txt")))
    assert line == "afterwards restore: That identity does not open this backup."
    line = _refused(host.run("restore", str(target), "--identity", str(tmp_path / "identity.txt")))
    assert "already holds accounts" in line and "--force" in line

    forced = host.run(
        "restore", str(target), "--identity", str(tmp_path / "identity.txt"), "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert host.drill("read", username, words) == 0


def test_no_backup_is_written_without_a_key_or_a_passphrase(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    host = Host(folder, host_env(folder))
    assert host.run("migrate").returncode == 0
    line = _refused(host.run("backup"))
    assert "never written unencrypted" in line
    assert host.backups() == []


def test_a_passphrase_file_that_cannot_be_read_is_named(host: Host, tmp_path):
    host.env["AFTERWARDS_BACKUP_PASSPHRASE_FILE"] = str(tmp_path / "missing")
    assert host.run("migrate").returncode == 0
    line = _refused(host.run("backup"))
    assert "could not be read" in line and "missing" in line


def test_restore_refuses_while_the_database_is_open_and_changes_nothing(host: Host):
    assert host.run("migrate").returncode == 0
    assert host.run("backup").returncode == 0
    [backup] = host.backups()
    before = host.database.read_bytes()
    (host.folder / "secret_key").write_text("the key written since")
    server = sqlite3.connect(host.database)  # a server's connection, with the WAL it keeps
    try:
        server.execute("PRAGMA journal_mode=WAL")
        server.execute("SELECT count(*) FROM django_migrations").fetchone()
        line = _refused(host.run("restore", str(backup), "--force"))
        assert "is in use" in line and "stop every" in line
    finally:
        server.close()
    assert host.database.read_bytes() == before
    assert (host.folder / "secret_key").read_text() == "the key written since"
    assert not list(host.folder.glob(".restore-*"))


def test_restore_refuses_a_file_that_is_not_a_backup(host: Host, tmp_path):
    stray = tmp_path / "notes.age"
    stray.write_text("just some words")
    assert "not an age file" in _refused(host.run("restore", str(stray)))
    assert "could not be read" in _refused(host.run("restore", str(tmp_path / "absent.age")))


def test_a_backup_holds_its_manifest_the_database_and_the_files_the_app_made(host: Host):
    assert host.run("migrate").returncode == 0
    (host.folder / "vapid_private.pem").write_text("push key")
    (host.folder / "static" / "site.css").write_text("served from the package")
    (host.folder / "test-afterwards.sqlite3").write_text("a test database")
    assert host.run("backup").returncode == 0
    [backup] = host.backups()
    plain = passphrase.decrypt(backup.read_bytes(), BACKUP_PASSPHRASE)
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        names = sorted(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names == [
        "data/secret_key",
        "data/vapid_private.pem",
        "database.sqlite3",
        "manifest.json",
    ]
    assert manifest["format"] == 1 and manifest["engine"] == "sqlite"
    assert manifest["app_version"] == metadata.version("afterwards")
    leaves = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    for app in ("vault", "accounts", "auth", "sessions"):
        assert manifest["migrations"][app] == leaves[app]
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["files"] == ["data/secret_key", "data/vapid_private.pem"]


def test_a_database_that_does_not_answer_is_one_calm_line(host: Host):
    host.env["DATABASE_URL"] = "postgres://nobody:nothing@127.0.0.1:9/afterwards"
    line = _refused(host.run("backup"))
    assert line.startswith("afterwards backup: the database or a setting refused:")
    assert host.backups() == []


def test_a_file_that_cannot_be_put_back_leaves_the_old_database_and_the_old_files(host: Host):
    assert host.run("migrate").returncode == 0
    assert host.drill("write", "then", "WordsOfThen") == 0
    (host.folder / "webpush").mkdir()
    (host.folder / "webpush" / "private.pem").write_text("the backup's push key")
    assert host.run("backup").returncode == 0
    [backup] = host.backups()
    # Since the backup: another account, a new secret key, and a file where the backup
    # has a folder, so the last of its files (webpush/private.pem) cannot be written.
    assert host.drill("write", "since", "WordsOfSince") == 0
    (host.folder / "secret_key").write_text("the key written since")
    (host.folder / "webpush" / "private.pem").unlink()
    (host.folder / "webpush").rmdir()
    (host.folder / "webpush").write_text("a file where the backup has a folder")
    database_before = host.database.read_bytes()

    line = _refused(host.run("restore", str(backup), "--force"))

    assert "webpush/private.pem" in line and "nothing was changed" in line
    assert host.database.read_bytes() == database_before
    assert (host.folder / "secret_key").read_text() == "the key written since"
    assert (host.folder / "webpush").read_text() == "a file where the backup has a folder"
    assert not list(host.folder.rglob("*.restoring")) and not list(host.folder.glob(".restore-*"))
    assert host.drill("read", "since", "WordsOfSince") == 0
