"""Primitives of the vault, all from libsodium through PyNaCl. No Django here.

Every ciphertext starts with a two-byte header, version and algorithm, so that keys and
algorithms can be rotated later without guessing what an old blob is:

    version (1) | algorithm (1) | nonce (24) | ciphertext

The header is also bound into what is authenticated (the AEAD's associated data; inside
a box, a digest of it), so it cannot be swapped.
"""

from __future__ import annotations

import os
import sys
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import nacl.bindings as sodium
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.utils
from nacl.encoding import RawEncoder
from nacl.public import Box, PrivateKey, PublicKey

VERSION = 1
ALG_XCHACHA20_POLY1305 = 1  # secret-key AEAD, with associated data
# 2 was an anonymous sealed box (X25519, sender unknown) for partner wraps: retired
# because anyone could make one. Never reuse the number.
ALG_BOX = 3  # crypto_box: X25519 + XSalsa20-Poly1305, from a known sender to a recipient

KEY_BYTES = 32
NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES
BOX_NONCE_BYTES = sodium.crypto_box_NONCEBYTES
BOX_TAG_BYTES = sodium.crypto_box_ZEROBYTES - sodium.crypto_box_BOXZEROBYTES
BOX_BINDING_BYTES = 32
X25519_KEY_BYTES = sodium.crypto_box_PUBLICKEYBYTES
_BOX_MIN_BYTES = 2 + BOX_NONCE_BYTES + BOX_TAG_BYTES + BOX_BINDING_BYTES


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


# A login's derivations run in threads of their own whose nice is raised by this much
# (Linux keeps a nice per thread), so that while many people log in at once the pages of
# people already logged in still get the processor: a burst of logins waits a little
# longer, the pages do not (docs/performance.md, the login storm). Raising one's nice
# needs no privilege; lowering it again would, which is why these threads only derive.
KDF_NICE = 10
_kdf_threads: tuple[int, ThreadPoolExecutor] | None = None
_kdf_threads_lock = threading.Lock()


def _kdf_thread_start() -> None:
    if sys.platform != "linux":  # elsewhere a thread's id may name a process
        return
    try:
        me = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, me, os.getpriority(os.PRIO_PROCESS, me) + KDF_NICE)
    except OSError:  # not allowed: run at the usual priority
        pass


def kdf_behind_pages[T](work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in a derivation thread, at a lower priority than pages; the caller
    waits for it. Call it holding kdf_slot(), which stays the bound on memory."""
    global _kdf_threads
    with _kdf_threads_lock:
        # One set of threads per process: a forked web worker makes its own.
        if _kdf_threads is None or _kdf_threads[0] != os.getpid():
            _kdf_threads = (
                os.getpid(),
                ThreadPoolExecutor(
                    max_workers=64,  # made as needed; kdf_slot() is the bound
                    thread_name_prefix="kdf",
                    initializer=_kdf_thread_start,
                ),
            )
        threads = _kdf_threads[1]
    return threads.submit(work, *args).result()


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
        return kdf_behind_pages(
            _argon2id, normalise_passphrase(passphrase), salt, params.opslimit, params.memlimit
        )


def _argon2id(secret: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(KEY_BYTES, secret, salt, opslimit=opslimit, memlimit=memlimit)


def subkey(key: bytes, purpose: str) -> bytes:
    """A key for one purpose from a uniformly random key (keyed BLAKE2b)."""
    return nacl.hash.blake2b(
        purpose.encode("ascii"), key=key, digest_size=KEY_BYTES, encoder=RawEncoder
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


def _box_binding(
    header: bytes, sender_public_key: bytes, recipient_public_key: bytes, aad: bytes
) -> bytes:
    # crypto_box has no associated data, so a digest of it travels inside the box. The
    # two public keys are in it too: the key a box is made under is the same both ways
    # (A to B, B to A), and without them a box could be passed off as sent the other way.
    return nacl.hash.blake2b(
        b"box|" + header + sender_public_key + recipient_public_key + aad,
        digest_size=BOX_BINDING_BYTES,
        encoder=RawEncoder,
    )


def _x25519_pair(secret_key: bytes, public_key: bytes) -> tuple[Box, bytes]:
    """The box between a secret key and another's public key, and that secret key's own
    public key. A key of the wrong size, or a public key that gives no shared secret, is
    refused as a VaultError (PyNaCl would raise its own ValueError or RuntimeError)."""
    secret_key, public_key = bytes(secret_key), bytes(public_key)
    if len(secret_key) != X25519_KEY_BYTES or len(public_key) != X25519_KEY_BYTES:
        raise VaultError("not an X25519 key")
    try:
        secret = PrivateKey(secret_key)
        return Box(secret, PublicKey(public_key)), bytes(secret.public_key)
    except nacl.exceptions.CryptoError:
        raise VaultError("no box can be made between these keys") from None


def box(
    sender_secret_key: bytes, recipient_public_key: bytes, plaintext: bytes, aad: bytes = b""
) -> bytes:
    """Encrypt for one recipient so that they also know who sent it (libsodium's crypto_box).

    Only the holder of the recipient's secret key or of the sender's opens it; nobody
    without one of those two secret keys can make a box that opens as from this sender.
    """
    header = _header(ALG_BOX)
    pair, sender_public_key = _x25519_pair(sender_secret_key, recipient_public_key)
    binding = _box_binding(header, sender_public_key, bytes(recipient_public_key), aad)
    # An EncryptedMessage is nonce | ciphertext, the nonce 24 random bytes.
    return header + bytes(pair.encrypt(bytes(plaintext) + binding))


def unbox(
    recipient_secret_key: bytes, sender_public_key: bytes, blob: bytes, aad: bytes = b""
) -> bytes:
    """Open a box, proving it came from the holder of sender_public_key's secret key."""
    blob = bytes(blob)
    # Shorter than header, nonce, tag and binding and PyNaCl raises a bare ValueError or
    # TypeError rather than a CryptoError: refuse it here, as what it is.
    if len(blob) < _BOX_MIN_BYTES or blob[:2] != _header(ALG_BOX):
        raise VaultError("not a box of a known version")
    pair, recipient_public_key = _x25519_pair(recipient_secret_key, sender_public_key)
    try:
        inner = pair.decrypt(blob[2:])
    except nacl.exceptions.CryptoError:
        raise VaultError("the box could not be opened with these keys") from None
    plaintext, binding = inner[:-BOX_BINDING_BYTES], inner[-BOX_BINDING_BYTES:]
    expected = _box_binding(blob[:2], bytes(sender_public_key), recipient_public_key, aad)
    if not sodium.sodium_memcmp(binding, expected):
        raise VaultError("the box was made for another place or the other way round")
    return plaintext
