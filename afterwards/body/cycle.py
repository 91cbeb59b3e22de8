"""The cycle after a loss, read from the check-in's bleeding days. Plain Python, no Django.

What it reads. `bleeding` holds the check-in's answer per day ("none", "spotting",
"light", "medium", "heavy"). A day without a check-in is simply absent, and absent is
NOT "none": we never invent bleeding on a day nobody told us about. A stretch "without
bleeding" therefore means "with no bleeding noted", days without a check-in included.
Because a person may not check in every day, the first return of bleeding is asked about
rather than assumed, and so is any later one when fewer than half of the dry days before
it had a check-in (`SEEN_SHARE`); a period start whose day before has no check-in is
flagged as possibly earlier (`CycleReading.uncertain_starts`).

The rules (issue 5):
- The bleeding of the loss itself is not a period: bleeding on or after the loss date
  (with no loss date, the first run of bleeding the journal holds) until at least
  `DRY_DAYS` days without recorded bleeding.
- When bleeding comes back after at least `DRY_DAYS` days without, we ask whether it is a
  period (`questions`); yes makes it a period start, no leaves it out.
- After the first period the person confirmed, later returns with light or heavier
  bleeding are taken as period starts (spotting alone starts none) when at least half of
  the dry days before them had a check-in, and asked about otherwise; the person can
  still say "not a period" (answers[start] = False).
- The cycle of the loss (from the loss to the first period) is never a cycle length, and
  nor is any cycle the person marks to leave out (`excluded`, keyed by the cycle's start),
  nor one with a return of bleeding inside it still to be answered (`Cycle.open_question`).

Every estimate carries its uncertainty: the next period is a range, phases of the
cycle still running are marked `certain=False` while that range is wide. No phase is ever
known: even in a finished cycle ovulation is counted back LUTEAL_DAYS (12) from the next
period, while the days after ovulation vary from about 7 to 17 (Bull 2019, in
population.toml), so a phase is always an estimate.

Where the numbers come from: population.toml beside this file, each figure with its
source. Two numbers are derived here from those figures, not read anywhere:
- WITHIN_SD, the spread of one person's cycle lengths around their own mean: Fehring
  2006 saw a range of more than 7 days in 42.5% of women over about 7.5 cycles each. For
  7-8 normally spread cycles, rounded to days, that share is reached at a spread of about
  2.6 days (a simulation: bench/cycle.py, within_sd_check).
- BETWEEN_SD, the spread of people's own means: what is left of Fehring's spread of all
  cycles (3.4 days) once WITHIN_SD is taken out: sqrt(3.4^2 - 2.6^2) = 2.2 days.
Two are our own modelling choices, with no published figure behind them, checked only
by the benchmark (bench/cycle.py): how much wider the first cycles after a loss are
(POST_LOSS_WIDENING), and how "most within 4-6 weeks" is read (FIRST_PERIOD_SD).
"""

from __future__ import annotations

import bisect
import math
import statistics
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

PHASES = ("menstrual", "follicular", "ovulation", "luteal", "premenstrual")
# "ovulation" is the days around ovulation; "premenstrual" the last days before a period.
# Their short names, and the letter each carries in every picture (the Body page's strip
# and the Patterns timeline), so that one legend reads both.
PHASE_NAMES = {
    "menstrual": "Period",
    "follicular": "Before ovulation",
    "ovulation": "Around ovulation",
    "luteal": "After ovulation",
    "premenstrual": "Last days before a period",
}
PHASE_LETTERS = {
    "menstrual": "P",
    "follicular": "B",
    "ovulation": "O",
    "luteal": "A",
    "premenstrual": "L",
}

