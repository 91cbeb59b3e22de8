"""Severe pain is flagged from its threshold exactly, and not one point below (H-06)."""

from __future__ import annotations

from datetime import date

from afterwards.journal.checkin import CheckIn
from afterwards.journal.red_flags import SEVERE_PAIN, red_flags

DAY = date(2026, 3, 1)


def test_pain_at_the_severe_threshold_is_flagged_and_one_below_is_not():
    at = red_flags(CheckIn(day=DAY, pain=SEVERE_PAIN))
    below = red_flags(CheckIn(day=DAY, pain=SEVERE_PAIN - 1))

    assert [flag.key for flag in at] == ["severe_pain"]
    assert below == []


def test_every_pain_from_the_threshold_to_ten_is_flagged():
    for pain in range(SEVERE_PAIN, 11):
        assert [flag.key for flag in red_flags(CheckIn(day=DAY, pain=pain))] == ["severe_pain"]
