"""Bench-only URLs: the project's own, plus a bare view that is the floor.

The floor goes through every middleware of settings.MIDDLEWARE (session, auth, CSRF,
the vault opening the person's keys …) and does nothing else, so "page ÷ floor" is
what a page costs over and above merely being a logged-in request.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_http_methods

FLOOR_PATH = "/bench/floor/"


@require_http_methods(["GET", "POST"])
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", floor, name="bench-floor"),
    path("", include("afterwards.urls")),
]
