"""The account page: where the person is logged in."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from afterwards.accounts.models import UserSession
from tests.accounts.conftest import log_in

URL = "/account/"
FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)


def test_account_page_sends_a_stranger_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_account_page_refuses_post(owner):
    assert owner.client.post(URL).status_code == 405


def test_account_page_lists_only_the_persons_own_sessions(owner, partner):
    log_in(Client(HTTP_USER_AGENT=FIREFOX_ON_LINUX), "robin")
    log_in(Client(HTTP_USER_AGENT=SAFARI_ON_IPHONE), "sam")

    response = owner.client.get(URL)

    assert response.status_code == 200
    sessions = list(response.context["sessions"])
    assert len(sessions) == 2
    assert {session.user_id for session in sessions} == {owner.user.pk}
    page = response.content.decode()
    assert "Firefox on Linux" in page
    assert "Safari on iPhone" not in page
    assert page.count("(this one)") == 1


def test_account_page_leaves_out_expired_sessions(owner):
    log_in(Client(HTTP_USER_AGENT=FIREFOX_ON_LINUX), "robin")
    UserSession.objects.filter(user=owner.user, device="Firefox on Linux").update(
        expire_date=timezone.now() - timedelta(days=1)
    )

    response = owner.client.get(URL)

    assert len(response.context["sessions"]) == 1
    assert "Firefox on Linux" not in response.content.decode()


def test_the_account_page_says_shift_three_times_leaves_at_once(owner):
    page = owner.client.get("/account/").content.decode()
    assert "press the Shift key three times" in page
