"""The Body page in a real browser, on a phone-sized window: the question about bleeding
that came back, answered without JavaScript; the cycles, the strip and fertile days, each
state audited in the light and dark themes (see conftest)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.loss.about import AboutLoss, about_loss_save
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import WIDTH
from tests.e2e.test_history import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "kestrel"


def months_after_a_loss() -> date:
    """A loss 110 days ago, its bleeding, three returns of bleeding four weeks apart, and a
    check-in noting no bleeding on four days in five between them."""
    user, keys, _code = create_account(USERNAME, PASSPHRASE)
    loss = timezone.localdate() - timedelta(days=110)
    about_loss_save(owner=user, keys=keys, about=AboutLoss(kind="miscarriage", loss_date=loss))
    days = {loss + timedelta(days=i): "none" for i in range(6, 110) if i % 5}
    days |= {loss + timedelta(days=i): "heavy" for i in range(6)}
    for start in (40, 68, 96):
        for i, value in enumerate(("spotting", "heavy", "medium", "light", "light")):
            days[loss + timedelta(days=start + i)] = value
    for day, value in days.items():
        checkin = CheckIn(day=day, bleeding=value)
        services.checkin_save(owner=user, keys=keys, checkin=checkin)
    return loss + timedelta(days=41)  # the first day of flow after the spotting


def test_the_body_page_answers_and_shows_the_cycle_with_no_accessibility_problems(page, audit):  # type: ignore[no-untyped-def]
    first = months_after_a_loss()
    log_in(page)
    page.goto("/journal/")
    page.get_by_role("link", name="Your body and cycle").click()
    page.wait_for_url("**/body/")
    question = f"Bleeding came back on {first.day} {first:%B %Y}"
    assert page.get_by_role("heading", name=question).is_visible()
    audit(page, "body, a question about bleeding that came back")

    # Saving without an answer keeps the question, with the note beside it.
    page.get_by_role("button", name=f"Save the answer about {first.day} {first:%B %Y}").click()
    assert (
        page.locator("p.error").get_by_text("Please choose one of the three answers.").is_visible()
    )
    audit(page, "body, the question with a note beside it")

    # One question at a time, the earliest; answering it settles the later returns.
    assert page.locator(".body-question").count() == 1
    assert page.get_by_text("Bleeding came back 2 more times after this.").is_visible()
    region = page.get_by_role("region", name=question)
    region.locator("label", has_text="Yes, a period").click()
    assert region.get_by_role("radio", name="Yes, a period").is_checked()
    page.get_by_role("button", name=f"Save the answer about {first.day} {first:%B %Y}").click()
    page.wait_for_url("**/body/")
    assert page.get_by_text("Saved. We count it as a period.").is_visible()
    assert page.get_by_role("heading", name="Periods and cycles").is_visible()
    assert page.get_by_role("img", name="Your cycle from").is_visible()
    assert page.locator(".estimate").inner_text().startswith("Likely between")
    # On a phone the table's header is out of sight: each stacked cell names its column.
    row = page.locator(".cycle-table tbody tr").first
    for column in ("Period began", "Cycle length", "In the averages", "Change"):
        assert row.locator(".cell-label", has_text=column).is_visible()
    # Every label of the strip is inside the drawing, and the phases carry their letters.
    svg = page.locator(".cycle-strip-svg")
    box = svg.bounding_box()
    assert box is not None
    for label in svg.locator("text").all():
        inner = label.bounding_box()
        assert inner is not None and inner["x"] >= box["x"] - 0.5
        assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 0.5
    assert svg.locator("text.phase-letter").count() >= 5

    page.get_by_label("Show an estimate of fertile days").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/body/")
    assert page.get_by_text("fertile days could fall between").is_visible()
    assert page.get_by_text("is not contraception").is_visible()
    # Nothing wider than the phone: the strip and the table of cycles both fit.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    page.mouse.click(1, 1)
    audit(page, "body, cycles, the strip and fertile days")
    audit.assert_clean()


def test_a_person_who_never_noted_bleeding_meets_a_neutral_page(page, audit):  # type: ignore[no-untyped-def]
    user, keys, _code = create_account(USERNAME, PASSPHRASE)
    loss = timezone.localdate() - timedelta(days=120)
    about_loss_save(owner=user, keys=keys, about=AboutLoss(loss_date=loss))
    for i in range(0, 120, 4):
        checkin = CheckIn(day=loss + timedelta(days=i), mood=3, bleeding="none")
        services.checkin_save(owner=user, keys=keys, checkin=checkin)
    log_in(page)
    page.goto("/body/")
    assert page.get_by_role("heading", name="Nothing to show here").is_visible()
    assert page.locator(".cycle-strip-svg, .body-question, .body-fertile").count() == 0
    audit(page, "body, no bleeding ever noted")
    audit.assert_clean()
