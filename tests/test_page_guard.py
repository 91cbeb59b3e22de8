"""Template syntax never reaches a page as text.

The suite-wide guard (tests/page_guard.py, installed by tests/conftest.py) fails any test
whose pages show `{#`, `#}`, `{%` or `%}`. These tests prove the guard itself, through a
real request, and check every template's source, so a template no test renders is
covered too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.template.base import Lexer, TokenType
from django.urls import path

from tests import page_guard

PACKAGE = Path(__file__).resolve().parent.parent / "afterwards"

# The lines take.html had: a Django comment over two lines is printed, not hidden.
TWO_LINE_COMMENT = (
    "<p>Before.</p>\n"
    "{# An explicit action: after following a link to a question, the #question-n would\n"
    "otherwise go along with the answers and on to the result page. #}\n"
    "<p>After.</p>\n"
)


def _broken(request: HttpRequest) -> HttpResponse:
    return HttpResponse(Template(TWO_LINE_COMMENT).render(Context()))


def _echo(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        Template("<p>{{ note }}</p>").render(Context({"note": request.POST["note"]}))
    )


KEPT: dict[str, str] = {}


def _kept(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        KEPT["note"] = request.POST["note"]
    return HttpResponse(Template("<p>{{ note }}</p>").render(Context(KEPT)))


urlpatterns = [path("broken/", _broken), path("echo/", _echo), path("kept/", _kept)]


@pytest.mark.urls("tests.test_page_guard")
def test_a_page_through_the_client_showing_a_two_line_comment_is_named_with_its_path(client, db):
    assert client.get("/broken/").status_code == 200
    shown = page_guard.take()  # taken here, so this test's teardown does not fail on it
    assert len(shown) == 2
    assert shown[0].startswith("/broken/ shows '{#' as text: ") and "An explicit action" in shown[0]
    assert shown[1].startswith("/broken/ shows '#}' as text: ")


@pytest.mark.urls("tests.test_page_guard")
def test_what_a_test_sent_may_come_back_on_its_pages_but_not_in_another_test(client, db):
    response = client.post("/kept/", {"note": "a note with {% and #} in it"})
    assert "{%" in response.content.decode()
    assert "{%" in client.get("/kept/").content.decode()  # shown again, same test
    assert page_guard.take() == []  # the end of a test
    client.get("/kept/")  # a later test, which never sent it
    assert page_guard.take() == [
        "/kept/ shows '#}' as text: ...<p>a note with {% and #} in it</p>...",
        "/kept/ shows '{%' as text: ...<p>a note with {% and #} in it</p>...",
    ]


def test_only_html_is_searched_and_each_marker_named_once():
    request = HttpRequest()
    request.path = "/file.txt"
    assert page_guard.markers_in("{% if %}{% endif %} {# #}") == ["{#", "#}", "{%", "%}"]
    assert page_guard.markers_in("{% x %}", sent="{% x %}") == []
    page_guard.check(request, HttpResponse("{% x %}", content_type="text/plain"))
    assert page_guard.take() == []
    page_guard.check(request, HttpResponse("{% x %}"))
    assert page_guard.take() == [
        "/file.txt shows '{%' as text: ...{% x %}...",
        "/file.txt shows '%}' as text: ...{% x %}...",
    ]


# --- Every template's source ----------------------------------------------------------


def printed_syntax(source: str) -> list[tuple[int, str]]:
    """(line, marker) for template syntax Django would print: in a text token."""
    return [
        (token.lineno, marker)
        for token in Lexer(source).tokenize()
        if token.token_type == TokenType.TEXT
        for marker in (*page_guard.MARKERS, "{{", "}}")
        if marker in token.contents
    ]


def templates() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and "templates" in path.relative_to(PACKAGE).parts
    )


def test_no_template_has_a_comment_or_tag_that_would_be_printed():
    found = templates()
    assert any(path.name == "take.html" for path in found), "the scan looks in the wrong place"
    printed = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {marker!r}"
        for path in found
        for line, marker in printed_syntax(path.read_text(encoding="utf-8"))
    ]
    assert not printed, "Template syntax Django would print as text:\n  " + "\n  ".join(printed)


def test_the_source_check_finds_a_two_line_comment_and_lets_a_comment_block_through():
    assert printed_syntax(TWO_LINE_COMMENT) == [(1, "{#"), (1, "#}")]
    assert printed_syntax("{# one line #}\n{% comment %}two\nlines{% endcomment %}\n") == []
