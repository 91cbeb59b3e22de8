"""The vault kinds that exist only because two people share a space.

Leaving the space deletes every entry of these kinds that either partner owns, in the
same transaction as every partner wrap between them (membership.couple_leave).
"""

from __future__ import annotations

PIN = "couple_pin"  # the partner's public key, as this person's session first saw it
SHARED_CHECKIN = "shared_checkin"  # the parts of one day a person chose to share

# Readiness and nudges (couple/readiness.py, couple/nudges.py). The answers themselves
# are private and never wrapped, but they are about this one partner: leaving deletes
# them, so an answer given for one person never reaches another.
READINESS = "readiness"  # a person's own yes / maybe / not yet, and the items they added
READINESS_OFFER = "readiness_offer"  # the ids the person marked yes or maybe, for the partner
READINESS_ITEMS = "readiness_items"  # the words of the person's own items, for the partner
NUDGE = "nudge"  # the one prepared message waiting for the partner
NUDGE_ANSWER = "nudge_answer"  # a copy for the sender: the prepared words answering their nudge
NUDGE_RECEIVED = "nudge_received"  # the nudge last shown to this person, until they answer it
# A question for the two of you (couple/questions/): each person's own answer, never
# wrapped, and the copy of it boxed to the partner, which the partner's pages open only
# for a question they answered themselves.
QUESTION_ANSWER = "question_answer"
QUESTION_COPY = "question_copy"
# A person's part of a couple report, given with their consent (afterwards/report/couple.py).
REPORT_PART = "report_part"
# What a person's "How we're doing" keeps of the copies it has opened, both people's: a
# few bytes of each copy's id, its day and its grief (couple/shared_days.py). Never
# wrapped; pausing deletes both people's (couple/space.py), leaving deletes it.
SHARED_DAYS_SEEN = "shared_days_seen"

# Copies boxed to the partner: pausing one's sharing deletes every one of these, and
# nothing else (the pin and the private readiness answers stay for resuming).
SHARED_KINDS = frozenset(
    {
        SHARED_CHECKIN,
        READINESS_OFFER,
        READINESS_ITEMS,
        NUDGE,
        NUDGE_ANSWER,
        REPORT_PART,
        QUESTION_COPY,
    }
)

# Deleted, for both people, on leaving: the copies, the pin, and what each person wrote
# or chose for this one partner (readiness answers, answers to questions, a nudge to
# answer), and what each kept of the other's shared days.
COUPLE_KINDS = SHARED_KINDS | {PIN, READINESS, QUESTION_ANSWER, NUDGE_RECEIVED, SHARED_DAYS_SEEN}

# The person's own preference, not the couple's: which parts of a new day start ticked
# for sharing. It outlives leaving (it says nothing about anyone else), so it is kept
# out of COUPLE_KINDS.
SHARE_DEFAULTS = "share_defaults"
