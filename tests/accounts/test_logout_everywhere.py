from __future__ import annotations

from django.test import Client

from afterwards.accounts.models import UserSession
from tests.accounts.conftest import is_logged_in, log_in

URL = "/account/logout-everywhere/"


def test_logout_everywhere_by_get_is_refused(owner):
    response = owner.client.get(URL)

    assert response.status_code == 405
    assert is_logged_in(owner.client)


def test_logout_everywhere_sends_a_stranger_to_log_in(client, db):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_logout_everywhere_ends_every_session_of_the_person(owner):
    phone = Client()
    log_in(phone, "robin")
    assert UserSession.objects.filter(user=owner.user).count() == 2

    response = owner.client.post(URL)

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert not UserSession.objects.filter(user=owner.user).exists()
    assert not is_logged_in(owner.client)
    assert not is_logged_in(phone)


def test_logout_everywhere_leaves_other_people_logged_in(owner, partner):
    owner.client.post(URL)

    assert UserSession.objects.filter(user=partner.user).count() == 1
    assert is_logged_in(partner.client)
