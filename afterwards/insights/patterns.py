"""Which patterns a person's own days support, in plain words. No Django.

Every pattern the page can show is tested together, and Benjamini-Hochberg at q = 0.05
runs across all of them at once: a person is never shown a pattern because it was one of
many tried. A pattern without enough days is not tested; the page says how much it needs,
never as something to reach. The couple's pattern is not one of them: both partners must
see the same answer, so it is held to a fixed threshold of its own (q / COUPLE_FAMILY).
A pattern tested but not found is "no clear pattern yet", never "no
effect": a few months of days can miss a real one.

The input is plain: a `Journal` of daily arrays on a calendar grid (NaN where nothing was
noted), built by `journal_build` from one mapping per day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
HARD_MIN_DAYS = 4  # days noted in the weeks around hard dates
SLEEP_MIN_DAYS = 20  # days with both sleep and mood
COUPLE_MIN_DAYS = 20  # days both partners shared
# The couple's pattern is tested on its own, at a fixed threshold the same for both
# partners: q / 19, at least as strict as Benjamini-Hochberg's first step would be had it
# joined a family of 19 (the 18 of a person's own, and it).
COUPLE_FAMILY = 19
PHASE_NAMED = Q / len(PHASE_LABELS)  # a phase is named only past this (Bonferroni over 5)
PHASE_NAMED_LEVEL = 1 - PHASE_NAMED  # with an interval of this level (99%)

MONTH = 30.4375  # days, for trends "a month"


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
    shown: bool = False  # survived Benjamini-Hochberg with every other pattern
    heavier: bool = False  # when shown, says that things have grown harder


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


def _number(value: float) -> str:
    return f"{abs(value):.1f}"


def _between(fit: Fit, up: str, down: str) -> str:
    """ "likely between 0.3 and 1.3 lower", in the words of the scale's direction."""
    low, high = fit.low, fit.high
    if low >= 0:
        return f"likely between {_number(low)} and {_number(high)} {up}"
    if high <= 0:
        return f"likely between {_number(high)} and {_number(low)} {down}"
    return f"likely between {_number(low)} {down} and {_number(high)} {up}"


def _difference(fit: Fit, up: str, down: str) -> str:
    way = up if fit.estimate >= 0 else down
    return f"on average {_number(fit.estimate)} {way} ({_between(fit, up, down)})"


NOTHING_TO_DO = "there is nothing you need to do."


def _needs(what: str) -> str:
    """How much a pattern needs, said as a fact and never as a target: "This needs 8
    days or more with closeness or sex noted before anything can be said; there is
    nothing you need to do." """
    return f"This needs {what} before anything can be said; {NOTHING_TO_DO}"


def _days(n: int, what: str) -> str:
    return f"1 day or more {what}" if n == 1 else f"{n} days or more {what}"


# --- The patterns ---------------------------------------------------------------------------


def _ones(size: int) -> Array:
    return np.ones(size)


def _lagged(values: Array, lag: int) -> Array:
    out = np.full(len(values), np.nan)
    out[lag:] = values[: len(values) - lag] if lag else values
    return out


def intimacy_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    """Mood, grief and anxiety on the day of closeness or sex, the day after and two days
    after, each against all other days whose day `lag` before was noted."""
    findings: list[Finding] = []
    lagged = {lag: _lagged(j.intimacy, lag) for lag in LAGS}
    # Enough days is judged on mood the day after, the pattern people ask about most.
    usable = np.isfinite(j.mood) & np.isfinite(lagged[1])
    close = int((usable & (lagged[1] == 1)).sum())
    other = int((usable & (lagged[1] == 0)).sum())
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
    for name in SCALE_NAMES:
        for lag, when in LAGS.items():
            key = f"intimacy:{lag}:{name}"
            title = f"{SCALE_NAMES[name].capitalize()} {_lag_title(lag)}"
            model = stats.fit_ar1(j.scale(name), np.column_stack([_ones(j.days), lagged[lag]]))
            if model is None:
                findings.append(Finding(key, "intimacy", title, 1.0, None, ""))
                continue
            fit = stats.coefficient(model, 1)
            words = (
                f"{when}, your {SCALE_NAMES[name]} was "
                f"{_difference(fit, HIGHER[name], LOWER[name])} than on other days."
            )
            findings.append(Finding(key, "intimacy", title, fit.p, fit, words))
    return findings, []


