"""Answers to the questions for the two of you, and what a page may show of them.

A person's answer is their own vault entry, one per day of this space (QUESTION_ANSWER,
never wrapped): the day, the question, their words, the prepared reply they sent, and
whether they hid the conversation from their own list. Its copy for the partner
(QUESTION_COPY) holds the day, the question, the words and the reply, and nothing
else: it is written as the answer is saved (and again when a reply is sent), boxed to
the partner's pinned key, under a tag only the two can compute (pairing.copy_tag), and it
obeys pausing and leaving like every copy (couple/kinds.py).

What a reader is shown of the partner's answer to a question (`_revealed`): nothing
until the reader has answered that same question and their own copy has reached the
partner (so a person whose sharing is paused sees no one's answers either). Before
that, a page never even looks the partner's copy up: its bytes are the same whether or
not the partner answered (tested).

The person's rhythm and the themes they opted into are their own preference
(SETTINGS), never shared, and outlive leaving. A skipped question is noted there too,
privately, for a week, so it is not offered again; nothing of it reaches anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from afterwards.couple import pins, sharing
from afterwards.couple.kinds import QUESTION_ANSWER, QUESTION_COPY
from afterwards.couple.models import Member
from afterwards.couple.questions.library import Question, library, question_day, question_of_day
from afterwards.couple.questions.pairing import copy_tag, pair_secret
from afterwards.vault import services as vault
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, PartnerWrap

SETTINGS = "question_settings"  # the person's rhythm, themes and skips; outlives leaving
DAILY = "daily"
FEW_DAYS = "few_days"
ASKED = "asked"
RHYTHMS: dict[str, str] = {
    DAILY: "Every day",
    FEW_DAYS: "Every few days",
    ASKED: "Only when I ask",
}
EVERY = {DAILY: 1, FEW_DAYS: 3}  # "only when I ask" offers none by itself
RHYTHM_DEFAULT = FEW_DAYS
OPEN_DAYS = 7  # a question can be answered on its day and the six days after
ANSWER_MAX = 2000  # characters

# Prepared replies to an answer, once both have answered. Ids never change: replies hold them.
REPLIES: dict[str, str] = {
    "thank-you": "Thank you for telling me",
    "talk-tonight": "Can we talk about this tonight?",
    "didnt-know": "I didn't know that",
    "same": "I feel the same",
    "hear-more": "I'd like to hear more, when you're ready",
    "with-you": "I'm with you in this",
    "understand": "That helps me understand you",
}


class CannotAnswer(Exception):
    """Why an answer, a reply or a skip cannot be taken, in words a person can read."""


# --- The person's own choices -----------------------------------------------------------


@dataclass
class Settings:
    rhythm: str = RHYTHM_DEFAULT
    themes: list[str] = field(default_factory=list)  # opt-in themes chosen
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (couple, day) kept a week

    @property
    def opted(self) -> frozenset[str]:
        return frozenset(self.themes)

    def to_content(self) -> dict[str, Any]:
        return {
            "rhythm": self.rhythm,
            "themes": sorted(self.themes),
            "skipped": [[couple, day] for couple, day in self.skipped],
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> Settings:
        opt_in = {theme.id for theme in library().opt_in_themes}
        rhythm = content.get("rhythm")
        themes = content.get("themes")
        skipped = content.get("skipped")
        return cls(
            rhythm=rhythm if rhythm in RHYTHMS else RHYTHM_DEFAULT,
            themes=sorted(t for t in (themes if isinstance(themes, list) else []) if t in opt_in),
            skipped=[
                (str(pair[0]), str(pair[1]))
                for pair in (skipped if isinstance(skipped, list) else [])
                if isinstance(pair, list) and len(pair) == 2
            ],
        )


def settings_get(*, owner: Any, keys: UnlockedKeys) -> Settings:
    content = vault.entry_find(owner=owner, keys=keys, kind=SETTINGS, index_value=SETTINGS)
    return Settings.from_content(content or {})


def settings_save(*, owner: Any, keys: UnlockedKeys, settings: Settings) -> None:
    vault.entry_put(
        owner=owner, keys=keys, kind=SETTINGS, index_value=SETTINGS, content=settings.to_content()
    )


# --- One person in one space, for one request ------------------------------------------


@dataclass(frozen=True)
class Talk:
    """A person in their space, with the pair's secret: what every function below needs."""

    owner: Any
    keys: UnlockedKeys
    pair: sharing.Pair
    secret: bytes
    settings: Settings

    @property
    def couple(self) -> str:
        return str(self.pair.member.couple_id)


