"""A person's key hierarchy. Pure Python: what is stored goes in, what is unlocked comes out.

passphrase ─Argon2id(salt, params)─▶ IKM ─▶ KEK_pw          (never stored)
recovery code (140 bits) ─BLAKE2b(salt)─▶ KEK_rc            (never stored)
user key UK: random, stored only as seal(KEK_pw, UK) and seal(KEK_rc, UK)
X25519 pair: public key in clear, secret key stored as seal(UK, sk)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from afterwards.vault import crypto
from afterwards.vault.crypto import KdfParams, VaultError

# Crockford's base32: no I, L, O or U, so a code copied by hand survives.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_CHARS = 28  # 28 × 5 = 140 bits
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


@dataclass(frozen=True)
class StoredKeyring:
    """Everything about a person's keys that the database holds. None of it opens anything."""

    kdf_salt: bytes
    kdf_params: KdfParams
    uk_by_passphrase: bytes
    recovery_salt: bytes
    uk_by_recovery: bytes
    public_key: bytes
    secret_key_sealed: bytes


@dataclass(frozen=True)
class UnlockedKeys:
    """A person's keys while they are logged in. Lives in memory for one request."""

    user_key: bytes
    secret_key: bytes
    public_key: bytes

    def subkey(self, purpose: str) -> bytes:
        return crypto.subkey(self.user_key, purpose)

    def __repr__(self) -> str:  # never print keys into a log or a traceback
        return "UnlockedKeys(…)"


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_CHARS))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_CHARS, 4))


def normalise_recovery_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != _CODE_CHARS or any(ch not in _ALPHABET for ch in cleaned):
        raise VaultError("not a recovery code")
    return cleaned


def _kek_from_passphrase(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    ikm = crypto.derive_from_passphrase(passphrase, salt, params)
    return crypto.subkey(ikm, "kek")


def _kek_from_recovery_code(code: str, salt: bytes) -> bytes:
    normalised = normalise_recovery_code(code).encode("ascii")
    return crypto.subkey(crypto.keyed_hash(salt, normalised, size=32), "recovery")


_AAD_UK_PW = b"uk|passphrase"
_AAD_UK_RC = b"uk|recovery"
_AAD_SK = b"sk"


def create(passphrase: str, params: KdfParams) -> tuple[StoredKeyring, UnlockedKeys, str]:
    """A new keyring: what to store, the unlocked keys, and the recovery code to show once."""
    user_key = crypto.random_key()
    public_key, secret_key = crypto.new_key_pair()
    code = new_recovery_code()
    kdf_salt = crypto.random_salt()
    recovery_salt = crypto.random_salt()
    stored = StoredKeyring(
        kdf_salt=kdf_salt,
        kdf_params=params,
        uk_by_passphrase=crypto.seal(
            _kek_from_passphrase(passphrase, kdf_salt, params), user_key, _AAD_UK_PW
        ),
        recovery_salt=recovery_salt,
        uk_by_recovery=crypto.seal(
            _kek_from_recovery_code(code, recovery_salt), user_key, _AAD_UK_RC
        ),
        public_key=public_key,
        secret_key_sealed=crypto.seal(user_key, secret_key, _AAD_SK + public_key),
    )
    return stored, UnlockedKeys(user_key, secret_key, public_key), code


def _open_with_user_key(stored: StoredKeyring, user_key: bytes) -> UnlockedKeys:
    secret_key = crypto.unseal(user_key, stored.secret_key_sealed, _AAD_SK + stored.public_key)
    return UnlockedKeys(user_key, secret_key, stored.public_key)


def unlock_with_passphrase(stored: StoredKeyring, passphrase: str) -> UnlockedKeys:
    kek = _kek_from_passphrase(passphrase, stored.kdf_salt, stored.kdf_params)
    user_key = crypto.unseal(kek, stored.uk_by_passphrase, _AAD_UK_PW)
    return _open_with_user_key(stored, user_key)


def unlock_with_recovery_code(stored: StoredKeyring, code: str) -> UnlockedKeys:
    kek = _kek_from_recovery_code(code, stored.recovery_salt)
    user_key = crypto.unseal(kek, stored.uk_by_recovery, _AAD_UK_RC)
    return _open_with_user_key(stored, user_key)


def with_new_passphrase(
    stored: StoredKeyring, keys: UnlockedKeys, passphrase: str, params: KdfParams
) -> StoredKeyring:
    """Re-wrap the user key under a new passphrase. Entries are untouched."""
    salt = crypto.random_salt()
    kek = _kek_from_passphrase(passphrase, salt, params)
    return replace(
        stored,
        kdf_salt=salt,
        kdf_params=params,
        uk_by_passphrase=crypto.seal(kek, keys.user_key, _AAD_UK_PW),
    )


def with_new_recovery_code(stored: StoredKeyring, keys: UnlockedKeys) -> tuple[StoredKeyring, str]:
    """Replace the recovery code: the old one stops working."""
    code = new_recovery_code()
    salt = crypto.random_salt()
    kek = _kek_from_recovery_code(code, salt)
    updated = replace(
        stored, recovery_salt=salt, uk_by_recovery=crypto.seal(kek, keys.user_key, _AAD_UK_RC)
    )
    return updated, code
