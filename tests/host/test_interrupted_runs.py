"""What a backup or restore stopped half-way leaves behind, and what the next run does
with it: a work folder is a plain copy of the database, so it does not stay."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from pathlib import Path

from afterwards.host.backup import WORK_PREFIX, leftovers_remove
from tests.host.conftest import Host

HOUR_AGO = time.time() - 3600


def _left_behind(folder: Path, name: str, username: str) -> Path:
    """A work folder as a backup killed mid-run leaves it: a plain copy of the database
    that still holds an account erased since."""
    work = folder / name
    work.mkdir(mode=0o700)
    copy = sqlite3.connect(work / "database.sqlite3")
    copy.execute("CREATE TABLE accounts_user (username TEXT)")
    copy.execute("INSERT INTO accounts_user VALUES (?)", (username,))
    copy.commit()
    copy.close()
    os.utime(work, (HOUR_AGO, HOUR_AGO))
    return work


def test_a_backup_removes_the_work_folder_a_killed_backup_left_behind(host: Host, tmp_path):
    assert host.run("migrate").returncode == 0
    left = _left_behind(host.folder, f"{WORK_PREFIX}k1ll3d", "erased-since")
    assert b"erased-since" in (left / "database.sqlite3").read_bytes(), "positive control"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the data folder's")
    os.utime(elsewhere, (HOUR_AGO, HOUR_AGO))
    (host.folder / f"{WORK_PREFIX}link").symlink_to(elsewhere)
    (host.folder / "restore-notes").mkdir()  # not the prefix: not a work folder

    made = host.run("backup")

    assert made.returncode == 0, made.stderr
    assert not left.exists()
    assert (elsewhere / "keep.txt").read_text() == "not the data folder's"
    assert (host.folder / "restore-notes").is_dir()
    assert [p.name for p in host.folder.glob(f"{WORK_PREFIX}*")] == [f"{WORK_PREFIX}link"]


def test_a_restore_removes_leftover_work_folders_even_when_it_refuses(host: Host, tmp_path):
    left = _left_behind(host.folder, f"{WORK_PREFIX}st0pped", "erased-since")
    stray = tmp_path / "notes.age"
    stray.write_text("just some words")

    done = host.run("restore", str(stray))

    assert done.returncode != 0 and "not an age file" in done.stderr
    assert not left.exists()


def test_a_work_folder_of_a_run_still_under_way_is_kept(host: Host):
    assert host.run("migrate").returncode == 0
    busy = _left_behind(host.folder, f"{WORK_PREFIX}busy", "someone")
    held = os.open(busy, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # as the run that made it holds it
        made = host.run("backup")
        assert made.returncode == 0, made.stderr
        assert (busy / "database.sqlite3").exists()
    finally:
        os.close(held)
    assert host.run("backup", "--to", str(host.folder / "backups" / "b.age")).returncode == 0
    assert not busy.exists(), "once its run has ended, it is a leftover"


def test_only_work_folders_older_than_the_run_are_removed(tmp_path: Path):
    started = time.time()
    old = _left_behind(tmp_path, f"{WORK_PREFIX}old", "a")
    new = _left_behind(tmp_path, f"{WORK_PREFIX}new", "b")
    os.utime(new, (started + 5, started + 5))
    (tmp_path / f"{WORK_PREFIX}file").write_text("a file with the prefix, not a folder")
    os.utime(tmp_path / f"{WORK_PREFIX}file", (HOUR_AGO, HOUR_AGO))

    assert leftovers_remove(tmp_path, started) == [old]

    assert not old.exists() and new.exists() and (tmp_path / f"{WORK_PREFIX}file").exists()
    assert leftovers_remove(tmp_path / "absent", started) == []
