"""Next-period honesty: how often the true start falls inside the 80% range.

A benchmark, not a test. Simulates people after a loss and, for each of their periods,
asks `next_period_range` where it will start from what was known the day before the
last one began; counts how often the true start fell inside the 80% range, and compares
the error of the "likely" day with the calendar method (the mean of the last three
cycles). Run: `.venv/bin/python -m bench.cycle`.

The Body page shows that range only until its first day; after that it shows the range
as it stands on the day (`period_range_on`: what is left of the same spread once the
period has not come, or no range at all once the wait is longer than nearly every cycle
the model expects). So the range as shown is checked too: N days after the last period
(or the loss), for several N, on the cycles whose period had not come by then; and on
every day of every cycle, until the day before the period came, all days weighing the
same ("on any day").

What these figures are, and are not: the simulated people are drawn from much the same
assumptions as the model (a normal spread of lengths around a person's own mean, the
population's figures), so coverage near 80% is mostly a check that the arithmetic does
what it claims. The ways the simulation departs from the model (the post-loss widening,
a long cycle now and then, the spread of people's spreads) are what it can catch; real
cycles after a loss may depart from both in ways no simulation here knows about.

The simulated people (our assumptions, stated so that the figures can be judged):
- the first period after the loss 4-6 weeks later for most (a normal around 35 days,
  SD 7, at least 18 days), as in population.toml;
- then each person's own mean cycle length drawn from the population (mean 28.9 days,
  SD 2.2 between people) and their own spread (log-normal, median 2.3 days, so that some
  people vary little and some a lot), the first two cycles after the loss 1.4 and 1.2
  times as varied (not exactly the widening the model assumes), and one cycle in 30
  longer by about 10 days (a late ovulation, a stressful month), which the model does
  not know about;
- bleeding of 3-7 days, sometimes a day of spotting before, and days without a check-in
  (one in five), read back with `cycle_read` to count how many true starts it finds
  within two days (a start on a day without a check-in is seen on the next day with one;
  the person answers "yes" to the first question).

Calibration of WITHIN_SD (afterwards/body/cycle.py): `within_sd_check()` prints the
share of people with a range of more than 7 days over 7 and 8 cycles at a few spreads;
Fehring 2006 saw 42.5%, reached near 2.6 days.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from afterwards.body.cycle import (
    BETWEEN_SD,
    POPULATION_MEAN,
    cycle_read,
    next_period_range,
    period_range_on,
)

PERIODS = 12  # periods after the loss, per person: about a year
SHOWN_AFTER = (7, 14, 21, 28, 35)  # days after the last period (or the loss) the page is seen
LOSS = date(2025, 1, 6)


def _person(rng: random.Random) -> list[int]:
    """Days from the loss to each of the person's next PERIODS period starts."""
    first = max(18, round(rng.gauss(35, 7)))
    mean = rng.gauss(POPULATION_MEAN, BETWEEN_SD)
    spread = 2.3 * rng.lognormvariate(0, 0.35)
    offsets = [first]
    for k in range(1, PERIODS):
        widening = {1: 1.4, 2: 1.2}.get(k, 1.0)
        length = rng.gauss(mean, spread * widening)
        if rng.random() < 1 / 30:
            length += rng.gauss(10, 4)
        offsets.append(offsets[-1] + max(18, round(length)))
    return offsets


