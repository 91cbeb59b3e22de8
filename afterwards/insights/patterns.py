"""Which patterns a person's own days support, in plain words. No Django.

Every pattern the page can show is tested together, and Holm's procedure at q = 0.05
runs across all of them at once: a person is never shown a pattern because it was one of
many tried, nor because another one was really there (Benjamini-Hochberg, used before,
eases the bar for the rest once one pattern is found, and a false one beside a true one
came out in about one journal in ten). A pattern without enough days is not tested;
the page says how much it needs, never as something to reach. The couple's pattern is
not one of them: both partners must see the same answer, so it is held to a fixed
threshold of its own (q / COUPLE_FAMILY). A pattern tested but not found is "no clear
pattern yet", never "no effect": a few months of days can miss a real one.

The input is plain: a `Journal` of daily arrays on a calendar grid (NaN where nothing was
noted), built by `journal_build` from one mapping per day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from afterwards.insights import stats
from afterwards.insights.stats import Array, Fit

Q = 0.05

# The scales a pattern can be about, with the words for "higher" and "lower" on each:
# higher mood is better, higher grief and anxiety are heavier.
SCALE_NAMES = {"mood": "mood", "grief": "grief", "anxiety": "anxiety"}
HIGHER = {"mood": "higher", "grief": "heavier", "anxiety": "higher"}
LOWER = {"mood": "lower", "grief": "lighter", "anxiety": "lower"}

# The cycle's phases, in order. The body module estimates each day's phase; only days
# whose estimate it leans on (between two period starts, or a narrow next-period range)
# count here. An estimate all the same: the days after ovulation vary between cycles.
PHASE_LABELS = {
    "menstrual": "your period",
    "follicular": "the days after your period",
    "ovulation": "the days around ovulation",
    "luteal": "the second half of your cycle",
    "premenstrual": "the last days before a period",
}

LAGS = {
    0: "On days with closeness or sex",
    1: "On the day after closeness or sex",
    2: "Two days after closeness or sex",
}
HARD_WEEK = 3  # days either side of a hard date

# Before any claim: the least data each pattern needs.
INTIMACY_MIN_DAYS = 8  # days with closeness or sex
OTHER_MIN_DAYS = 20  # days without, for comparison
PHASE_MIN_DAYS = 6  # days of each phase the body page has an estimate for
TREND_MIN_DAYS = 28  # days noted (since the loss, when it is later than the first)
TREND_MIN_SPAN = 42  # days from the first to the last of them
AFTERWARDS_MIN = 8  # answers to "how do you feel afterwards"
AFTER_PHASE_MIN = 4  # of those answers in each part of the cycle, to compare the parts
AFTER_GROUP_MIN = 4  # of those answers in harder weeks, and as many at other times
HEAVIER_BY = 0.5  # a week's grief this many steps above the person's average is heavier
HARD_MIN_DAYS = 4  # days noted in the weeks around hard dates
SLEEP_MIN_DAYS = 20  # days with both sleep and mood
COUPLE_MIN_DAYS = 20  # days both partners shared
# The couple's pattern is tested on its own, at a fixed threshold the same for both
# partners: q / 21, as strict as Holm's first step would be had it joined a family of 21
# (the 20 of a person's own, and it).
COUPLE_FAMILY = 21
# A day after closeness found on its own is confirmed in the model holding all three days
# together past this: q / 3, the three days' confirmations held at q together (Bonferroni).
LAG_CONFIRM = Q / len(LAGS)
PHASE_NAMED = Q / len(PHASE_LABELS)  # a phase is named only past this (Bonferroni over 5)
PHASE_NAMED_LEVEL = 1 - PHASE_NAMED  # with an interval of this level (99%)

MONTH = 30.4375  # days
TREND_DAYS = 112  # a trend is about the last 16 weeks at most
# Patterns look at the last two years of days at most: the bench checks journals up to
# that length, and the page's work stays bounded however long the journal grows.
WINDOW_DAYS = 730


@dataclass
class Journal:
    first: date  # the day of position 0
    mood: Array
    grief: Array
    anxiety: Array
    sleep: Array
    afterwards: Array
    intimacy: Array  # 1 closeness or sex, 0 a check-in without, NaN no check-in
    bled: Array  # 1 bleeding, 0 none, NaN not noted
    phase: list[str | None]  # a key of PHASE_LABELS on days the cycle has an estimate for
    loss_date: date | None = None
    hard_dates: list[date] = field(default_factory=list)

    @property
    def days(self) -> int:
        return len(self.mood)

    def day(self, position: int) -> date:
        return self.first + timedelta(days=position)

    def position(self, day: date) -> int:
        return (day - self.first).days

    def last(self, days: int) -> Journal:
        """The same journal from `days` days before its last day on."""
        cut = max(self.days - days, 0)
        if cut == 0:
            return self
        return Journal(
            first=self.day(cut),
            mood=self.mood[cut:],
            grief=self.grief[cut:],
            anxiety=self.anxiety[cut:],
            sleep=self.sleep[cut:],
            afterwards=self.afterwards[cut:],
            intimacy=self.intimacy[cut:],
            bled=self.bled[cut:],
            phase=self.phase[cut:],
            loss_date=self.loss_date,
            hard_dates=self.hard_dates,
        )

    def scale(self, name: str) -> Array:
        values: Array = getattr(self, name)
        return values

    @property
    def ever_bled(self) -> bool:
        """Whether any bleeding was ever noted: without it there is no cycle to look at
        (a partner who was not pregnant, or a body without periods), and nothing about
        one is tested, shown or asked for."""
        return bool(np.any(self.bled == 1))

    @property
    def has_phases(self) -> bool:
        """Whether the Body page has estimated a phase for any day (after a period start)."""
        return any(phase is not None for phase in self.phase)


def journal_build(
    days: Mapping[date, Mapping[str, Any]],
    *,
    first: date,
    last: date,
    phases: Mapping[date, str] | None = None,
    loss_date: date | None = None,
    hard_dates: Sequence[date] = (),
) -> Journal:
    """Arrays for the days from `first` to `last` from one mapping per day (the fields of a
    check-in by name). A day with a check-in that does not mention closeness or sex
    counts as a day without; a day with no check-in at all is not known."""
    size = (last - first).days + 1
    arrays = {
        name: np.full(size, np.nan)
        for name in ("mood", "grief", "anxiety", "sleep", "afterwards", "intimacy", "bled")
    }
    for day, values in days.items():
        n = (day - first).days
        if not 0 <= n < size:
            continue
        for name in ("mood", "grief", "anxiety", "sleep", "afterwards"):
            value = values.get(name)
            if isinstance(value, int) and 1 <= value <= 5:
                arrays[name][n] = value
        arrays["intimacy"][n] = 1.0 if values.get("intimacy") in ("closeness", "sex") else 0.0
        bleeding = values.get("bleeding")
        if bleeding is not None:
            arrays["bled"][n] = 0.0 if bleeding == "none" else 1.0
    phase: list[str | None] = [None] * size
    for day, name in (phases or {}).items():
        n = (day - first).days
        if 0 <= n < size and name in PHASE_LABELS:
            phase[n] = name
    return Journal(
        first=first, phase=phase, loss_date=loss_date, hard_dates=sorted(set(hard_dates)), **arrays
    )


# --- What the page says -----------------------------------------------------------------


@dataclass
class Finding:
    """One tested pattern."""

    key: str  # e.g. "intimacy:1:mood"
    group: str  # phase, intimacy, afterwards, trend, hard_date, sleep, couple
    title: str  # what was looked at, for the "no clear pattern yet" list
    p: float
    fit: Fit | None  # the effect shown, when there is one to put in words
    words: str  # the sentence shown when it is a pattern
    shown: bool = False  # survived Holm's procedure with every other pattern
    heavier: bool = False  # when shown, says that things have grown harder
    # False when a check of its own holds it back whatever its p (a day after closeness
    # whose sign the model of all three days does not share: intimacy_plan).
    confirmed: bool = True
    # A day after closeness tested on its own, beside the model of all three days (whose
    # numbers `fit` holds); None for every other pattern.
    alone: Fit | None = None


@dataclass(frozen=True)
class Need:
    """A pattern not looked at yet, and what would let it be."""

    group: str
    title: str
    words: str


@dataclass
class Report:
    findings: list[Finding]
    needs: list[Need]

    @property
    def shown(self) -> list[Finding]:
        return [f for f in self.findings if f.shown]

    @property
    def quiet(self) -> list[Finding]:
        return [f for f in self.findings if not f.shown]

    @property
    def tested(self) -> int:
        return len(self.findings)

    def finding(self, key: str) -> Finding | None:
        return next((f for f in self.findings if f.key == key), None)


def amount(value: float) -> str:
    """A size in steps, never "0.0": below 0.05 it is "less than 0.1"."""
    if abs(value) < 0.05:
        return "less than 0.1"
    return f"{abs(value):.1f}"


def average(value: float) -> str:
    """A plain average on a five-step scale (1 to 5: never near 0)."""
    return f"{value:.1f}"


def _between(fit: Fit, up: str, down: str) -> str:
    """ "likely between 0.3 and 1.3 lower", in the words of the scale's direction."""
    low, high = fit.low, fit.high
    if low >= 0:
        return f"likely between {amount(low)} and {amount(high)} {up}"
    if high <= 0:
        return f"likely between {amount(high)} and {amount(low)} {down}"
    return f"likely between {amount(low)} {down} and {amount(high)} {up}"


