"""A whole check-in on a phone-sized screen with the keyboard alone (Tab, Space, arrow
keys, Enter; no mouse), with how the person feels after yesterday's closeness answered in
the same form and kept by its one Save, the red-flag box it brings, "afterwards" added
for today, then the day in the history. The page is audited empty, with errors and with the
red-flag box (tests/e2e/conftest.py: axe-core, first Tab on Quick exit, 44px targets)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.accounts.profile import Profile, profile_save
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.loss.about import AboutLoss, about_loss_save
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "We sat on the step in the sun for a while."
# The day's Save (the body section's own buttons, named, post another small form).
SAVE = "form.checkin button[type=submit]:not([name])"


def tab_to(page, selector: str, *, limit: int = 120) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose(page, name: str, index: int) -> None:  # type: ignore[no-untyped-def]
    """Into a radio group with Tab, then to the index-th choice with the arrow keys."""
    tab_to(page, f"#id_{name}_0")
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowRight")
    assert page.locator(f"#id_{name}_{index}").is_checked(), name


def open_section(page, summary: str) -> None:  # type: ignore[no-untyped-def]
    section = page.locator("details.checkin-section", has=page.locator("summary", has_text=summary))
    tab_to(page, f"details.checkin-section:nth-of-type({_nth(page, summary)}) > summary")
    if not section.evaluate("(d) => d.open"):
        page.keyboard.press("Enter")
    assert section.evaluate("(d) => d.open")


def _nth(page, summary: str) -> int:  # type: ignore[no-untyped-def]
    texts = page.locator("details.checkin-section > summary").all_inner_texts()
    return next(i for i, text in enumerate(texts, 1) if summary in text)


def marker(page, summary: str) -> str:  # type: ignore[no-untyped-def]
    """What the section's summary shows before its words: the open/closed triangle."""
    summary_ = page.locator("details.checkin-section > summary", has_text=summary)
    return str(summary_.evaluate("(s) => getComputedStyle(s, '::before').content"))


def submit(page, key: str = "Enter") -> None:  # type: ignore[no-untyped-def]
    """Press Enter on the focused button and wait for the page it brings."""
    with page.expect_navigation():
        page.keyboard.press(key)


def log_in_by_keyboard(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("linden")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSPHRASE)
    page.keyboard.press("Enter")
    page.wait_for_url("**/journal/day/*/")


