"""What django-axes counts failed logins by: a person's name and where they are.

The name is kept only as a keyed hash, so a passphrase typed into the name box by
mistake never lands in the failed-attempts table. Behind a proxy the address is the one
the proxy saw (the last X-Forwarded-For entry, which the proxy itself appended): the
first entries are whatever the client chose to send, and trusting them would let a
guesser look like a new address on every try.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def throttle_name(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    canonical = str(typed or "").strip().casefold().encode()
    key = hashlib.blake2b(settings.SECRET_KEY.encode(), person=b"throttle-name").digest()
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()[:32]


def client_address(request: HttpRequest) -> str | None:
    if settings.BEHIND_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
