"""Keys kept between requests: sealed in the session row under a key that lives in the cookie."""

from __future__ import annotations

import base64

import pytest
from django.conf import settings as django_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from afterwards.vault import crypto
from afterwards.vault import session as vault_session
from afterwards.vault.crypto import VaultError
from afterwards.vault.middleware import SESSION_FIELD
from tests.vault._support import flipped, fresh_keys, with_header

KEYS = fresh_keys()
COOKIE_KEY = vault_session.new_cookie_key()
OTHER_COOKIE_KEY = vault_session.new_cookie_key()

user_ids = st.integers(min_value=1, max_value=2**63 - 1)


def same_keys(first, second) -> bool:
    return (first.user_key, first.secret_key, first.public_key) == (
        second.user_key,
        second.secret_key,
        second.public_key,
    )


# --- sealing the keys to the cookie key and the user id ------------------------------------


@settings(deadline=None)
@given(user_id=user_ids)
def test_session_keys_open_with_the_cookie_key_and_user_id_they_were_sealed_with(user_id):
    keys = fresh_keys()
    sealed = vault_session.seal_keys(COOKIE_KEY, keys, user_id=user_id)
    assert same_keys(vault_session.open_keys(COOKIE_KEY, sealed, user_id=user_id), keys)


@settings(deadline=None)
@given(user_id=user_ids)
def test_session_keys_do_not_open_with_another_cookie_key(user_id):
    sealed = vault_session.seal_keys(COOKIE_KEY, KEYS, user_id=user_id)
    with pytest.raises(VaultError):
        vault_session.open_keys(OTHER_COOKIE_KEY, sealed, user_id=user_id)


@settings(deadline=None)
@given(user_id=user_ids, other_id=user_ids)
def test_session_keys_do_not_open_for_another_user(user_id, other_id):
    if other_id == user_id:
        other_id = user_id + 1
    sealed = vault_session.seal_keys(COOKIE_KEY, KEYS, user_id=user_id)
    with pytest.raises(VaultError):
        vault_session.open_keys(COOKIE_KEY, sealed, user_id=other_id)


def test_session_row_value_holds_no_key_in_clear():
    sealed = vault_session.seal_keys(COOKIE_KEY, KEYS, user_id=1)
    raw = base64.b64decode(sealed)
    for secret in (KEYS.user_key, KEYS.secret_key, COOKIE_KEY):
        assert secret not in raw
        assert base64.b64encode(secret).decode()[:40] not in sealed


def test_flipping_any_byte_of_the_sealed_session_keys_fails():
    raw = base64.b64decode(vault_session.seal_keys(COOKIE_KEY, KEYS, user_id=1))
    for position in range(len(raw)):
        tampered = base64.b64encode(flipped(raw, position)).decode()
        with pytest.raises(VaultError):
            vault_session.open_keys(COOKIE_KEY, tampered, user_id=1)


@pytest.mark.parametrize(("version", "algorithm"), [(2, 1), (1, 2), (0, 0)])
def test_sealed_session_keys_with_an_unknown_header_fail(version, algorithm):
    raw = base64.b64decode(vault_session.seal_keys(COOKIE_KEY, KEYS, user_id=1))
    tampered = base64.b64encode(with_header(raw, version, algorithm)).decode()
    with pytest.raises(VaultError):
        vault_session.open_keys(COOKIE_KEY, tampered, user_id=1)


@pytest.mark.parametrize("garbage", ["", "not base64 at all!", "QUJD", "A", "é"])
def test_unreadable_session_value_fails_with_vault_error(garbage):
    with pytest.raises(VaultError):
        vault_session.open_keys(COOKIE_KEY, garbage, user_id=1)


def test_truncated_session_value_fails_with_vault_error():
    raw = base64.b64decode(vault_session.seal_keys(COOKIE_KEY, KEYS, user_id=1))
    for length in range(len(raw)):
        with pytest.raises(VaultError):
            vault_session.open_keys(COOKIE_KEY, base64.b64encode(raw[:length]).decode(), user_id=1)


# --- the cookie ----------------------------------------------------------------------------


def test_cookie_keys_are_random_32_bytes():
    assert len(vault_session.new_cookie_key()) == crypto.KEY_BYTES
    assert vault_session.new_cookie_key() != vault_session.new_cookie_key()


@settings(deadline=None)
@given(key=st.binary(min_size=32, max_size=32))
def test_cookie_value_decodes_to_its_key(key):
    value = vault_session.encode_cookie(key)
    assert "=" not in value and "+" not in value and "/" not in value
    assert vault_session.decode_cookie(value) == key


@pytest.mark.parametrize(
    "value",
    [
        "",
        "short",
        vault_session.encode_cookie(b"x" * 31),
        vault_session.encode_cookie(b"x" * 33),
        "é" * 43,
        "%%%%",
    ],
)
def test_cookie_value_that_is_not_a_key_decodes_to_nothing(value):
    assert vault_session.decode_cookie(value) is None


