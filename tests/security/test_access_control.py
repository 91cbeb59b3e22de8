"""Who may reach what: one table for every address the app serves.

Each row names a URL, the methods it answers, and whether it is public or needs a
logged-in person. The first test fails when an address exists that the table does not
name, so a new view cannot arrive without saying who may use it.
Reading another person's things is proven where things have addresses of their own
(`outsider` rows): anyone but the owner gets a 404, never a 403 that confirms they exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = "public"
PERSON = "person"
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    name: str  # the URL's name, namespace included
    path: str  # a concrete address for it
    methods: tuple[str, ...]  # the methods it answers
    access: str  # PUBLIC or PERSON


ROUTES = [
    Route("accounts:home", "/", ("GET",), PUBLIC),
    Route("accounts:signup", "/signup/", ("GET", "POST"), PUBLIC),
    Route("accounts:recovery_code", "/signup/recovery-code/", ("GET", "POST"), PUBLIC),
    Route("accounts:login", "/login/", ("GET", "POST"), PUBLIC),
    Route("accounts:logout", "/logout/", ("POST",), PUBLIC),
    Route("accounts:quick_exit", "/quick-exit/", ("GET",), PUBLIC),
    Route("accounts:recover", "/recover/", ("GET", "POST"), PUBLIC),
    Route("accounts:settings", "/account/", ("GET",), PERSON),
    Route("accounts:preferences", "/account/preferences/", ("GET", "POST"), PERSON),
    Route("accounts:passphrase", "/account/passphrase/", ("GET", "POST"), PERSON),
    Route("accounts:recovery_code_new", "/account/recovery-code/", ("GET", "POST"), PERSON),
    Route("accounts:logout_everywhere", "/account/logout-everywhere/", ("POST",), PERSON),
    Route("accounts:delete", "/account/delete/", ("GET", "POST"), PERSON),
    Route("journal:today", "/journal/day/", ("GET",), PERSON),
    Route("journal:day", "/journal/day/2026-03-14/", ("GET", "POST"), PERSON),
    Route("journal:history", "/journal/", ("GET",), PERSON),
    Route("help", "/help/", ("GET",), PUBLIC),
    Route("healthz", "/healthz", ("GET",), PUBLIC),
]

# Addresses that carry a thing of one person's; `make` creates one for the owner and
# returns its address. Filled in as features with such addresses arrive.
OWNED: dict[str, Callable[..., str]] = {}


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern.url_patterns, namespace)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_address_the_app_serves_is_in_the_table():
    served = _names(get_resolver().url_patterns)
    named = {route.name for route in ROUTES}
    assert served - named == set(), "add these to ROUTES, with who may use them"
    assert named - served == set(), "these are in ROUTES but no longer served"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.access == PERSON], ids=lambda r: r.name)
def test_a_stranger_is_sent_to_log_in(client, db, route):
    for method in route.methods:
        response = getattr(client, method.lower())(route.path)
        assert response.status_code == 302, (method, route.path)
        assert response["Location"].startswith("/login/?next="), (method, route.path)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_other_methods_are_refused(owner, route):
    for method in ALL_METHODS:
        if method not in route.methods:
            response = getattr(owner.client, method.lower())(route.path)
            assert response.status_code == 405, (method, route.path)


@pytest.mark.parametrize("route", [r for r in ROUTES if "GET" in r.methods], ids=lambda r: r.name)
def test_a_person_can_open_every_page_meant_for_them(owner, route):
    response = owner.client.get(route.path)
    assert response.status_code in (200, 302), route.path
    if response.status_code == 302:  # somewhere of their own, never back to log in
        assert not response["Location"].startswith("/login/"), route.path


@pytest.mark.parametrize("name", sorted(OWNED), ids=str)
def test_someone_elses_things_are_not_found(owner, outsider, name):
    path = OWNED[name](owner)
    assert owner.client.get(path).status_code == 200
    assert outsider.client.get(path).status_code == 404
    assert outsider.client.post(path).status_code in (404, 405)
