"""Which patterns a person's own days support, in plain words. No Django.

Every pattern the page can show is tested together, and Benjamini-Hochberg at q = 0.05
runs across all of them at once: a person is never shown a pattern because it was one of
many tried. A pattern without enough days is not tested; the page says what more would
let it be looked at. A pattern tested but not found is "no clear pattern yet", never "no
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

# The cycle's phases, in order. The body module decides each day's phase; only days it
# is sure of count here.
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
PHASE_MIN_DAYS = 6  # days of each phase the body page is sure of
TREND_MIN_DAYS = 28  # days noted since the loss
TREND_MIN_SPAN = 42  # days from the first to the last of them
AFTERWARDS_MIN = 8  # answers to "how do you feel afterwards"
HARD_MIN_DAYS = 4  # days noted in the weeks around hard dates
SLEEP_MIN_DAYS = 20  # days with both sleep and mood
COUPLE_MIN_DAYS = 20  # days both partners shared

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
    phase: list[str | None]  # a key of PHASE_LABELS on days the cycle is sure of
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


def _would_let(more: str) -> str:
    """ "4 more days with closeness or sex noted would let this be looked at." """
    return f"{more[0].upper()}{more[1:]} would let this be looked at."


def _days(n: int, what: str) -> str:
    return f"1 more day {what}" if n == 1 else f"{n} more days {what}"


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
            more.append(_days(INTIMACY_MIN_DAYS - close, "with closeness or sex noted"))
        if other < OTHER_MIN_DAYS:
            more.append(_days(OTHER_MIN_DAYS - other, "without closeness or sex noted"))
        return [], [
            Need(
                "intimacy",
                "How you feel on and after days of closeness or sex",
                _would_let(" and ".join(more)),
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
    """One mean per phase (no intercept), on the days the cycle is sure of."""
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
    counts = phase_counts(j)
    short = {phase: PHASE_MIN_DAYS - n for phase, n in counts.items() if n < PHASE_MIN_DAYS}
    if short:
        missing = sum(short.values())
        where = ", ".join(PHASE_LABELS[p] for p in short)
        return [], [
            Need(
                "phase",
                "Mood, grief and anxiety through your cycle",
                _would_let(
                    f"{_days(missing, 'noted')} in parts of your cycle the Body page is "
                    f"sure of ({where})"
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
        p = stats.wald_p(contrast, list(range(len(names) - 1)))
        fit, phase = _phase_contrast(j, name, model)
        words = ""
        if fit is not None:
            words = (
                f"Your {SCALE_NAMES[name]} changed through your cycle: in "
                f"{PHASE_LABELS[phase]} it was "
                f"{_difference(fit, HIGHER[name], LOWER[name])} than in the rest of it."
            )
        findings.append(Finding(key, "phase", title, p, fit, words))
    return findings, []


def _difference_cov(cov: Array) -> Array:
    """Covariance of (beta_i - beta_0) for i >= 1."""
    k = cov.shape[1]
    D = np.hstack([-np.ones((k - 1, 1)), np.eye(k - 1)])
    out: Array = np.einsum("ik,gkl,jl->gij", D, cov, D)
    return out


def _phase_contrast(j: Journal, name: str, model: stats.Model) -> tuple[Fit | None, str]:
    """The phase whose mean stands furthest from the others', against the rest."""
    means = model.weights @ model.beta
    phases = list(PHASE_LABELS)
    overall = float(np.nanmean(j.scale(name)))
    phase = phases[int(np.argmax(np.abs(means - overall)))]
    inside = np.array([np.nan if p is None else float(p == phase) for p in j.phase])
    fitted = stats.fit_ar1(j.scale(name), np.column_stack([_ones(j.days), inside]))
    return (stats.coefficient(fitted, 1) if fitted else None), phase


def trend_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    """Grief and mood since the loss: the change a month, as a straight line."""
    if j.loss_date is None:
        return [], [
            Need(
                "trend",
                "Grief and mood since your loss",
                "The date of your loss, in About your loss, would let this be looked at.",
            )
        ]
    start = max(j.position(j.loss_date), 0)
    months = (np.arange(j.days) - start) / MONTH
    months[:start] = np.nan
    noted = np.isfinite(j.mood) & np.isfinite(months)
    count = int(noted.sum())
    span = int(np.ptp(np.nonzero(noted)[0])) + 1 if count else 0
    if count < TREND_MIN_DAYS or span < TREND_MIN_SPAN:
        more = max(TREND_MIN_DAYS - count, 0)
        longer = max(TREND_MIN_SPAN - span, 0)
        words = (
            _days(more, "noted since your loss") if more else f"days noted over {longer} more days"
        )
        if more and longer:
            words += f", spread over {longer} more days"
        return [], [Need("trend", "Grief and mood since your loss", _would_let(words))]
    findings = []
    # (rising, falling) as a change, and as the ends of an interval.
    words_for = {
        "grief": ("grown heavier", "eased", "heavier", "lighter"),
        "mood": ("lifted", "fallen", "higher", "lower"),
    }
    for name in ("grief", "mood"):
        key = f"trend:{name}"
        title = f"Your {name} since your loss"
        model = stats.fit_ar1(j.scale(name), np.column_stack([_ones(j.days), months]))
        if model is None:
            findings.append(Finding(key, "trend", title, 1.0, None, ""))
            continue
        fit = stats.coefficient(model, 1)
        rising, falling, up, down = words_for[name]
        way = rising if fit.estimate >= 0 else falling
        words = (
            f"Since your loss, your {name} has {way} by about {_number(fit.estimate)} "
            f"a month ({_between(fit, up, down)} each month)."
        )
        findings.append(Finding(key, "trend", title, fit.p, fit, words))
    return findings, []


