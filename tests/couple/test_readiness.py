"""Mutual readiness through the pages: only matches show, and a "not yet" never does."""

from __future__ import annotations

import re

import pytest

from afterwards.couple import membership, readiness, sharing, space
from afterwards.couple.kinds import READINESS, READINESS_ITEMS, READINESS_OFFER
from afterwards.vault import services as vault
from afterwards.vault.models import Entry, PartnerWrap
from tests.conftest import Person, make_person

PAGE = "/together/readiness/"
ADD = "/together/readiness/items/"


@pytest.fixture
def linked(owner: Person, partner: Person) -> tuple[Person, Person]:
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    return owner, partner


def answer(person: Person, **answers: str) -> None:
    """Save the person's answers through the form: every item named, the rest unanswered."""
    page = person.client.get(PAGE).content.decode()
    fields = set(re.findall(r'name="(item-[^"]+)"', page))
    data = {name: "" for name in fields}
    data.update({f"item-{item}": level for item, level in answers.items()})
    response = person.client.post(PAGE, data)
    assert response.status_code == 302, response.content
    person.client.get(PAGE)  # the "Saved" message is shown, and gone


def meet(person: Person) -> str:
    """The words of the "Where you meet" section of the person's page."""
    page = person.client.get(PAGE).content.decode()
    section = re.search(r'<section class="readiness-meet".*?</section>', page, re.DOTALL)
    assert section is not None
    return section.group(0)


def matched(person: Person) -> list[str]:
    return re.findall(r"<li>([^<]+)</li>", meet(person))


