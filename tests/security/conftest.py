"""Helpers shared by the security proofs: signing up through the real pages, and the
settings a host gets with AFTERWARDS_HTTPS=true (read from a fresh interpreter, since
settings.py derives them at import time)."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from django.test import Client

REPO = Path(__file__).resolve().parents[2]
RECOVERY_CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){6}\b")


def signup(client: Client, username: str, passphrase: str) -> str:
    """Sign up through the form; return the recovery code the page shows (not yet confirmed)."""
    response = client.post(
        "/signup/",
        {
            "username": username,
            "email": "",
            "new_passphrase": passphrase,
            "new_passphrase_again": passphrase,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get("/signup/recovery-code/").content.decode()
    found = RECOVERY_CODE.search(page)
    assert found, "the recovery code page shows no code"
    return found.group(0)


def confirm_code_kept(client: Client) -> None:
    response = client.post("/signup/recovery-code/", {"kept": "on"})
    assert response.status_code == 302


def production_env(data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        AFTERWARDS_HTTPS="true",
        AFTERWARDS_SECRET_KEY=secrets.token_urlsafe(64),
        AFTERWARDS_DEBUG="false",
        AFTERWARDS_ALLOWED_HOSTS="example.org",
        AFTERWARDS_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="afterwards.settings",
    )
    return env


_PRINT_SETTINGS = """
import json
from django.conf import settings
names = [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_PATH", "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_NAME", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN", "VAULT_COOKIE_NAME", "VAULT_COOKIE_SECURE", "DEBUG",
]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


@cache
def production_settings() -> dict[str, Any]:
    """The cookie and transport settings that settings.py derives from AFTERWARDS_HTTPS=true."""
    with tempfile.TemporaryDirectory() as data_dir:
        result = subprocess.run(
            [sys.executable, "-c", _PRINT_SETTINGS],
            cwd=REPO,
            env=production_env(data_dir),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values
