"""The e-mail backend of a server with no SMTP settings: e-mail is off, and nothing goes.

Django's own "dummy" backend does the same, but is flagged by `check --deploy` as one for
development; here, sending nothing is the chosen behaviour of a server whose host has not
set up e-mail (the worker does not even ask: settings.NOTIFY_EMAIL is False).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class EmailOff(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        return 0
