"""Sealing entries. Pure Python.

Each entry has its own random entry key EK. The content is sealed under EK with the
entry's identity as associated data, so a blob copied onto another row, another person
or another kind of entry does not open. EK itself is stored wrapped: always for the
owner (under the user key), and for the partner only while the entry is shared.

The partner wrap is a box from the owner's secret key to the partner's public key, bound
to the entry's identity. Opening it proves that the owner made it, for this entry: a
host that writes the database cannot make an entry look shared by someone, because that
needs the owner's secret key (or the reader's own). It trusts the owner's public key it
is given: the couple space gives the one each partner pinned at pairing (couple/pins.py).
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


def _partner_wrap_aad(entry_aad: bytes) -> bytes:
    return b"partner-wrap|" + entry_aad


def wrap_for_partner(
    owner_keys: UnlockedKeys, entry_key: bytes, partner_public_key: bytes, *, aad: bytes
) -> bytes:
    """EK in a box from the owner to the partner, bound to the entry whose AAD this is."""
    return crypto.box(owner_keys.secret_key, partner_public_key, entry_key, _partner_wrap_aad(aad))


def open_as_partner(
    reader_keys: UnlockedKeys,
    blob: bytes,
    partner_wrap: bytes,
    *,
    owner_public_key: bytes,
    aad: bytes,
) -> bytes:
    """Open an entry shared with the reader: only if its owner wrapped it, for this entry."""
    entry_key = crypto.unbox(
        reader_keys.secret_key, owner_public_key, partner_wrap, _partner_wrap_aad(aad)
    )
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