BLEEDING_ANY = ("spotting", "light", "medium", "heavy")
BLEEDING_FLOW = ("light", "medium", "heavy")  # enough to start a period on its own
DRY_DAYS = 14  # days without recorded bleeding before bleeding counts as coming back
# After the first period, a return is taken as a period start without asking only when at
# least this share of the dry days before it had a check-in (otherwise those days were
# mostly unknown, not seen to be dry).
SEEN_SHARE = 0.5
RUN_GAP = 3  # bleeding days at most this far apart belong to one run of bleeding
PREMENSTRUAL_DAYS = 5
OVULATION_HALF_WIDTH = 2  # "around ovulation": the estimated day and two either side
WIDE_RANGE_DAYS = 7  # a next-period range wider than this: the current cycle's phases are loose
OWN_BASIS_CYCLES = 6  # from this many counted cycles on, the range rests on the person's own
BEYOND = 0.975  # past this share of the expected lengths, no range is offered any more


# --- Published figures -----------------------------------------------------------------

POPULATION_FILE = Path(__file__).with_name("population.toml")
NEEDED = (
    "cycle_length_mean",
    "cycle_length_sd",
    "luteal_mean",
    "fertile_window_days",
    "first_period_weeks_low",
    "first_period_weeks_high",
)
STATUSES = ("✅", "◐")


class PopulationFileError(ValueError):
    pass


def population_load(path: Path = POPULATION_FILE) -> dict[str, float]:
    """Each figure's value by name, after checking that every figure names a known
    source, what was read, and a status; and that the figures this module needs exist."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sources = data.get("sources", {})
    figures = data.get("figures", {})
    for key, source in sources.items():
        if not source.get("citation") or not source.get("url"):
            raise PopulationFileError(f"source {key}: a citation and a url are needed")
    values: dict[str, float] = {}
    for name, figure in figures.items():
        value = figure.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PopulationFileError(f"figure {name}: the value must be a number")
        if figure.get("source") not in sources:
            raise PopulationFileError(f"figure {name}: unknown source {figure.get('source')!r}")
        if not str(figure.get("read", "")).strip():
            raise PopulationFileError(f"figure {name}: say what was read")
        if figure.get("status") not in STATUSES:
            raise PopulationFileError(f"figure {name}: status must be one of {STATUSES}")
        values[name] = float(value)
    missing = [name for name in NEEDED if name not in values]
    if missing:
        raise PopulationFileError(f"figures missing: {', '.join(missing)}")
    return values


POPULATION = population_load()

POPULATION_MEAN = POPULATION["cycle_length_mean"]
POPULATION_SD = POPULATION["cycle_length_sd"]
WITHIN_SD = 2.6  # derived in the module docstring
BETWEEN_SD = math.sqrt(POPULATION_SD**2 - WITHIN_SD**2)
LUTEAL_DAYS = round(POPULATION["luteal_mean"])  # ovulation is counted back this far
FERTILE_DAYS = round(POPULATION["fertile_window_days"])
# "Most within 4-6 weeks": read as a normal spread whose middle two thirds (±1 SD) is 4-6
# weeks after the loss. Our reading of the word "most", not a published figure.
FIRST_PERIOD_MEAN = (
    7 * (POPULATION["first_period_weeks_low"] + POPULATION["first_period_weeks_high"]) / 2
)
FIRST_PERIOD_SD = (
    7 * (POPULATION["first_period_weeks_high"] - POPULATION["first_period_weeks_low"]) / 2
)
# The first cycles after a loss vary more: the person's own spread is widened by these
# factors for the first and second cycle after the loss (a modelling choice).
POST_LOSS_WIDENING = {1: 1.5, 2: 1.25}
# How much the population's within-person spread weighs against the person's own spread,
# in cycles: about what each woman in Fehring 2006 contributed (7.5 cycles), rounded down.
PRIOR_CYCLES = 6


# --- Results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPhase:
    phase: str  # one of PHASES
    # False when the estimate is too loose to lean on. True is never "known": it is an
    # estimate firm enough for the statistics (see the module docstring).
    certain: bool


@dataclass(frozen=True)
class PeriodRange:
    earliest: date
    latest: date
    likely: date
    level: float  # e.g. 0.8 = an 80% range
    basis: str  # "population" | "blended" | "own": what it was built from

    @property
    def width(self) -> int:
        return (self.latest - self.earliest).days


@dataclass(frozen=True)
class Cycle:
    """One cycle from a period start to the next (or to today, for the one running)."""

    start: date
    end: date | None  # the next period's start; None for the cycle still running
    excluded: bool  # the person marked it to leave out
    open_question: bool = False  # a return of bleeding inside it is still to be answered

    @property
    def length(self) -> int | None:
        return (self.end - self.start).days if self.end else None


# --- The next period ------------------------------------------------------------------


def _t_quantile(p: float, df: float) -> float:
    """Student's t quantile by the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5);
    within 0.01 of the exact value for df >= 4 at the levels used here. The stdlib has
    only the normal quantile, and this module stays free of SciPy."""
    z = statistics.NormalDist().inv_cdf(p)
    if math.isinf(df):
        return z
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass(frozen=True)
class _Predictive:
    """The spread of the next cycle's length: mean + scale * t(df)."""

    mean: float
    scale: float
    df: float
    basis: str

    def quantile(self, p: float) -> float:
        return self.mean + self.scale * _t_quantile(p, self.df)

    def normal(self) -> statistics.NormalDist:
        """A normal with the same spread, for conditioning on days already passed."""
        # A normal (df infinite) is its own spread: inf / (inf - 2) would be NaN.
        if math.isinf(self.df):
            inflate = 1.0
        else:
            inflate = math.sqrt(self.df / (self.df - 2)) if self.df > 2 else 1.5
        return statistics.NormalDist(self.mean, self.scale * inflate)