def _lag_title(lag: int) -> str:
    return {
        0: "on days of closeness or sex",
        1: "the day after closeness or sex",
        2: "two days after closeness or sex",
    }[lag]


def phase_model(j: Journal, name: str) -> stats.Model | None:
    """One mean per phase (no intercept), on the days the cycle has an estimate for."""
    X = np.full((j.days, len(PHASE_LABELS)), np.nan)
    for n, phase in enumerate(j.phase):
        if phase is not None:
            X[n] = [1.0 if phase == key else 0.0 for key in PHASE_LABELS]
    return stats.fit_ar1(j.scale(name), X)


def phase_counts(j: Journal, name: str = "mood") -> dict[str, int]:
    values = j.scale(name)
    counts = dict.fromkeys(PHASE_LABELS, 0)
    for n, phase in enumerate(j.phase):
        if phase is not None and np.isfinite(values[n]):
            counts[phase] += 1
    return counts


def phase_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    """Whether mood, grief and anxiety differ between the cycle's phases: one omnibus
    test per scale joins the family. Nothing at all when no bleeding was ever noted."""
    if not j.ever_bled:
        return [], []
    counts = phase_counts(j)
    if not j.has_phases:
        return [], [
            Need(
                "phase",
                "Mood, grief and anxiety through your cycle",
                "This needs a period start on the Body page first: until then there is no "
                "cycle to look at. If a question is waiting there, you can answer it when "
                f"you like; {NOTHING_TO_DO}",
            )
        ]
    if min(counts.values()) < PHASE_MIN_DAYS:
        return [], [
            Need(
                "phase",
                "Mood, grief and anxiety through your cycle",
                _needs(
                    f"{PHASE_MIN_DAYS} days or more noted in each part of your cycle the Body page "
                    "has an estimate for (from your period starts)"
                ),
            )
        ]
    findings = []
    names = list(PHASE_LABELS)
    for name in SCALE_NAMES:
        key = f"phase:{name}"
        title = f"{SCALE_NAMES[name].capitalize()} through your cycle"
        model = phase_model(j, name)
        if model is None:
            findings.append(Finding(key, "phase", title, 1.0, None, ""))
            continue
        # Are the phases' means all equal? The same test as an F test of the differences
        # from the first phase.
        contrast = stats.Model(
            beta=model.beta[:, 1:] - model.beta[:, :1],
            cov=_difference_cov(model.cov),
            weights=model.weights,
            phi=model.phi,
            n=model.n,
            df=model.df,
        )
        p = stats.wald_p_plausible(contrast, list(range(len(names) - 1)))
        # Which phase, if any, the sentence may name is decided once this test has passed
        # with the others (phase_name), so it costs nothing when it has not.
        words = f"Your {SCALE_NAMES[name]} differed between parts of your cycle."
        findings.append(Finding(key, "phase", title, p, None, words))
    return findings, []


def phase_name(j: Journal, finding: Finding) -> None:
    """Name a phase in a phase pattern that was shown, when its own contrast allows."""
    name = finding.key.split(":", 1)[1]
    fit, phase = phase_named(j, name)
    if fit is not None and phase is not None:
        finding.fit = fit
        finding.words = (
            f"Your {SCALE_NAMES[name]} differed between parts of your cycle: in "
            f"{PHASE_LABELS[phase]} it was "
            f"{_difference(fit, HIGHER[name], LOWER[name])} than in the other parts."
        )


