from __future__ import annotations

from django.test import RequestFactory

from afterwards.views import server_error


def test_missing_page_is_calm_and_keeps_quick_exit(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is nothing here" in page
    assert 'id="quick-exit"' in page


def test_server_error_page_needs_no_database_and_keeps_quick_exit(settings):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "not something you did" in page
    assert 'href="/quick-exit/"' in page


def test_expired_form_explains_that_nothing_was_saved(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "a", "passphrase": "b"})
    assert response.status_code == 403
    assert "nothing was saved" in response.content.decode()


def test_a_refused_page_is_calm_and_keeps_quick_exit(db):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    response = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="quick-exit"' in page
    assert "<h1>" in page


def test_a_request_for_another_host_gets_a_calm_400_not_a_500(client, db):
    response = client.get("/login/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert 'id="quick-exit"' in response.content.decode()
