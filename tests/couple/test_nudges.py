"""Gentle nudges: prepared words only, to the partner only, seen once, never receipted."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from afterwards.couple import membership, nudges, space
from afterwards.couple.kinds import NUDGE, NUDGE_ANSWER, NUDGE_RECEIVED
from afterwards.vault.models import Entry, PartnerWrap
from tests.conftest import Person, make_person

PAGE = "/together/nudge/"
SETTINGS = "/together/nudge/settings/"


@pytest.fixture
def linked(owner: Person, partner: Person) -> tuple[Person, Person]:
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    return owner, partner


def shown_to(person: Person) -> nudges.Shown | None:
    """What the Today page or the Together home would show of nudges, on this visit."""
    request = RequestFactory().get("/journal/day/")
    request.user = person.user
    request.vault = person.keys
    return nudges.nudge_for(request)


def opens_the_app(person: Person) -> str | None:
    """The words of the partner's nudge the person is shown on this visit, if any."""
    shown = shown_to(person)
    return shown.words if shown else None


def without_tokens(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def test_a_nudge_is_shown_to_the_partner_once(linked):
    owner, partner = linked
    response = owner.client.post(PAGE, {"message": "thinking-of-you"}, follow=True)
    assert response.status_code == 200
    assert "It will be there the next time your partner opens the app" in (
        response.content.decode()
    )

    seen = shown_to(partner)
    assert seen is not None and seen.words == "Thinking of you"
    shown = render_to_string("couple/includes/nudge_received.html", {"nudge": seen})
    assert "From your partner" in shown and "Thinking of you" in shown
    assert "Your partner is not told whether you saw it" in shown

    assert opens_the_app(partner) is None
    assert not Entry.objects.filter(kind=NUDGE).exists()
    assert render_to_string("couple/includes/nudge_received.html", {"nudge": None}).strip() == ""


def test_the_sender_sees_nothing_of_their_own_nudge(linked):
    owner, _ = linked
    before = without_tokens(owner.client.get(PAGE).content)
    owner.client.post(PAGE, {"message": "talk-tonight"}, follow=True)  # the "Sent" line
    assert opens_the_app(owner) is None
    # No "waiting", no "seen": the page is as it was before.
    assert without_tokens(owner.client.get(PAGE).content) == before


def test_a_new_nudge_replaces_the_one_waiting(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "thinking-of-you"})
    owner.client.post(PAGE, {"message": "no-need-to-reply"})
    assert Entry.objects.filter(kind=NUDGE).count() == 1
    assert opens_the_app(partner) == "No need to reply"
    assert opens_the_app(partner) is None


def test_both_can_nudge_each_other_and_each_sees_only_the_others(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "go-gently"})
    partner.client.post(PAGE, {"message": "here-for-you"})
    assert opens_the_app(owner) == "I'm here whenever you need me"
    assert opens_the_app(partner) == "Go gently today"


def test_turning_nudges_off_deletes_a_waiting_one_unseen(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "thinking-of-you"})
    response = partner.client.post(SETTINGS, {"receive": "off"}, follow=True)
    assert response.status_code == 200
    assert "will not be shown. They are not told." in response.content.decode()
    assert not Entry.objects.filter(kind=NUDGE).exists()
    assert opens_the_app(partner) is None

    # Sent while off: deleted on the next visit, never shown.
    owner.client.post(PAGE, {"message": "talk-tonight"})
    assert opens_the_app(partner) is None
    assert not Entry.objects.filter(kind=NUDGE).exists()

    partner.client.post(SETTINGS, {"receive": "on"})
    owner.client.post(PAGE, {"message": "talk-tonight"})
    assert opens_the_app(partner) == "Would you like to talk tonight?"


def test_the_senders_pages_are_the_same_whether_the_partner_receives_nudges_or_not(linked):
    owner, partner = linked
    seen = []
    for receive in ("on", "off"):
        partner.client.post(SETTINGS, {"receive": receive})
        sent = owner.client.post(PAGE, {"message": "thinking-of-you"}, follow=True)
        seen.append(without_tokens(sent.content))
        seen.append(without_tokens(owner.client.get(PAGE).content))
        seen.append(without_tokens(owner.client.get("/together/").content))
    assert seen[:3] == seen[3:]


