"""Two made-up people and their days since a loss about six months ago. Plain Python.

Alex was pregnant; Sam is Alex's partner. A miscarriage in the second trimester, so that
the due date falls inside the six months and its harder days show. Bleeding that tapers
over two weeks, a first period about five and a half weeks later and then a cycle of 27
to 32 days; closeness after a few weeks, sex later, and how each felt afterwards, mixed
at first and easier over the months; grief that eases unevenly, and for Sam comes late.
They share a space, and each shares some parts of some days: how they are on about a
third of them, the rest now and then (_share).

One random generator with a fixed seed writes it all, so the demo is the same each time
it is made; the days end on the day it is made.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from afterwards.journal.checkin import CheckIn

SEED = 20260328
DAYS = 183  # of check-ins, ending today: about six months
LOSS_DAYS_AGO = DAYS + 1
DUE_DAYS_AGO = 12  # the due date was nearly two weeks ago
NAME = "Pip"  # the name both people use for their baby
COUNTRY = "GB"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    passphrase: str
    was_pregnant: bool


PEOPLE = (
    DemoPerson("alex", "demo passphrase for alex", was_pregnant=True),
    DemoPerson("sam", "demo passphrase for sam", was_pregnant=False),
)

# Notes in each person's own words, by the stretch of time they belong to. Each list is
# dealt like a deck of cards, so a sentence comes back only after the others have had
# their turn.
NOTES = {
    ("alex", "early"): [
        "Home from the hospital. Everything feels very quiet.",
        "Slept most of the day. Sam brought tea and didn't ask questions, which was right.",
        "Cried in the shower. It felt like the only private place.",
        "Still bleeding, less than yesterday.",
        "A card came from a friend. I read it three times.",
        "I keep touching my stomach without thinking.",
        "Told work I need another week. They were kind about it.",
        "Walked to the end of the road and back. That was enough for today.",
        "Went over every day of the pregnancy in my head again. Nothing to find.",
        "Sam and I sat on the sofa for an hour without talking. It helped more than talking.",
        "The cramps were bad this morning; a hot water bottle helped.",
        "Put the scan photo in a box. Not away, somewhere safe.",
    ],
    ("alex", "middle"): [
        "First day back at work. Got through it by keeping busy.",
        "Good morning, heavy afternoon. No obvious reason.",
        "Lunch with Jo. Said Pip's name out loud to someone else for the first time.",
        "Sam fell asleep holding my hand. I stayed awake a while, feeling calm.",
        "Saw a pram in the park and had to sit down for a minute.",
        "Went for a long walk by the river. The cold air helped.",
        "Read the leaflet from the hospital again, properly this time.",
        "Talked with the counsellor about feeling far away from Sam. Writing it down to remember.",
        "Snapped at Sam over nothing. Said sorry later; we both cried a bit.",
        "A better day. Laughed at something on the radio and let myself enjoy it.",
        "Cooked a proper dinner for the first time in weeks.",
        "Someone asked if we have children. I didn't know what to say.",
        "Tired all day. Went to bed early and that was the right thing.",
    ],
    ("alex", "later"): [
        "An ordinary day. I noticed it was ordinary, which felt new.",
        "Planted bulbs in the garden for Pip.",
        "Counselling again. We talked about the due date coming up.",
        "Good energy today. Went swimming.",
        "Hard evening. Looked through the box of things for a long time.",
        "Sam and I talked properly tonight, about all of it. Felt closer.",
        "Slept through the night for the first time in ages.",
        "Some days it feels far away, some days like yesterday.",
        "Met friends for dinner and enjoyed it.",
    ],
    ("alex", "due"): [
        "The due date is close. Everything feels heavier this week.",
        "Today would have been the day. We lit a candle and stayed in.",
        "Took the day off. Sam did too. We went to the sea.",
        "Lots of messages from people who remembered. It meant a lot.",
        "The days after the due date are quieter than I feared.",
    ],
    ("alex", "period"): [
        "Period started. Strange to feel relieved and sad at the same time.",
        "Period again. Cramps, and a wobbly kind of day.",
        "My cycle seems to be finding its rhythm.",
    ],
    ("alex", "closeness"): [
        "Lay close on the sofa for a long time. Felt safe.",
        "Sam stroked my hair until I fell asleep.",
        "A long hug in the kitchen. Needed that.",
        "Held hands through a whole film. Small, and it mattered.",
        "Asked for a cuddle before sleep. Easy to ask tonight.",
    ],
    ("alex", "sex early"): [
        "Nervous beforehand. It was gentle, and better than I expected.",
        "Felt close during, then sad afterwards. Both feelings are allowed.",
        "We stopped halfway and held each other instead. That was fine too.",
    ],
    ("alex", "sex later"): [
        "Felt like us again.",
        "Easy and warm tonight. Slept well after.",
        "A few tears afterwards; it's that time of my cycle. We talked and I felt better.",
    ],
    ("sam", "early"): [
        "Mostly relieved Alex is safe. Then guilty for feeling relieved.",
        "Took the week off. Cooking, washing, answering messages.",
        "Don't know what to say to Alex. Listened instead.",
        "Couldn't sleep. Kept going over the night at the hospital.",
        "Told my oldest friend. Neither of us knew what to say.",
        "Made tea nobody drank. Sat with Alex anyway.",
    ],
    ("sam", "middle"): [
        "Back at work. People ask how Alex is; nobody asks how I am.",
        "It hit me today, weeks later. Sat in the car for a while before going in.",
        "Went to the counselling session with Alex. Hard, but good.",
        "Ran further than usual. Needed it.",
        "Alex had a rough day. I stayed close and didn't rush to fix it.",
        "Felt far apart today. Left a note on the pillow.",
        "Gardening together on Saturday. The first easy afternoon in a while.",
        "Asked Alex what helps instead of guessing. It went better.",
    ],
    ("sam", "later"): [
        "A good week, on the whole.",
        "Thought about Pip on the way to work. It felt gentle rather than sharp.",
        "Talked about the due date. We want to mark it quietly.",
        "Slept well. Feeling steadier.",
    ],
    ("sam", "due"): [
        "Heavier than I expected this week.",
        "The due date. Took the day off with Alex. Walked by the sea and said Pip's name.",
        "Quiet day. Glad we were together.",
    ],
    ("sam", "closeness"): [
        "Held Alex for a long time tonight. Let Alex lead.",
        "Fell asleep close together on the sofa.",
        "Alex reached for my hand on the walk home.",
        "A long hug when I got in from work. We both needed it.",
    ],
    ("sam", "sex early"): [
        "Nervous, then fine, then good to be close.",
        "Alex was quiet afterwards. I stayed close and we talked a little.",
    ],
    ("sam", "sex later"): [
        "Felt close again. Glad we waited until we were both ready.",
        "A lovely evening, the two of us.",
    ],
}
FIRST_CLOSENESS = {
    "alex": "Asked Sam to hold me tonight. Nothing more, and that was what I needed.",
    "sam": "Alex asked me to hold them tonight. We lay there a long time.",
}
FIRST_SEX = {
    "alex": "First time since. We went very slowly. I cried afterwards, and Sam held me.",
    "sam": "First time since. I was afraid of hurting Alex. We went slowly; Alex cried after "
    "and I stayed close.",
}


class _Notes:
    """Deals each list of notes in a shuffled order, again only when it runs out."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.decks: dict[tuple[str, str], list[str]] = {}
        self.last = ""

    def deal(self, key: tuple[str, str]) -> str:
        deck = self.decks.get(key) or []
        if not deck:
            deck = list(NOTES[key])
            self.rng.shuffle(deck)
        note = deck.pop()
        if note == self.last and deck:  # never the same sentence twice in a row
            deck.insert(0, note)
            note = deck.pop()
        self.decks[key] = deck
        self.last = note
        return note


