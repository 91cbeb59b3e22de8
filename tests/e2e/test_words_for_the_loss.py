"""Words that fit the loss, in a real browser: a card read before and after the person
names their kind of loss, audited (see conftest)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, create_account
from tests.e2e.test_history import USERNAME, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_card_speaks_of_the_kind_of_loss_once_it_is_named(page, audit):  # type: ignore[no-untyped-def]
    create_account(USERNAME, PASSPHRASE)
    log_in(page)
    page.goto("/words/person-body-timeline/")
    body = page.locator(".card-body")
    assert "When they are safe again depends on what happened" in body.inner_text()
    assert "miscarriage" not in body.inner_text() and "ectopic" not in body.inner_text()
    assert page.get_by_text("Some of this depends on the kind of loss.").is_visible()
    audit(page, "a card for someone who named no kind of loss")

    page.get_by_role("link", name="About your loss").first.click()
    page.wait_for_url("**/about-your-loss/")
    page.locator("label", has_text="Ectopic pregnancy").click()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Saved. Only you can read it.").is_visible()

    page.goto("/words/person-body-timeline/")
    text = page.locator(".card-body").inner_text()
    assert "after an ectopic pregnancy, especially after surgery" in text
    assert "After methotrexate" in text and "miscarriage" not in text
    assert page.get_by_text("Some of this depends on the kind of loss.").count() == 0
    audit(page, "a card after an ectopic pregnancy")
    audit.assert_clean()
