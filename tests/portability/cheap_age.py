"""An age file sealed to a passphrase with a scrypt work factor of our choosing, laid out
byte by byte as the age spec says (age-encryption.org/v1): pyrage picks its own work
factor by timing the machine (seconds here), while a fuzz test opens hundreds of files.
What the tests check is how the import page reads such a file, not age itself."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CHUNK = 64 * 1024


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def sealed(data: bytes, phrase: str, *, log_n: int = 1) -> bytes:
    file_key, salt = os.urandom(16), os.urandom(16)
    wrapping = hashlib.scrypt(
        phrase.encode(),
        salt=b"age-encryption.org/v1/scrypt" + salt,
        n=2**log_n,
        r=8,
        p=1,
        dklen=32,
    )
    stanza = ChaCha20Poly1305(wrapping).encrypt(bytes(12), file_key, None)
    header = (
        b"age-encryption.org/v1\n-> scrypt " + _b64(salt) + b" " + str(log_n).encode() + b"\n"
        + _b64(stanza) + b"\n---"
    )  # fmt: skip
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, "sha256").digest()
    nonce = os.urandom(16)
    stream = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [data[at : at + CHUNK] for at in range(0, len(data), CHUNK)] or [b""]
    body = b"".join(
        stream.encrypt(n.to_bytes(11, "big") + bytes([n == len(chunks) - 1]), chunk, None)
        for n, chunk in enumerate(chunks)
    )
    return header + b" " + _b64(mac) + b"\n" + nonce + body
