"""The couple space from end to end, two people in two browsers (issue 4, item 8).

Robin invites; Sam joins with the code; Sam shares the mood of a day and Robin sees it
side by side; both answer readiness so that one item meets and another does not, and the
one that does not is nowhere on either page but as the absence of a match; Sam leaves
alone, and everything Sam shared is gone from Robin's pages at once. The Together pages
on the way are audited (axe-core in both themes, first Tab on Quick exit, tap targets).
"""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    press(page, "Log in")


def press(page, button: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def answer(page, item: str, level: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("group", name=item).get_by_text(level, exact=True).click()


def test_invite_share_meet_and_leave(browser, live_server, audit):  # type: ignore[no-untyped-def]
    create_account("robin")
    create_account("sam")
    robin = new_page(browser, live_server.url)
    sam = new_page(browser, live_server.url)
    try:
        # Robin invites.
        log_in(robin, "robin")
        robin.get_by_role("navigation", name="Main").get_by_role("link", name="Together").click()
        robin.wait_for_url("**/together/")
        audit(robin, "together, alone")
        press(robin, "Make an invitation")
        code = robin.get_by_label("Or the code, to type on the Together page").input_value()
        audit(robin, "the invitation")

        # Sam joins with the code, after seeing who invites.
        log_in(sam, "sam")
        sam.goto("/together/")
        sam.get_by_label("The code your partner gave you").fill(code.lower())
        press(sam, "Continue")
        assert sam.get_by_role("heading", name="Share a space with robin?").is_visible()
        audit(sam, "joining")
        press(sam, "Share a space with robin")
        assert sam.get_by_text("You share a space with robin.").is_visible()
        audit(sam, "together")

        # Sam shares the mood of today; Robin sees it beside their own.
        sam.goto("/journal/day/")
        sam.get_by_role("group", name="How are you today?").get_by_text("Very low").click()
        sam.get_by_label("Mood, grief, worry, energy and sleep").check()
        sam.get_by_label("A note to yourself").fill("Only for me")
        press(sam, "Save")
        robin.goto("/together/days/")
        shared = robin.locator("main").inner_text()
        assert "Very low" in shared
        assert "Only for me" not in shared

        # Readiness: being held meets; kissing does not.
        robin.goto("/together/readiness/")
        answer(robin, "Being held", "Yes")
        answer(robin, "Kissing", "Yes")
        press(robin, "Save my answers")
        sam.goto("/together/readiness/")
        answer(sam, "Being held", "Maybe")
        answer(sam, "Kissing", "Not yet")
        press(sam, "Save my answers")
        for page in (robin, sam):
            page.goto("/together/readiness/")
            assert page.locator(".readiness-matches li").all_inner_texts() == ["Being held"]
            # Kissing is on each page only as the person's own question, with their own
            # answer: nothing says what the other chose for it.
            kissing = page.get_by_role("group", name="Kissing")
            chosen = "Yes" if page is robin else "Not yet"
            assert kissing.get_by_role("radio", name=chosen).is_checked()
        assert "Kissing" not in robin.locator(".readiness-meet").inner_text()
        audit(robin, "readiness with a match")

        # Sam leaves alone; Robin is told only that the space ended, and the day is gone.
        sam.goto("/together/")
        sam.get_by_role("link", name="Leave the shared space").click()
        sam.wait_for_url("**/together/leave/")
        audit(sam, "leaving")
        press(sam, "Leave now")
        assert sam.get_by_text("You have left the shared space.").is_visible()

        robin.goto("/together/days/")
        robin.wait_for_url("**/together/")
        assert robin.get_by_text("The space you shared has ended.").is_visible()
        robin.goto("/together/readiness/")
        assert robin.locator(".readiness-meet").count() == 0
        assert "Very low" not in robin.locator("main").inner_text()
    finally:
        robin.context.close()
        sam.context.close()
