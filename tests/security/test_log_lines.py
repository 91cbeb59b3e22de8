"""No log line holds a secret path segment or a day (afterwards/logs.py).

A couple invitation's link (/together/join/<token>/) lets whoever holds it accept the
invitation; a report link's (/r/<id>/<secret>/) leaves only the code to guess; a journal
day's (/journal/day/2026-12-04/) says which day a person wrote about. Django logs the
path of every 4xx and 5xx answer and of every refused CSRF check, the development server
logs every request line, and gunicorn's error log names a request it could not handle.
Beside these, tests/security/log_guard.py checks every line the whole run logs.
"""

from __future__ import annotations

import http.client
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.test import Client

from afterwards.couple import membership
from afterwards.logs import HIDDEN, PrivatePaths, hide
from afterwards.report import links
from tests.security import log_guard

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7 a made-up report for the tests"
LINK_HIDDEN = f"/r/{HIDDEN}/"
JOIN_HIDDEN = f"/together/join/{HIDDEN}/"
DAY_HIDDEN = f"/journal/day/{HIDDEN}/"


@pytest.fixture
def new_link(owner) -> links.NewLink:  # type: ignore[no-untyped-def]
    return links.report_link_create(owner=owner.user, pdf=PDF)


@pytest.fixture
def invitation(owner) -> membership.NewInvitation:  # type: ignore[no-untyped-def]
    return membership.invitation_create(inviter=owner.user)


def _pieces(new: links.NewLink) -> tuple[str, str]:
    _, _, link_id, secret, _ = new.path.split("/")
    return link_id, secret


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    """Each record as a handler prints it: its logger, message and traceback."""
    shown = logging.Formatter("%(name)s %(message)s")
    return "\n".join(shown.format(record) for record in caplog.records)


# --- Report links ----------------------------------------------------------------------


def test_a_wrong_code_logs_nothing_that_holds_the_links_secret(new_link, caplog):
    link_id, secret = _pieces(new_link)
    with caplog.at_level(logging.INFO):
        response = Client().post(new_link.path, {"code": "BBBB-BBBB"})
    assert response.status_code == 404
    logged = _logged(caplog)
    assert f"django.request Not Found: {LINK_HIDDEN}" in logged  # the 404 is still logged
    assert secret not in logged and link_id not in logged


def test_an_empty_code_a_refused_method_and_a_forged_form_log_no_secret(new_link, caplog):
    link_id, secret = _pieces(new_link)
    with caplog.at_level(logging.INFO):
        assert Client().post(new_link.path, {"code": ""}).status_code == 400
        assert Client().put(new_link.path).status_code == 405
        forged = Client(enforce_csrf_checks=True).post(new_link.path, {"code": new_link.code})
        assert forged.status_code == 403
    logged = _logged(caplog)
    assert f"Bad Request: {LINK_HIDDEN}" in logged
    assert f"Method Not Allowed (PUT): {LINK_HIDDEN}" in logged
    assert "django.security.csrf Forbidden" in logged
    assert secret not in logged and link_id not in logged


# --- Couple invitations ----------------------------------------------------------------


def test_a_used_or_unknown_invitation_link_is_logged_without_its_token(
    owner, partner, invitation, caplog
):
    path = f"/together/join/{invitation.token}/"
    with caplog.at_level(logging.INFO):
        # The inviter opening their own link: 409, "Conflict: /together/join/…".
        assert owner.client.post(path).status_code == 409
        membership.invitation_revoke(inviter=owner.user)
        assert partner.client.get(path).status_code == 404
        assert partner.client.get(f"{path}more/?next={path}").status_code == 404
    logged = _logged(caplog)
    assert f"django.request Conflict: {JOIN_HIDDEN}" in logged
    assert f"django.request Not Found: {JOIN_HIDDEN}" in logged
    assert invitation.token not in logged


def test_a_refused_csrf_check_on_an_invitation_link_logs_no_token(partner, invitation, caplog):
    path = f"/together/join/{invitation.token}/"
    forged = Client(enforce_csrf_checks=True)
    forged.cookies = partner.client.cookies
    with caplog.at_level(logging.INFO):
        assert forged.post(path).status_code == 403
        # Over https Django checks the Referer first, and its reason quotes it whole.
        referred = forged.post(path, secure=True, HTTP_REFERER=f"https://elsewhere.example{path}")
        assert referred.status_code == 403
    logged = _logged(caplog)
    assert f"django.security.csrf Forbidden (CSRF token missing.): {JOIN_HIDDEN}" in logged
    assert f"https://elsewhere.example{JOIN_HIDDEN}" in logged
    assert invitation.token not in logged