def test_a_full_check_in_by_keyboard_then_history(page, audit):  # type: ignore[no-untyped-def]
    user, keys, _ = create_account("linden", PASSPHRASE)
    profile_save(owner=user, keys=keys, profile=Profile(country="GB"))
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    services.checkin_save(
        owner=user, keys=keys, checkin=CheckIn(day=yesterday, intimacy="closeness", during=4)
    )
    log_in_by_keyboard(page)
    assert page.url.endswith(f"/journal/day/{today.isoformat()}/")
    audit(page, "check-in, empty")

    # A mistake first: one of their own symptoms is longer than fits.
    open_section(page, "Your body")
    tab_to(page, "#id_new_symptoms")
    page.keyboard.type("a" * 61)
    tab_to(page, SAVE)
    submit(page)
    # The focus is on what needs another look, whose link leads to the field; the
    # field's own message stays beside it.
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("(el) => el === document.activeElement")
    link = summary.get_by_role("link", name="Something else, in your own words: Each one")
    assert link.get_attribute("href") == "#id_new_symptoms"
    error = page.locator("#id_new_symptoms_error")
    assert error.get_by_text("Each one can be up to 60 characters").is_visible()
    assert page.locator("#id_new_symptoms").input_value() == "a" * 61
    audit(page, "check-in, with errors")
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_new_symptoms"
    assert services.checkin_for_day(owner=user, keys=keys, day=today) is None

    # The whole day, by keyboard alone, starting with how it feels after yesterday's
    # closeness: a question inside the day's form, kept by the one Save below.
    page.goto(f"/journal/day/{today.isoformat()}/")
    question = "How do you feel now, after the closeness you noted yesterday?"
    assert page.locator("form.checkin").get_by_role("group", name=question).is_visible()
    choose(page, "yesterday_afterwards", 3)  # Good
    # Closed sections say they open: a triangle that turns when they do.
    assert "\u25b8" in marker(page, "Grief, worry")
    choose(page, "mood", 2)  # Okay
    open_section(page, "Grief, worry")
    assert "\u25be" in marker(page, "Grief, worry")
    choose(page, "grief", 3)  # A lot
    choose(page, "anxiety", 1)
    choose(page, "energy", 2)
    choose(page, "sleep", 0)  # Hardly slept
    open_section(page, "Your body")
    choose(page, "bleeding", 4)  # Heavy
    choose(page, "pain", 3)
    tab_to(page, "#id_symptoms_0")  # Cramps
    page.keyboard.press("Space")
    tab_to(page, "#id_symptoms_6")  # Dizziness, feeling faint, looking very pale ...
    page.keyboard.press("Space")
    tab_to(page, "#id_new_symptoms")
    page.keyboard.type("backache, sore feet")
    open_section(page, "Closeness or sex")
    choose(page, "intimacy", 1)  # Closeness
    choose(page, "during", 3)  # Good
    tab_to(page, "#id_note")
    page.keyboard.type(NOTE)
    tab_to(page, SAVE)
    submit(page)

    assert page.get_by_text("Saved. Only you can read it.").is_visible()
    stored = services.checkin_for_day(owner=user, keys=keys, day=today)
    assert (stored.mood, stored.grief, stored.anxiety, stored.energy, stored.sleep) == (
        3,
        4,
        2,
        3,
        1,
    )
    assert (stored.bleeding, stored.pain, stored.symptoms) == ("heavy", 3, ["cramps", "dizziness"])
    assert stored.custom_symptoms == ["backache", "sore feet"]
    assert (stored.intimacy, stored.during, stored.afterwards) == ("closeness", 4, None)
    assert (stored.note, stored.share) == (NOTE, [])  # alone: nothing is marked
    # The answer about yesterday was kept by the same Save, and is not asked again.
    assert services.checkin_for_day(owner=user, keys=keys, day=yesterday).afterwards == 4
    assert page.get_by_role("group", name=question).count() == 0

    # Dizziness and heavy bleeding: the box, with the UK's numbers, before the form, and
    # what to do first, in one short line under its heading.
    alert = page.get_by_role("alert")
    assert alert.get_by_role("heading", name="Please get help now").is_visible()
    first = alert.locator("h2 + p")
    assert first.inner_text() == "Call 999 now."
    assert first.get_by_role("link", name="Call 999", exact=True).is_visible()
    assert alert.get_by_text("soaking through a pad in an hour or less").is_visible()
    assert alert.get_by_text("If you also feel dizzy").count() == 0
    audit(page, "check-in, with an emergency red flag")

    # Today's closeness awaits how it felt afterwards: its section is open, and the
    # answer goes in with the same form.
    closeness = page.locator(
        "details.checkin-section", has=page.locator("summary", has_text="Closeness or sex")
    )
    assert closeness.evaluate("(d) => d.open")
    choose(page, "afterwards", 2)  # Mixed
    tab_to(page, SAVE)
    submit(page)
    assert page.get_by_text("Saved. Only you can read it.").is_visible()
    assert services.checkin_for_day(owner=user, keys=keys, day=today).afterwards == 3

    # The history, reached from the main navigation by keyboard.
    tab_to(page, "nav[aria-label=Main] a[href='/journal/']")
    submit(page)
    assert page.url.endswith("/journal/")
    assert page.locator(f"a[href='/journal/day/{today.isoformat()}/']").first.is_visible()
    assert page.get_by_text(NOTE[:20]).first.is_visible()

    audit.assert_clean()