def _bleeding(rng: random.Random, offsets: list[int]) -> dict[date, str]:
    bleeding: dict[date, str] = {}
    for i in range(8):  # the bleeding of the loss
        bleeding[LOSS + timedelta(days=i)] = "heavy" if i < 4 else "light"
    for offset in offsets:
        start = LOSS + timedelta(days=offset)
        if rng.random() < 0.2:
            bleeding[start - timedelta(days=1)] = "spotting"
        for i in range(rng.randint(3, 7)):
            bleeding[start + timedelta(days=i)] = ("heavy", "medium", "light")[min(i // 2, 2)]
    last = LOSS + timedelta(days=offsets[-1] + 10)
    day = LOSS
    while day <= last:
        bleeding.setdefault(day, "none")
        day += timedelta(days=1)
    # One day in five without a check-in: absent, not "none".
    return {day: value for day, value in bleeding.items() if rng.random() >= 0.2}


def next_period_figures(journals: int = 1000, seed: int = 1) -> dict[str, float]:
    rng = random.Random(seed)
    inside = first_inside = first_total = 0
    errors: list[int] = []
    ours_with_own: list[int] = []
    calendar: list[float] = []
    widths: list[int] = []
    found = true_total = 0
    # The range as the page shows it N days on: [inside, shown, waiting] per N, where
    # "waiting" counts cycles whose period had not come by then and "shown" those given
    # a range; and the same on every day of the wait, all days weighing the same.
    after = {n: [0, 0, 0] for n in SHOWN_AFTER}
    first_after = {n: [0, 0, 0] for n in SHOWN_AFTER}
    any_day = [0, 0, 0]
    first_any_day = [0, 0, 0]
    for _ in range(journals):
        offsets = _person(rng)
        starts = [LOSS + timedelta(days=o) for o in offsets]
        for k, start in enumerate(starts):
            own = [(starts[i + 1] - starts[i]).days for i in range(k - 1)] if k >= 2 else []
            last = starts[k - 1] if k else LOSS
            predicted = next_period_range(own, cycles_since_loss=k, last_start=last, level=0.8)
            hit = predicted.earliest <= start <= predicted.latest
            inside += hit
            widths.append(predicted.width)
            error = abs((predicted.likely - start).days)
            errors.append(error)
            if k == 0:
                first_total += 1
                first_inside += hit
            for n in range(1, (start - last).days):
                today = last + timedelta(days=n)
                shown = period_range_on(own, cycles_since_loss=k, last_start=last, today=today)
                counts = [
                    shown is not None and shown.earliest <= start <= shown.latest,
                    shown is not None,
                    True,
                ]
                tallies = [any_day, first_any_day] if k == 0 else [any_day]
                if n in after:
                    tallies += [after[n], first_after[n]] if k == 0 else [after[n]]
                for tally in tallies:
                    for i, count in enumerate(counts):
                        tally[i] += count
            if own:
                recent = own[-3:]
                guess = last + timedelta(days=round(statistics.fmean(recent)))
                calendar.append(abs((guess - start).days))
                ours_with_own.append(error)
        bleeding = _bleeding(rng, offsets)
        answers = {}
        today = starts[-1] + timedelta(days=7)
        reading = cycle_read(bleeding, loss_date=LOSS, answers={}, excluded=set(), today=today)
        if reading.questions:
            answers = {reading.questions[0]: abs((reading.questions[0] - starts[0]).days) <= 2}
        reading = cycle_read(bleeding, loss_date=LOSS, answers=answers, excluded=set(), today=today)
        found += sum(
            1 for s in starts if any(abs((s - seen).days) <= 2 for seen in reading.period_starts)
        )
        true_total += len(starts)
    total = len(errors)

    def share(tally: list[int], of: int) -> float:
        return tally[0] / tally[of] if tally[of] else float("nan")

    shown_after: dict[str, float] = {}
    for n in SHOWN_AFTER:
        shown_after[f"coverage_80_shown_day_{n}"] = share(after[n], 1)
        shown_after[f"coverage_80_shown_day_{n}_first_period"] = share(first_after[n], 1)
        shown_after[f"no_range_shown_day_{n}"] = 1 - after[n][1] / after[n][2]
    return {
        "predictions": float(total),
        "coverage_80": inside / total,
        "coverage_80_first_period": first_inside / first_total,
        "median_range_days": float(statistics.median(widths)),
        "mae_likely_days": statistics.fmean(errors),
        "mae_likely_days_with_own_cycles": statistics.fmean(ours_with_own),
        "mae_calendar_days": statistics.fmean(calendar),
        "starts_found_from_bleeding": found / true_total,
        # The range as the page shows it, on any day of the wait: how often it holds the
        # true start when one is shown, and how often none is shown (waiting past it).
        "coverage_80_shown_any_day": share(any_day, 1),
        "coverage_80_shown_any_day_first_period": share(first_any_day, 1),
        "no_range_shown_any_day": 1 - any_day[1] / any_day[2],
        "days_waited": float(any_day[2]),
        **shown_after,
    }


def within_sd_check(people: int = 100_000, seed: int = 1) -> dict[tuple[float, int], float]:
    """The share of people whose longest and shortest of n cycles differ by more than
    7 days, for a few within-person spreads (see afterwards/body/cycle.py, WITHIN_SD)."""
    rng = random.Random(seed)
    shares = {}
    for spread in (2.2, 2.4, 2.6, 2.8):
        for n in (7, 8):
            wide = 0
            for _ in range(people // 10):
                lengths = [round(rng.gauss(0, spread)) for _ in range(n)]
                wide += max(lengths) - min(lengths) > 7
            shares[(spread, n)] = wide / (people // 10)
    return shares


def main() -> None:
    began = time.perf_counter()
    figures = next_period_figures()
    took = time.perf_counter() - began
    print("Next period, 1,000 simulated people after a loss, 12 periods each (bench/cycle.py)")
    print(f"{'figure':<42} {'value':>8}")
    print(f"{'share of true starts inside the 80% range':<42} {figures['coverage_80']:>8.1%}")
    print(f"{'  the first period after the loss':<42} {figures['coverage_80_first_period']:>8.1%}")
    print(f"{'median width of the range (days)':<42} {figures['median_range_days']:>8.0f}")
    print(f"{'mean error of the likely day (days)':<42} {figures['mae_likely_days']:>8.2f}")
    print(
        f"{'  ours, once there is an own cycle':<42} "
        f"{figures['mae_likely_days_with_own_cycles']:>8.2f}"
    )
    print(f"{'  calendar method, same predictions':<42} {figures['mae_calendar_days']:>8.2f}")
    print(
        f"{'true starts found from the bleeding days':<42} "
        f"{figures['starts_found_from_bleeding']:>8.1%}"
    )
    print()
    print("The range as the page shows it, once days have passed with no period yet")
    print(f"{'':<30} {'inside':>8} {'first':>8} {'no range':>9}")
    rows = [("on any day of the wait", "any_day")]
    rows += [(f"{n} days after the last one", f"day_{n}") for n in SHOWN_AFTER]
    for label, key in rows:
        print(
            f"{label:<30} {figures[f'coverage_80_shown_{key}']:>8.1%} "
            f"{figures[f'coverage_80_shown_{key}_first_period']:>8.1%} "
            f"{figures[f'no_range_shown_{key}']:>9.1%}"
        )
    print("(inside: share of the ranges shown that held the true start; first: the same for")
    print(" the first period after the loss; no range: share of those still waiting shown none)")
    print(f"({took:.1f} s)")


if __name__ == "__main__":
    main()
