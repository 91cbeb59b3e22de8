"""Next-period honesty: how often the true start falls inside the 80% range.

A benchmark, not a test. Simulates people after a loss and, for each of their periods,
asks `next_period_range` where it will start from what was known the day before the
last one began; counts how often the true start fell inside the 80% range, and compares
the error of the "likely" day with the calendar method (the mean of the last three
cycles). Run: `.venv/bin/python -m bench.cycle`.

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

from afterwards.body.cycle import BETWEEN_SD, POPULATION_MEAN, cycle_read, next_period_range

PERIODS = 12  # periods after the loss, per person: about a year
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
    return {
        "predictions": float(total),
        "coverage_80": inside / total,
        "coverage_80_first_period": first_inside / first_total,
        "median_range_days": float(statistics.median(widths)),
        "mae_likely_days": statistics.fmean(errors),
        "mae_likely_days_with_own_cycles": statistics.fmean(ours_with_own),
        "mae_calendar_days": statistics.fmean(calendar),
        "starts_found_from_bleeding": found / true_total,
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
    print(f"({took:.1f} s)")


if __name__ == "__main__":
    main()
