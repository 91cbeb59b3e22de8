"""Patterns in a real browser, on a phone-sized window: reached from the history by
keyboard, audited in the light and dark themes (see conftest), tables opened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.loss.about import AboutLoss, about_loss_save
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import WIDTH
from tests.e2e.test_history import USERNAME, log_in, tab_to
from tests.insights.conftest import journal_days, write_journal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_patterns_by_keyboard_with_no_accessibility_problems(page, audit):  # type: ignore[no-untyped-def]
    user, keys, _code = create_account(USERNAME, PASSPHRASE)
    today = timezone.localdate()
    person = type("P", (), {"user": user, "keys": keys})
    write_journal(person, journal_days(120, after_closeness=-2.5, today=today))
    about_loss_save(
        owner=user,
        keys=keys,
        about=AboutLoss(
            kind="unsaid",
            loss_date=today - timedelta(days=150),
            due_date=today - timedelta(days=40),
        ),
    )
    log_in(page)

    page.goto("/journal/")
    tab_to(page, "/patterns/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/patterns/")
    assert page.get_by_role("heading", level=1).inner_text() == "Patterns"
    assert page.get_by_text(
        "On the day after closeness or sex, your mood was on average"
    ).is_visible()
    assert page.get_by_role("img", name="Mood from").is_visible()
    assert page.get_by_role("img", name="How much higher or lower your mood was").is_visible()
    audit(page, "patterns, months of check-ins")

    tab_to(page, summary="The days after closeness or sex as a table")
    page.keyboard.press("Enter")
    assert page.get_by_role("rowheader", name="Mood: the day after").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    # The audit's first Tab starts from the top, as on a page just opened.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.mouse.click(1, 1)
    audit(page, "patterns, a table open")
    audit.assert_clean()


def test_patterns_with_too_few_days_are_calm_and_clean(page, audit):  # type: ignore[no-untyped-def]
    create_account(USERNAME, PASSPHRASE)
    log_in(page)
    page.goto("/patterns/")
    assert page.get_by_text("There is nothing to look at yet.").is_visible()
    audit(page, "patterns, no check-ins yet")
    audit.assert_clean()
