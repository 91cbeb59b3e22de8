"""The cycle after a loss, read from bleeding days: plain units, no database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from afterwards.body import cycle
from afterwards.body.cycle import PHASES, cycle_read, next_period_range

LOSS = date(2026, 1, 5)


def days(start: date, count: int, value: str = "medium") -> dict[date, str]:
    return {start + timedelta(days=i): value for i in range(count)}


def journal(*parts: dict[date, str]) -> dict[date, str]:
    merged: dict[date, str] = {}
    for part in parts:
        merged.update(part)
    return merged


def every_day(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def read(  # type: ignore[no-untyped-def]
    bleeding,
    *,
    loss_date=LOSS,
    answers=None,
    excluded=None,
    today=date(2026, 6, 1),
    checked_in=None,
):
    """A reading of a person who checks in every day (unless `checked_in` says otherwise)
    and notes bleeding only on the days it is there."""
    return cycle_read(
        bleeding,
        loss_date=loss_date,
        answers=answers or {},
        excluded=excluded or set(),
        today=today,
        checked_in=every_day(LOSS, today) if checked_in is None else checked_in,
    )


FIRST_RETURN = date(2026, 2, 12)  # 28 days after the loss bleeding ended
LOSS_BLEEDING = days(LOSS, 10, "heavy")


def test_the_bleeding_of_the_loss_is_not_a_period():
    reading = read(LOSS_BLEEDING, today=date(2026, 1, 30))
    assert reading.period_starts == []
    assert reading.questions == []
    assert reading.loss_bleeding_end == LOSS + timedelta(days=9)
    assert reading.phase_on(LOSS + timedelta(days=3)) is None


def test_bleeding_that_pauses_for_less_than_two_weeks_is_still_the_loss():
    bleeding = journal(LOSS_BLEEDING, days(LOSS + timedelta(days=20), 3, "light"))
    reading = read(bleeding, today=date(2026, 2, 5))
    assert reading.questions == []
    assert reading.loss_bleeding_end == LOSS + timedelta(days=22)


def test_without_a_loss_date_the_first_run_of_bleeding_is_the_loss():
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5))
    reading = read(bleeding, loss_date=None)
    assert reading.loss_start == LOSS
    assert reading.questions == [FIRST_RETURN]


def test_bleeding_back_after_two_weeks_without_is_asked_about():
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5))
    reading = read(bleeding)
    assert reading.questions == [FIRST_RETURN]
    assert reading.period_starts == []


def test_thirteen_dry_days_are_not_enough_fourteen_are():
    end = LOSS + timedelta(days=9)
    thirteen = read(journal(LOSS_BLEEDING, days(end + timedelta(days=14), 3)))
    fourteen = read(journal(LOSS_BLEEDING, days(end + timedelta(days=15), 3)))
    assert thirteen.questions == []
    assert fourteen.questions == [end + timedelta(days=15)]


def test_bleeding_soon_after_a_loss_date_with_nothing_recorded_is_still_the_loss():
    # No check-ins on the days of the loss: the loss date itself counts as bleeding.
    reading = read(days(LOSS + timedelta(days=10), 4))
    assert reading.questions == []


def test_a_yes_makes_a_period_start_and_a_no_leaves_it_out():
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5))
    yes = read(bleeding, answers={FIRST_RETURN: True})
    no = read(bleeding, answers={FIRST_RETURN: False})
    assert yes.period_starts == [FIRST_RETURN] and yes.questions == []
    assert no.period_starts == [] and no.questions == [] and no.not_periods == [FIRST_RETURN]


def test_after_the_first_period_later_returns_are_starts_unless_the_person_says_not():
    second = FIRST_RETURN + timedelta(days=30)
    third = second + timedelta(days=28)
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5), days(second, 5), days(third, 4))
    reading = read(bleeding, answers={FIRST_RETURN: True})
    assert reading.period_starts == [FIRST_RETURN, second, third]
    assert reading.cycle_lengths == [30, 28]
    said_not = read(bleeding, answers={FIRST_RETURN: True, second: False})
    assert said_not.period_starts == [FIRST_RETURN, third]
    assert said_not.cycle_lengths == [58]


def test_spotting_alone_does_not_start_a_period():
    second = FIRST_RETURN + timedelta(days=30)
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5), days(second, 2, "spotting"))
    reading = read(bleeding, answers={FIRST_RETURN: True})
    assert reading.period_starts == [FIRST_RETURN]
    assert reading.questions == []


def test_spotting_before_the_flow_starts_the_period_on_the_first_day_of_flow():
    second = FIRST_RETURN + timedelta(days=30)
    bleeding = journal(
        LOSS_BLEEDING,
        days(FIRST_RETURN, 5),
        days(second, 1, "spotting"),
        days(second + timedelta(days=1), 4),
    )
    reading = read(bleeding, answers={FIRST_RETURN: True})
    assert reading.period_starts == [FIRST_RETURN, second + timedelta(days=1)]


def test_bleeding_within_a_cycle_starts_nothing():
    second = FIRST_RETURN + timedelta(days=30)
    bleeding = journal(
        LOSS_BLEEDING,
        days(FIRST_RETURN, 5),
        days(FIRST_RETURN + timedelta(days=16), 2, "light"),
        days(second, 5),
    )
    reading = read(bleeding, answers={FIRST_RETURN: True})
    # The bleeding mid-cycle ends 12 days before `second`: not a dry fortnight, so
    # `second` is not a return either, and the mid-cycle days start nothing.
    assert reading.period_starts == [FIRST_RETURN]


def test_unknown_days_are_not_taken_for_dry_days_before_a_start():
    second = FIRST_RETURN + timedelta(days=30)
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5), days(second, 5))
    bleeding[second - timedelta(days=1)] = "none"
    reading = read(bleeding, answers={FIRST_RETURN: True})
    assert FIRST_RETURN in reading.uncertain_starts  # nobody told us about the day before
    assert second not in reading.uncertain_starts


def regular(count: int, length: int = 28) -> tuple[dict[date, str], list[date]]:
    starts = [FIRST_RETURN + timedelta(days=length * i) for i in range(count)]
    bleeding = journal(LOSS_BLEEDING, *(days(s, 5) for s in starts))
    return bleeding, starts


def test_excluded_cycles_are_left_out_of_the_lengths_and_the_phases():
    bleeding, starts = regular(4)
    reading = read(bleeding, answers={starts[0]: True}, excluded={starts[1]})
    assert reading.period_starts == starts
    assert reading.cycle_lengths == [28, 28]
    assert [c.excluded for c in reading.cycles] == [False, True, False, False]
    assert reading.phase_on(starts[1] + timedelta(days=10)) is None
    assert reading.phase_on(starts[0] + timedelta(days=10)) is not None


def test_the_cycle_of_the_loss_is_never_a_cycle_length():
    bleeding, starts = regular(2)
    reading = read(bleeding, answers={starts[0]: True})
    assert reading.cycle_lengths == [28]  # not the 38 days from the loss to the first period
    assert reading.phase_on(LOSS + timedelta(days=20)) is None


def test_phases_of_a_finished_cycle_count_back_from_the_next_period():
    bleeding, starts = regular(3, length=30)
    reading = read(bleeding, answers={starts[0]: True})
    nxt = starts[1]
    ovulation = nxt - timedelta(days=cycle.LUTEAL_DAYS)
    assert reading.phase_on(starts[0]) == cycle.DayPhase("menstrual", True)
    assert reading.phase_on(starts[0] + timedelta(days=4)).phase == "menstrual"
    assert reading.phase_on(starts[0] + timedelta(days=6)).phase == "follicular"
    assert reading.phase_on(ovulation).phase == "ovulation"
    assert reading.phase_on(ovulation + timedelta(days=4)).phase == "luteal"
    assert reading.phase_on(nxt - timedelta(days=1)).phase == "premenstrual"
    assert all(p.certain for d, p in reading.phases().items() if d < nxt)


def test_the_current_cycle_is_uncertain_while_its_range_is_wide():
    bleeding, starts = regular(2)
    today = starts[1] + timedelta(days=10)
    reading = read(bleeding, answers={starts[0]: True}, today=today)
    upcoming = reading.next_period()
    assert upcoming is not None and upcoming.width > cycle.WIDE_RANGE_DAYS
    assert reading.phase_on(today) == cycle.DayPhase(reading.phase_on(today).phase, False)
    assert reading.phase_on(starts[1] + timedelta(days=1)).certain  # the bleeding itself is seen


def test_phases_cover_every_day_from_the_first_period_to_today_with_known_names():
    bleeding, starts = regular(5)
    today = starts[-1] + timedelta(days=3)
    phases = read(bleeding, answers={starts[0]: True}, today=today).phases()
    assert min(phases) == starts[0] and max(phases) == today
    assert len(phases) == (today - starts[0]).days + 1
    assert {p.phase for p in phases.values()} == set(PHASES)


def test_the_first_period_after_a_loss_is_a_wide_population_range_around_four_to_six_weeks():
    reading = read(LOSS_BLEEDING, today=LOSS + timedelta(days=12))
    upcoming = reading.next_period()
    assert upcoming is not None and upcoming.basis == "population"
    assert upcoming.earliest <= LOSS + timedelta(days=28)
    assert upcoming.latest >= LOSS + timedelta(days=42)


def test_before_any_own_cycle_the_range_rests_on_the_population():
    bleeding, starts = regular(1)
    reading = read(bleeding, answers={starts[0]: True}, today=starts[0] + timedelta(days=3))
    upcoming = reading.next_period()
    assert reading.cycle_lengths == []
    assert upcoming is not None and upcoming.basis == "population"


def test_the_range_narrows_as_own_cycles_come_and_says_what_it_rests_on():
    last = date(2026, 6, 1)
    widths = []
    for count in (0, 1, 3, 6, 12):
        found = next_period_range([29] * count, cycles_since_loss=count + 3, last_start=last)
        widths.append(found.width)
        assert found.earliest <= found.likely <= found.latest
        assert found.basis == ("population" if count == 0 else "blended" if count < 6 else "own")
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]


def test_the_first_cycles_after_a_loss_are_given_a_wider_range():
    last = date(2026, 6, 1)
    first = next_period_range([], cycles_since_loss=1, last_start=last)
    later = next_period_range([], cycles_since_loss=5, last_start=last)
    assert first.width > later.width


def test_a_person_with_varied_cycles_gets_a_wider_range_than_one_with_steady_cycles():
    last = date(2026, 6, 1)
    steady = next_period_range([28, 29, 28, 28, 29, 28], cycles_since_loss=8, last_start=last)
    varied = next_period_range([24, 35, 27, 38, 25, 33], cycles_since_loss=8, last_start=last)
    assert varied.width > steady.width


def test_a_person_with_long_cycles_is_drawn_towards_their_own_mean():
    last = date(2026, 6, 1)
    few = next_period_range([36], cycles_since_loss=4, last_start=last)
    many = next_period_range([36] * 10, cycles_since_loss=12, last_start=last)
    assert (few.likely - last).days < (many.likely - last).days <= 36
    assert (many.likely - last).days >= 35


def test_a_period_not_come_by_today_moves_the_range_on_never_into_the_past():
    bleeding, starts = regular(4)
    today = starts[-1] + timedelta(days=31)
    reading = read(bleeding, answers={starts[0]: True}, today=today)
    plain = next_period_range(reading.cycle_lengths, cycles_since_loss=4, last_start=starts[-1])
    assert plain.earliest <= today  # the range made on the day of the last period
    upcoming = reading.next_period()
    assert upcoming is not None and upcoming.earliest > today
    assert not reading.waiting_beyond_range()


def test_long_past_the_range_there_is_no_range_only_a_plain_word():
    bleeding, starts = regular(4)
    reading = read(bleeding, answers={starts[0]: True}, today=starts[-1] + timedelta(days=60))
    assert reading.next_period() is None
    assert reading.waiting_beyond_range()
    assert reading.fertile_window() is None
    assert reading.phase_on(reading.today) is None


def test_the_fertile_window_comes_only_from_a_reading_with_a_period():
    assert read(LOSS_BLEEDING, today=LOSS + timedelta(days=12)).fertile_window() is None
    bleeding, starts = regular(4)
    reading = read(bleeding, answers={starts[0]: True}, today=starts[-1] + timedelta(days=3))
    window = reading.fertile_window()
    upcoming = reading.next_period()
    assert window is not None and upcoming is not None
    assert starts[-1] < window[0] < window[1] < upcoming.earliest


def test_answers_on_days_that_are_not_a_return_change_nothing():
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5))
    reading = read(bleeding, answers={LOSS + timedelta(days=2): True})
    assert reading.period_starts == [] and reading.questions == [FIRST_RETURN]


def test_a_level_outside_zero_and_one_is_refused():
    with pytest.raises(ValueError):
        next_period_range([], cycles_since_loss=1, last_start=LOSS, level=1.2)


def test_the_population_file_names_a_source_and_a_status_for_every_figure(tmp_path: Path):
    assert cycle.POPULATION["cycle_length_mean"] == 28.9
    text = cycle.POPULATION_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "population.toml"
    broken.write_text(text.replace('status = "◐"', 'status = "guess"', 1), encoding="utf-8")
    with pytest.raises(cycle.PopulationFileError, match="status"):
        cycle.population_load(broken)
    broken.write_text(
        text.replace('source = "bull2019"', 'source = "nowhere"', 1), encoding="utf-8"
    )
    with pytest.raises(cycle.PopulationFileError, match="unknown source"):
        cycle.population_load(broken)
    broken.write_text(
        text.replace("[figures.luteal_mean]", "[figures.luteal_mean_gone]"), encoding="utf-8"
    )
    with pytest.raises(cycle.PopulationFileError, match="missing"):
        cycle.population_load(broken)


def test_a_later_return_after_mostly_unknown_days_is_asked_about_not_assumed():
    second = FIRST_RETURN + timedelta(days=30)
    third = second + timedelta(days=28)
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5), days(second, 5), days(third, 5))
    # Check-ins only on the days of bleeding, and on every day from `second` on: the
    # 25 dry days before `second` were never seen, those before `third` all were.
    seen = set(bleeding) | every_day(second, date(2026, 6, 1))
    reading = read(bleeding, answers={FIRST_RETURN: True}, checked_in=seen)
    assert reading.questions == [second]
    assert reading.period_starts == [FIRST_RETURN, third]
    # The cycle with the open question inside is neither counted nor given firm phases.
    assert reading.cycles[0].open_question and reading.cycle_lengths == []
    assert not reading.phase_on(FIRST_RETURN + timedelta(days=10)).certain
    answered = read(bleeding, answers={FIRST_RETURN: True, second: True}, checked_in=seen)
    assert answered.period_starts == [FIRST_RETURN, second, third]
    assert answered.cycle_lengths == [30, 28]


def test_a_later_return_is_taken_as_a_period_when_half_the_dry_days_before_it_had_a_check_in():
    second = FIRST_RETURN + timedelta(days=30)
    bleeding = journal(LOSS_BLEEDING, days(FIRST_RETURN, 5), days(second, 5))
    dry = every_day(FIRST_RETURN + timedelta(days=5), second - timedelta(days=1))
    half = set(sorted(dry)[::2])  # 13 of the 25 dry days
    fewer = set(sorted(dry)[::3])  # 9 of them
    assert len(half) * 2 >= len(dry) > len(fewer) * 2
    answers = {FIRST_RETURN: True}
    taken = read(bleeding, answers=answers, checked_in=set(bleeding) | half)
    asked = read(bleeding, answers=answers, checked_in=set(bleeding) | fewer)
    assert taken.period_starts == [FIRST_RETURN, second] and taken.questions == []
    assert asked.period_starts == [FIRST_RETURN] and asked.questions == [second]


def test_with_no_bleeding_ever_noted_nothing_is_waited_for_however_long_since_the_loss():
    # A partner, or anyone who does not note bleeding: a loss date and months of check-ins.
    reading = read({day: "none" for day in every_day(LOSS, date(2026, 6, 1))})
    assert not reading.bleeding_noted
    assert not reading.waiting_beyond_range()
    assert reading.questions == [] and reading.period_starts == []
    noted = read(LOSS_BLEEDING)
    assert noted.bleeding_noted and noted.waiting_beyond_range()


def test_the_range_shown_on_a_day_is_the_readings_own():
    bleeding, starts = regular(4)
    for later in (3, 20, 31, 60):
        today = starts[-1] + timedelta(days=later)
        reading = read(bleeding, answers={starts[0]: True}, today=today)
        shown = cycle.period_range_on(
            reading.cycle_lengths, cycles_since_loss=4, last_start=starts[-1], today=today
        )
        assert shown == reading.next_period()
        assert shown is None or shown.latest > today


@pytest.mark.parametrize("waited", range(20, 60))
def test_waiting_for_the_first_period_gives_a_range_or_none_on_every_day_never_an_error(waited):
    # Before the first period the spread is a normal; once its first day had passed the
    # range was cut from a spread of NaN days and the page failed.
    today = LOSS + timedelta(days=waited)
    upcoming = read(LOSS_BLEEDING, today=today).next_period()
    assert upcoming is None or today < upcoming.earliest <= upcoming.likely <= upcoming.latest


@pytest.mark.parametrize("waited", range(20, 60))
def test_waiting_after_one_period_gives_a_range_or_none_on_every_day_never_an_error(waited):
    bleeding, starts = regular(1)
    today = starts[0] + timedelta(days=waited)
    upcoming = read(bleeding, answers={starts[0]: True}, today=today).next_period()
    assert upcoming is None or today < upcoming.earliest <= upcoming.latest
