"""Each red flag from the facts (clinical-facts.md, ✅ only), and its absence."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from afterwards.journal.checkin import BLEEDING, LATER_LOSS_SYMPTOMS, SYMPTOMS, CheckIn
from afterwards.journal.red_flags import SEVERE_PAIN, later_loss, red_flags, weeks_at_loss
from afterwards.loss.about import AboutLoss

DAY = date(2026, 3, 28)
ROOT = Path(__file__).resolve().parents[2]


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
        pain=6,
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


@pytest.mark.parametrize(("pain", "flagged"), [(0, False), (6, False), (7, True), (10, True)])
def test_pain_of_seven_or_more_is_a_red_flag(pain, flagged):
    # Severe from 7 on a 0-10 scale (docs/hazard-log.md, H-06; Palos et al. 2006).
    assert _keys(CheckIn(day=DAY, pain=pain)) == (["severe_pain"] if flagged else [])


def test_severe_pain_says_one_sided_and_getting_worse():
    (flag,) = red_flags(CheckIn(day=DAY, pain=9))

    assert flag.title == "Pain of 9 out of 10"
    assert "one side" in flag.why and "getting worse" in flag.why


RED_FLAG_SYMPTOMS = [
    "shoulder_tip_pain",
    "fever",
    "dizziness",
    "discharge",
    "one_sided_pain",
    "worsening_pain",
    "pain_toilet_sickness",
    "chest_breathless",
    "leg_pain",
    "severe_headache",
    "breast_red",
]


@pytest.mark.parametrize("symptom", RED_FLAG_SYMPTOMS)
def test_each_red_flag_symptom_is_flagged(symptom):
    assert _keys(CheckIn(day=DAY, symptoms=[symptom])) == [symptom]


@pytest.mark.parametrize("symptom", ["cramps", "tiredness"])
def test_other_symptoms_are_not_red_flags(symptom):
    assert symptom in SYMPTOMS
    assert red_flags(CheckIn(day=DAY, symptoms=[symptom])) == []


def test_dizziness_means_the_emergency_number_and_comes_first():
    flags = red_flags(CheckIn(day=DAY, bleeding="heavy", pain=6, symptoms=["fever", "dizziness"]))

    assert [flag.key for flag in flags] == ["dizziness", "heavy_bleeding", "fever"]
    assert flags[0].emergency
    assert "Please call the emergency number now." in flags[0].why
    assert [flag.emergency for flag in flags[1:]] == [False, False]


def test_severe_pain_with_heavy_bleeding_means_the_emergency_number_and_comes_first():
    flags = red_flags(CheckIn(day=DAY, bleeding="heavy", pain=8, symptoms=["fever"]))

    assert [flag.key for flag in flags] == ["severe_pain", "heavy_bleeding", "fever"]
    assert flags[0].emergency
    assert flags[0].title == "Pain of 8 out of 10, with heavy bleeding"
    assert "Please call the emergency number now." in flags[0].why
    assert [flag.emergency for flag in flags[1:]] == [False, False]


def test_severe_pain_with_dizziness_means_the_emergency_number():
    flags = red_flags(CheckIn(day=DAY, pain=10, symptoms=["fever", "dizziness"]))

    assert [flag.key for flag in flags] == ["dizziness", "severe_pain", "fever"]
    assert [flag.emergency for flag in flags] == [True, True, False]
    assert flags[1].title == "Pain of 10 out of 10, with dizziness"
    assert "Please call the emergency number now." in flags[1].why


def test_severe_pain_with_heavy_bleeding_and_dizziness_names_both():
    flags = red_flags(CheckIn(day=DAY, bleeding="heavy", pain=9, symptoms=["dizziness"]))

    assert [flag.key for flag in flags] == ["dizziness", "severe_pain", "heavy_bleeding"]
    assert flags[1].title == "Pain of 9 out of 10, with heavy bleeding and dizziness"
    assert flags[1].emergency


@pytest.mark.parametrize(
    "checkin",
    [
        CheckIn(day=DAY, pain=9),
        CheckIn(day=DAY, pain=9, bleeding="medium", symptoms=["fever", "one_sided_pain"]),
        CheckIn(day=DAY, pain=7),
        CheckIn(day=DAY, pain=6, bleeding="heavy"),
    ],
    ids=[
        "severe-pain-alone",
        "severe-pain-medium-bleeding",
        "pain-7-alone",
        "pain-6-heavy-bleeding",
    ],
)
def test_without_both_severe_pain_and_heavy_bleeding_or_dizziness_no_emergency(checkin):
    flags = red_flags(checkin)

    assert flags
    assert not any(flag.emergency for flag in flags)
    assert all("emergency number now" not in flag.why for flag in flags)


def test_the_new_pain_symptoms_can_be_recorded_and_the_old_keys_are_kept():
    # Old check-ins hold these keys: none of them may go.
    for key in ("cramps", "shoulder_tip_pain", "fever", "dizziness", "discharge", "tiredness"):
        assert key in SYMPTOMS
    assert SYMPTOMS["one_sided_pain"] == "Pain on one side of your tummy"
    assert SYMPTOMS["worsening_pain"] == "Pain that is getting worse"
    assert SYMPTOMS["pain_toilet_sickness"] == "Pain when peeing or pooing, diarrhoea or being sick"


def test_one_sided_pain_says_severe_or_one_sided_tummy_pain_needs_medical_help():
    (flag,) = red_flags(CheckIn(day=DAY, symptoms=["one_sided_pain"]))

    assert flag.title == "Pain on one side of your tummy"
    assert "one-sided pain in your tummy" in flag.why
    assert "Please get medical help now." in flag.why
    assert not flag.emergency


def test_pain_that_is_getting_worse_needs_medical_help():
    (flag,) = red_flags(CheckIn(day=DAY, symptoms=["worsening_pain"]))

    assert flag.title == "Pain that is getting worse"
    assert "getting worse" in flag.why
    assert "Please get medical help now." in flag.why


def test_pain_on_the_toilet_diarrhoea_or_being_sick_can_be_a_sign_of_an_ectopic_pregnancy():
    (flag,) = red_flags(CheckIn(day=DAY, symptoms=["pain_toilet_sickness"]))

    assert flag.title == "Pain when peeing or pooing, diarrhoea or being sick"
    # A possibility, calmly, never a diagnosis.
    assert "can be a sign of an ectopic pregnancy" in flag.why
    assert "you have" not in flag.why.lower()
    assert "Please get medical help now." in flag.why


EVERYTHING = CheckIn(day=DAY, bleeding="heavy", pain=10, symptoms=list(SYMPTOMS))


@pytest.mark.parametrize("loss_kind", ["", "ectopic"])
def test_a_day_long_past_says_if_this_is_still_happening_and_never_now(loss_kind):
    flags = red_flags(EVERYTHING, loss_kind, long_past=True)

    assert {flag.key for flag in flags} == {f.key for f in red_flags(EVERYTHING, loss_kind)}
    for flag in flags:
        assert "if this is still happening, or happens again" in flag.why.lower(), flag.key
        assert "now" not in flag.why.split(), flag.key
        assert "now." not in flag.why and "now:" not in flag.why, flag.key
    # The same help: the emergency flags still name the emergency number.
    assert [f.emergency for f in flags] == [f.emergency for f in red_flags(EVERYTHING, loss_kind)]
    assert "call the emergency number" in flags[0].why


def test_a_recent_day_keeps_the_urgent_words():
    for flag in red_flags(EVERYTHING):
        assert "medical help now" in flag.why or "emergency number now" in flag.why, flag.key
        assert "still happening" not in flag.why, flag.key


def test_the_body_cards_get_help_list_names_every_red_flag():
    card = (ROOT / "afterwards/guidance/cards/en/person-body-timeline.md").read_text()
    get_help = card.split("## Get help at once if", 1)[1]
    for words in (
        "soaking a pad in an hour or less",
        "large clots",
        "severe or one-sided tummy pain",
        "pain that is getting worse",
        "tip of your shoulder",
        "pain when you pee or poo, diarrhoea, or are being sick",
        "dizzy or faint",
        "fever above 38°C",
        "smelly discharge",
    ):
        assert words in get_help, words


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


@pytest.mark.parametrize("long_past", [False, True])
def test_red_flag_words_stay_calm(long_past):
    everything = CheckIn(day=DAY, bleeding="heavy", pain=10, symptoms=list(SYMPTOMS))
    flags = red_flags(everything, "ectopic", long_past=long_past)
    words = " ".join(f"{f.title} {f.why}" for f in flags).lower()
    for alarming in ("!", "danger", "fatal", "die", "warning", "your fault", "should have"):
        assert alarming not in words, alarming


def test_with_dizziness_noted_heavy_bleeding_no_longer_asks_if_you_also_feel_dizzy():
    dizzy = red_flags(CheckIn(day=DAY, bleeding="heavy", symptoms=["dizziness"]))
    not_dizzy = red_flags(CheckIn(day=DAY, bleeding="heavy"))

    bleeding = next(flag for flag in dizzy if flag.key == "heavy_bleeding")
    assert "If you also feel dizzy" not in bleeding.why
    assert bleeding.why.endswith("Please get medical help now.")
    assert "If you also feel dizzy or faint" in not_dizzy[0].why


def test_with_dizziness_noted_pain_no_longer_asks_if_you_feel_dizzy():
    flags = red_flags(CheckIn(day=DAY, symptoms=["dizziness", "one_sided_pain", "worsening_pain"]))

    assert [flag.key for flag in flags][0] == "dizziness"
    for flag in flags[1:]:
        assert "dizzy" not in flag.why, flag.key
    alone = red_flags(CheckIn(day=DAY, symptoms=["one_sided_pain"]))
    assert "you feel dizzy or look very pale, call the emergency number" in alone[0].why


def test_a_day_long_past_with_dizziness_keeps_if_this_is_still_happening_without_the_dizzy_if():
    flags = red_flags(CheckIn(day=DAY, bleeding="heavy", symptoms=["dizziness"]), long_past=True)

    for flag in flags:
        assert "If this is still happening, or happens again" in flag.why, flag.key
        assert "also feel dizzy" not in flag.why, flag.key


# --- Looking very pale or a fast heartbeat (clinical-facts.md: the emergency number) ------


def test_looking_very_pale_or_a_fast_heartbeat_can_be_ticked_and_means_the_emergency_number():
    label = SYMPTOMS["dizziness"]
    assert "very pale" in label and "fast heartbeat" in label
    (flag,) = red_flags(CheckIn(day=DAY, symptoms=["dizziness"]))

    assert flag.title == label
    assert flag.emergency
    assert "Please call the emergency number now." in flag.why


def test_severe_pain_from_seven_with_heavy_bleeding_means_the_emergency_number():
    flags = red_flags(CheckIn(day=DAY, bleeding="heavy", pain=SEVERE_PAIN))

    assert SEVERE_PAIN == 7
    assert flags[0].key == "severe_pain" and flags[0].emergency
    assert flags[0].title == "Pain of 7 out of 10, with heavy bleeding"


# --- The signs of the weeks after a birth, after a later loss ----------------------------

AFTER_A_BIRTH = {
    # key: (emergency, words its reason gives)
    "chest_breathless": (True, "blood clot"),
    "severe_headache": (True, "high blood pressure"),
    "leg_pain": (False, "blood clot"),
    "breast_red": (False, "infection"),
}


def test_the_signs_after_a_birth_are_the_later_loss_ticks():
    assert set(LATER_LOSS_SYMPTOMS) == set(AFTER_A_BIRTH)
    assert set(LATER_LOSS_SYMPTOMS) <= set(SYMPTOMS)


@pytest.mark.parametrize("key", list(AFTER_A_BIRTH))
def test_each_sign_after_a_birth_has_the_urgency_its_sources_give(key):
    emergency, words = AFTER_A_BIRTH[key]

    (flag,) = red_flags(CheckIn(day=DAY, symptoms=[key]))

    assert flag.key == key
    assert flag.emergency is emergency
    assert words in flag.why
    action = (
        "Please call the emergency number now." if emergency else "Please get medical help now."
    )
    assert action in flag.why


def test_a_painful_leg_asks_about_breathlessness_unless_it_was_noted():
    (alone,) = red_flags(CheckIn(day=DAY, symptoms=["leg_pain"]))
    assert alone.why.endswith(
        "If you are also short of breath or have chest pain, call the emergency number."
    )

    flags = red_flags(CheckIn(day=DAY, symptoms=["leg_pain", "chest_breathless"]))
    assert [flag.key for flag in flags] == ["chest_breathless", "leg_pain"]
    assert "also short of breath" not in flags[1].why


def test_the_signs_after_a_birth_are_flagged_whatever_the_loss():
    # Asked only after a later loss, but a day that holds one is always flagged.
    for kind in ("", "miscarriage", "ectopic", "stillbirth"):
        keys = _keys(CheckIn(day=DAY, symptoms=["breast_red"]), loss_kind=kind)
        assert keys == ["breast_red"], kind


LOSS = date(2026, 3, 1)


def _told(kind: str = "", weeks: int | None = None, loss: date | None = LOSS) -> AboutLoss:
    """About your loss with a loss `weeks` into the pregnancy (a due date to match)."""
    due = None
    if weeks is not None and loss is not None:
        due = loss + timedelta(weeks=40 - weeks)
    return AboutLoss(kind=kind, loss_date=loss, due_date=due)


@pytest.mark.parametrize(
    ("about", "later"),
    [
        pytest.param(_told("stillbirth"), True, id="stillbirth"),
        pytest.param(_told("stillbirth", loss=None), True, id="stillbirth-no-date"),
        pytest.param(_told("tfmr"), True, id="tfmr-weeks-unknown"),  # the cautious side
        pytest.param(_told("tfmr", 16), False, id="tfmr-16-weeks"),
        pytest.param(_told("tfmr", 19), True, id="tfmr-19-weeks"),
        pytest.param(_told("tfmr", 22), True, id="tfmr-22-weeks"),
        pytest.param(_told("miscarriage"), False, id="miscarriage"),
        pytest.param(_told("miscarriage", 12), False, id="miscarriage-12-weeks"),
        pytest.param(_told("miscarriage", 21), True, id="miscarriage-21-weeks"),
        pytest.param(_told("other", 30), True, id="other-30-weeks"),
        pytest.param(_told("", 25), True, id="no-kind-25-weeks"),
        pytest.param(_told("unsaid"), False, id="rather-not-say"),
        pytest.param(_told("ectopic", 8), False, id="ectopic-8-weeks"),
        pytest.param(_told(), False, id="nothing-told"),
    ],
)
def test_a_later_loss_is_told_by_its_kind_and_for_any_other_by_its_weeks(about, later):
    assert later_loss(about, LOSS + timedelta(days=3)) is later


def test_the_signs_after_a_birth_are_asked_for_twelve_weeks_after_the_loss():
    about = _told("stillbirth")

    assert later_loss(about, LOSS + timedelta(weeks=12))
    assert not later_loss(about, LOSS + timedelta(weeks=12, days=1))
    assert later_loss(_told("stillbirth", loss=None), LOSS + timedelta(weeks=100))


def test_the_weeks_come_from_the_loss_date_and_the_due_date():
    assert weeks_at_loss(_told("tfmr", 22)) == 22
    assert weeks_at_loss(AboutLoss(kind="tfmr", loss_date=LOSS)) is None
    assert weeks_at_loss(AboutLoss(kind="tfmr", due_date=LOSS)) is None
