"""Hard dates in a real browser, on a phone-sized window: from Your days to the list, a
date of one's own added with the keyboard alone, with a heads-up, then the calm line on
Today; each page audited in the light and dark themes (see conftest)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.dates.services import hard_dates_get
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.notify.models import Alarm
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.test_history import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "plover"


def log_in(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def tab_until(page, field) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until `field` has the focus, as a keyboard user would."""
    for _ in range(40):
        if field.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {field}")


def test_a_date_added_with_the_keyboard_gives_a_heads_up_with_no_accessibility_problems(
    page, audit
):  # type: ignore[no-untyped-def]
    user, keys, _code = create_account(USERNAME, PASSPHRASE)
    today = timezone.localdate()
    about_loss_save(owner=user, keys=keys, about=AboutLoss(loss_date=today - timedelta(days=300)))
    soon = today + timedelta(days=3)
    log_in(page)

    page.goto("/journal/")
    tab_to(page, "/dates/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dates/")
    assert page.get_by_role("heading", name="The day of your loss").is_visible()
    audit(page, "hard dates, the day of the loss from About your loss")

    tab_to(page, "/dates/add/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dates/add/")
    audit(page, "hard dates, adding a date")

    # Saving with nothing written keeps the page, with the notes beside the fields.
    page.get_by_role("button", name="Add this date").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert (
        page.locator("p.error").get_by_text("Please give it a few words of your own.").is_visible()
    )
    assert page.locator("p.error").get_by_text("Please give the date.").is_visible()
    audit(page, "hard dates, a date with notes beside its fields")

    page.get_by_label("Your words for this date").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("The day we planted the tree")
    page.keyboard.press("Tab")
    the_date = page.get_by_label("The date", exact=True)
    tab_until(page, the_date)
    # The date box orders day and month as the browser's own language does, whatever
    # the page's: a person types in the order they see, so try one, then the other.
    page.keyboard.type(soon.strftime("%d%m%Y"))
    if the_date.input_value() != soon.isoformat():
        page.keyboard.press("ArrowLeft")  # back through the year and the middle part
        page.keyboard.press("ArrowLeft")
        page.keyboard.type(soon.strftime("%m%d%Y"))
    assert the_date.input_value() == soon.isoformat()
    yearly = page.get_by_label("Every year")
    tab_until(page, yearly)  # chosen already: Tab goes on past the pair
    assert yearly.is_checked()
    heads_up = page.get_by_label("Give me a quiet heads-up before this date")
    tab_until(page, heads_up)
    page.keyboard.press("Space")
    assert heads_up.is_checked()
    tab_until(page, page.get_by_role("button", name="Add this date"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/dates/")

    assert page.get_by_text("Saved. Only you can read what this date is about.").is_visible()
    assert page.get_by_role("heading", name="The day we planted the tree").is_visible()
    assert page.get_by_text("A heads-up 7 days before.").is_visible()
    [own] = hard_dates_get(owner=user, keys=keys).own
    assert (own.day, own.yearly, own.heads_up.on) == (soon, True, True)
    assert Alarm.objects.get().next_on == soon - timedelta(days=7)
    audit(page, "hard dates, a date of one's own with a heads-up")

    page.goto(f"/journal/day/{today.isoformat()}/")
    line = page.get_by_role("complementary", name="A gentle heads-up")
    assert line.get_by_text("A hard day may be coming soon.").is_visible()
    assert "planted" not in line.inner_text()
    audit(page, "today, with the heads-up before a hard date")
