"""For the therapist: each person's private list, typed or from a question both answered,
and into a report only when ticked there, into a couple report only as part of what the
person consents to give (listed word for word before they do)."""

from __future__ import annotations

from datetime import timedelta

from afterwards.couple import membership, sharing, therapist
from afterwards.report import couple, parts
from afterwards.vault.models import PartnerWrap
from tests.couple.test_membership import link
from tests.couple.test_questions import answer, day_path, question_today, today
from tests.report.conftest import TODAY, contents, write

PAGE = "/together/therapist/"
MAKE = "/report/make/"
ITEM = "How we talk on Sunday evenings"


def test_a_person_keeps_a_private_list_of_their_own_words(owner, partner):
    link(owner, partner)
    response = owner.client.post(PAGE, {"words": f"  {ITEM}\n"}, follow=True)
    assert response.status_code == 200
    assert "Added to your list." in response.content.decode() and ITEM in response.content.decode()
    assert therapist.report_lines(owner=owner.user, keys=owner.keys) == [ITEM]
    assert not PartnerWrap.objects.filter(entry__kind=therapist.KIND).exists()
    assert ITEM not in partner.client.get(PAGE).content.decode()

    (item,) = therapist.items_get(owner=owner.user, keys=owner.keys)
    assert owner.client.post(f"{PAGE}{item.id}/remove/").status_code == 302
    assert therapist.items_get(owner=owner.user, keys=owner.keys) == []
    # Someone else's item, or none: 404.
    assert partner.client.post(f"{PAGE}{item.id}/remove/").status_code == 404


def test_an_item_is_checked(outsider):
    for words, said in (
        ("   ", "Please write a few words."),
        ("x" * 301, "Please keep it to 300 characters or fewer."),
    ):
        response = outsider.client.post(PAGE, {"words": words})
        assert response.status_code == 400
        assert said in response.content.decode()
    for n in range(therapist.ITEMS_MAX):
        therapist.item_add_words(owner=outsider.user, keys=outsider.keys, words=f"Item {n}")
    full = outsider.client.post(PAGE, {"words": "One more"})
    assert full.status_code == 400
    assert "Your list holds up to 40 items." in full.content.decode()


def test_a_question_both_answered_goes_on_the_list_without_either_answer(owner, partner):
    link(owner, partner)
    owner.client.post("/together/questions/choices/", {"rhythm": "daily"})
    answer(owner, "My private words.")
    answer(partner, "Their private words.")
    page = owner.client.get(day_path(today())).content.decode()
    assert "Bring this to our therapist" in page

    owner.client.post(day_path(today(), "therapist/"), {"on": "on"})

    (line,) = therapist.report_lines(owner=owner.user, keys=owner.keys)
    assert question_today(owner).text in line
    assert "private words" not in line
    assert "This question is on your" in owner.client.get(day_path(today())).content.decode()
    owner.client.post(day_path(today(), "therapist/"), {"on": "on"})  # once, however often
    assert len(therapist.items_get(owner=owner.user, keys=owner.keys)) == 1
    owner.client.post(day_path(today(), "therapist/"), {"on": "off"})
    assert therapist.items_get(owner=owner.user, keys=owner.keys) == []


def test_the_list_outlives_leaving_the_space(owner, partner):
    link(owner, partner)
    therapist.item_add_words(owner=owner.user, keys=owner.keys, words=ITEM)
    membership.couple_leave(user=partner.user)
    assert therapist.report_lines(owner=owner.user, keys=owner.keys) == [ITEM]
    assert ITEM in owner.client.get(PAGE).content.decode()


def test_the_list_goes_into_a_report_only_when_ticked(owner):
    therapist.item_add_words(owner=owner.user, keys=owner.keys, words=ITEM)
    page = owner.client.get("/report/").content.decode()
    assert "Your list for your therapist" in page

    left_out = owner.client.post(MAKE, contents(action="preview")).content.decode()
    ticked = owner.client.post(
        MAKE, contents(action="preview", therapist_list="on")
    ).content.decode()

    assert ITEM not in left_out and "To bring up in therapy" not in left_out
    assert "To bring up in therapy" in ticked and ITEM in ticked


def test_into_a_couple_report_only_through_the_consent_and_listed_before_it(owner, partner):
    link(owner, partner)
    write(partner, TODAY - timedelta(days=1), mood=3, grief=3)
    therapist.item_add_words(owner=partner.user, keys=partner.keys, words=ITEM)

    offered_without = partner.client.post(
        MAKE, contents(action="consent_confirm"), follow=True
    ).content.decode()
    assert "can now go into a couple report" in offered_without
    assert ITEM not in owner.client.post(MAKE, contents(action="couple_preview")).content.decode()

    asked = partner.client.post(
        MAKE, contents(action="consent", therapist_list="on")
    ).content.decode()
    assert "Your list for your therapist, every item in full:" in asked and ITEM in asked
    assert ITEM not in owner.client.post(MAKE, contents(action="couple_preview")).content.decode()

    partner.client.post(MAKE, contents(action="consent_confirm", therapist_list="on"))

    shown = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    assert "Their partner: To bring up in therapy" in shown and ITEM in shown
    copy = couple.partner_part(
        reader=owner.user,
        keys=owner.keys,
        pair=sharing.pair_for(owner=owner.user, keys=owner.keys),
    )
    assert copy is not None and copy["bring"] == [ITEM]
    reads = [read.words for read in parts.partner_reads(copy)]
    assert "Your list for your therapist, every item in full:" in reads