def _predictive(own_lengths: list[int], cycles_since_loss: int) -> _Predictive:
    """The next cycle's length, from the population and the person's own cycles.

    Before any period after the loss: the time to the first period, read from "most
    within 4-6 weeks" (population.toml), as a normal.

    After it: a normal-normal model. Each person has their own mean cycle length, spread
    across people by BETWEEN_SD around POPULATION_MEAN; their cycles spread around it by
    their own SD. The person's mean is shrunk towards the population's in proportion to
    how much their n cycles say (weight n/s^2 against 1/BETWEEN_SD^2), and their SD is
    the population's within-person SD (worth PRIOR_CYCLES cycles) pooled with their own
    sample SD. The predictive spread adds both the person's spread and the uncertainty of
    their mean; from two own cycles on, a Student t with PRIOR_CYCLES + n - 1 degrees of
    freedom rather than a normal, because the SD is then partly estimated from few
    cycles (with one, the spread is still the population's, taken as known). With no own
    cycles it is the population's spread of all cycles (3.4 days, from 1,060): a normal.
    The first cycles after a loss are widened by POST_LOSS_WIDENING.
    """
    if cycles_since_loss <= 0:
        return _Predictive(FIRST_PERIOD_MEAN, FIRST_PERIOD_SD, math.inf, "population")
    widening = POST_LOSS_WIDENING.get(cycles_since_loss, 1.0)
    n = len(own_lengths)
    if n == 0:
        within = WITHIN_SD * widening
        scale = math.sqrt(within**2 + BETWEEN_SD**2)
        return _Predictive(POPULATION_MEAN, scale, math.inf, "population")
    own_var = statistics.variance(own_lengths) if n >= 2 else WITHIN_SD**2
    pooled_var = (PRIOR_CYCLES * WITHIN_SD**2 + (n - 1) * own_var) / (PRIOR_CYCLES + n - 1)
    prior_precision = 1 / BETWEEN_SD**2
    data_precision = n / pooled_var
    mean_var = 1 / (prior_precision + data_precision)
    mean = mean_var * (
        prior_precision * POPULATION_MEAN + data_precision * statistics.fmean(own_lengths)
    )
    scale = math.sqrt(pooled_var * widening**2 + mean_var)
    basis = "own" if n >= OWN_BASIS_CYCLES else "blended"
    # One cycle says nothing about the person's own spread: it is still the population's.
    df = PRIOR_CYCLES + n - 1 if n >= 2 else math.inf
    return _Predictive(mean, scale, df, basis)


