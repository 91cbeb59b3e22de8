"""The host's `afterwards backup` and `afterwards restore` (wired into afterwards/cli.py).

Every refusal is one calm line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db import DatabaseError

from afterwards.env import SettingError
from afterwards.host.backup import PASSPHRASE_VARIABLE, BackupError
from afterwards.host.datafolder import StartupProblem

COMMANDS = ("backup", "restore")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser(
        "backup",
        help="write an encrypted backup of the database and data folder",
        description="Sealed with age to AFTERWARDS_BACKUP_RECIPIENT (age1…), or else to the "
        f"passphrase in {PASSPHRASE_VARIABLE}. Safe while the server runs.",
    )
    backup.add_argument("--to", metavar="FILE", help="where to write it (default: data/backups/)")
    restore = sub.add_parser(
        "restore",
        help="bring back a backup (stop every serve and worker first)",
        description="Refuses a backup of another engine or a newer schema, and a database "
        "that already holds accounts unless --force. Runs migrate afterwards.",
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--identity", metavar="FILE", help="the age identity that opens it")
    restore.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"the file holding its passphrase (default: {PASSPHRASE_VARIABLE})",
    )
    restore.add_argument(
        "--force", action="store_true", help="replace a database that already holds accounts"
    )


def _backup(args: argparse.Namespace) -> None:
    from afterwards.host.backup import backup_create

    made = backup_create(Path(args.to) if args.to else None)
    print(f"Backup written to {made} (encrypted with age).")


def _restore(args: argparse.Namespace) -> None:
    from django.db import connection

    from afterwards.host.restore import backup_restore

    if connection.vendor == "sqlite":
        print("Restoring over SQLite: no `afterwards serve` or worker may run meanwhile.")
    manifest = backup_restore(
        Path(args.file),
        identity_file=args.identity,
        passphrase_file=args.passphrase_file or os.environ.get(PASSPHRASE_VARIABLE) or None,
        force=args.force,
    )
    print(
        f"Restored the backup made {manifest.created_at} by Afterwards {manifest.app_version}; "
        "migrations are applied. Start the server again."
    )


def run(args: argparse.Namespace, setup: Callable[[], None]) -> None:
    """Run `backup` or `restore`; any refusal exits with its one line."""
    try:
        setup()
        (_backup if args.command == "backup" else _restore)(args)
    except (BackupError, SettingError, StartupProblem) as refused:
        sys.exit(f"afterwards {args.command}: {refused}")
    except (DatabaseError, CommandError, ImproperlyConfigured) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        sys.exit(f"afterwards {args.command}: the database or a setting refused: {first}")
    except OSError as exc:
        sys.exit(f"afterwards {args.command}: {exc.strerror or exc} ({exc.filename or ''}).")
    except KeyboardInterrupt:
        sys.exit(f"afterwards {args.command}: stopped; nothing was left half-written.")
