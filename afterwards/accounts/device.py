"""What a device keeps for itself: the neutral look, and light or dark.

Two cookies of one word each, `look=notes` and `theme=light|dark`, never in the
database: they name no one, and outlive logout and quick exit on purpose. Someone who
picked "Notes" for discretion must not meet the daisy on the login page the next time
the phone is picked up, when no one is logged in to say what they chose. The look is
set when a person chooses it or logs in with it chosen (their profile, in the vault,
stays what follows them to other devices), and cleared only when someone chooses the
daisy again on that device; the theme is set and cleared on its own page.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from afterwards.accounts.profile import profile_for

LOOK_COOKIE = "look"
LOOK_NOTES = "notes"
THEME_COOKIE = "theme"
THEMES = ("light", "dark")  # with no cookie, the page follows the device
KEPT_FOR = 400 * 24 * 3600  # the longest a browser keeps a cookie (Chromium's cap)


def look_neutral(request: HttpRequest) -> bool:
    """Whether this page says "Notes": the host's setting for everyone, this device's
    cookie, or the logged-in person's profile. Any of them is enough: a device kept
    discreet stays so for whoever logs in on it."""
    if settings.NEUTRAL_LOOK or request.COOKIES.get(LOOK_COOKIE) == LOOK_NOTES:
        return True
    return profile_for(request).neutral_look


def theme_chosen(request: HttpRequest) -> str:
    """ "light" or "dark" when chosen on this device; "" to follow the device's setting.
    Anything else in the cookie is ignored, never drawn into a page."""
    theme = request.COOKIES.get(THEME_COOKIE, "")
    return theme if theme in THEMES else ""


def look_remember(response: HttpResponse, *, neutral: bool) -> None:
    if neutral:
        _keep(response, LOOK_COOKIE, LOOK_NOTES)
    else:
        _forget(response, LOOK_COOKIE)


def look_after_login(request: HttpRequest, response: HttpResponse) -> None:
    """After a person logs in: the device keeps Notes if their profile holds it. The
    daisy in their profile leaves the device as it was (someone else may have chosen
    Notes there)."""
    if profile_for(request).neutral_look:
        look_remember(response, neutral=True)


def theme_remember(response: HttpResponse, theme: str) -> None:
    if theme in THEMES:
        _keep(response, THEME_COOKIE, theme)
    else:
        _forget(response, THEME_COOKIE)


def _keep(response: HttpResponse, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=KEPT_FOR,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _forget(response: HttpResponse, name: str) -> None:
    response.delete_cookie(name, path="/", samesite="Lax")
