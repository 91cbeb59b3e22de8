"""Every response carries the headers that keep pages private to the person who asked:
no inline script, no framing, no referrer, nothing cached; cookies out of scripts' reach;
and a production configuration that passes Django's own deployment check."""

from __future__ import annotations

import subprocess
import sys
import tempfile

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from tests.security.conftest import REPO, production_env, production_settings, signup

ANONYMOUS_PAGES = [
    "/",
    "/login/",
    "/signup/",
    "/recover/",
    "/help/",
    "/healthz",
    "/journal/",
    "/journal/day/",
    "/account/",
    "/signup/recovery-code/",
    "/no-such-page/",
]


def _logged_in_pages() -> list[str]:
    today = timezone.localdate().isoformat()
    return [
        "/",
        "/login/",
        "/journal/day/",
        f"/journal/day/{today}/",
        "/journal/day/2020-02-29/",
        "/journal/day/?day=not-a-day",
        "/journal/day/9999-01-01/",
        "/journal/day/not-a-day/",
        "/journal/",
        "/journal/?month=2020-01",
        "/account/",
        "/account/passphrase/",
        "/account/delete/",
        "/help/",
    ]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_private_headers(response: HttpResponse, where: str) -> None:
    csp = response.get("Content-Security-Policy")
    assert csp, f"{where}: no Content-Security-Policy"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{where}: {csp}"
    directives = csp_directives(csp)
    assert directives.get("default-src") == ["'none'"], f"{where}: {csp}"
    assert directives.get("script-src") == ["'self'"], f"{where}: {csp}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{where}: {csp}"
    assert directives.get("base-uri") == ["'none'"], f"{where}: {csp}"
    assert directives.get("form-action") == ["'self'"], f"{where}: {csp}"
    assert response.get("Referrer-Policy") == "no-referrer", where
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    cache = [part.strip() for part in response.get("Cache-Control", "").split(",")]
    assert "no-store" in cache, f"{where}: Cache-Control {response.get('Cache-Control')!r}"


def _responses(client: Client, pages: list[str]) -> list[tuple[str, HttpResponse]]:
    return [(f"GET {page}", client.get(page)) for page in pages]


def test_every_anonymous_page_has_the_private_headers(db):
    client = Client()
    seen = _responses(client, ANONYMOUS_PAGES)
    seen.append(("POST /login/", client.post("/login/", {"username": "x", "passphrase": "y"})))
    seen.append(("POST /signup/", client.post("/signup/", {"username": "?"})))
    seen.append(("POST /recover/", client.post("/recover/", {"recovery_code": "?"})))
    seen.append(("POST /logout/", client.post("/logout/")))
    seen.append(("PUT /login/", client.put("/login/")))
    statuses = {status for status in (response.status_code for _, response in seen)}
    assert {200, 302, 404, 405} <= statuses
    for where, response in seen:
        assert_private_headers(response, where)


def test_every_logged_in_page_has_the_private_headers(owner):
    today = timezone.localdate().isoformat()
    seen = _responses(owner.client, _logged_in_pages())
    day = f"/journal/day/{today}/"
    seen.append(("POST day", owner.client.post(day, {"mood": "3", "note": "fine"})))
    seen.append(("POST day, invalid", owner.client.post(day, {"mood": "99"})))
    seen.append(("POST passphrase", owner.client.post("/account/passphrase/", {})))
    seen.append(("POST delete", owner.client.post("/account/delete/", {})))
    for where, response in seen:
        assert response.status_code != 500, where
        assert_private_headers(response, where)
    seen = [("POST logout everywhere", owner.client.post("/account/logout-everywhere/"))]
    for where, response in seen:
        assert_private_headers(response, where)


def test_recovery_code_page_has_the_private_headers(db):
    client = Client()
    signup(client, "heron", "a long enough passphrase for tests")
    response = client.get("/signup/recovery-code/")
    assert response.status_code == 200
    assert_private_headers(response, "recovery code page")


