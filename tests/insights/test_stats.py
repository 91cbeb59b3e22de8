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
        bled=np.array([1.0 if p == "menstrual" else 0.0 for p in phase]),
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


def test_holm_holds_each_next_p_to_nearly_the_first_ones_bar():
    # m = 4, q = 0.05: 0.0125, then 0.0167, 0.025, 0.05, stopping at the first that fails.
    assert stats.holm([0.001, 0.02, 0.5]).tolist() == [True, True, False]
    assert stats.holm([0.01, 0.02, 0.03, 0.04]).tolist() == [True, False, False, False]
    # Benjamini-Hochberg would show all four: beside one real pattern, it eases the bar
    # for the next to 2q / m.
    assert stats.benjamini_hochberg([0.01, 0.02, 0.03, 0.04]).all()
    assert stats.holm([]).tolist() == []


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
        # Every pattern of before is tested (how closeness felt in a harder week too,
        # when there are answers enough in harder weeks and at other times; there are too
        # few in each part of the cycle to compare them).
        assert report.tested in (18, 19)
        assert not [need.title for need in report.needs if need.group != "afterwards"]
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
    assert "lower than on other days (likely between" in found.words


def test_patterns_without_enough_days_say_how_many_more_are_needed():
    j = journal(1, days=30)
    j.intimacy[:] = 0
    j.intimacy[[5, 12, 19]] = 1
    j.afterwards[:] = np.nan
    j.phase = [None] * 30
    j.loss_date = None
    j.hard_dates = []
    j.bled[:] = 0
    j.bled[[3, 4]] = 1
    report = patterns.patterns_find(j)
    needs = {need.group: need.words for need in report.needs}
    assert needs["intimacy"] == (
        "This needs 8 days or more with closeness or sex noted before anything can be "
        "said; there is nothing you need to do."
    )
    # No phase at all yet (no period start to count from): the Body page comes first.
    assert needs["phase"].startswith("This needs a period start on the Body page first")
    j.phase = [None] * 20 + ["menstrual"] * 5 + ["follicular"] * 5
    later = patterns.patterns_find(j).needs
    needs = {need.group: need.words for need in later}
    assert needs["phase"].startswith("This needs 6 days or more noted in each part of your")
    afterwards = {need.title: need.words for need in later if need.group == "afterwards"}
    assert afterwards[patterns.AFTERWARDS_TITLE].startswith(
        "This needs 8 answers or more to how you felt"
    )
    assert afterwards[patterns.AFTER_CYCLE_TITLE] == (
        "This needs 4 answers or more to how you felt after closeness or sex in each part of "
        "your cycle the Body page has an estimate for before anything can be said (so far: "
        "none in the part with the fewest); there is nothing you need to do."
    )
    assert afterwards[patterns.AFTER_HARD_TITLE] == (
        "This needs 4 answers or more to how you felt after closeness or sex in harder weeks "
        "(around a hard date, or with grief heavier than your usual), and as many at other "
        "times before anything can be said (so far: none in harder weeks, none at other "
        "times); there is nothing you need to do."
    )
    # A few answers so far: the count is said in brackets, as it stands, never as a gap.
    j.afterwards[[6, 13, 26]] = [1.0, 2.0, 1.0]
    j.phase = [None] * 20 + ["menstrual"] * 5 + ["follicular"] * 5
    so_far = {
        need.title: need.words
        for need in patterns.patterns_find(j).needs
        if need.group == "afterwards"
    }
    assert "(so far: none in the part with the fewest)" in so_far[patterns.AFTER_CYCLE_TITLE]
    # Every part of a cycle now, and at least one answer in each.
    j.phase = [None] * 10 + ["menstrual", "follicular", "ovulation", "luteal", "premenstrual"] * 4
    j.afterwards[[10, 11, 12, 18, 19]] = [2.0, 2.0, 1.0, 2.0, 2.0]
    so_far = {
        need.title: need.words
        for need in patterns.patterns_find(j).needs
        if need.group == "afterwards"
    }
    assert "(so far: 1 in the part with the fewest)" in so_far[patterns.AFTER_CYCLE_TITLE]
    hard = so_far[patterns.AFTER_HARD_TITLE]
    inside = int((np.isfinite(j.afterwards) & (patterns.hard_few_days(j) == 1)).sum())
    assert inside == 2 and np.isfinite(j.afterwards).sum() == 8
    assert "(so far: 2 in harder weeks, 6 at other times);" in hard
    assert needs["trend"].startswith("This is looked at once About your loss has the date")
    assert needs["hard_date"].startswith("This is looked at once there is a hard date")
    # Said as what a pattern needs, never as a number of days still to reach.
    for words in [need.words for need in later]:
        assert words.endswith("there is nothing you need to do.")
        assert "more day" not in words and "would let" not in words
    # Sleep and mood were noted on enough days: that one was looked at.
    assert "sleep" not in needs
    assert [f.key for f in report.findings] == ["sleep"]


