"""The partner sees the warning too, in a real browser: a red flag in a day shared with
them shows a calm box on "How we're doing" and on their Today page, with a country
picker when they have chosen none, and the numbers one tap later, with and without
JavaScript. Each page is audited (tests/e2e/conftest.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from afterwards.couple import membership
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_passphrase", PASSPHRASE)
    with page.expect_navigation():
        page.press("#id_passphrase", "Enter")


def _shared_red_flag() -> None:
    robin, robin_keys, _ = create_account("robin", PASSPHRASE)
    sam, _, _ = create_account("sam", PASSPHRASE)
    new = membership.invitation_create(inviter=robin)
    membership.invitation_accept(invitation=new.invitation, acceptor=sam)
    services.checkin_save(
        owner=robin,
        keys=robin_keys,
        checkin=CheckIn(
            day=timezone.localdate(), bleeding="heavy", symptoms=["dizziness"], share=["body"]
        ),
    )


def test_the_partner_sees_the_warning_and_one_tap_later_the_numbers(page, audit):  # type: ignore[no-untyped-def]
    _shared_red_flag()
    _log_in(page, "sam")

    page.goto("/together/days/")
    box = page.locator(".partner-red-flags")
    assert box.get_by_role("heading", name="Your partner may need care").is_visible()
    assert box.get_by_text("Today, your partner noted:").is_visible()
    assert box.get_by_text("call your local emergency number now").is_visible()
    audit(page, "how we're doing, a partner's red flag, no country")

    box.get_by_label("Your country").select_option("GB")
    box.get_by_role("button", name="Show the numbers").click()
    page.wait_for_url("**/together/days/")
    call = page.locator(".partner-red-flags .checkin-call-first a")
    assert call.inner_text() == "call 999" and call.get_attribute("href") == "tel:999"
    audit(page, "how we're doing, a partner's red flag, United Kingdom")

    page.goto(f"/journal/day/{timezone.localdate().isoformat()}/")
    today = page.locator(".partner-red-flags")
    assert today.get_by_role("link", name="call 999").is_visible()
    audit(page, "today, a partner's red flag")

    audit.assert_clean()


def test_the_picker_works_without_javascript(browser, live_server):  # type: ignore[no-untyped-def]
    _shared_red_flag()
    page = new_page(browser, live_server.url, java_script_enabled=False)
    try:
        _log_in(page, "sam")
        today = f"/journal/day/{timezone.localdate().isoformat()}/"
        page.goto(today)
        box = page.locator(".partner-red-flags")
        box.get_by_label("Your country").select_option("AU")
        box.get_by_role("button", name="Show the numbers").click()
        page.wait_for_url(f"**{today}")
        assert page.locator('.partner-red-flags a[href="tel:000"]').count() >= 1
        assert page.get_by_text("Showing numbers for Australia.").is_visible()
    finally:
        page.context.close()
