"""A person's own settings: their country (for the right help lines) and a neutral look.

Kept in the vault like everything else a person tells us, as one entry of kind "profile".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.http import HttpRequest

from afterwards.support import helplines
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.middleware import request_entry, request_entry_known

KIND = "profile"
INDEX = "profile"
NEUTRAL_TITLE = "Notes"


@dataclass
class Profile:
    country: str = ""  # ISO 3166 alpha-2, upper case; "" when not chosen
    neutral_look: bool = False  # page titles and icon say "Notes"
    # "Prefer not to say", chosen on purpose: never asked again, and never guessed. Help
    # still offers a country picker inside an urgent box, where a number is needed now.
    country_declined: bool = False

    def to_content(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> Profile:
        country = helplines.normalise(content.get("country"))
        return cls(
            country=country,
            neutral_look=bool(content.get("neutral_look", False)),
            country_declined=not country and bool(content.get("country_declined", False)),
        )


def profile_get(*, owner: Any, keys: UnlockedKeys) -> Profile:
    content = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX)
    return Profile.from_content(content) if content is not None else Profile()


def profile_save(*, owner: Any, keys: UnlockedKeys, profile: Profile) -> None:
    vault.entry_put(
        owner=owner, keys=keys, kind=KIND, index_value=INDEX, content=profile.to_content()
    )


def profile_for(request: HttpRequest) -> Profile:
    """The logged-in person's profile, read at most once per request; a blank one otherwise."""
    return Profile.from_content(request_entry(request, KIND, INDEX) or {})


def profile_prime(request: HttpRequest, content: dict[str, Any] | None) -> None:
    """For a page that read the profile's content along with other things in one query."""
    request_entry_known(request, KIND, INDEX, content)


def country_for(request: HttpRequest) -> str:
    """The person's country, or for someone not logged in, the one they picked on a page.

    Only ever what a person chose: never guessed from their address, their browser's
    languages or anything else a request carries (tests/support/test_country_choice.py)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return profile_for(request).country
    return helplines.normalise(request.GET.get("country"))
