"""The report in a real browser: one note ticked, a preview, a link opened in another
browser with its code, then closed by its owner; the report page and the code page
audited (axe-core in both themes, the first Tab, tap targets)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from afterwards.couple import membership
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import WIDTH, new_page
from tests.e2e.test_couple_readiness import log_in as log_in_as
from tests.e2e.test_couple_readiness import submit
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


def test_offering_a_part_to_a_couple_report_shows_what_the_partner_would_read_first(  # type: ignore[no-untyped-def]
    browser, live_server, audit
):
    robin, _, _ = create_account("robin", PASSPHRASE)
    sam, sam_keys, _ = create_account("sam", PASSPHRASE)
    new = membership.invitation_create(inviter=robin)
    membership.invitation_accept(invitation=new.invitation, acceptor=sam)
    today = timezone.localdate()
    for back in range(5):
        services.checkin_save(
            owner=sam,
            keys=sam_keys,
            checkin=CheckIn(day=today - timedelta(days=back), mood=3, grief=3),
        )
    answers = dict.fromkeys(range(1, 10), 1)
    wellbeing.result_save(
        owner=sam,
        keys=sam_keys,
        instrument=catalogue.instruments()["phq9"],
        answers=answers,
        taken=timezone.make_aware(datetime.combine(today, datetime.min.time())),
    )
    first = new_page(browser, live_server.url)
    second = new_page(browser, live_server.url)
    try:
        log_in_as(second, "sam")
        second.goto("/report/")
        assert second.locator("#couple-reads").get_by_text("each questionnaire's total").count()
        submit(second, "Include my part in a couple report…")
        assert second.get_by_role("heading", level=1).inner_text() == (
            "What your partner would read"
        )
        reads = second.locator(".report-partner-reads").inner_text()
        assert "a question about your safety" in reads and "not your answer to each" in reads
        audit(second, "what a partner would read")
        submit(second, "Include my part in a couple report")
        assert second.get_by_text("can now go into a couple report").is_visible()

        log_in_as(first, "robin")
        first.goto("/report/")
        submit(first, "Preview the couple report")
        theirs = first.locator(".report-preview").inner_text().split("Their partner: Mood")[1]
        assert "A safety item was endorsed" in theirs
        assert "Several days" not in theirs
        audit(first, "couple report preview")
    finally:
        first.context.close()
        second.context.close()
    audit.assert_clean()
