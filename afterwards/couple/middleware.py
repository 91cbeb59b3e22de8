"""A partner's key that is not the pinned one, wherever a page meets it, is explained.

The couple's pages let pins.PartnerKeyChanged rise (from pairing, or from a copy that
does not open with the pinned key) and it lands here: the calm page, status 409, with
nothing of the partner's shown and nothing shared. Only code that has something else to
do catches it itself (a day is still saved; Patterns still shows the person's own).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from afterwards.couple.pins import PartnerKeyChanged


class PartnerKeyChangedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PartnerKeyChanged):
            return render(request, "couple/key_changed.html", status=409)
        return None
