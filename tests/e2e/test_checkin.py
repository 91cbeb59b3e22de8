"""A whole check-in on a phone-sized screen with the keyboard alone (Tab, Space, arrow
keys, Enter; no mouse), the red-flag box it brings, "afterwards" added from the small
form, then the day in the history. The page is audited empty, with errors and with the
red-flag box (tests/e2e/conftest.py: axe-core, first Tab on Quick exit, 44px targets)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from afterwards.accounts.profile import Profile, profile_save
from afterwards.journal import services
from tests.conftest import PASSPHRASE, create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "We sat on the step in the sun for a while."


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
    log_in_by_keyboard(page)
    assert page.url.endswith(f"/journal/day/{today.isoformat()}/")
    audit(page, "check-in, empty")

    # A mistake first: one of their own symptoms is longer than fits.
    open_section(page, "Your body")
    tab_to(page, "#id_new_symptoms")
    page.keyboard.type("a" * 61)
    tab_to(page, "form.checkin button[type=submit]")
    submit(page)
    assert page.get_by_text("Each one can be up to 60 characters").is_visible()
    assert page.locator("#id_new_symptoms").input_value() == "a" * 61
    audit(page, "check-in, with errors")
    assert services.checkin_for_day(owner=user, keys=keys, day=today) is None

    # The whole day, by keyboard alone.
    page.goto(f"/journal/day/{today.isoformat()}/")
    choose(page, "mood", 2)  # Okay
    open_section(page, "Grief, worry")
    choose(page, "grief", 3)  # A lot
    choose(page, "anxiety", 1)
    choose(page, "energy", 2)
    choose(page, "sleep", 0)  # Hardly slept
    open_section(page, "Your body")
    choose(page, "bleeding", 4)  # Heavy
    choose(page, "pain", 3)
    tab_to(page, "#id_symptoms_0")  # Cramps
    page.keyboard.press("Space")
    tab_to(page, "#id_new_symptoms")
    page.keyboard.type("backache, sore feet")
    open_section(page, "Closeness or sex")
    choose(page, "intimacy", 1)  # Closeness
    choose(page, "during", 3)  # Good
    tab_to(page, "#id_note")
    page.keyboard.type(NOTE)
    tab_to(page, "#id_share")
    page.keyboard.press("Space")
    tab_to(page, "form.checkin button[type=submit]")
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
    assert (stored.bleeding, stored.pain, stored.symptoms) == ("heavy", 3, ["cramps"])
    assert stored.custom_symptoms == ["backache", "sore feet"]
    assert (stored.intimacy, stored.during, stored.afterwards) == ("closeness", 4, None)
    assert (stored.note, stored.share) == (NOTE, True)

    # Heavy bleeding: the calm box, with the UK's numbers, before the form.
    alert = page.get_by_role("alert")
    assert alert.get_by_role("heading", name="Your body may need care now").is_visible()
    assert alert.get_by_text("soaking through a pad in an hour or less").is_visible()
    assert alert.get_by_role("link", name="999").is_visible()
    audit(page, "check-in, with a red flag and the afterwards question")

    # How it feels now, added from the small form at the top, by keyboard.
    group = page.get_by_role("group", name="How do you feel now, after earlier today?")
    assert group.is_visible()
    tab_to(page, f"#id_after_{today.isoformat()}_afterwards_0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # Mixed
    page.keyboard.press("Tab")
    submit(page)  # "Add how I feel"
    assert page.get_by_text("Added. Only you can read it.").is_visible()
    assert services.checkin_for_day(owner=user, keys=keys, day=today).afterwards == 3
    assert page.get_by_role("group", name="How do you feel now, after earlier today?").count() == 0

    # The history, reached from the main navigation by keyboard.
    tab_to(page, "nav[aria-label=Main] a[href='/journal/']")
    submit(page)
    assert page.url.endswith("/journal/")
    assert page.locator(f"a[href='/journal/day/{today.isoformat()}/']").first.is_visible()
    assert page.get_by_text(NOTE[:20]).first.is_visible()

    audit.assert_clean()
