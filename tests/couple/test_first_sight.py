"""A partner's first sight: an invitation's link opened by someone logged out (issue 15.5).

The page explains what Afterwards is and what joining means, offers "Make an account"
beside "Log in" (both come back to the invitation), and says nothing about the inviter,
who chose nothing to show. The suite's log guard (tests/security/log_guard.py) fails the
run if any line logged here held the invitation's token or code.
"""

from __future__ import annotations

import html
import logging
import re

import pytest
from django.test import Client

from afterwards.couple import membership
from afterwards.couple.models import Member
from afterwards.logs import hide
from tests.accounts.conftest import signup_data
from tests.conftest import PASSPHRASE
from tests.couple.test_space_pages import invite

INVITER = "willow.hartley"


@pytest.fixture
def inviter(db):  # type: ignore[no-untyped-def]
    from tests.conftest import make_person

    return make_person(INVITER)


def _addresses(page: str) -> dict[str, str]:
    found = dict(
        (text, html.unescape(href))
        for href, text in re.findall(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', page)
    )
    assert set(found) == {"Make an account", "Log in"}, found
    return found


def test_logged_out_the_link_explains_what_joining_means_and_offers_both_ways_in(inviter):
    link, _ = invite(inviter)

    response = Client().get(link)

    assert response.status_code == 200
    page = response.content.decode()
    assert "What Afterwards is" in page
    assert "your own account and your own passphrase" in page
    assert "stays private unless you choose to share it" in page
    assert "Either of you can leave the space at any time" in page
    addresses = _addresses(page)
    assert addresses["Make an account"] == f"/signup/?next={link}"
    assert addresses["Log in"] == f"/login/?next={link}"
    assert "no-store" in response["Cache-Control"]
    assert not Member.objects.exists()


def test_the_first_sight_names_nothing_of_the_inviter(inviter):
    link, code = invite(inviter)

    page = Client().get(link).content.decode().lower()

    for part in (INVITER, "willow", "hartley", code.lower()):
        assert part not in page


def test_making_an_account_from_the_link_comes_back_to_the_invitation(inviter):
    link, _ = invite(inviter)
    client = Client()
    signup_address = _addresses(client.get(link).content.decode())["Make an account"]
    signup_page = client.get(signup_address).content.decode()
    assert f'name="next" value="{link}"' in signup_page

    response = client.post(signup_address, signup_data("jo") | {"next": link})
    assert response["Location"] == "/signup/recovery-code/"
    response = client.post("/signup/recovery-code/", {"kept": "on"})

    assert response["Location"] == link
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert f"Share a space with {INVITER}?" in confirm.content.decode()
    assert not Member.objects.exists()  # accepting is still the person's own choice


def test_logging_in_from_the_link_comes_back_to_the_invitation(inviter, partner):
    link, _ = invite(inviter)
    client = Client()
    login_address = _addresses(client.get(link).content.decode())["Log in"]

    response = client.post(
        login_address, {"username": "sam", "passphrase": PASSPHRASE, "next": link}
    )

    assert response["Location"] == link
    assert f"Share a space with {INVITER}?" in client.get(link).content.decode()


def test_a_link_that_opens_nothing_says_so_calmly_when_logged_out(db):
    response = Client().get("/together/join/not-a-real-token/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "This invitation cannot be used" in page
    assert 'href="/together/"' not in page  # a page they could not open yet


def test_a_used_invitation_is_not_explained_again_to_someone_logged_out(inviter, partner):
    link, _ = invite(inviter)
    partner.client.post(link)

    assert Client().get(link).status_code == 404


def test_accepting_while_logged_out_goes_to_log_in_and_links_nobody(inviter):
    link, _ = invite(inviter)

    response = Client().post(link)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert membership.partner_of(inviter.user) is None


def test_the_ways_back_to_the_invitation_are_hidden_whole_in_a_log_line(inviter):
    link, _ = invite(inviter)
    token = link.rstrip("/").rsplit("/", 1)[1]
    for address in _addresses(Client().get(link).content.decode()).values():
        line = f'"GET {address} HTTP/1.1" 200 4096'

        assert token not in hide(line)
        assert hide(line).startswith(f'"GET {address.split("?")[0]}?[hidden] ')


def test_opening_the_link_logs_nothing_that_holds_its_token(inviter, caplog):
    link, _ = invite(inviter)
    token = link.rstrip("/").rsplit("/", 1)[1]
    client = Client()
    with caplog.at_level(logging.DEBUG):
        client.get(link)
        client.get(_addresses(client.get(link).content.decode())["Log in"])
        client.get(link.replace(token, token[::-1]))  # a 404, which Django logs
    logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    assert "Not Found" in logged
    assert token not in logged
    assert token[::-1] not in logged
