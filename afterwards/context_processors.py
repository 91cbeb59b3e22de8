from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from afterwards.accounts.device import look_neutral, theme_chosen
from afterwards.accounts.profile import NEUTRAL_TITLE


def site(request: HttpRequest) -> dict[str, Any]:
    def neutral_look() -> bool:
        # A callable, so the person's profile is read only by pages that ask.
        return look_neutral(request)

    return {
        "site_name": settings.SITE_NAME,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "neutral_look": neutral_look,
        "neutral_title": NEUTRAL_TITLE,
        "theme": theme_chosen(request),
    }
