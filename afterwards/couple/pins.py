"""Pinning the partner's public key, so that the host cannot swap one in later.

Each person's own session records the partner's public key, the first time it needs it,
in a vault entry sealed under the person's user key: the host can neither read nor forge
it. Every later share and every opening of a partner's entry uses the pinned key. If the
key in the database ever differs from the pinned one, nothing is shared or opened and the
page says so (PartnerKeyChanged).

The first sight is trusted (trust on first use). The safety code lets two people check,
side by side, that each pinned the other's real key: both see the same code only if
neither key was swapped.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from afterwards.couple.kinds import PIN
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys

INDEX = PIN


class PartnerKeyChanged(Exception):
    """The partner's public key in the database is not the one pinned at pairing."""


def partner_key(
    *, owner: Any, keys: UnlockedKeys, partner: Any, couple_id: str, settled: bool
) -> bytes:
    """The partner's public key as pinned by this person; pinned now if never before.

    Once the person has settled into the space their pin exists: a pin missing then was
    deleted by someone who can write the database, and is not silently made again.
    """
    current = bytes(partner.keyring.public_key)
    pin = vault.entry_find(owner=owner, keys=keys, kind=PIN, index_value=INDEX)
    if pin is not None and pin.get("couple") == couple_id and pin.get("partner") == partner.pk:
        pinned = base64.b64decode(pin["public_key"])
        if pinned != current:
            raise PartnerKeyChanged
        return pinned
    if settled:
        raise PartnerKeyChanged
    vault.entry_put(
        owner=owner,
        keys=keys,
        kind=PIN,
        index_value=INDEX,
        content={
            "couple": couple_id,
            "partner": partner.pk,
            "public_key": base64.b64encode(current).decode(),
        },
    )
    return current


def safety_code(own_public_key: bytes, partner_public_key: bytes) -> str:
    """Sixteen characters both partners see alike: the two keys in a fixed order, hashed."""
    first, second = sorted((own_public_key, partner_public_key))
    digest = hashlib.blake2b(b"afterwards-pair|" + first + second, digest_size=8).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4)).upper()