def _difference_cov(cov: Array) -> Array:
    """Covariance of (beta_i - beta_0) for i >= 1."""
    k = cov.shape[1]
    D = np.hstack([-np.ones((k - 1, 1)), np.eye(k - 1)])
    out: Array = np.einsum("ik,gkl,jl->gij", D, cov, D)
    return out


def phase_contrasts(j: Journal, name: str) -> dict[str, Fit]:
    """Each phase against the other phased days (days without a phase left out), with a
    99% interval: five tests, so each is held to q / 5 (Bonferroni)."""
    values = j.scale(name)
    out = {}
    for phase in PHASE_LABELS:
        inside = np.array([np.nan if p is None else float(p == phase) for p in j.phase])
        fitted = stats.fit_ar1(values, np.column_stack([_ones(j.days), inside]))
        if fitted is not None:
            fit = stats.coefficient_plausible(fitted, 1, level=PHASE_NAMED_LEVEL)
            out[phase] = fit
    return out


def phase_named(j: Journal, name: str) -> tuple[Fit | None, str | None]:
    """The phase a sentence may name: only one whose own contrast passes q / 5 (the
    smallest p if several do). None when none does: then the page says only that the
    parts of the cycle differed, naming none and giving no number."""
    passing = {
        phase: fit for phase, fit in phase_contrasts(j, name).items() if fit.p <= PHASE_NAMED
    }
    if not passing:
        return None, None
    phase = min(passing, key=lambda key: passing[key].p)
    return passing[phase], phase


def trend_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    """Grief and mood over the days noted since the loss: the change a month, as a
    straight line, fitted with the cautious trend model (stats.fit_trend)."""
    title = "Grief and mood over the months"
    if j.loss_date is None:
        return [], [
            Need(
                "trend",
                title,
                "This is looked at once About your loss has the date of your loss; "
                + NOTHING_TO_DO,
            )
        ]
    start = max(j.position(j.loss_date), 0)
    months = (np.arange(j.days) - start) / MONTH
    months[:start] = np.nan
    noted = np.isfinite(j.mood) & np.isfinite(months)
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
    # True words for where the line begins: the loss, when the days noted go back to it;
    # otherwise the first day noted, which may be months after the loss.
    since = "Since your loss" if start > 0 else "Since you began noting how you are"
    findings = []
    # (rising, falling) as a change, and as the ends of an interval.
    words_for = {
        "grief": ("grown heavier", "eased", "heavier", "lighter"),
        "mood": ("lifted", "fallen", "higher", "lower"),
    }
    for name in ("grief", "mood"):
        key = f"trend:{name}"
        name_title = f"Your {name} over the months"
        model = stats.fit_trend(j.scale(name), np.column_stack([_ones(j.days), months]))
        if model is None:
            findings.append(Finding(key, "trend", name_title, 1.0, None, ""))
            continue
        fit = stats.coefficient_plausible(model, 1)
        rising, falling, up, down = words_for[name]
        way = rising if fit.estimate >= 0 else falling
        words = (
            f"{since}, your {name} has {way} by about {_number(fit.estimate)} "
            f"a month ({_between(fit, up, down)} each month)."
        )
        heavier = (fit.estimate > 0) == (name == "grief")
        findings.append(Finding(key, "trend", name_title, fit.p, fit, words, heavier=heavier))
    return findings, []


def afterwards_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    """How the person felt after closeness or sex, over the months (the cautious trend
    model, as for grief and mood)."""
    noted = np.nonzero(np.isfinite(j.afterwards))[0]
    title = "How you feel after closeness or sex, over the months"
    span = int(np.ptp(noted)) + 1 if len(noted) else 0
    if len(noted) < AFTERWARDS_MIN or span < TREND_MIN_SPAN:
        return [], [
            Need(
                "afterwards",
                title,
                _needs(
                    f"{AFTERWARDS_MIN} answers or more to how you felt after closeness or sex, "
                    f"spread over {TREND_MIN_SPAN} days or more"
                ),
            )
        ]
    months = np.arange(j.days) / MONTH
    model = stats.fit_trend(j.afterwards, np.column_stack([_ones(j.days), months]))
    if model is None:
        return [Finding("afterwards", "afterwards", title, 1.0, None, "")], []
    fit = stats.coefficient_plausible(model, 1)
    way = "better" if fit.estimate >= 0 else "harder"
    words = (
        f"How you felt after closeness or sex has changed over the months: about "
        f"{_number(fit.estimate)} {way} each month "
        f"({_between(fit, 'better', 'harder')} each month)."
    )
    finding = Finding("afterwards", "afterwards", title, fit.p, fit, words)
    finding.heavier = fit.estimate < 0
    return [finding], []


