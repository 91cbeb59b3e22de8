"""The report in a real browser: one note ticked, a preview, a link opened in another
browser with its code, then closed by its owner; the report page and the code page
audited (axe-core in both themes, the first Tab, tap targets)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import WIDTH, new_page
from tests.e2e.test_history import USERNAME, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TICKED = "Talked it through with my sister"
UNTICKED = "Words that stay with me"


def test_a_report_with_one_note_a_link_opened_with_its_code_then_closed(  # type: ignore[no-untyped-def]
    page, audit, browser, live_server
):
    user, keys, _code = create_account(USERNAME, PASSPHRASE)
    today = timezone.localdate()
    for back in range(10):
        note = TICKED if back == 2 else UNTICKED if back == 4 else ""
        services.checkin_save(
            owner=user,
            keys=keys,
            checkin=CheckIn(
                day=today - timedelta(days=back), mood=1 + back % 5, grief=2, note=note
            ),
        )
    log_in(page)

    page.goto("/report/")
    assert page.get_by_role("heading", level=1).inner_text() == "A report for your therapist"
    audit(page, "report page")
    # From and To side by side start level, though To has words beneath it.
    page.set_viewport_size({"width": 1100, "height": 844})
    start, end = (page.get_by_text(words, exact=True).bounding_box() for words in ("From", "To"))
    assert start and end and abs(start["y"] - end["y"]) < 1
    assert end["x"] > start["x"] + 100  # beside it, not beneath
    page.set_viewport_size({"width": WIDTH, "height": 844})
    ticked = page.get_by_label(TICKED[:20], exact=False)
    assert not ticked.is_checked()
    ticked.check()
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_role("heading", name="Mood and grief over time").is_visible()
    assert page.get_by_text(TICKED).is_visible()
    assert page.get_by_text(UNTICKED).count() == 0
    assert page.get_by_role("img", name="Mood in the period").is_visible()
    # On a phone the preview's charts take the width there is (a figure's own margins
    # once left them a third of it, with text a few pixels high).
    drawn = page.get_by_role("img", name="Mood in the period").bounding_box()
    inside = page.locator(".report-preview").bounding_box()
    assert drawn and inside and drawn["width"] >= inside["width"] - 60

    page.goto("/report/")
    page.get_by_label("The link works for (days)").fill("7")
    page.get_by_role("button", name="Make a link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your link is ready"
    url = page.get_by_label("The link").input_value()
    code = page.locator(".report-code").inner_text()

    therapist = new_page(browser, live_server.url)
    try:
        therapist.goto(url)
        assert therapist.get_by_role("navigation").count() == 0
        audit(therapist, "report link, the code asked for")
        therapist.get_by_label("The code you were given").fill("ZZZZ-ZZZZ")
        therapist.get_by_role("button", name="Open the report").click()
        assert therapist.get_by_text("no longer works").is_visible()
        token = therapist.locator("input[name=csrfmiddlewaretoken]").input_value()
        opened = therapist.request.post(
            url, form={"csrfmiddlewaretoken": token, "code": code}, headers={"Referer": url}
        )
        assert opened.status == 200
        assert opened.headers["content-type"] == "application/pdf"
        assert opened.body().startswith(b"%PDF-")

        page.goto("/report/")
        page.get_by_role("button", name="Close this link").click()
        assert page.get_by_text("The link is closed.").is_visible()

        therapist.goto(url)
        therapist.get_by_label("The code you were given").fill(code)
        with therapist.expect_response(lambda r: r.request.method == "POST") as answer:
            therapist.get_by_role("button", name="Open the report").click()
        assert answer.value.status == 404
        assert therapist.get_by_text("no longer works").is_visible()
    finally:
        therapist.context.close()
    audit.assert_clean()