def _range(
    predictive: _Predictive, last_start: date, level: float, elapsed: int | None = None
) -> PeriodRange:
    tail = (1 - level) / 2
    if elapsed is None:
        low, mid, high = (predictive.quantile(p) for p in (tail, 0.5, 1 - tail))
    else:
        # The period has not come in the `elapsed` days since the last one: the range of
        # what is left, from the same spread cut at that day.
        normal = predictive.normal()
        gone = normal.cdf(elapsed + 0.5)
        left = 1 - gone

        def at(p: float) -> float:
            q = gone + left * p
            return normal.inv_cdf(min(q, 1 - 1e-9))

        low, mid, high = at(tail), at(0.5), at(1 - tail)
        low = max(low, elapsed + 1)
    # Whole days: a start on day d stands for lengths between d - 0.5 and d + 0.5, so the
    # inclusive range of days is half a day inside the quantiles at either end.
    earliest = last_start + timedelta(days=max(1, round(low + 0.5)))
    latest = max(last_start + timedelta(days=max(1, round(high - 0.5))), earliest)
    likely = min(max(last_start + timedelta(days=round(mid)), earliest), latest)
    return PeriodRange(earliest, latest, likely, level, predictive.basis)


def next_period_range(
    own_lengths: list[int], *, cycles_since_loss: int, last_start: date, level: float = 0.8
) -> PeriodRange:
    """Where the next period is likely to start, as a range holding it with probability
    `level`. `own_lengths`: the person's counted cycle lengths, oldest first;
    `cycles_since_loss`: periods since the loss (0 before the first, when `last_start`
    is the day of the loss); see `_predictive` for the model."""
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    return _range(_predictive(own_lengths, cycles_since_loss), last_start, level)


def period_range_on(
    own_lengths: list[int],
    *,
    cycles_since_loss: int,
    last_start: date,
    today: date,
    level: float = 0.8,
) -> PeriodRange | None:
    """The range as the Body page shows it on `today`, given that the period has not come
    by then: the range made at `last_start` while today is before its earliest day; after
    that, what is left of the same spread, cut at today; None once today is past nearly
    every length the model expects (BEYOND), when any range would be a guess."""
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    predictive = _predictive(own_lengths, cycles_since_loss)
    elapsed = (today - last_start).days
    plain = _range(predictive, last_start, level)
    if elapsed < (plain.earliest - last_start).days:
        return plain
    if elapsed >= predictive.quantile(BEYOND):
        return None
    return _range(predictive, last_start, level, elapsed=elapsed)


# --- Reading the journal --------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """Recorded bleeding days no more than RUN_GAP apart."""

    days: tuple[date, ...]
    dry_before: int | None  # days with no recorded bleeding before it; None: nothing before
    seen_before: int = 0  # how many of those dry days had a check-in

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]


def _runs(bleeding_days: list[date], *, since: date | None, known: list[date]) -> list[_Run]:
    """Runs of bleeding, each with the dry days before it and how many of those had a
    check-in (`known`: every day with a check-in, sorted)."""
    runs: list[list[date]] = []
    for day in bleeding_days:
        if runs and (day - runs[-1][-1]).days <= RUN_GAP:
            runs[-1].append(day)
        else:
            runs.append([day])
    result = []
    previous = since
    for days in runs:
        if previous is None:
            result.append(_Run(tuple(days), None))
        else:
            dry = (days[0] - previous).days - 1
            seen = bisect.bisect_left(known, days[0]) - bisect.bisect_right(known, previous)
            result.append(_Run(tuple(days), dry, max(seen, 0)))
        previous = days[-1]
    return result


