"""What the server's log may say: no secret and no day a person wrote about.

Some paths carry a secret: a couple invitation's link (/together/join/<token>/), which
lets whoever holds it accept the invitation, and a report link (/r/<id>/<secret>/),
which leaves only the code to guess. Others carry a day: /journal/day/2026-03-14/, a
?month=2026-03 or ?date_from=…, and any ?next= can hold either. Django logs the path of
every 4xx and 5xx answer ("Not Found: …") and of every refused CSRF check (whose reason
can quote the Referer), the development server logs every request line, and gunicorn's
error log names the request it could not handle.

`PrivatePaths` rewrites any log line, and its traceback, so that it keeps the shape of
the path and loses what is private in it:

    /r/<id>/<secret>/              ->  /r/[hidden]/
    /together/join/<token>/        ->  /together/join/[hidden]/
    /journal/day/<day>/            ->  /journal/day/[hidden]/
    any other day, /YYYY-MM-DD or =YYYY-MM   ->  /[hidden] or =[hidden]
    every query string             ->  ?[hidden]

settings.LOGGING puts it on the loggers that log paths, so any handler sees them hidden,
and on every handler of ours, for the lines of any other logger.
"""

from __future__ import annotations

import logging
import re

HIDDEN = "[hidden]"

# A private segment and all that follows it in the same path: the secret may run on
# into more segments or a query string. A path in an exception's message (a
# Resolver404's) may start without its slash.
_SEGMENT = re.compile(
    r"""(?P<start>/|(?<![^\s'"(=]))(?P<where>r|together/join|journal/day)/[^\s"'<>?#/][^\s"'<>]*"""
)
# Whatever follows a path's "?" (a "?" ending a sentence is left alone).
_QUERY = re.compile(r"""(?<=[\w/.~%-])\?[^\s"'<>#]+""")
# A day or a month in a path or a query: after "/" or "=", plain or percent-encoded.
_DAY = re.compile(r"(?:(?<=[/=])|(?<=%2[Ff]|%3[Dd]))\d{4}-\d{1,2}(?:-\d{1,2})?(?!\d)")

_tracebacks = logging.Formatter()


def hide(text: str) -> str:
    """The text with every private part of every path in it hidden."""
    if "/" not in text and "?" not in text and "=" not in text:
        return text
    text = _SEGMENT.sub(lambda m: f"{m['start']}{m['where']}/{HIDDEN}/", text)
    text = _QUERY.sub(f"?{HIDDEN}", text)
    return _DAY.sub(HIDDEN, text)


class PrivatePaths(logging.Filter):
    """Rewrites a record's message, its traceback and its stack to `hide`'s; every record
    passes, changed or not."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  a malformed record is logging's to report
            return True
        hidden = hide(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        if record.exc_info:
            # The traceback as text, hidden, in the place every Formatter reads it from;
            # without exc_info no handler can print it again from the exception itself.
            text = record.exc_text or _tracebacks.formatException(record.exc_info)
            record.exc_text, record.exc_info = hide(text), None
        elif record.exc_text:
            record.exc_text = hide(record.exc_text)
        if record.stack_info:
            record.stack_info = hide(record.stack_info)
        return True
