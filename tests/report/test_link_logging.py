"""A report link's secret never reaches the server's log, whatever the link is answered.

Django logs the path of every 4xx and 5xx answer ("Not Found: /r/<id>/<secret>/"), of
a refused CSRF check, and runserver logs every request line. With the database row, the
secret from such a line leaves only the code to guess, so no log line holds the path.
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from afterwards.report import links
from afterwards.report.logging import HIDDEN, ReportLinkPaths

PDF = b"%PDF-1.7 a made-up report for the tests"


@pytest.fixture
def new_link(owner) -> links.NewLink:  # type: ignore[no-untyped-def]
    return links.report_link_create(owner=owner.user, pdf=PDF)


def _pieces(new: links.NewLink) -> tuple[str, str]:
    _, _, link_id, secret, _ = new.path.split("/")
    return link_id, secret


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)


def test_a_wrong_code_logs_nothing_that_holds_the_links_secret(new_link, caplog):
    link_id, secret = _pieces(new_link)
    with caplog.at_level(logging.INFO):
        response = Client().post(new_link.path, {"code": "BBBB-BBBB"})
    assert response.status_code == 404
    logged = _logged(caplog)
    assert f"django.request Not Found: {HIDDEN}" in logged  # the 404 is still logged
    assert secret not in logged and link_id not in logged


def test_an_empty_code_a_refused_method_and_a_forged_form_log_no_secret(new_link, caplog):
    link_id, secret = _pieces(new_link)
    with caplog.at_level(logging.INFO):
        assert Client().post(new_link.path, {"code": ""}).status_code == 400
        assert Client().put(new_link.path).status_code == 405
        forged = Client(enforce_csrf_checks=True).post(new_link.path, {"code": new_link.code})
        assert forged.status_code == 403
    logged = _logged(caplog)
    assert f"Bad Request: {HIDDEN}" in logged
    assert f"Method Not Allowed (PUT): {HIDDEN}" in logged
    assert "django.security.csrf Forbidden" in logged
    assert secret not in logged and link_id not in logged


def test_the_development_servers_request_line_hides_the_link(new_link, caplog):
    # runserver logs on "django.server", which does not reach the root logger's handlers.
    link_id, secret = _pieces(new_link)
    server = logging.getLogger("django.server")
    server.addHandler(caplog.handler)
    try:
        server.info('"%s" %s %s', f"POST {new_link.path} HTTP/1.1", "404", "1234")
    finally:
        server.removeHandler(caplog.handler)
    assert f'"POST {HIDDEN} HTTP/1.1" 404 1234' in _logged(caplog)
    assert secret not in caplog.text and link_id not in caplog.text


def test_the_console_hides_a_link_whatever_logger_the_line_comes_from(new_link):
    # The handler that prints to the console (settings.LOGGING) filters every line.
    console = logging.getHandlerByName("console")
    assert console is not None
    record = logging.LogRecord(
        "django.security.SuspiciousOperation", logging.WARNING, __file__, 1,
        "Odd request to %s", (new_link.path,), None,
    )  # fmt: skip
    assert console.filter(record)
    assert record.getMessage() == f"Odd request to {HIDDEN}"


def test_the_filter_keeps_every_other_line_as_it_was():
    keep = ReportLinkPaths()
    for msg, args in (
        ("Not Found: %s", ("/report/links/x/revoke/",)),
        ("Internal Server Error: %s", ("/journal/2026-03-28/",)),
        ("100% of %d", (3,)),
    ):
        record = logging.LogRecord("django.request", logging.WARNING, "", 1, msg, args, None)
        assert keep.filter(record)
        assert record.msg == msg and record.args == args
    hidden = logging.LogRecord(
        "django.request", logging.WARNING, "", 1, "Not Found: %s", ("/r/abc/def?x=1",), None
    )
    assert keep.filter(hidden)
    assert hidden.getMessage() == f"Not Found: {HIDDEN}"
