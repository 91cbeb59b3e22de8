from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect

from afterwards.accounts.models import User
from afterwards.accounts.services import PENDING_CODE_FIELD
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.middleware import VaultRequest


class PersonRequest(VaultRequest):
    """The request a view under person_required gets: a person, with the vault open."""

    user: User
    vault: UnlockedKeys


def person_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, with the vault open, and the recovery code confirmed as kept."""

    @wraps(view)
    def wrapper(request: VaultRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or request.vault is None:
            return redirect_to_login(request.get_full_path())
        if PENDING_CODE_FIELD in request.session:
            return redirect("accounts:recovery_code")
        return view(request, *args, **kwargs)

    return wrapper
