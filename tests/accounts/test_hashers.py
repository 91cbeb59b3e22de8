"""Django's password hash shares the vault's bound on memory-hard work."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password

from afterwards.accounts import hashers
from afterwards.accounts.hashers import BoundedArgon2PasswordHasher


class CountingSlot:
    def __init__(self) -> None:
        self.entered = 0

    def __enter__(self) -> None:
        self.entered += 1

    def __exit__(self, *exc: object) -> None:
        return None


def test_hashing_and_checking_take_a_slot(monkeypatch, settings):
    slot = CountingSlot()
    monkeypatch.setattr(hashers, "kdf_slot", lambda: slot)
    encoded = make_password("a long quiet passphrase")
    assert check_password("a long quiet passphrase", encoded)
    assert slot.entered == 2


def test_host_hashes_use_sixty_four_mebibytes_and_still_read_djangos_own():
    hasher = BoundedArgon2PasswordHasher()
    assert hasher.memory_cost == 64 * 1024
    assert hasher.algorithm == "argon2"