def without_tokens(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def test_a_match_shows_only_for_yes_and_yes_yes_and_maybe_or_maybe_and_maybe(linked):
    owner, partner = linked
    answer(
        owner, held="yes", cuddling="yes", massage="maybe", kissing="yes", touching="not_yet",
        sex="maybe",
    )  # fmt: skip
    answer(
        partner, held="yes", cuddling="maybe", massage="maybe", kissing="not_yet", touching="yes",
        showering="yes",
    )  # fmt: skip
    assert matched(owner) == ["Being held", "Cuddling", "Massage"]
    assert matched(partner) == ["Being held", "Cuddling", "Massage"]


def test_the_match_never_says_who_said_maybe(linked):
    owner, partner = linked
    answer(owner, held="maybe", kissing="yes")
    answer(partner, held="yes", kissing="yes")
    for person in linked:
        section = meet(person)
        assert "Being held" in section and "Kissing" in section
        # The same words on both pages, whoever said maybe.
        assert section == meet(linked[0])


def test_nothing_matches_until_both_have_answered(linked):
    owner, partner = linked
    answer(owner, held="yes", sex="yes")
    assert matched(owner) == [] and matched(partner) == []
    assert "No match at the moment. That is not a refusal" in meet(partner)


def test_the_partners_page_is_the_same_whether_the_other_said_not_yet_or_nothing(linked):
    owner, partner = linked
    answer(partner, held="yes", kissing="maybe", sex="yes")
    never_answered = without_tokens(partner.client.get(PAGE).content)
    pages = []
    for level in ("not_yet", ""):
        answer(owner, held="yes", sex=level)
        pages.append(without_tokens(partner.client.get(PAGE).content))
    assert pages[0] == pages[1]
    # Both show the one match, and nothing at all about sex.
    assert "Being held" in meet(partner) and "Sex" not in meet(partner)
    answer(owner, held="not_yet", sex="not_yet")
    assert without_tokens(partner.client.get(PAGE).content) == never_answered


def test_what_the_partner_can_open_is_the_same_for_not_yet_and_no_answer(linked):
    owner, partner = linked
    pair = sharing.pair_for(owner=partner.user, keys=partner.keys)
    opened, sizes = [], set()
    for level in ("not_yet", ""):
        answer(owner, held="yes", kissing=level)
        opened.append(
            sharing.copies_from_partner(
                reader=partner.user, keys=partner.keys, pair=pair, kind=READINESS_OFFER
            )
        )
        entry = Entry.objects.get(owner=owner.user, kind=READINESS_OFFER)
        sizes.add(len(bytes(entry.blob)))  # padded: the size says nothing either
    assert opened[0] == opened[1] == [{"items": ["held"]}]
    assert len(sizes) == 1


def test_changing_an_answer_to_not_yet_takes_the_match_away_for_both_at_once(linked):
    owner, partner = linked
    answer(owner, held="yes", kissing="yes")
    answer(partner, held="maybe", kissing="yes")
    assert matched(partner) == ["Being held", "Kissing"]
    answer(owner, held="not_yet", kissing="yes")
    assert matched(owner) == ["Kissing"]
    assert matched(partner) == ["Kissing"]


def test_the_offer_at_rest_holds_only_the_items_marked_yes_or_maybe(linked):
    owner, partner = linked
    answer(owner, held="yes", cuddling="maybe", massage="not_yet", sex="not_yet")
    offer = Entry.objects.get(owner=owner.user, kind=READINESS_OFFER)
    assert vault.entry_open(offer, owner.keys) == {"items": ["cuddling", "held"]}
    assert list(PartnerWrap.objects.filter(entry=offer).values_list("reader", flat=True)) == [
        partner.user.pk
    ]
    # The answers themselves are the person's own entry, boxed to nobody.
    answers = Entry.objects.get(owner=owner.user, kind=READINESS)
    assert not PartnerWrap.objects.filter(entry=answers).exists()
    content = vault.entry_open(answers, owner.keys)
    assert content["answers"] == {
        "cuddling": "maybe",
        "held": "yes",
        "massage": "not_yet",
        "sex": "not_yet",
    }


def test_answers_are_kept_and_offered_back_when_the_page_is_opened_again(linked):
    owner, _ = linked
    answer(owner, held="yes", massage="not_yet")
    page = owner.client.get(PAGE).content.decode()
    assert re.search(r'name="item-held" value="yes"[^>]*checked', page)
    assert re.search(r'name="item-massage" value="not_yet"[^>]*checked', page)
    assert re.search(r'name="item-sex" value=""[^>]*checked', page)


def test_the_page_says_plainly_what_is_and_is_not_shown(linked):
    owner, _ = linked
    response = owner.client.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your answers are never shown to your partner." in text
    assert "A match only appears where you both said yes or maybe" in text
    assert "No match is not a refusal, and it does not say why" in text
    assert '"not yet" and no answer look the same' in text
    assert "Answers can change any time." in text
    assert "Nobody is told when something matches." in text


def test_an_answer_not_offered_is_refused_calmly_and_nothing_changes(linked):
    owner, _ = linked
    answer(owner, held="yes")
    response = owner.client.post(PAGE, {"item-held": "always", "item-sex": "yes"})
    assert response.status_code == 400
    assert "Please choose yes, maybe, not yet or no answer." in response.content.decode()
    content = vault.entry_open(Entry.objects.get(owner=owner.user, kind=READINESS), owner.keys)
    assert content["answers"] == {"held": "yes"}


# --- Items of one's own ---------------------------------------------------------------


def test_an_item_of_ones_own_reaches_the_partner_as_a_question_and_never_the_answer(linked):
    owner, partner = linked
    response = owner.client.post(ADD, {"words": "  Holding   hands on a walk "})
    assert response.status_code == 302
    item = readiness.readiness_get(
        owner=owner.user,
        keys=owner.keys,
        pair=sharing.pair_for(owner=owner.user, keys=owner.keys),
    ).own_items[0]
    assert item.label == "Holding hands on a walk"
    page = owner.client.get(PAGE).content.decode()
    assert "Your partner will see these words so they can answer too." in page
    assert "They never see your answer." in page
    answer(owner, **{item.id: "yes"})

    theirs = partner.client.get(PAGE).content.decode()
    assert (
        'Holding hands on a walk <span class="readiness-source">(your partner\'s words)' in theirs
    )
    assert re.search(rf'name="item-{item.id}" value=""[^>]*checked', theirs)
    shared = sharing.copies_from_partner(
        reader=partner.user,
        keys=partner.keys,
        pair=sharing.pair_for(owner=partner.user, keys=partner.keys),
        kind=READINESS_ITEMS,
    )
    assert shared == [{"items": [{"id": item.id, "words": "Holding hands on a walk"}]}]

    answer(partner, **{item.id: "maybe"})
    assert matched(owner) == ["Holding hands on a walk"]
    assert matched(partner) == ["Holding hands on a walk"]


def test_removing_an_item_one_added_takes_it_and_its_match_away_for_both(linked):
    owner, partner = linked
    owner.client.post(ADD, {"words": "A bath together"})
    item_id = re.search(r'name="item-(own-[0-9a-f]{12})"', owner.client.get(PAGE).content.decode())
    assert item_id is not None
    answer(owner, **{item_id.group(1): "yes"})
    answer(partner, **{item_id.group(1): "yes"})
    assert matched(partner) == ["A bath together"]

    response = owner.client.post(f"/together/readiness/items/{item_id.group(1)}/remove/")
    assert response.status_code == 302
    for person in linked:
        page = person.client.get(PAGE).content.decode()
        assert "A bath together" not in page
    offer = Entry.objects.get(owner=owner.user, kind=READINESS_OFFER)
    assert vault.entry_open(offer, owner.keys) == {"items": []}


def test_only_the_person_who_added_an_item_can_remove_it(linked, outsider):
    owner, partner = linked
    owner.client.post(ADD, {"words": "A long hug"})
    item_id = re.search(r'name="item-(own-[0-9a-f]{12})"', owner.client.get(PAGE).content.decode())
    assert item_id is not None
    path = f"/together/readiness/items/{item_id.group(1)}/remove/"
    assert partner.client.post(path).status_code == 404
    assert outsider.client.post(path).status_code == 404
    assert "A long hug" in partner.client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("   ", "Please write a few words for the item."),
        ("x" * 61, "Please keep it to 60 characters or fewer."),
        ("cuddling", "This is already on the list."),
    ],
)
def test_the_words_of_an_item_are_checked_and_kept_as_typed(linked, words, message):
    owner, _ = linked
    response = owner.client.post(ADD, {"words": words})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if words.strip():
        assert f'value="{words}"' in page
    assert not Entry.objects.filter(owner=owner.user, kind=READINESS).exists()


