"""Simulated journals for `make bench-patterns`: the processes a person's days may follow,
and the settings the bench runs. Plain NumPy; every journal is drawn from its own seed.

Mood is a hidden daily level, standardised to variance 1, seen through the five-step
scale (3 + 0.9 x the level, rounded). The level follows one of these processes:

- AR(1) with phi drawn from a range (0.3-0.9 as before, or a very persistent 0.95, 0.98);
- AR(2), e.g. (0.6, 0.3): a day leans on the two before it;
- a slow wander plus fast day-to-day moves: the sum of two AR(1) processes, one with
  phi 0.99-0.999 (half-lives of 2 to 24 weeks) and one with phi 0.2-0.6;
- long memory: fractionally integrated noise (ARFIMA(0, d, 0)), drawn exactly by
  circulant embedding (Davies and Harte 1987), d 0.2-0.4;
- AR(1) with heavy-tailed steps (Student's t on 3 degrees of freedom).

On top of any of them: a weekly rhythm (weekends lighter, Mondays lower), cycles of
exactly 28 days (their phases then fall on the same weekdays) or of 25-33 days, closeness
more likely on better days, and days skipped more often when mood is low. Grief and
anxiety follow mood with a part of their own drawn from the same process; sleep is its
own AR(1). How the person felt after closeness is noise of its own (in journals without
any effect nothing it could go with is planted).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from scipy import signal, special  # type: ignore[import-untyped]

from afterwards.body.cycle import cycle_read
from afterwards.insights import patterns
from afterwards.insights.patterns import Journal

FIRST = date(2026, 1, 5)  # a Monday
MOOD_MEAN, MOOD_SD = 3.0, 0.9  # of the hidden daily level, before rounding
CLOSENESS_SHARE = 1 / 7  # about one day in seven with closeness or sex
AFTER_SD = 0.9  # how the person felt after closeness, around 3.3, before rounding
# Weekly rhythm in standard deviations of mood: Monday to Sunday (weekends lighter).
WEEKLY = np.array([-0.35, -0.15, -0.05, 0.0, 0.1, 0.3, 0.25])


# --- Processes -----------------------------------------------------------------------------


def ar1(rng: np.random.Generator, phi: float, size: int, steps: str = "normal") -> np.ndarray:
    """A stationary AR(1) series of variance 1 (heavy-tailed steps with `steps="t3"`)."""
    if steps == "t3":
        noise = rng.standard_t(3, size=size) / np.sqrt(3.0)
    else:
        noise = rng.normal(size=size)
    first = noise[0]
    rest = noise[1:] * np.sqrt(1 - phi**2)
    out = np.empty(size)
    out[0] = first
    if size > 1:
        out[1:], _ = signal.lfilter([1.0], [1.0, -phi], rest, zi=[phi * first])
    return out


def ar2(rng: np.random.Generator, phi1: float, phi2: float, size: int) -> np.ndarray:
    burn = 600
    noise = rng.normal(size=size + burn)
    out = signal.lfilter([1.0], [1.0, -phi1, -phi2], noise)[burn:]
    variance = (1 - phi2) / ((1 + phi2) * ((1 - phi2) ** 2 - phi1**2))
    return np.asarray(out / np.sqrt(variance))


def long_memory(rng: np.random.Generator, d: float, size: int) -> np.ndarray:
    """ARFIMA(0, d, 0) of variance 1, exactly, by circulant embedding."""
    k = np.arange(size)
    # gamma(k) / gamma(0) = Gamma(k + d) Gamma(1 - d) / (Gamma(k - d + 1) Gamma(d))
    acf = np.exp(
        special.gammaln(k + d)
        + special.gammaln(1 - d)
        - special.gammaln(k - d + 1)
        - special.gammaln(d)
    )
    row = np.concatenate([acf, acf[-2:0:-1]])
    eig = np.fft.fft(row).real
    eig = np.clip(eig, 0.0, None)
    m = len(row)
    z = rng.normal(size=m) + 1j * rng.normal(size=m)
    out = np.fft.fft(np.sqrt(eig / m) * z)
    return np.asarray(out.real[:size])


def slow_fast(
    rng: np.random.Generator, size: int, slow_phi: float, fast_phi: float, slow_share: float
) -> np.ndarray:
    return np.asarray(
        np.sqrt(slow_share) * ar1(rng, slow_phi, size)
        + np.sqrt(1 - slow_share) * ar1(rng, fast_phi, size)
    )


@dataclass(frozen=True)
class Process:
    """How the hidden daily level moves. `draw` gives (the series, a short description
    of the drawn parameter for reports: phi, or d)."""

    kind: str = "ar1"  # ar1, ar2, slowfast, longmem
    low: float = 0.3  # phi (ar1), d (longmem): drawn evenly from low to high
    high: float = 0.9
    steps: str = "normal"  # or t3
    second: float = 0.0  # ar2's phi2

    def draw(self, rng: np.random.Generator, size: int) -> tuple[np.ndarray, float]:
        value = float(rng.uniform(self.low, self.high)) if self.high > self.low else self.low
        if self.kind == "ar1":
            return ar1(rng, value, size, self.steps), value
        if self.kind == "ar2":
            return ar2(rng, value, self.second, size), value
        if self.kind == "longmem":
            return long_memory(rng, value, size), value
        if self.kind == "slowfast":
            slow = float(rng.uniform(0.99, 0.999))
            fast = float(rng.uniform(0.2, 0.6))
            share = float(rng.uniform(0.3, 0.6))
            return slow_fast(rng, size, slow, fast, share), slow
        raise ValueError(self.kind)

    def again(self, rng: np.random.Generator, size: int, value: float) -> np.ndarray:
        """Another series of the same process with the same parameter (for grief's and
        anxiety's own parts)."""
        same = replace(self, low=value, high=value)
        if self.kind == "slowfast":
            return slow_fast(rng, size, value, float(rng.uniform(0.2, 0.6)), 0.45)
        return same.draw(rng, size)[0]


# --- Settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    name: str
    days: int = 112
    process: Process = field(default_factory=Process)
    missing: float = 0.1  # days without a check-in (0 = every day noted in full)
    skip_low: bool = False  # days skipped far more often when mood is low
    closeness_follows_mood: bool = False  # closeness more likely on better days
    weekly: bool = False  # a weekly rhythm in mood
    cycle: str = "irregular"  # or "regular28": cycles of exactly 28 days
    # Planted effects this setting is also run with (beside journals without any).
    planted: tuple[str, ...] = ("after",)


def s(name: str, **kwargs: Any) -> Setting:
    return Setting(name, **kwargs)


AR1 = Process("ar1", 0.3, 0.9)
SETTINGS = (
    # The bench as it was: the power aim is judged on the first, its gaps on the second.
    s("AR(1) phi 0.3-0.9, 16 weeks, every day noted", missing=0.0, planted=("after", "easing")),
    s("AR(1) phi 0.3-0.9, 16 weeks", planted=("after", "easing")),
    s("AR(1) phi 0.3-0.9, 3 weeks", days=21),
    s("AR(1) phi 0.3-0.9, 8 weeks", days=56),
    s("AR(1) phi 0.3-0.9, 1 year", days=365, planted=("after", "cycle", "hard")),
    s("AR(1) phi 0.3-0.9, 2 years", days=730, planted=("after", "cycle", "hard")),
    s("AR(1) phi 0.95, 16 weeks", process=Process("ar1", 0.95, 0.95)),
    s("AR(1) phi 0.95, 1 year", days=365, process=Process("ar1", 0.95, 0.95)),
    s("AR(1) phi 0.98, 16 weeks", process=Process("ar1", 0.98, 0.98)),
    s("AR(2) 0.6, 0.3, 16 weeks", process=Process("ar2", 0.6, 0.6, second=0.3)),
    s("AR(2) 0.6, 0.3, 1 year", days=365, process=Process("ar2", 0.6, 0.6, second=0.3)),
    s("slow wander + fast moves, 16 weeks", process=Process("slowfast")),
    s("slow wander + fast moves, 1 year", days=365, process=Process("slowfast")),
    s("slow wander + fast moves, 2 years", days=730, process=Process("slowfast")),
    s("long memory d 0.2, 2 years", days=730, process=Process("longmem", 0.2, 0.2)),
    s("long memory d 0.4, 2 years", days=730, process=Process("longmem", 0.4, 0.4)),
    s("long memory d 0.4, 16 weeks", process=Process("longmem", 0.4, 0.4)),
    s("heavy-tailed steps (t3), 16 weeks", process=Process("ar1", 0.3, 0.9, steps="t3")),
    s(
        "weekly rhythm, cycles of exactly 28 days, 2 years",
        days=730,
        weekly=True,
        cycle="regular28",
    ),
    s("weekly rhythm, cycles of 25-33 days, 16 weeks", weekly=True),
    s("closeness more likely on better days, 16 weeks", closeness_follows_mood=True),
    s("days skipped when mood is low, 16 weeks", skip_low=True),
)


# --- One journal -----------------------------------------------------------------------------


def five_step(values: np.ndarray) -> np.ndarray:
    return np.clip(np.round(values), 1, 5)


def cycle_bleeding(rng: np.random.Generator, size: int, regular: bool) -> np.ndarray:
    """Bleeding days: five days of bleeding every 28 days exactly, or every 25-33."""
    start = -int(rng.integers(0, 28))
    bled = np.zeros(size)
    while start < size:
        bled[max(start, 0) : max(start + 5, 0)] = 1.0
        start += 28 if regular else int(np.clip(round(rng.normal(28.5, 2.5)), 25, 33))
    return bled


def cycle_phases(bled: np.ndarray, loss_date: date) -> list[str | None]:
    """Each day's phase as the page finds it: the body module's `cycle_read` on the
    bleeding noted (a day not noted is absent, as on the page), every "is this a
    period?" answered yes, and only the phases it leans on (`certain`)."""
    bleeding = {
        FIRST + timedelta(days=n): ("medium" if value == 1 else "none")
        for n, value in enumerate(bled)
        if np.isfinite(value)
    }
    today = FIRST + timedelta(days=len(bled) - 1)
    answers: dict[date, bool] = {}
    while True:
        reading = cycle_read(
            bleeding, loss_date=loss_date, answers=answers, excluded=set(), today=today
        )
        if not reading.questions:
            break
        answers.update(dict.fromkeys(reading.questions, True))
    known = {day: p.phase for day, p in reading.phases().items() if p.certain}
    return [known.get(FIRST + timedelta(days=n)) for n in range(len(bled))]


@dataclass
class Simulated:
    journal: Journal
    value: float  # the process's drawn parameter (phi or d)
    planted: str  # "", "after", "easing", "cycle", "hard"
    # What is true of this journal: the keys of patterns that are there (a planted one,
    # and the same-day closeness pattern when closeness follows mood).
    true_keys: frozenset[str]
    truth: float = float("nan")  # the planted effect on the five-step scale


PLANTED_PHASE = "premenstrual"


def hard_days_true(grief: np.ndarray, hard_dates: list[int], size: int) -> np.ndarray:
    """The days a hard-week pattern is planted on: those the page itself would call a
    harder week, read from the whole of the simulated grief (every day known)."""
    week = np.zeros(size)
    for centre in hard_dates:
        week[max(centre - patterns.HARD_WEEK, 0) : centre + patterns.HARD_WEEK + 1] = 1.0
    return np.maximum(week, patterns.grief_heavier(grief))


def simulate(setting: Setting, seed: int, planted: str = "") -> Simulated:
    rng = np.random.default_rng(seed)
    n = setting.days
    latent, value = setting.process.draw(rng, n)
    weekday = (np.arange(n) + FIRST.weekday()) % 7
    rhythm = WEEKLY[weekday] if setting.weekly else np.zeros(n)
    if setting.closeness_follows_mood:
        logit = np.log(CLOSENESS_SHARE / (1 - CLOSENESS_SHARE)) - 0.35 + 1.0 * latent
        intimacy = (rng.random(n) < special.expit(logit)).astype(float)
    else:
        intimacy = (rng.random(n) < CLOSENESS_SHARE).astype(float)
    after = np.r_[0.0, intimacy[:-1]]
    effect = -1.0 if planted == "after" else 0.0
    mood_level = latent + rhythm + effect * after
    mood = five_step(MOOD_MEAN + MOOD_SD * mood_level)
    grief_level = 3.0 - 0.6 * (latent + rhythm) + 0.8 * setting.process.again(rng, n, value)
    if planted == "easing":
        grief_level = grief_level - np.arange(n) / 112.0  # one step over 16 weeks
    grief = five_step(grief_level)
    anxiety = five_step(2.8 - 0.5 * (latent + rhythm) + 0.9 * setting.process.again(rng, n, value))
    sleep = five_step(3.2 + 0.9 * ar1(rng, float(rng.uniform(0.1, 0.5)), n))
    feeling = 3.3 + AFTER_SD * rng.normal(size=n)
    bled = cycle_bleeding(rng, n, setting.cycle == "regular28")
    loss_date = FIRST - timedelta(days=60)
    hard = int(rng.integers(min(20, n - 1), max(n - 20, 21))) if n >= 28 else n // 2
    hard_dates = [FIRST + timedelta(days=hard)]
    # Days without a check-in: about one in ten, or more often when mood is low.
    if setting.skip_low:
        absent = rng.random(n) < np.where(latent < -0.5, 0.4, 0.05)
    else:
        absent = rng.random(n) < setting.missing
    skipped = [rng.random(n) < (0.05 if setting.missing else 0.0) for _ in range(4)]
    not_said = rng.random(n) < (0.2 if setting.missing else 0.0)
    phase_true = cycle_phases(bled, loss_date)  # every day's bleeding, for planting only
    if planted == "cycle":
        feeling = feeling - AFTER_SD * np.array([p == PLANTED_PHASE for p in phase_true])
    if planted == "hard":
        feeling = feeling - AFTER_SD * hard_days_true(grief, [hard], n)
    afterwards = np.where(intimacy == 1, five_step(feeling), np.nan)
    for values in (mood, grief, anxiety, sleep, afterwards, intimacy, bled):
        values[absent] = np.nan
    for values, skip in zip((mood, grief, anxiety, sleep), skipped, strict=True):
        values[skip] = np.nan
    afterwards[not_said] = np.nan
    phase = cycle_phases(bled, loss_date) if np.isnan(bled).any() else phase_true
    journal = Journal(
        first=FIRST,
        mood=mood,
        grief=grief,
        anxiety=anxiety,
        sleep=sleep,
        afterwards=afterwards,
        intimacy=intimacy,
        bled=bled,
        phase=phase,
        loss_date=loss_date,
        hard_dates=hard_dates,
    )
    true_keys = set()
    if setting.closeness_follows_mood:
        true_keys |= {f"intimacy:0:{name}" for name in patterns.SCALE_NAMES}
    true_keys |= PLANTED_KEYS.get(planted, set())
    return Simulated(journal, value, planted, frozenset(true_keys))


# The patterns each planted effect makes true: mood the day after (grief and anxiety
# follow the hidden level, which the effect does not move), grief's easing, how the person
# felt after closeness in one part of the cycle or in a harder week.
PLANTED_KEYS: dict[str, set[str]] = {
    "after": {"intimacy:1:mood"},
    "easing": {"trend:grief"},
    "cycle": {"afterwards:phase"},
    "hard": {"afterwards:hard"},
}
# The one each power figure is about.
TARGET = {
    "after": "intimacy:1:mood",
    "easing": "trend:grief",
    "cycle": "afterwards:phase",
    "hard": "afterwards:hard",
}
