"""The `afterwards` command: what a host runs.

afterwards serve [--host 127.0.0.1] [--port 8000] [--workers 2]
afterwards migrate
afterwards invite [--days 14]      a one-time sign-up code, for invite-only servers
afterwards demo [--port 8000] [--no-serve]
                                   a demo with made-up people, in its own data folder
afterwards manage <django command> …
afterwards backup [--to FILE]     an encrypted backup (docs/operations.md)
afterwards restore FILE [--identity FILE | --passphrase-file FILE] [--force]
afterwards worker [--interval 5] [--batch]   sends reminders (docs/operations.md)
afterwards vapid [--force]        the Web Push key pair, in the data folder
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from afterwards.host import commands as host_commands
from afterwards.host import datafolder, startup
from afterwards.host.staticfiles import static_collect
from afterwards.notify import commands as notify_commands

DEMO_DIR = "demo-data"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afterwards.settings")
    import django

    django.setup()


def _hold_running(kind: str) -> None:
    """This process (and what it forks) marked as running on the data folder, which
    `afterwards restore` refuses to replace meanwhile."""
    from django.conf import settings

    datafolder.running_hold(Path(settings.DATA_DIR), kind)


def _setup_worker() -> None:
    _setup()
    _hold_running("worker")


def _manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afterwards.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["afterwards manage", *argv])


def serve(host: str, port: int, workers: int, migrate: bool, with_worker: bool = False) -> None:
    _setup()
    _hold_running("serve")
    # Browser reminders with no set-up: the Web Push keys, made at the first start.
    notify_commands.vapid_keys_at_start()
    static_collect()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    # One line now rather than a server that turns away every save; and no connection
    # left open for gunicorn's forked workers to share.
    startup.database_check()
    if with_worker:
        # The reminders worker as a child process, started again if it stops, stopped
        # when the server stops.
        watch = notify_commands.WorkerWatch()
        parent = os.getpid()
        try:
            _serve_now(host, port, workers)
        finally:
            # Gunicorn's forked web workers leave through here too: only the parent stops it.
            if os.getpid() == parent:
                watch.stop()
        return
    _serve_now(host, port, workers)


def _serve_now(host: str, port: int, workers: int) -> None:
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    from afterwards.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", settings.WEB_THREADS)
            self.cfg.set("accesslog", None)  # no log of who visited what, by design
            self.cfg.set("errorlog", "-")

        def load(self) -> Any:
            return application

    print(f"Afterwards is at http://{host}:{port}/  (Ctrl+C stops it)", flush=True)
    Server().run()


class DemoRefused(Exception):
    pass


def demo_data_dir(environ: Mapping[str, str]) -> Path:
    """The demo's own data folder, refused if it is the real one."""
    demo = Path(environ.get("AFTERWARDS_DEMO_DIR") or DEMO_DIR).resolve()
    real = Path(environ.get("AFTERWARDS_DATA_DIR") or "data").resolve()
    if demo == real or (demo.exists() and real.exists() and demo.samefile(real)):
        raise DemoRefused(
            f"The demo would use the real data folder ({real}). "
            "Give it a folder of its own with AFTERWARDS_DEMO_DIR."
        )
    return demo


def demo(host: str, port: int, workers: int, *, then_serve: bool) -> None:
    """Make the demo's people and days once, in a folder of their own, then serve them."""
    folder = demo_data_dir(os.environ)
    os.environ["AFTERWARDS_DATA_DIR"] = str(folder)
    os.environ["AFTERWARDS_DEMO"] = "true"
    # Never a host's real database, whatever DATABASE_URL says: SQLite in the folder; and
    # never the host's secret key: the demo makes its own in its folder.
    for name in ("DATABASE_URL", "AFTERWARDS_SECRET_KEY", "AFTERWARDS_SECRET_KEY_FILE"):
        os.environ.pop(name, None)
    _setup()
    from django.core.management import call_command
    from django.utils import timezone

    from afterwards.demo.services import demo_seed
    from afterwards.demo.story import PEOPLE

    call_command("migrate", interactive=False, verbosity=0)
    made = demo_seed(today=timezone.localdate())
    print(
        f"Demo data in {folder}: " + (f"made {', '.join(made)}." if made else "already there."),
        flush=True,
    )
    for person in PEOPLE:
        print(f"  log in as {person.username!r} with {person.passphrase!r}", flush=True)
    if then_serve:
        serve(host, port, workers, migrate=False)


def main(argv: list[str] | None = None) -> None:
    # Before anything is made in the data folder: what the app makes there is its user's.
    os.umask(datafolder.PRIVATE_UMASK)
    try:
        _command(list(sys.argv[1:] if argv is None else argv))
    except Exception as error:
        line = startup.startup_line(error)
        if line is None:
            raise  # not a setting to mend: a fault, with its traceback
        sys.exit(f"afterwards: {line}")


def _command(args_list: list[str]) -> None:
    if args_list[:1] == ["manage"]:
        _manage(args_list[1:])
        return
    parser = argparse.ArgumentParser(
        prog="afterwards", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve_parser = sub.add_parser("serve", help="serve the app")
    serve_parser.add_argument("--host", default=os.environ.get("AFTERWARDS_HOST", "127.0.0.1"))
    serve_parser.add_argument(
        "--port", type=int, default=int(os.environ.get("AFTERWARDS_PORT", "8000"))
    )
    serve_parser.add_argument("--workers", type=int, default=2)
    serve_parser.add_argument(
        "--no-migrate", action="store_true", help="don't apply migrations first"
    )
    serve_parser.add_argument(
        "--with-worker", action="store_true", help="also run the reminders worker (one command)"
    )
    sub.add_parser("migrate", help="apply database migrations")
    invite_parser = sub.add_parser("invite", help="make a one-time sign-up code")
    invite_parser.add_argument("--days", type=int, default=14)
    demo_parser = sub.add_parser(
        "demo", help="serve a demo with made-up people, from AFTERWARDS_DEMO_DIR (./demo-data)"
    )
    # This machine only, whatever AFTERWARDS_HOST says: its login page shows passphrases.
    demo_parser.add_argument("--host", default="127.0.0.1")
    demo_parser.add_argument(
        "--port", type=int, default=int(os.environ.get("AFTERWARDS_PORT", "8000"))
    )
    demo_parser.add_argument("--workers", type=int, default=2)
    demo_parser.add_argument(
        "--no-serve", action="store_true", help="make the demo's data, then stop"
    )
    sub.add_parser("manage", help="run a Django management command")
    host_commands.add_parsers(sub)
    notify_commands.add_parsers(sub)
    args = parser.parse_args(args_list)

    if args.command == "serve":
        serve(
            args.host,
            args.port,
            args.workers,
            migrate=not args.no_migrate,
            with_worker=args.with_worker,
        )
    elif args.command == "migrate":
        _manage(["migrate", "--noinput"])
    elif args.command == "invite":
        _setup()
        from afterwards.accounts.services import registration_invite_create

        print(registration_invite_create(days=args.days))
    elif args.command in notify_commands.COMMANDS:
        notify_commands.run(args, _setup_worker if args.command == "worker" else _setup)
    elif args.command in host_commands.COMMANDS:
        host_commands.run(args, _setup)
    elif args.command == "demo":
        try:
            demo(args.host, args.port, args.workers, then_serve=not args.no_serve)
        except DemoRefused as refused:
            sys.exit(str(refused))


if __name__ == "__main__":
    main()
