"""A person's single entries (profile, About your loss) read at most once per request."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from afterwards.vault import services
from afterwards.vault.middleware import request_entry, request_entry_known


def _request(user=None, keys=None):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    if user is not None:
        request.user = user
    request.vault = keys
    return request


def test_the_entry_is_read_once_however_often_a_page_asks(owner, django_assert_num_queries):
    services.entry_put(
        owner=owner.user, keys=owner.keys, kind="profile", index_value="profile", content={"a": 1}
    )
    request = _request(owner.user, owner.keys)
    with django_assert_num_queries(1):
        assert request_entry(request, "profile", "profile") == {"a": 1}
        assert request_entry(request, "profile", "profile") == {"a": 1}


def test_an_entry_read_with_others_is_not_read_again(owner, django_assert_num_queries):
    request = _request(owner.user, owner.keys)
    request_entry_known(request, "profile", "profile", None)
    with django_assert_num_queries(0):
        assert request_entry(request, "profile", "profile") is None


def test_nobody_logged_in_or_no_user_at_all_reads_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert request_entry(_request(AnonymousUser()), "profile", "profile") is None
        # A page refused before authentication ran (a bad Host header) has no user.
        assert request_entry(_request(), "profile", "profile") is None
