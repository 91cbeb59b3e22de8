"""What a host meets when Afterwards cannot start, said in one line.

A data folder this user cannot write, a database file that is read-only, a DATABASE_URL
that is malformed or where nothing answers, a setting with a bad value, a questionnaire
file that cannot be trusted (a host's, in AFTERWARDS_INSTRUMENTS_DIR): each is one
line on stderr naming the folder, file or variable and what to do, and a non-zero exit
status (`afterwards` in afterwards/cli.py). Anything else keeps its traceback: it is a
fault to see, not a setting to mend.
"""

from __future__ import annotations

import os
from pathlib import Path

from afterwards.env import SettingError
from afterwards.host.datafolder import StartupProblem
from afterwards.wellbeing.instrument import InstrumentError

OWNER = "the user that runs Afterwards"


class DatabaseUnusable(StartupProblem):
    """The database is there but cannot be written."""


def database_check() -> None:
    """Before serving: the database answers and, on SQLite, can be written (a read-only
    file opens and reads, then turns away every save). Every connection is closed
    afterwards, so no forked web worker inherits one."""
    from django.db import connection, connections

    try:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            live = Path(str(connection.settings_dict["NAME"]))
            for path in (live, Path(f"{live}-wal"), Path(f"{live}-shm")):
                if path.exists() and not os.access(path, os.R_OK | os.W_OK):
                    raise DatabaseUnusable(_read_only(path))
    finally:
        connections.close_all()


def _read_only(path: Path) -> str:
    return (
        f"The database file {path} is read-only for this user: make it belong to {OWNER} "
        "and writable by them (chmod 600), then start again."
    )


def startup_line(error: BaseException) -> str | None:
    """The one line for a failure a host can mend, or None for anything else."""
    if isinstance(error, (StartupProblem, SettingError, InstrumentError)):
        return str(error).strip().replace("\n", " ")
    from django.db import OperationalError

    if isinstance(error, OperationalError):
        return _database_line(error)
    if isinstance(error, OSError) and error.filename:
        folder = Path(os.environ.get("AFTERWARDS_DATA_DIR") or "data").resolve()
        path = Path(os.fsdecode(error.filename)).resolve()
        if path == folder or folder in path.parents:
            return (
                f"{path} in the data folder cannot be used ({error.strerror or error}): make "
                f"the data folder and everything in it belong to {OWNER}."
            )
    return None


def _database_line(error: Exception) -> str | None:
    from django.db import connection

    settings = connection.settings_dict
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if connection.vendor == "sqlite":
        live = Path(str(settings["NAME"]))
        if "readonly" in first:
            return _read_only(live)
        if "unable to open" in first:
            return f"The database {live} cannot be opened: its folder must be writable by {OWNER}."
        return None
    if connection.connection is not None:
        return None  # it connected: a fault in a query, not in the setting
    where = f"{settings.get('HOST') or 'localhost'}:{settings.get('PORT') or 5432}"
    reason = first.removeprefix("connection failed: ")
    return (
        f"The database at DATABASE_URL ({where}/{settings.get('NAME')}) could not be reached "
        f"({reason}): check that PostgreSQL runs there and that DATABASE_URL names the "
        "right host, port, user and password."
    )
