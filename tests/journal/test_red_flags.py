"""Each red flag from the facts (clinical-facts.md, ✅ only), and its absence."""

from __future__ import annotations

from datetime import date

import pytest

from afterwards.journal.checkin import BLEEDING, SYMPTOMS, CheckIn
from afterwards.journal.red_flags import red_flags

DAY = date(2026, 3, 28)


def _keys(checkin: CheckIn, loss_kind: str = "") -> list[str]:
    return [flag.key for flag in red_flags(checkin, loss_kind=loss_kind)]


def test_an_empty_day_has_no_red_flags():
    assert red_flags(CheckIn(day=DAY)) == []


def test_a_day_with_everything_calm_has_no_red_flags():
    calm = CheckIn(
        day=DAY,
        mood=1,
        grief=5,
        anxiety=5,
        bleeding="medium",
        pain=7,
        symptoms=["cramps", "tiredness"],
        custom_symptoms=["fever-ish feeling", "dizzy spells"],  # the person's own words
        intimacy="sex",
    )
    assert red_flags(calm) == []


@pytest.mark.parametrize("bleeding", [key for key in BLEEDING if key != "heavy"])
def test_bleeding_short_of_heavy_is_not_a_red_flag(bleeding):
    assert _keys(CheckIn(day=DAY, bleeding=bleeding)) == []


def test_heavy_bleeding_names_the_pad_an_hour_and_clots_threshold():
    (flag,) = red_flags(CheckIn(day=DAY, bleeding="heavy"))

    assert flag.key == "heavy_bleeding"
    assert "soaking through a pad in an hour or less" in flag.why
    assert "large clots" in flag.why
    assert not flag.emergency


@pytest.mark.parametrize(("pain", "flagged"), [(0, False), (7, False), (8, True), (10, True)])
def test_pain_of_eight_or_more_is_a_red_flag(pain, flagged):
    assert _keys(CheckIn(day=DAY, pain=pain)) == (["severe_pain"] if flagged else [])


def test_severe_pain_says_one_sided_and_getting_worse():
    (flag,) = red_flags(CheckIn(day=DAY, pain=9))

    assert flag.title == "Pain of 9 out of 10"
    assert "one side" in flag.why and "getting worse" in flag.why


@pytest.mark.parametrize("symptom", ["shoulder_tip_pain", "fever", "dizziness", "discharge"])
def test_each_red_flag_symptom_is_flagged(symptom):
    assert _keys(CheckIn(day=DAY, symptoms=[symptom])) == [symptom]


@pytest.mark.parametrize("symptom", ["cramps", "tiredness"])
def test_other_symptoms_are_not_red_flags(symptom):
    assert symptom in SYMPTOMS
    assert red_flags(CheckIn(day=DAY, symptoms=[symptom])) == []


def test_dizziness_means_the_emergency_number_and_comes_first():
    flags = red_flags(CheckIn(day=DAY, bleeding="heavy", pain=9, symptoms=["fever", "dizziness"]))

    assert [flag.key for flag in flags] == ["dizziness", "heavy_bleeding", "severe_pain", "fever"]
    assert flags[0].emergency
    assert "emergency number" in flags[0].why
    assert [flag.emergency for flag in flags[1:]] == [False, False, False]


def test_fever_gives_the_temperature_from_the_facts():
    (flag,) = red_flags(CheckIn(day=DAY, symptoms=["fever"]))
    assert "38°C" in flag.why


def test_discharge_is_about_a_smell_as_the_facts_say():
    (flag,) = red_flags(CheckIn(day=DAY, symptoms=["discharge"]))
    assert "smells" in flag.why


def test_shoulder_tip_pain_after_an_ectopic_pregnancy_says_why_it_matters_then():
    (usual,) = red_flags(CheckIn(day=DAY, symptoms=["shoulder_tip_pain"]))
    (ectopic,) = red_flags(CheckIn(day=DAY, symptoms=["shoulder_tip_pain"]), loss_kind="ectopic")

    assert "ectopic pregnancy" in usual.why
    assert "You told us your loss was an ectopic pregnancy" not in usual.why
    assert "You told us your loss was an ectopic pregnancy" in ectopic.why
    assert "why it matters now" in ectopic.why
    for kind in ("miscarriage", "stillbirth", "unsaid", ""):
        assert red_flags(CheckIn(day=DAY, symptoms=["shoulder_tip_pain"]), loss_kind=kind) == [
            usual
        ]


def test_red_flag_words_stay_calm():
    everything = CheckIn(day=DAY, bleeding="heavy", pain=10, symptoms=list(SYMPTOMS))
    words = " ".join(f"{f.title} {f.why}" for f in red_flags(everything, "ectopic")).lower()
    for alarming in ("!", "danger", "fatal", "die", "warning", "your fault", "should have"):
        assert alarming not in words, alarming