def _way(fit: Fit, up: str, down: str) -> str:
    return up if fit.estimate >= 0 else down


# Every number a sentence gives comes from a model that allows for this, and says so; the
# plain averages stand beside it where there are two groups of days to average.
ALLOWING = "allowing for how one day runs into the next"
TOGETHER = "This shows what went together, not what caused what."
NOTHING_TO_DO = "there is nothing you need to do."


def _needs(what: str, so_far: str = "") -> str:
    """How much a pattern needs, said as a fact and never as a target: "This needs 8
    days or more with closeness or sex noted before anything can be said; there is
    nothing you need to do." Where it helps to know how far off it is, what there is so
    far, in brackets: a count of the person's own answers, never a call for more."""
    where = f" (so far: {so_far})" if so_far else ""
    return f"This needs {what} before anything can be said{where}; {NOTHING_TO_DO}"


def _days(n: int, what: str) -> str:
    return f"1 day or more {what}" if n == 1 else f"{n} days or more {what}"


def _count(n: int, where: str) -> str:
    """A count of answers so far: "1 in harder weeks", "none in the part with the fewest"."""
    return f"{n if n else 'none'} {where}"


def _answers(n: int, what: str) -> str:
    return f"1 answer or more {what}" if n == 1 else f"{n} answers or more {what}"


