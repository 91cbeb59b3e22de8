"""A first visit, in a real browser: sign up, keep the recovery code, write about today,
log out, come back and read it again. Every page on the way is audited (see conftest)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "willow"
PASSPHRASE = "lanterns over a sleeping harbour"
NOTE = "We walked by the river. It was quiet, and that was enough."


def sign_up(page, audit=None) -> str:  # type: ignore[no-untyped-def]
    """From the welcome page to a kept recovery code; returns the code that was shown."""
    page.goto("/")
    if audit:
        audit(page, "welcome")
    page.get_by_role("link", name="Make an account").click()
    page.wait_for_url("**/signup/")
    if audit:
        audit(page, "signup")
        # A mistake first: the two passphrases differ.
        page.get_by_label("User name").fill(USERNAME)
        page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
        page.get_by_label("Passphrase again").fill(PASSPHRASE + " and more")
        page.get_by_role("button", name="Make my account").click()
        page.wait_for_load_state()
        assert (
            page.locator("p.error")
            .get_by_text("The two passphrases are not the same.")
            .is_visible()
        )
        assert page.get_by_label("Passphrase again").get_attribute("aria-invalid") == "true"
        audit(page, "signup, with errors")
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
    page.get_by_label("Passphrase again").fill(PASSPHRASE)
    page.get_by_role("button", name="Make my account").click()
    page.wait_for_url("**/signup/recovery-code/")

    code = page.locator("#recovery-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){6}", code), code
    if audit:
        audit(page, "recovery code")
        # Continue without the tick: asked gently to tick it, and the code is still there.
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        assert (
            page.locator("p.error")
            .get_by_text("Please tick this once your code is somewhere safe.")
            .is_visible()
        )
        assert page.locator("#recovery-code").inner_text().strip() == code
        audit(page, "recovery code, with errors")
    page.get_by_label("I have kept my recovery code somewhere safe").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/journal/day/*/")
    return code


def test_first_visit_sign_up_write_log_out_and_read_it_again(page, audit):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    sign_up(page, audit)

    # Today's page: pick a mood and write a note.
    assert page.url.endswith(f"/journal/day/{today.isoformat()}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Today"
    assert page.title() == "Today · Afterwards"
    assert page.get_by_role("group", name="How are you today?").is_visible()
    audit(page, "journal day, empty")
    page.locator("label", has_text=re.compile(r"^Okay$")).click()
    assert page.get_by_role("radio", name="Okay").is_checked()
    page.get_by_label("A note to yourself").fill(NOTE)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Saved. Only you can read it.").is_visible()
    assert page.get_by_label("A note to yourself").input_value() == NOTE
    audit(page, "journal day, saved")

    # A day that has not come yet is refused, in words.
    page.get_by_label("Which day?").fill(today.replace(year=today.year + 1).isoformat())
    page.get_by_role("button", name="Go to that day").click()
    page.wait_for_load_state()
    assert page.locator("p.error").get_by_text("That day hasn't come yet.").is_visible()
    audit(page, "choose a day, with errors")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Account").click()
    page.wait_for_url("**/account/")
    audit(page, "account")
    page.get_by_role("link", name="Your country and how the site looks").click()
    page.wait_for_url("**/account/preferences/")
    page.get_by_label("Your country").select_option("GB")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/account/preferences/")
    audit(page, "your country and look, saved")
    nav.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Change your passphrase").click()
    page.wait_for_url("**/account/passphrase/")
    page.get_by_role("button", name="Change passphrase").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    audit(page, "change passphrase, with errors")
    nav.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Make a new recovery code").click()
    page.wait_for_url("**/account/recovery-code/")
    audit(page, "new recovery code")
    page.goto("/no/such/page/")
    audit(page, "not found")
    nav.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_url("**/account/delete/")
    audit(page, "delete account")

    nav.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")
    audit(page, "login")

    # The wrong passphrase first, then the right one.
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Passphrase").fill("not the passphrase at all")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("did not open an account").is_visible()
    audit(page, "login, with errors")
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/journal/day/{today.isoformat()}/")
    assert page.get_by_label("A note to yourself").input_value() == NOTE

    nav.get_by_role("link", name="Your days").click()
    page.wait_for_url("**/journal/")
    entry = page.locator(".day-list li").filter(has_text=NOTE)
    assert entry.count() == 1
    assert "Mood: Okay" in entry.inner_text()
    audit(page, "history")

    page.get_by_role("link", name="Help now").first.click()
    page.wait_for_url("**/help/")
    audit(page, "help")

    audit.assert_clean()


def test_first_visit_works_without_javascript(browser, live_server):  # type: ignore[no-untyped-def]
    """The same path with JavaScript off: plain links and forms carry all of it."""
    page = new_page(browser, live_server.url, java_script_enabled=False)
    try:
        sign_up(page)
        page.locator("label", has_text=re.compile(r"^Low$")).click()
        page.get_by_label("A note to yourself").fill(NOTE)
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        assert page.get_by_text("Saved. Only you can read it.").is_visible()
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
        page.wait_for_url("**/login/")
        quick_exit = page.get_by_role("link", name="Quick exit")
        assert quick_exit.get_attribute("href", timeout=1000) == "/quick-exit/"
    finally:
        page.context.close()
