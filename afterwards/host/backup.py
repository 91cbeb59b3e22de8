"""`afterwards backup`: a consistent, encrypted copy of the database and the data folder.

A backup is one age file (https://age-encryption.org). Inside it, a tar holds:

    manifest.json       format, engine, app version, latest migration per app, created_at
    database.sqlite3    SQLite's online backup (consistent while the server runs), or
    database.pgdump     `pg_dump --format=custom` of PostgreSQL
    data/…              every file the app made in the data folder (the secret key, push
                        keys, …) but the database itself, static/, backups/ and running/

It is sealed to the host's age public key (AFTERWARDS_BACKUP_RECIPIENT: the identity that
opens it can stay off the server), or else to a passphrase read from
AFTERWARDS_BACKUP_PASSPHRASE_FILE. Neither set: no backup, never an unencrypted one.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pyrage  # type: ignore[import-untyped]  # no hints shipped
from pyrage import passphrase as age_passphrase
from pyrage import x25519

FORMAT = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
RECIPIENT_VARIABLE = "AFTERWARDS_BACKUP_RECIPIENT"
PASSPHRASE_VARIABLE = "AFTERWARDS_BACKUP_PASSPHRASE_FILE"  # noqa: S105 (a variable name)
# What the data folder holds that a backup leaves out: the database (copied consistently,
# apart), what a restore or the tests leave beside it, static files, the backups and the
# lock files of what runs (afterwards/host/datafolder.py).
SKIPPED_FOLDERS = {"static", "backups", "running"}
SKIPPED_SUFFIXES = ("-wal", "-shm", "-journal")
WORK_PREFIX = ".restore-"


class BackupError(Exception):
    """A calm, one-line reason the backup or restore did not happen."""


@dataclass(frozen=True)
class Manifest:
    engine: str  # "sqlite" or "postgresql"
    app_version: str
    migrations: dict[str, str]  # app label -> its latest applied migration
    created_at: str  # ISO 8601, UTC
    files: list[str] = field(default_factory=list)  # data/ members
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            values = json.loads(raw)
            return cls(
                engine=str(values["engine"]),
                app_version=str(values["app_version"]),
                migrations={str(k): str(v) for k, v in dict(values["migrations"]).items()},
                created_at=str(values["created_at"]),
                files=[str(name) for name in values.get("files", [])],
                format=int(values["format"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupError("The backup's manifest is unreadable: it is not a backup.") from exc


def app_version() -> str:
    try:
        return metadata.version("afterwards")
    except metadata.PackageNotFoundError:
        return "unknown"


def latest_migrations(applied: Iterator[tuple[str, str]]) -> dict[str, str]:
    """The latest applied migration of each app (names start with their number)."""
    latest: dict[str, str] = {}
    for app, name in applied:
        if app not in latest or name > latest[app]:
            latest[app] = name
    return latest


# --- Where things are ------------------------------------------------------------------


def data_dir() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR)


def engine() -> str:
    from django.db import connection

    vendor = str(connection.vendor)
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {vendor}.")
    return vendor


def sqlite_path() -> Path:
    from django.db import connection

    return Path(str(connection.settings_dict["NAME"]))


def data_files(folder: Path, database: Path | None) -> list[Path]:
    """Every file the app made in the data folder that a restore needs."""
    found: list[Path] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        top = relative.parts[0]
        if top in SKIPPED_FOLDERS or top.startswith(WORK_PREFIX):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        if database is not None and path.name.startswith(database.name):
            continue  # the database, its -wal/-shm and anything a restore left beside it
        if path.suffix in {".sqlite3", ".sqlite"} or path.name.endswith(SKIPPED_SUFFIXES):
            continue  # a test database or another SQLite file: never half-copied
        found.append(path)
    return found


# --- Sealing ---------------------------------------------------------------------------


def read_passphrase_file(path: str, *, variable: str = PASSPHRASE_VARIABLE) -> str:
    try:
        secret = Path(path).read_text().strip("\r\n")
    except OSError as exc:
        raise BackupError(f"{variable}: {path} could not be read ({exc.strerror}).") from None
    if not secret.strip():
        raise BackupError(f"{variable}: {path} is empty.")
    return secret


def recipients_from_env(environ: dict[str, str]) -> list[x25519.Recipient]:
    raw = environ.get(RECIPIENT_VARIABLE, "").replace(",", " ").split()
    recipients = []
    for text in raw:
        try:
            recipients.append(x25519.Recipient.from_str(text))
        except pyrage.RecipientError:
            raise BackupError(
                f"{RECIPIENT_VARIABLE} holds {text[:12]}…, which is not an age public key (age1…)."
            ) from None
    return recipients


def sealer(environ: dict[str, str]) -> Callable[[bytes], bytes]:
    """How this host seals a backup: age to its public key(s), or else to the passphrase
    in its passphrase file. Refused, before anything is copied, when neither is set."""
    recipients = recipients_from_env(environ)
    if recipients:
        return lambda plain: bytes(pyrage.encrypt(plain, recipients))
    passphrase_file = environ.get(PASSPHRASE_VARIABLE, "")
    if passphrase_file:
        secret = read_passphrase_file(passphrase_file)
        return lambda plain: bytes(age_passphrase.encrypt(plain, secret))
    raise BackupError(
        f"No backup made: set {RECIPIENT_VARIABLE} to an age public key (age1…), or "
        f"{PASSPHRASE_VARIABLE} to a file holding a passphrase. A backup is never "
        "written unencrypted."
    )


# --- Copying the database --------------------------------------------------------------


def sqlite_copy(source: Path, target: Path) -> dict[str, str]:
    """SQLite's online backup: a consistent copy, WAL included, while the server runs.
    Returns the copy's latest migrations."""
    if not source.is_file():
        raise BackupError(f"There is no database at {source} yet: nothing to back up.")
    live = sqlite3.connect(source, timeout=20)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"The database at {source} did not copy cleanly: no backup made.")
        try:
            rows = copy.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.OperationalError:
            raise BackupError(
                f"The database at {source} has no tables yet: run `afterwards migrate`."
            ) from None
    except sqlite3.Error as exc:
        raise BackupError(f"The database at {source} could not be copied: {exc}.") from None
    finally:
        copy.close()
        live.close()
    return latest_migrations(iter(rows))