def _plain(y: Array, group: Array) -> tuple[float, float]:
    """The plain averages of y on days where `group` is 1 and where it is 0."""
    ok = np.isfinite(y) & np.isfinite(group)
    inside, outside = y[ok & (group == 1)], y[ok & (group == 0)]
    return float(np.mean(inside)), float(np.mean(outside))


# --- How patterns are tested ---------------------------------------------------------------


@dataclass
class Ask:
    """The regressions a pattern needs, and how their fitted models become findings.
    Every pattern's regressions are fitted together (stats.fit_many): one pass over the
    days."""

    regressions: list[tuple[Array, Array]]
    read: Callable[[list[stats.Model | None]], list[Finding]]


def ask(y: Array, X: Array, read: Callable[[stats.Model | None], list[Finding]]) -> Ask:
    """An Ask of one regression."""
    return Ask([(y, X)], lambda models: read(models[0]))


Planned = tuple[list[Ask], list[Need]]


def _run(planned: Planned) -> tuple[list[Finding], list[Need]]:
    asks, needs = planned
    models = stats.fit_many([r for a in asks for r in a.regressions])
    findings: list[Finding] = []
    for a in asks:
        mine, models = models[: len(a.regressions)], models[len(a.regressions) :]
        findings += a.read(mine)
    return findings, needs


def _ones(size: int) -> Array:
    return np.ones(size)


def _lagged(values: Array, lag: int) -> Array:
    out = np.full(len(values), np.nan)
    out[lag:] = values[: len(values) - lag] if lag else values
    return out


def weekdays(j: Journal) -> Array:
    """The day of the week as six columns, each +1 on its day and -1 on Mondays, so that
    the other coefficients are averages over the week, not a Monday's."""
    day = (np.arange(j.days) + j.first.weekday()) % 7
    out = np.zeros((j.days, 6))
    for column in range(6):
        out[:, column] = (day == column + 1).astype(float) - (day == 0).astype(float)
    return out


# --- The patterns ---------------------------------------------------------------------------


def intimacy_plan(j: Journal) -> Planned:
    """Mood, grief and anxiety on the day of closeness or sex, the day after and two days
    after, against other days.

    Each day (the day itself, the day after, two days after) is tested on its own. But
    the days lie close together, and a model that allows for one day running into the
    next compares each day partly with its neighbours: a real difference the day after
    then lends the day itself and two days after a false one of the opposite sign, and
    over a year or two of days that false one is clear on its own. So the p of a day on
    its own joins the family, and the day is shown only if a model holding all three
    days together confirms it: the same sign, and p <= LAG_CONFIRM (q / 3) there. At
    0.05, one journal in ten of two years with a real difference the day after was shown
    a false neighbour; at the family's own bar the day after itself lost six points of
    power at 16 weeks (bench/patterns.py, docs/performance.md). Its words give the model
    of all three days' numbers. In that model a day counts when it and the two before it
    say whether there was closeness or sex; on its own, when its own day before (or the
    day itself) does. Enough days is judged as before, on mood the day after."""
    lagged = np.column_stack([_lagged(j.intimacy, lag) for lag in LAGS])
    # The pattern people ask about most.
    usable = np.isfinite(j.mood) & np.isfinite(lagged[:, 1])
    close = int((usable & (lagged[:, 1] == 1)).sum())
    other = int((usable & (lagged[:, 1] == 0)).sum())
    if close < INTIMACY_MIN_DAYS or other < OTHER_MIN_DAYS:
        more = []
        if close < INTIMACY_MIN_DAYS:
            more.append(_days(INTIMACY_MIN_DAYS, "with closeness or sex noted"))
        if other < OTHER_MIN_DAYS:
            more.append(_days(OTHER_MIN_DAYS, "without"))
        return [], [
            Need(
                "intimacy",
                "How you feel on and after days of closeness or sex",
                _needs(" and ".join(more)),
            )
        ]
    # No day of the week beside them: closeness on the same weekday each time (every
    # Saturday) would leave nothing to compare. Its p is the largest over the plausible
    # phi and noise, which kept a weekly rhythm from passing for closeness in the bench.
    ones = _ones(j.days)
    together = np.column_stack([ones, lagged])
    alone = [np.column_stack([ones, lagged[:, column]]) for column in range(len(LAGS))]
    asks = []
    for name in SCALE_NAMES:
        y = j.scale(name)

        def read(models: list[stats.Model | None], name: str = name, y: Array = y) -> list[Finding]:
            joint, singles = models[0], models[1:]
            out = []
            for column, (lag, when) in enumerate(LAGS.items(), start=1):
                key = f"intimacy:{lag}:{name}"
                title = f"{SCALE_NAMES[name].capitalize()} {_lag_title(lag)}"
                single = singles[column - 1]
                if joint is None or single is None:
                    out.append(Finding(key, "intimacy", title, 1.0, None, ""))
                    continue
                first = stats.coefficient_plausible(single, 1)
                fit = stats.coefficient(joint, column)
                rows = np.all(np.isfinite(together), axis=1)
                on, off = _plain(np.where(rows, y, np.nan), together[:, column])
                words = (
                    f"{when}, your {SCALE_NAMES[name]} was on average {amount(fit.estimate)} "
                    f"{_way(fit, HIGHER[name], LOWER[name])} than on other days "
                    f"({_between(fit, HIGHER[name], LOWER[name])}, {ALLOWING}). "
                    f"Plain averages: {average(on)} on those days, {average(off)} on other "
                    f"days. {TOGETHER}"
                )
                finding = Finding(key, "intimacy", title, first.p, fit, words)
                finding.confirmed = fit.p <= LAG_CONFIRM and (fit.estimate > 0) == (
                    first.estimate > 0
                )
                finding.alone = first
                out.append(finding)
            return out

        asks.append(Ask([(y, together)] + [(y, X) for X in alone], read))
    return asks, []