def test_static_files_are_not_sniffed_and_send_no_referrer(db):
    client = Client()
    for path in ["/static/css/site.css", "/static/js/quick-exit.js", "/static/img/daisy.svg"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.get("X-Content-Type-Options") == "nosniff", path
        assert response.get("Referrer-Policy") == "no-referrer", path


def test_session_csrf_and_vault_cookies_are_httponly_and_samesite_lax(db):
    from tests.conftest import PASSPHRASE, make_person

    person = make_person("finch")
    client = Client()
    page = client.get("/login/")
    csrf = page.cookies[django_settings.CSRF_COOKIE_NAME]
    response = client.post("/login/", {"username": "finch", "passphrase": PASSPHRASE})
    assert response.status_code == 302
    cookies = {
        "csrf": csrf,
        "session": response.cookies[django_settings.SESSION_COOKIE_NAME],
        "vault": response.cookies[django_settings.VAULT_COOKIE_NAME],
    }
    for name, morsel in cookies.items():
        assert morsel["httponly"] is True, name
        assert morsel["samesite"] == "Lax", name
        assert morsel["path"] == "/", name
        assert not morsel["domain"], name
    assert int(cookies["vault"]["max-age"]) == django_settings.SESSION_COOKIE_AGE
    assert person.client.get("/account/").status_code == 200


def test_with_https_cookies_are_secure_and_host_prefixed():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    for prefix in ("SESSION", "CSRF"):
        assert values[f"{prefix}_COOKIE_SECURE"] is True
        assert values[f"{prefix}_COOKIE_HTTPONLY"] is True
        assert values[f"{prefix}_COOKIE_NAME"].startswith("__Host-")
        # __Host- cookies are refused by browsers unless Path=/ and no Domain.
        assert values[f"{prefix}_COOKIE_PATH"] == "/"
        assert values[f"{prefix}_COOKIE_DOMAIN"] is None
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["VAULT_COOKIE_SECURE"] is True
    assert values["VAULT_COOKIE_NAME"].startswith("__Host-")


@pytest.fixture
def https_settings(settings):  # type: ignore[no-untyped-def]
    """This process's settings as AFTERWARDS_HTTPS=true would make them."""
    for name, value in production_settings().items():
        if name != "DEBUG":
            setattr(settings, name, value)
    return settings


def test_with_https_every_cookie_set_or_cleared_is_secure(db, https_settings):
    from tests.conftest import PASSPHRASE, create_account

    create_account("lark", PASSPHRASE)
    client = Client()
    # Plain http is sent to https before anything else happens.
    response = client.get("/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")

    # HSTS and the private headers come with every answer over https.
    response = client.get("/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith(
        f"max-age={https_settings.SECURE_HSTS_SECONDS}"
    )
    assert_private_headers(response, "GET /login/ over https")
    assert response.cookies["__Host-csrftoken"]["secure"] is True

    response = client.post("/login/", {"username": "lark", "passphrase": PASSPHRASE}, secure=True)
    assert response.status_code == 302
    for name in ("__Host-session", "__Host-vault"):
        morsel = response.cookies[name]
        assert morsel["secure"] is True, name
        assert morsel["httponly"] is True, name
        assert morsel["samesite"] == "Lax", name
        assert morsel["path"] == "/" and not morsel["domain"], name
    assert client.get("/account/", secure=True).status_code == 200

    response = client.post("/logout/", secure=True)
    assert response.status_code == 302
    for name in ("__Host-session", "__Host-vault"):
        morsel = response.cookies[name]
        assert morsel.value == "" and morsel["max-age"] == 0, name
        assert morsel["secure"] is True, f"{name}: a browser ignores an insecure __Host- delete"
        assert morsel["path"] == "/", name
    assert client.get("/account/", secure=True).status_code == 302


def test_deployment_check_passes_with_https_settings():
    with tempfile.TemporaryDirectory() as data_dir:
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=REPO,
            env=production_env(data_dir),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr
