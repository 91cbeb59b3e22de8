"""The heads-up line on the Today page: `{% load hard_dates %}{% hard_dates_heads_up %}`.

One clear query says whether the person has any heads-up at all and whether their
partner's is up for them; only when the person has one are their sealed hard dates read,
to tell whether it is up today (from the day it goes out to the date itself, which the
clear schedule does not hold). The line names nothing either way.

Once a day per session, a visit to Today (a GET: never a page drawn again after a save
the database refused) also writes the quiet days of the coming week for the worker
(dates/services.py, quiet_days_refresh): the first visit of a day pays for it, later
visits do not. A database that cannot take it leaves the page as it is; the next visit
tries again.
"""

from __future__ import annotations

import logging
from typing import Any

from django import template
from django.db import DatabaseError
from django.utils import timezone

from afterwards.dates.services import own_heads_up_today, quiet_days_refresh
from afterwards.notify.alarms import heads_ups

register = template.Library()
log = logging.getLogger(__name__)

# The session remembers the day its quiet days were last written.
QUIET_WRITTEN = "_quiet_written"


@register.inclusion_tag("dates/includes/heads_up.html", takes_context=True)
def hard_dates_heads_up(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"own": False, "partner": False}
    today = timezone.localdate()
    scheduled, partner = heads_ups(user=user, today=today)
    keys = getattr(request, "vault", None)
    session = getattr(request, "session", None)
    if (
        getattr(request, "method", None) == "GET"
        and keys is not None
        and session is not None
        and session.get(QUIET_WRITTEN) != str(today)
    ):
        try:
            quiet_days_refresh(owner=user, keys=keys)
        except DatabaseError as error:
            log.warning("The quiet days were not written: %s", type(error).__name__)
        else:
            session[QUIET_WRITTEN] = str(today)
    own = scheduled and keys is not None and own_heads_up_today(owner=user, keys=keys, today=today)
    return {"own": own, "partner": partner}
