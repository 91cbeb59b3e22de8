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

from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.conftest import Person

PUBLIC = "public"
PERSON = "person"
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
NOBODYS = "00000000-0000-4000-8000-000000000000"  # an id that belongs to no one


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
    Route("loss:about", "/about-your-loss/", ("GET", "POST"), PERSON),
    Route("body:index", "/body/", ("GET",), PERSON),
    Route("body:answer", "/body/period/", ("POST",), PERSON),
    Route("body:leave_out", "/body/leave-out/", ("POST",), PERSON),
    Route("body:fertile_window", "/body/fertile-days/", ("POST",), PERSON),
    Route("wellbeing:index", "/wellbeing/", ("GET",), PERSON),
    Route("wellbeing:schedule", "/wellbeing/schedule/", ("POST",), PERSON),
    Route("wellbeing:take", "/wellbeing/phq9/", ("GET", "POST"), PERSON),
    Route("wellbeing:result", f"/wellbeing/results/{NOBODYS}/", ("GET",), PERSON),
    Route("wellbeing:result_score", f"/wellbeing/results/{NOBODYS}/score/", ("GET",), PERSON),
    Route("couple:home", "/together/", ("GET",), PERSON),
    Route("couple:invite", "/together/invite/", ("POST",), PERSON),
    Route("couple:invite_withdraw", "/together/invite/withdraw/", ("POST",), PERSON),
    Route("couple:join", "/together/join/", ("GET", "POST"), PERSON),
    Route("couple:join_link", f"/together/join/{NOBODYS}/", ("GET", "POST"), PERSON),
    Route("couple:leave", "/together/leave/", ("GET", "POST"), PERSON),
    # Readiness and nudges (couple/views/readiness.py, couple/views/nudges.py)
    Route("couple:readiness", "/together/readiness/", ("GET", "POST"), PERSON),
    Route("couple:readiness_item_add", "/together/readiness/items/", ("POST",), PERSON),
    Route(
        "couple:readiness_item_remove",
        "/together/readiness/items/own-000000000000/remove/",
        ("POST",),
        PERSON,
    ),
    Route("couple:nudge", "/together/nudge/", ("GET", "POST"), PERSON),
    Route("couple:nudge_settings", "/together/nudge/settings/", ("POST",), PERSON),
    # Shared days, default sections, pausing (couple/views/days.py)
    Route("couple:days", "/together/days/", ("GET",), PERSON),
    Route("couple:sharing", "/together/sharing/", ("GET", "POST"), PERSON),
    Route("couple:pause", "/together/pause/", ("POST",), PERSON),
    Route("guidance:cards", "/words/", ("GET",), PUBLIC),
    Route("guidance:card", "/words/partner-what-helps/", ("GET",), PUBLIC),
    Route("help", "/help/", ("GET",), PUBLIC),
    Route("healthz", "/healthz", ("GET",), PUBLIC),
]


def _wellbeing_result(person: Person) -> str:
    entry = wellbeing.result_save(
        owner=person.user,
        keys=person.keys,
        instrument=catalogue.instruments()["gad7"],
        answers=dict.fromkeys(range(1, 8), 1),
    )
    return f"/wellbeing/results/{entry.pk}/"


# Addresses that carry a thing of one person's: each maker creates one for the owner and
# returns the addresses that show it.
OWNED: dict[str, Callable[[Person], str]] = {
    "wellbeing result": _wellbeing_result,
    "wellbeing score": lambda person: _wellbeing_result(person) + "score/",
}


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


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if "GET" in r.methods and NOBODYS not in r.path],
    ids=lambda r: r.name,
)
def test_a_person_can_open_every_page_meant_for_them(owner, route):
    # (Addresses of one person's things are opened by their owner in the last test.)
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
