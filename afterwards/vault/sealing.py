"""Sealing entries. Pure Python.

Each entry has its own random entry key EK. The content is sealed under EK with the
entry's identity as associated data, so a blob copied onto another row, another person
or another kind of entry does not open. EK itself is stored wrapped: always for the
owner (under the user key), and for the partner (a sealed box to their public key)
only while the entry is shared.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterwards.vault import crypto
from afterwards.vault.keyring import UnlockedKeys

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Sealed:
    blob: bytes
    owner_wrap: bytes
    entry_key: bytes

    def __repr__(self) -> str:
        return "Sealed(…)"


def entry_aad(*, entry_id: str, owner_id: int, kind: str, version: int = FORMAT_VERSION) -> bytes:
    return f"entry|{entry_id}|{owner_id}|{kind}|{version}".encode()


def _wrap_aad(entry_aad: bytes) -> bytes:
    return b"wrap|" + entry_aad


def seal_entry(keys: UnlockedKeys, content: bytes, *, aad: bytes) -> Sealed:
    entry_key = crypto.random_key()
    return Sealed(
        blob=crypto.seal(entry_key, content, aad),
        owner_wrap=crypto.seal(keys.user_key, entry_key, _wrap_aad(aad)),
        entry_key=entry_key,
    )


def reseal_entry(keys: UnlockedKeys, owner_wrap: bytes, content: bytes, *, aad: bytes) -> bytes:
    """New content under the entry's existing key (an edit keeps partner wraps valid)."""
    entry_key = crypto.unseal(keys.user_key, owner_wrap, _wrap_aad(aad))
    return crypto.seal(entry_key, content, aad)


def entry_key_for_owner(keys: UnlockedKeys, owner_wrap: bytes, *, aad: bytes) -> bytes:
    return crypto.unseal(keys.user_key, owner_wrap, _wrap_aad(aad))


def open_as_owner(keys: UnlockedKeys, blob: bytes, owner_wrap: bytes, *, aad: bytes) -> bytes:
    return crypto.unseal(entry_key_for_owner(keys, owner_wrap, aad=aad), blob, aad)


def wrap_for_partner(entry_key: bytes, partner_public_key: bytes) -> bytes:
    return crypto.seal_to(partner_public_key, entry_key)


def open_as_partner(keys: UnlockedKeys, blob: bytes, partner_wrap: bytes, *, aad: bytes) -> bytes:
    entry_key = crypto.open_sealed(keys.secret_key, partner_wrap)
    return crypto.unseal(entry_key, blob, aad)


def blind_index(keys: UnlockedKeys, kind: str, value: str) -> bytes:
    """A stable, keyed stand-in for a value (a day) that must be unique or looked up.

    Without the user key it reveals nothing; with it, equal values give equal indexes.
    """
    return blind_indexes(keys, kind, [value])[0]


def blind_indexes(keys: UnlockedKeys, kind: str, values: list[str]) -> list[bytes]:
    """Many blind indexes at once, deriving the index key only once."""
    index_key = keys.subkey("blind-index")
    return [crypto.keyed_hash(index_key, f"{kind}|{value}".encode()) for value in values]
