from __future__ import annotations

from django.conf import settings
from django.test import Client

from afterwards.accounts.models import UserSession
from tests.accounts.conftest import is_logged_in


def test_logout_by_get_is_refused_and_changes_nothing(owner):
    response = owner.client.get("/logout/")

    assert response.status_code == 405
    assert UserSession.objects.filter(user=owner.user).count() == 1
    assert is_logged_in(owner.client)


def test_logout_ends_the_session(owner):
    response = owner.client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert response.cookies[settings.VAULT_COOKIE_NAME].value == ""
    assert not UserSession.objects.filter(user=owner.user).exists()
    assert not is_logged_in(owner.client)


def test_old_cookies_open_nothing_after_logout(owner):
    old_session = owner.client.cookies[settings.SESSION_COOKIE_NAME].value
    old_vault = owner.client.cookies[settings.VAULT_COOKIE_NAME].value
    owner.client.post("/logout/")

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_session
    replay.cookies[settings.VAULT_COOKIE_NAME] = old_vault
    response = replay.get("/journal/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_logout_leaves_other_people_logged_in(owner, partner):
    owner.client.post("/logout/")

    assert is_logged_in(partner.client)
    assert UserSession.objects.filter(user=partner.user).count() == 1


def test_logout_without_a_session_just_goes_to_login(client, db):
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