def test_the_receiving_choice_is_kept_and_offered_back(linked):
    _, partner = linked
    assert re.search(r'value="on"[^>]*checked', partner.client.get(PAGE).content.decode())
    partner.client.post(SETTINGS, {"receive": "off"})
    page = partner.client.get(PAGE).content.decode()
    assert re.search(r'value="off"[^>]*checked', page)
    assert not re.search(r'value="on"[^>]*checked', page)


def test_a_receiving_choice_not_offered_is_refused_calmly(linked):
    _, partner = linked
    response = partner.client.post(SETTINGS, {"receive": "sometimes"})
    assert response.status_code == 400
    assert "Please choose one of the two." in response.content.decode()


def test_only_the_prepared_messages_can_be_sent(linked):
    owner, partner = linked
    for data in ({"message": "Call me now"}, {}):
        response = owner.client.post(PAGE, data)
        assert response.status_code == 400
        assert "Please choose one of the messages offered." in response.content.decode()
    assert not Entry.objects.filter(kind=NUDGE).exists()
    assert opens_the_app(partner) is None


def test_a_nudge_goes_only_to_the_partner_whatever_the_form_says(linked, outsider):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "thinking-of-you", "to": outsider.user.pk})
    nudge_wraps = PartnerWrap.objects.filter(entry__kind=NUDGE)
    assert list(nudge_wraps.values_list("reader", flat=True)) == [partner.user.pk]
    assert opens_the_app(outsider) is None
    assert opens_the_app(partner) == "Thinking of you"


def test_a_nudge_cannot_be_sent_outside_a_space(outsider):
    response = outsider.client.get(PAGE)
    assert response.status_code == 200
    assert "Nudges are for two people who share a space." in response.content.decode()
    response = outsider.client.post(PAGE, {"message": "thinking-of-you"})
    assert response.status_code == 400
    assert "You don&#x27;t share a space at the moment" in response.content.decode()
    assert not Entry.objects.filter(kind=NUDGE).exists()


def test_a_person_from_another_couple_never_receives_this_couples_nudges(linked, outsider):
    owner, partner = linked
    other = make_person("ash")
    new = membership.invitation_create(inviter=outsider.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=other.user)
    owner.client.post(PAGE, {"message": "go-gently"})
    other.client.post(PAGE, {"message": "thinking-of-you"})
    assert opens_the_app(outsider) == "Thinking of you"
    assert opens_the_app(partner) == "Go gently today"


def test_after_leaving_a_waiting_nudge_is_gone_and_no_new_one_can_be_sent(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "thinking-of-you"})
    membership.couple_leave(user=partner.user)
    assert opens_the_app(partner) is None
    response = owner.client.post(PAGE, {"message": "talk-tonight"})
    assert response.status_code == 400
    assert not Entry.objects.filter(kind=NUDGE).exists()


def test_while_paused_a_person_sends_no_nudges_and_their_waiting_one_is_withdrawn(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "thinking-of-you"})
    space.sharing_pause(owner=owner.user)
    assert opens_the_app(partner) is None
    page = owner.client.get(PAGE).content.decode()
    assert "Your sharing is paused, so nudges are not sent." in page
    response = owner.client.post(PAGE, {"message": "talk-tonight"})
    assert response.status_code == 400
    assert "Your sharing is paused" in response.content.decode()
    assert not Entry.objects.filter(kind=NUDGE).exists()