def _scale(rng: random.Random, centre: float, spread: float = 0.6) -> int:
    return max(1, min(5, round(centre + rng.gauss(0, spread))))


@dataclass
class _Shared:
    """What the two people share: the days of their cycle and of their closeness."""

    period: dict[int, str]  # days since the loss -> flow
    period_starts: list[int]
    intimacy: dict[int, str]  # days since the loss -> "closeness" or "sex"
    first_closeness: int
    first_sex: int


def _shared(rng: random.Random) -> _Shared:
    period: dict[int, str] = {}
    starts: list[int] = []
    start = rng.randint(37, 41)  # the first period, about five and a half weeks on
    first = True
    while start <= LOSS_DAYS_AGO:
        starts.append(start)
        flows = (
            ["medium", "heavy", "medium", "light", "light", "spotting"]
            if first
            else rng.choice(
                [
                    ["light", "medium", "medium", "light", "spotting"],
                    ["medium", "medium", "light", "light"],
                    ["spotting", "medium", "medium", "light", "light", "spotting"],
                ]
            )
        )
        for offset, flow in enumerate(flows):
            period[start + offset] = flow
        start += rng.randint(27, 32)
        first = False

    intimacy: dict[int, str] = {}
    first_closeness = rng.randint(22, 26)
    first_sex = rng.randint(54, 60)
    while first_sex in period:
        first_sex += 1
    intimacy[first_closeness] = "closeness"
    intimacy[first_sex] = "sex"
    for d in range(first_closeness + 2, LOSS_DAYS_AGO + 1):
        if d == first_sex:
            continue
        roll = rng.random()
        if d > first_sex and d not in period and roll < min(0.11, 0.04 + (d - first_sex) / 1500):
            intimacy[d] = "sex"
        elif roll > 0.84:
            intimacy[d] = "closeness"
    # Yesterday closeness, with how Alex felt afterwards not yet said: the day page
    # then shows how to add it.
    intimacy[LOSS_DAYS_AGO - 1] = "closeness"
    return _Shared(period, starts, intimacy, first_closeness, first_sex)


