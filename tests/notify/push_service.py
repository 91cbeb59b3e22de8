"""A browser's side of Web Push, written here from the RFCs, not with pywebpush's own
library: its keys (what a browser hands the server on subscribing), the decryption of a
push (RFC 8291 over RFC 8188's aes128gcm) and the check of the server's VAPID signature
(RFC 8292). What the server sends must open with these, or no browser could read it."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def _hkdf(*, salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


@dataclass
class Browser:
    """A browser's push keys: the private half stays here."""

    private: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64(_point(self.private.public_key()))

    @property
    def auth_b64(self) -> str:
        return b64(self.auth)

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 section 3.4, then RFC 8188 section 2, for the single record a push is."""
        salt, record_size, id_length = body[:16], int.from_bytes(body[16:20]), body[20]
        server_point = body[21 : 21 + id_length]
        records = body[21 + id_length :]
        assert id_length == 65 and len(records) <= record_size, "one record, keyid a P-256 point"
        server = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), server_point)
        shared = self.private.exchange(ec.ECDH(), server)
        key_info = b"WebPush: info\x00" + _point(self.private.public_key()) + server_point
        ikm = _hkdf(salt=self.auth, ikm=shared, info=key_info, length=32)
        cek = _hkdf(salt=salt, ikm=ikm, info=b"Content-Encoding: aes128gcm\x00", length=16)
        nonce = _hkdf(salt=salt, ikm=ikm, info=b"Content-Encoding: nonce\x00", length=12)
        padded = AESGCM(cek).decrypt(nonce, records, None)
        unpadded = padded.rstrip(b"\x00")
        assert unpadded.endswith(b"\x02"), "the last record's delimiter"
        return unpadded[:-1]


def vapid_claims(authorization: str, *, public_key: str) -> dict[str, Any]:
    """The claims of a `vapid t=<JWT>, k=<key>` header (RFC 8292), once its ES256
    signature is checked against `public_key`, the key the browser subscribed with."""
    scheme, _, rest = authorization.partition(" ")
    assert scheme == "vapid", authorization
    parts = dict(part.strip().split("=", 1) for part in rest.split(","))
    assert parts["k"] == public_key
    header, claims, signature = parts["t"].split(".")
    raw = unb64(signature)
    assert len(raw) == 64
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(public_key))
    key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    assert json.loads(unb64(header)) == {"typ": "JWT", "alg": "ES256"}
    found: dict[str, Any] = json.loads(unb64(claims))
    return found
