"""Whatever went wrong, the page that says so still leads to help in one tap (H-04)."""

from __future__ import annotations

from django.test import Client, RequestFactory

from afterwards.views import server_error


def _leads_to_help(page: str) -> bool:
    return 'href="/help/"' in page


def test_a_missing_page_leads_to_help(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert _leads_to_help(response.content.decode())


def test_a_refused_form_without_its_token_leads_to_help(db):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x"})

    assert response.status_code == 403
    assert _leads_to_help(response.content.decode())


def test_a_server_error_leads_to_help_without_the_database():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert _leads_to_help(page)
    assert "find urgent help" in page