def intimacy_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    return _run(intimacy_plan(j))


def _lag_title(lag: int) -> str:
    return {
        0: "on days of closeness or sex",
        1: "the day after closeness or sex",
        2: "two days after closeness or sex",
    }[lag]


def _phase_columns(j: Journal) -> Array:
    X = np.full((j.days, len(PHASE_LABELS)), np.nan)
    for n, phase in enumerate(j.phase):
        if phase is not None:
            X[n] = [1.0 if phase == key else 0.0 for key in PHASE_LABELS]
    return X


def phase_design(j: Journal, *, by_weekday: bool = True) -> Array:
    """One mean per phase (no intercept), on the days the cycle has an estimate for, and
    (for daily scales) the day of the week beside them: with cycles of 28 days a phase
    falls on the same weekdays each time, and a weekly rhythm would pass for the cycle."""
    X = _phase_columns(j)
    return np.column_stack([X, weekdays(j)]) if by_weekday else X


def phase_model(j: Journal, name: str) -> stats.Model | None:
    """Each phase's mean (columns 0-4, averaged over the days of the week)."""
    return stats.fit_many([(j.scale(name), phase_design(j))])[0]


def phase_counts(j: Journal, name: str = "mood") -> dict[str, int]:
    values = j.scale(name)
    counts = dict.fromkeys(PHASE_LABELS, 0)
    for n, phase in enumerate(j.phase):
        if phase is not None and np.isfinite(values[n]):
            counts[phase] += 1
    return counts


def _phase_omnibus(model: stats.Model) -> float:
    """p of "every phase's mean is the same", as an F test of the differences from the
    first phase, the largest over the plausible values of phi and noise."""
    k = len(PHASE_LABELS)
    contrast = stats.Model(
        beta=model.beta[:, 1:k] - model.beta[:, :1],
        cov=_difference_cov(model.cov[:, :k, :k]),
        weights=model.weights,
        phi=model.phi,
        n=model.n,
        df=model.df,
    )
    return stats.wald_p_plausible(contrast, list(range(k - 1)))


CYCLE_NEED_BODY = (
    "This needs a period start on the Body page first: until then there is no "
    "cycle to look at. If a question is waiting there, you can answer it when "
    f"you like; {NOTHING_TO_DO}"
)


def phase_plan(j: Journal) -> Planned:
    """Whether mood, grief and anxiety differ between the cycle's phases: one omnibus
    test per scale joins the family. Nothing at all when no bleeding was ever noted."""
    if not j.ever_bled:
        return [], []
    title = "Mood, grief and anxiety through your cycle"
    if not j.has_phases:
        return [], [Need("phase", title, CYCLE_NEED_BODY)]
    if min(phase_counts(j).values()) < PHASE_MIN_DAYS:
        return [], [
            Need(
                "phase",
                title,
                _needs(
                    f"{PHASE_MIN_DAYS} days or more noted in each part of your cycle the Body page "
                    "has an estimate for (from your period starts)"
                ),
            )
        ]
    X = phase_design(j)
    asks = []
    for name in SCALE_NAMES:

        def read(model: stats.Model | None, name: str = name) -> list[Finding]:
            key = f"phase:{name}"
            title = f"{SCALE_NAMES[name].capitalize()} through your cycle"
            if model is None:
                return [Finding(key, "phase", title, 1.0, None, "")]
            # Which phase, if any, the sentence may name is decided once this test has
            # passed with the others (phase_name), so it costs nothing when it has not.
            words = (
                f"Your {SCALE_NAMES[name]} differed between parts of your cycle ({PHASE_ALLOWING})."
            )
            return [Finding(key, "phase", title, _phase_omnibus(model), None, words)]

        asks.append(ask(j.scale(name), X, read))
    return asks, []


PHASE_ALLOWING = f"{ALLOWING} and for the day of the week"


def phase_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    return _run(phase_plan(j))


