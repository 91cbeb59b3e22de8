from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from afterwards.accounts.models import RegistrationInvite, User, UserSession
from afterwards.accounts.services import account_create, registration_invite_create
from afterwards.vault import keyring
from afterwards.vault.keyring import normalise_recovery_code
from afterwards.vault.models import Keyring
from tests.accounts.conftest import shown_code, signup_data
from tests.conftest import PASSPHRASE


def test_signup_page_shows_the_form(client, db):
    response = client.get("/signup/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="invite_code"' not in response.content.decode()


def test_signup_refuses_other_methods(client, db):
    assert client.put("/signup/").status_code == 405


def test_signup_makes_an_account_and_goes_to_the_recovery_code(client, db):
    response = client.post("/signup/", signup_data("robin"))

    assert response.status_code == 302
    assert response["Location"] == "/signup/recovery-code/"
    user = User.objects.get(username="robin")
    assert user.check_password(PASSPHRASE)
    assert Keyring.objects.filter(user=user).exists()
    assert UserSession.objects.filter(user=user).count() == 1


def test_recovery_code_shown_after_signup_opens_the_new_keyring(client, db):
    client.post("/signup/", signup_data("robin"))

    code = shown_code(client.get("/signup/recovery-code/"))

    assert len(normalise_recovery_code(code)) == 28
    ring = User.objects.get(username="robin").keyring.stored()
    keyring.unlock_with_recovery_code(ring, code)  # raises if it is not this person's code


def test_email_is_optional_and_kept_when_given(client, db):
    client.post("/signup/", signup_data("robin"))
    client.post("/signup/", signup_data("sam", email="sam@example.org"))

    assert User.objects.get(username="robin").email == ""
    assert User.objects.get(username="sam").email == "sam@example.org"


@pytest.mark.parametrize(
    ("username", "passphrase", "again", "field", "message"),
    [
        (
            "robin",
            "qwertyuiop",
            "qwertyuiop",
            "new_passphrase",
            "This passphrase is one many people use",
        ),
        (
            "meadowlark",
            "meadowlark77",
            "meadowlark77",
            "new_passphrase",
            "This passphrase is too close to your user name. Please choose another.",
        ),
        ("robin", "tiny owl", "tiny owl", "new_passphrase", "please use 10 characters or more"),
        (
            "robin",
            PASSPHRASE,
            PASSPHRASE + "!",
            "new_passphrase_again",
            "The two passphrases are not the same.",
        ),
    ],
    ids=["common", "similar-to-user-name", "too-short", "mismatch"],
)
def test_weak_or_mismatched_passphrase_is_refused_beside_the_field(
    client, db, username, passphrase, again, field, message
):
    data = signup_data(username, passphrase, email="r@example.org")
    data["new_passphrase_again"] = again

    response = client.post("/signup/", data)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert f'value="{username}"' in page
    assert 'value="r@example.org"' in page
    assert passphrase not in page
    assert not User.objects.exists()
    assert not UserSession.objects.exists()


@pytest.mark.parametrize("spelling", ["robin", "ROBIN", "Robin"])
def test_user_name_taken_in_any_case_is_refused(client, db, spelling):
    account_create(username="robin", email="", passphrase=PASSPHRASE)

    response = client.post("/signup/", signup_data(spelling))

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "That user name is taken. Please choose another."
    ]
    assert 'id="id_username_error"' in response.content.decode()
    assert User.objects.count() == 1


def test_user_name_with_forbidden_characters_is_refused(client, db):
    response = client.post("/signup/", signup_data("robin hood"))

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.exists()


# --- Registration by invitation --------------------------------------------------------


@pytest.fixture
def by_invitation(settings):  # type: ignore[no-untyped-def]
    settings.REGISTRATION = "invite"


def test_invitation_mode_asks_for_a_code(client, db, by_invitation):
    response = client.get("/signup/")
    assert 'name="invite_code"' in response.content.decode()


def test_invitation_mode_refuses_sign_up_without_a_code(client, db, by_invitation):
    response = client.post("/signup/", signup_data("robin"))

    assert response.status_code == 200
    assert "invite_code" in response.context["form"].errors
    assert 'id="id_invite_code_error"' in response.content.decode()
    assert not User.objects.exists()


def test_invitation_mode_refuses_a_wrong_code_beside_the_field(client, db, by_invitation):
    registration_invite_create()

    response = client.post("/signup/", signup_data("robin", invite_code="0123456789ABCDEF"))

    assert response.status_code == 200
    assert response.context["form"].errors["invite_code"] == [
        "That invitation code is not valid or has been used."
    ]
    assert 'value="robin"' in response.content.decode()
    assert not User.objects.exists()
    assert not Keyring.objects.exists()
    assert RegistrationInvite.objects.usable().count() == 1


def test_without_a_valid_invitation_nothing_is_said_about_which_names_exist(
    client, db, by_invitation
):
    account_create(
        username="robin", email="", passphrase=PASSPHRASE, invite_code=registration_invite_create()
    )
    taken = client.post("/signup/", signup_data("ROBIN", invite_code="NOPE"))
    free = client.post("/signup/", signup_data("wren", invite_code="NOPE"))

    assert "taken" not in taken.content.decode()
    assert taken.context["form"].errors.keys() == free.context["form"].errors.keys()


def test_invitation_code_opens_sign_up_once(client, db, by_invitation):
    code = registration_invite_create()

    first = client.post("/signup/", signup_data("robin", invite_code=code))
    second = Client().post("/signup/", signup_data("sam", invite_code=code))

    assert first.status_code == 302
    assert first["Location"] == "/signup/recovery-code/"
    assert User.objects.filter(username="robin").exists()
    assert RegistrationInvite.objects.get().used_at is not None
    assert second.status_code == 200
    assert second.context["form"].errors["invite_code"] == [
        "That invitation code is not valid or has been used."
    ]
    assert not User.objects.filter(username="sam").exists()


def test_invitation_code_may_be_typed_in_lower_case(client, db, by_invitation):
    code = registration_invite_create()

    response = client.post("/signup/", signup_data("robin", invite_code=f" {code.lower()} "))

    assert response.status_code == 302
    assert User.objects.filter(username="robin").exists()


def test_expired_invitation_code_is_refused(client, db, by_invitation, time_machine):
    code = registration_invite_create(days=14)
    time_machine.move_to(timezone.now() + timedelta(days=15))

    response = client.post("/signup/", signup_data("robin", invite_code=code))

    assert response.status_code == 200
    assert "invite_code" in response.context["form"].errors
    assert not User.objects.exists()


def test_open_registration_ignores_invitations(client, db):
    response = client.post("/signup/", signup_data("robin"))
    assert response.status_code == 302
