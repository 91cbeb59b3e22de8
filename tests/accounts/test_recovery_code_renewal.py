"""A recovery code nobody kept is a lost way back in: it is offered again until kept."""

from __future__ import annotations

import pytest
from django.test import Client

from afterwards.accounts.services import account_create
from afterwards.vault import keyring
from afterwards.vault.crypto import VaultError
from afterwards.vault.models import Keyring
from tests.accounts.conftest import log_in, shown_code
from tests.conftest import PASSPHRASE


def test_someone_who_never_confirmed_their_code_gets_a_new_one_at_login(db):
    _user, _keys, first_code = account_create(username="robin", email="", passphrase=PASSPHRASE)
    client = Client()

    response = log_in(client, "robin")
    page = client.get(response["Location"], follow=True)

    assert page.redirect_chain[-1][0] == "/signup/recovery-code/"
    new_code = shown_code(page)
    assert new_code != first_code
    stored = Keyring.objects.get(user__username="robin").stored()
    keyring.unlock_with_recovery_code(stored, new_code)
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(stored, first_code)


def test_confirming_the_code_stops_the_offer(db):
    account_create(username="robin", email="", passphrase=PASSPHRASE)
    client = Client()
    log_in(client, "robin")
    client.post("/signup/recovery-code/", {"kept": "on"})
    assert Keyring.objects.get(user__username="robin").recovery_code_kept

    again = Client()
    response = log_in(again, "robin")
    page = again.get(response["Location"], follow=True)
    assert page.status_code == 200
    assert "/signup/recovery-code/" not in [url for url, _ in page.redirect_chain]


def test_a_person_can_make_a_new_code_from_their_account(owner):
    response = owner.client.post("/account/recovery-code/", {"passphrase": owner.passphrase})

    assert response.status_code == 302
    assert response["Location"] == "/signup/recovery-code/"
    new_code = shown_code(owner.client.get("/signup/recovery-code/"))
    stored = Keyring.objects.get(user=owner.user).stored()
    keyring.unlock_with_recovery_code(stored, new_code)
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(stored, owner.recovery_code)
    assert not Keyring.objects.get(user=owner.user).recovery_code_kept


def test_a_new_code_needs_the_passphrase(owner):
    response = owner.client.post("/account/recovery-code/", {"passphrase": "not it at all"})

    assert response.status_code == 200
    assert "That is not your passphrase." in response.content.decode()
    keyring.unlock_with_recovery_code(
        Keyring.objects.get(user=owner.user).stored(), owner.recovery_code
    )


def test_new_code_page_sends_a_stranger_to_log_in(client, db):
    response = client.get("/account/recovery-code/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_new_code_page_refuses_other_methods(owner):
    assert owner.client.put("/account/recovery-code/").status_code == 405
