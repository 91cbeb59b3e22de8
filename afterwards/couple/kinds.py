"""The vault kinds that exist only because two people share a space.

Leaving the space deletes every entry of these kinds that either partner owns, in the
same transaction as every partner wrap between them (membership.couple_leave).
"""

from __future__ import annotations

PIN = "couple_pin"  # the partner's public key, as this person's session first saw it
SHARED_CHECKIN = "shared_checkin"  # the parts of one day a person chose to share

COUPLE_KINDS = frozenset({PIN, SHARED_CHECKIN})