def afterwards_patterns(j: Journal) -> tuple[list[Finding], list[Need]]:
    """How the person felt after closeness or sex, over the months."""
    noted = np.nonzero(np.isfinite(j.afterwards))[0]
    title = "How you feel after closeness or sex, over the months"
    span = int(np.ptp(noted)) + 1 if len(noted) else 0
    if len(noted) < AFTERWARDS_MIN or span < TREND_MIN_SPAN:
        more = AFTERWARDS_MIN - len(noted)
        words = (
            _days(more, "with how you felt after closeness or sex noted")
            if more > 0
            else f"answers spread over {TREND_MIN_SPAN - span} more days"
        )
        return [], [Need("afterwards", title, _would_let(words))]
    months = np.arange(j.days) / MONTH
    model = stats.fit_ar1(j.afterwards, np.column_stack([_ones(j.days), months]))
    if model is None:
        return [Finding("afterwards", "afterwards", title, 1.0, None, "")], []
    fit = stats.coefficient(model, 1)
    way = "better" if fit.estimate >= 0 else "harder"
    words = (
        f"How you felt after closeness or sex has changed over the months: about "
        f"{_number(fit.estimate)} {way} each month "
        f"({_between(fit, 'better', 'harder')} each month)."
    )
    return [Finding("afterwards", "afterwards", title, fit.p, fit, words)], []


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
                "A hard date, such as the date of your loss or "
                "the due date in About your loss, would let this be looked at.",
            )
        ]
    week = hard_week(j)
    inside = int((np.isfinite(j.mood) & (week == 1)).sum())
    outside = int((np.isfinite(j.mood) & (week == 0)).sum())
    if inside < HARD_MIN_DAYS or outside < OTHER_MIN_DAYS:
        more = []
        if inside < HARD_MIN_DAYS:
            more.append(_days(HARD_MIN_DAYS - inside, "noted in the week around a hard date"))
        if outside < OTHER_MIN_DAYS:
            more.append(_days(OTHER_MIN_DAYS - outside, "noted at other times"))
        return [], [Need("hard_date", title, _would_let(" and ".join(more)))]
    findings = []
    X = np.column_stack([_ones(j.days), week])
    for name in ("mood", "grief"):
        key = f"hard_date:{name}"
        model = stats.fit_ar1(j.scale(name), X)
        name_title = f"Your {name} in the week around a hard date"
        if model is None:
            findings.append(Finding(key, "hard_date", name_title, 1.0, None, ""))
            continue
        fit = stats.coefficient(model, 1)
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
        more = _days(SLEEP_MIN_DAYS - both, "with both sleep and mood noted")
        return [], [Need("sleep", title, _would_let(more))]
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
        finding.shown = bool(passes) and finding.fit is not None
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
    `mine` and `theirs` map a day to (mood, grief). Tested as its own family of one.

    Both partners must see the same answer, so the caller passes the two in one fixed
    order, whoever is looking: `first` and `second`, and `mine_first` says which one is
    the reader, for the words."""
    title = "Whether your hard days go together"
    shared = sorted(
        d
        for d in set(mine) & set(theirs)
        if np.isfinite(hardness(*mine[d])) and np.isfinite(hardness(*theirs[d]))
    )
    if len(shared) < COUPLE_MIN_DAYS:
        more = COUPLE_MIN_DAYS - len(shared)
        return Need("couple", title, _would_let(_days(more, "that you both shared")))
    first = shared[0]
    positions = np.array([(d - first).days for d in shared])
    y = np.array([hardness(*theirs[d]) for d in shared])
    x = np.array([hardness(*mine[d]) for d in shared])
    model = stats.fit_ar1(y, np.column_stack([np.ones(len(y)), x]), positions=positions)
    if model is None:
        return Finding("couple", "couple", title, 1.0, None, "")
    fit = stats.coefficient(model, 1)
    who, whose = ("you", "your partner's") if mine_first else ("your partner", "your")
    words = (
        f"On days that were one step harder for {who}, {whose} day was "
        f"{_difference(fit, 'harder', 'lighter')} too."
    )
    finding = Finding("couple", "couple", title, fit.p, fit, words)
    finding.shown = bool(stats.benjamini_hochberg([fit.p], q)[0])
    return finding
