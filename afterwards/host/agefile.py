"""Does the key open this age file's header? Asked only after pyrage refused a backup.

pyrage says "it did not decrypt" for a wrong passphrase and for a damaged file alike,
so the header is read here (https://age-encryption.org/v1): its recipient stanzas each
wrap the file key, and a right passphrase or identity unwraps one of them. If one
unwraps, the key was right and the file is damaged or truncated after that point; if
none does, the key is wrong. A header cut short or malformed is damage too.

Only this question is answered: the file key found is thrown away, and the payload is
left to pyrage. Plain Python with `cryptography`, no Django.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION_LINE = b"age-encryption.org/v1"
BODY_COLUMNS = 64
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
X25519_LABEL = b"age-encryption.org/v1/X25519"
# age's own tools refuse more scrypt work than this; so does this check.
MOST_SCRYPT_LOG_N = 22
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


@dataclass(frozen=True)
class Stanza:
    kind: str  # "scrypt", "X25519", …
    args: list[str]
    body: bytes  # the wrapped file key


def _b64(text: bytes | str) -> bytes:
    """age's base64: standard alphabet, no padding."""
    raw = text.encode() if isinstance(text, str) else text
    return base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)


def stanzas(sealed: bytes) -> list[Stanza] | None:
    """The header's recipient stanzas; None when the header is cut short or malformed."""
    end = sealed.find(b"\n--- ")
    if end < 0:
        return None
    lines = sealed[:end].split(b"\n")
    if lines[0] != VERSION_LINE:
        return None
    found: list[Stanza] = []
    index = 1
    while index < len(lines):
        line = lines[index]
        if not line.startswith(b"-> "):
            return None
        body = b""
        while True:
            index += 1
            if index >= len(lines):
                return None
            body += lines[index]
            if len(lines[index]) < BODY_COLUMNS:
                break
        index += 1
        try:
            kind, *args = line[3:].decode("ascii").split(" ")
            found.append(Stanza(kind=kind, args=args, body=_b64(body)))
        except (UnicodeDecodeError, ValueError, binascii.Error):
            return None
    return found


def _unwraps(key: bytes, body: bytes) -> bool:
    try:
        ChaCha20Poly1305(key).decrypt(b"\x00" * 12, body, None)
    except InvalidTag:
        return False
    return True


def opens_with_passphrase(found: list[Stanza], passphrase: str) -> bool:
    for stanza in found:
        if stanza.kind != "scrypt" or len(stanza.args) != 2:
            continue
        try:
            salt = _b64(stanza.args[0])
            log_n = int(stanza.args[1])
        except (ValueError, binascii.Error):
            continue
        if not 1 <= log_n <= MOST_SCRYPT_LOG_N:
            continue
        n = 2**log_n
        key = hashlib.scrypt(
            passphrase.encode(),
            salt=SCRYPT_LABEL + salt,
            n=n,
            r=8,
            p=1,
            maxmem=129 * 8 * n + 2**20,
            dklen=32,
        )
        if _unwraps(key, stanza.body):
            return True
    return False


def _bech32_data(text: str) -> bytes:
    """The bytes a bech32 string carries (its checksum not checked: pyrage has read it)."""
    data = text.lower().rpartition("1")[2][:-6]
    bits = 0
    value = 0
    out = bytearray()
    for char in data:
        value = (value << 5) | BECH32.index(char)
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((value >> bits) & 0xFF)
    return bytes(out)


def opens_with_identities(found: list[Stanza], identities: list[str]) -> bool:
    """identities: AGE-SECRET-KEY-1… strings."""
    for identity in identities:
        secret = X25519PrivateKey.from_private_bytes(_bech32_data(identity))
        public = secret.public_key().public_bytes_raw()
        for stanza in found:
            if stanza.kind != "X25519" or len(stanza.args) != 1:
                continue
            try:
                share = _b64(stanza.args[0])
                shared = secret.exchange(X25519PublicKey.from_public_bytes(share))
            except (ValueError, binascii.Error):
                continue
            key = HKDF(
                algorithm=SHA256(), length=32, salt=share + public, info=X25519_LABEL
            ).derive(shared)
            if _unwraps(key, stanza.body):
                return True
    return False
