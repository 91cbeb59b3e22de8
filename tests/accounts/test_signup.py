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


# --- The country, asked once at sign-up ------------------------------------------------


def _profile_of(username: str):  # type: ignore[no-untyped-def]
    from afterwards.accounts.profile import INDEX, KIND, Profile
    from afterwards.vault import services as vault
    from afterwards.vault.models import Entry

    user = User.objects.get(username=username)
    entries = Entry.objects.owned_by(user).of_kind(KIND)
    if not entries.exists():
        return None
    keys = keyring.unlock_with_passphrase(user.keyring.stored(), PASSPHRASE)
    content = vault.entry_find(owner=user, keys=keys, kind=KIND, index_value=INDEX)
    return Profile.from_content(content or {})


def test_the_sign_up_form_asks_for_the_country_with_prefer_not_to_say(client, db):
    page = client.get("/signup/").content.decode()

    assert '<label for="id_country">Your country</label>' in page
    assert '<option value="none">Prefer not to say</option>' in page
    assert '<option value="GB">United Kingdom</option>' in page
    assert '<option value="" selected>Choose a country</option>' in page


def test_a_country_chosen_at_sign_up_is_kept_sealed_in_the_profile(client, db):
    from afterwards.accounts.profile import KIND
    from afterwards.vault.models import Entry

    client.post("/signup/", signup_data("robin", country="NZ"))

    profile = _profile_of("robin")
    assert profile is not None and profile.country == "NZ" and not profile.country_declined
    entry = Entry.objects.get(owner__username="robin", kind=KIND)
    assert b"NZ" not in bytes(entry.blob)


def test_prefer_not_to_say_is_kept_as_an_answer_of_its_own(client, db):
    client.post("/signup/", signup_data("robin", country="none"))

    profile = _profile_of("robin")
    assert profile is not None and profile.country == "" and profile.country_declined


def test_a_country_left_unchosen_keeps_no_profile(client, db):
    client.post("/signup/", signup_data("robin"))

    assert _profile_of("robin") is None


def test_a_choice_that_is_not_a_country_is_refused_beside_the_field(client, db):
    response = client.post("/signup/", signup_data("robin", country="Atlantis"))

    assert response.status_code == 200
    assert response.context["form"].errors["country"] == ["Please choose a country from the list."]
    assert not User.objects.filter(username="robin").exists()


def test_the_sign_up_page_never_guesses_a_country(client, db):
    page = client.get(
        "/signup/",
        HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9",
        HTTP_CF_IPCOUNTRY="GB",
        HTTP_X_FORWARDED_FOR="81.2.69.160",
        REMOTE_ADDR="81.2.69.160",
    ).content.decode()

    assert '<option value="" selected>Choose a country</option>' in page
    assert '<option value="GB" selected>' not in page
    client.post(
        "/signup/",
        signup_data("robin"),
        HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9",
        HTTP_CF_IPCOUNTRY="GB",
    )
    assert _profile_of("robin") is None


def test_prefer_not_to_say_is_never_asked_again(client, db):
    """Declined at sign-up: no page outside an urgent box or the help page asks again."""
    from afterwards.vault.models import Keyring

    client.post("/signup/", signup_data("robin", country="none"))
    Keyring.objects.filter(user__username="robin").update(recovery_code_kept=True)
    client.post("/signup/recovery-code/", {"kept": "on"})

    for path in ("/journal/day/", "/account/", "/together/", "/wellbeing/", "/body/"):
        page = client.get(path, follow=True).content.decode()
        assert 'name="country"' not in page, path
        assert "choose your country" not in page.lower(), path
    preferences = client.get("/account/preferences/").content.decode()
    assert '<option value="" selected>' in preferences
    client.post("/account/preferences/", {"country": "", "neutral_look": "on"})
    profile = _profile_of("robin")
    assert profile is not None and profile.country_declined and profile.neutral_look