def _bleeding_after_loss(rng: random.Random, d: int) -> str:
    if d <= 2:
        return "medium"
    if d <= 5:
        return rng.choice(["medium", "light"])
    if d <= 10:
        return "light"
    if d <= 16:
        return rng.choice(["spotting", "spotting", "none"])
    return "none"


def _days(today: date) -> Iterator[tuple[int, date]]:
    loss = today - timedelta(days=LOSS_DAYS_AGO)
    for d in range(1, LOSS_DAYS_AGO + 1):
        yield d, loss + timedelta(days=d)


def story(today: date) -> dict[str, list[CheckIn]]:
    """Every check-in of both people, oldest first, keyed by user name."""
    rng = random.Random(SEED)  # noqa: S311 (a made-up story, not a secret)
    shared = _shared(rng)
    notes = _Notes(rng)
    due = LOSS_DAYS_AGO - DUE_DAYS_AGO  # the due date, in days since the loss
    hard_patches = {d + k for d in rng.sample(range(30, 150, 10), 3) for k in range(3)}
    before_period = {s - k for s in shared.period_starts for k in (1, 2, 3)}
    sams_late_grief = set(range(58, 80))  # the partner's grief, out of step, weeks later

    days: dict[str, list[CheckIn]] = {"alex": [], "sam": []}
    for person in PEOPLE:
        who = person.username
        for d, day in _days(today):
            t = d / LOSS_DAYS_AGO  # 0 at the loss, 1 today
            intimacy = shared.intimacy.get(d)
            present = rng.random() < (0.85 if person.was_pregnant else 0.65)
            if not (present or intimacy or day == today and person.was_pregnant):
                continue
            near_due = abs(d - due) <= 5
            hard = d in hard_patches or near_due
            if person.was_pregnant:
                mood, grief = 1.7 + 2.2 * t, 4.6 - 2.4 * t
                anxiety, energy, sleep = 3.6 - 1.6 * t, 1.8 + 1.9 * t, 2.0 + 1.7 * t
                if d in before_period:  # a harder, hormonal few days
                    mood, grief = mood - 0.5, grief + 0.4
            else:
                mood, grief = 2.6 + 1.3 * t, 3.4 - 1.5 * t
                anxiety, energy, sleep = 3.9 - 2.0 * t, 2.6 + 1.0 * t, 2.4 + 1.3 * t
                if d in sams_late_grief:
                    mood, grief = mood - 0.6, grief + 1.0
            if hard:
                mood, grief, sleep = mood - 1.2, grief + 1.4, sleep - 0.7
            checkin = CheckIn(
                day=day,
                mood=_scale(rng, mood),
                grief=_scale(rng, grief),
                anxiety=_scale(rng, anxiety),
                energy=_scale(rng, energy),
                sleep=_scale(rng, sleep),
                intimacy=intimacy or "none",
                share=_share(rng.random(), intimate=bool(intimacy), body=person.was_pregnant),
            )
            if person.was_pregnant:
                _body(checkin, rng, d, shared)
            elif rng.random() < 0.06:
                checkin.custom_symptoms = ["Headache"]
            if intimacy:
                _closeness(checkin, rng, notes, who, d, shared)
            if checkin.note == "" and rng.random() < (0.6 if person.was_pregnant else 0.45):
                stretch = (
                    "due"
                    if near_due
                    else "period"
                    if person.was_pregnant and d in shared.period_starts
                    else "early"
                    if d < 21
                    else "middle"
                    if d < 110
                    else "later"
                )
                checkin.note = notes.deal((who, stretch))
            days[who].append(checkin)
    return days