def talk_for(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair) -> Talk:
    """Raises pins.PartnerKeyChanged if the pinned key gives no shared secret."""
    secret = pair_secret(
        keys=keys, partner_key=pair.partner_key, couple_id=str(pair.member.couple_id)
    )
    return Talk(owner, keys, pair, secret, settings_get(owner=owner, keys=keys))


def question_for(talk: Talk, day: date) -> Question:
    """The question `day` brings this person (library.question_of_day)."""
    return question_of_day(talk.secret, day, talk.settings.opted)


def offered_by_rhythm(talk: Talk, day: date) -> bool:
    """Whether the person's rhythm brings a question on this day without being asked."""
    every = EVERY.get(talk.settings.rhythm)
    return every is not None and question_day(talk.secret, day, every)


def skipped(talk: Talk, day: date) -> bool:
    return (talk.couple, day.isoformat()) in talk.settings.skipped


def day_open(day: date, today: date) -> bool:
    """Whether a question of this day can still be answered or skipped."""
    return today - timedelta(days=OPEN_DAYS - 1) <= day <= today


# --- Answers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    couple: str
    day: date
    question: str
    text: str
    reply: str = ""  # an id of REPLIES, once both have answered
    hidden: bool = False  # hidden from this person's own list (never in the copy)

    def to_content(self) -> dict[str, Any]:
        return self.to_copy() | {"hidden": self.hidden}

    def to_copy(self) -> dict[str, Any]:
        """All the partner's copy holds."""
        return {
            "couple": self.couple,
            "day": self.day.isoformat(),
            "question": self.question,
            "text": self.text,
            "reply": self.reply,
        }

    @property
    def reply_words(self) -> str:
        return REPLIES.get(self.reply, "")

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> Answer | None:
        """An answer as stored or copied, or None if it is not of the expected shape (a
        partner's copy is read with the same care as anything else from outside)."""
        try:
            day = date.fromisoformat(str(content.get("day")))
        except ValueError:
            return None
        text, question = content.get("text"), content.get("question")
        if not isinstance(text, str) or not isinstance(question, str) or len(text) > ANSWER_MAX:
            return None
        reply = content.get("reply")
        return cls(
            couple=str(content.get("couple")),
            day=day,
            question=question,
            text=text,
            reply=reply if reply in REPLIES else "",
            hidden=content.get("hidden") is True,
        )


def _index(couple: str, day: date) -> str:
    return f"{couple}|{day.isoformat()}"


def answer_own(talk: Talk, day: date) -> Answer | None:
    """The person's own answer of that day in this space, if they gave one: one query."""
    content = vault.entry_find(
        owner=talk.owner, keys=talk.keys, kind=QUESTION_ANSWER, index_value=_index(talk.couple, day)
    )
    answer = Answer.from_content(content) if content is not None else None
    return answer if answer is not None and answer.couple == talk.couple else None


def answers_own(talk: Talk) -> list[Answer]:
    """Every answer the person gave in this space, newest first: one query."""
    entries = Entry.objects.owned_by(talk.owner).of_kind(QUESTION_ANSWER)
    found = (Answer.from_content(vault.entry_open(entry, talk.keys)) for entry in entries)
    mine = [a for a in found if a is not None and a.couple == talk.couple]
    return sorted(mine, key=lambda a: a.day, reverse=True)


def text_clean(text: str) -> str:
    """The words as typed, without control characters (new lines kept) or blank ends."""
    kept = "".join(c for c in text.replace("\r\n", "\n") if c.isprintable() or c == "\n")
    return kept.strip()


def _own_tag(talk: Talk, answer: Answer) -> bytes:
    return copy_tag(
        talk.secret, author_key=talk.keys.public_key, day=answer.day, question=answer.question
    )


