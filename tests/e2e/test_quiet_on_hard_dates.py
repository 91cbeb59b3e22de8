"""The choice of routine reminders on hard dates, in a real browser with the keyboard
alone: quiet already chosen, unticked and saved, and each page audited (see conftest)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.dates.services import hard_dates_get
from afterwards.loss.about import AboutLoss, about_loss_save
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.test_hard_dates import log_in, tab_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_routine_reminders_on_hard_dates_are_quiet_until_the_person_chooses_otherwise(page, audit):  # type: ignore[no-untyped-def]
    user, keys, _code = create_account("plover", PASSPHRASE)
    today = timezone.localdate()
    about_loss_save(owner=user, keys=keys, about=AboutLoss(loss_date=today - timedelta(days=300)))
    log_in(page)

    page.goto("/dates/")
    quiet = page.get_by_label(
        "Keep my daily check-in and questionnaire reminders quiet on these days"
    )
    assert quiet.is_checked()
    audit(page, "hard dates, with routine reminders quiet on them")

    tab_until(page, quiet)
    page.keyboard.press("Space")
    assert not quiet.is_checked()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_text("come on your hard dates too").is_visible()
    assert not quiet.is_checked()
    assert hard_dates_get(owner=user, keys=keys).quiet_routine is False
    audit(page, "hard dates, with routine reminders as on any day")
