"""Small helpers shared by the vault's tests (not fixtures: plain functions and constants)."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from afterwards.vault import crypto
from afterwards.vault.crypto import KdfParams
from afterwards.vault.keyring import UnlockedKeys

# Argon2id at its lightest: the maths is the same as on a host, the cost is not.
FAST = KdfParams(opslimit=1, memlimit=8 * 1024 * 1024)

NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD")

# Text a person might type as a passphrase: any Unicode but lone surrogates (which no
# browser can send), with plenty of characters that have compatibility forms.
passphrases = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("ﬁﬂ①²ＡＢｃｄ Åéñü\u0301\u0308\u212b\u00c5ǅ…"),
    ),
    max_size=40,
)


def flipped(data: bytes, position: int, mask: int = 0x01) -> bytes:
    """The same bytes with one of them changed."""
    assert mask & 0xFF
    changed = bytearray(data)
    changed[position] ^= mask & 0xFF
    return bytes(changed)


def with_header(blob: bytes, version: int, algorithm: int) -> bytes:
    return bytes((version, algorithm)) + bytes(blob)[2:]


def fresh_keys() -> UnlockedKeys:
    """A person's unlocked keys without the cost of a keyring (no key derivation)."""
    public_key, secret_key = crypto.new_key_pair()
    return UnlockedKeys(crypto.random_key(), secret_key, public_key)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