def _partner_tag(talk: Talk, answer: Answer) -> bytes:
    return copy_tag(
        talk.secret, author_key=talk.pair.partner_key, day=answer.day, question=answer.question
    )


def _copy_put(talk: Talk, answer: Answer) -> bool:
    """Write the partner's copy of this answer, replacing any earlier one: sharing.copy_put
    with the pair's tag for an index (the owner's blind index is one the partner cannot
    compute). False when the person is no longer in this space, or has paused sharing."""
    tag = _own_tag(talk, answer)
    member = talk.pair.member
    with transaction.atomic():
        # The membership row is the lock pausing and leaving take (sharing.copy_put).
        still = Member.objects.select_for_update().filter(
            pk=member.pk, couple_id=member.couple_id, paused=False
        )
        if not still.exists():
            return False
        Entry.objects.owned_by(talk.owner).of_kind(QUESTION_COPY).filter(index=tag).delete()
        entry = vault.entry_seal_new(
            owner=talk.owner,
            keys=talk.keys,
            kind=QUESTION_COPY,
            index_value=None,
            content=answer.to_copy(),
        )
        entry.index = tag  # not part of what is sealed: the entry's id, owner and kind are
        entry.save(force_insert=True)
        vault.entry_share(
            entry=entry,
            keys=talk.keys,
            reader=talk.pair.partner,
            reader_public_key=talk.pair.partner_key,
        )
    return True


def _save(talk: Talk, answer: Answer) -> None:
    vault.entry_put(
        owner=talk.owner,
        keys=talk.keys,
        kind=QUESTION_ANSWER,
        index_value=_index(talk.couple, answer.day),
        content=answer.to_content(),
    )


def answer_give(*, talk: Talk, day: date, question: str, text: str, today: date) -> bool:
    """Keep the person's answer to the day's question and send the partner their copy, in
    one transaction. True when the copy reached the partner; False while sharing is
    paused (the answer is kept, and shared on resuming). An answer, once given, stays as
    it was: the partner may already have read it."""
    words = text_clean(text)
    if not day_open(day, today):
        raise CannotAnswer("This question can no longer be answered.")
    if question != question_for(talk, day).id:
        raise CannotAnswer(
            "The question for this day changed while the page was open, because your themes "
            "changed. Here is the question as it is now; your words are kept below."
        )
    if not words:
        raise CannotAnswer("Please write an answer, or skip this question.")
    if len(words) > ANSWER_MAX:
        raise CannotAnswer(f"Please keep your answer to {ANSWER_MAX} characters or fewer.")
    answer = Answer(couple=talk.couple, day=day, question=question, text=words)
    with transaction.atomic():
        # The membership row first, as a copy does: two saves of one answer at once (a
        # double tap) take turns, and the second finds the first.
        list(Member.objects.select_for_update().filter(pk=talk.pair.member.pk).values_list("pk"))
        if answer_own(talk, day) is not None:
            raise CannotAnswer("You have already answered this question.")
        _save(talk, answer)
        return _copy_put(talk, answer) if talk.pair.sharing else False


def question_skip(*, talk: Talk, day: date, today: date) -> None:
    """Not this one: noted in the person's own settings for a week, and nowhere else."""
    if not day_open(day, today):
        raise CannotAnswer("This question can no longer be answered.")
    week = {(talk.couple, (today - timedelta(days=n)).isoformat()) for n in range(OPEN_DAYS)}
    kept = [each for each in talk.settings.skipped if each in week]
    mark = (talk.couple, day.isoformat())
    if mark not in kept:
        kept.append(mark)
    talk.settings.skipped = kept
    settings_save(owner=talk.owner, keys=talk.keys, settings=talk.settings)


def copies_refresh(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair) -> None:
    """Write again the partner's copy of every answer the person gave in this space, each
    with a new key: for resuming (pausing deleted them all)."""
    talk = talk_for(owner=owner, keys=keys, pair=pair)
    for answer in answers_own(talk):
        _copy_put(talk, answer)


# --- What a page shows -----------------------------------------------------------------


