"""Shared fixtures: named people, logged-in clients, fast key derivation for tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from afterwards.accounts import services
from afterwards.accounts.models import User
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Keyring

PASSPHRASE = "quiet river under morning light"


@pytest.fixture(autouse=True)
def _fast_keys(settings):  # type: ignore[no-untyped-def]
    """Argon2id at its lightest: the cost is a host setting, the maths is the same."""
    settings.VAULT_KDF_OPSLIMIT = 1
    settings.VAULT_KDF_MEMLIMIT = 8 * 1024 * 1024
    settings.PASSWORD_HASHERS = ["afterwards.accounts.hashers.LightArgon2PasswordHasher"]


@dataclass
class Person:
    user: User
    keys: UnlockedKeys
    recovery_code: str
    passphrase: str
    client: Client


def create_account(username: str, passphrase: str = PASSPHRASE) -> tuple[User, UnlockedKeys, str]:
    """An account whose person ticked "I have kept my recovery code" at sign-up."""
    user, keys, code = services.account_create(username=username, email="", passphrase=passphrase)
    Keyring.objects.filter(user=user).update(recovery_code_kept=True)
    return user, keys, code


def make_person(username: str, passphrase: str = PASSPHRASE) -> Person:
    """A person with an account, logged in through the real login form."""
    user, keys, code = create_account(username, passphrase)
    client = Client()
    response = client.post("/login/", {"username": username, "passphrase": passphrase})
    assert response.status_code == 302, response.content
    return Person(user=user, keys=keys, recovery_code=code, passphrase=passphrase, client=client)


@pytest.fixture
def owner(db) -> Person:  # type: ignore[no-untyped-def]
    return make_person("robin")


@pytest.fixture
def partner(db) -> Person:  # type: ignore[no-untyped-def]
    return make_person("sam")


@pytest.fixture
def outsider(db) -> Person:  # type: ignore[no-untyped-def]
    return make_person("kit")
