"""The check-in fits a thumb, in Chromium on a 390 × 844 phone screen: Save (and Preview,
in a space) always within reach in a bar at the bottom of the screen that never covers
the field being filled; an empty day is one screen, every section closed; a section
opened stays open on that device after a reload, remembered by its name alone; and
without JavaScript the page is as the server draws it, and saves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.couple import membership
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = "form.checkin button[type=submit]:not([name])"
PREVIEW = "form.checkin button[name=preview]"
SECTIONS = "details.checkin-section"

# A day with every answer: every section opens, and the page is several screens long.
FULL = {
    "mood": 3,
    "grief": 4,
    "anxiety": 2,
    "energy": 3,
    "sleep": 2,
    "bleeding": "light",
    "pain": 3,
    "symptoms": ["cramps"],
    "intimacy": "closeness",
    "during": 4,
    "afterwards": 4,
    "note": "A slow morning, then a walk to the river.",
}

# Whether the element is on the screen and is what a tap at its middle would reach
# (nothing drawn over it).
REACHABLE_JS = """(el) => {
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight || r.left < 0 || r.right > window.innerWidth) {
    return false;
  }
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit === el || el.contains(hit);
}"""

# The box of what has the focus (a radio or checkbox by its label, which is what shows),
# beside the top of the Save bar.
FOCUSED_JS = """() => {
  let el = document.activeElement;
  if (!el || !el.closest("form.checkin") || el.closest(".checkin-save")) return null;
  if (el.matches("input[type=radio], input[type=checkbox]")) {
    el = el.closest("label") || el.labels[0];
  }
  const r = el.getBoundingClientRect();
  const bar = document.querySelector(".checkin-save").getBoundingClientRect();
  return {what: el.outerHTML.slice(0, 80), top: r.top, bottom: r.bottom, bar: bar.top};
}"""


def log_in(page, username: str = "wren") -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def open_sections(page) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return dict(
        page.locator(SECTIONS).evaluate_all("(els) => els.map((d) => [d.dataset.remember, d.open])")
    )


def test_save_and_preview_stay_in_reach_on_a_long_day_and_never_cover_the_field(page, audit):  # type: ignore[no-untyped-def]
    wren, wren_keys, _ = create_account("wren", PASSPHRASE)
    robin, _, _ = create_account("robin", PASSPHRASE)
    membership.invitation_accept(
        invitation=membership.invitation_create(inviter=robin).invitation, acceptor=wren
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    services.checkin_save(owner=wren, keys=wren_keys, checkin=CheckIn(day=yesterday, **FULL))
    log_in(page)
    # Scrolls are instant with less motion asked for; smooth, they end in the same place.
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/journal/day/{yesterday.isoformat()}/")

    # Several screens long, every section open, and Save and Preview on the first.
    assert all(open_sections(page).values())
    assert page.evaluate("() => document.documentElement.scrollHeight") > 3 * 844
    for button in (SAVE, PREVIEW):
        assert page.locator(button).evaluate(REACHABLE_JS), button
    audit(page, "check-in, a full day in a space, on a phone")

    # Down the whole form by keyboard: every field that takes the focus is on the screen
    # and above the bar, and the bar is still there.
    seen = 0
    page.locator("#id_mood_0").focus()
    for _ in range(200):
        found = page.evaluate(FOCUSED_JS)
        if found is None:
            break
        seen += 1
        assert found["top"] >= 0 and found["bottom"] <= found["bar"] + 0.5, found
        assert page.locator(SAVE).evaluate(REACHABLE_JS)
        page.keyboard.press("Tab")
    assert seen > 25  # every group and field of the day, not a few
    assert page.evaluate("() => document.activeElement.matches('form.checkin button')")

    # Save from the middle of the page, without scrolling to its end.
    page.locator("label[for=id_pain_5]").click()
    assert page.locator(SAVE).evaluate(REACHABLE_JS)
    with page.expect_navigation():
        page.locator(SAVE).click()
    assert services.checkin_for_day(owner=wren, keys=wren_keys, day=yesterday).pain == 5
    audit.assert_clean()


def test_an_empty_day_is_one_screen_with_every_section_closed(page, audit):  # type: ignore[no-untyped-def]
    create_account("wren", PASSPHRASE)
    log_in(page)

    assert open_sections(page) == {"feelings": False, "body": False, "closeness": False}
    # How are you today, every section's heading and Save: all on the first screen.
    assert page.get_by_role("group", name="How are you today?").evaluate(REACHABLE_JS)
    for summary in page.locator(f"{SECTIONS} > summary").all():
        assert summary.evaluate(REACHABLE_JS), summary.inner_text()
    assert page.locator(SAVE).evaluate(REACHABLE_JS)
    audit(page, "check-in, an empty day on a phone")
    audit.assert_clean()


def test_a_section_opened_stays_open_on_this_device_and_only_its_name_is_kept(browser, live_server):  # type: ignore[no-untyped-def]
    wren, wren_keys, _ = create_account("wren", PASSPHRASE)
    today = timezone.localdate()
    services.checkin_save(
        owner=wren, keys=wren_keys, checkin=CheckIn(day=today - timedelta(days=2), **FULL)
    )
    page = new_page(browser, live_server.url)
    try:
        log_in(page)
        page.locator("summary", has_text="Grief, worry").click()
        page.locator("summary", has_text="Your body").press("Enter")
        page.reload()
        assert open_sections(page) == {"feelings": True, "body": True, "closeness": False}

        # Closed again by the person, it stays closed, even on a day whose answers would
        # open it; the one they never touched follows the server.
        page.locator("summary", has_text="Your body").click()
        page.goto(f"/journal/day/{(today - timedelta(days=2)).isoformat()}/")
        assert open_sections(page) == {"feelings": True, "body": False, "closeness": True}

        # The page measuring itself (the fit check opens every section) is not a choice.
        page.reload()
        assert open_sections(page) == {"feelings": True, "body": False, "closeness": True}

        # What the device holds: a word per section touched, under its name alone.
        kept = page.evaluate("() => Object.entries(localStorage)")
        assert sorted(kept) == [["section-open:body", "closed"], ["section-open:feelings", "open"]]
        assert page.evaluate("() => sessionStorage.length") == 0
    finally:
        page.context.close()
    assert not page.csp_reports, page.csp_reports


def test_without_javascript_the_server_decides_what_is_open_and_save_works(browser, live_server):  # type: ignore[no-untyped-def]
    wren, wren_keys, _ = create_account("wren", PASSPHRASE)
    today = timezone.localdate()
    page = new_page(browser, live_server.url, java_script_enabled=False)
    try:
        log_in(page)
        assert open_sections(page) == {"feelings": False, "body": False, "closeness": False}
        assert page.locator(SAVE).evaluate(REACHABLE_JS)  # the bar is CSS alone
        page.locator("summary", has_text="Grief, worry").click()
        page.locator("label[for=id_grief_2]").click()
        page.locator("label[for=id_mood_3]").click()
        with page.expect_navigation():
            page.locator(SAVE).click()
        assert page.get_by_text("Saved. Only you can read it.").is_visible()
        stored = services.checkin_for_day(owner=wren, keys=wren_keys, day=today)
        assert (stored.mood, stored.grief) == (4, 3)
        # The day now holds a feeling: the server opens that section, and no other.
        assert open_sections(page) == {"feelings": True, "body": False, "closeness": False}
    finally:
        page.context.close()
