"""Keep a report link's secret out of the server's log.

A report link is /r/<id>/<secret>/ (links.py). Django logs the path of every request it
answers with a 4xx or 5xx ("Not Found: /r/…/"), of every refused CSRF check, and the
development server logs every request line. Whoever reads the log and the database
would then need only the code. settings.LOGGING puts this filter on the loggers that
log paths (django.request, django.security.csrf, django.server) and on the console
handler, so any line holding /r/… is printed with the path hidden.
"""

from __future__ import annotations

import logging
import re

LINK_PATH = re.compile(r"/r/[^\s\"'<>]*")
HIDDEN = "/r/[hidden]/"


class ReportLinkPaths(logging.Filter):
    """Rewrites a record whose message holds /r/… to the same words with the path
    hidden; every record passes, changed or not."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  a malformed record is logging's to report
            return True
        if "/r/" in message:
            record.msg = LINK_PATH.sub(HIDDEN, message)
            record.args = None
        return True
