"""Signs in a check-in that mean the body may need care now. Plain Python.

Every rule and every word of what to do comes from the red flags marked ✅ in
shared/content/clinical-facts.md [S28, S29, S31]. Nothing here is advice beyond them:
a flag says what the person noted, why it matters and where to get help, calmly.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterwards.journal.checkin import CheckIn

SEVERE_PAIN = 8  # out of 10: "severe pain" in the issue, from 8 up


@dataclass(frozen=True)
class RedFlag:
    key: str
    title: str  # what the person noted, in a few words
    why: str  # what it can mean and what to do, in our calm words
    emergency: bool = False  # the facts say: the emergency number, now


def red_flags(checkin: CheckIn, loss_kind: str = "") -> list[RedFlag]:
    """The red flags in one day's answers, most urgent first; [] when there are none."""
    flags: list[RedFlag] = []
    symptoms = set(checkin.symptoms)
    if "dizziness" in symptoms:
        flags.append(
            RedFlag(
                "dizziness",
                "Dizziness or feeling faint",
                "Feeling dizzy or faint, looking very pale, or a fast heartbeat can be a "
                "sign that you need help straight away. Please call the emergency number now.",
                emergency=True,
            )
        )
    if checkin.bleeding == "heavy":
        flags.append(
            RedFlag(
                "heavy_bleeding",
                "Heavy bleeding",
                "If you are soaking through a pad in an hour or less, or passing large "
                "clots, please get medical help now. If you also feel dizzy or faint, or "
                "have sudden sharp pain, call the emergency number.",
            )
        )
    if checkin.pain is not None and checkin.pain >= SEVERE_PAIN:
        flags.append(
            RedFlag(
                "severe_pain",
                f"Pain of {checkin.pain} out of 10",
                "Severe pain, pain on one side of your tummy, or pain that is getting worse "
                "is a reason to get medical help now. If the pain is sudden and sharp and "
                "you feel dizzy or look very pale, call the emergency number.",
            )
        )
    if "shoulder_tip_pain" in symptoms:
        why = (
            "Pain where your shoulder ends and your arm begins can be a sign of an "
            "ectopic pregnancy. Please get medical help now."
        )
        if loss_kind == "ectopic":
            why = (
                "You told us your loss was an ectopic pregnancy. Shoulder-tip pain is one "
                "of the signs of an ectopic pregnancy, which is why it matters now: please "
                "get medical help now rather than waiting to see if it passes."
            )
        flags.append(RedFlag("shoulder_tip_pain", "Shoulder-tip pain", why))
    if "fever" in symptoms:
        flags.append(
            RedFlag(
                "fever",
                "Fever",
                "A temperature above 38°C, or feeling hot and shivery or flu-like, is a "
                "reason to get medical help now.",
            )
        )
    if "discharge" in symptoms:
        flags.append(
            RedFlag(
                "discharge",
                "Unusual discharge",
                "If the discharge smells unpleasant, that is a reason to get medical help now.",
            )
        )
    return flags
