from __future__ import annotations

from django.test import Client
from django.utils import timezone

from afterwards.accounts.models import User, UserSession
from tests.accounts.conftest import NEW_PASSPHRASE, is_logged_in, log_in
from tests.conftest import PASSPHRASE

URL = "/account/passphrase/"


def _change(client: Client, current: str = PASSPHRASE, new: str = NEW_PASSPHRASE):  # type: ignore[no-untyped-def]
    return client.post(
        URL, {"passphrase": current, "new_passphrase": new, "new_passphrase_again": new}
    )


def test_passphrase_page_shows_the_form(owner):
    response = owner.client.get(URL)
    assert response.status_code == 200
    assert 'name="new_passphrase"' in response.content.decode()


def test_passphrase_page_sends_a_stranger_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_passphrase_page_refuses_other_methods(owner):
    assert owner.client.put(URL).status_code == 405


def test_wrong_current_passphrase_is_refused_beside_the_field(owner):
    old_hash = owner.user.password

    response = _change(owner.client, current="not my passphrase at all")

    assert response.status_code == 200
    assert response.context["form"].errors["passphrase"] == ["That is not your current passphrase."]
    assert 'id="id_passphrase_error"' in response.content.decode()
    assert User.objects.get(pk=owner.user.pk).password == old_hash


def test_weak_new_passphrase_is_refused_beside_the_field(owner):
    response = _change(owner.client, new="qwertyuiop")

    assert response.status_code == 200
    errors = response.context["form"].errors["new_passphrase"]
    assert any("This passphrase is one many people use" in error for error in errors)
    assert User.objects.get(pk=owner.user.pk).check_password(PASSPHRASE)


def test_change_keeps_this_session_and_ends_the_others(owner):
    elsewhere = Client()
    log_in(elsewhere, "robin")
    assert UserSession.objects.filter(user=owner.user).count() == 2

    response = _change(owner.client)

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert UserSession.objects.filter(user=owner.user).count() == 1
    assert is_logged_in(owner.client)
    assert not is_logged_in(elsewhere)


def test_change_leaves_other_people_logged_in(owner, partner):
    _change(owner.client)
    assert is_logged_in(partner.client)


def test_new_passphrase_opens_the_account_and_the_old_one_does_not(owner):
    _change(owner.client)

    assert log_in(Client(), "robin", PASSPHRASE).status_code == 200
    assert log_in(Client(), "robin", NEW_PASSPHRASE).status_code == 302


def test_entries_written_before_the_change_can_still_be_read(owner):
    day = timezone.localdate().isoformat()
    owner.client.post(f"/journal/day/{day}/", {"mood": "2", "note": "a slow grey morning"})

    _change(owner.client)
    later = Client()
    log_in(later, "robin", NEW_PASSPHRASE)

    assert "a slow grey morning" in owner.client.get(f"/journal/day/{day}/").content.decode()
    assert "a slow grey morning" in later.get(f"/journal/day/{day}/").content.decode()
