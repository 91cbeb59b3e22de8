"""The help page, About your loss and Words that help, in a real browser: audited (see
conftest), with and without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.accounts.profile import Profile, profile_save
from tests.conftest import create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "a lantern kept in the window all night"


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def test_help_by_country_and_words_that_help(page, audit):  # type: ignore[no-untyped-def]
    page.goto("/help/")
    assert page.get_by_role("heading", level=1).inner_text() == "Help, now"
    assert page.get_by_text("your local emergency number").first.is_visible()
    audit(page, "help, no country")

    page.get_by_label("Show help for").select_option("GB")
    page.get_by_role("button", name="Show help").click()
    page.wait_for_url("**/help/?country=GB")
    crisis = page.locator("#help-crisis").locator("xpath=..")
    assert crisis.get_by_role("link", name="116 123").get_attribute("href") == "tel:116123"
    audit(page, "help, United Kingdom")

    page.goto("/help/?country=zz")
    assert (
        page.locator("p.error").get_by_text("Please choose a country from the list.").is_visible()
    )
    audit(page, "help, with errors")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Words that help").click()
    page.wait_for_url("**/words/")
    audit(page, "words that help")
    page.get_by_role("link", name="For a partner").click()
    page.wait_for_url("**/words/?for=partner")
    assert page.get_by_role("link", name="For a partner").get_attribute("aria-current") == "page"
    audit(page, "words that help, for a partner")
    page.get_by_role("link", name="What tends to help").click()
    page.wait_for_url("**/words/partner-what-helps/")
    assert page.get_by_role("heading", name="Where this comes from").is_visible()
    audit(page, "a card")
    page.goto("/words/person-body-timeline/")
    audit(page, "a card with a heading")

    audit.assert_clean()


def test_about_your_loss_then_help_and_words_in_their_words(page, audit):  # type: ignore[no-untyped-def]
    user, keys, _ = create_account("alder", PASSPHRASE)
    profile_save(owner=user, keys=keys, profile=Profile(country="GB"))
    _log_in(page, "alder")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    page.get_by_role("link", name="About your loss").click()
    page.wait_for_url("**/about-your-loss/")
    assert page.get_by_role("group", name="How would you like us to speak of it?").is_visible()
    audit(page, "about your loss")

    tomorrow = timezone.localdate() + timedelta(days=1)
    page.locator("label", has_text="Stillbirth").click()
    page.get_by_label("When it happened").fill(tomorrow.isoformat())
    page.locator("label", has_text="By a name").click()
    page.get_by_label("The name you use").fill("Wren")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.locator("p.error").get_by_text("That day hasn't come yet.").is_visible()
    assert page.get_by_label("The name you use").input_value() == "Wren"
    audit(page, "about your loss, with errors")

    page.get_by_label("When it happened").fill("")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Saved. Only you can read it.").is_visible()

    page.get_by_role("link", name="Help now").first.click()
    page.wait_for_url("**/help/")
    first = page.locator("#help-loss").locator("xpath=..").locator(".help-line").first
    assert "Sands" in first.inner_text()
    audit(page, "help, after a stillbirth")

    page.goto("/words/person-grief-returns/")
    assert page.get_by_text("Grief for Wren does not").is_visible()
    audit(page, "a card in their words")

    audit.assert_clean()


def test_help_works_without_javascript(browser, live_server):  # type: ignore[no-untyped-def]
    page = new_page(browser, live_server.url, java_script_enabled=False)
    try:
        page.goto("/help/")
        page.get_by_label("Show help for").select_option("US")
        page.get_by_role("button", name="Show help").click()
        page.wait_for_url("**/help/?country=US")
        assert page.locator('a[href="tel:988"]').count() == 1
        page.goto("/words/")
        page.get_by_role("link", name="For both of you").click()
        page.wait_for_url("**/words/?for=both")
        assert page.get_by_role("link", name="Grieving out of step").is_visible()
    finally:
        page.context.close()


def test_a_person_without_a_country_keeps_the_one_they_choose_on_the_help_page(page, audit):  # type: ignore[no-untyped-def]
    create_account("rowan", PASSPHRASE)
    _log_in(page, "rowan")

    page.goto("/help/")
    assert page.get_by_text("We keep it in your private settings").is_visible()
    audit(page, "help, logged in without a country")

    page.get_by_label("Show help for").select_option("GB")
    page.get_by_role("button", name="Show help").click()
    page.wait_for_url("**/help/")
    assert page.get_by_text("Showing numbers for United Kingdom.").is_visible()
    abuse = page.locator("#help-abuse").locator("xpath=..")
    line = abuse.get_by_role("link", name="0808 2000 247")
    assert line.get_attribute("href") == "tel:08082000247"
    assert abuse.get_by_text("No one deserves to be hurt").is_visible()
    audit(page, "help, United Kingdom, kept")

    page.goto("/account/preferences/")
    assert page.get_by_label("Your country").input_value() == "GB"

    audit.assert_clean()
