"""The page that shows a new recovery code until the person says they have kept it."""

from __future__ import annotations

import pytest
from django.test import Client

from afterwards.accounts.models import UserSession
from afterwards.accounts.services import PENDING_CODE_FIELD
from tests.accounts.conftest import shown_code

PERSON_PAGES = [
    "/journal/",
    "/journal/day/",
    "/account/",
    "/account/passphrase/",
    "/account/delete/",
]


def test_code_page_shows_the_code_until_it_is_kept(newcomer):
    first = newcomer.get("/signup/recovery-code/")
    again = newcomer.get("/signup/recovery-code/")

    assert first.status_code == 200
    assert shown_code(first) == shown_code(again)


@pytest.mark.parametrize("path", PERSON_PAGES)
def test_every_person_page_leads_to_the_code_until_it_is_kept(newcomer, path):
    response = newcomer.get(path, follow=False)
    if response.status_code == 302 and response["Location"].startswith("/journal/day/"):
        response = newcomer.get(response["Location"])  # /journal/day/ goes to today first

    assert response.status_code == 302
    assert response["Location"] == "/signup/recovery-code/"


def test_log_out_everywhere_waits_for_the_code_too(newcomer):
    response = newcomer.post("/account/logout-everywhere/")

    assert response["Location"] == "/signup/recovery-code/"
    assert UserSession.objects.count() == 1


def test_continuing_without_ticking_kept_stays_on_the_code(newcomer):
    code = shown_code(newcomer.get("/signup/recovery-code/"))

    # A browser sends the form's CSRF token even with the box unticked.
    response = newcomer.post("/signup/recovery-code/", {"csrfmiddlewaretoken": "unticked"})

    assert response.status_code == 200
    assert response.context["form"].errors["kept"] == [
        "Please tick this once your code is somewhere safe."
    ]
    assert 'id="id_kept_error"' in response.content.decode()
    assert shown_code(response) == code
    assert PENDING_CODE_FIELD in newcomer.session
    assert newcomer.get("/account/")["Location"] == "/signup/recovery-code/"


def test_ticking_kept_forgets_the_code_and_opens_the_journal(newcomer):
    code = shown_code(newcomer.get("/signup/recovery-code/"))

    response = newcomer.post("/signup/recovery-code/", {"kept": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/journal/day/"
    assert PENDING_CODE_FIELD not in newcomer.session
    later = newcomer.get("/signup/recovery-code/")
    assert later.status_code == 302
    assert code not in later.content.decode()
    for path in PERSON_PAGES:
        assert newcomer.get(path, follow=True).status_code == 200, path


def test_code_waiting_in_the_session_is_not_stored_in_clear(newcomer):
    code = shown_code(newcomer.get("/signup/recovery-code/"))

    row = UserSession.objects.get()
    assert code not in row.session_data
    assert code not in str(row.get_decoded())


def test_code_cannot_be_read_with_the_session_cookie_alone(newcomer):
    """The code is sealed to the vault cookie: the session row by itself opens nothing."""
    thief = Client()
    thief.cookies["session"] = newcomer.cookies["session"].value

    response = thief.get("/signup/recovery-code/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"


def test_code_page_sends_a_stranger_to_log_in(client, db):
    response = client.get("/signup/recovery-code/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"


def test_code_page_after_it_was_kept_goes_to_the_journal(owner):
    response = owner.client.get("/signup/recovery-code/")
    assert response.status_code == 302
    assert response["Location"] == "/journal/day/"


def test_code_page_refuses_other_methods(newcomer):
    assert newcomer.put("/signup/recovery-code/").status_code == 405
