"""`afterwards restore FILE`: open a backup made by `afterwards backup` and bring it back.

The backup is opened with the host's age identity (--identity FILE) or the passphrase in
a file (--passphrase-file FILE, or AFTERWARDS_BACKUP_PASSPHRASE_FILE). Its manifest is
checked first: the same engine as this server, no newer schema than this code, and a
database here that holds nobody yet (unless --force). No server or worker may run on the
data folder meanwhile: each holds a lock there, which restore tests and then holds itself
(afterwards/host/datafolder.py). Then SQLite's file is replaced whole, atomically;
PostgreSQL is restored in one transaction (every table here dropped, then the dump).
The data folder's files (the secret key among them) are written whole into the work
folder first; they are renamed into place only right after the database is committed,
so a file that cannot be written leaves the old database and the old files as they
were. Then `migrate` brings an older backup up to this code.
"""

from __future__ import annotations

import io
import os
import sqlite3
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyrage  # type: ignore[import-untyped]  # no hints shipped
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from afterwards.host import agefile
from afterwards.host.backup import (
    DATA_PREFIX,
    DATABASE_MEMBER,
    FORMAT,
    MANIFEST,
    PASSPHRASE_VARIABLE,
    BackupError,
    Manifest,
    data_dir,
    engine,
    leftovers_remove,
    postgres_command,
    read_passphrase_file,
    run_postgres,
    sqlite_path,
    work_folder,
)
from afterwards.host.datafolder import StillRunning, running_none

AGE_HEADER = b"age-encryption.org/v1\n"
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DAMAGED = (
    "This backup is damaged or truncated: nothing was changed. Restore another copy of "
    "it, or an earlier backup."
)


@dataclass(frozen=True)
class Opened:
    manifest: Manifest
    database: bytes
    files: dict[str, bytes]  # path under the data folder -> content


# --- Opening ---------------------------------------------------------------------------


def sealed_by_passphrase(sealed: bytes) -> bool:
    if not sealed.startswith(AGE_HEADER):
        raise BackupError("This file is not an age file, so not a backup from `afterwards backup`.")
    header = sealed.split(b"\n---", 1)[0]
    return b"\n-> scrypt " in header