def postgres_command(program: str) -> tuple[list[str], dict[str, str]]:
    """The program's connection options from DATABASE_URL, the password in its env only."""
    from django.db import connection

    db = connection.settings_dict
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} is not installed here; install PostgreSQL's client.")
    command = [path, "--dbname", str(db["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    env = dict(os.environ)
    env["PGPASSWORD"] = str(db.get("PASSWORD") or "")
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return command, env


def run_postgres(command: list[str], env: dict[str, str], *, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {result.returncode}"
        raise BackupError(f"{what} did not finish: {reason}")


def postgres_copy(target: Path) -> dict[str, str]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        raise BackupError("The database has no tables yet: run `afterwards migrate`.")
    migrations = latest_migrations(iter(recorder.applied_migrations()))
    connection.close()
    command, env = postgres_command("pg_dump")
    command += ["--format=custom", "--no-owner", "--no-acl", "--file", str(target)]
    run_postgres(command, env, what="pg_dump")
    return migrations


# --- The backup ------------------------------------------------------------------------


# A work folder holds plain copies (the database, the data files), so none may outlive
# its run. Its run holds a lock on it (flock, which the kernel lets go of when the
# process dies, SIGKILL included); every run starts by removing the work folders in the
# data folder that are older than itself and that no run holds. Making a work folder and
# locking it happen under a lock on the data folder itself, so none is seen unlocked.


def _lock(path: Path, *, wait: bool) -> int | None:
    """An open descriptor of the folder, locked; None when another process holds it or
    the filesystem cannot lock (then nobody can tell whether a run is under way)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


@contextmanager
def _folder_locked(parent: Path) -> Iterator[None]:
    fd = _lock(parent, wait=True)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def leftovers_remove(parent: Path, started: float) -> list[Path]:
    """Remove the work folders a killed backup or restore left in parent (only folders
    named with WORK_PREFIX, never through a link, only older than this run and held by
    no run); returns those removed."""
    if not parent.is_dir():
        return []
    removed: list[Path] = []
    with _folder_locked(parent):
        for entry in sorted(os.scandir(parent), key=lambda found: found.name):
            if not entry.name.startswith(WORK_PREFIX) or not entry.is_dir(follow_symlinks=False):
                continue
            try:
                if entry.stat(follow_symlinks=False).st_mtime >= started:
                    continue
            except OSError:
                continue  # gone meanwhile
            fd = _lock(Path(entry.path), wait=False)
            if fd is None:
                continue  # a run still under way, or no way to know
            try:
                shutil.rmtree(entry.path, ignore_errors=True)
            finally:
                os.close(fd)
            removed.append(Path(entry.path))
    return removed


@contextmanager
def work_folder(parent: Path) -> Iterator[Path]:
    """A private folder for plain copies, on the data folder's disk, held by this run
    and always removed (or, after a kill, by the next run)."""
    parent.mkdir(parents=True, exist_ok=True)
    with _folder_locked(parent):
        folder = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=parent))
        held = _lock(folder, wait=False)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if held is not None:
            os.close(held)


def default_name(now: datetime) -> str:
    return f"afterwards-{now.strftime('%Y%m%dT%H%M%SZ')}.age"


def bundle(manifest: Manifest, database: Path, folder: Path, files: list[Path]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo(MANIFEST)
        raw = manifest.to_json()
        info.size = len(raw)
        info.mode = 0o600
        tar.addfile(info, io.BytesIO(raw))
        tar.add(database, arcname=DATABASE_MEMBER[manifest.engine], recursive=False)
        for path in files:
            tar.add(path, arcname=DATA_PREFIX + path.relative_to(folder).as_posix())
    return out.getvalue()


def write_private(path: Path, content: bytes) -> None:
    """Written whole under a temporary name, mode 600, then given its name."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(f"{path} already exists: give the backup another name.")
    partial = path.with_name(f".{path.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def backup_create(to: Path | None = None, environ: dict[str, str] | None = None) -> Path:
    """Write an encrypted backup; returns its path. Needs Django set up."""
    started = time.time()
    folder = data_dir()
    leftovers_remove(folder, started)
    seal = sealer(dict(os.environ if environ is None else environ))
    kind = engine()
    now = datetime.now(UTC)
    target = to if to is not None else folder / "backups" / default_name(now)
    with work_folder(folder) as work:
        database = work / DATABASE_MEMBER[kind]
        if kind == "sqlite":
            live = sqlite_path()
            migrations = sqlite_copy(live, database)
            files = data_files(folder, live)
        else:
            migrations = postgres_copy(database)
            files = data_files(folder, None)
        manifest = Manifest(
            engine=kind,
            app_version=app_version(),
            migrations=migrations,
            created_at=now.isoformat(timespec="seconds"),
            files=[DATA_PREFIX + path.relative_to(folder).as_posix() for path in files],
        )
        sealed = seal(bundle(manifest, database, folder, files))
    write_private(target, sealed)
    return target
