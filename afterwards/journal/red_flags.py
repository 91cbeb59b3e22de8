"""Signs in a check-in that mean the body may need care now. Plain Python.

Every rule and every word of what to do comes from the red flags marked ✅ in
shared/content/clinical-facts.md [S28, S29, S31]. Nothing here is advice beyond them:
a flag says what the person noted, why it matters and where to get help, calmly.

A day long past (before yesterday) keeps the same signs and numbers, but says what to do
"if this is still happening, or happens again" rather than "now": the person may be
looking back, and the words should not speak as if it were happening as they read.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterwards.journal.checkin import CheckIn

SEVERE_PAIN = 8  # out of 10: "severe pain" in the issue, from 8 up

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
                "Dizziness or feeling faint",
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
    # Whatever calls for the emergency number comes first; the rest keep their order.
    flags.sort(key=lambda flag: not flag.emergency)
    return flags
