"""A secret only the two people of a space can compute, and the tags made from it.

Each person's session computes X25519 between their own secret key and the partner's
pinned public key: the two sides get the same value, and nobody else can, the host
included (it holds neither secret key). Hashed with both public keys and the couple's
id, it is the pair's secret for questions: it orders the questions and picks the days
(library.py), and it names each answer's copy for the partner with a tag (copy_tag), so
that a reader can ask the database for exactly the copies of the questions they
answered themselves, and for nothing else of the partner's. To the host a tag is sixteen
random-looking bytes: it names neither the day nor the question, and it differs from
the tag of the other person's answer to the same question.

A new space between the same two people has a new couple id, so a new secret: nothing
made in a space they left can be found from a later one.
"""

from __future__ import annotations

from datetime import date

import nacl.bindings
import nacl.exceptions

from afterwards.couple.pins import PartnerKeyChanged
from afterwards.vault import crypto
from afterwards.vault.keyring import UnlockedKeys

X25519_BYTES = 32


def pair_secret(*, keys: UnlockedKeys, partner_key: bytes, couple_id: str) -> bytes:
    """The pair's secret for this space, the same on both sides.

    Raises PartnerKeyChanged for a partner key that gives no shared value (of the wrong
    size, or a low-order point that only a forged key would be): nothing is then shown."""
    partner_key = bytes(partner_key)
    if len(partner_key) != X25519_BYTES or len(bytes(keys.secret_key)) != X25519_BYTES:
        raise PartnerKeyChanged
    try:
        shared = nacl.bindings.crypto_scalarmult(bytes(keys.secret_key), partner_key)
    except (nacl.exceptions.CryptoError, nacl.exceptions.RuntimeError) as error:
        raise PartnerKeyChanged from error
    if shared == bytes(X25519_BYTES):
        raise PartnerKeyChanged
    first, second = sorted((bytes(keys.public_key), partner_key))
    message = b"afterwards-questions|" + first + second + b"|" + couple_id.encode()
    return crypto.keyed_hash(shared, message, size=32)


def copy_tag(secret: bytes, *, author_key: bytes, day: date, question: str) -> bytes:
    """The index of the copy its author wrote of their answer to this day's question:
    computable by both people (the author's public key names whose it is), by nobody else."""
    key = crypto.subkey(secret, "question-copy")
    return crypto.keyed_hash(key, bytes(author_key) + f"|{day.isoformat()}|{question}".encode())
