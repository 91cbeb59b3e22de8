"""The settings `afterwards serve` runs with under the load bench: the host's own, plus
the bench's bare page (bench/floor_urls.py) beside the app's URLs, and, on PostgreSQL,
the connection handling a run compares.

AFTERWARDS_LOAD_CONN: "persistent" keeps the app's own choice (CONN_MAX_AGE and health
checks as afterwards/settings.py sets them); "per-request" opens and closes a connection
for every request (CONN_MAX_AGE 0). Unset leaves the app's settings as they are.
"""

from __future__ import annotations

import os

from afterwards.settings import *  # noqa: F403
from afterwards.settings import DATABASES

ROOT_URLCONF = "bench.floor_urls"

_conn = os.environ.get("AFTERWARDS_LOAD_CONN", "")
if _conn == "per-request":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
elif _conn not in ("", "persistent"):
    raise ValueError(f"AFTERWARDS_LOAD_CONN must be persistent or per-request, not {_conn!r}")
