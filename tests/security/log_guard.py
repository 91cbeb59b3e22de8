"""Guard: no line the server would log during the whole run holds a secret a test made,
or a day in a path.

Every record logged while the tests run is kept as the handlers beside it would print
it (through their filters, then its message, traceback and stack), on the root logger
and on every logger that does not pass its records up (django.server, gunicorn.error).
Every secret a test makes is noted where it is made: each couple invitation's token and
code (`membership.invitation_create`), each report link's id, secret and code
(`links.report_link_seal`, which every link goes through), each recovery code
(`keyring.new_recovery_code`, with and without its dashes). tests/conftest.py installs
both for the session and fails the run if `leaks()` finds any.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

# A day or a month in a path or a query string, plain or percent-encoded.
PATH_DAY = re.compile(r"(?:/|=|%2[Ff]|%3[Dd])\d{4}-\d{1,2}(?:-\d{1,2})?(?!\d)")

lines: list[str] = []
made: set[str] = set()


class Seen(logging.Handler):
    """Keeps each record once, as the handlers it sits beside would print it."""

    def __init__(self, beside: Iterable[logging.Handler]) -> None:
        super().__init__()
        for handler in beside:
            for each in handler.filters:
                self.addFilter(each)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "_log_guard_seen", False):
            return  # seen on a logger below
        record._log_guard_seen = True
        lines.append(self.format(record))


@contextmanager
def watching() -> Iterator[None]:
    stay = [
        name
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    installed = []
    for name in dict.fromkeys(["", "django.server", "gunicorn.error", *stay]):
        logger = logging.getLogger(name)
        handler = Seen(logger.handlers)
        logger.addHandler(handler)
        installed.append((logger, handler))
    try:
        yield
    finally:
        for logger, handler in installed:
            logger.removeHandler(handler)


@contextmanager
def noting_secrets() -> Iterator[None]:
    from afterwards.couple import membership
    from afterwards.report import links
    from afterwards.vault import keyring

    invitation_create = membership.invitation_create
    report_link_seal = links.report_link_seal
    new_recovery_code = keyring.new_recovery_code

    @functools.wraps(invitation_create)
    def invitation_noted(**kwargs: Any) -> Any:
        new = invitation_create(**kwargs)
        made.update({new.token, new.code, new.code.replace("-", "")})
        return new

    @functools.wraps(report_link_seal)
    def link_noted(*args: Any, **kwargs: Any) -> Any:
        sealed = report_link_seal(*args, **kwargs)
        code = sealed.code
        made.update({sealed.link_id, links._b64(sealed.secret), code, f"{code[:4]}-{code[4:]}"})
        return sealed

    @functools.wraps(new_recovery_code)
    def recovery_code_noted() -> str:
        code = new_recovery_code()
        made.update({code, code.replace("-", "")})
        return code

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(membership, "invitation_create", invitation_noted)
        patch.setattr(links, "report_link_seal", link_noted)
        patch.setattr(keyring, "new_recovery_code", recovery_code_noted)
        yield


def leaks(logged: list[str] | None = None, secrets: set[str] | None = None) -> list[str]:
    """Each distinct line that holds a secret or a day in a path."""
    logged = lines if logged is None else logged
    secrets = made if secrets is None else secrets
    text = "\n".join(logged)
    held = [secret for secret in secrets if secret in text]
    return [
        line
        for line in dict.fromkeys(logged)
        if PATH_DAY.search(line) or any(secret in line for secret in held)
    ]
