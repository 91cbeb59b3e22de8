"""The history page's month laid out in plain Python: squares, list items, first words."""

from __future__ import annotations

from datetime import date

from afterwards.journal.checkin import CheckIn
from afterwards.journal.history import day_label, month_of, note_start

TODAY = date(2026, 3, 28)


def test_a_month_that_starts_on_a_monday_has_no_empty_square_before_it():
    month = month_of(date(2026, 6, 1), [], prefix="/d/", today=TODAY.replace(month=7))

    assert [cell.day for cell in month.weeks[0]][:2] == [date(2026, 6, 1), date(2026, 6, 2)]
    assert len(month.weeks) == 5
    last_week = [cell.day for cell in month.weeks[-1]]
    assert last_week == [date(2026, 6, 29), date(2026, 6, 30)] + [None] * 5  # then July


def test_days_are_named_in_words_without_the_locale():
    assert day_label(date(2026, 3, 11)) == "Wednesday 11 March"
    assert day_label(date(2024, 2, 29)) == "Thursday 29 February"


def test_the_first_words_of_a_note():
    assert note_start("") == ""
    assert note_start("  one\n two  ") == "one two"
    assert note_start("a b c d", words=3) == "a b c …"
    assert note_start("a b c", words=3) == "a b c"


def test_a_note_in_the_list_is_escaped_and_the_link_is_the_days_own():
    checkin = CheckIn(day=date(2026, 3, 2), note='<b>"bold"</b> & more', mood=5)

    month = month_of(date(2026, 3, 1), [checkin], prefix="/journal/day/", today=TODAY)
    item = str(month.list_items)

    assert '<a href="/journal/day/2026-03-02/">Monday 2 March</a>' in item
    assert "&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more" in item
    assert "<li>Mood: Very good</li>" in item


def test_the_calendar_rows_hold_every_square_of_every_week():
    checkins = [CheckIn(day=date(2026, 3, d), mood=3) for d in (27, 3)]

    month = month_of(date(2026, 3, 1), checkins, prefix="/journal/day/", today=TODAY)
    rows = str(month.calendar_rows)

    # March 2026 runs from a Sunday to a Tuesday: six weeks.
    assert rows.count("<tr>") == 6
    assert rows.count("<td") == 42
    assert rows.count('<span class="cal-mood">Okay<span class="visually-hidden">') == 2
    assert rows.count('class="cal-later"') == 3  # 29, 30, 31 March
    assert '<td class="today"><a href="/journal/day/2026-03-28/"' in rows
