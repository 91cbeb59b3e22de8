"""Who gets what, for every address, every method and every kind of person.

Five actors meet every address of the app in a small world built afresh for each
address and method, and act in this order: someone logged out; the owner, who shares a
space with their partner; the partner; a former partner, who once shared the owner's
space and left it; and a person from another couple. For each method an address
answers, the table says the status each actor gets; every other method is refused
(405) to all. An address missing from the
table fails the first test, so every new view has to say who may use it.

Addresses that carry one person's thing (a questionnaire result) are opened at the
owner's own thing: everybody else gets 404, never a 403 that would confirm it exists.
The couple pages are each person's own view of their own space, so the owner and the
partner both reach them, and people outside a space are sent to the Together page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from afterwards.couple import membership
from afterwards.report.models import ReportLink
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.conftest import Person, make_person
from tests.dates._support import own_date_path
from tests.security.test_access_control import ALL_METHODS, PERSON, ROUTES, Route

ACTORS = ("anonymous", "owner", "partner", "former partner", "another couple")

# route name -> method -> the status for each actor, in the order of ACTORS.
MATRIX: dict[str, dict[str, tuple[int, int, int, int, int]]] = {
    "accounts:home": {"GET": (200, 302, 302, 302, 302)},
    "accounts:signup": {"GET": (200, 200, 200, 200, 200), "POST": (200, 200, 200, 200, 200)},
    "accounts:recovery_code": {"GET": (302, 302, 302, 302, 302), "POST": (302, 302, 302, 302, 302)},
    # Nobody here has a code waiting: logged out, log in; logged in, nothing to download
    "accounts:recovery_code_download": {"GET": (302, 404, 404, 404, 404)},
    "accounts:login": {"GET": (200, 302, 302, 302, 302), "POST": (200, 302, 302, 302, 302)},
    "accounts:logout": {"POST": (302, 302, 302, 302, 302)},
    "accounts:quick_exit": {"GET": (302, 302, 302, 302, 302)},
    "accounts:recover": {"GET": (200, 200, 200, 200, 200), "POST": (200, 200, 200, 200, 200)},
    "accounts:settings": {"GET": (302, 200, 200, 200, 200)},
    "accounts:preferences": {"GET": (302, 200, 200, 200, 200), "POST": (302, 200, 200, 200, 200)},
    "accounts:passphrase": {"GET": (302, 200, 200, 200, 200), "POST": (302, 200, 200, 200, 200)},
    "accounts:recovery_code_new": {
        "GET": (302, 200, 200, 200, 200),
        "POST": (302, 200, 200, 200, 200),
    },
    "accounts:logout_everywhere": {"POST": (302, 302, 302, 302, 302)},
    "accounts:delete": {"GET": (302, 200, 200, 200, 200), "POST": (302, 200, 200, 200, 200)},
    "journal:today": {"GET": (302, 302, 302, 302, 302)},
    "journal:day": {"GET": (302, 200, 200, 200, 200), "POST": (302, 302, 302, 302, 302)},
    "journal:history": {"GET": (302, 200, 200, 200, 200)},
    "loss:about": {"GET": (302, 200, 200, 200, 200), "POST": (302, 302, 302, 302, 302)},
    "wellbeing:index": {"GET": (302, 200, 200, 200, 200)},
    "wellbeing:schedule": {"POST": (302, 400, 400, 400, 400)},
    "wellbeing:take": {"GET": (302, 200, 200, 200, 200), "POST": (302, 400, 400, 400, 400)},
    "wellbeing:result": {"GET": (302, 200, 404, 404, 404)},
    "wellbeing:result_score": {"GET": (302, 200, 404, 404, 404)},
    "couple:home": {"GET": (302, 200, 200, 200, 200)},
    "couple:invite": {"POST": (302, 302, 302, 200, 302)},
    "couple:invite_withdraw": {"POST": (302, 302, 302, 302, 302)},
    "couple:join": {"GET": (302, 200, 200, 200, 200), "POST": (302, 400, 400, 400, 400)},
    # A link that opens no invitation is the same calm 404 to everyone, logged out too
    "couple:join_link": {"GET": (404, 404, 404, 404, 404), "POST": (302, 404, 404, 404, 404)},
    "couple:leave": {"GET": (302, 200, 200, 302, 200), "POST": (302, 302, 302, 302, 302)},
    "guidance:cards": {"GET": (200, 200, 200, 200, 200)},
    "guidance:card": {"GET": (200, 200, 200, 200, 200)},
    "help": {"GET": (200, 200, 200, 200, 200)},
    # No country chosen: the help page again, the choice asked for beside the list
    "help_country": {"POST": (400, 400, 400, 400, 400)},
    "healthz": {"GET": (200, 200, 200, 200, 200)},
    "manifest": {"GET": (200, 200, 200, 200, 200)},
    "service_worker": {"GET": (200, 200, 200, 200, 200)},
    # Anyone may choose light or dark for their device; an empty choice is a 400
    "accounts:theme": {"GET": (200, 200, 200, 200, 200), "POST": (400, 400, 400, 400, 400)},
    # The same to everyone; 503 here, as no worker runs in the test
    "healthz_worker": {"GET": (503, 503, 503, 503, 503)},
    "body:index": {"GET": (302, 200, 200, 200, 200)},
    "insights:index": {"GET": (302, 200, 200, 200, 200)},
    "body:answer": {"POST": (302, 400, 400, 400, 400)},
    "body:leave_out": {"POST": (302, 400, 400, 400, 400)},
    "body:fertile_window": {"POST": (302, 302, 302, 302, 302)},
    "couple:readiness": {"GET": (302, 200, 200, 302, 200), "POST": (302, 302, 302, 400, 302)},
    "couple:readiness_item_add": {"POST": (302, 400, 400, 400, 400)},
    "couple:readiness_item_remove": {"POST": (302, 404, 404, 404, 404)},
    "couple:readiness_item_hide": {"POST": (302, 404, 404, 404, 404)},
    "couple:readiness_items_show": {"POST": (302, 302, 302, 400, 302)},
    "couple:nudge": {"GET": (302, 200, 200, 200, 200), "POST": (302, 400, 400, 400, 400)},
    "couple:nudge_settings": {"POST": (302, 400, 400, 400, 400)},
    "couple:nudge_answer": {"POST": (302, 400, 400, 400, 400)},
    # Questions: each person's own view of their space; a question of a day that is closed
    # and was not answered is nobody's (404); the former partner is sent to Together
    "couple:questions": {"GET": (302, 200, 200, 302, 200)},
    "couple:questions_choices": {"POST": (302, 400, 400, 302, 400)},
    "couple:questions_hidden_show": {"POST": (302, 302, 302, 302, 302)},
    "couple:question": {"GET": (302, 404, 404, 302, 404), "POST": (302, 404, 404, 302, 404)},
    "couple:question_skip": {"POST": (302, 404, 404, 302, 404)},
    "couple:question_reply": {"POST": (302, 404, 404, 302, 404)},
    "couple:question_hide": {"POST": (302, 404, 404, 302, 404)},
    "couple:question_therapist": {"POST": (302, 404, 404, 302, 404)},
    # The list for a therapist: each person's own, in a space or not; an item is its owner's
    "couple:therapist": {"GET": (302, 200, 200, 200, 200), "POST": (302, 400, 400, 400, 400)},
    "couple:therapist_remove": {"POST": (302, 404, 404, 404, 404)},
    "couple:days": {"GET": (302, 200, 200, 302, 200)},
    "couple:sharing": {"GET": (302, 200, 200, 200, 200), "POST": (302, 302, 302, 302, 302)},
    "couple:pause": {"POST": (302, 302, 302, 302, 302)},
    # Hard dates: each person's own; a date is the owner's, 404 to everyone else
    "dates:index": {"GET": (302, 200, 200, 200, 200)},
    "dates:add": {"GET": (302, 200, 200, 200, 200), "POST": (302, 400, 400, 400, 400)},
    # Each person's own choice: an empty form is "not quiet", saved for whoever sends it
    "dates:quiet": {"POST": (302, 302, 302, 302, 302)},
    "dates:edit": {"GET": (302, 200, 404, 404, 404), "POST": (302, 400, 404, 404, 404)},
    "dates:remove": {"POST": (302, 302, 404, 404, 404)},
    # The report: each person's own; a link's row is the owner's, 404 to everyone else;
    # the therapist's page asks anyone for a code (an empty one is a 400)
    "report:index": {"GET": (302, 200, 200, 200, 200)},
    "report:make": {"POST": (302, 400, 400, 400, 400)},
    "report:consent_withdraw": {"POST": (302, 302, 302, 302, 302)},
    "report:link_revoke": {"POST": (302, 404, 404, 404, 404)},
    "report:open": {"GET": (200, 200, 200, 200, 200), "POST": (400, 400, 400, 400, 400)},
    # Your data: each person's own page; an empty form is a 400, never a file
    "portability:index": {"GET": (302, 200, 200, 200, 200)},
    "portability:export": {"POST": (302, 400, 400, 400, 400)},
    "portability:import": {"POST": (302, 400, 400, 400, 400)},
    "portability:drip": {"POST": (302, 400, 400, 400, 400)},
    # Reminders: each person's own; an empty form is a 400, a browser without push a 400
    "notify:settings": {"GET": (302, 200, 200, 200, 200), "POST": (302, 400, 400, 400, 400)},
    "notify:push_subscribe": {"POST": (302, 400, 400, 400, 400)},
    "notify:service_worker": {"GET": (200, 200, 200, 200, 200)},
}


@dataclass
class World:
    owner: Person
    partner: Person
    former: Person
    other: Person
    clients: dict[str, Client]


def _link(inviter: Person, acceptor: Person) -> None:
    new = membership.invitation_create(inviter=inviter.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=acceptor.user)


def world_build() -> World:
    owner, former, partner = make_person("robin"), make_person("ash"), make_person("sam")
    other, others_partner = make_person("kit"), make_person("lee")
    _link(owner, former)
    membership.couple_leave(user=former.user)
    _link(owner, partner)
    _link(other, others_partner)
    clients = dict(
        zip(
            ACTORS,
            (Client(), owner.client, partner.client, former.client, other.client),
            strict=True,
        )
    )
    return World(owner, partner, former, other, clients)


def _wellbeing_result(person: Person) -> str:
    entry = wellbeing.result_save(
        owner=person.user,
        keys=person.keys,
        instrument=catalogue.instruments()["gad7"],
        answers=dict.fromkeys(range(1, 8), 1),
    )
    return f"/wellbeing/results/{entry.pk}/"


# Addresses of one person's thing: the owner's own, made in the world.
OWNED_PATHS: dict[str, Callable[[World], str]] = {
    "wellbeing:result": lambda world: _wellbeing_result(world.owner),
    "wellbeing:result_score": lambda world: _wellbeing_result(world.owner) + "score/",
    "dates:edit": lambda world: own_date_path(world.owner),
    "dates:remove": lambda world: own_date_path(world.owner) + "remove/",
}


def test_the_matrix_names_every_address_and_every_method_it_answers():
    assert {route.name for route in ROUTES} == set(MATRIX)
    for route in ROUTES:
        assert set(MATRIX[route.name]) == set(route.methods), route.name
        if route.access == PERSON:  # someone logged out is sent to log in, whatever they do
            assert {row[0] for row in MATRIX[route.name].values()} == {302}, route.name


def _path(route: Route, world: World) -> str:
    return OWNED_PATHS[route.name](world) if route.name in OWNED_PATHS else route.path


@pytest.mark.parametrize(
    ("route", "method"),
    [(route, method) for route in ROUTES for method in route.methods],
    ids=lambda value: value.name if isinstance(value, Route) else value,
)
def test_every_actor_gets_what_the_matrix_says(db, route: Route, method: str):
    world = world_build()
    path = _path(route, world)
    responses = [getattr(client, method.lower())(path) for client in world.clients.values()]
    got = tuple(response.status_code for response in responses)
    assert got == MATRIX[route.name][method], dict(zip(ACTORS, got, strict=True))
    if route.access == PERSON:
        assert responses[0]["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_other_method_is_refused_to_everyone(db, route: Route):
    world = world_build()
    path = _path(route, world)
    for method in set(ALL_METHODS) - set(route.methods):
        for actor, client in world.clients.items():
            assert getattr(client, method.lower())(path).status_code == 405, (method, actor)


@pytest.mark.parametrize(
    "route", [route for route in ROUTES if "POST" in route.methods], ids=lambda route: route.name
)
def test_every_form_refuses_a_post_from_another_site(db, route: Route):
    # The test client skips Django's CSRF check unless told; a browser does not.
    world = world_build()
    for person in (world.owner, world.partner):
        forged = Client(enforce_csrf_checks=True)
        forged.cookies = person.client.cookies
        assert forged.post(_path(route, world)).status_code == 403, route.name


# --- The therapist's link, a real one of the owner's ------------------------------------
# A bearer link: with the right code it opens for whoever holds it, the owner's partner
# and strangers alike (the PDF); a wrong code, an expired or a revoked link is the same
# 404 to all five actors, the owner included.
LINK_CASES: dict[str, tuple[int, int, int, int, int]] = {
    "right code": (200, 200, 200, 200, 200),
    "wrong code": (404, 404, 404, 404, 404),
    "expired": (404, 404, 404, 404, 404),
    "revoked": (404, 404, 404, 404, 404),
}


def _owners_link(world: World) -> tuple[str, str]:
    """The path and code of a link the owner made on the report page."""
    today = timezone.localdate()
    made = world.owner.client.post(
        "/report/make/",
        {
            "date_from": (today - timedelta(days=27)).isoformat(),
            "date_to": today.isoformat(),
            "sections": ["mood"],
            "days": "14",
            "action": "link",
        },
    ).content.decode()
    path = re.search(r'value="http://testserver(/r/[^"]+)"', made)
    code = re.search(r'class="report-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', made)
    assert path and code, made
    return path.group(1), code.group(1)


@pytest.mark.parametrize("case", LINK_CASES)
def test_a_real_report_link_answers_every_actor_as_the_matrix_says(db, case: str):
    world = world_build()
    path, code = _owners_link(world)
    link = ReportLink.objects.get(owner=world.owner.user)
    if case == "wrong code":
        code = "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    elif case == "expired":
        ReportLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    elif case == "revoked":
        revoked = world.owner.client.post(f"/report/links/{link.pk}/revoke/")
        assert revoked.status_code == 302
    responses = [client.post(path, {"code": code}) for client in world.clients.values()]
    got = tuple(response.status_code for response in responses)
    assert got == LINK_CASES[case], dict(zip(ACTORS, got, strict=True))
    for response in responses:
        if response.status_code == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF-")
        else:
            assert "no longer works" in response.content.decode()
