"""The demo banner's facts, for every page: on only while AFTERWARDS_DEMO is set."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from afterwards.demo.story import PEOPLE


def demo(request: HttpRequest) -> dict[str, Any]:
    if not settings.DEMO:
        return {"demo": False}
    return {"demo": True, "demo_people": PEOPLE}
