"""After a mistake, in Chromium, with and without JavaScript: the focus is on the summary
of what needs another look, so a screen reader reads it first and the next Tab goes to
its links; each link leads to its field and gives it the focus, and the field's own
message is still beside it (includes/form_errors.html)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_JS = "() => document.activeElement.id || document.activeElement.outerHTML.slice(0, 80)"


def sign_up_with_a_mistake(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/signup/")
    page.get_by_label("User name").fill("rowan")
    page.get_by_label("Passphrase", exact=True).fill("lanterns over a sleeping harbour")
    page.get_by_label("Passphrase again").fill("lanterns over a sleeping harbor")
    with page.expect_navigation():
        page.get_by_role("button", name="Make my account").click()


@pytest.mark.parametrize("script", [True, False], ids=["with JavaScript", "without"])
def test_after_a_mistake_the_focus_is_on_the_summary_whose_link_leads_to_the_field(
    browser, live_server, script
):  # type: ignore[no-untyped-def]
    page = new_page(browser, live_server.url, java_script_enabled=script)
    try:
        sign_up_with_a_mistake(page)

        summary = page.locator("[data-error-summary]")
        assert summary.evaluate("(el) => el === document.activeElement")
        link = summary.get_by_role("link", name="Passphrase again: The two passphrases")
        assert link.is_visible()
        # The next Tab goes into the summary, to its first link; Enter follows it.
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.getAttribute('href')") == (
            "#id_new_passphrase_again"
        )
        page.keyboard.press("Enter")
        assert page.evaluate(FOCUSED_JS) == "id_new_passphrase_again"
        assert page.locator("#id_new_passphrase_again_error").is_visible()
        # Typed again, the form goes through.
        page.keyboard.type("lanterns over a sleeping harbour")
        page.get_by_label("Passphrase", exact=True).fill("lanterns over a sleeping harbour")
        with page.expect_navigation():
            page.get_by_role("button", name="Make my account").click()
        assert page.locator("[data-error-summary]").count() == 0
    finally:
        page.context.close()
    assert not page.csp_reports, page.csp_reports
