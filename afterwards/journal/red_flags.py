"""Signs in a check-in that mean the body may need care now. Plain Python.

Every rule and every word of what to do comes from the red flags marked ✅ in
docs/clinical-sources.md [S28, S29, S31], and, for the weeks after a later loss,
from the national health services' own pages named in docs/hazard-log.md ("Red flags
after a later loss"). Nothing here is advice beyond them: a flag says what the person
noted, why it matters and where to get help, calmly.

A day long past (before yesterday) keeps the same signs and numbers, but says what to do
"if this is still happening, or happens again" rather than "now": the person may be
looking back, and the words should not speak as if it were happening as they read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from afterwards.journal.checkin import CheckIn

# Out of 10: pain of 7 to 10 is what people, patients and clinicians alike, call severe on
# a 0-10 scale (Palos et al., J Pain 2006;7(1):49-56, doi:10.1016/j.jpain.2005.07.012).
# The check-in asks pain from 0 (none) to 10 (the worst you can imagine).
SEVERE_PAIN = 7

# A later loss: the body has been through a birth, and the signs of the weeks after a
# birth apply too (docs/hazard-log.md, "Red flags after a later loss", has the judgement
# and its sources). "About 20 weeks" in the issue; a week earlier, since the weeks come
# from a due date, itself an estimate.
LATER_FROM = timedelta(weeks=19)
FULL_TERM = timedelta(weeks=40)  # a due date is 40 weeks from the start of a pregnancy
LATER_KINDS = ("stillbirth", "tfmr")
# The weeks after a birth when those signs are watched for: most pages say the first six
# (blood clots); twice that, to be on the safe side.
LATER_WATCH = timedelta(weeks=12)

# What to do: the same help, in the present for today and yesterday, and conditionally
# for a day long past.
MEDICAL_NOW = "Please get medical help now."
MEDICAL_PAST = "If this is still happening, or happens again, please get medical help."
EMERGENCY_NOW = "Please call the emergency number now."
EMERGENCY_PAST = "If this is still happening, or happens again, please call the emergency number."
SUDDEN_PAIN = (
    "If the pain is sudden and sharp and you feel dizzy or look very pale, call the "
    "emergency number."
)
ALSO_DIZZY = (
    "If you also feel dizzy or faint, or have sudden sharp pain, call the emergency number."
)
ALSO_BREATHLESS = "If you are also short of breath or have chest pain, call the emergency number."


class LossTold(Protocol):
    """What About your loss holds (loss.about.AboutLoss), as far as this module reads it."""

    kind: str
    loss_date: date | None
    due_date: date | None


def weeks_at_loss(about: LossTold) -> int | None:
    """How many whole weeks into the pregnancy the loss came, from the loss date and the
    due date when both are known; None otherwise."""
    if about.loss_date is None or about.due_date is None:
        return None
    return (FULL_TERM - (about.due_date - about.loss_date)).days // 7


def later_loss(about: LossTold, day: date) -> bool:
    """Whether the check-in of `day` asks about the signs of the weeks after a birth.

    A stillbirth always; a termination for medical reasons unless its dates put it before
    19 weeks (without them, yes: the cautious side); any other loss whose dates put it at
    19 weeks or later. Asked until 12 weeks after the loss date, or always when there is
    none. Only what the person told us counts, never a guess."""
    weeks = weeks_at_loss(about)
    if about.kind == "stillbirth":
        later = True
    elif about.kind == "tfmr":
        later = weeks is None or weeks >= LATER_FROM.days // 7
    else:
        later = weeks is not None and weeks >= LATER_FROM.days // 7
    return later and (about.loss_date is None or day <= about.loss_date + LATER_WATCH)


@dataclass(frozen=True)
class Sign:
    """A red flag as the help page lists it, for anyone, whether or not they check in."""

    keys: tuple[str, ...]  # the RedFlag keys it covers
    words: str
    emergency: bool  # the facts say: the emergency number


SIGNS = (
    Sign(
        ("dizziness",),
        "Feeling dizzy or faint, looking very pale, or a fast heartbeat",
        emergency=True,
    ),
    Sign(
        ("severe_pain",),
        "Sudden, sharp, intense pain with dizziness, heavy bleeding or looking very pale",
        emergency=True,
    ),
    Sign(
        ("heavy_bleeding",),
        "Heavy bleeding: soaking through a pad in an hour or less, or passing large clots",
        emergency=False,
    ),
    Sign(
        ("severe_pain", "one_sided_pain", "worsening_pain"),
        "Severe pain, pain on one side of your tummy, or pain that is getting worse",
        emergency=False,
    ),
    Sign(("shoulder_tip_pain",), "Pain at the tip of your shoulder", emergency=False),
    Sign(
        ("fever",), "A temperature above 38°C, or feeling hot, shivery or flu-like", emergency=False
    ),
    Sign(("discharge",), "Discharge that smells unpleasant", emergency=False),
    Sign(
        ("pain_toilet_sickness",),
        "Pain when you pee or poo, diarrhoea, or being sick",
        emergency=False,
    ),
    Sign(
        ("chest_breathless",),
        "Chest pain, being short of breath, or coughing up blood",
        emergency=True,
    ),
    Sign(
        ("severe_headache",),
        "In the weeks after a loss later in pregnancy: a severe headache",
        emergency=True,
    ),
    Sign(("leg_pain",), "Pain, redness or swelling in one leg, often the calf", emergency=False),
    Sign(
        ("breast_red",),
        "In the weeks after a loss later in pregnancy: a hot, red breast, or redness or "
        "swelling that is getting worse",
        emergency=False,
    ),
)


@dataclass(frozen=True)
class RedFlag:
    key: str
    title: str  # what the person noted, in a few words
    why: str  # what it can mean and what to do, in our calm words
    emergency: bool = False  # the facts say: the emergency number, now


def _why(meaning: str, *, emergency: bool, long_past: bool, then: str = "") -> str:
    if emergency:
        action = EMERGENCY_PAST if long_past else EMERGENCY_NOW
    else:
        action = MEDICAL_PAST if long_past else MEDICAL_NOW
    return " ".join(part for part in (meaning, action, then) if part)


def _severe_pain(checkin: CheckIn, pain: int, *, long_past: bool) -> RedFlag:
    """Severe pain alone asks for medical help; with heavy bleeding or dizziness, the
    facts say the emergency number ("sudden sharp intense pain with dizziness, heavy
    bleeding, looking very pale")."""
    bleeding = checkin.bleeding == "heavy"
    dizzy = "dizziness" in checkin.symptoms
    if bleeding or dizzy:
        alongside = " and ".join(
            word for word, noted in (("heavy bleeding", bleeding), ("dizziness", dizzy)) if noted
        )
        return RedFlag(
            "severe_pain",
            f"Pain of {pain} out of 10, with {alongside}",
            _why(
                "Severe pain together with heavy bleeding, or with feeling dizzy or looking "
                "very pale, can be a sign that you need help straight away.",
                emergency=True,
                long_past=long_past,
            ),
            emergency=True,
        )
    return RedFlag(
        "severe_pain",
        f"Pain of {pain} out of 10",
        _why(
            "Severe pain, pain on one side of your tummy, or pain that is getting worse is "
            "one of the signs that your body may need care.",
            emergency=False,
            long_past=long_past,
            then=SUDDEN_PAIN,  # never dizzy here: with dizziness, the emergency above
        ),
    )


def red_flags(checkin: CheckIn, loss_kind: str = "", *, long_past: bool = False) -> list[RedFlag]:
    """The red flags in one day's answers, most urgent first; [] when there are none.

    `long_past`: the day is before yesterday, so what to do is said conditionally."""
    flags: list[RedFlag] = []
    symptoms = set(checkin.symptoms)
    # "If you also feel dizzy ..., call the emergency number": not for a person who has
    # already said they feel dizzy; their dizziness flag says to call, first.
    dizzy = "dizziness" in symptoms
    sudden_pain = "" if dizzy else SUDDEN_PAIN
    if dizzy:
        flags.append(
            RedFlag(
                "dizziness",
                "Dizziness, feeling faint, looking very pale, or a fast heartbeat",
                _why(
                    "Feeling dizzy or faint, looking very pale, or a fast heartbeat can be a "
                    "sign that you need help straight away.",
                    emergency=True,
                    long_past=long_past,
                ),
                emergency=True,
            )
        )
    if checkin.bleeding == "heavy":
        flags.append(
            RedFlag(
                "heavy_bleeding",
                "Heavy bleeding",
                _why(
                    "Bleeding heavy enough to be soaking through a pad in an hour or less, "
                    "or passing large clots, is one of the signs that your body may need care.",
                    emergency=False,
                    long_past=long_past,
                    then="" if dizzy else ALSO_DIZZY,
                ),
            )
        )
    if checkin.pain is not None and checkin.pain >= SEVERE_PAIN:
        flags.append(_severe_pain(checkin, checkin.pain, long_past=long_past))
    if "one_sided_pain" in symptoms:
        flags.append(
            RedFlag(
                "one_sided_pain",
                "Pain on one side of your tummy",
                _why(
                    "Severe or one-sided pain in your tummy is one of the signs that your "
                    "body may need care.",
                    emergency=False,
                    long_past=long_past,
                    then=sudden_pain,
                ),
            )
        )
    if "worsening_pain" in symptoms:
        flags.append(
            RedFlag(
                "worsening_pain",
                "Pain that is getting worse",
                _why(
                    "Pain that is getting worse, rather than easing, is one of the signs that "
                    "your body may need care.",
                    emergency=False,
                    long_past=long_past,
                    then=sudden_pain,
                ),
            )
        )
    if "shoulder_tip_pain" in symptoms:
        if loss_kind == "ectopic":
            why = (
                "You told us your loss was an ectopic pregnancy. Shoulder-tip pain is one "
                "of the signs of an ectopic pregnancy, which is why it matters "
                + (
                    "here: if this is still happening, or happens again, please get "
                    "medical help rather than waiting to see if it passes."
                    if long_past
                    else "now: please get medical help now rather than waiting to see if it passes."
                )
            )
        else:
            why = _why(
                "Pain where your shoulder ends and your arm begins can be a sign of an "
                "ectopic pregnancy.",
                emergency=False,
                long_past=long_past,
            )
        flags.append(RedFlag("shoulder_tip_pain", "Shoulder-tip pain", why))
    if "pain_toilet_sickness" in symptoms:
        flags.append(
            RedFlag(
                "pain_toilet_sickness",
                "Pain when peeing or pooing, diarrhoea or being sick",
                _why(
                    "Pain when you pee or poo, diarrhoea, or being sick can be a sign of an "
                    "ectopic pregnancy.",
                    emergency=False,
                    long_past=long_past,
                ),
            )
        )
    if "fever" in symptoms:
        flags.append(
            RedFlag(
                "fever",
                "Fever",
                _why(
                    "A temperature above 38°C, or feeling hot and shivery or flu-like, is one "
                    "of the signs that your body may need care.",
                    emergency=False,
                    long_past=long_past,
                ),
            )
        )
    if "discharge" in symptoms:
        flags.append(
            RedFlag(
                "discharge",
                "Unusual discharge",
                _why(
                    "If the discharge smells unpleasant, that is one of the signs that your "
                    "body may need care.",
                    emergency=False,
                    long_past=long_past,
                ),
            )
        )
    flags += _after_a_birth(symptoms, long_past=long_past)
    # Whatever calls for the emergency number comes first; the rest keep their order.
    flags.sort(key=lambda flag: not flag.emergency)
    return flags


def _after_a_birth(symptoms: set[str], *, long_past: bool) -> list[RedFlag]:
    """The signs of the weeks after a birth, asked after a later loss (later_loss), and
    raised from the answers alone, whatever the loss: a day that holds one is flagged.
    Chest pain, breathlessness and a severe headache: the emergency number (the NHS
    trusts' "call 999"); a painful leg and a red breast: medical help now, the same day."""
    flags: list[RedFlag] = []
    breathless = "chest_breathless" in symptoms
    if breathless:
        flags.append(
            RedFlag(
                "chest_breathless",
                "Chest pain, being short of breath, or coughing up blood",
                _why(
                    "Chest pain, being short of breath or coughing up blood can be a sign "
                    "of a blood clot, and that needs help straight away.",
                    emergency=True,
                    long_past=long_past,
                ),
                emergency=True,
            )
        )
    if "severe_headache" in symptoms:
        flags.append(
            RedFlag(
                "severe_headache",
                "A severe headache",
                _why(
                    "In the weeks after a loss later in pregnancy, a severe headache can be "
                    "a sign of high blood pressure, and that needs help straight away.",
                    emergency=True,
                    long_past=long_past,
                ),
                emergency=True,
            )
        )
    if "leg_pain" in symptoms:
        flags.append(
            RedFlag(
                "leg_pain",
                "Pain, redness or swelling in one leg",
                _why(
                    "Pain, redness or swelling in one leg, often in the calf, can be a sign "
                    "of a blood clot.",
                    emergency=False,
                    long_past=long_past,
                    # With chest pain or breathlessness noted, its own flag says to call.
                    then="" if breathless else ALSO_BREATHLESS,
                ),
            )
        )
    if "breast_red" in symptoms:
        flags.append(
            RedFlag(
                "breast_red",
                "A hot, red or swollen breast",
                _why(
                    "A breast that is hot and red, or redness or swelling that lasts more "
                    "than a day or is getting worse, can be a sign of an infection.",
                    emergency=False,
                    long_past=long_past,
                ),
            )
        )
    return flags
