"""A tiny browser that calls Django's real WSGI handler and times each call.

Unlike django.test.Client it goes through django.core.handlers.wsgi.WSGIHandler, as
gunicorn does: request_started/request_finished fire, so the database connection is
opened and closed per request exactly as in production (CONN_MAX_AGE is 0), CSRF is
enforced, and nothing of the test framework (template instrumentation) is switched on.

The time measured is from handing the environ to the handler to the end of
response.close(): the server's own time, without any network or client parsing. The
thread's CPU time over the same span is kept too: on a busy machine the difference
shows time spent waiting for a core or for the disk.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any, cast
from urllib.parse import urlencode

from django.core.handlers.wsgi import WSGIHandler
from django.test.client import RequestFactory

HOST = "127.0.0.1:8000"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _EnvironFactory(RequestFactory):
    """RequestFactory that hands back the WSGI environ instead of a request object."""

    def request(self, **request: Any) -> Any:
        return self._base_environ(**request)  # type: ignore[attr-defined]


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    seconds: float
    cpu_seconds: float  # this thread's CPU time: excludes waiting for the disk or for a core

    @property
    def text(self) -> str:
        return self.body.decode()

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class Browser:
    """One person's browser: a cookie jar and the last CSRF token seen in a page."""

    def __init__(self, handler: WSGIHandler) -> None:
        self.handler = handler
        self.factory = _EnvironFactory(HTTP_HOST=HOST, HTTP_USER_AGENT=USER_AGENT)
        self.csrf_token: str | None = None

    @property
    def cookies(self) -> SimpleCookie:
        return self.factory.cookies

    def get(self, path: str, query: dict[str, str] | None = None) -> Reply:
        return self._call(cast(dict[str, Any], self.factory.get(path, data=query)))

    def post(
        self, path: str, data: dict[str, str | list[str]], *, with_csrf: bool = True
    ) -> Reply:
        """A form post; a list is sent as one field given several times (checkboxes)."""
        fields = dict(data)
        if with_csrf:
            if self.csrf_token is None:
                raise RuntimeError("no CSRF token yet: GET a page with a form first")
            fields["csrfmiddlewaretoken"] = self.csrf_token
        environ = self.factory.post(
            path,
            data=urlencode(fields, doseq=True),
            content_type="application/x-www-form-urlencoded",
            HTTP_ORIGIN=f"http://{HOST}",
        )
        return self._call(cast(dict[str, Any], environ))

    def _call(self, environ: dict[str, Any]) -> Reply:
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
            started[:] = [status, headers]
            return None

        c0 = time.thread_time()
        t0 = time.perf_counter()
        response = self.handler(environ, cast(Any, start_response))
        try:
            body = b"".join(response)
        finally:
            response.close()  # fires request_finished, as a WSGI server does
        seconds = time.perf_counter() - t0
        cpu_seconds = time.thread_time() - c0

        for key, morsel in response.cookies.items():
            if morsel["max-age"] in (0, "0") or morsel.value == "":
                self.factory.cookies.pop(key, None)
            else:
                self.factory.cookies[key] = morsel
        reply = Reply(int(started[0].split()[0]), started[1], body, seconds, cpu_seconds)
        if b"csrfmiddlewaretoken" in body:
            match = _CSRF_FIELD.search(reply.text)
            if match:
                self.csrf_token = match.group(1)
        return reply
