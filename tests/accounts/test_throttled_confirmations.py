"""A passphrase asked again inside a session (to change it, or to erase everything) is
throttled like a login, so an open session is no way to guess it without limit."""

from __future__ import annotations

from django.db import IntegrityError

from afterwards.accounts import services
from afterwards.accounts.models import User


def test_wrong_passphrases_at_change_pause_further_attempts(owner, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = owner.client.post(
            "/account/passphrase/",
            {
                "passphrase": "not it at all",
                "new_passphrase": "a brand new harbour light",
                "new_passphrase_again": "a brand new harbour light",
            },
        )
        assert "That is not your current passphrase." in response.content.decode()
    response = owner.client.post(
        "/account/passphrase/",
        {
            "passphrase": owner.passphrase,
            "new_passphrase": "a brand new harbour light",
            "new_passphrase_again": "a brand new harbour light",
        },
    )
    assert "paused" in response.content.decode()
    owner.user.refresh_from_db()
    assert owner.user.check_password(owner.passphrase)


def test_wrong_passphrases_at_delete_pause_further_attempts(owner, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        owner.client.post("/account/delete/", {"passphrase": "not it", "confirm": "on"})
    response = owner.client.post(
        "/account/delete/", {"passphrase": owner.passphrase, "confirm": "on"}
    )
    assert "paused" in response.content.decode()
    assert User.objects.filter(pk=owner.user.pk).exists()


def test_a_name_taken_at_the_same_moment_gets_a_message_not_an_error(client, db, monkeypatch):
    def taken(**kwargs):
        raise IntegrityError("username_unique_any_case")

    monkeypatch.setattr(services, "account_create", taken)
    response = client.post(
        "/signup/",
        {
            "username": "wren",
            "email": "",
            "new_passphrase": "lantern over the harbour",
            "new_passphrase_again": "lantern over the harbour",
        },
    )
    assert response.status_code == 200
    assert "That user name is taken" in response.content.decode()