def test_a_day_saved_on_a_phone_meanwhile_asks_which_to_keep(page, browser, live_server, audit):  # type: ignore[no-untyped-def]
    """The laptop's page was opened before the phone saved the day: its Save asks, shows
    both notes, and keeping both keeps every word of each."""
    user, keys, _ = create_account("linden", PASSPHRASE)
    log_in_by_keyboard(page)
    today = timezone.localdate()
    phone = new_page(browser, live_server.url)
    try:
        log_in_by_keyboard(phone)
        phone.locator("#id_note").fill("Written on the phone at lunch.")
        with phone.expect_navigation():
            phone.locator(SAVE).first.click()
    finally:
        phone.context.close()

    tab_to(page, "#id_note")
    page.keyboard.type(NOTE)
    tab_to(page, SAVE)
    submit(page)

    assert page.get_by_role("alert").get_by_text("This day was saved somewhere else").is_visible()
    table = page.get_by_role("region", name="What differs between the two versions")
    assert table.get_by_text("Written on the phone at lunch.").is_visible()
    assert page.locator("#id_note").input_value() == NOTE
    audit(page, "check-in, saved elsewhere meanwhile")
    page.get_by_role("button", name="Keep both notes").click()
    page.wait_for_url(f"**/journal/day/{today.isoformat()}/")

    stored = services.checkin_for_day(owner=user, keys=keys, day=today)
    assert stored is not None
    assert stored.note == f"Written on the phone at lunch.\n\n{NOTE}"
    audit.assert_clean()


def test_after_a_later_loss_the_signs_after_a_birth_and_a_body_section_one_can_leave_out(
    page, audit
):  # type: ignore[no-untyped-def]
    """After a stillbirth the signs of the weeks after a birth can be ticked, and chest pain
    heads the box with the emergency number; then the body section is left out and brought
    back, by keyboard, without touching the day. Audited at each step."""
    user, keys, _ = create_account("linden", PASSPHRASE)
    profile_save(owner=user, keys=keys, profile=Profile(country="GB"))
    about_loss_save(owner=user, keys=keys, about=AboutLoss(kind="stillbirth"))
    today = timezone.localdate()
    log_in_by_keyboard(page)

    # Opened without moving the focus, so the audit's first Tab starts from the top.
    body = page.locator("details.checkin-section", has=page.locator("summary", has_text="Your"))
    body.evaluate("(d) => { d.open = true; }")
    for label in (
        "Dizziness, feeling faint, looking very pale, or a fast heartbeat",
        "Chest pain, being short of breath, or coughing up blood",
        "Pain, redness or swelling in one leg, often the calf",
        "A severe headache",
        "A breast that is hot, red, swollen or painful",
    ):
        assert body.get_by_label(label, exact=True).is_visible(), label
    audit(page, "check-in after a later loss, the body section open")
    tab_to(page, "input[name=symptoms][value=chest_breathless]")
    page.keyboard.press("Space")
    tab_to(page, SAVE)
    submit(page)

    alert = page.get_by_role("alert")
    assert alert.get_by_role("heading", name="Please get help now").is_visible()
    assert alert.locator("h2 + p").inner_text() == "Call 999 now."
    assert alert.get_by_text("can be a sign of a blood clot").is_visible()
    stored = services.checkin_for_day(owner=user, keys=keys, day=today)
    assert stored is not None and stored.symptoms == ["chest_breathless"]
    audit(page, "check-in, chest pain after a later loss")

    # Leave the body section out: today holds a body answer, so it stays, readable.
    open_section(page, "Your body")
    tab_to(page, "button[name=body_section][value=hide]")
    submit(page)
    assert page.get_by_text("left out of your check-in from now on").is_visible()
    assert page.get_by_text("this day keeps the answers it already had").count() == 1
    audit(page, "check-in, a day with body answers, the section left out")

    # A day without body answers: no section, one line and a button to bring it back.
    page.goto(f"/journal/day/{(today - timedelta(days=3)).isoformat()}/")
    assert page.locator("summary", has_text="Your body").count() == 0
    assert page.get_by_text("Bleeding, pain and symptoms are left out").is_visible()
    audit(page, "check-in, the body section left out")
    tab_to(page, "button[name=body_section][value=show]")
    submit(page)
    assert page.locator("summary", has_text="Your body").is_visible()
    assert (
        services.checkin_for_day(owner=user, keys=keys, day=today - timedelta(days=3)) is None
    )  # the choice saved nothing of the day
    audit.assert_clean()
