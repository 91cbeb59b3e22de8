"""Guard: no page the suite is served shows template syntax as text.

A Django comment written over two lines is not a comment: `{#` ... `#}` must open and
close on one line, so Django prints the rest of it on the page, and a tag broken across
lines is printed the same way. The templates are the cause, but what a person reads is
the page, so the page is what is checked.

Both ways the suite asks for a page, the test client and the browser tests' live server
(a thread of this process), go through `BaseHandler.get_response`. `watching()` wraps it
for the whole run: every HTML response it returns (streaming ones are files, not pages)
is searched for `{#`, `#}`, `{%` and `%}`. A marker that a request of the same test sent
(in its query, form fields or body: a fuzzed form may send anything, and a page may show
it back, then or later) is an echo of what was written, not of a template, and is let
through. tests/conftest.py fails the test that asked for such a page, naming the path;
`found` holds what no test has collected yet.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote_plus

from django.core.handlers.base import BaseHandler
from django.http import HttpRequest, HttpResponseBase

MARKERS = ("{#", "#}", "{%", "%}")

found: list[str] = []
sent: set[str] = set()  # the markers this test's requests carried


def markers_in(page: str, *, sent: str = "") -> list[str]:
    """The template markers in `page` that are not in `sent`, each once, in order."""
    return [marker for marker in MARKERS if marker in page and marker not in sent]


def _sent(request: HttpRequest) -> str:
    """Everything the request carried, as text: query, form fields and raw body."""
    parts = [unquote_plus(request.META.get("QUERY_STRING", ""))]
    try:
        for data in (request.GET, request.POST):
            for key, values in data.lists():
                parts += [key, *map(str, values)]
        parts.append(request.body.decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001, S110  # a body already read as a stream: fields suffice
        pass
    return "\n".join(parts)


def check(request: HttpRequest, response: HttpResponseBase) -> None:
    sent.update(markers_in(_sent(request)))
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return
    page = response.content.decode(response.charset or "utf-8", "replace")  # type: ignore[attr-defined]
    for marker in (m for m in markers_in(page) if m not in sent):
        at = page.index(marker)
        around = " ".join(page[max(0, at - 60) : at + 60].split())
        found.append(f"{request.path} shows {marker!r} as text: ...{around}...")


@contextmanager
def watching() -> Iterator[None]:
    get_response = BaseHandler.get_response

    @functools.wraps(get_response)
    def checked(self: BaseHandler, request: HttpRequest) -> Any:
        response = get_response(self, request)
        check(request, response)
        return response

    BaseHandler.get_response = checked  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseHandler.get_response = get_response  # type: ignore[method-assign]


def take() -> list[str]:
    """What was found since the last call; then forget it, and what was sent."""
    taken = list(found)
    found.clear()
    sent.clear()
    return taken
