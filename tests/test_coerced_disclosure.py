"""A partner pressing to see the other's answers (H-28): what a person keeps to themselves
shows nowhere on the partner's pages, even what they marked as one they would share,
until they share it themselves; and the partner's pages read the same whether there is
anything to keep or not."""

from __future__ import annotations

import html
import re

from django.utils import timezone

from afterwards.couple import membership
from afterwards.wellbeing import services
from afterwards.wellbeing.catalogue import instruments

NOTE = "the words I keep to myself"
PARTNER_PAGES = ("/together/", "/together/days/", "/wellbeing/", "/journal/day/", "/report/")


def _linked(owner, partner) -> None:  # type: ignore[no-untyped-def]
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    for person in (owner, partner):
        person.client.get("/together/")  # settling in: each pins the other's key


def _pages(person) -> str:  # type: ignore[no-untyped-def]
    return "".join(person.client.get(path, follow=True).content.decode() for path in PARTNER_PAGES)


def _words(page: str) -> str:
    """What a reader sees: the text, without tags (whose file names hold digits)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def test_a_result_marked_to_share_and_a_private_note_reach_none_of_the_partners_pages(
    owner, partner
):
    _linked(owner, partner)
    answers = {n: 3 for n in range(1, 10)}  # 27 on the PHQ-9, item 9 answered too
    result = services.result_save(
        owner=owner.user,
        keys=owner.keys,
        instrument=instruments()["phq9"],
        answers=answers,
        share=True,
    )
    today = timezone.localdate().isoformat()
    saved = owner.client.post(f"/journal/day/{today}/", {"mood": "1", "note": NOTE})
    assert saved.status_code == 302

    mine = _pages(owner)
    assert NOTE in mine and re.search(r"\b27\b", _words(mine))  # the search finds them

    seen = _pages(partner)

    assert NOTE not in seen
    assert not re.search(r"\b27\b", _words(seen))  # no total, however it is written
    assert str(result.id) not in seen
    for path in (f"/wellbeing/results/{result.id}/", f"/wellbeing/results/{result.id}/score/"):
        assert partner.client.get(path).status_code == 404
