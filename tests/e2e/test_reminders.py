"""Reminders in a real browser: turned on with the keyboard alone, a missing address
asked for beside its field, then saved; audited in both themes (see conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterwards.notify import vapid
from afterwards.notify.models import Preferences
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.test_hard_dates import tab_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "wren"


def log_in(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def push_keys_made(settings, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """Web Push as on a fresh install: on, with the key `afterwards serve` makes."""
    settings.NOTIFY_WEBPUSH = True
    settings.VAPID_PRIVATE_KEY_PATH = folder / vapid.PRIVATE_NAME
    return vapid.keys_make(folder)


def test_reminders_are_turned_on_with_the_keyboard_with_no_accessibility_problems(
    page, audit, settings, tmp_path
):  # type: ignore[no-untyped-def]
    push_keys_made(settings, tmp_path)
    create_account(USERNAME, PASSPHRASE)
    log_in(page)
    page.goto("/reminders/")
    audit(page, "reminders, all off")

    daily = page.get_by_label("A daily reminder to check in")
    tab_until(page, daily)
    page.keyboard.press("Space")
    assert daily.is_checked()
    by_email = page.get_by_label("By e-mail")
    tab_until(page, by_email)
    page.keyboard.press("Space")
    in_browser = page.get_by_label("In this browser")
    tab_until(page, in_browser)
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(
        "Please give the address reminders should go to.", exact=True
    ).is_visible()
    assert page.get_by_label("A daily reminder to check in").is_checked()
    audit(page, "reminders, an address asked for")

    address = page.get_by_label("E-mail address for reminders")
    tab_until(page, address)
    page.keyboard.type("wren@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Saved.").is_visible()
    prefs = Preferences.objects.get(user__username=USERNAME)
    assert (prefs.checkin_on, prefs.by_email, prefs.by_push) == (True, True, True)
    assert prefs.email == "wren@example.org"
    # With JavaScript, the browser part offers to allow reminders here.
    assert page.get_by_role("button", name="Allow reminders in this browser").is_visible()
    audit(page, "reminders, saved, with this browser offered")
    audit.assert_clean()


def test_allowing_this_browser_registers_a_worker_for_the_reminders_page_and_gives_an_answer(
    page, settings, tmp_path
):  # type: ignore[no-untyped-def]
    """The service worker must control /reminders/, or navigator.serviceWorker.ready never
    resolves and nothing is ever subscribed. Chromium here has no push service to reach,
    so the subscription itself is refused: the page then says so calmly, never "Asking
    this browser…" for ever."""
    push_keys_made(settings, tmp_path)
    user, _, _ = create_account(USERNAME, PASSPHRASE)
    Preferences.objects.create(user=user, time_zone="Europe/London", by_push=True)
    log_in(page)
    page.goto("/reminders/")
    page.get_by_role("button", name="Allow reminders in this browser").click()

    scope = page.evaluate(
        "() => Promise.race(["
        " navigator.serviceWorker.ready.then((registration) => registration.scope),"
        " new Promise((resolve) => setTimeout(() => resolve('never ready'), 8000))])"
    )
    assert scope == f"{page.url.split('/reminders/')[0]}/reminders/"
    status = page.locator("#push-status")
    page.wait_for_function(
        "() => !document.getElementById('push-status').textContent.startsWith('Asking')"
    )
    assert status.text_content() == (
        "This browser did not allow reminders. You can allow them in its settings."
    )