@dataclass
class CycleReading:
    """What the bleeding days say about the cycle since the loss. Build with cycle_read."""

    period_starts: list[date]  # confirmed or derived starts, oldest first
    questions: list[date]  # returns of bleeding still to be asked about, oldest first
    cycle_lengths: list[int]  # only cycles that count (loss cycle and excluded ones left out)
    today: date
    loss_start: date | None = None  # where the bleeding of the loss is counted from
    loss_bleeding_end: date | None = None  # its last recorded day, if any was recorded
    cycles: list[Cycle] = field(default_factory=list)
    uncertain_starts: set[date] = field(default_factory=set)  # the day before had no check-in
    not_periods: list[date] = field(default_factory=list)  # returns the person said were not
    bleeding_noted: bool = False  # any bleeding noted from the loss (or ever, with no date) on
    _menstrual_ends: dict[date, date] = field(default_factory=dict)

    def _cycle_of(self, day: date) -> Cycle | None:
        found = None
        for cycle in self.cycles:
            if cycle.start <= day and (cycle.end is None or day < cycle.end):
                found = cycle
        return found

    @cached_property
    def _current_range(self) -> PeriodRange | None:
        return self.next_period()

    def phase_on(self, day: date) -> DayPhase | None:
        """The estimated phase of a day; None before the first period after the loss,
        during the bleeding of the loss, and in cycles the person left out."""
        cycle = self._cycle_of(day)
        if cycle is None or cycle.excluded:
            return None
        menstrual_end = self._menstrual_ends.get(cycle.start, cycle.start)
        if day <= menstrual_end:
            return DayPhase("menstrual", True)
        if cycle.end is not None:
            phase = _phase_counting_back(day, cycle.start, cycle.end)
            # Bleeding inside it still to be answered might be a period of its own.
            return DayPhase(phase, not cycle.open_question)
        upcoming = self._current_range
        if upcoming is None:
            return None
        if day >= upcoming.likely:
            # Past the likely day with no period yet: the last days before one.
            return DayPhase("premenstrual", False)
        certain = upcoming.width <= WIDE_RANGE_DAYS and not cycle.open_question
        return DayPhase(_phase_counting_back(day, cycle.start, upcoming.likely), certain)

    def phases(self) -> dict[date, DayPhase]:
        """Every day up to today with an estimate, for the statistics."""
        if not self.period_starts:
            return {}
        result = {}
        day = self.period_starts[0]
        while day <= self.today:
            phase = self.phase_on(day)
            if phase is not None:
                result[day] = phase
            day += timedelta(days=1)
        return result

    def next_period(self, level: float = 0.8) -> PeriodRange | None:
        """The next period as a range, given that it has not come by today. None when
        nothing is known to count from (no loss date and no bleeding recorded)."""
        if self.period_starts:
            last_start = self.period_starts[-1]
            since_loss = len(self.period_starts)
        elif self.loss_start is not None:
            last_start = self.loss_start
            since_loss = 0
        else:
            return None
        # Longer than nearly every cycle the model expects: None, for any range left would
        # be a guess dressed as an estimate (see waiting_beyond_range).
        return period_range_on(
            self.cycle_lengths,
            cycles_since_loss=since_loss,
            last_start=last_start,
            today=self.today,
            level=level,
        )

    def waiting_beyond_range(self) -> bool:
        """True when no period has come for longer than the estimate allowed for, so the
        page says so plainly instead of showing a range it cannot stand behind. Never
        when no bleeding was ever noted: then nothing says there is a cycle to wait for
        (a partner, or a person who does not note bleeding), only a loss date."""
        counted_from = self.period_starts[-1] if self.period_starts else self.loss_start
        return self.bleeding_noted and counted_from is not None and self.next_period() is None

    def fertile_window(self) -> tuple[date, date] | None:
        """Days when the current cycle might be fertile, widened by the next period's
        range and the spread of ovulation; None before the first period after the loss.
        An estimate only: not contraception, and not to be relied on either way."""
        if not self.period_starts:
            return None
        upcoming = self._current_range
        if upcoming is None:
            return None
        start = upcoming.earliest - timedelta(
            days=LUTEAL_DAYS + FERTILE_DAYS - 1 + OVULATION_HALF_WIDTH
        )
        end = upcoming.latest - timedelta(days=LUTEAL_DAYS - OVULATION_HALF_WIDTH)
        first_possible = self._menstrual_ends.get(self.period_starts[-1], self.period_starts[-1])
        start = max(start, first_possible + timedelta(days=1))
        return (start, end) if start <= end else None