def phase_name(j: Journal, finding: Finding) -> None:
    """Name a phase in a phase pattern that was shown, when its own contrast allows."""
    name = finding.key.split(":", 1)[1]
    fit, phase = phase_named(j, name)
    if fit is not None and phase is not None:
        finding.fit = fit
        inside = np.array([np.nan if p is None else float(p == phase) for p in j.phase])
        there, elsewhere = _plain(j.scale(name), inside)
        finding.words = (
            f"Your {SCALE_NAMES[name]} differed between parts of your cycle: in "
            f"{PHASE_LABELS[phase]} it was on average {amount(fit.estimate)} "
            f"{_way(fit, HIGHER[name], LOWER[name])} than in the other parts "
            f"({_between(fit, HIGHER[name], LOWER[name])}, {PHASE_ALLOWING}). "
            f"Plain averages: {average(there)} there, {average(elsewhere)} in the other "
            f"parts. {TOGETHER}"
        )


def _difference_cov(cov: Array) -> Array:
    """Covariance of (beta_i - beta_0) for i >= 1."""
    k = cov.shape[1]
    D = np.hstack([-np.ones((k - 1, 1)), np.eye(k - 1)])
    out: Array = np.einsum("ik,gkl,jl->gij", D, cov, D)
    return out


def phase_contrasts(j: Journal, values: Array, *, by_weekday: bool = True) -> dict[str, Fit]:
    """Each phase against the other phased days (days without a phase left out), with a
    99% interval: five tests, so each is held to q / 5 (Bonferroni)."""
    asks = []
    for phase in PHASE_LABELS:
        inside = np.array([np.nan if p is None else float(p == phase) for p in j.phase])
        columns = [_ones(j.days), inside] + ([weekdays(j)] if by_weekday else [])
        asks.append(np.column_stack(columns))
    models = stats.fit_many([(values, X) for X in asks])
    return {
        phase: stats.coefficient_plausible(model, 1, level=PHASE_NAMED_LEVEL)
        for phase, model in zip(PHASE_LABELS, models, strict=True)
        if model is not None
    }


def _named(contrasts: dict[str, Fit]) -> tuple[Fit | None, str | None]:
    passing = {phase: fit for phase, fit in contrasts.items() if fit.p <= PHASE_NAMED}
    if not passing:
        return None, None
    phase = min(passing, key=lambda key: passing[key].p)
    return passing[phase], phase


def phase_named(j: Journal, name: str) -> tuple[Fit | None, str | None]:
    """The phase a sentence may name: only one whose own contrast passes q / 5 (the
    smallest p if several do). None when none does: then the page says only that the
    parts of the cycle differed, naming none and giving no number."""
    return _named(phase_contrasts(j, j.scale(name)))


def trend_window(j: Journal) -> tuple[int, str]:
    """Where a trend's days begin, and the words for it: the last TREND_DAYS days, or
    from the loss, or from the first day noted, whichever is latest."""
    start = max(j.days - TREND_DAYS, 0)
    loss = j.position(j.loss_date) if j.loss_date is not None else 0
    if loss >= start and loss > 0:
        return loss, "Since your loss"
    if start > 0 and start >= loss:
        return start, f"Over the last {TREND_DAYS // 7} weeks"
    return 0, "Since you began noting how you are"


