"""Sharing parts of a day, by keyboard alone, between two people in two browsers: the
choice in the check-in, its preview, the side-by-side page for both, the default sections
and the pause switch. Each page is audited (tests/e2e/conftest.py: axe-core in both
themes, first Tab on Quick exit, 44px tap targets)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from afterwards.couple import membership
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page
from tests.e2e.test_checkin import choose, submit, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "A walk by the river, and a long talk after."


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_passphrase", PASSPHRASE)
    with page.expect_navigation():
        page.press("#id_passphrase", "Enter")


def test_sharing_parts_of_a_day_seen_side_by_side(page, browser, live_server, audit):  # type: ignore[no-untyped-def]
    robin, robin_keys, _ = create_account("robin", PASSPHRASE)
    sam, sam_keys, _ = create_account("sam", PASSPHRASE)
    new = membership.invitation_create(inviter=robin)
    membership.invitation_accept(invitation=new.invitation, acceptor=sam)
    today = timezone.localdate()
    services.checkin_save(
        owner=sam,
        keys=sam_keys,
        checkin=CheckIn(day=today - timedelta(days=1), mood=4, grief=2, share=["mood"]),
    )

    log_in(page, "robin")
    page.goto(f"/journal/day/{today.isoformat()}/")
    choose(page, "mood", 1)  # Low
    tab_to(page, "#id_note")
    page.keyboard.type(NOTE)
    tab_to(page, "#id_share_0")  # Mood, grief, worry, energy and sleep
    page.keyboard.press("Space")
    tab_to(page, "#id_share_3")  # Note
    page.keyboard.press("Space")
    audit(page, "check-in in a space")

    # Preview: nothing saved, everything kept, the partner's view above.
    tab_to(page, "button[name=preview]")
    submit(page)
    preview = page.locator("#preview")
    assert preview.get_by_text("What your partner will see of this day").is_visible()
    assert preview.get_by_text(NOTE).is_visible()
    assert page.locator("#id_note").input_value() == NOTE
    assert services.checkin_for_day(owner=robin, keys=robin_keys, day=today) is None
    audit(page, "check-in preview")

    tab_to(page, "form.checkin button[type=submit]:not([name])")
    submit(page)
    assert page.get_by_text("Your partner sees the parts you ticked").is_visible()

    page.goto("/together/days/")
    assert page.get_by_role("img").count() == 2
    audit(page, "how we're doing")

    # The partner, in a browser of their own, sees the note beside their own mood.
    other = new_page(browser, live_server.url)
    try:
        log_in(other, "sam")
        other.goto("/together/days/")
        assert other.get_by_text(NOTE).is_visible()
        assert other.locator("#mood-chart-summary").inner_text().startswith("Mood, as each")

        # Robin pauses: the note is gone for Sam, who is told nothing.
        tab_to(page, "form.pause-form button")
        submit(page)
        assert page.get_by_text("Sharing paused.").is_visible()
        other.reload()
        assert other.get_by_text(NOTE).count() == 0
        assert "paused" not in other.locator("main").inner_text().lower()
    finally:
        other.context.close()

    page.goto("/together/sharing/")
    audit(page, "default sections")


def test_months_the_weeks_chart_and_you_always_in_the_first_column(page, live_server, audit):  # type: ignore[no-untyped-def]
    robin, robin_keys, _ = create_account("robin", PASSPHRASE)
    sam, sam_keys, _ = create_account("sam", PASSPHRASE)
    new = membership.invitation_create(inviter=robin)
    membership.invitation_accept(invitation=new.invitation, acceptor=sam)
    today = timezone.localdate()
    for back in range(0, 42, 3):  # six weeks, both sharing, then a day only Sam shared
        day = today - timedelta(days=back)
        for owner, keys, grief in ((robin, robin_keys, 1 + back % 5), (sam, sam_keys, 3)):
            services.checkin_save(
                owner=owner,
                keys=keys,
                checkin=CheckIn(day=day, mood=3, grief=grief, note=f"{back}", share=["mood"]),
            )
    services.checkin_save(
        owner=sam,
        keys=sam_keys,
        checkin=CheckIn(day=today - timedelta(days=1), mood=2, share=["mood"]),
    )
    services.checkin_save(
        owner=robin,
        keys=robin_keys,
        checkin=CheckIn(day=today - timedelta(days=2), mood=2, share=["mood"]),
    )
    log_in(page, "robin")

    page.goto("/together/days/")
    assert page.get_by_role("img").count() == 3  # mood, grief, and grief over the weeks
    assert page.locator("#weeks-chart-summary").inner_text().startswith("Grief week by week")
    audit(page, "how we're doing, with the weeks")
    # On a wide screen each side keeps its column on every day, whoever shared it.
    page.set_viewport_size({"width": 1000, "height": 900})
    days = page.locator(".pair-day-list > li")
    columns: dict[str, set[float]] = {"You": set(), "Your partner": set()}
    for n in range(days.count()):
        for side in days.nth(n).locator(".pair-day-side h4").all():
            box = side.bounding_box()
            assert box is not None
            columns[side.inner_text()].add(round(box["x"]))
    assert len(columns["You"]) == 1 and len(columns["Your partner"]) == 1, columns
    assert min(columns["You"]) < min(columns["Your partner"])
    page.set_viewport_size({"width": 390, "height": 844})

    # Back a month, and to a month with nothing shared: each said calmly.
    earlier = page.get_by_role("link", name="Earlier:")
    with page.expect_navigation():
        earlier.click()
    assert "How we're doing:" in page.locator("h1").inner_text()
    audit(page, "how we're doing, a month")
    page.goto(
        "/together/days/?month=" + (today.replace(day=1) - timedelta(days=200)).strftime("%Y-%m")
    )
    assert page.get_by_text("is shared here.").is_visible()
    audit(page, "how we're doing, a month with nothing shared")
    audit.assert_clean()
