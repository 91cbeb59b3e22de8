"""The database alone, or a cookie alone, opens nothing.

A thief with a copy of the database has every session row, so can forge the session
cookie. What they do not have is the vault cookie: the random key that the session row's
keys are sealed under, which only the browser holds.
"""

from __future__ import annotations

import base64
import secrets

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import timezone

from afterwards.accounts.models import UserSession
from afterwards.vault import session as vault_session
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import unlock_with_passphrase, unlock_with_recovery_code
from afterwards.vault.middleware import SESSION_FIELD
from afterwards.vault.models import Keyring

PAGES = ["/journal/day/", "/journal/", "/account/", "/account/passphrase/", "/account/delete/"]


def _today() -> str:
    return timezone.localdate().isoformat()


def _write_note(person, text: str) -> None:  # type: ignore[no-untyped-def]
    response = person.client.post(f"/journal/day/{_today()}/", {"mood": "2", "note": text})
    assert response.status_code == 302
    assert text in person.client.get(f"/journal/day/{_today()}/").content.decode()


def _cookies(client: Client) -> dict[str, str]:
    return {name: morsel.value for name, morsel in client.cookies.items()}


def _client_with(cookies: dict[str, str]) -> Client:
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def _assert_opens_nothing(client: Client, *secrets_: str) -> None:
    """Every private page sends the client to log in, and no response shows a secret."""
    seen = []
    for page in [f"/journal/day/{_today()}/", *PAGES]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/login/"), (page, response["Location"])
        seen.append(response)
        seen.append(client.get(page, follow=True))
    for response in seen:
        body = response.content.decode()
        for secret in secrets_:
            assert secret not in body
            assert secret not in str(response.headers)


