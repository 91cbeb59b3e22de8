"""Wellbeing checks in a real browser: the PHQ-9 with item 9 answered "Several days" shows
crisis help first, for the person's country, before any score; the list, questionnaire,
crisis and result pages are audited (axe-core, first Tab on Quick exit, tap targets). A
refused form with a positive safety answer shows help above the form, and past results
with one have help beside them in the trend. A question left out is asked about before
anything is saved, and both ways on work by keyboard alone."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_first_visit import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phq9_with_item_9_positive_shows_crisis_help_first(page, audit):  # type: ignore[no-untyped-def]
    sign_up(page)
    page.goto("/account/preferences/")
    page.get_by_label("Your country").select_option("GB")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Wellbeing").click()
    page.wait_for_url("**/wellbeing/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wellbeing checks"
    audit(page, "wellbeing checks")

    page.get_by_role("link", name="Take the PHQ-9").click()
    page.wait_for_url("**/wellbeing/phq9/")
    audit(page, "PHQ-9")
    # An empty form first: asked gently, nothing saved.
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("No answers were chosen yet.").is_visible()
    audit(page, "PHQ-9, with errors")

    for n in range(1, 9):
        page.get_by_role("group", name=f"{n}.").get_by_text("Not at all", exact=True).click()
    item9 = page.get_by_role("group", name="9. Thoughts that you would be better off dead")
    item9.get_by_text("Several days", exact=True).click()
    assert item9.get_by_role("radio", name="Several days").is_checked()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/wellbeing/results/*/")

    # The very next screen: the crisis heading is the first heading, with the numbers.
    headings = page.locator("main").get_by_role("heading")
    assert headings.first.inner_text() == "Please reach out for help today"
    assert page.get_by_text("Contact your GP or doctor today.").is_visible()
    urgent = page.locator(".urgent-numbers")
    assert urgent.get_by_role("link", name="999").is_visible()
    assert urgent.get_by_role("link", name="116 123").is_visible()
    assert page.get_by_text("Your total").count() == 0
    audit(page, "crisis help")

    page.get_by_role("link", name="Go on to your result").click()
    page.wait_for_url("**/wellbeing/results/*/score/")
    assert page.get_by_text("Your total: 1, on a scale of 0 to 27.").is_visible()
    assert page.get_by_role("heading", name="Help is here, today").is_visible()
    audit(page, "PHQ-9 result")

    audit.assert_clean()


def test_a_result_with_a_trend_chart_is_clean(page, audit):  # type: ignore[no-untyped-def]
    sign_up(page)
    for chosen in ("Nearly every day", "Several days"):
        page.goto("/wellbeing/gad7/")
        for n in range(1, 8):
            page.get_by_role("group", name=f"{n}.").get_by_text(chosen, exact=True).click()
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_url("**/wellbeing/results/*/")
    assert page.get_by_text("Your total: 7, on a scale of 0 to 21.").is_visible()
    chart = page.get_by_role("img", name="GAD-7 scores over time")
    assert chart.is_visible()
    audit(page, "GAD-7 result with a trend")
    page.goto("/wellbeing/")
    audit(page, "wellbeing checks with results")
    audit.assert_clean()


def test_a_refused_form_and_past_results_with_a_safety_answer_show_help_and_are_clean(page, audit):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    sign_up(page)
    page.goto("/account/preferences/")
    page.get_by_label("Your country").select_option("GB")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    page.goto("/wellbeing/phq9/")
    # Each item is heard with the stem's time frame.
    first = page.get_by_role("group", name=re.compile(r"^1\. "))
    expect(first).to_have_accessible_description(re.compile(r"^Over the last 2 weeks"))
    for n in range(1, 9):
        page.get_by_role("group", name=f"{n}.").get_by_text("Not at all", exact=True).click()
    page.get_by_role("group", name=re.compile(r"^9\. ")).get_by_text(
        "Several days", exact=True
    ).click()
    # Another answer's value is changed on its way to the server: the form is refused.
    page.locator('input[name="item_5"][value="0"]').evaluate("radio => { radio.value = '7'; }")
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_load_state()
    help_box = page.locator("main .urgent-help")
    assert help_box.get_by_role("heading", name="Help is here, today").is_visible()
    assert help_box.get_by_text("Contact your GP or doctor today.").is_visible()
    assert help_box.get_by_role("link", name="999").is_visible()
    assert help_box.get_by_role("link", name="116 123").is_visible()
    assert page.get_by_role("alert").is_visible()
    audit(page, "PHQ-9 refused, with crisis help")

    page.get_by_role("group", name=re.compile(r"^5\. ")).get_by_text(
        "Not at all", exact=True
    ).click()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/wellbeing/results/*/")
    page.goto("/wellbeing/phq9/")
    for n in range(1, 10):
        page.get_by_role("group", name=f"{n}.").get_by_text("Not at all", exact=True).click()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/wellbeing/results/*/")
    assert page.get_by_text("Your total: 0, on a scale of 0 to 27.").is_visible()

    caption = page.locator("figure.trend-figure figcaption")
    assert "was about hurting yourself." in caption.inner_text()
    assert caption.get_by_role("link", name="Help is here, any time.").is_visible()
    rows = page.locator("tbody tr")
    assert rows.nth(0).get_by_text("One answer here was about hurting yourself.").is_visible()
    assert rows.nth(1).get_by_text("about hurting yourself").count() == 0
    audit(page, "PHQ-9 result with a past safety answer in the trend")
    page.goto("/wellbeing/")
    assert page.get_by_role("link", name="Help is here, any time.").first.is_visible()
    audit(page, "wellbeing checks with a past safety answer")
    audit.assert_clean()


def test_a_question_left_out_is_asked_about_and_both_ways_on_work_by_keyboard(page, audit):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    sign_up(page)
    page.goto("/wellbeing/gad7/")
    for n in range(1, 7):
        page.get_by_role("group", name=f"{n}.").get_by_text("Several days", exact=True).click()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_load_state()
    note = page.locator("main .unanswered-note")
    expect(note).to_contain_text("Question 7 has no answer yet.")
    item7 = page.get_by_role("group", name=re.compile(r"^7\. "))
    expect(item7).to_have_accessible_description(re.compile(r"^No answer yet\."))
    assert (
        page.get_by_role("group", name=re.compile(r"^6\. "))
        .get_by_role("radio", name="Several days")
        .is_checked()
    )
    audit(page, "GAD-7 with a question left out")

    # The link leads to the question; the answer and "Save my answers" by keyboard.
    note.get_by_role("link", name="Question 7").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/wellbeing/gad7/#question-7")
    item7.get_by_role("radio", name="Not at all").focus()
    page.keyboard.press("Space")
    assert item7.get_by_role("radio", name="Not at all").is_checked()
    page.get_by_role("button", name="Save my answers").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/wellbeing/results/*/")
    assert page.get_by_text("Your total: 6, on a scale of 0 to 21.").is_visible()

    # Left out on purpose: "Save as it is", by keyboard, keeps it without a total.
    page.goto("/wellbeing/gad7/")
    for n in range(1, 7):
        page.get_by_role("group", name=f"{n}.").get_by_text("Several days", exact=True).click()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Save as it is").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/wellbeing/results/*/")
    assert page.get_by_text("you answered 6 of 7 questions, so there is no total").is_visible()
    audit.assert_clean()
