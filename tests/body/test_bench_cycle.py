"""bench/cycle.py on a few simulated people: it reports the range as the page shows it
once days have passed, and the page's words about the range hold in what it measures."""

from __future__ import annotations

import pytest

from afterwards.body.views import COVERAGE_WORDS
from bench.cycle import SHOWN_AFTER, next_period_figures


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    return next_period_figures(journals=150)


def test_the_bench_reports_the_range_as_shown_after_days_have_passed_beside_the_old_figures(
    figures: dict[str, float],
) -> None:
    old = {"coverage_80", "coverage_80_first_period", "median_range_days", "mae_likely_days"}
    new = {"coverage_80_shown_any_day", "coverage_80_shown_any_day_first_period"}
    for n in SHOWN_AFTER:
        new |= {f"coverage_80_shown_day_{n}", f"no_range_shown_day_{n}"}
    assert old | new <= set(figures)
    assert figures["days_waited"] > 20 * figures["predictions"]
    # Past the usual lengths the page shows no range for some of those still waiting.
    assert figures[f"no_range_shown_day_{max(SHOWN_AFTER)}"] > 0


def test_the_pages_words_about_the_range_are_no_stronger_than_the_bench_measures(
    figures: dict[str, float],
) -> None:
    assert "about 7 to 8 times in 10" in COVERAGE_WORDS
    shares = {name: value for name, value in figures.items() if name.startswith("coverage_80")}
    assert len(shares) == 4 + 2 * len(SHOWN_AFTER)
    for name, value in shares.items():
        assert 0.68 <= value <= 0.86, name
