"""The statistics, on data with known answers (fixed seeds)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats as sp

from afterwards.insights import patterns, stats
from afterwards.insights.patterns import Journal


def ar1(rng, phi: float, size: int) -> np.ndarray:
    out = np.empty(size)
    out[0] = rng.normal()
    for t in range(1, size):
        out[t] = phi * out[t - 1] + rng.normal() * np.sqrt(1 - phi**2)
    return out


def journal(seed: int, *, days: int = 112, after: float = 0.0, phi: float = 0.45) -> Journal:
    """A simulated person: mood AR(1) on the five-step scale, ~16 days of closeness or
    sex, cycles with certain phases, a loss before the first day and a hard date inside."""
    rng = np.random.default_rng(seed)
    latent = ar1(rng, phi, days)
    intimacy = np.zeros(days)
    intimacy[rng.choice(days, days // 7, replace=False)] = 1.0
    next_day = np.r_[0.0, intimacy[:-1]]
    mood = np.clip(np.round(3 + 0.9 * (latent + after * next_day)), 1, 5)
    grief = np.clip(np.round(3 - 0.6 * latent + 0.8 * ar1(rng, phi, days)), 1, 5)
    anxiety = np.clip(np.round(2.8 - 0.5 * latent + 0.9 * ar1(rng, phi, days)), 1, 5)
    sleep = np.clip(np.round(3 + 0.9 * ar1(rng, 0.3, days)), 1, 5)
    afterwards = np.where(intimacy == 1, np.clip(np.round(3 + rng.normal(size=days)), 1, 5), np.nan)
    phases = list(patterns.PHASE_LABELS)
    phase = [phases[(n // 6) % 5] for n in range(days)]
    first = date(2026, 1, 5)
    absent = rng.random(days) < 0.1
    for values in (mood, grief, anxiety, sleep, afterwards, intimacy):
        values[absent] = np.nan
    return Journal(
        first=first,
        mood=mood,
        grief=grief,
        anxiety=anxiety,
        sleep=sleep,
        afterwards=afterwards,
        intimacy=intimacy,
        bled=np.zeros(days),
        phase=phase,
        loss_date=first - timedelta(days=60),
        hard_dates=[first + timedelta(days=50)],
    )


# --- Benjamini-Hochberg -------------------------------------------------------------------


def test_benjamini_hochberg_on_known_vectors():
    # Thresholds for m = 5 at q = 0.05: 0.01, 0.02, 0.03, 0.04, 0.05.
    assert stats.benjamini_hochberg([0.009, 0.5, 0.019, 0.029, 0.2]).tolist() == [
        True,
        False,
        True,
        True,
        False,
    ]
    # 0.03 misses rank 2's threshold (0.02), and 0.04 rank 3's (0.03): only 0.009 stands.
    assert stats.benjamini_hochberg([0.009, 0.5, 0.03, 0.04, 0.2]).tolist() == [
        True,
        False,
        False,
        False,
        False,
    ]
    # Step-up: 0.045 misses rank 4's threshold (0.04), but 0.05 meets rank 5's, so every
    # smaller p is a discovery too.
    assert stats.benjamini_hochberg([0.045, 0.05, 0.045, 0.045, 0.045]).all()
    assert not stats.benjamini_hochberg([0.011, 0.5, 0.6, 0.7, 0.8]).any()
    assert stats.benjamini_hochberg([]).tolist() == []


# --- One regression with AR(1) errors ----------------------------------------------------------


def test_a_known_effect_is_found_with_its_sign_and_an_interval_around_it():
    rng = np.random.default_rng(4)
    days, runs, covered, found = 200, 150, 0, 0
    for _ in range(runs):
        x = (rng.random(days) < 0.15).astype(float)
        y = 3 + ar1(rng, 0.5, days) - 0.8 * x
        y[rng.random(days) < 0.1] = np.nan
        fit = stats.coefficient(stats.fit_ar1(y, np.column_stack([np.ones(days), x])), 1)
        assert fit.estimate < 0
        found += fit.high < 0 and fit.p < 0.01
        covered += fit.low < -0.8 < fit.high
    assert found >= 0.8 * runs
    # 95% intervals: about 142 of 150; far fewer would mean intervals that are too sure.
    assert 133 <= covered <= 149


def test_the_autocorrelation_is_read_across_gaps_without_inventing_the_missing_days():
    rng = np.random.default_rng(5)
    days = 600
    y = ar1(rng, 0.6, days)
    y[rng.random(days) < 0.25] = np.nan
    model = stats.fit_ar1(y, np.ones((days, 1)))
    assert model.phi == pytest.approx(0.6, abs=0.1)
    # The same days given without the gaps, each with its day number, fit the same model.
    kept = np.isfinite(y)
    compact = stats.fit_ar1(y[kept], np.ones((kept.sum(), 1)), positions=np.nonzero(kept)[0])
    assert compact.phi == pytest.approx(model.phi)
    assert stats.coefficient(compact, 0).estimate == pytest.approx(
        stats.coefficient(model, 0).estimate
    )


def test_a_day_on_its_own_between_gaps_still_counts():
    # Every other day missing: no two consecutive days, yet the model fits and the
    # autocorrelation over two days (phi squared) is still used.
    rng = np.random.default_rng(6)
    y = ar1(rng, 0.7, 800)
    y[1::2] = np.nan
    model = stats.fit_ar1(y, np.ones((800, 1)))
    assert model.n == 400
    assert model.phi == pytest.approx(0.7, abs=0.12)


def test_a_scale_answered_the_same_every_day_has_nothing_to_compare():
    y = np.full(60, 3.0)
    x = np.r_[np.ones(10), np.zeros(50)]
    assert stats.fit_ar1(y, np.column_stack([np.ones(60), x])) is None


def test_slow_wandering_is_not_taken_for_a_trend_much_more_often_than_allowed():
    # Trends are where ignoring autocorrelation misleads most: plain regression finds a
    # "trend" in a large share of these series; ours stays near its 5%.
    rng = np.random.default_rng(7)
    ours = naive = 0
    runs = 300
    t = np.arange(112.0)
    for _ in range(runs):
        y = 3 + ar1(rng, 0.6, 112)
        model = stats.fit_ar1(y, np.column_stack([np.ones(112), t / 30]))
        ours += stats.coefficient(model, 1).p < 0.05
        naive += sp.linregress(t, y).pvalue < 0.05
    assert ours / runs < 0.09
    assert naive / runs > 0.2


# --- Every pattern of a person, together ---------------------------------------------------


def test_journals_without_any_pattern_are_rarely_shown_one():
    runs = 120
    shown = naive = 0
    for seed in range(runs):
        j = journal(seed)
        report = patterns.patterns_find(j)
        assert report.tested == 18
        shown += bool(report.shown)
        # The uncorrected way: any of the same p-values under 0.05.
        naive += min(f.p for f in report.findings) < 0.05
    assert shown / runs < 0.1
    assert naive / runs > 0.3


def test_a_strong_pattern_after_closeness_is_shown_in_plain_words():
    report = patterns.patterns_find(journal(3, after=-2.0))
    found = report.finding("intimacy:1:mood")
    assert found is not None and found.shown
    assert found.fit.estimate < 0 and found.fit.high < 0
    assert found.words.startswith("On the day after closeness or sex, your mood was on average")
    assert "lower (likely between" in found.words
    assert "than on other days." in found.words


def test_patterns_without_enough_days_say_how_many_more_are_needed():
    j = journal(1, days=30)
    j.intimacy[:] = 0
    j.intimacy[[5, 12, 19]] = 1
    j.afterwards[:] = np.nan
    j.phase = [None] * 30
    j.loss_date = None
    j.hard_dates = []
    report = patterns.patterns_find(j)
    needs = {need.group: need.words for need in report.needs}
    assert needs["intimacy"].startswith("5 more days with closeness or sex noted")
    assert needs["intimacy"].endswith("would let this be looked at.")
    assert "30 more days noted in parts of your cycle" in needs["phase"]
    assert needs["afterwards"].startswith("8 more days with how you felt")
    assert needs["trend"].startswith("The date of your loss")
    assert needs["hard_date"].startswith("A hard date")
    # Sleep and mood were noted on enough days: that one was looked at.
    assert "sleep" not in needs
    assert [f.key for f in report.findings] == ["sleep"]


def test_a_trend_since_the_loss_is_said_in_the_words_of_its_direction():
    rng = np.random.default_rng(8)
    j = journal(8, days=150)
    j.grief = np.clip(np.round(4.5 - np.arange(150) / 40 + 0.4 * rng.normal(size=150)), 1, 5)
    finding = patterns.patterns_find(j).finding("trend:grief")
    assert finding is not None and finding.shown
    assert finding.words.startswith("Since your loss, your grief has eased by about")


def test_the_hard_date_pattern_takes_every_hard_date():
    j = journal(2, days=150)
    j.hard_dates = [j.first + timedelta(days=20), j.first + timedelta(days=100)]
    week = patterns.hard_week(j)
    assert week.sum() == 14
    assert week[17:24].all() and week[97:104].all()


# --- A couple -----------------------------------------------------------------------------


def _partners(seed: int, together: float, days: int = 90):
    rng = np.random.default_rng(seed)
    shared = ar1(rng, 0.4, days)
    a, b = {}, {}
    for n in range(days):
        day = date(2026, 1, 1) + timedelta(days=n)
        mine = together * shared[n] + ar1(rng, 0.1, 1)[0]
        theirs = together * shared[n] + rng.normal()
        a[day] = (int(np.clip(round(3 - mine), 1, 5)), int(np.clip(round(3 + mine), 1, 5)))
        b[day] = (int(np.clip(round(3 - theirs), 1, 5)), int(np.clip(round(3 + theirs), 1, 5)))
    return a, b


def test_partners_whose_hard_days_go_together_are_told_so():
    mine, theirs = _partners(1, together=1.5)
    found = patterns.couple_hard_days(mine, theirs)
    assert isinstance(found, patterns.Finding) and found.shown
    assert found.words.startswith("On days that were one step harder for you, your partner")


def test_partners_with_unrelated_days_are_not_shown_a_link():
    flagged = 0
    for seed in range(40):
        mine, theirs = _partners(100 + seed, together=0.0)
        found = patterns.couple_hard_days(mine, theirs)
        assert isinstance(found, patterns.Finding)
        flagged += found.shown
    assert flagged <= 5


def test_too_few_shared_days_for_a_couple_says_how_many_more():
    mine, theirs = _partners(2, together=1.0, days=12)
    need = patterns.couple_hard_days(mine, theirs)
    assert isinstance(need, patterns.Need)
    assert need.words == "8 more days that you both shared would let this be looked at."
