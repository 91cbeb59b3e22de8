"""History in a real browser, on a phone-sized window: a month with check-ins, reached
and left by keyboard alone, audited in the light and dark themes (see conftest)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import WIDTH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "kestrel"


# Words of the calendar that do not fit their day: split across lines, or wider than it.
BROKEN_WORDS_JS = """(els) => els.flatMap((el) => {
  const text = el.firstChild;
  const broken = [];
  let at = 0;
  for (const word of text.textContent.split(" ")) {
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + word.length);
    const box = el.closest("a").getBoundingClientRect();
    const rects = [...range.getClientRects()];
    if (rects.length > 1 || rects.some((r) => r.left < box.left || r.right > box.right)) {
      broken.push(word);
    }
    at += word.length + 1;
  }
  return broken;
})"""


def last_month() -> date:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def a_month_of_check_ins() -> date:
    """A whole past month: moods with gaps, bleeding that tapers, closeness and sex."""
    user, keys, _code = create_account(USERNAME, PASSPHRASE)
    first = last_month()
    bleeding = ["heavy", "medium", "light", "light", "spotting"]
    day = first
    while day.month == first.month:
        n = day.day
        if n % 6 != 0:  # some days are left empty
            checkin = CheckIn(
                day=day,
                mood=min(5, 1 + n // 7) if n % 4 else None,
                grief=max(1, 5 - n // 7),
                bleeding=bleeding[n - 1] if n <= len(bleeding) else "none",
                intimacy={17: "closeness", 23: "sex", 27: "closeness"}.get(n, "none"),
                afterwards={17: 4, 23: 3}.get(n),
                note=f"Day {n}: a walk, some tea, a few words." if n % 3 else "",
            )
            services.checkin_save(owner=user, keys=keys, checkin=checkin)
        day += timedelta(days=1)
    return first


def log_in(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def tab_to(page, href: str = "", *, summary: str = "", limit: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the link to `href` (or the disclosure `summary`) has the focus, as
    a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el.tagName === 'SUMMARY' ? 'summary:' + el.textContent"
            " : el.getAttribute('href'); }"
        )
        if focused == (f"summary:{summary}" if summary else href):
            return
    raise AssertionError(f"Tab never reached {summary or href}")


def test_a_month_by_keyboard_alone_with_no_accessibility_problems(page, audit):  # type: ignore[no-untyped-def]
    first = a_month_of_check_ins()
    month = first.strftime("%Y-%m")
    log_in(page)

    # From the main navigation to the history, by keyboard.
    tab_to(page, "/journal/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/journal/")
    # The month before, by its link.
    tab_to(page, f"?month={month}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/journal/?month={month}")
    heading = f"Your days: {first:%B %Y}"
    assert page.get_by_role("heading", level=1).inner_text() == heading

    calendar = page.get_by_role("table", name=f"{first:%B %Y}: each day links to its page")
    assert calendar.get_by_role("columnheader", name="Monday").is_visible()
    tenth = first.replace(day=10)
    # Each day's name starts with the words it shows, for voice control ("click 10 Low");
    # Chromium puts a space before the words hidden for screen readers.
    link = calendar.get_by_role(
        "link", name=f"10 Low , {tenth:%A} 10 {tenth:%B}. Mood: Low.", exact=True
    )
    assert link.is_visible()
    seventeenth = first.replace(day=17)
    assert calendar.get_by_role(
        "link",
        name=(
            f"17 Okay , {seventeenth:%A} 17 {seventeenth:%B}. Mood: Okay. "
            "Closeness; afterwards: Good."
        ),
        exact=True,
    ).is_visible()
    sixth = first.replace(day=6)  # no check-in that day
    assert calendar.get_by_role(
        "link", name=f"6 , {sixth:%A} 6 {sixth:%B}", exact=True
    ).is_visible()
    chart = page.get_by_role("img", name=f"Mood in {first:%B %Y}, noted on")
    assert chart.is_visible()
    # The calendar's mood words are at least 0.8rem, each whole on the phone's width.
    moods = page.locator(".calendar .cal-mood")
    sizes = moods.evaluate_all("(els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 12.8
    assert moods.evaluate_all(BROKEN_WORDS_JS) == []
    # The chart's row says what the rest of the pages say.
    assert page.locator("svg.mood-chart-svg tspan").all_text_contents() == ["Closeness", "or sex"]
    assert "Intimacy" not in page.locator("svg.mood-chart-svg").text_content()
    summary = page.locator("#mood-chart-summary").inner_text()
    assert summary.endswith("Bleeding on 5 days. Closeness or sex on 3 days.")
    audit(page, "history, a month with check-ins")

    # The chart as a table opens from the keyboard too.
    tab_to(page, summary="The chart as a table")
    page.keyboard.press("Enter")
    table = page.locator("details.chart-table table")
    assert table.get_by_role("rowheader", name=f"10 {tenth:%B}").is_visible()
    # Nothing wider than the phone: the calendar, the drawing and the table all fit.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    # The audit's first Tab starts from the top, as on a page just opened.
    page.mouse.click(1, 1)
    audit(page, "history, the chart as a table")

    # From the calendar to the day's page, by keyboard alone.
    tab_to(page, f"/journal/day/{tenth.isoformat()}/")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/journal/day/{tenth.isoformat()}/")
    assert page.get_by_role("heading", level=1).is_visible()
    audit.assert_clean()


def test_an_empty_month_is_calm_and_clean(page, audit):  # type: ignore[no-untyped-def]
    create_account(USERNAME, PASSPHRASE)
    log_in(page)

    page.goto(f"/journal/?month={last_month():%Y-%m}")

    assert page.get_by_text("Nothing to draw for").is_visible()
    assert page.get_by_text("Nothing here for this month.").is_visible()
    assert page.locator("svg.mood-chart-svg").count() == 0
    audit(page, "history, an empty month")
    audit.assert_clean()


# Every week of the calendar: its cells' boxes, row by row.
CALENDAR_GEOMETRY_JS = """() => [...document.querySelectorAll("table.calendar tbody tr")].map(
  (row) => [...row.children].map((cell) => {
    const r = cell.getBoundingClientRect();
    return {left: r.left, top: r.top, width: r.width, height: r.height};
  }))"""


@pytest.mark.parametrize("width", [320, 390])
def test_this_months_calendar_keeps_seven_columns_and_a_row_a_week_after_today(page, width):  # type: ignore[no-untyped-def]
    """The days still to come are drawn in their own dashed boxes, inside the grid: a box
    made of the cell itself would take every later day out of the table's rows."""
    now = timezone.localdate()
    tenth = datetime(now.year, now.month, 10, 12, tzinfo=UTC)
    with time_machine.travel(tenth, tick=True):
        create_account(USERNAME, PASSPHRASE)
        page.set_viewport_size({"width": width, "height": 844})
        log_in(page)
        page.goto("/journal/")

        weeks = page.evaluate(CALENDAR_GEOMETRY_JS)
        later = page.locator(".calendar .cal-later")
        assert later.count() == calendar.monthrange(now.year, now.month)[1] - 10

    expected = len(calendar.Calendar(calendar.MONDAY).monthdatescalendar(now.year, now.month))
    assert len(weeks) == expected
    for week, next_week in zip(weeks, weeks[1:] + [None], strict=True):
        assert len(week) == 7
        # One row: every cell at the same height, side by side from left to right, alike.
        assert {round(cell["top"]) for cell in week} == {round(week[0]["top"])}
        lefts = [cell["left"] for cell in week]
        assert lefts == sorted(lefts) and len(set(lefts)) == 7
        assert max(c["width"] for c in week) - min(c["width"] for c in week) < 1
        if next_week:
            assert next_week[0]["top"] >= week[0]["top"] + week[0]["height"] - 1
