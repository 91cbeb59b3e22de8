"""The partner's red flags on the Today page: `{% load partner_flags %}{% partner_red_flags %}`.

Only in a space, and only on Today: the copies the partner boxed to the reader and this
session has not yet seen to be of an older day are opened (couple/partner_flags.py), and
only today's and yesterday's body sections count. The numbers are the reader's own.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from afterwards.accounts.profile import country_for
from afterwards.couple.partner_flags import partner_flags_read
from afterwards.support.helplines import urgent_help

register = template.Library()


@register.inclusion_tag("couple/includes/partner_red_flags.html", takes_context=True)
def partner_red_flags(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"partner_flags": None}
    found = partner_flags_read(request, today=timezone.localdate())
    if found is None:
        return {"partner_flags": None}
    return {
        "partner_flags": found,
        "urgent": urgent_help(country_for(request)),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
