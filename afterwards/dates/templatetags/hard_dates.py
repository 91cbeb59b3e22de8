"""The heads-up line on the Today page: `{% load hard_dates %}{% hard_dates_heads_up %}`.

It reads only the clear schedule (is one of the person's own windows open? has the
partner chosen to tell them?), never a sealed entry, so it names nothing.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from afterwards.notify.alarms import heads_ups

register = template.Library()


@register.inclusion_tag("dates/includes/heads_up.html", takes_context=True)
def hard_dates_heads_up(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"own": False, "partner": False}
    own, partner = heads_ups(user=user, today=timezone.localdate())
    return {"own": own, "partner": partner}
