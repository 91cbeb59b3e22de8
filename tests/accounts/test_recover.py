"""Back into an account with the recovery code: a new passphrase and a new code."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from afterwards.accounts.models import User, UserSession
from tests.accounts.conftest import NEW_PASSPHRASE, is_logged_in, log_in, shown_code
from tests.conftest import PASSPHRASE

URL = "/recover/"
WRONG_CODE = "0000-0000-0000-0000-0000-0000-0000"
HOME_ADDRESS = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
GENERIC = "That user name and recovery code did not open an account."


def _recover(client: Client, code: str, username: str = "robin", new: str = NEW_PASSPHRASE):  # type: ignore[no-untyped-def]
    return client.post(
        URL,
        {
            "username": username,
            "recovery_code": code,
            "new_passphrase": new,
            "new_passphrase_again": new,
        },
    )


def test_recover_page_shows_the_form(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="recovery_code"' in response.content.decode()


def test_recover_page_refuses_other_methods(client, db):
    assert client.put(URL).status_code == 405


def test_wrong_code_gets_a_generic_message_and_changes_nothing(owner):
    old_hash = owner.user.password

    response = _recover(Client(), WRONG_CODE)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [GENERIC]
    assert User.objects.get(pk=owner.user.pk).password == old_hash
    assert is_logged_in(owner.client)


def test_unknown_user_gets_the_same_message(db):
    response = _recover(Client(), WRONG_CODE, username="nobody")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [GENERIC]


def test_something_that_is_not_a_code_is_refused_beside_the_field(owner):
    response = _recover(Client(), "ABCD-EFGH")

    assert response.status_code == 200
    assert response.context["form"].errors["recovery_code"] == [
        "A recovery code has 28 letters and digits, in groups of four."
    ]
    assert not AccessAttempt.objects.exists()


def test_right_code_sets_the_new_passphrase(owner):
    response = _recover(Client(), owner.recovery_code)

    assert response.status_code == 302
    assert response["Location"] == "/signup/recovery-code/"
    assert log_in(Client(), "robin", NEW_PASSPHRASE).status_code == 302
    assert log_in(Client(), "robin", PASSPHRASE).status_code == 200


def test_right_code_typed_loosely_still_works(owner):
    loose = owner.recovery_code.replace("-", " ").lower()
    assert _recover(Client(), loose, username="ROBIN").status_code == 302


def test_recovery_shows_a_new_code_and_the_old_one_stops_working(owner):
    rescuer = Client()
    _recover(rescuer, owner.recovery_code)

    new_code = shown_code(rescuer.get("/signup/recovery-code/"))
    rescuer.post("/signup/recovery-code/", {"kept": "on"})

    assert new_code != owner.recovery_code
    assert _recover(Client(), owner.recovery_code, new="another quiet evening walk").context[
        "form"
    ].non_field_errors() == [GENERIC]
    assert _recover(Client(), new_code, new="another quiet evening walk").status_code == 302


def test_recovery_ends_every_old_session(owner):
    second = Client()
    log_in(second, "robin")
    rescuer = Client()

    _recover(rescuer, owner.recovery_code)

    sessions = UserSession.objects.filter(user=owner.user)
    assert list(sessions.values_list("session_key", flat=True)) == [
        rescuer.cookies[settings.SESSION_COOKIE_NAME].value
    ]
    assert not is_logged_in(owner.client)
    assert not is_logged_in(second)


def test_entries_can_be_read_after_recovery(owner):
    day = timezone.localdate().isoformat()
    owner.client.post(f"/journal/day/{day}/", {"mood": "4", "note": "sunlight on the stairs"})
    rescuer = Client()
    _recover(rescuer, owner.recovery_code)
    rescuer.post("/signup/recovery-code/", {"kept": "on"})

    assert "sunlight on the stairs" in rescuer.get(f"/journal/day/{day}/").content.decode()


def test_failure_limit_locks_recovery_for_that_name_from_that_address(owner):
    attacker = Client(REMOTE_ADDR=HOME_ADDRESS)
    failures = [_recover(attacker, WRONG_CODE) for _ in range(settings.AXES_FAILURE_LIMIT)]

    right_code = _recover(attacker, owner.recovery_code)

    for response in (failures[-1], right_code):
        assert response.status_code == 429
        assert "please wait 15 minutes" in response.content.decode()
        assert 'name="recovery_code"' in response.content.decode()  # still the recovery page
    assert all(response.status_code == 200 for response in failures[:-1])
    assert User.objects.get(pk=owner.user.pk).check_password(PASSPHRASE)


def test_recovery_lockout_from_one_address_does_not_lock_the_person_out_elsewhere(owner):
    attacker = Client(REMOTE_ADDR=ELSEWHERE)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _recover(attacker, WRONG_CODE)

    response = _recover(Client(REMOTE_ADDR=HOME_ADDRESS), owner.recovery_code)

    assert response.status_code == 302


def test_recovery_failures_count_with_login_failures(owner):
    attacker = Client(REMOTE_ADDR=HOME_ADDRESS)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(attacker, "robin", "not my passphrase at all")

    assert _recover(attacker, WRONG_CODE, username="Robin").status_code == 429
    assert log_in(attacker, "robin").status_code == 429


def test_new_passphrase_typed_beside_a_wrong_code_is_not_written_down(owner):
    _recover(Client(), WRONG_CODE)

    recorded = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert recorded  # the failure was counted ...
    assert NEW_PASSPHRASE not in recorded  # ... without keeping the passphrase
    assert WRONG_CODE not in recorded


@pytest.mark.parametrize("field", ["new_passphrase", "new_passphrase_again"])
def test_new_passphrase_is_checked_like_at_sign_up(owner, field):
    data = {
        "username": "robin",
        "recovery_code": owner.recovery_code,
        "new_passphrase": "qwertyuiop",
        "new_passphrase_again": "qwertyuiop" if field == "new_passphrase" else "qwertyuiopa",
    }

    response = Client().post(URL, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.get(pk=owner.user.pk).check_password(PASSPHRASE)


def test_the_new_code_from_a_recovery_is_offered_again_until_kept(owner):
    from afterwards.vault.models import Keyring

    _recover(Client(), owner.recovery_code)

    assert not Keyring.objects.get(user=owner.user).recovery_code_kept
    later = Client()
    response = log_in(later, "robin", NEW_PASSPHRASE)
    assert later.get(response["Location"], follow=True).redirect_chain[-1][0] == (
        "/signup/recovery-code/"
    )