def test_a_traceback_on_an_invitation_link_is_printed_without_its_token(
    partner, invitation, monkeypatch, caplog
):
    def broken(token: str) -> None:
        raise RuntimeError(f"could not look up together/join/{token}/ just now")

    monkeypatch.setattr(membership, "invitation_by_token", broken)
    client = Client(raise_request_exception=False)
    client.cookies = partner.client.cookies
    with caplog.at_level(logging.INFO):
        assert client.get(f"/together/join/{invitation.token}/").status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    console = logging.getHandlerByName("console")
    assert console is not None and console.formatter is None  # logging's default
    printed = logging.Formatter().format(record)
    assert f"Internal Server Error: {JOIN_HIDDEN}" in printed
    assert "RuntimeError: could not look up together/join/[hidden]/ just now" in printed
    assert record.exc_info is None  # nobody can print the traceback again from it
    assert invitation.token not in printed


# --- Days ------------------------------------------------------------------------------


def test_a_day_in_a_path_is_not_logged(owner, caplog):
    with caplog.at_level(logging.INFO):
        assert owner.client.get("/journal/day/2099-12-04/").status_code == 400  # to come
        assert owner.client.get("/journal/day/2026-13-45/").status_code == 404
        assert owner.client.put("/journal/day/2026-03-14/").status_code == 405
    logged = _logged(caplog)
    assert f"Bad Request: {DAY_HIDDEN}" in logged
    assert f"Not Found: {DAY_HIDDEN}" in logged
    assert f"Method Not Allowed (PUT): {DAY_HIDDEN}" in logged
    assert not log_guard.PATH_DAY.search(logged)
    for day in ("2099-12-04", "2026-13-45", "2026-03-14"):
        assert day not in logged


# --- The servers' own lines ------------------------------------------------------------