def identities_read(path: str) -> list[x25519.Identity]:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as exc:
        raise BackupError(f"The identity file {path} could not be read ({exc.strerror}).") from None
    identities = []
    for line in lines:
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                identities.append(x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                raise BackupError(f"{path} holds a line that is not an age identity.") from None
    if not identities:
        raise BackupError(f"{path} holds no age identity (AGE-SECRET-KEY-…).")
    return identities


def unseal(sealed: bytes, *, identity_file: str | None, passphrase_file: str | None) -> bytes:
    if sealed_by_passphrase(sealed):
        if not passphrase_file:
            raise BackupError(
                "This backup is sealed with a passphrase: give its file with "
                f"--passphrase-file FILE or {PASSPHRASE_VARIABLE}."
            )
        secret = read_passphrase_file(passphrase_file)
        try:
            return bytes(age_passphrase.decrypt(sealed, secret))
        except pyrage.DecryptError:
            found = agefile.stanzas(sealed)
            if found is None or agefile.opens_with_passphrase(found, secret):
                raise BackupError(DAMAGED) from None
            raise BackupError("That passphrase does not open this backup.") from None
    if not identity_file:
        raise BackupError(
            "This backup is sealed to an age key: give the identity that opens it with "
            "--identity FILE."
        )
    identities = identities_read(identity_file)
    try:
        return bytes(pyrage.decrypt(sealed, identities))
    except pyrage.DecryptError:
        found = agefile.stanzas(sealed)
        if found is None or agefile.opens_with_identities(found, [str(i) for i in identities]):
            raise BackupError(DAMAGED) from None
        raise BackupError("That identity does not open this backup.") from None


def safe_data_name(name: str) -> str:
    relative = PurePosixPath(name[len(DATA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"The backup holds a file outside the data folder ({name}).")
    return relative.as_posix()


def unpack(plain: bytes) -> Opened:
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tar:
            for member in tar.getmembers():
                if not member.isfile():
                    continue
                extracted = tar.extractfile(member)
                if extracted is not None:
                    members[member.name] = extracted.read()
    except tarfile.TarError:
        raise BackupError("The backup opened but its contents are unreadable.") from None
    if MANIFEST not in members:
        raise BackupError("The backup has no manifest: it is not from `afterwards backup`.")
    manifest = Manifest.from_json(members[MANIFEST])
    if manifest.format > FORMAT:
        raise BackupError(
            f"This backup has format {manifest.format}, newer than this Afterwards knows "
            f"({FORMAT}): install the version that made it ({manifest.app_version}) or newer."
        )
    database = members.get(DATABASE_MEMBER.get(manifest.engine, ""))
    if database is None:
        raise BackupError("The backup holds no database.")
    files = {
        safe_data_name(name): content
        for name, content in members.items()
        if name.startswith(DATA_PREFIX)
    }
    return Opened(manifest=manifest, database=database, files=files)


def backup_open(path: Path, *, identity_file: str | None, passphrase_file: str | None) -> Opened:
    try:
        sealed = path.read_bytes()
    except OSError as exc:
        raise BackupError(f"{path} could not be read ({exc.strerror}).") from None
    return unpack(unseal(sealed, identity_file=identity_file, passphrase_file=passphrase_file))


# --- Checks against this server --------------------------------------------------------


def unknown_migrations(migrations: dict[str, str]) -> list[str]:
    """The backup's migrations this code does not have: it came from a newer schema."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(f"{app}.{name}" for app, name in migrations.items() if (app, name) not in known)


def database_holds_people() -> bool:
    from django.db import connection

    from afterwards.accounts.models import User
    from afterwards.vault.models import Entry

    try:
        tables = set(connection.introspection.table_names())
        return any(
            model._meta.db_table in tables and model.objects.exists() for model in (User, Entry)
        )
    finally:
        if not connection.in_atomic_block:
            connection.close()  # SQLite's file free for the check that no one holds it


def manifest_check(manifest: Manifest, *, force: bool) -> None:
    here = engine()
    if manifest.engine != here:
        raise BackupError(
            f"This backup is of a {NAMES.get(manifest.engine, manifest.engine)} database and "
            f"this server uses {NAMES[here]}: restore it on a server like the one that made it."
        )
    newer = unknown_migrations(manifest.migrations)
    if newer:
        raise BackupError(
            f"This backup comes from a newer Afterwards ({manifest.app_version}; it has "
            f"{', '.join(newer[:3])}): install that version or newer here, then restore."
        )
    if not force and database_holds_people():
        raise BackupError(
            "The database here already holds accounts: nothing was changed. Restore into an "
            "empty database, or add --force to replace everything in it."
        )


# --- Bringing it back ------------------------------------------------------------------


def write_synced(path: Path, content: bytes) -> None:
    """A new file, mode 600, written whole and synced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


def folder_sync(folder: Path) -> None:
    """A rename into the folder made durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, content: bytes) -> None:
    """Written whole under a temporary name beside it, mode 600, synced, then renamed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.restoring")
    partial.unlink(missing_ok=True)
    try:
        write_synced(partial, content)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    folder_sync(path.parent)


def sqlite_in_use(live: Path) -> bool:
    """Whether a server or worker has the database open. The last connection to close
    folds the WAL into the file and removes it, so a -wal file still there after we
    opened and closed it is held by someone else; an open write is a lock."""
    if not live.exists():
        return False
    try:
        probe = sqlite3.connect(live, timeout=0.5)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        finally:
            probe.close()
    except sqlite3.OperationalError:
        return True
    return Path(f"{live}-wal").exists()


def sqlite_restore(opened: Opened, work: Path) -> None:
    """The backup's database checked in the work folder, then renamed over the live one
    (written beside it first when the live one is on another disk)."""
    copy = work / DATABASE_MEMBER["sqlite"]
    write_synced(copy, opened.database)
    try:
        check = sqlite3.connect(copy)
        try:
            whole = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            check.close()
    except sqlite3.DatabaseError:
        whole = False
    if not whole:
        raise BackupError("The database in this backup is damaged: nothing was changed.")
    live = sqlite_path()
    if sqlite_in_use(live):
        raise BackupError(
            f"{live} is in use: stop every `afterwards serve` and worker first (a SQLite "
            "restore replaces the file), then run the restore again."
        )
    Path(f"{live}-shm").unlink(missing_ok=True)
    live.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if live.parent.stat().st_dev == work.stat().st_dev:
        os.replace(copy, live)
        folder_sync(live.parent)
    else:
        write_atomic(live, opened.database)


def postgres_restore(opened: Opened, work: Path) -> None:
    """Every table here dropped and the dump loaded, in one transaction: all or nothing."""
    from django.db import connection

    dump = work / DATABASE_MEMBER["postgresql"]
    dump.write_bytes(opened.database)
    script = work / "restore.sql"
    command, env = postgres_command("pg_restore")
    # Without --dbname, pg_restore writes the SQL it would run; psql runs it below.
    del command[1:3]
    command += ["--clean", "--if-exists", "--no-owner", "--no-acl", "--file", str(script)]
    run_postgres([*command, str(dump)], env, what="pg_restore")
    quote = connection.ops.quote_name
    try:
        with connection.cursor() as cursor:
            listed = connection.introspection.get_table_list(cursor)
        tables = [table.name for table in listed if table.type == "t"]  # not views
    finally:
        connection.close()
    drop = work / "drop.sql"
    drop.write_text("".join(f"DROP TABLE IF EXISTS {quote(t)} CASCADE;\n" for t in tables))
    psql, env = postgres_command("psql")
    psql += ["--quiet", "--no-psqlrc", "--single-transaction", "--set", "ON_ERROR_STOP=1"]
    psql += ["--file", str(drop), "--file", str(script)]
    run_postgres(psql, env, what="Loading the dump")


@dataclass(frozen=True)
class Staged:
    """One of the backup's data files, written whole in the work folder, not yet in place."""

    name: str  # its path under the data folder
    temporary: Path
    target: Path


def in_the_way(target: Path, folder: Path, device: int) -> str | None:
    """Why a file renamed from the work folder could not become target, or None."""
    nearest = folder
    for part in target.relative_to(folder).parts[:-1]:
        step = nearest / part
        if not os.path.lexists(step):
            break
        if not step.is_dir():
            return f"{step.relative_to(folder).as_posix()} is not a folder"
        nearest = step
    else:
        if target.is_dir() and not target.is_symlink():
            return "a folder has its name"
    if not os.access(nearest, os.W_OK | os.X_OK):
        return f"{nearest} cannot be written to"
    if nearest.stat().st_dev != device:
        return f"{nearest} is on another disk than the data folder"
    return None


def files_stage(files: dict[str, bytes], work: Path) -> list[Staged]:
    """Every data file written whole in the work folder, and checked to have a place:
    before the database step, so a file that cannot be written changes nothing."""
    folder = data_dir()
    staging = work / "data"
    staging.mkdir(mode=0o700)
    device = staging.stat().st_dev
    staged = []
    for number, (name, content) in enumerate(sorted(files.items())):
        target = folder / name
        reason = in_the_way(target, folder, device)
        if reason is None:
            temporary = staging / str(number)
            try:
                write_synced(temporary, content)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
        if reason is not None:
            raise BackupError(
                f"The backup's {name} cannot be put back here ({reason}): nothing was changed."
            )
        staged.append(Staged(name=name, temporary=temporary, target=target))
    return staged


def files_put_in_place(staged: list[Staged]) -> None:
    """Right after the database commit: each file renamed into place (near-atomic)."""
    folders: set[Path] = set()
    for item in staged:
        try:
            item.target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.replace(item.temporary, item.target)
        except OSError as exc:
            raise BackupError(
                f"The database is restored, but the backup's {item.name} could not be put in "
                f"place ({exc.strerror}): make room for it, then run the same restore again "
                "with --force."
            ) from None
        folders.add(item.target.parent)
    for folder in sorted(folders):
        folder_sync(folder)


def backup_restore(
    path: Path,
    *,
    identity_file: str | None = None,
    passphrase_file: str | None = None,
    force: bool = False,
) -> Manifest:
    """Restore a backup into this server's database and data folder; returns its manifest.
    Needs Django set up. Nothing is changed unless every check passes and every data file
    is written in the work folder; those files are renamed into place right after the
    database commit, and the work folder (with anything left in it) is removed."""
    try:
        with running_none(data_dir()):
            return _restore_now(path, identity_file, passphrase_file, force=force)
    except StillRunning as running:
        names = " and ".join(f"`afterwards {kind}`" for kind in running.kinds)
        raise BackupError(
            f"{names} {'runs' if len(running.kinds) == 1 else 'run'} on {data_dir()}: "
            "nothing was changed. Stop every one of them, then restore again."
        ) from None


def _restore_now(
    path: Path, identity_file: str | None, passphrase_file: str | None, *, force: bool
) -> Manifest:
    """The restore itself, while no server or worker of this machine runs (and none
    can start) on the data folder."""
    from django.core.management import call_command

    leftovers_remove(data_dir(), time.time())
    opened = backup_open(path, identity_file=identity_file, passphrase_file=passphrase_file)
    manifest_check(opened.manifest, force=force)
    with work_folder(data_dir()) as work:
        staged = files_stage(opened.files, work)
        if opened.manifest.engine == "sqlite":
            sqlite_restore(opened, work)
        else:
            postgres_restore(opened, work)
        files_put_in_place(staged)
    call_command("migrate", interactive=False, verbosity=0)
    return opened.manifest
