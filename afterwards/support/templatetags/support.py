"""The country picker inside an urgent box: `{% load support %}`.

A box drawn without a country has no number to give, so it carries a small form: choose
a country, and one tap later the numbers are there. It posts to /help/country/, which keeps
the choice in the person's profile and comes back to the page. A page that was itself the
answer to a post (a form refused or previewed, nothing saved yet) would lose what was
typed on the way back, so there the picker opens the help page in a new tab instead.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from afterwards.support import helplines

register = template.Library()


@cache
def country_options() -> SafeString:
    """Every country as an <option>, escaped once for the life of the process."""
    return format_html_join("", '<option value="{}">{}</option>', helplines.countries())


@register.simple_tag(takes_context=True)
def urgent_anchor(context: template.Context) -> str:
    """An id for this urgent box and its picker's field, unique on its page."""
    request = context.get("request")
    count = int(getattr(request, "_afterwards_urgent_boxes", 0)) + 1
    if request is not None:
        setattr(request, "_afterwards_urgent_boxes", count)  # noqa: B010 - no such attribute
    return f"urgent-{count}"


@register.inclusion_tag("support/country_picker.html", takes_context=True)
def country_picker(context: template.Context, anchor: str) -> dict[str, Any]:
    request = context.get("request")
    unsaved = request is not None and request.method == "POST"
    # Back to the page itself, not to the box's #anchor: the first Tab on a page that
    # opens must still reach Quick exit, and the box is near the top of every page.
    back = reverse("help") if request is None or unsaved else request.get_full_path()
    user = getattr(request, "user", None)
    return {
        "anchor": anchor,
        "options": country_options(),
        "next": back,
        "new_tab": unsaved,
        "kept": user is not None and user.is_authenticated,
        "csrf_token": context.get("csrf_token"),
    }