def hard_week(j: Journal) -> Array:
    """1 in the week around any hard date (three days either side), else 0."""
    week = np.zeros(j.days)
    for day in j.hard_dates:
        centre = j.position(day)
        low, high = max(centre - HARD_WEEK, 0), min(centre + HARD_WEEK + 1, j.days)
        if low < high:
            week[low:high] = 1.0
    return week


def hard_date_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
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
    findings = []
    # The loss is a hard date, and the days since it carry the slow change since the
    # loss too: months since the first day stand beside the week, so that change is not
    # taken for the week's.
    X = np.column_stack([_ones(j.days), week, np.arange(j.days) / MONTH])
    for name in ("mood", "grief"):
        key = f"hard_date:{name}"
        model = stats.fit_ar1(j.scale(name), X)
        name_title = f"Your {name} in the week around a hard date"
        if model is None:
            findings.append(Finding(key, "hard_date", name_title, 1.0, None, ""))
            continue
        fit = stats.coefficient_plausible(model, 1)
        words = (
            f"In the week around a hard date, your {name} was "
            f"{_difference(fit, HIGHER[name], LOWER[name])} than at other times."
        )
        findings.append(Finding(key, "hard_date", name_title, fit.p, fit, words))
    return findings, []


def sleep_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    """Sleep against the mood of the day after that night. The check-in of a day asks
    about the night before it, so that day is the one after the night."""
    title = "Your mood after a better or worse night"
    both = int((np.isfinite(j.sleep) & np.isfinite(j.mood)).sum())
    if both < SLEEP_MIN_DAYS:
        more = _days(SLEEP_MIN_DAYS, "with both sleep and mood noted")
        return [], [Need("sleep", title, _needs(more))]
    model = stats.fit_ar1(j.mood, np.column_stack([_ones(j.days), j.sleep]))
    if model is None:
        return [Finding("sleep", "sleep", title, 1.0, None, "")], []
    fit = stats.coefficient(model, 1)
    words = (
        "After a night you slept one step better, your mood that day was "
        f"{_difference(fit, 'higher', 'lower')}."
    )
    return [Finding("sleep", "sleep", title, fit.p, fit, words)], []


PATTERNS = (
    phase_patterns,
    intimacy_patterns,
    afterwards_patterns,
    trend_patterns,
    hard_date_patterns,
    sleep_patterns,
)


def patterns_find(j: Journal, q: float = Q) -> Report:
    """Every pattern there are days enough for, tested together: Benjamini-Hochberg at q
    across all of them decides which are shown."""
    findings: list[Finding] = []
    needs: list[Need] = []
    for pattern in PATTERNS:
        found, need = pattern(j)
        findings += found
        needs += need
    shown = stats.benjamini_hochberg([f.p for f in findings], q)
    for finding, passes in zip(findings, shown, strict=True):
        # A pattern is shown only with words to say it in.
        finding.shown = bool(passes) and bool(finding.words)
        if finding.shown and finding.group == "phase":
            phase_name(j, finding)
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
        f"On days that were one step harder for {who}, {whose} day was "
        f"{_difference(fit, 'harder', 'lighter')}{too}."
    )
    finding = Finding("couple", "couple", title, fit.p, fit, words)
    finding.shown = fit.p <= q / COUPLE_FAMILY
    return finding