def trend_plan(j: Journal) -> Planned:
    """Grief and mood over the last 16 weeks at most (since the loss, when it is later):
    the change over those weeks as a straight line. Over longer spans a slow wander of
    mood passes for a trend far too often (bench/patterns.py), so a trend is only ever
    about the recent weeks."""
    title = "Grief and mood over the weeks"
    if j.loss_date is None:
        return [], [
            Need(
                "trend",
                title,
                "This is looked at once About your loss has the date of your loss; "
                + NOTHING_TO_DO,
            )
        ]
    start, since = trend_window(j)
    noted = np.isfinite(j.mood) & (np.arange(j.days) >= start)
    count = int(noted.sum())
    span = int(np.ptp(np.nonzero(noted)[0])) + 1 if count else 0
    if count < TREND_MIN_DAYS or span < TREND_MIN_SPAN:
        return [], [
            Need(
                "trend",
                title,
                _needs(
                    f"{TREND_MIN_DAYS} days or more noted, spread over {TREND_MIN_SPAN} days "
                    "or more"
                ),
            )
        ]
    length = j.days - start
    along = (np.arange(j.days) - start) / max(length - 1, 1)
    along[:start] = np.nan
    X = np.column_stack([_ones(j.days), along])
    words_for = {
        "grief": ("grown heavier", "eased", "heavier", "lighter"),
        "mood": ("lifted", "fallen", "higher", "lower"),
    }
    asks = []
    for name in ("grief", "mood"):

        def read(model: stats.Model | None, name: str = name) -> list[Finding]:
            key = f"trend:{name}"
            name_title = f"Your {name} over the weeks"
            if model is None:
                return [Finding(key, "trend", name_title, 1.0, None, "")]
            fit = stats.coefficient_plausible(model, 1)
            rising, falling, up, down = words_for[name]
            values = j.scale(name)[start:]
            month = min(28, len(values) // 2)
            first, last = np.nanmean(values[:month]), np.nanmean(values[-month:])
            weeks = month // 7
            words = (
                f"{since}, your {name} has {_way(fit, rising, falling)} by about "
                f"{amount(fit.estimate)} in all ({_between(fit, up, down)}, {ALLOWING}). "
                f"On average it was {average(first)} in the first {weeks} weeks of these "
                f"and {average(last)} in the last {weeks}. This shows a change over time, "
                "not what caused it."
            )
            heavier = (fit.estimate > 0) == (name == "grief")
            return [Finding(key, "trend", name_title, fit.p, fit, words, heavier=heavier)]

        asks.append(ask(j.scale(name), X, read))
    return asks, []


def trend_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    return _run(trend_plan(j))


AFTERWARDS_TITLE = "How you feel after closeness or sex, over the months"


def afterwards_plan(j: Journal) -> Planned:
    """How the person felt after closeness or sex, over the months: the change from their
    first answer to their last, as a straight line."""
    noted = np.nonzero(np.isfinite(j.afterwards))[0]
    span = int(np.ptp(noted)) + 1 if len(noted) else 0
    if len(noted) < AFTERWARDS_MIN or span < TREND_MIN_SPAN:
        return [], [
            Need(
                "afterwards",
                AFTERWARDS_TITLE,
                _needs(
                    f"{AFTERWARDS_MIN} answers or more to how you felt after closeness or sex, "
                    f"spread over {TREND_MIN_SPAN} days or more"
                ),
            )
        ]
    along = (np.arange(j.days) - noted[0]) / max(span - 1, 1)
    X = np.column_stack([_ones(j.days), along])
    months = max(round(span / MONTH), 1)
    over = "over this month" if months == 1 else f"over these {months} months"

    def read(model: stats.Model | None) -> list[Finding]:
        if model is None:
            return [Finding("afterwards", "afterwards", AFTERWARDS_TITLE, 1.0, None, "")]
        fit = stats.coefficient_plausible(model, 1)
        words = (
            f"How you felt after closeness or sex has changed {over}: about "
            f"{amount(fit.estimate)} {_way(fit, 'better', 'harder')} in all "
            f"({_between(fit, 'better', 'harder')}, {ALLOWING}). This shows a change over "
            "time, not what caused it."
        )
        finding = Finding("afterwards", "afterwards", AFTERWARDS_TITLE, fit.p, fit, words)
        finding.heavier = fit.estimate < 0
        return [finding]

    return [ask(j.afterwards, X, read)], []


def afterwards_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    return _run(afterwards_plan(j))


AFTER_CYCLE_TITLE = "How you feel after closeness or sex, through your cycle"


def afterwards_phase_plan(j: Journal) -> Planned:
    """How the person felt after closeness or sex in each part of the cycle: one omnibus
    test of the parts' averages joins the family, and a part is named only when its own
    contrast passes q / 5, as for mood. Looked at only once each part holds
    AFTER_PHASE_MIN answers; nothing at all without a cycle to look at."""
    if not j.ever_bled or not j.has_phases:
        return [], []  # the cycle's own need says the Body page comes first
    counts = phase_counts(j, "afterwards")
    if min(counts.values()) < AFTER_PHASE_MIN:
        return [], [
            Need(
                "afterwards",
                AFTER_CYCLE_TITLE,
                _needs(
                    _answers(
                        AFTER_PHASE_MIN,
                        "to how you felt after closeness or sex in each part of your cycle "
                        "the Body page has an estimate for",
                    ),
                    _count(min(counts.values()), "in the part with the fewest"),
                ),
            )
        ]

    def read(model: stats.Model | None) -> list[Finding]:
        if model is None:
            return [Finding("afterwards:phase", "afterwards", AFTER_CYCLE_TITLE, 1.0, None, "")]
        words = (
            "How you felt after closeness or sex differed between parts of your cycle "
            f"({ALLOWING})."
        )
        p = _phase_omnibus(model)
        return [Finding("afterwards:phase", "afterwards", AFTER_CYCLE_TITLE, p, None, words)]

    return [ask(j.afterwards, phase_design(j, by_weekday=False), read)], []


def afterwards_phase_name(j: Journal, finding: Finding) -> None:
    """Name a part of the cycle in the shown pattern, when its own contrast allows."""
    fit, phase = _named(phase_contrasts(j, j.afterwards, by_weekday=False))
    if fit is None or phase is None:
        return
    finding.fit = fit
    inside = np.array([np.nan if p is None else float(p == phase) for p in j.phase])
    there, elsewhere = _plain(j.afterwards, inside)
    finding.words = (
        "How you felt after closeness or sex differed between parts of your cycle: in "
        f"{PHASE_LABELS[phase]} it was on average {amount(fit.estimate)} "
        f"{_way(fit, 'better', 'harder')} than in the other parts "
        f"({_between(fit, 'better', 'harder')}, {ALLOWING}). Plain averages: "
        f"{average(there)} there, {average(elsewhere)} in the other parts. {TOGETHER}"
    )
    finding.heavier = fit.estimate < 0


def grief_heavier(grief: Array) -> Array:
    """1 on days whose week (the day and the six before it, three or more noted) had
    grief heavier than usual: HEAVIER_BY steps or more above the average of every day
    noted. 0 otherwise."""
    noted = np.isfinite(grief)
    if not noted.any():
        return np.zeros(len(grief))
    usual = float(np.mean(grief[noted]))
    total = np.convolve(np.where(noted, grief, 0.0), np.ones(7))[: len(grief)]
    count = np.convolve(noted.astype(float), np.ones(7))[: len(grief)]
    week = np.divide(total, count, out=np.full(len(grief), np.nan), where=count >= 3)
    return np.where(np.isfinite(week) & (week >= usual + HEAVIER_BY), 1.0, 0.0)


def hard_few_days(j: Journal) -> Array:
    """1 in a harder week: around a hard date, or when grief was heavier than usual."""
    return np.maximum(hard_week(j), grief_heavier(j.grief))


AFTER_HARD_TITLE = "How you feel after closeness or sex in a harder week"


def afterwards_hard_plan(j: Journal) -> Planned:
    """How the person felt after closeness or sex in a harder week (around a hard date,
    or with grief heavier than usual over the week before) against other times."""
    hard = hard_few_days(j)
    noted = np.isfinite(j.afterwards)
    inside = int((noted & (hard == 1)).sum())
    outside = int((noted & (hard == 0)).sum())
    if inside < AFTER_GROUP_MIN or outside < AFTER_GROUP_MIN:
        return [], [
            Need(
                "afterwards",
                AFTER_HARD_TITLE,
                _needs(
                    _answers(
                        AFTER_GROUP_MIN,
                        "to how you felt after closeness or sex in harder weeks (around a "
                        "hard date, or with grief heavier than your usual), and as many at "
                        "other times",
                    ),
                    f"{_count(inside, 'in harder weeks')}, {_count(outside, 'at other times')}",
                ),
            )
        ]

    def read(model: stats.Model | None) -> list[Finding]:
        key = "afterwards:hard"
        if model is None:
            return [Finding(key, "afterwards", AFTER_HARD_TITLE, 1.0, None, "")]
        fit = stats.coefficient_plausible(model, 1)
        there, elsewhere = _plain(j.afterwards, hard)
        words = (
            "After closeness or sex in a harder week (around a hard date, or with grief "
            "heavier than your usual over the week before), you felt on average "
            f"{amount(fit.estimate)} {_way(fit, 'better', 'harder')} than at other times "
            f"({_between(fit, 'better', 'harder')}, {ALLOWING}). Plain averages: "
            f"{average(there)} in harder weeks, {average(elsewhere)} at other times. "
            f"{TOGETHER}"
        )
        finding = Finding(key, "afterwards", AFTER_HARD_TITLE, fit.p, fit, words)
        finding.heavier = fit.estimate < 0
        return [finding]

    return [ask(j.afterwards, np.column_stack([_ones(j.days), hard]), read)], []


def hard_week(j: Journal) -> Array:
    """1 in the week around any hard date (three days either side), else 0."""
    week = np.zeros(j.days)
    for day in j.hard_dates:
        centre = j.position(day)
        low, high = max(centre - HARD_WEEK, 0), min(centre + HARD_WEEK + 1, j.days)
        if low < high:
            week[low:high] = 1.0
    return week


def hard_date_plan(j: Journal) -> Planned:
    title = "Mood and grief in the week around a hard date"
    if not j.hard_dates:
        return [], [
            Need(
                "hard_date",
                title,
                "This is looked at once there is a hard date, such as the date of your loss "
                "or the due date in About your loss; " + NOTHING_TO_DO,
            )
        ]
    week = hard_week(j)
    inside = int((np.isfinite(j.mood) & (week == 1)).sum())
    outside = int((np.isfinite(j.mood) & (week == 0)).sum())
    if inside < HARD_MIN_DAYS or outside < OTHER_MIN_DAYS:
        more = []
        if inside < HARD_MIN_DAYS:
            more.append(_days(HARD_MIN_DAYS, "noted in the week around a hard date"))
        if outside < OTHER_MIN_DAYS:
            more.append(_days(OTHER_MIN_DAYS, "noted at other times"))
        return [], [Need("hard_date", title, _needs(" and ".join(more)))]
    # The loss is a hard date, and the days since it carry the slow change since the
    # loss too: months since the first day stand beside the week, so that change is not
    # taken for the week's.
    X = np.column_stack([_ones(j.days), week, np.arange(j.days) / MONTH])
    asks = []
    for name in ("mood", "grief"):

        def read(model: stats.Model | None, name: str = name) -> list[Finding]:
            key = f"hard_date:{name}"
            name_title = f"Your {name} in the week around a hard date"
            if model is None:
                return [Finding(key, "hard_date", name_title, 1.0, None, "")]
            fit = stats.coefficient_plausible(model, 1)
            there, elsewhere = _plain(j.scale(name), week)
            words = (
                f"In the week around a hard date, your {name} was on average "
                f"{amount(fit.estimate)} {_way(fit, HIGHER[name], LOWER[name])} than at "
                f"other times ({_between(fit, HIGHER[name], LOWER[name])}, {ALLOWING} and "
                f"for slow change over the months). Plain averages: {average(there)} in "
                f"those weeks, {average(elsewhere)} at other times. {TOGETHER}"
            )
            return [Finding(key, "hard_date", name_title, fit.p, fit, words)]

        asks.append(ask(j.scale(name), X, read))
    return asks, []


def hard_date_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    return _run(hard_date_plan(j))


def sleep_plan(j: Journal) -> Planned:
    """Sleep against the mood of the day after that night. The check-in of a day asks
    about the night before it, so that day is the one after the night. Sleep runs on
    from night to night as mood does from day to day, so its p is the largest over the
    plausible phi and noise; the day of the week stands beside it."""
    title = "Your mood after a better or worse night"
    both = int((np.isfinite(j.sleep) & np.isfinite(j.mood)).sum())
    if both < SLEEP_MIN_DAYS:
        more = _days(SLEEP_MIN_DAYS, "with both sleep and mood noted")
        return [], [Need("sleep", title, _needs(more))]

    def read(model: stats.Model | None) -> list[Finding]:
        if model is None:
            return [Finding("sleep", "sleep", title, 1.0, None, "")]
        fit = stats.coefficient_plausible(model, 1)
        words = (
            "After a night you slept one step better, your mood that day was on average "
            f"{amount(fit.estimate)} {_way(fit, 'higher', 'lower')} "
            f"({_between(fit, 'higher', 'lower')}, {ALLOWING}). {TOGETHER}"
        )
        return [Finding("sleep", "sleep", title, fit.p, fit, words)]

    X = np.column_stack([_ones(j.days), j.sleep, weekdays(j)])
    return [ask(j.mood, X, read)], []


def sleep_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    return _run(sleep_plan(j))


PLANS = (
    phase_plan,
    intimacy_plan,
    afterwards_plan,
    afterwards_phase_plan,
    afterwards_hard_plan,
    trend_plan,
    hard_date_plan,
    sleep_plan,
)


def patterns_find(j: Journal, q: float = Q) -> Report:
    """Every pattern there are days enough for, tested together: Holm's procedure at q
    across all of them decides which are shown, so that the chance of showing any
    pattern that is not there stays within q even beside one that is. Only the last
    WINDOW_DAYS days count."""
    j = j.last(WINDOW_DAYS)
    asks: list[Ask] = []
    needs: list[Need] = []
    for plan in PLANS:
        found, need = plan(j)
        asks += found
        needs += need
    findings, _ = _run((asks, []))
    shown = stats.holm([f.p for f in findings], q)
    for finding, passes in zip(findings, shown, strict=True):
        # A pattern is shown only with words to say it in.
        finding.shown = bool(passes) and bool(finding.words) and finding.confirmed
        if finding.shown and finding.group == "phase":
            phase_name(j, finding)
        if finding.shown and finding.key == "afterwards:phase":
            afterwards_phase_name(j, finding)
    return Report(findings, needs)


# --- A couple ---------------------------------------------------------------------------


def hardness(mood: float | None, grief: float | None) -> float:
    """How hard a day was, 1 (light) to 5 (hardest): low mood and heavy grief together."""
    parts = [6.0 - mood if mood else None, float(grief) if grief else None]
    known = [p for p in parts if p is not None]
    return float(np.mean(known)) if known else float("nan")


def couple_hard_days(
    mine: Mapping[date, tuple[int | None, int | None]],
    theirs: Mapping[date, tuple[int | None, int | None]],
    q: float = Q,
    *,
    mine_first: bool = True,
) -> Finding | Need:
    """Whether one partner's hard days go with the other's, from the days both shared:
    `mine` and `theirs` map a day to (mood, grief). Tested on its own, outside either
    partner's family, at the fixed threshold q / COUPLE_FAMILY.

    Both partners must see the same answer, so the caller passes the two in one fixed
    order whoever is looking (`mine` first, `theirs` second), and `mine_first` says
    whether the reader is the first, for the words."""
    title = "Whether your hard days go together"
    shared = sorted(
        d
        for d in set(mine) & set(theirs)
        if np.isfinite(hardness(*mine[d])) and np.isfinite(hardness(*theirs[d]))
    )
    if len(shared) < COUPLE_MIN_DAYS:
        return Need(
            "couple",
            title,
            f"This needs {COUPLE_MIN_DAYS} days or more that you both shared before "
            "anything can be said; there is nothing either of you needs to do.",
        )
    first = shared[0]
    positions = np.array([(d - first).days for d in shared])
    y = np.array([hardness(*theirs[d]) for d in shared])
    x = np.array([hardness(*mine[d]) for d in shared])
    model = stats.fit_ar1(y, np.column_stack([np.ones(len(y)), x]), positions=positions)
    if model is None:
        return Finding("couple", "couple", title, 1.0, None, "")
    fit = stats.coefficient(model, 1)
    who, whose = ("you", "your partner's") if mine_first else ("your partner", "your")
    # "too" only when the other's day went the same way.
    too = " too" if fit.estimate >= 0 else ""
    words = (
        f"On days that were one step harder for {who}, {whose} day was on average "
        f"{amount(fit.estimate)} {_way(fit, 'harder', 'lighter')}{too} "
        f"({_between(fit, 'harder', 'lighter')}, {ALLOWING}). {TOGETHER}"
    )
    finding = Finding("couple", "couple", title, fit.p, fit, words)
    finding.shown = fit.p <= q / COUPLE_FAMILY
    return finding
