"""The two of you, on the Patterns page: from shared copies only, the same for both."""

from __future__ import annotations

import re
from datetime import timedelta

import numpy as np

from afterwards.couple import membership
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.insights.conftest import TODAY


def link(owner, partner) -> None:
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)


def keep(person, day, mood, grief, share) -> None:
    services.checkin_save(
        owner=person.user,
        keys=person.keys,
        checkin=CheckIn(day=day, mood=mood, grief=grief, share=share),
    )


def hard_days_together(owner, partner, days: int, *, seed: int = 3) -> None:
    """Both share mood for `days` days, the partner's days going with the owner's."""
    rng = np.random.default_rng(seed)
    for n in range(days):
        day = TODAY - timedelta(days=n)
        mood = int(rng.integers(1, 6))
        keep(owner, day, mood, 6 - mood, ["mood"])
        theirs = int(np.clip(mood + rng.integers(-1, 2), 1, 5))
        keep(partner, day, theirs, 6 - theirs, ["mood"])


def couple_section(person) -> str:
    page = person.client.get("/patterns/").content.decode()
    found = re.search(r'<section aria-labelledby="couple-heading".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_hard_days_that_go_together_are_told_to_both_in_their_own_words(owner, partner):
    link(owner, partner)
    hard_days_together(owner, partner, 40)
    first, second = sorted((owner, partner), key=lambda person: person.user.pk)
    assert "one step harder for you, your partner&#x27;s day was" in couple_section(first)
    assert "one step harder for your partner, your day was" in couple_section(second)
    numbers = [re.findall(r"\d+\.\d", couple_section(p)) for p in (first, second)]
    assert numbers[0] == numbers[1] and numbers[0]


def test_only_shared_days_count_and_private_ones_change_nothing(owner, partner):
    link(owner, partner)
    hard_days_together(owner, partner, 40)
    before = couple_section(owner)
    for n in range(40, 80):  # the partner's private days, unlike the owner's
        keep(partner, TODAY - timedelta(days=n), 1, 5, [])
        keep(owner, TODAY - timedelta(days=n), 5, 1, [])
    assert couple_section(owner) == before


def test_too_few_shared_days_says_how_many_are_needed_without_pressing(owner, partner):
    link(owner, partner)
    hard_days_together(owner, partner, 12)
    section = couple_section(owner)
    assert "This needs 20 days or more that you both shared" in section
    assert "there is nothing either of you needs to do." in section
    assert "more days" not in section


def test_both_are_told_the_two_of_them_are_held_to_a_threshold_of_their_own(owner, partner):
    link(owner, partner)
    hard_days_together(owner, partner, 40)
    words = "What the two of you share is checked against a stricter test, the same on both"
    for person in (owner, partner):
        assert words in couple_section(person)
        page = person.client.get("/patterns/").content.decode()
        assert "checked apart from this, against a stricter threshold" in page


def test_no_couple_section_outside_a_space(owner):
    keep(owner, TODAY, 3, 3, ["mood"])
    assert couple_section(owner) == ""


def test_a_partner_copy_that_does_not_open_leaves_the_persons_own_patterns(owner, partner):
    from afterwards.vault.models import PartnerWrap

    link(owner, partner)
    hard_days_together(owner, partner, 25)
    wrap = PartnerWrap.objects.filter(reader=owner.user, entry__kind="shared_checkin").first()
    wrap.wrap = bytes(wrap.wrap)[:-1] + bytes([bytes(wrap.wrap)[-1] ^ 1])
    wrap.save()
    response = owner.client.get("/patterns/")
    assert response.status_code == 200
    assert "What your days show" in response.content.decode()
    assert couple_section(owner) == ""
