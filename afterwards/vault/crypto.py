"""Primitives of the vault, all from libsodium through PyNaCl. No Django here.

Every ciphertext starts with a two-byte header, version and algorithm, so that keys and
algorithms can be rotated later without guessing what an old blob is:

    version (1) | algorithm (1) | nonce (24, AEAD only) | ciphertext

The header is also bound into the AEAD's associated data, so it cannot be swapped.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

import nacl.bindings as sodium
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.utils
from nacl.encoding import RawEncoder
from nacl.public import PrivateKey, PublicKey, SealedBox

VERSION = 1
ALG_XCHACHA20_POLY1305 = 1  # secret-key AEAD, with associated data
ALG_SEALED_BOX = 2  # X25519 + XSalsa20-Poly1305, anonymous sender

KEY_BYTES = 32
NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES


class VaultError(Exception):
    """A ciphertext could not be opened: wrong key, tampered, moved or unknown format."""


@dataclass(frozen=True)
class KdfParams:
    opslimit: int
    memlimit: int
    algorithm: str = "argon2id13"


# Argon2id is memory-hard on purpose: bound how many run at once so that a burst of
# logins cannot exhaust the host's memory.
_kdf_slots = threading.BoundedSemaphore(2)


def set_kdf_concurrency(slots: int) -> None:
    global _kdf_slots
    _kdf_slots = threading.BoundedSemaphore(slots)


def kdf_slot() -> threading.BoundedSemaphore:
    """The shared bound on memory-hard work; Django's password hasher takes it too."""
    return _kdf_slots


def random_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


def random_salt() -> bytes:
    return nacl.utils.random(SALT_BYTES)


def normalise_passphrase(passphrase: str) -> bytes:
    return unicodedata.normalize("NFKC", passphrase).encode("utf-8")


def derive_from_passphrase(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if params.algorithm != "argon2id13":
        raise VaultError(f"unknown key derivation {params.algorithm!r}")
    with _kdf_slots:
        return nacl.pwhash.argon2id.kdf(
            KEY_BYTES,
            normalise_passphrase(passphrase),
            salt,
            opslimit=params.opslimit,
            memlimit=params.memlimit,
        )


def subkey(key: bytes, purpose: str, *, salt: bytes = b"") -> bytes:
    """A key for one purpose from a uniformly random key (keyed BLAKE2b)."""
    return nacl.hash.blake2b(
        purpose.encode("ascii"),
        key=key,
        salt=salt,
        digest_size=KEY_BYTES,
        encoder=RawEncoder,
    )


def keyed_hash(key: bytes, message: bytes, *, size: int = 16) -> bytes:
    return nacl.hash.blake2b(message, key=key, digest_size=size, encoder=RawEncoder)


def _header(algorithm: int) -> bytes:
    return bytes((VERSION, algorithm))


def seal(key: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    header = _header(ALG_XCHACHA20_POLY1305)
    nonce = nacl.utils.random(NONCE_BYTES)
    ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext, header + aad, nonce, key
    )
    return header + nonce + ciphertext


def unseal(key: bytes, blob: bytes, aad: bytes = b"") -> bytes:
    blob = bytes(blob)
    # A blob shorter than header, nonce and tag would make libsodium's binding raise a bare
    # ValueError rather than a CryptoError: refuse it here, as what it is.
    if len(blob) < 2 + NONCE_BYTES + TAG_BYTES or blob[:2] != _header(ALG_XCHACHA20_POLY1305):
        raise VaultError("not a sealed blob of a known version")
    nonce = blob[2 : 2 + NONCE_BYTES]
    try:
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            blob[2 + NONCE_BYTES :], blob[:2] + aad, nonce, key
        )
    except nacl.exceptions.CryptoError:
        raise VaultError("the blob could not be opened with this key") from None


def new_key_pair() -> tuple[bytes, bytes]:
    """(public key, secret key) for X25519."""
    secret = PrivateKey.generate()
    return bytes(secret.public_key), bytes(secret)


def seal_to(public_key: bytes, plaintext: bytes) -> bytes:
    """Seal for the holder of a secret key, without being able to open it again."""
    return _header(ALG_SEALED_BOX) + SealedBox(PublicKey(public_key)).encrypt(plaintext)


def open_sealed(secret_key: bytes, blob: bytes) -> bytes:
    blob = bytes(blob)
    if blob[:2] != _header(ALG_SEALED_BOX):
        raise VaultError("not a sealed box of a known version")
    try:
        return SealedBox(PrivateKey(secret_key)).decrypt(blob[2:])
    except nacl.exceptions.CryptoError:
        raise VaultError("the sealed box could not be opened with this key") from None
