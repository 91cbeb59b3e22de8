"""Making the demo's people and days through the same services the pages use."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from afterwards.accounts.models import User
from afterwards.accounts.profile import Profile, profile_save
from afterwards.accounts.services import account_create
from afterwards.couple import membership, space
from afterwards.demo.story import (
    COUNTRY,
    DUE_DAYS_AGO,
    LOSS_DAYS_AGO,
    NAME,
    PEOPLE,
    QUESTIONNAIRE_EVERY_DAYS,
    QUESTIONNAIRES,
    DemoPerson,
    answers_for,
    story,
)
from afterwards.journal.checkin import CheckIn
from afterwards.journal.services import checkin_save, checkins_all
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.vault import keyring
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Keyring
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing


def demo_loss(today: date) -> AboutLoss:
    """What each person says about the loss: both tell it the same way."""
    return AboutLoss(
        kind="miscarriage",
        loss_date=today - timedelta(days=LOSS_DAYS_AGO),
        due_date=today - timedelta(days=DUE_DAYS_AGO),
        name=NAME,
    )


def demo_seed(*, today: date) -> list[str]:
    """Make each demo person who is not there yet, with all their days. Returns who was made.

    Each person is made in one transaction: a person is there with every day, or not
    at all, so running it again never doubles anything and finishes what was cut short.
    Then the two share a space, and each shares the parts of days they marked.
    """
    days = story(today)
    made = []
    keys: dict[str, UnlockedKeys] = {}
    for person in PEOPLE:
        if User.objects.filter(username=person.username).exists():
            continue
        with transaction.atomic():
            keys[person.username] = _person_create(
                person, today=today, checkins=days[person.username]
            )
        made.append(person.username)
    _space_create(keys)
    return made


def _space_create(keys: dict[str, UnlockedKeys]) -> None:
    """Link the two, unless they already share a space, and settle each in: every part
    of a day they marked is shared, as it is when a real person's session first needs
    the pair. A space half-made by an earlier run is ended first."""
    first, second = (User.objects.get(username=person.username) for person in PEOPLE)
    if membership.shares_a_space(first, second):
        return
    for user in (first, second):
        membership.couple_leave(user=user)
    with transaction.atomic():
        invitation = membership.invitation_create(inviter=first).invitation
        membership.invitation_accept(invitation=invitation, acceptor=second)
        for person, user in zip(PEOPLE, (first, second), strict=True):
            opened = keys.get(person.username) or keyring.unlock_with_passphrase(
                user.keyring.stored(), person.passphrase
            )
            space.pair_ready(owner=user, keys=opened)
            # The days were written before the space existed, and a choice made outside
            # a space is never shared: each person marks their days again, in it.
            for checkin in checkins_all(owner=user, keys=opened).values():
                if checkin.share:
                    checkin_save(owner=user, keys=opened, checkin=replace(checkin, share_with=""))


def _person_create(person: DemoPerson, *, today: date, checkins: list[CheckIn]) -> UnlockedKeys:
    user, keys, _code = account_create(
        username=person.username, email="", passphrase=person.passphrase
    )
    # The recovery code is made up like everything else: not shown, never needed.
    Keyring.objects.filter(user=user).update(recovery_code_kept=True)
    profile_save(owner=user, keys=keys, profile=Profile(country=COUNTRY))
    about_loss_save(owner=user, keys=keys, about=demo_loss(today))
    for checkin in checkins:
        checkin_save(owner=user, keys=keys, checkin=checkin)
    _questionnaires_take(user, keys, person, today=today)
    return keys


def _questionnaires_take(
    user: User, keys: UnlockedKeys, person: DemoPerson, *, today: date
) -> None:
    """The questionnaires the person took, at noon on their days, and how often they chose."""
    instruments = catalogue.instruments()
    taken = QUESTIONNAIRES[person.username]
    for instrument_id, weeks_ago, total in taken:
        instrument = instruments[instrument_id]
        safety = frozenset(instrument.safety_items)
        day = today - timedelta(weeks=weeks_ago)
        wellbeing.result_save(
            owner=user,
            keys=keys,
            instrument=instrument,
            answers=dict(answers_for(total, len(instrument.items), leave_out=safety)),
            difficulty=1 if instrument.difficulty is not None else None,
            taken=datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone()),
        )
    every = {instrument_id: QUESTIONNAIRE_EVERY_DAYS for instrument_id, _, _ in taken}
    wellbeing.schedule_save(owner=user, keys=keys, every=every)
