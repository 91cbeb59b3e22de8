"""The host's `afterwards worker` and `afterwards vapid` (wired into afterwards/cli.py)."""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

COMMANDS = ("worker", "vapid")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = sub.add_parser(
        "worker",
        help="send reminders: run the background worker (several may run at once)",
        description="Runs django-tasks-db's db_worker, and keeps one planning tick a minute "
        "queued. Stop it with Ctrl+C or SIGTERM; it finishes the task in hand first.",
    )
    worker.add_argument("--interval", type=float, default=5.0, help="seconds between polls")
    worker.add_argument(
        "--batch", action="store_true", help="run what is ready now, then stop (for cron)"
    )
    vapid = sub.add_parser(
        "vapid",
        help="make the Web Push (VAPID) key pair in the data folder",
        description="Writes vapid_private.pem (mode 0600) and vapid_public.txt. Refuses to "
        "replace existing keys without --force: browsers subscribed to the old key stop "
        "receiving reminders until they subscribe again.",
    )
    vapid.add_argument("--force", action="store_true", help="replace existing keys")


def vapid_keys_create(folder: Path, *, force: bool = False) -> str:
    """Make the key pair; the public key (base64url, uncompressed point) is returned."""
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid  # type: ignore[import-untyped]

    private_path = folder / "vapid_private.pem"
    public_path = folder / "vapid_public.txt"
    if private_path.exists() and not force:
        raise FileExistsError(f"{private_path} exists; give --force to replace it")
    vapid = Vapid()
    vapid.generate_keys()
    pem = vapid.private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    private_path.unlink(missing_ok=True)
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    raw = vapid.public_key.public_bytes(
        encoding=serialization.Encoding.X962,
        format=serialization.PublicFormat.UncompressedPoint,
    )
    public = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    public_path.write_text(public + "\n")
    return public


def worker_run(*, interval: float, batch: bool) -> None:
    from django.core.management import call_command

    from afterwards.notify.tasks import ensure_planning

    ensure_planning()
    call_command("db_worker", interval=interval, batch=batch, reload=False, verbosity=1)


def worker_start() -> subprocess.Popen[bytes]:
    """`afterwards worker` as a child process, for `afterwards serve --with-worker`."""
    return subprocess.Popen([sys.executable, "-m", "afterwards.cli", "worker"])


def worker_stop(child: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the worker finish the task in hand; a stuck one is killed after 30s."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def run(args: argparse.Namespace, setup: Callable[[], None]) -> None:
    setup()
    if args.command == "worker":
        worker_run(interval=args.interval, batch=args.batch)
        return
    from django.conf import settings

    try:
        public = vapid_keys_create(settings.DATA_DIR, force=args.force)
    except FileExistsError as exists:
        sys.exit(str(exists))
    print(f"Web Push keys written to {settings.DATA_DIR}. Public key: {public}")
    print(
        "Set AFTERWARDS_WEBPUSH=true to turn browser reminders on, then restart every "
        "`afterwards serve` and worker: the keys are read when a process starts."
    )
