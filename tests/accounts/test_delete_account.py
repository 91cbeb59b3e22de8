from __future__ import annotations

from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.utils import timezone

from afterwards.accounts.models import User, UserSession
from afterwards.vault.models import Entry, Keyring
from tests.accounts.conftest import is_logged_in, log_in
from tests.conftest import PASSPHRASE

URL = "/account/delete/"


def _write_today(client: Client, note: str) -> None:
    response = client.post(f"/journal/day/{timezone.localdate().isoformat()}/", {"note": note})
    assert response.status_code == 302


def test_delete_page_shows_the_form(owner):
    response = owner.client.get(URL)
    assert response.status_code == 200
    assert 'name="confirm"' in response.content.decode()


def test_delete_page_sends_a_stranger_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_delete_page_refuses_other_methods(owner):
    assert owner.client.put(URL).status_code == 405


def test_delete_needs_the_box_ticked(owner):
    response = owner.client.post(URL, {"passphrase": PASSPHRASE})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["Please tick this to confirm."]
    assert 'id="id_confirm_error"' in response.content.decode()
    assert User.objects.filter(pk=owner.user.pk).exists()


def test_delete_needs_the_passphrase(owner):
    response = owner.client.post(URL, {"passphrase": "not my passphrase at all", "confirm": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["passphrase"] == ["That is not your passphrase."]
    assert User.objects.filter(pk=owner.user.pk).exists()
    assert is_logged_in(owner.client)


def test_delete_erases_every_row_of_the_person(owner):
    _write_today(owner.client, "the blue blanket")
    elsewhere = Client()
    log_in(elsewhere, "robin")
    log_in(Client(REMOTE_ADDR="203.0.113.9"), "robin", "a mistyped passphrase here")

    response = owner.client.post(URL, {"passphrase": PASSPHRASE, "confirm": "on"})

    assert response.status_code == 200
    assert "Your account is gone" in response.content.decode()
    assert not User.objects.filter(pk=owner.user.pk).exists()
    assert not Keyring.objects.filter(user_id=owner.user.pk).exists()
    assert not Entry.objects.filter(owner_id=owner.user.pk).exists()
    assert not UserSession.objects.filter(user_id=owner.user.pk).exists()
    # django-axes keeps the name, address and browser of log-ins: none of this person's stay
    assert not AccessLog.objects.filter(username__iexact="robin").exists()
    assert not AccessAttempt.objects.filter(username__iexact="robin").exists()


def test_delete_ends_every_session_of_the_person(owner):
    elsewhere = Client()
    log_in(elsewhere, "robin")

    owner.client.post(URL, {"passphrase": PASSPHRASE, "confirm": "on"})

    assert not is_logged_in(owner.client)
    assert not is_logged_in(elsewhere)


def test_delete_leaves_other_people_untouched(owner, partner):
    _write_today(owner.client, "the blue blanket")
    _write_today(partner.client, "tea at the window")
    partner_keyring = Keyring.objects.get(user=partner.user)

    owner.client.post(URL, {"passphrase": PASSPHRASE, "confirm": "on"})

    assert User.objects.filter(pk=partner.user.pk).exists()
    assert (
        Keyring.objects.get(user=partner.user).uk_by_passphrase == partner_keyring.uk_by_passphrase
    )
    assert Entry.objects.filter(owner=partner.user).count() == 1
    assert UserSession.objects.filter(user=partner.user).count() == 1
    page = partner.client.get(f"/journal/day/{timezone.localdate().isoformat()}/")
    assert "tea at the window" in page.content.decode()


def test_user_name_is_free_again_after_delete(owner):
    owner.client.post(URL, {"passphrase": PASSPHRASE, "confirm": "on"})

    response = Client().post(
        "/signup/",
        {
            "username": "robin",
            "email": "",
            "new_passphrase": PASSPHRASE,
            "new_passphrase_again": PASSPHRASE,
        },
    )

    assert response.status_code == 302
