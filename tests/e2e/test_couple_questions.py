"""A question for the two of you, in two browsers: both are offered the day's question;
one answers, and the other's pages show nothing of it; the other answers, and both see
both; one replies; a nudge is answered; one leaves, and the other loses every answer that
was shared. Each
page is audited (tests/e2e/conftest.py: axe-core in both themes, first Tab on Quick exit,
44 px tap targets, and every goto fits a phone at 320 and 390 px)."""

from __future__ import annotations

import pytest

from afterwards.couple import membership
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROBIN = "Quieter than I expected, and then all at once."
SAM = "Busy, so I would not have to think about it."


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    submit(page, "Log in")


def submit(page, button: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def every_day(page) -> None:  # type: ignore[no-untyped-def]
    """Choose a question every day, on the questions page."""
    page.goto("/together/questions/")
    page.get_by_role("group", name="How often would you like a question?").get_by_text(
        "Every day", exact=True
    ).click()
    submit(page, "Save my choices")


def test_two_people_answer_alone_see_both_reply_and_lose_it_all_on_leaving(  # type: ignore[no-untyped-def]
    browser, live_server, audit
):
    robin, _, _ = create_account("robin")
    sam, _, _ = create_account("sam")
    new = membership.invitation_create(inviter=robin)
    membership.invitation_accept(invitation=new.invitation, acceptor=sam)
    first = new_page(browser, live_server.url)
    second = new_page(browser, live_server.url)
    try:
        log_in(first, "robin")
        log_in(second, "sam")
        first.goto("/together/")
        submit_link = first.get_by_role("link", name="A question for the two of you")
        with first.expect_navigation():
            submit_link.click()
        audit(first, "questions, first visit")
        for page in (first, second):
            every_day(page)
        asked = first.locator("#question-today").inner_text()
        assert second.locator("#question-today").inner_text() == asked
        audit(second, "questions, the day's question")

        # Robin answers; Sam's pages show nothing of it.
        second.goto("/together/questions/")
        before = second.locator("main").inner_text()
        first.get_by_label("Your answer").fill(ROBIN)
        submit(first, "Send my answer")
        assert first.get_by_text(ROBIN).is_visible()
        assert first.get_by_text("Your partner's answer shows here once").is_visible()
        audit(first, "a conversation, waiting")
        second.goto("/together/questions/")
        assert second.locator("main").inner_text() == before
        assert ROBIN not in second.content()

        # Sam answers; both see both, side by side.
        second.get_by_label("Your answer").fill(SAM)
        submit(second, "Send my answer")
        for page in (first, second):
            page.goto("/together/questions/")
            assert page.get_by_text("You have both answered.").is_visible()
            with page.expect_navigation():
                page.locator(".question-conversations a").first.click()
            assert page.get_by_text(ROBIN).is_visible() and page.get_by_text(SAM).is_visible()
        audit(second, "a conversation, both answered")

        # Sam replies; Robin sees it.
        second.get_by_role("group", name="Send a reply").get_by_text(
            "Thank you for telling me", exact=True
        ).click()
        submit(second, "Send this reply")
        first.reload()
        assert first.get_by_text("Their reply to you: Thank you for telling me").is_visible()
        audit(first, "a conversation with a reply")
        submit(first, "Bring this to our therapist")
        first.goto("/together/therapist/")
        assert first.get_by_role("button", name="Take off the list: item 1").is_visible()
        audit(first, "the list for a therapist, with an item")

        # A nudge, answered with prepared words, seen once by its sender.
        first.goto("/together/nudge/")
        first.get_by_text("Can I bring you anything?", exact=True).click()
        submit(first, "Send")
        second.goto("/together/")
        assert second.get_by_text("Can I bring you anything?").is_visible()
        audit(second, "Together, with a nudge to answer")
        second.get_by_role("group", name="Answer with, if you like").get_by_text(
            "I needed that", exact=True
        ).click()
        submit(second, "Send this answer")
        first.goto("/together/")
        assert first.get_by_text("Your partner answered your nudge").is_visible()
        assert first.get_by_text("I needed that").is_visible()
        audit(first, "Together, with an answer to a nudge")
        first.goto("/together/")
        assert not first.get_by_text("Your partner answered your nudge").is_visible()

        # Sam leaves; Robin loses every answer that was shared.
        conversation = first.url
        second.goto("/together/leave/")
        submit(second, "Leave now")
        first.goto("/together/questions/")
        assert first.url.endswith("/together/")
        first.goto(conversation)
        assert SAM not in first.content() and ROBIN not in first.content()
        second.goto("/together/questions/")
        assert SAM not in second.content() and ROBIN not in second.content()
        audit.assert_clean()
    finally:
        first.context.close()
        second.context.close()
