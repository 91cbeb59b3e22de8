"""The neutral look ("Notes") kept on the device, so that the login page reached after
quick exit or logout says "Notes" too: a cookie holding one word, naming no one."""

from __future__ import annotations

from django.test import Client, RequestFactory

from afterwards.accounts.profile import Profile, profile_save
from afterwards.views import server_error
from tests.accounts.conftest import log_in

PREFERENCES = "/account/preferences/"


def _notes(page: str) -> bool:
    head = page.split("<main", 1)[0]
    return "<title>Notes</title>" in page and "img/daisy" not in page and "Afterwards" not in head


def _daisy(page: str) -> bool:
    return "<title>Log in · Afterwards</title>" in page and "img/daisy" in page


def _choose_notes(person) -> None:  # type: ignore[no-untyped-def]
    response = person.client.post(PREFERENCES, {"country": "", "neutral_look": "on"})
    assert response.status_code == 302


def test_choosing_notes_keeps_a_cookie_that_names_no_one(owner):
    response = owner.client.post(PREFERENCES, {"country": "", "neutral_look": "on"})

    cookie = response.cookies["look"]
    assert cookie.value == "notes"
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    assert not cookie["secure"]  # plain http here; Secure under HTTPS (next test)


def test_the_cookie_is_secure_when_the_site_is_served_over_https(owner, settings):
    settings.SESSION_COOKIE_SECURE = True  # what AFTERWARDS_HTTPS sets

    response = owner.client.post(PREFERENCES, {"country": "", "neutral_look": "on"})

    assert response.cookies["look"]["secure"]


def test_after_logout_the_login_page_says_notes(owner):
    _choose_notes(owner)

    response = owner.client.post("/logout/", follow=True)

    assert response.request["PATH_INFO"] == "/login/"
    assert _notes(response.content.decode())
    assert _notes(owner.client.get("/").content.decode())


def test_after_quick_exit_the_login_page_says_notes(owner):
    _choose_notes(owner)

    owner.client.get("/quick-exit/")

    assert _notes(owner.client.get("/login/").content.decode())


def test_a_fresh_device_shows_the_daisy(owner):
    _choose_notes(owner)

    assert _daisy(Client().get("/login/").content.decode())


def test_logging_in_with_notes_chosen_keeps_it_on_that_device(owner):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(neutral_look=True))
    device = Client()
    assert _daisy(device.get("/login/").content.decode())

    response = log_in(device, owner.user.username)

    assert response.status_code == 302 and response.cookies["look"].value == "notes"
    device.post("/logout/")
    assert _notes(device.get("/login/").content.decode())


def test_logging_in_without_notes_leaves_the_device_as_it_was(owner):
    device = Client()

    response = log_in(device, owner.user.username)

    assert response.status_code == 302 and "look" not in response.cookies


def test_choosing_the_daisy_again_clears_the_cookie(owner):
    _choose_notes(owner)

    response = owner.client.post(PREFERENCES, {"country": ""})

    assert response.cookies["look"].value == "" and int(response.cookies["look"]["max-age"]) == 0
    owner.client.post("/logout/")
    assert _daisy(owner.client.get("/login/").content.decode())


def test_a_device_that_keeps_notes_shows_it_to_whoever_logs_in_there(owner, partner):
    # A shared device: discretion chosen there holds for the next person too, until
    # someone chooses the daisy again on it.
    _choose_notes(owner)
    owner.client.post("/logout/")

    log_in(owner.client, partner.user.username)

    assert "<title>Notes</title>" in owner.client.get("/account/").content.decode()


def test_the_calm_500_page_keeps_the_devices_look_and_theme_without_the_database():
    request = RequestFactory().get("/")
    request.COOKIES.update({"look": "notes", "theme": "dark"})

    page = server_error(request).content.decode()

    assert "<title>Notes</title>" in page and "Afterwards" not in page
    assert '<html lang="en" class="theme-dark">' in page
    assert "Afterwards" in server_error(RequestFactory().get("/")).content.decode()