def test_a_trend_is_said_from_the_first_day_noted_when_the_loss_came_before_it():
    rng = np.random.default_rng(8)
    j = journal(8, days=112)
    j.grief = np.clip(np.round(4.8 - np.arange(112) / 28 + 0.3 * rng.normal(size=112)), 1, 5)
    finding = patterns.patterns_find(j).finding("trend:grief")
    assert finding is not None and finding.shown and not finding.heavier
    # The loss was 60 days before the first day noted: the line begins with the noting.
    assert finding.words.startswith("Since you began noting how you are, your grief has eased")


def test_a_trend_is_said_from_the_loss_when_the_days_noted_go_back_to_it():
    rng = np.random.default_rng(8)
    j = journal(8, days=100)
    j.loss_date = j.first + timedelta(days=10)
    j.grief = np.clip(np.round(1.2 + np.arange(100) / 25 + 0.3 * rng.normal(size=100)), 1, 5)
    finding = patterns.patterns_find(j).finding("trend:grief")
    assert finding is not None and finding.shown and finding.heavier
    assert finding.words.startswith("Since your loss, your grief has grown heavier by about")


def rounded_wander(rng, phi: float, days: int = 112) -> np.ndarray:
    y = np.clip(np.round(3 + 0.9 * ar1(rng, phi, days)), 1, 5)
    y[rng.random(days) < 0.1] = np.nan
    return y


def test_a_slow_wander_of_five_step_answers_is_not_taken_for_a_trend():
    # At phi 0.9, rounded to five steps, an AR(1) model alone called 3-4% of these
    # "p < 0.01"; the trend model must keep to about 1% or fewer.
    rng = np.random.default_rng(21)
    months = np.arange(112) / 30.4375
    X = np.column_stack([np.ones(112), months])
    runs, small = 400, 0
    for _ in range(runs):
        model = stats.fit_trend(rounded_wander(rng, 0.9), X)
        small += stats.coefficient_plausible(model, 1).p < 0.01
    assert small / runs <= 0.0125


def test_a_real_trend_is_found_by_the_trend_model_with_an_interval_around_it():
    rng = np.random.default_rng(22)
    months = np.arange(150) / 30.4375
    X = np.column_stack([np.ones(150), months])
    found = covered = 0
    for _ in range(40):
        y = 2 + 0.6 * months + ar1(rng, 0.5, 150) * 0.8
        y[rng.random(150) < 0.1] = np.nan
        fit = stats.coefficient_plausible(stats.fit_trend(y, X), 1)
        found += fit.p < 0.003
        covered += fit.low <= 0.6 <= fit.high
    assert found >= 30
    assert covered >= 37


def test_the_week_around_the_loss_is_not_confused_with_the_change_since_it():
    # Mood lifts steadily from a loss near the first day: the week around the loss is
    # low only because it is early. Without the months beside it, the week's estimate
    # took that change for its own (about -0.36 on these journals).
    estimates = []
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        j = journal(seed, days=150)
        j.loss_date = j.first + timedelta(days=4)
        j.hard_dates = [j.loss_date]
        j.mood = np.clip(np.round(1.2 + np.arange(150) / 40 + 0.6 * rng.normal(size=150)), 1, 5)
        finding = patterns.hard_date_patterns(j)[0][0]
        estimates.append(finding.fit.estimate)
    assert abs(np.mean(estimates)) < 0.2


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
    # What its numbers are, and what they are not.
    assert ", allowing for how one day runs into the next). " in found.words
    assert found.words.endswith("This shows what went together, not what caused what.")


def test_partners_with_unrelated_days_are_not_shown_a_link():
    flagged = 0
    for seed in range(40):
        mine, theirs = _partners(100 + seed, together=0.0)
        found = patterns.couple_hard_days(mine, theirs)
        assert isinstance(found, patterns.Finding)
        flagged += found.shown
    assert flagged <= 5


def test_too_few_shared_days_for_a_couple_says_how_many_it_needs_without_pressing():
    mine, theirs = _partners(2, together=1.0, days=12)
    need = patterns.couple_hard_days(mine, theirs)
    assert isinstance(need, patterns.Need)
    assert need.words == (
        "This needs 20 days or more that you both shared before anything can be said; "
        "there is nothing either of you needs to do."
    )


def test_the_couple_pattern_is_held_to_its_own_stricter_threshold():
    # Outside either partner's family, so never passed at q alone: at q / 21.
    between = 0
    for seed in range(60):
        mine, theirs = _partners(300 + seed, together=0.3)
        found = patterns.couple_hard_days(mine, theirs)
        assert isinstance(found, patterns.Finding)
        assert found.shown == (found.p <= patterns.Q / 21)
        between += patterns.Q / 21 < found.p <= patterns.Q
    assert between >= 3  # some would have passed at q alone, and were not shown


