"""Light or dark, or following the device: a choice kept on the device (a cookie holding
one word), drawn by a class on <html> from the server, so no page flashes the other
theme first and the choice works without JavaScript."""

from __future__ import annotations

import re

import pytest

URL = "/light-or-dark/"


def _html_class(page: str) -> str:
    found = re.search(r"<html[^>]*>", page)
    assert found
    named = re.search(r'class="([^"]*)"', found.group(0))
    return named.group(1) if named else ""


def test_the_page_offers_device_light_and_dark_to_anyone(client, db):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    for value in ("device", "light", "dark"):
        assert f'value="{value}"' in page
    assert re.search(r'value="device"[^>]*checked', page)
    assert _html_class(page) == ""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_chosen_theme_is_kept_on_the_device_and_drawn_from_the_server(client, db, theme):
    response = client.post(URL, {"theme": theme})

    assert response.status_code == 302 and response["Location"] == URL
    cookie = response.cookies["theme"]
    assert cookie.value == theme
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    for url in ("/login/", "/help/", URL):
        page = client.get(url).content.decode()
        assert _html_class(page) == f"theme-{theme}"
    assert re.search(f'value="{theme}"[^>]*checked', client.get(URL).content.decode())


def test_a_logged_in_person_keeps_it_on_their_pages_and_after_logout(owner):
    owner.client.post(URL, {"theme": "dark"})

    assert _html_class(owner.client.get("/journal/").content.decode()) == "theme-dark"
    owner.client.post("/logout/")
    assert _html_class(owner.client.get("/login/").content.decode()) == "theme-dark"


def test_following_the_device_again_clears_the_cookie(client, db):
    client.post(URL, {"theme": "dark"})

    response = client.post(URL, {"theme": "device"})

    assert response.cookies["theme"].value == "" and int(response.cookies["theme"]["max-age"]) == 0
    assert _html_class(client.get("/login/").content.decode()) == ""


def test_the_cookie_is_secure_when_the_site_is_served_over_https(client, db, settings):
    settings.SESSION_COOKIE_SECURE = True  # what AFTERWARDS_HTTPS sets

    assert client.post(URL, {"theme": "dark"}).cookies["theme"]["secure"]


def test_an_unknown_choice_is_refused_beside_the_field(client, db):
    client.post(URL, {"theme": "dark"})

    response = client.post(URL, {"theme": "sepia"})

    assert response.status_code == 400
    assert "Please choose one of these." in response.content.decode()
    assert "theme" not in response.cookies


def test_a_cookie_changed_by_hand_is_ignored(client, db):
    client.cookies["theme"] = 'dark" onload="x'

    assert _html_class(client.get("/login/").content.decode()) == ""


def test_other_methods_are_refused(client, db):
    assert client.put(URL).status_code == 405


def test_the_account_page_links_to_it(owner):
    assert f'href="{URL}"' in owner.client.get("/account/").content.decode()


def test_site_css_draws_dark_under_the_media_query_and_under_the_class():
    from django.contrib.staticfiles import finders

    path = finders.find("css/site.css")
    assert path
    css = open(path, encoding="utf-8").read()
    # Every dark rule is there twice: for the device's setting (unless light is chosen),
    # and for dark chosen here.
    assert ":root:not(.theme-light)" in css and ".theme-dark" in css
    assert "color-scheme: dark" in css and "color-scheme: light" in css