@dataclass(frozen=True)
class Conversation:
    """One question, the person's own answer, and the partner's once it may be shown."""

    day: date
    question: Question | None  # None: no longer in the library
    own: Answer
    reached: bool  # the person's own copy is with the partner
    partner: Answer | None = None  # only when both answered and the own copy reached them

    @property
    def question_text(self) -> str:
        return self.question.text if self.question else "A question no longer offered here"

    @property
    def label(self) -> str:
        return f"{self.day:%A} {self.day.day} {self.day:%B %Y}"


def _reached(talk: Talk, answers: list[Answer]) -> set[bytes]:
    """The tags, among these answers', of the copies the person has with the partner."""
    tags = [_own_tag(talk, a) for a in answers]
    if not tags:
        return set()
    found = (
        Entry.objects.owned_by(talk.owner)
        .of_kind(QUESTION_COPY)
        .filter(index__in=tags)
        .values_list("index", flat=True)
    )
    return {bytes(tag) for tag in found if tag is not None}


def _revealed(talk: Talk, answers: list[Answer]) -> dict[date, Answer]:
    """The partner's answers to the questions of `answers` (each one the reader gave, whose
    copy reached the partner), opened with the pinned key: one query, touching no other
    copy of the partner's. Raises pins.PartnerKeyChanged for a copy that does not open."""
    wanted = {_partner_tag(talk, a): a for a in answers}
    if not wanted:
        return {}
    wraps = PartnerWrap.objects.filter(
        reader=talk.owner,
        entry__owner=talk.pair.partner,
        entry__kind=QUESTION_COPY,
        entry__index__in=list(wanted),
    ).select_related("entry")
    revealed: dict[date, Answer] = {}
    for wrap in wraps:
        own = wanted[bytes(wrap.entry.index or b"")]
        try:
            content = vault.entry_open_shared(
                wrap.entry, wrap, talk.keys, owner_public_key=talk.pair.partner_key
            )
        except VaultError as error:
            raise pins.PartnerKeyChanged from error
        theirs = Answer.from_content(content)
        # Made by the partner, yet filed under another question's tag: not shown.
        if theirs is None or (theirs.couple, theirs.day, theirs.question) != (
            own.couple,
            own.day,
            own.question,
        ):
            continue
        revealed[own.day] = theirs
    return revealed


def conversations(talk: Talk, answers: list[Answer]) -> list[Conversation]:
    """The person's answers as conversations, in the order given, each with the partner's
    answer where it may be shown: two queries, whatever the number."""
    reached = _reached(talk, answers)
    shown = [a for a in answers if _own_tag(talk, a) in reached]
    partner = _revealed(talk, shown)
    questions = library().questions
    return [
        Conversation(
            day=a.day,
            question=questions.get(a.question),
            own=a,
            reached=_own_tag(talk, a) in reached,
            partner=partner.get(a.day),
        )
        for a in answers
    ]


def conversation(talk: Talk, day: date) -> Conversation | None:
    """The person's conversation of that day; None if they did not answer it."""
    own = answer_own(talk, day)
    return conversations(talk, [own])[0] if own is not None else None


def reply_send(*, talk: Talk, day: date, reply: str) -> None:
    """Send a prepared reply to the partner's answer: only once both have answered."""
    if reply not in REPLIES:
        raise CannotAnswer("Please choose one of the replies offered.")
    found = conversation(talk, day)
    if found is None or found.partner is None:
        raise CannotAnswer("A reply can be sent once you have both answered.")
    answer = replace(found.own, reply=reply)
    with transaction.atomic():
        _save(talk, answer)
        if not _copy_put(talk, answer):
            raise CannotAnswer("Your sharing is paused, so replies are not sent.")


def conversation_hide(*, talk: Talk, day: date, hidden: bool) -> bool:
    """Hide a conversation from the person's own list, or show it there again. The
    partner's list is theirs: it does not change. False if there is no such answer."""
    own = answer_own(talk, day)
    if own is None:
        return False
    if own.hidden != hidden:
        _save(talk, replace(own, hidden=hidden))
    return True


def hidden_show_all(*, talk: Talk) -> None:
    for answer in answers_own(talk):
        if answer.hidden:
            _save(talk, replace(answer, hidden=False))