def test_a_person_adds_a_few_items_of_their_own_and_no_more(linked):
    owner, _ = linked
    for number in range(readiness.OWN_ITEMS_MAX):
        assert owner.client.post(ADD, {"words": f"Item {number}"}).status_code == 302
    response = owner.client.post(ADD, {"words": "One more"})
    assert response.status_code == 400
    assert "You can add up to 5 items of your own." in response.content.decode()


def test_items_the_partner_shares_are_read_with_care(linked):
    owner, partner = linked
    pair = sharing.pair_for(owner=partner.user, keys=partner.keys)
    sharing.copy_put(
        owner=partner.user,
        keys=partner.keys,
        pair=pair,
        kind=READINESS_ITEMS,
        index_value=READINESS_ITEMS,
        content={
            "items": [
                {"id": "held", "words": "Taken over"},
                {"id": "own-0123456789ab", "words": "x" * 61},
                {"id": "own-0123456789ac", "words": "Fine words"},
                {"id": "<script>", "words": "Bad id"},
                "not an item",
            ]
        },
    )
    page = owner.client.get(PAGE).content.decode()
    assert "Fine words" in page
    assert "Taken over" not in page and "Bad id" not in page and "x" * 61 not in page


# --- Outside a space, pausing and leaving -------------------------------------------


def test_outside_a_space_nothing_is_asked(outsider):
    response = outsider.client.get(PAGE)
    assert response.status_code == 302 and response["Location"] == "/together/"
    for path, data in ((PAGE, {"item-held": "yes"}), (ADD, {"words": "A hug"})):
        response = outsider.client.post(path, data)
        assert response.status_code == 400
        assert "You don&#x27;t share a space at the moment" in response.content.decode()
    assert not Entry.objects.filter(owner=outsider.user).exclude(kind="profile").exists()


def test_a_person_from_another_couple_sees_nothing_of_this_one(linked, outsider):
    owner, partner = linked
    owner.client.post(ADD, {"words": "Our own words"})
    answer(owner, held="yes", kissing="yes")
    answer(partner, held="yes", kissing="yes")
    other = make_person("ash")
    new = membership.invitation_create(inviter=outsider.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=other.user)
    answer(outsider, held="yes", kissing="yes")
    answer(other, held="yes")

    assert matched(outsider) == ["Being held"]
    assert matched(owner) == ["Being held", "Kissing"]
    assert "Our own words" not in outsider.client.get(PAGE).content.decode()
    assert (
        not PartnerWrap.objects.filter(reader=outsider.user)
        .exclude(entry__owner=other.user)
        .exists()
    )


def test_leaving_ends_readiness_for_both_and_nothing_is_carried_to_another_space(linked, outsider):
    owner, partner = linked
    owner.client.post(ADD, {"words": "Breakfast in bed"})
    answer(owner, held="yes", sex="maybe")
    answer(partner, held="yes")
    membership.couple_leave(user=partner.user)

    assert not Entry.objects.filter(kind__in=[READINESS, READINESS_OFFER, READINESS_ITEMS]).exists()
    for person in linked:
        assert person.client.get(PAGE)["Location"] == "/together/"
    # A form still open from before is refused calmly.
    response = partner.client.post(PAGE, {"item-held": "yes"})
    assert response.status_code == 400
    assert "Readiness is for two people who share a space" in response.content.decode()
    assert not Entry.objects.filter(kind=READINESS).exists()

    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=outsider.user)
    page = owner.client.get(PAGE).content.decode()
    assert re.search(r'name="item-held" value=""[^>]*checked', page)
    assert "Breakfast in bed" not in page


def test_answers_kept_for_one_couple_are_not_read_in_another(linked):
    owner, _ = linked
    pair = sharing.pair_for(owner=owner.user, keys=owner.keys)
    vault.entry_put(
        owner=owner.user,
        keys=owner.keys,
        kind=READINESS,
        index_value=READINESS,
        content={"couple": "another couple", "answers": {"sex": "yes"}, "own_items": []},
    )
    assert readiness.readiness_get(owner=owner.user, keys=owner.keys, pair=pair).answers == {}