def make_login(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    credentials = {"username": person.user.username, "passphrase": person.passphrase}
    response = client.post("/login/", credentials)
    assert response.status_code == 302
    return client


def _session_row(client: Client) -> UserSession:
    return UserSession.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _vault_cookie(client: Client) -> str:
    return client.cookies[settings.VAULT_COOKIE_NAME].value


def test_session_cookie_without_vault_cookie_is_logged_out(owner):
    note = f"only mine {secrets.token_hex(8)}"
    _write_note(owner, note)
    stolen = _cookies(owner.client)
    del stolen[settings.VAULT_COOKIE_NAME]
    session_key = stolen[settings.SESSION_COOKIE_NAME]

    thief = _client_with(stolen)
    _assert_opens_nothing(thief, note)
    # The session was ended, not half-trusted: its row is gone.
    assert not UserSession.objects.filter(session_key=session_key).exists()


def test_forged_or_malformed_vault_cookie_opens_nothing(owner):
    note = f"only mine {secrets.token_hex(8)}"
    _write_note(owner, note)
    forged = [
        vault_session.encode_cookie(secrets.token_bytes(32)),
        "",
        "not base64 at all!!",
        "A" * 4000,
        base64.urlsafe_b64encode(secrets.token_bytes(31)).decode(),
        _vault_cookie(owner.client)[:-2],
    ]
    for value in forged:
        fresh = make_login(owner)
        cookies = _cookies(fresh)
        cookies[settings.VAULT_COOKIE_NAME] = value
        _assert_opens_nothing(_client_with(cookies), note)


def test_vault_cookie_after_logout_opens_nothing(owner):
    note = f"only mine {secrets.token_hex(8)}"
    _write_note(owner, note)
    before_logout = _cookies(owner.client)
    session_key = before_logout[settings.SESSION_COOKIE_NAME]

    response = owner.client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert response.cookies[settings.VAULT_COOKIE_NAME]["max-age"] == 0
    assert response.cookies[settings.VAULT_COOKIE_NAME].value == ""
    assert not UserSession.objects.filter(session_key=session_key).exists()

    _assert_opens_nothing(_client_with(before_logout), note)


def test_vault_cookie_after_logout_everywhere_opens_nothing(owner):
    note = f"only mine {secrets.token_hex(8)}"
    _write_note(owner, note)
    second_device = make_login(owner)
    remembered = [_cookies(owner.client), _cookies(second_device)]

    assert owner.client.post("/account/logout-everywhere/").status_code == 302
    assert not UserSession.objects.filter(user=owner.user).exists()
    for cookies in remembered:
        _assert_opens_nothing(_client_with(cookies), note)


def test_one_persons_vault_cookie_with_anothers_session_opens_nothing(owner, partner):
    owner_note = f"owner note {secrets.token_hex(8)}"
    partner_note = f"partner note {secrets.token_hex(8)}"
    _write_note(owner, owner_note)
    _write_note(partner, partner_note)

    mixed = _cookies(owner.client)
    mixed[settings.VAULT_COOKIE_NAME] = _vault_cookie(partner.client)
    _assert_opens_nothing(_client_with(mixed), owner_note, partner_note)

    mixed = _cookies(partner.client)
    mixed[settings.VAULT_COOKIE_NAME] = _vault_cookie(make_login(owner))
    _assert_opens_nothing(_client_with(mixed), owner_note, partner_note)


def test_sealed_keys_in_the_session_row_need_the_cookie_key(owner, partner):
    row = _session_row(owner.client)
    sealed = row.get_decoded()[SESSION_FIELD]
    own_key = vault_session.decode_cookie(_vault_cookie(owner.client))
    partner_key = vault_session.decode_cookie(_vault_cookie(partner.client))
    assert own_key is not None and partner_key is not None

    # Sanity: with the browser's half, the row opens to exactly the person's keys.
    opened = vault_session.open_keys(own_key, sealed, user_id=owner.user.pk)
    assert opened.user_key == owner.keys.user_key
    assert opened.secret_key == owner.keys.secret_key

    wrong_keys = [secrets.token_bytes(32), partner_key, bytes(32)]
    for key in wrong_keys:
        with pytest.raises(VaultError):
            vault_session.open_keys(key, sealed, user_id=owner.user.pk)
    # Nor can the sealed keys be moved onto another person's session.
    with pytest.raises(VaultError):
        vault_session.open_keys(own_key, sealed, user_id=partner.user.pk)


def _every_stored_value() -> list[object]:
    values: list[object] = []
    for model in apps.get_models():
        for row in model.objects.all().values_list():
            values.extend(row)
    for session in UserSession.objects.all():
        values.append(repr(session.get_decoded()))
    return values


def test_no_key_that_opens_anything_is_stored(owner, partner):
    """The cookie key and the keys it unseals appear nowhere in any table, in any form."""
    _write_note(owner, "something")
    secrets_: list[bytes] = []
    for person in (owner, partner):
        cookie_key = vault_session.decode_cookie(_vault_cookie(person.client))
        assert cookie_key is not None
        for key in (cookie_key, person.keys.user_key, person.keys.secret_key):
            secrets_ += [
                key,
                key.hex().encode(),
                base64.b64encode(key).rstrip(b"="),
                base64.urlsafe_b64encode(key).rstrip(b"="),
            ]
    stored = _every_stored_value()
    assert stored, "the search must see the rows"
    for value in stored:
        if isinstance(value, memoryview):
            value = bytes(value)
        blob = value if isinstance(value, bytes) else str(value).encode()
        for secret in secrets_:
            assert secret not in blob


def test_stored_keyring_does_not_open_without_passphrase_or_code(owner):
    stored = Keyring.objects.get(user=owner.user).stored()
    for guess in ["", owner.user.username, owner.passphrase + " ", owner.passphrase.upper()]:
        with pytest.raises(VaultError):
            unlock_with_passphrase(stored, guess)
    with pytest.raises(VaultError):
        unlock_with_recovery_code(stored, "0000-0000-0000-0000-0000-0000-0000")
    assert unlock_with_passphrase(stored, owner.passphrase).user_key == owner.keys.user_key
