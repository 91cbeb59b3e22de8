from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from afterwards.accounts.services import PENDING_CODE_FIELD


def person_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, with the vault open, and the recovery code confirmed as kept."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or request.vault is None:  # type: ignore[attr-defined]
            return redirect_to_login(request.get_full_path())
        if PENDING_CODE_FIELD in request.session:
            return redirect("accounts:recovery_code")
        return view(request, *args, **kwargs)

    return wrapper