def _phase_counting_back(day: date, start: date, next_start: date) -> str:
    """A day's phase in a cycle whose next period starts on `next_start`: ovulation about
    LUTEAL_DAYS before it, give or take OVULATION_HALF_WIDTH; the PREMENSTRUAL_DAYS last
    days; follicular before ovulation, luteal after. The menstrual days are decided by the
    caller from the bleeding itself."""
    to_next = (next_start - day).days
    if to_next <= PREMENSTRUAL_DAYS:
        return "premenstrual"
    ovulation = next_start - timedelta(days=LUTEAL_DAYS)
    offset = (day - ovulation).days
    if abs(offset) <= OVULATION_HALF_WIDTH:
        return "ovulation"
    return "follicular" if offset < 0 else "luteal"


def cycle_read(
    bleeding: Mapping[date, str],
    *,
    loss_date: date | None,
    answers: Mapping[date, bool],
    excluded: set[date] | frozenset[date],
    today: date,
    checked_in: Collection[date] | None = None,
) -> CycleReading:
    """Read the cycle from the bleeding days (see the module docstring for the rules).

    `answers`: the person's "is this a period?" answers by the day asked about;
    `excluded`: starts of cycles the person left out; `checked_in`: every day with a
    check-in, whether or not it answered about bleeding (by default the days of
    `bleeding`), to judge whether the dry days before a return were seen. Days after
    `today` are ignored. Answers on days that are not (or no longer) a return of bleeding
    are ignored.
    """
    bled = sorted(day for day, value in bleeding.items() if value in BLEEDING_ANY and day <= today)
    if loss_date is not None:
        bled = [day for day in bled if day >= loss_date]
        loss_start: date | None = loss_date
    else:
        loss_start = bled[0] if bled else None
    # The loss date stands for bleeding on that day even if none was recorded: a return
    # is measured from it, so bleeding soon after the loss is never taken for a period.
    seen = bleeding.keys() if checked_in is None else checked_in
    known = sorted(day for day in seen if day <= today)
    runs = _runs(bled, since=loss_date, known=known)
    if loss_date is None and runs:
        runs[0] = _Run(runs[0].days, None)

    loss_bleeding_end: date | None = None
    starts: list[date] = []
    questions: list[date] = []
    not_periods: list[date] = []
    menstrual_ends: dict[date, date] = {}
    returned = False
    for run in runs:
        is_return = run.dry_before is not None and run.dry_before >= DRY_DAYS
        if not returned and not is_return:
            loss_bleeding_end = run.last  # still the bleeding of the loss
            continue
        if not is_return:
            continue  # bleeding within a cycle: not a new start
        returned = True
        flow = [day for day in run.days if bleeding[day] in BLEEDING_FLOW]
        candidate = flow[0] if flow else run.first
        answer = answers.get(candidate)
        # Were the dry days before it mostly seen to be dry, or mostly unknown?
        well_seen = run.seen_before >= SEEN_SHARE * (run.dry_before or 0)
        if answer is False:
            not_periods.append(candidate)
        elif answer is True or (starts and flow and well_seen):
            starts.append(candidate)
            menstrual_ends[candidate] = run.last
        elif not starts or flow:
            questions.append(candidate)
        # after the first period, spotting alone starts nothing and is not asked about

    cycles = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else None
        asked = any(start < q and (end is None or q < end) for q in questions)
        cycles.append(Cycle(start, end, start in excluded, asked))
    lengths = [
        c.length for c in cycles if c.length is not None and not c.excluded and not c.open_question
    ]
    known_days = set(bleeding)
    uncertain = {start for start in starts if start - timedelta(days=1) not in known_days}
    return CycleReading(
        period_starts=starts,
        questions=questions,
        cycle_lengths=lengths,
        today=today,
        loss_start=loss_start,
        loss_bleeding_end=loss_bleeding_end,
        cycles=cycles,
        uncertain_starts=uncertain,
        not_periods=not_periods,
        bleeding_noted=bool(bled),
        _menstrual_ends=menstrual_ends,
    )