def test_nobody_logged_out_is_shown_a_nudge(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert nudges.nudge_for(request) is None


def test_nothing_waiting_costs_one_query(linked, django_assert_num_queries):
    _, partner = linked
    with django_assert_num_queries(1):
        assert shown_to(partner) is None


# --- Answering a nudge ------------------------------------------------------------------

ANSWER = "/together/nudge/answer/"


def test_the_receiver_answers_with_prepared_words_and_the_sender_sees_it_once(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "talk-tonight"})
    page = partner.client.get("/together/").content.decode()
    assert "Would you like to talk tonight?" in page and "Answer with, if you like" in page

    response = partner.client.post(ANSWER, {"answer": "yes-tonight"}, follow=True)

    assert response.status_code == 200
    assert "Your partner will see your answer the next time they open the app" in (
        response.content.decode()
    )
    seen = owner.client.get("/together/").content.decode()
    assert "Your partner answered your nudge" in seen
    assert "Would you like to talk tonight?" in seen and "Yes, let&#x27;s talk tonight" in seen
    assert "Your partner answered your nudge" not in owner.client.get("/together/").content.decode()
    assert not Entry.objects.filter(kind=NUDGE_ANSWER).exists()


def test_a_nudge_is_answered_once_and_only_after_it_was_shown(linked):
    owner, partner = linked
    response = partner.client.post(ANSWER, {"answer": "thank-you"})
    assert response.status_code == 400
    assert "There is no nudge to answer at the moment." in response.content.decode()

    owner.client.post(PAGE, {"message": "go-gently"})
    assert opens_the_app(partner) == "Go gently today"
    page = partner.client.get(PAGE).content.decode()
    assert "Your partner sent you “Go gently today”" in page
    assert partner.client.post(ANSWER, {"answer": "thank-you"}).status_code == 302
    assert partner.client.post(ANSWER, {"answer": "needed-that"}).status_code == 400
    assert Entry.objects.filter(kind=NUDGE_ANSWER).count() == 1
    assert not Entry.objects.filter(kind=NUDGE_RECEIVED).exists()


def test_only_the_prepared_answers_can_be_sent(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "go-gently"})
    opens_the_app(partner)
    for data in ({"answer": "Call me"}, {}):
        response = partner.client.post(ANSWER, data)
        assert response.status_code == 400
        assert "Please choose one of the answers offered." in response.content.decode()
    assert not Entry.objects.filter(kind=NUDGE_ANSWER).exists()


def test_a_nudge_not_shown_cannot_be_answered_and_not_answering_sends_nothing(linked):
    owner, partner = linked
    partner.client.post(SETTINGS, {"receive": "off"})
    owner.client.post(PAGE, {"message": "go-gently"})
    assert opens_the_app(partner) is None
    assert partner.client.post(ANSWER, {"answer": "thank-you"}).status_code == 400
    partner.client.post(SETTINGS, {"receive": "on"})
    owner.client.post(PAGE, {"message": "thinking-of-you"})
    assert opens_the_app(partner) == "Thinking of you"
    # Seen, not answered: the sender's page is as if it had never been seen.
    assert shown_to(owner) is None
    assert not Entry.objects.filter(kind=NUDGE_ANSWER).exists()


def test_an_answer_waiting_is_withdrawn_by_pausing_and_gone_on_leaving(linked):
    owner, partner = linked
    owner.client.post(PAGE, {"message": "go-gently"})
    opens_the_app(partner)
    partner.client.post(ANSWER, {"answer": "thank-you"})
    space.sharing_pause(owner=partner.user)
    assert shown_to(owner) is None
    assert not Entry.objects.filter(kind=NUDGE_ANSWER).exists()

    owner.client.post(PAGE, {"message": "go-gently"})
    opens_the_app(partner)
    membership.couple_leave(user=owner.user)
    assert not Entry.objects.filter(kind__in=[NUDGE_ANSWER, NUDGE_RECEIVED]).exists()
    assert partner.client.post(ANSWER, {"answer": "thank-you"}).status_code == 400


def test_the_prepared_words_are_more_than_the_first_five(linked):
    assert len(nudges.MESSAGES) >= 10 and len(nudges.ANSWERS) >= 5
    owner, partner = linked
    page = owner.client.get(PAGE).content.decode()
    for words in nudges.MESSAGES.values():
        assert words.replace("'", "&#x27;") in page