def test_days_that_go_opposite_ways_are_not_said_to_go_together_too():
    rng = np.random.default_rng(9)
    shared = ar1(rng, 0.4, 90)
    mine, theirs = {}, {}
    for n in range(90):
        day = date(2026, 1, 1) + timedelta(days=n)
        a, b = 1.5 * shared[n] + rng.normal() * 0.5, -1.5 * shared[n] + rng.normal() * 0.5
        mine[day] = (int(np.clip(round(3 - a), 1, 5)), int(np.clip(round(3 + a), 1, 5)))
        theirs[day] = (int(np.clip(round(3 - b), 1, 5)), int(np.clip(round(3 + b), 1, 5)))
    found = patterns.couple_hard_days(mine, theirs)
    assert isinstance(found, patterns.Finding) and found.shown
    assert "lighter (likely between" in found.words
    assert " too " not in found.words
    together = patterns.couple_hard_days(*_partners(1, together=1.5))
    assert isinstance(together, patterns.Finding) and " harder too (likely" in together.words


# --- The cycle's phases -----------------------------------------------------------------


def cycle_journal(seed: int, *, menstrual: float = 0.0, days: int = 168) -> Journal:
    """A journal whose mood is lower by `menstrual` standard deviations in the period
    only: no other phase has any effect of its own."""
    j = journal(seed, days=days)
    rng = np.random.default_rng(seed + 5000)
    lengths = [5, 8, 5, 5, 5]
    order = [p for p, n in zip(patterns.PHASE_LABELS, lengths, strict=True) for _ in range(n)]
    j.phase = [order[n % 28] for n in range(days)]
    j.bled = np.array([1.0 if p == "menstrual" else 0.0 for p in j.phase])
    period = np.array([p == "menstrual" for p in j.phase])
    latent = ar1(rng, 0.45, days) - menstrual * period
    j.mood = np.clip(np.round(3 + 0.9 * latent), 1, 5)
    return j


def test_a_phase_is_named_only_when_its_own_contrast_stands_out():
    named_wrongly = named = shown = 0
    for seed in range(60):
        j = cycle_journal(seed, menstrual=1.2)
        finding = next(f for f in patterns.phase_patterns(j)[0] if f.key == "phase:mood")
        if finding.p > 0.01:
            continue
        shown += 1
        patterns.phase_name(j, finding)
        for phase, label in patterns.PHASE_LABELS.items():
            if f"in {label} it was" in finding.words:
                named += 1
                named_wrongly += phase != "menstrual"
                assert "(likely between" in finding.words
                assert finding.fit is not None and finding.fit.p <= patterns.Q / 5
    assert shown >= 30 and named >= 20
    # Before, the phase furthest from the mean was named: often one with no effect.
    assert named_wrongly <= 0.05 * named


def test_a_phase_with_no_effect_is_rarely_named_even_when_the_phases_seem_to_differ():
    # Journals with no phase effect at all, among them those whose omnibus test passes
    # (by chance): before, the phase furthest from the mean was named every time.
    gated = named = 0
    for seed in range(300):
        j = cycle_journal(1000 + seed)
        finding = next(f for f in patterns.phase_patterns(j)[0] if f.key == "phase:mood")
        if finding.p > 0.05:
            continue
        gated += 1
        patterns.phase_name(j, finding)
        named += finding.fit is not None
    # Given that the parts seemed to differ, one of them often stands out a little
    # (the day of the week now held beside them): named in at most a few percent of all
    # journals without any effect, and not in most of those whose parts seemed to differ.
    assert gated >= 8
    assert named <= 0.6 * gated and named <= 0.03 * 300


def test_without_a_clear_phase_only_the_difference_is_said_with_no_phase_and_no_number():
    j = cycle_journal(3)
    finding = next(f for f in patterns.phase_patterns(j)[0] if f.key == "phase:mood")
    patterns.phase_name(j, finding)
    assert finding.words == (
        "Your mood differed between parts of your cycle (allowing for how one day runs into "
        "the next and for the day of the week)."
    )
    assert finding.fit is None


def test_with_no_bleeding_ever_noted_the_cycle_is_left_out_of_what_is_tested():
    j = journal(4)
    j.bled[:] = np.where(np.isfinite(j.bled), 0.0, np.nan)
    report = patterns.patterns_find(j)
    assert not any(f.group == "phase" for f in report.findings)
    assert not any(need.group == "phase" for need in report.needs)
    assert not report.finding("afterwards:phase")
    assert patterns.AFTER_CYCLE_TITLE not in [need.title for need in report.needs]
    assert report.tested == 16
