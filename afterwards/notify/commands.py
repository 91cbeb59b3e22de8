"""The host's `afterwards worker` and `afterwards vapid` (wired into afterwards/cli.py).

The worker outlives a database that stops answering for a while (restarted, its disk
full for one write, locked past the busy timeout): it closes its connections, waits
1, 2, 4 ... seconds up to a minute, says so in one line naming the kind of error, and
carries on, planning at once what the pause held back. Any other error ends it with a
traceback and a non-zero status, for its supervisor (systemd's `Restart=on-failure`, or
`afterwards serve --with-worker`'s `WorkerWatch`) to start it again.
"""

from __future__ import annotations

import argparse
import logging
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from afterwards.host.datafolder import StartupProblem
from afterwards.notify import vapid

COMMANDS = ("worker", "vapid")
# Waits between tries double from one second up to this, for a database that does not
# answer and for a worker child that keeps stopping.
LONGEST_WAIT = 60.0
# How often `serve --with-worker` looks whether its worker child still runs.
WATCH_EVERY = 1.0

logger = logging.getLogger(__name__)


class VapidKeyUnusable(StartupProblem):
    """The Web Push key cannot be read or is no key."""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = sub.add_parser(
        "worker",
        help="send reminders: run the background worker (several may run at once)",
        description="Runs django-tasks-db's db_worker, and keeps one planning tick a minute "
        "queued. While the database does not answer it waits and tries again (up to a "
        "minute apart). Stop it with Ctrl+C or SIGTERM; it finishes the task in hand first.",
    )
    worker.add_argument("--interval", type=float, default=5.0, help="seconds between polls")
    worker.add_argument(
        "--batch", action="store_true", help="run what is ready now, then stop (for cron)"
    )
    keys = sub.add_parser(
        "vapid",
        help="make the Web Push (VAPID) key pair in the data folder",
        description="Writes vapid_private.pem (mode 0600) and vapid_public.txt. `afterwards "
        "serve` makes them at its first start, so this is needed only to replace them, or "
        "to make the one key several machines share. Refuses to replace existing keys "
        "without --force: browsers subscribed to the old key stop receiving reminders until "
        "they subscribe again.",
    )
    keys.add_argument("--force", action="store_true", help="replace existing keys")


def vapid_keys_at_start() -> None:
    """As `afterwards serve` starts: the Web Push key pair made in the data folder if it
    is not there, so that browser reminders work with no set-up; nothing when the host
    turned Web Push off. A key the host named, or one in the folder, that cannot be used
    stops the start with one line (StartupProblem)."""
    from django.conf import settings

    if not settings.NOTIFY_WEBPUSH:
        return
    path = Path(settings.VAPID_PRIVATE_KEY_PATH)
    try:
        if settings.VAPID_PRIVATE_KEY_FILE:
            vapid.public_key_of(path)  # the host's own: never made or replaced here
        else:
            vapid.keys_ensure(Path(settings.DATA_DIR))
    except vapid.KeyUnusable as why:
        named = (
            "AFTERWARDS_VAPID_PRIVATE_KEY_FILE names " if settings.VAPID_PRIVATE_KEY_FILE else ""
        )
        raise VapidKeyUnusable(
            f"{named}{path} cannot be used as the Web Push key ({why}): give the PEM file of "
            "a P-256 private key, make a new one with `afterwards vapid --force` (browsers "
            "then allow reminders again), or turn browser reminders off with "
            "AFTERWARDS_WEBPUSH=false."
        ) from None


def retry_wait(tries: int, *, longest: float = LONGEST_WAIT) -> float:
    """Seconds to wait after `tries` tries in a row went wrong: 1, 2, 4 ... up to
    `longest`, less up to a tenth at random, so that workers that lost the database
    together do not all come back in the same instant."""
    wait = min(longest, 2.0 ** min(tries, 32))
    return wait * random.uniform(0.9, 1.0)  # noqa: S311  # a pause, not a secret


def database_reconnect() -> None:
    """Close every connection, broken ones included: the next query opens a new one."""
    from django.db import DatabaseError, connections

    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            pass  # it was broken: closed is all we wanted


