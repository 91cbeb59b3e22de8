"""Copy, share, download and print, in a real browser (issue 15.4).

The invitation's link and code copy to the clipboard and say "Copied." in a polite live
region; the share sheet opens where the browser has one (headless Chromium has none, so
there the copy button does it all; a share sheet that fails copies instead). The
recovery code copies, downloads as a text file and prints alone. Without JavaScript the
buttons that need it stay hidden and the download still works. Pages are audited.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIPBOARD = ["clipboard-read", "clipboard-write"]
NEW_PASSPHRASE = "lantern over a still harbour"
CODE = re.compile(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){6}")

# A share sheet for a browser that has none: it keeps what it was given, and answers
# as the page's test asks (window.shareAnswer: "ok", or the name of an error).
SHARE_SHEET = """
window.shared = [];
navigator.share = (data) => {
  window.shared.push(data);
  const answer = window.shareAnswer || "ok";
  return answer === "ok"
    ? Promise.resolve()
    : Promise.reject(new DOMException("stand-in", answer));
};
"""


def log_in(page, username: str = "robin") -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def invite(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    page.goto("/together/")
    with page.expect_navigation():
        page.get_by_role("button", name="Make an invitation").click()
    link = page.get_by_label("The link").input_value()
    code = page.get_by_label("Or the code, to type on the Together page").input_value()
    return link, code


def clipboard(page) -> str:  # type: ignore[no-untyped-def]
    text: str = page.evaluate("() => navigator.clipboard.readText()")
    return text


def status_says(page, words: str, where: str = "copy-status") -> None:  # type: ignore[no-untyped-def]
    status = page.get_by_role("status").filter(has_text=words)
    status.wait_for()
    assert status.get_attribute("id") == where


def test_the_invitations_link_and_code_copy_and_say_so(browser, live_server, audit):  # type: ignore[no-untyped-def]
    create_account("robin")
    page = new_page(browser, live_server.url, permissions=CLIPBOARD)
    try:
        log_in(page)
        link, code = invite(page)
        assert page.evaluate("() => typeof navigator.share") == "undefined"
        # No share sheet here: no Share button, and Copy does it all.
        assert page.get_by_role("button", name="Share the link…").count() == 0
        audit(page, "the invitation, with copy buttons")

        page.get_by_role("button", name="Copy the link").click()
        status_says(page, "Copied.")
        assert clipboard(page) == link
        assert "/together/join/" in link

        page.get_by_role("button", name="Copy the code").click()
        status_says(page, "Copied.")
        assert clipboard(page) == code
    finally:
        page.context.close()
    audit.assert_clean()
    assert not page.csp_reports, page.csp_reports


def test_the_share_sheet_gets_the_link_and_a_failing_one_copies_instead(browser, live_server):  # type: ignore[no-untyped-def]
    create_account("robin")
    page = new_page(browser, live_server.url, permissions=CLIPBOARD)
    page.add_init_script(SHARE_SHEET)
    try:
        log_in(page)
        link, _ = invite(page)
        share = page.get_by_role("button", name="Share the link…")

        share.click()
        status_says(page, "Shared.")
        shared = page.evaluate("() => window.shared")
        assert shared[0]["url"] == link
        assert "It works once" in shared[0]["text"]

        # Closing the sheet is a choice: nothing copied, nothing said.
        page.evaluate("() => navigator.clipboard.writeText('before')")
        page.evaluate("() => { window.shareAnswer = 'AbortError'; }")
        share.click()
        page.wait_for_function("() => window.shared.length === 2")
        assert clipboard(page) == "before"

        # A share sheet that cannot share falls back to copying.
        page.evaluate("() => { window.shareAnswer = 'NotAllowedError'; }")
        share.click()
        status_says(page, "Copied.")
        assert clipboard(page) == link
    finally:
        page.context.close()
    assert not page.csp_reports, page.csp_reports


def recover(page, code: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/recover/")
    page.get_by_label("User name").fill("robin")
    page.get_by_label("Recovery code").fill(code)
    page.get_by_label("New passphrase", exact=True).fill(NEW_PASSPHRASE)
    page.get_by_label("New passphrase again").fill(NEW_PASSPHRASE)
    with page.expect_navigation():
        page.get_by_role("button", name="Open my account").click()


def test_after_recovering_the_new_code_copies_downloads_and_prints_alone(  # type: ignore[no-untyped-def]
    browser, live_server, audit
):
    _, _, old_code = create_account("robin")
    page = new_page(browser, live_server.url, permissions=CLIPBOARD, accept_downloads=True)
    try:
        recover(page, old_code)
        assert page.get_by_role("heading", name="Your passphrase is changed").is_visible()
        assert page.get_by_text("The recovery code you just used no longer works").is_visible()
        code = page.locator("#recovery-code").inner_text().strip()
        assert CODE.fullmatch(code) and code != old_code
        audit(page, "after recovering: the new code")

        page.get_by_role("button", name="Copy the code").click()
        status_says(page, "Copied.")
        assert clipboard(page) == code

        with page.expect_download() as waiting:
            page.get_by_role("link", name="Download as a text file").click()
        download = waiting.value
        assert download.suggested_filename == "recovery-code.txt"
        assert f"\n{code}\n" in open(download.path(), encoding="utf-8").read()

        assert page.get_by_role("button", name="Print").is_visible()
        page.emulate_media(media="print")
        assert page.locator("#recovery-code").is_visible()
        line = page.locator(".print-only")
        assert line.is_visible()
        assert "If you forget your passphrase" in line.inner_text()
        for hidden in ("h1", ".site-header", ".site-footer", "form", ".copy-actions"):
            assert not page.locator(hidden).first.is_visible(), hidden
    finally:
        page.context.close()
    audit.assert_clean()
    assert not page.csp_reports, page.csp_reports


def test_without_javascript_the_code_stays_text_and_the_download_still_works(  # type: ignore[no-untyped-def]
    browser, live_server
):
    _, _, old_code = create_account("robin")
    page = new_page(browser, live_server.url, java_script_enabled=False, accept_downloads=True)
    try:
        recover(page, old_code)
        code = page.locator("#recovery-code").inner_text().strip()
        assert CODE.fullmatch(code)
        for name in ("Copy the code", "Print"):
            assert not page.get_by_role("button", name=name).is_visible(), name
        with page.expect_download() as waiting:
            page.get_by_role("link", name="Download as a text file").click()
        assert code in open(waiting.value.path(), encoding="utf-8").read()

        page.emulate_media(media="print")  # the browser's own print: the same styles
        assert page.locator("#recovery-code").is_visible()
        assert not page.locator("h1").is_visible()
    finally:
        page.context.close()


def _notes_written(username: str = "robin", days: int = 12) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from afterwards.journal import services
    from afterwards.journal.checkin import CheckIn

    user, keys, _ = create_account(username)
    today = timezone.localdate()
    for back in range(days):
        services.checkin_save(
            owner=user,
            keys=keys,
            checkin=CheckIn(day=today - timedelta(days=back), mood=3, note=f"Note {back}"),
        )


def test_the_reports_notes_are_all_chosen_or_none_at_once(page, audit):  # type: ignore[no-untyped-def]
    _notes_written()
    log_in(page)
    page.goto("/report/")
    boxes = page.locator("input[name=notes]")
    assert boxes.count() == 12
    audit(page, "report page, choose all and none")
    address = page.url

    page.get_by_role("button", name="Choose all 12 notes").click()
    status_says(page, "All 12 notes chosen.", "notes-status")
    assert all(boxes.nth(i).is_checked() for i in range(12))
    assert page.url == address  # at once, nothing sent

    page.get_by_role("button", name="Choose none").click()
    status_says(page, "No note chosen.", "notes-status")
    assert not any(boxes.nth(i).is_checked() for i in range(12))
    audit.assert_clean()


def test_without_javascript_choose_all_sends_the_form_back_every_note_ticked(  # type: ignore[no-untyped-def]
    browser, live_server
):
    _notes_written()
    page = new_page(browser, live_server.url, java_script_enabled=False)
    try:
        log_in(page)
        page.goto("/report/")
        page.get_by_label("Name on the report (optional)").fill("Robin A.")
        with page.expect_navigation():
            page.get_by_role("button", name="Choose all 12 notes").click()
        assert page.url.endswith("/report/make/#report-notes")
        boxes = page.locator("input[name=notes]")
        assert all(boxes.nth(i).is_checked() for i in range(12))
        assert page.get_by_label("Name on the report (optional)").input_value() == "Robin A."
        with page.expect_navigation():
            page.get_by_role("button", name="Choose none").click()
        assert not any(boxes.nth(i).is_checked() for i in range(12))
    finally:
        page.context.close()


def test_a_partners_first_sight_of_the_link_then_an_account_and_back(  # type: ignore[no-untyped-def]
    browser, live_server, audit
):
    create_account("robin")
    inviter = new_page(browser, live_server.url)
    partner = new_page(browser, live_server.url)
    try:
        log_in(inviter)
        link, _ = invite(inviter)

        partner.goto(link)
        assert partner.get_by_role("heading", name="What joining means").is_visible()
        assert "robin" not in partner.locator("main").inner_text().lower()
        audit(partner, "an invitation, logged out")
        with partner.expect_navigation():
            partner.get_by_role("link", name="Make an account").click()
        partner.get_by_label("User name").fill("sam")
        partner.get_by_label("Passphrase", exact=True).fill(PASSPHRASE)
        partner.get_by_label("Passphrase again").fill(PASSPHRASE)
        with partner.expect_navigation():
            partner.get_by_role("button", name="Make my account").click()
        partner.get_by_label("I have kept my recovery code somewhere safe").check()
        with partner.expect_navigation():
            partner.get_by_role("button", name="Continue").click()
        assert partner.url == link
        assert partner.get_by_role("heading", name="Share a space with robin?").is_visible()
    finally:
        inviter.context.close()
        partner.context.close()
    audit.assert_clean()
    assert not inviter.csp_reports and not partner.csp_reports
