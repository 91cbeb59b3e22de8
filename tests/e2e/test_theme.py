"""Light or dark chosen on the device, whatever the device says: drawn from the server
(a class on <html>), so the page is in the chosen theme from its first paint, with no
JavaScript; audited in each (see conftest: axe-core under both device settings)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "rowan"
LIGHT_BG = "rgb(251, 248, 243)"
DARK_BG = "rgb(28, 26, 23)"
BACKGROUND_JS = "() => getComputedStyle(document.body).backgroundColor"


def log_in(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def choose(page, theme: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/light-or-dark/")
    page.get_by_text(theme, exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Saved on this device.").is_visible()


def test_dark_chosen_stays_dark_on_a_light_device_and_light_on_a_dark_one(page, audit):  # type: ignore[no-untyped-def]
    create_account(USERNAME, PASSPHRASE)
    log_in(page)
    assert page.evaluate(BACKGROUND_JS) == LIGHT_BG  # following the device: light

    choose(page, "Dark")
    for path in ("/light-or-dark/", "/journal/", "/body/", "/account/"):
        page.goto(path)
        assert page.evaluate(BACKGROUND_JS) == DARK_BG, path
        assert page.evaluate("() => document.documentElement.className") == "theme-dark"
        audit(page, f"{path}, dark chosen")
    # Without JavaScript too: the class comes from the server.
    page.context.route("**/*.js", lambda route: route.abort())
    page.reload()
    assert page.evaluate(BACKGROUND_JS) == DARK_BG
    page.context.unroute("**/*.js")

    choose(page, "Light")
    for path in ("/light-or-dark/", "/journal/"):
        page.emulate_media(color_scheme="dark")  # the audit leaves the device light
        page.goto(path)
        assert page.evaluate(BACKGROUND_JS) == LIGHT_BG, path
        audit(page, f"{path}, light chosen")

    choose(page, "As this device is set")
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(BACKGROUND_JS) == DARK_BG
    page.emulate_media(color_scheme="light")
    assert page.evaluate(BACKGROUND_JS) == LIGHT_BG
    audit.assert_clean()


def test_the_choice_outlives_logging_out(page):  # type: ignore[no-untyped-def]
    create_account(USERNAME, PASSPHRASE)
    log_in(page)
    choose(page, "Dark")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")
    assert page.evaluate(BACKGROUND_JS) == DARK_BG