def worker_run(
    *,
    interval: float,
    batch: bool,
    longest_wait: float = LONGEST_WAIT,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """django-tasks-db's worker, run again after the database stopped answering. A run
    that lasted longer than the longest wait counts as a fresh start for the backoff."""
    from django.core.management import call_command
    from django.db import InterfaceError, OperationalError

    from afterwards.notify import sending
    from afterwards.notify.tasks import ensure_planning, plan_tick

    tries = 0
    back = False
    while True:
        began = time.monotonic()
        try:
            if back:
                # Ticks were missed while the database was away: plan once now, beside
                # the chain's next tick (planning twice sends nothing twice).
                plan_tick.enqueue()
            else:
                ensure_planning()
            call_command("db_worker", interval=interval, batch=batch, reload=False, verbosity=1)
            return
        except (OperationalError, InterfaceError) as error:
            if time.monotonic() - began > longest_wait:
                tries = 0
            wait = retry_wait(tries, longest=longest_wait)
            tries += 1
            back = True
            # The kind alone: a database error's message may quote a row.
            logger.warning(
                "The database did not answer the reminders worker (%s); it asks again in "
                "%.1f seconds.",
                sending.error_kind(error),
                wait,
            )
            database_reconnect()
            sleep(wait)


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


class WorkerWatch:
    """The worker child of `afterwards serve --with-worker`, started again whenever it
    exits, until the server stops.

    A thread of the server's first process (gunicorn's master) looks every second; it
    waits 1, 2, 4 ... seconds up to a minute before each new start, so a worker that
    stops at once is not started in a hot loop. Gunicorn forks its web workers from
    that process, and a fork copies only the thread that forks: no web worker ever
    runs this. (Gunicorn's master may reap the child's exit before we do; `poll()`
    then reads it as 0, and it is started again all the same.)
    """

    def __init__(
        self,
        *,
        start: Callable[[], subprocess.Popen[bytes]] = worker_start,
        longest_wait: float = LONGEST_WAIT,
    ) -> None:
        self._start = start
        self.longest_wait = longest_wait
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # no new child once stop() has begun
        self.child = start()
        self._thread = threading.Thread(target=self._watch, name="worker-watch", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        tries = 0
        began = time.monotonic()
        while not self._stopping.wait(WATCH_EVERY):
            if self.child.poll() is None:
                continue
            if time.monotonic() - began > self.longest_wait:
                tries = 0
            wait = retry_wait(tries, longest=self.longest_wait)
            tries += 1
            logger.warning("The reminders worker stopped; starting it again in %.1f seconds.", wait)
            if self._stopping.wait(wait):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self.child = self._start()
            began = time.monotonic()

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
        self._thread.join(timeout=5)
        worker_stop(self.child)


def run(args: argparse.Namespace, setup: Callable[[], None]) -> None:
    setup()
    if args.command == "worker":
        try:
            worker_run(interval=args.interval, batch=args.batch)
        except Exception:
            # Not the database going away: a fault to see, with its traceback. A
            # non-zero status lets systemd or `serve --with-worker` start it again.
            logger.exception("The reminders worker stopped on an unexpected error.")
            sys.exit(1)
        return
    from django.conf import settings

    try:
        public = vapid.keys_make(Path(settings.DATA_DIR), force=args.force)
    except FileExistsError as exists:
        sys.exit(str(exists))
    print(f"Web Push keys written to {settings.DATA_DIR}. Public key: {public}")
    if settings.VAPID_PRIVATE_KEY_FILE:
        print(
            f"AFTERWARDS_VAPID_PRIVATE_KEY_FILE names {settings.VAPID_PRIVATE_KEY_PATH}: "
            f"the server signs with that key, not this one, until {vapid.PRIVATE_NAME} is "
            "copied there."
        )
    elif not settings.NOTIFY_WEBPUSH:
        print("Browser reminders are off (AFTERWARDS_WEBPUSH=false); unset it to turn them on.")
    else:
        print(
            "Servers and workers running on this data folder use it from now on, with no "
            "restart; a browser subscribed to an old key is allowed again on the Reminders page."
        )
