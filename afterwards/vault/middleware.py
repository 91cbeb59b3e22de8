"""Opens the logged-in person's keys for one request, from the cookie and the session row."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from afterwards.vault import session as vault_session
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys

SESSION_FIELD = "_vault"


def vault_session_start(request: HttpRequest, keys: UnlockedKeys) -> None:
    """After login: seal the keys under a fresh cookie key the server never stores."""
    cookie_key = vault_session.new_cookie_key()
    request.session[SESSION_FIELD] = vault_session.seal_keys(
        cookie_key, keys, user_id=request.user.pk
    )
    request.vault = keys  # type: ignore[attr-defined]
    request._vault_cookie_key = cookie_key  # type: ignore[attr-defined]


def vault_cookie_key(request: HttpRequest) -> bytes | None:
    fresh = getattr(request, "_vault_cookie_key", None)
    if fresh is not None:
        return fresh
    return vault_session.decode_cookie(request.COOKIES.get(settings.VAULT_COOKIE_NAME, ""))


def _open(request: HttpRequest) -> UnlockedKeys | None:
    cookie_key = vault_cookie_key(request)
    sealed = request.session.get(SESSION_FIELD)
    if cookie_key is None or not sealed:
        return None
    try:
        return vault_session.open_keys(cookie_key, sealed, user_id=request.user.pk)
    except VaultError:
        return None


class VaultMiddleware:
    """Sets request.vault to the person's unlocked keys, or ends a session that has none.

    A logged-in session without its cookie (or a cookie without its session) is useless
    by design, so it is ended rather than half-trusted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.vault = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            keys = _open(request)
            if keys is None:
                logout(request)
                request._vault_cookie_clear = True  # type: ignore[attr-defined]
            else:
                request.vault = keys  # type: ignore[attr-defined]
                today = timezone.localdate().isoformat()
                if request.session.get("_seen") != today:
                    request.session["_seen"] = today
        response = self.get_response(request)
        self._set_cookie(request, response)
        return response

    @staticmethod
    def _set_cookie(request: HttpRequest, response: HttpResponse) -> None:
        fresh = getattr(request, "_vault_cookie_key", None)
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


def vault_session_end(request: HttpRequest) -> None:
    """Log out: the session row goes, and the cookie is told to go."""
    logout(request)
    request._vault_cookie_clear = True  # type: ignore[attr-defined]
    request._vault_cookie_key = None  # type: ignore[attr-defined]
