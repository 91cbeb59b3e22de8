"""Opens the logged-in person's keys for one request, from the cookie and the session row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from afterwards.vault import session as vault_session
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.services import entry_find

SESSION_FIELD = "_vault"


class VaultRequest(HttpRequest):
    """A request as VaultMiddleware leaves it; a type for annotations only.

    Django builds the request object and the middleware adds these attributes to it:
    `vault` on every request, the cookie ones only when the cookie must change.
    """

    vault: UnlockedKeys | None
    _vault_cookie_key: bytes | None
    _vault_cookie_clear: bool


def vault_session_start(request: VaultRequest, keys: UnlockedKeys) -> None:
    """After login: seal the keys under a fresh cookie key the server never stores."""
    cookie_key = vault_session.new_cookie_key()
    user_id = request.user.pk
    assert user_id is not None  # just logged in
    request.session[SESSION_FIELD] = vault_session.seal_keys(cookie_key, keys, user_id=user_id)
    request.vault = keys
    request._vault_cookie_key = cookie_key


def vault_cookie_key(request: HttpRequest) -> bytes | None:
    fresh: bytes | None = getattr(request, "_vault_cookie_key", None)
    if fresh is not None:
        return fresh
    return vault_session.decode_cookie(request.COOKIES.get(settings.VAULT_COOKIE_NAME, ""))


def _open(request: HttpRequest) -> UnlockedKeys | None:
    cookie_key = vault_cookie_key(request)
    sealed = request.session.get(SESSION_FIELD)
    if cookie_key is None or not sealed:
        return None
    user_id = request.user.pk
    assert user_id is not None  # only called for a logged-in person
    try:
        return vault_session.open_keys(cookie_key, sealed, user_id=user_id)
    except VaultError:
        return None


class VaultMiddleware:
    """Sets request.vault to the person's unlocked keys, or ends a session that has none.

    A logged-in session without its cookie (or a cookie without its session) is useless
    by design, so it is ended rather than half-trusted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: VaultRequest) -> HttpResponse:
        request.vault = None
        if request.user.is_authenticated:
            keys = _open(request)
            if keys is None:
                logout(request)
                request._vault_cookie_clear = True
            else:
                request.vault = keys
                today = timezone.localdate().isoformat()
                if request.session.get("_seen") != today:
                    request.session["_seen"] = today
        elif settings.VAULT_COOKIE_NAME in request.COOKIES:
            # A cookie whose session is gone opens nothing; let the browser forget it.
            request._vault_cookie_clear = True
        response = self.get_response(request)
        self._set_cookie(request, response)
        return response

    @staticmethod
    def _set_cookie(request: HttpRequest, response: HttpResponse) -> None:
        fresh: bytes | None = getattr(request, "_vault_cookie_key", None)
        if getattr(request, "_vault_cookie_clear", False) and fresh is None:
            response.delete_cookie(settings.VAULT_COOKIE_NAME, path="/", samesite="Lax")
        elif fresh is not None:
            response.set_cookie(
                settings.VAULT_COOKIE_NAME,
                vault_session.encode_cookie(fresh),
                max_age=settings.SESSION_COOKIE_AGE,
                path="/",
                secure=settings.VAULT_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )


def vault_session_end(request: VaultRequest) -> None:
    """Log out: the session row goes, and the cookie is told to go."""
    logout(request)
    request._vault_cookie_clear = True
    request._vault_cookie_key = None


# --- One person's entries, read at most once per request ------------------------------

_READ = "_vault_read"


def request_entry(request: HttpRequest, kind: str, index_value: str) -> dict[str, Any] | None:
    """The logged-in person's entry for (kind, index value), read at most once per request.

    None when there is no such entry, and for anyone not logged in, including a page
    refused before authentication ran (a bad Host header), which has no user at all.
    """
    read: dict[tuple[str, str], dict[str, Any] | None] = request.__dict__.setdefault(_READ, {})
    name = (kind, index_value)
    if name not in read:
        user = getattr(request, "user", None)
        keys: UnlockedKeys | None = getattr(request, "vault", None)
        read[name] = (
            entry_find(owner=user, keys=keys, kind=kind, index_value=index_value)
            if user is not None and user.is_authenticated and keys is not None
            else None
        )
    return read[name]


def request_entry_known(
    request: HttpRequest, kind: str, index_value: str, content: dict[str, Any] | None
) -> None:
    """For a page that read this entry along with others in one query (entries_find)."""
    request.__dict__.setdefault(_READ, {})[(kind, index_value)] = content
