"""Readiness and nudges in a real browser, two people side by side: each answers alone,
only the one item both are open to shows for both, a "not yet" shows nowhere, an item of
one's own reaches the other as a question, and a nudge is sent. Every page is audited
(axe-core in both themes, first Tab on Quick exit, 44 px tap targets), and the answers
are given by keyboard alone on one side."""

from __future__ import annotations

import pytest

from afterwards.couple import membership
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    submit(page, "Log in")


def choose(page, item: str, level: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("group", name=item).get_by_text(level, exact=True).click()


def submit(page, button: str) -> None:  # type: ignore[no-untyped-def]
    """Press a form's button and wait for the page it leads to (often the same address)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def where_you_meet(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator(".readiness-meet").inner_text()


def test_two_people_find_where_they_meet_and_nothing_else(browser, live_server, audit):  # type: ignore[no-untyped-def]
    robin, _, _ = create_account("robin")
    sam, _, _ = create_account("sam")
    new = membership.invitation_create(inviter=robin)
    membership.invitation_accept(invitation=new.invitation, acceptor=sam)
    first = new_page(browser, live_server.url)
    second = new_page(browser, live_server.url)
    try:
        log_in(first, "robin")
        first.goto("/together/readiness/")
        audit(first, "readiness")
        choose(first, "Being held", "Yes")
        choose(first, "Kissing", "Maybe")
        choose(first, "Sex", "Not yet")
        submit(first, "Save my answers")
        assert first.get_by_text(
            "Saved. Your answers are never shown to your partner."
        ).is_visible()
        assert (
            first.get_by_role("group", name="Sex").get_by_role("radio", name="Not yet").is_checked()
        )

        # An item of one's own: first with no words, then with some.
        submit(first, "Add this item")
        assert (
            first.locator("p.error")
            .get_by_text("Please write a few words for the item.")
            .is_visible()
        )
        audit(first, "readiness, with errors")
        first.get_by_label("An item in your own words").fill("A walk together")
        submit(first, "Add this item")
        choose(first, "A walk together (your words)", "Yes")
        submit(first, "Save my answers")
        audit(first, "readiness, with an item of one's own")

        # The other answers by keyboard alone: Tab to a group, arrows choose within it.
        log_in(second, "sam")
        second.goto("/together/readiness/")
        assert second.get_by_role(
            "group", name="A walk together (your partner's words)"
        ).is_visible()
        group = second.get_by_role("group", name="Being held")
        group.get_by_role("radio", name="No answer").focus()
        second.keyboard.press("ArrowRight")  # wraps round to "Yes"
        assert group.get_by_role("radio", name="Yes").is_checked()
        second.get_by_role("group", name="Sex").get_by_role("radio", name="No answer").focus()
        second.keyboard.press("ArrowRight")
        second.get_by_role("group", name="Kissing").get_by_role("radio", name="No answer").focus()
        second.keyboard.press("ArrowLeft")  # "Not yet"
        assert (
            second.get_by_role("group", name="Kissing")
            .get_by_role("radio", name="Not yet")
            .is_checked()
        )
        second.get_by_role("button", name="Save my answers").focus()
        with second.expect_navigation():
            second.keyboard.press("Enter")
        audit(second, "readiness, with a match")

        for page in (first, second):
            page.goto("/together/readiness/")
            meet = where_you_meet(page)
            assert "Being held" in meet
            for hidden in ("Kissing", "Sex", "A walk together", "Not yet"):
                assert hidden not in meet, (hidden, meet)

        # A nudge, from the second to the first.
        second.goto("/together/nudge/")
        audit(second, "nudge")
        submit(second, "Send")
        assert second.get_by_text("Please choose one of the messages offered.").first.is_visible()
        audit(second, "nudge, with errors")
        second.get_by_text("Thinking of you", exact=True).click()
        submit(second, "Send")
        assert second.get_by_text("Sent. It will be there the next time").is_visible()
        audit(second, "nudge, sent")
    finally:
        for page in (first, second):
            page.context.close()
    assert not first.csp_reports and not second.csp_reports
    audit.assert_clean()
