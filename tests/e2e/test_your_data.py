"""Your data in a real browser, by keyboard alone: one person downloads everything, another
brings it into a fresh account, and each page is audited (see conftest)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.vault.models import Entry
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def tab_until(page, selector: str, *, limit: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_export_then_import_into_a_second_account_by_keyboard_alone(  # type: ignore[no-untyped-def]
    browser, live_server, page, audit, tmp_path
):
    user, keys, _code = create_account("heron")
    first = date(2026, 2, 1)
    for n in range(5):
        checkin = CheckIn(day=first + timedelta(days=n), mood=2 + n % 3, note=f"Note {n}")
        services.checkin_save(owner=user, keys=keys, checkin=checkin)
    create_account("wren")

    # The first person: from the account page to Your data, and the download.
    log_in(page, "heron")
    page.goto("/account/")
    tab_until(page, "a[href='/your-data/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/your-data/")
    audit(page, "your data")
    tab_until(page, "input[name='export-passphrase']")
    page.keyboard.type(PASSPHRASE)
    tab_until(page, "button[type=submit]")
    assert page.evaluate("() => document.activeElement.textContent") == "Download"
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    assert saved.name.startswith("export-") and saved.suffix == ".json"
    assert json.loads(saved.read_text())["username"] == "heron"

    # The second person, in a browser of their own: the file comes in by keyboard.
    other = new_page(browser, live_server.url)
    try:
        log_in(other, "wren")
        other.goto("/your-data/")
        tab_until(other, "input[name='bring-file']")
        # The file picker is the system's own dialog, outside the page: the page's part is
        # that the field is reached by keyboard; the file is then given to the focused field.
        other.locator("input[name='bring-file']:focus").set_input_files(saved)
        tab_until(other, "form[action='/your-data/import/'] button[type=submit]")
        other.keyboard.press("Enter")
        other.wait_for_url("**/your-data/")
        assert (
            "Brought in 5 entries, sealed with your keys."
            in other.locator(".messages").inner_text()
        )
        audit(other, "your data, after bringing an export in")
        other.goto("/journal/day/2026-02-03/")
        assert other.locator("main textarea").first.input_value() == "Note 2"
        assert other.csp_reports == []
    finally:
        other.context.close()
    assert Entry.objects.filter(owner__username="wren", kind="checkin").count() == 5
    audit.assert_clean()


def test_a_refused_file_is_named_beside_its_field(page, audit, tmp_path):  # type: ignore[no-untyped-def]
    create_account("wren")
    not_an_export = tmp_path / "notes.txt"
    not_an_export.write_text("a shopping list")

    log_in(page, "wren")
    page.goto("/your-data/")
    tab_until(page, "input[name='bring-file']")
    page.locator("input[name='bring-file']:focus").set_input_files(not_an_export)
    tab_until(page, "form[action='/your-data/import/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")

    error = page.locator("#id_bring-file_error")
    assert "This file is not an Afterwards export" in error.inner_text()
    assert page.get_by_label("Your export file").get_attribute("aria-describedby") is not None
    audit(page, "your data, a refused file")
    audit.assert_clean()
