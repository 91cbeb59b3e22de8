"""The heads-up line on the Today page: `{% load hard_dates %}{% hard_dates_heads_up %}`.

One clear query says whether the person has any heads-up at all and whether their
partner's is up for them; only when the person has one are their sealed hard dates read,
to tell whether it is up today (from the day it goes out to the date itself, which the
clear schedule does not hold). The line names nothing either way.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from afterwards.dates.services import own_heads_up_today
from afterwards.notify.alarms import heads_ups

register = template.Library()


@register.inclusion_tag("dates/includes/heads_up.html", takes_context=True)
def hard_dates_heads_up(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"own": False, "partner": False}
    today = timezone.localdate()
    scheduled, partner = heads_ups(user=user, today=today)
    keys = getattr(request, "vault", None)
    own = scheduled and keys is not None and own_heads_up_today(owner=user, keys=keys, today=today)
    return {"own": own, "partner": partner}
