"""Keeping a person's unlocked keys between requests without the server holding them.

A random 32-byte key lives only in the browser's cookie. The session row holds the
person's keys sealed under it. The database alone, or the cookie alone, opens nothing;
logging out deletes both halves.
"""

from __future__ import annotations

import base64

from afterwards.vault import crypto
from afterwards.vault.keyring import UnlockedKeys


def new_cookie_key() -> bytes:
    return crypto.random_key()


def encode_cookie(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii").rstrip("=")


def decode_cookie(value: str) -> bytes | None:
    try:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError):
        return None
    return key if len(key) == crypto.KEY_BYTES else None


def _aad(user_id: int) -> bytes:
    return f"session|{user_id}".encode()


def seal_keys(cookie_key: bytes, keys: UnlockedKeys, *, user_id: int) -> str:
    plaintext = keys.user_key + keys.secret_key + keys.public_key
    return base64.b64encode(crypto.seal(cookie_key, plaintext, _aad(user_id))).decode("ascii")


def open_keys(cookie_key: bytes, sealed: str, *, user_id: int) -> UnlockedKeys:
    try:
        blob = base64.b64decode(sealed)
    except (ValueError, TypeError):
        raise crypto.VaultError("the session's keys are not readable") from None
    plaintext = crypto.unseal(cookie_key, blob, _aad(user_id))
    size = crypto.KEY_BYTES
    return UnlockedKeys(plaintext[:size], plaintext[size : 2 * size], plaintext[2 * size :])


def seal_text(cookie_key: bytes, text: str, *, purpose: str) -> str:
    """Something short the session must remember for a moment (a recovery code to show)."""
    blob = crypto.seal(cookie_key, text.encode(), f"session-text|{purpose}".encode())
    return base64.b64encode(blob).decode("ascii")


def open_text(cookie_key: bytes, sealed: str, *, purpose: str) -> str:
    blob = base64.b64decode(sealed)
    return crypto.unseal(cookie_key, blob, f"session-text|{purpose}".encode()).decode()
