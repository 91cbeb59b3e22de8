"""/words/ and /words/<id>/: the cards, for anyone, filtered by audience without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape

from afterwards.guidance import cards
from afterwards.loss.about import PREGNANCY, AboutLoss, about_loss_save

URL = "/words/"


def test_the_list_shows_every_card_with_links_to_filter(db):
    response = Client().get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    for card in cards.library():
        assert f'href="/words/{card.id}/"' in page
        assert escape(card.title) in page
    for key, label in cards.AUDIENCES.items():
        assert f'href="/words/?for={key}">{label}</a>' in page
    assert '<a href="/words/" aria-current="page">All</a>' in page


@pytest.mark.parametrize("audience", list(cards.AUDIENCES))
def test_a_filter_shows_only_the_cards_for_that_audience(db, audience):
    response = Client().get(URL, {"for": audience})

    shown = response.context["cards"]
    assert shown and all(card.audience == audience for card in shown)
    assert shown == [card for card in cards.library() if card.audience == audience]
    assert f'href="/words/?for={audience}" aria-current="page"' in response.content.decode()


@pytest.mark.parametrize("value", ["everyone", "<script>", ""])
def test_an_unknown_filter_shows_every_card(db, value):
    response = Client().get(URL, {"for": value})

    assert response.status_code == 200
    assert len(response.context["cards"]) == len(cards.library())
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("card", cards.library(), ids=lambda c: c.id)
def test_every_card_has_a_page_showing_its_sources_and_review(db, card):
    response = Client().get(f"/words/{card.id}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{escape(card.title)}</h1>" in page
    sources = page.split('id="card-sources"')[1].split("</section>")[0]
    for source in card.citations():
        shown = escape(source.words)
        if source.url:
            shown = f'<a href="{escape(source.url)}" rel="noreferrer">{shown}</a>'
        assert f"<li>{shown}</li>" in sources, source.tag
    # Sources in words a reader can follow, never the facts' own tags.
    assert not re.search(r"\[?\bS\d+\b\]?", sources)
    assert f"Reviewed {card.reviewed:%B %Y}" in page


def test_a_card_that_does_not_exist_is_not_found(db):
    assert Client().get("/words/no-such-card/").status_code == 404


def test_a_logged_in_person_reads_their_own_words_and_is_told_so(owner, partner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(name="Wren"))
    about_loss_save(owner=partner.user, keys=partner.keys, about=AboutLoss(name=PREGNANCY))

    mine = owner.client.get("/words/person-grief-returns/").content.decode()
    theirs = partner.client.get("/words/person-grief-returns/").content.decode()
    stranger = Client().get("/words/person-grief-returns/").content.decode()

    assert "Grief for Wren does not" in mine
    assert 'We use your words here: <strong>Wren</strong>. <a href="/about-your-loss/">' in mine
    assert "Grief for the pregnancy does not" in theirs and "Wren" not in theirs
    assert "Grief for your loss does not" in stranger and "We use your words" not in stranger


def test_a_card_without_a_place_for_words_does_not_claim_to_use_them(owner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(name="Wren"))
    card = cards.card("person-body-timeline")
    assert card is not None and not card.uses_words

    page = owner.client.get("/words/person-body-timeline/").content.decode()

    assert "Wren" not in page


def body_of(page: str) -> str:
    return page.split('class="card-body"', 1)[1].split("</div>", 1)[0]


def test_a_card_speaks_of_the_loss_the_reader_named_and_only_of_it(owner, partner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind="ectopic"))
    about_loss_save(owner=partner.user, keys=partner.keys, about=AboutLoss(kind="miscarriage"))
    path = "/words/person-body-timeline/"

    ectopic = owner.client.get(path).content.decode()
    miscarriage = partner.client.get(path).content.decode()

    # The sources name theirs by their own titles; the card's own words are the body.
    assert "after an ectopic pregnancy, especially after surgery" in body_of(ectopic)
    assert "miscarriage" not in body_of(ectopic)
    assert "about two weeks after a miscarriage" in body_of(miscarriage)
    assert "ectopic" not in body_of(miscarriage)
    for page in (ectopic, miscarriage):
        assert "Some of this depends on the kind of loss" not in page


def test_a_reader_who_named_no_kind_reads_words_for_none_and_may_name_theirs(owner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind="unsaid"))
    path = "/words/person-body-timeline/"

    page = owner.client.get(path).content.decode()
    stranger = Client().get(path).content.decode()

    for words in (page, stranger):
        body = body_of(words)
        assert "When they are safe again depends on what happened" in body
        for kind in ("miscarriage", "ectopic", "methotrexate", "stillbirth"):
            assert kind not in body.lower(), kind
    assert "Some of this depends on the kind of loss." in page
    assert 'say yours in <a href="/about-your-loss/">About your loss</a>' in page
    assert "Some of this depends" not in stranger  # About your loss is for someone logged in
    unkeyed = owner.client.get("/words/partner-what-helps/").content.decode()
    assert "Some of this depends" not in unkeyed


def test_a_name_with_markup_is_shown_as_words(owner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(name="<i>Wren</i>"))

    page = owner.client.get("/words/person-grief-returns/").content.decode()

    assert "<i>Wren</i>" not in page and "&lt;i&gt;Wren&lt;/i&gt;" in page


@pytest.mark.parametrize("path", [URL, "/words/partner-what-helps/"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_answered(db, path, method):
    assert getattr(Client(), method)(path).status_code == 405


def test_the_nav_and_the_account_page_lead_here_and_to_about_your_loss(owner):
    assert 'href="/words/">Words that help</a>' in Client().get("/help/").content.decode()
    account = owner.client.get("/account/").content.decode()
    assert 'href="/about-your-loss/">About your loss</a>' in account
