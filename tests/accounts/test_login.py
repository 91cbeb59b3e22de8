from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from afterwards.accounts.models import UserSession
from afterwards.accounts.throttle import throttle_name
from afterwards.accounts.views import LOGIN_FAILED
from tests.accounts.conftest import is_logged_in, log_in
from tests.conftest import PASSPHRASE, create_account, make_person

WRONG = "not my passphrase at all"
HOME_ADDRESS = "198.51.100.7"
ELSEWHERE = "203.0.113.9"


@pytest.fixture
def robin(db):  # type: ignore[no-untyped-def]
    user, _keys, _code = create_account("robin", PASSPHRASE)
    return user


def _fail_until_locked(client: Client, username: str):  # type: ignore[no-untyped-def]
    responses = [log_in(client, username, WRONG) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses[-1]


def test_login_page_shows_the_form(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert 'name="passphrase"' in response.content.decode()


def test_login_refuses_other_methods(client, db):
    assert client.put("/login/").status_code == 405


def test_right_passphrase_opens_the_journal(client, robin):
    response = log_in(client, "robin")

    assert response.status_code == 302
    assert response["Location"] == "/journal/day/"
    assert UserSession.objects.filter(user=robin).count() == 1
    assert response.cookies[settings.VAULT_COOKIE_NAME]["httponly"]
    assert is_logged_in(client)


def test_user_name_is_not_case_sensitive(client, robin):
    assert log_in(client, "ROBIN").status_code == 302


def test_login_page_sends_someone_logged_in_to_the_journal(owner):
    response = owner.client.get("/login/")
    assert response.status_code == 302
    assert response["Location"] == "/journal/day/"


def test_wrong_passphrase_gets_a_generic_message(client, robin):
    response = log_in(client, "robin", WRONG)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOGIN_FAILED]
    assert WRONG not in response.content.decode()
    assert not UserSession.objects.exists()
    assert not is_logged_in(client)


def _page_without_token_and_name(response, username: str) -> str:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "TOKEN", page)
    return page.replace(f'value="{username}"', 'value="NAME"')


def test_unknown_user_and_wrong_passphrase_look_the_same(robin):
    wrong_passphrase = log_in(Client(), "robin", WRONG)
    unknown_user = log_in(Client(), "rowan", WRONG)

    assert wrong_passphrase.status_code == unknown_user.status_code == 200
    assert _page_without_token_and_name(wrong_passphrase, "robin") == (
        _page_without_token_and_name(unknown_user, "rowan")
    )
    assert sorted(wrong_passphrase.cookies) == sorted(unknown_user.cookies)


def test_failure_limit_locks_that_name_from_that_address_with_a_calm_message(robin):
    attacker = Client(REMOTE_ADDR=HOME_ADDRESS)

    last_failure = _fail_until_locked(attacker, "robin")
    right_passphrase = log_in(attacker, "robin")

    for response in (last_failure, right_passphrase):
        assert response.status_code == 429
        assert "please wait 15 minutes" in response.content.decode()
        assert 'name="passphrase"' in response.content.decode()
    assert not UserSession.objects.exists()


def test_lockout_from_one_address_does_not_lock_the_person_out_elsewhere(robin):
    _fail_until_locked(Client(REMOTE_ADDR=ELSEWHERE), "robin")

    response = log_in(Client(REMOTE_ADDR=HOME_ADDRESS), "robin")

    assert response.status_code == 302
    assert UserSession.objects.filter(user=robin).count() == 1


def test_lockout_of_one_name_leaves_other_names_from_that_address_alone(robin):
    create_account("sam", PASSPHRASE)
    shared = Client(REMOTE_ADDR=HOME_ADDRESS)
    _fail_until_locked(shared, "robin")

    assert log_in(shared, "sam").status_code == 302


def test_changing_the_case_of_the_name_does_not_dodge_the_limit(robin):
    attacker = Client(REMOTE_ADDR=HOME_ADDRESS)
    spellings = ["robin", "ROBIN", "Robin", "rObin", "roBin", "robIn"]

    statuses = [log_in(attacker, name, WRONG).status_code for name in spellings]

    assert statuses[settings.AXES_FAILURE_LIMIT - 1] == 429
    assert log_in(attacker, "RoBiN").status_code == 429
    stored = set(AccessAttempt.objects.values_list("username", flat=True))
    assert stored == {throttle_name(None, {"username": "robin"})}


def test_successful_login_clears_earlier_failures(client, robin):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "robin", WRONG)

    assert log_in(client, "Robin").status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_successful_login_leaves_no_record_of_who_came_from_where(db):
    from axes.models import AccessLog

    make_person("linden")
    assert not AccessLog.objects.exists()


def test_no_record_is_kept_of_when_a_person_last_logged_in(db):
    from afterwards.accounts.models import User

    make_person("linden")
    assert "last_login" not in {field.name for field in User._meta.get_fields()}


def test_logging_in_lets_expired_sessions_go(db):
    from datetime import timedelta

    from django.utils import timezone

    person = make_person("linden")
    UserSession.objects.filter(user=person.user).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    make_person("alder")
    assert not UserSession.objects.filter(user=person.user).exists()