def test_pausing_hides_where_they_meet_and_keeps_the_answers_for_resuming(linked):
    owner, partner = linked
    answer(owner, held="yes", kissing="maybe")
    answer(partner, held="yes", kissing="yes")
    assert space.sharing_pause(owner=owner.user)

    assert not Entry.objects.filter(owner=owner.user, kind=READINESS_OFFER).exists()
    assert matched(partner) == []
    assert "Your sharing is paused, so where you meet is hidden" in meet(owner)
    assert matched(owner) == []

    assert space.sharing_resume(owner=owner.user, keys=owner.keys)
    pair = sharing.pair_for(owner=owner.user, keys=owner.keys)
    readiness.readiness_offer_refresh(owner=owner.user, keys=owner.keys, pair=pair)
    assert matched(partner) == ["Being held", "Kissing"]
    assert matched(owner) == ["Being held", "Kissing"]


def test_saving_while_paused_shares_nothing(linked):
    owner, partner = linked
    answer(partner, held="yes")
    space.sharing_pause(owner=owner.user)
    answer(owner, held="yes")
    owner.client.post(ADD, {"words": "A slow dance"})
    assert not Entry.objects.filter(
        owner=owner.user, kind__in=[READINESS_OFFER, READINESS_ITEMS]
    ).exists()
    assert "A slow dance" not in partner.client.get(PAGE).content.decode()
    assert matched(partner) == []


def test_the_page_reads_a_fixed_handful_of_rows_whatever_was_answered(
    linked, django_assert_max_num_queries
):
    owner, partner = linked
    owner.client.get(PAGE)  # settled in: the partner's key pinned
    # Session, person, keys; the space, the partner and the pin; the answers; the
    # partner's two copies. Nothing grows with the number of items or answers.
    with django_assert_max_num_queries(9):
        owner.client.get(PAGE)
    for number in range(3):
        owner.client.post(ADD, {"words": f"Item {number}"})
        partner.client.post(ADD, {"words": f"Their item {number}"})
    answer(owner, held="yes", kissing="maybe")
    answer(partner, held="yes", kissing="yes")
    with django_assert_max_num_queries(9):
        owner.client.get(PAGE)


def _own_item_id(person: Person) -> str:
    return (
        readiness.readiness_get(
            owner=person.user,
            keys=person.keys,
            pair=sharing.pair_for(owner=person.user, keys=person.keys),
        )
        .own_items[0]
        .id
    )


def test_a_partners_item_can_be_hidden_and_never_matches_and_nobody_is_told(linked):
    owner, partner = linked
    owner.client.post(ADD, {"words": "A bath together"})
    item = _own_item_id(owner)
    answer(owner, **{item: "yes"})
    owners_page_unanswered = without_tokens(owner.client.get(PAGE).content)
    answer(partner, **{item: "yes"})
    assert matched(partner) == ["A bath together"]

    response = partner.client.post(f"/together/readiness/partner-items/{item}/hide/")

    assert response.status_code == 302
    page = partner.client.get(PAGE).content.decode()
    assert "A bath together" not in page
    assert "Show the items I hid again" in page
    assert matched(partner) == [] and matched(owner) == []
    # The one who added it sees exactly what they saw before the partner answered.
    assert without_tokens(owner.client.get(PAGE).content) == owners_page_unanswered

    partner.client.post("/together/readiness/partner-items/show/")
    assert "A bath together" in partner.client.get(PAGE).content.decode()
    assert matched(partner) == []  # the answer went with the hiding: asked afresh


def test_only_an_item_the_partner_added_can_be_hidden(linked):
    owner, partner = linked
    owner.client.post(ADD, {"words": "Mine to keep"})
    item = _own_item_id(owner)
    assert owner.client.post(f"/together/readiness/partner-items/{item}/hide/").status_code == 404
    assert partner.client.post("/together/readiness/partner-items/held/hide/").status_code == 404
    missing = "own-000000000000"
    assert (
        partner.client.post(f"/together/readiness/partner-items/{missing}/hide/").status_code == 404
    )


def test_an_item_the_partner_removed_leaves_nothing_hidden_to_show(linked):
    owner, partner = linked
    owner.client.post(ADD, {"words": "A bath together"})
    item = _own_item_id(owner)
    partner.client.post(f"/together/readiness/partner-items/{item}/hide/")
    owner.client.post(f"/together/readiness/items/{item}/remove/")
    page = partner.client.get(PAGE).content.decode()
    assert "Items your partner added" not in page
    assert "Show the items I hid again" not in page