# --- short texts sealed to the cookie (a recovery code waiting to be shown) -----------------


@settings(deadline=None)
@given(text=st.text(max_size=100))
def test_session_text_opens_with_the_same_cookie_key_and_purpose(text):
    sealed = vault_session.seal_text(COOKIE_KEY, text, purpose="recovery-code")
    assert vault_session.open_text(COOKIE_KEY, sealed, purpose="recovery-code") == text


def test_session_text_does_not_open_with_another_cookie_key_or_purpose():
    sealed = vault_session.seal_text(COOKIE_KEY, "ABCD-EFGH", purpose="recovery-code")
    with pytest.raises(VaultError):
        vault_session.open_text(OTHER_COOKIE_KEY, sealed, purpose="recovery-code")
    with pytest.raises(VaultError):
        vault_session.open_text(COOKIE_KEY, sealed, purpose="something-else")
    assert b"ABCD-EFGH" not in base64.b64decode(sealed)


def test_session_text_is_not_taken_for_session_keys():
    sealed = vault_session.seal_text(COOKIE_KEY, "x" * 96, purpose="recovery-code")
    with pytest.raises(VaultError):
        vault_session.open_keys(COOKIE_KEY, sealed, user_id=1)


# --- through the middleware: neither the row nor the cookie alone opens anything ------------

PERSON_PAGE = "/account/passphrase/"


def cookie_name() -> str:
    return django_settings.VAULT_COOKIE_NAME


def test_logged_in_person_has_a_vault_cookie_and_a_sealed_session_row(owner):
    cookie = owner.client.cookies[cookie_name()]
    assert cookie["httponly"]
    assert vault_session.decode_cookie(cookie.value) is not None
    sealed = owner.client.session[SESSION_FIELD]
    opened = vault_session.open_keys(
        vault_session.decode_cookie(cookie.value), sealed, user_id=owner.user.pk
    )
    assert same_keys(opened, owner.keys)
    assert owner.client.get(PERSON_PAGE).status_code == 200


def test_session_row_holds_neither_the_keys_nor_the_cookie_key(owner):
    cookie_key = vault_session.decode_cookie(owner.client.cookies[cookie_name()].value)
    stored = owner.client.session.session_key
    from afterwards.accounts.models import UserSession

    row = UserSession.objects.get(session_key=stored)
    for secret in (owner.keys.user_key, owner.keys.secret_key, cookie_key):
        assert base64.b64encode(secret).decode()[:40] not in row.session_data
        assert base64.urlsafe_b64encode(secret).decode()[:40] not in row.session_data
        assert secret.hex() not in row.session_data


def test_session_without_its_cookie_opens_nothing_and_is_ended(owner):
    cookie = owner.client.cookies.pop(cookie_name())
    response = owner.client.get(PERSON_PAGE)
    assert response.status_code == 302
    assert response.url.startswith("/login/")
    owner.client.cookies[cookie_name()] = cookie.value  # the cookie coming back is too late
    assert owner.client.get(PERSON_PAGE).status_code == 302


def test_cookie_of_another_persons_session_opens_nothing(owner, partner):
    owner_cookie = owner.client.cookies[cookie_name()].value
    partner_cookie = partner.client.cookies[cookie_name()].value
    owner.client.cookies[cookie_name()] = partner_cookie
    partner.client.cookies[cookie_name()] = owner_cookie
    assert owner.client.get(PERSON_PAGE).status_code == 302
    assert partner.client.get(PERSON_PAGE).status_code == 302


def test_session_row_copied_to_another_user_does_not_open(owner, partner):
    # Someone with write access to the database moves the owner's sealed keys into the
    # partner's session, and holds the owner's cookie: the keys are bound to the owner's id.
    session = partner.client.session
    session[SESSION_FIELD] = owner.client.session[SESSION_FIELD]
    session.save()
    partner.client.cookies[cookie_name()] = owner.client.cookies[cookie_name()].value
    assert partner.client.get(PERSON_PAGE).status_code == 302


def test_logout_deletes_the_cookie_and_the_session_row(owner):
    from afterwards.accounts.models import UserSession

    session_key = owner.client.session.session_key
    response = owner.client.post("/logout/")
    assert response.cookies[cookie_name()].value == ""
    assert not UserSession.objects.filter(session_key=session_key).exists()


def test_a_vault_cookie_whose_session_is_gone_is_cleared(db):
    from django.test import Client

    from tests.conftest import make_person

    person = make_person("lark")
    stale = person.client.cookies["vault"].value
    from afterwards.accounts.models import UserSession

    UserSession.objects.filter(user=person.user).delete()
    client = Client()
    client.cookies["vault"] = stale
    response = client.get("/login/")
    assert response.cookies["vault"].value == ""
