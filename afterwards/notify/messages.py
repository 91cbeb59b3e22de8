"""The words of a reminder: generic on a lock screen, naming nothing.

Each notice has a subject (the e-mail's subject and the push title) and a short body;
an e-mail adds a link to the site and to these settings, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from afterwards.accounts.profile import NEUTRAL_TITLE

NOTICES = ("checkin", "questionnaire", "heads_up", "partner_heads_up")
# Where each notice's link leads; the first name that exists is used.
_LINKS: dict[str, tuple[str, ...]] = {
    "checkin": ("journal:today",),
    "questionnaire": ("wellbeing:index",),
    "heads_up": ("dates:index", "journal:today"),
    "partner_heads_up": ("couple:home", "journal:today"),
}


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # the push body
    email: str  # the e-mail body


def _url(names: tuple[str, ...]) -> str:
    for name in names:
        try:
            return settings.BASE_URL + reverse(name)
        except NoReverseMatch:
            continue
    return settings.BASE_URL + "/"


def message_for(notice: str, *, neutral: bool) -> Message:
    if notice not in NOTICES:
        raise ValueError(f"no such notice {notice!r}")
    site_name = NEUTRAL_TITLE if neutral or settings.NEUTRAL_LOOK else settings.SITE_NAME
    context = {"site_name": site_name}
    subject = render_to_string(f"notify/messages/{notice}_subject.txt", context).strip()
    body = render_to_string(f"notify/messages/{notice}_push.txt", context).strip()
    email = render_to_string(
        "notify/messages/email.txt",
        {
            "push_body": body,
            "link": _url(_LINKS[notice]),
            "settings_link": _url(("notify:settings",)),
        },
    ).strip()
    return Message(subject=subject, body=body, email=email + "\n")