@pytest.fixture
def dev_server():  # type: ignore[no-untyped-def]
    """Django's development server (runserver's classes) on a free port, in a thread."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_development_servers_request_lines_hide_tokens_links_days_and_queries(
    dev_server, invitation, new_link, caplog
):
    # runserver logs on "django.server", which does not reach the root logger's handlers.
    link_id, secret = _pieces(new_link)
    join = f"/together/join/{invitation.token}/"
    server = logging.getLogger("django.server")
    server.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="django.server"):
            for method, path in (
                ("GET", join),
                ("GET", f"/login/?next={join}"),
                ("GET", "/journal/day/2026-12-04/"),
                ("GET", "/journal/?month=2026-11"),
                ("POST", new_link.path),
            ):
                port = dev_server.server_address[1]
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request(method, path)
                connection.getresponse().read()
                connection.close()
            # A request's line is logged once its answer is sent; this waits for the last.
            dev_server.shutdown()
    finally:
        server.removeHandler(caplog.handler)
    lines = [r.getMessage() for r in caplog.records if r.name == "django.server"]
    assert f'"GET {JOIN_HIDDEN} HTTP/1.1" ' in " ".join(lines)  # a page for anyone now
    assert f'"GET /login/?{HIDDEN} HTTP/1.1" 200' in " ".join(lines)
    assert f'"GET {DAY_HIDDEN} HTTP/1.1" 302 0' in lines
    assert f'"GET /journal/?{HIDDEN} HTTP/1.1" 302 0' in lines
    assert f'"POST {LINK_HIDDEN} HTTP/1.1" 403' in " ".join(lines)
    text = "\n".join(lines)
    for secret_part in (invitation.token, link_id, secret, "2026-12-04", "2026-11"):
        assert secret_part not in text


def test_gunicorns_error_log_hides_the_path_of_a_request_it_could_not_handle(capsys):
    # The logger `afterwards serve` gets (cli.py: errorlog "-"), after Django set up its own.
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("errorlog", "-")
    config.set("accesslog", None)
    error_log = logging.getLogger("gunicorn.error")
    gunicorn = Logger(config)
    try:
        try:
            raise ValueError("the app stopped at /journal/day/2026-03-14/")
        except ValueError:
            gunicorn.exception(
                "Error handling request %s %s", "GET", "/together/join/s3cr3tT0ken/?month=2026-03"
            )
        gunicorn.warning(
            "Invalid request from ip=127.0.0.1: Invalid HTTP request line: "
            "'GET /r/some-id/some-secret/ HTTP/1.1 and more'"
        )
    finally:
        for handler in list(error_log.handlers):
            if getattr(handler, "_gunicorn", False):
                error_log.removeHandler(handler)
        error_log.propagate = True
        error_log.setLevel(logging.NOTSET)
    printed = capsys.readouterr().err
    assert f"Error handling request GET {JOIN_HIDDEN}" in printed
    assert f"ValueError: the app stopped at {DAY_HIDDEN}" in printed
    assert f"'GET {LINK_HIDDEN} HTTP/1.1 and more'" in printed
    for secret_part in ("s3cr3tT0ken", "2026-03", "some-id", "some-secret"):
        assert secret_part not in printed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_afterwards_serve_prints_no_token_link_or_day(tmp_path):
    # The whole path a host runs: gunicorn's own lines and Django's, from a forked worker.
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["AFTERWARDS_DATA_DIR"] = str(tmp_path)
    command = [sys.executable, "-m", "afterwards.cli", "serve", "--no-migrate"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    token, link = "Tok3nOfAnInvitation", "/r/TheLinksId/TheLinksSecret/"
    try:
        for _ in range(150):  # up to ~30 s on a loaded machine
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                    # A request line gunicorn refuses (no version), and quotes in its log.
                    probe.sendall(f"GET /together/join/{token}/\r\n\r\n".encode())
                    probe.recv(1024)
                    break
            except OSError:
                assert server.poll() is None, server.communicate()[0].decode()
                time.sleep(0.2)
        for method, path in (
            ("POST", f"/together/join/{token}/?next=/journal/day/2026-03-14/"),  # no CSRF
            ("GET", f"{link}more/"),  # no such page
        ):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request(method, path)
            assert connection.getresponse().status in (403, 404)
            connection.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        printed = server.communicate(timeout=20)[0].decode()
    assert f"Invalid HTTP request line: 'GET {JOIN_HIDDEN}'" in printed
    assert f"Forbidden (CSRF cookie not set.): {JOIN_HIDDEN}" in printed
    assert f"Not Found: {LINK_HIDDEN}" in printed
    for secret_part in (token, "TheLinksId", "TheLinksSecret", "2026-03-14"):
        assert secret_part not in printed


# --- The filter itself -----------------------------------------------------------------


def test_the_console_hides_a_path_whatever_logger_the_line_comes_from(new_link, invitation):
    # The handler that prints to the console (settings.LOGGING) filters every line,
    # the reminders worker's and any other logger's among them.
    console = logging.getHandlerByName("console")
    assert console is not None
    for path, shown in (
        (new_link.path, LINK_HIDDEN),
        (f"/together/join/{invitation.token}/", JOIN_HIDDEN),
        ("/journal/day/2026-12-04/", DAY_HIDDEN),
    ):
        record = logging.LogRecord(
            "afterwards.notify.worker", logging.WARNING, __file__, 1,
            "Odd request to %s", (path,), None,
        )  # fmt: skip
        assert console.filter(record)
        assert record.getMessage() == f"Odd request to {shown}"


def test_the_filter_keeps_every_other_line_as_it_was():
    keep = PrivatePaths()
    for msg, args in (
        ("Not Found: %s", ("/report/links/0b6f4bd2-7f6a-4f57-9d1c-1f1b0e0d3a4e/revoke/",)),
        ("Not Found: %s", ("/together/join/",)),
        ("Internal Server Error: %s", ("/wellbeing/phq9/",)),
        ("reminder %s not sent (%s)", (12, "SMTPServerDisconnected")),
        ("100% of %d. Why? Because.", (3,)),
    ):
        record = logging.LogRecord("django.request", logging.WARNING, "", 1, msg, args, None)
        assert keep.filter(record)
        assert record.msg == msg and record.args == args


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Not Found: /r/abc/def?x=1", f"Not Found: {LINK_HIDDEN}"),
        ("Not Found: /together/join/Ab_-9/", f"Not Found: {JOIN_HIDDEN}"),
        ("Not Found: /together/join/Ab_-9", f"Not Found: {JOIN_HIDDEN}"),
        ("Not Found: /journal/day/20260314/", f"Not Found: {DAY_HIDDEN}"),
        ("Not Found: /journal/day/?day=2026-03-14", f"Not Found: /journal/day/?{HIDDEN}"),
        ('"GET /report/?date_from=2026-03-01 HTTP/1.1"', f'"GET /report/?{HIDDEN} HTTP/1.1"'),
        ('"GET /help/?country=FR HTTP/1.1"', f'"GET /help/?{HIDDEN} HTTP/1.1"'),
        ("Not Found: /dates/2026-03-01/remove/", f"Not Found: /dates/{HIDDEN}/remove/"),
        ("{'path': 'together/join/Ab_-9/extra/'}", f"{{'path': 'together/join/{HIDDEN}/'}}"),
        ("next=%2Fjournal%2Fday%2F2026-03-14%2F", f"next=%2Fjournal%2Fday%2F{HIDDEN}%2F"),
    ],
)
def test_each_private_part_of_a_path_is_hidden(line, shown):
    assert hide(line) == shown


def test_the_log_guard_finds_a_secret_or_a_day_in_a_line():
    # What tests/conftest.py checks at the end of a run, on lines a filterless log would hold.
    raw = [
        "django.request WARNING Not Found: /together/join/Tok3n/",
        'django.server INFO "GET /journal/?month=2026-11 HTTP/1.1" 200 5',
        "django.request WARNING Not Found: /together/join/[hidden]/",
    ]
    assert log_guard.leaks(raw, {"Tok3n", "NotLogged"}) == raw[:2]
    assert log_guard.leaks([hide(line) for line in raw], {"Tok3n"}) == []
