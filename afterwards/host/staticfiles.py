"""The site's static files, collected into the data folder before it serves.

WhiteNoise serves only what was collected: every file under a name carrying a hash of
its content (site.3f2a….css), with gzip and Brotli copies beside it, so a browser may
keep it for a year and a changed file is a new name (settings.STORAGES). Collecting at
every start keeps the files those of the installed version after an upgrade; it copies
only what changed since the last start.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

from afterwards.host.datafolder import RUNNING


class Storage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # untyped
    """WhiteNoise's storage (hashed names, compressed copies), which names a file by its
    plain name when it was never collected (a one-off command, or a page before the
    first `afterwards serve`), where Django's would fail the page: WhiteNoise serves
    plain names too, from the app's folders, briefly cached."""

    def stored_name(self, name: str) -> str:
        try:
            return str(super().stored_name(name))
        except ValueError:
            return name


def static_collect() -> None:
    """Collect the static files, one process at a time: two servers starting together on
    one data folder would otherwise write the same files at once. The lock lies with the
    running processes' own (never in a backup)."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    locks = Path(settings.DATA_DIR) / RUNNING
    locks.mkdir(mode=0o700, exist_ok=True)
    with open(locks / "static-collect.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("collectstatic", interactive=False, verbosity=0)
