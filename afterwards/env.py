"""Small typed readers for the environment, failing loudly on bad values: a
SettingError whose message is one line naming the variable (the `afterwards` command
prints just that line).

Every host setting is an environment variable named AFTERWARDS_*; docs/operations.md
lists them all. A secret may also be given as a file through NAME_FILE.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url


class SettingError(ValueError):
    pass


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name) or default
    if value not in choices:
        raise SettingError(f"{name} must be one of {sorted(choices)}, not {value!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """The value of NAME, or the contents of the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise SettingError(
                f"{name}_FILE names {path}, which cannot be read ({exc.strerror or exc}): "
                "point it at a file the user that runs Afterwards can read."
            ) from None
    return os.environ.get(name) or None


DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def env_database(name: str, *, conn_max_age: int) -> dict[str, Any] | None:
    """Django's database settings from a URL in NAME, or None when it is not set. The
    URL is never quoted back: it may hold a password."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    hint = f"{name} must look like postgres://USER:PASSWORD@HOST:5432/NAME"
    try:
        parsed = dict(dj_database_url.parse(raw, conn_max_age=conn_max_age))
    except ValueError:
        raise SettingError(f"{hint}; the one given cannot be read as such.") from None
    if parsed.get("ENGINE") not in DATABASE_ENGINES:
        raise SettingError(f"{hint} (PostgreSQL); the one given names another database.")
    return parsed
