"""The `afterwards` command: what a host runs.

afterwards serve [--host 127.0.0.1] [--port 8000] [--workers 2]
afterwards migrate
afterwards invite [--days 14]      a one-time sign-up code, for invite-only servers
afterwards manage <django command> …
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afterwards.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afterwards.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["afterwards manage", *argv])


def serve(host: str, port: int, workers: int, migrate: bool) -> None:
    _setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    from gunicorn.app.base import BaseApplication

    from afterwards.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", None)  # no log of who visited what, by design
            self.cfg.set("errorlog", "-")

        def load(self) -> Any:
            return application

    print(f"Afterwards is at http://{host}:{port}/  (Ctrl+C stops it)", flush=True)
    Server().run()


def main(argv: list[str] | None = None) -> None:
    args_list = list(sys.argv[1:] if argv is None else argv)
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
    sub.add_parser("migrate", help="apply database migrations")
    invite_parser = sub.add_parser("invite", help="make a one-time sign-up code")
    invite_parser.add_argument("--days", type=int, default=14)
    sub.add_parser("manage", help="run a Django management command")
    args = parser.parse_args(args_list)

    if args.command == "serve":
        serve(args.host, args.port, args.workers, migrate=not args.no_migrate)
    elif args.command == "migrate":
        _manage(["migrate", "--noinput"])
    elif args.command == "invite":
        _setup()
        from afterwards.accounts.services import registration_invite_create

        print(registration_invite_create(days=args.days))


if __name__ == "__main__":
    main()