def _share(roll: float, *, intimate: bool, body: bool) -> list[str]:
    """Which parts of a day its person shares, from one roll of the dice: how they are on
    about a third of days (more often on a day of closeness), their body on about half of
    those, the closeness itself on most days it happened, and a note now and then."""
    threshold = 0.6 if intimate else 0.35
    if roll >= threshold:
        return []
    sections = ["mood"]
    if body and roll < threshold * 0.5:
        sections.append("body")
    if intimate and roll < 0.45:
        sections.append("intimacy")
    if roll < threshold * 0.4:
        sections.append("note")
    return sections


def _body(checkin: CheckIn, rng: random.Random, d: int, shared: _Shared) -> None:
    flow = shared.period.get(d)
    checkin.bleeding = flow or _bleeding_after_loss(rng, d)
    if d <= 3:
        checkin.pain = rng.randint(5, 6)
    elif d <= 7:
        checkin.pain = rng.randint(3, 5)
    elif d <= 14:
        checkin.pain = rng.randint(1, 3)
    elif flow:
        checkin.pain = rng.randint(2, 5)
    else:
        checkin.pain = rng.choice([0, 0, 0, 1])
    if checkin.pain >= 2:
        checkin.symptoms.append("cramps")
    if d < 30 and rng.random() < 0.6:
        checkin.symptoms.append("tiredness")
    if flow and rng.random() < 0.3:
        checkin.custom_symptoms.append("Backache")
    if rng.random() < 0.05:
        checkin.custom_symptoms.append("Headache")


def _closeness(
    checkin: CheckIn, rng: random.Random, notes: _Notes, who: str, d: int, shared: _Shared
) -> None:
    kind = checkin.intimacy
    early = d < shared.first_sex + 42  # the first six weeks after the first time
    if d == shared.first_closeness:
        checkin.during, checkin.afterwards = 4, 4
        checkin.note = FIRST_CLOSENESS[who]
    elif d == shared.first_sex:
        checkin.during, checkin.afterwards = 3, 2
        checkin.note = FIRST_SEX[who]
    elif kind == "closeness":
        checkin.during = rng.choice([3, 4, 4, 5])
        checkin.afterwards = rng.choice([3, 4, 4, 5])
    else:
        checkin.during = rng.choice([2, 3, 3, 4] if early else [3, 4, 4, 5, 5])
        checkin.afterwards = rng.choice([1, 2, 3, 3, 4] if early else [3, 4, 4, 5])
        if d + 1 in shared.period_starts or d + 2 in shared.period_starts:
            checkin.afterwards = 2  # tears after, in the days before a period
    if d == LOSS_DAYS_AGO - 1 and who == "alex":
        checkin.afterwards = None
    if not checkin.note and rng.random() < 0.55:
        stretch = kind if kind == "closeness" else ("sex early" if early else "sex later")
        checkin.note = notes.deal((who, stretch))


# Questionnaires each person took, weeks before the demo's day, with their totals: easing,
# and never the self-harm item. Each is (instrument id, weeks ago, total).
QUESTIONNAIRES = {
    "alex": [
        ("phq9", 16, 14),
        ("gad7", 16, 12),
        ("phq9", 10, 11),
        ("gad7", 10, 9),
        ("phq9", 6, 8),
        ("gad7", 6, 7),
        ("phq9", 2, 6),
        ("gad7", 2, 5),
    ],
    "sam": [
        ("phq9", 14, 9),
        ("gad7", 14, 8),
        ("phq9", 8, 7),
        ("gad7", 8, 6),
        ("phq9", 3, 5),
        ("gad7", 3, 4),
    ],
}
# How often each offers them on the Wellbeing page: every four weeks.
QUESTIONNAIRE_EVERY_DAYS = 28


def answers_for(
    total: int, items: int, *, leave_out: frozenset[int] = frozenset()
) -> dict[int, int]:
    """Answers (0-3 each) to items 1..items that add up to `total`, spread evenly, with the
    items in `leave_out` answered 0."""
    answers = {number: 0 for number in range(1, items + 1)}
    open_items = [number for number in answers if number not in leave_out]
    if total > 3 * len(open_items):
        raise ValueError(f"{total} is more than {len(open_items)} items can add up to")
    for step in range(total):
        answers[open_items[step % len(open_items)]] += 1
    return answers
