"""Helpers for the wellbeing tests: the shipped instruments, the PGS-shaped fixture, and
answers that add up to a chosen total."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterwards.wellbeing.instrument import SHIPPED, Instrument, instrument_load, instruments_load

FIXTURES = Path(__file__).with_name("fixtures")
SHIPPED_IDS = ("gad7", "pcl5", "phq9")


def shipped() -> dict[str, Instrument]:
    return instruments_load(SHIPPED)


def pgs_shaped() -> Instrument:
    return instrument_load(FIXTURES / "pgs_shaped.toml")


def answers_for_total(instrument: Instrument, total: int) -> dict[int, int]:
    """Answers (no reverse-scored items) whose total is `total`: the highest values first."""
    assert not any(item.reverse for item in instrument.items)
    low, high = instrument.lowest, instrument.highest
    left = total - low * len(instrument.items)
    answers = {}
    for item in instrument.items:
        extra = min(high - low, left)
        answers[item.n] = low + extra
        left -= extra
    assert left == 0, f"{total} is out of {instrument.id}'s range"
    return answers


def lowest_answers(instrument: Instrument) -> dict[int, int]:
    return {item.n: instrument.lowest for item in instrument.items}


@pytest.fixture
def host_folder(settings):  # type: ignore[no-untyped-def]
    """A host has added the PGS-shaped file through AFTERWARDS_INSTRUMENTS_DIR."""
    settings.WELLBEING_INSTRUMENTS_DIR = str(FIXTURES)
    return FIXTURES
