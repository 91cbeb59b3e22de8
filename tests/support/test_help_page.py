"""/help/: help lines by country for anyone, with a number only where its source is verified."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.utils.html import escape

from afterwards.accounts.profile import Profile, profile_save
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.support import helplines

URL = "/help/"
LISTED = sorted({code for line in helplines.table() for code in line.countries})
UNLISTED = ["IN", "JP", "BR", "NO", ""]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Runs of digits joined by single spaces, dashes, dots or brackets: how numbers are written.
# Digits run into letters are a name (1800RESPECT), not a number to dial.
NUMBER_LIKE = re.compile(r"(?<![A-Za-z0-9])\+?\d(?:[ \-.()]?\d)*(?![A-Za-z0-9])")
YEAR = re.compile(r"(?:19|20)\d\d")


def _visible_text(page: str) -> str:
    """The words a person reads: tags and their attributes (tokens, file names) removed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def numbers_shown(page: str) -> tuple[list[str], list[str]]:
    """Every tel: link, and every number-like run of three or more digits in the text.
    A year standing alone (as in "checked November 2026" or a source's year) is not one."""
    tel = re.findall(r'href="tel:([^"]*)"', page)
    text = re.sub(rf"\b(?:{MONTHS}) (?:19|20)\d\d\b", " ", _visible_text(page))
    runs = [run for run in NUMBER_LIKE.findall(text) if len(_digits(run)) >= 3]
    return tel, [run for run in runs if not YEAR.fullmatch(run)]


def _verified_digits(code: str) -> set[str]:
    return {
        _digits(line.phone) for line in helplines.lines_for(code) if line.verified and line.phone
    }


def _assert_only_verified_numbers(page: str, code: str) -> None:
    allowed = _verified_digits(code)
    tel, runs = numbers_shown(page)
    for href in tel:
        assert _digits(href) in allowed and href == _digits(href), (code, href)
    for run in runs:
        assert _digits(run) in allowed, (code, run)


@pytest.mark.parametrize("code", LISTED + UNLISTED)
def test_every_number_on_the_help_page_has_a_verified_row(db, code):
    page = Client().get(URL, {"country": code} if code else {}).content.decode()

    _assert_only_verified_numbers(page, code)
    tel, _ = numbers_shown(page)
    assert set(tel) == {
        _digits(line.phone) for line in helplines.lines_for(code) if line.phone_shown
    }


def test_the_scan_finds_a_number_that_slipped_in():
    page = '<p>Call <a href="tel:01924200799">01924 200799</a> or 0303 003 6464 today.</p>'
    tel, runs = numbers_shown(page)
    assert tel == ["01924200799"]
    assert runs == ["01924 200799", "0303 003 6464"]
    with pytest.raises(AssertionError):
        _assert_only_verified_numbers(page, "GB")
    assert numbers_shown("<p>Checked November 2026. Source: Sands 2018 publication.</p>") == (
        [],
        [],
    )


def test_unverified_numbers_never_reach_the_page(db):
    notes = [line.note for line in helplines.table() if not line.verified and line.note]
    hidden = {
        _digits(n) for note in notes for n in NUMBER_LIKE.findall(note) if len(_digits(n)) > 6
    }
    assert hidden, "the table should hold unverified numbers for this test to mean anything"
    for code in LISTED:
        page = _digits(Client().get(URL, {"country": code}).content.decode())
        assert not any(number in page for number in hidden), code


def test_the_uk_page_puts_crisis_first_then_urgent_medical_help_then_loss_then_perinatal(db):
    page = Client().get(URL, {"country": "GB"}).content.decode()

    order = [
        page.index('id="help-crisis"'),
        page.index('id="help-urgent"'),
        page.index('id="help-loss"'),
        page.index('id="help-perinatal"'),
    ]
    assert order == sorted(order)
    assert order[0] < page.index("Samaritans") < order[1] < page.index("NHS 111") < order[2]
    assert 'href="tel:116123"' in page and 'href="tel:999"' in page
    # The Miscarriage Association's number is disputed: its name and website, no number.
    assert "The Miscarriage Association" in page
    assert 'href="https://www.miscarriageassociation.org.uk"' in page
    assert "We could not confirm its number, so we show its website." in page
    assert "Number checked November 2026" in page
    assert "Showing help for <strong>United Kingdom</strong>" in page


def test_a_country_not_listed_gets_the_local_emergency_number_and_find_a_helpline(db):
    response = Client().get(URL, {"country": "jp"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "your local emergency number" in page
    assert 'href="https://findahelpline.com/jp"' in page
    assert "Find A Helpline for Japan" in page


def test_anyone_sees_general_help_without_choosing_a_country(db):
    response = Client().get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "your local emergency number" in page
    assert 'href="https://findahelpline.com"' in page
    assert '<label for="id_country">Show help for</label>' in page
    assert "tel:" not in page


def test_a_logged_in_persons_country_decides_and_another_can_be_picked(owner):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="US"))

    own = owner.client.get(URL).content.decode()
    picked = owner.client.get(URL, {"country": "GB"}).content.decode()

    assert 'href="tel:988"' in own and "988 Suicide" in own
    assert '<option value="US" selected>' in own
    assert 'href="tel:116123"' in picked and "tel:988" not in picked
    assert '<option value="GB" selected>' in picked


@pytest.mark.parametrize("value", ["zz", "<script>", "GBR", "\x00"])
def test_a_choice_that_is_not_a_country_is_refused_but_help_still_shows(db, value):
    response = Client().get(URL, {"country": value})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Please choose a country from the list." in page
    assert "your local emergency number" in page
    assert "<script>" not in page


def _section(response, purpose: str):  # type: ignore[no-untyped-def]
    return next(s for s in response.context["sections"] if s.purpose == purpose)


@pytest.mark.parametrize(
    ("kind", "first"),
    [
        ("stillbirth", "Sands"),
        ("tfmr", "ARC (Antenatal Results and Choices)"),
        ("ectopic", "The Ectopic Pregnancy Trust"),
        ("miscarriage", "The Miscarriage Association"),
    ],
)
def test_the_support_for_their_kind_of_loss_comes_first(owner, kind, first):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="GB"))
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind=kind))

    response = owner.client.get(URL)

    loss = [line.name for line in _section(response, "loss").lines]
    assert loss[0] == first
    section = response.content.decode().split('id="help-loss"')[1]
    assert section.index(escape(first)) < min(section.index(escape(name)) for name in loss[1:])
    assert "Suggested first, from what you told us about your loss." in section


def test_without_a_kind_the_table_order_holds(owner):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="GB"))

    response = owner.client.get(URL)

    loss = [line.name for line in _section(response, "loss").lines]
    assert loss == [line.name for line in helplines.lines_for("GB") if line.purpose == "loss"]
    assert "Suggested first" not in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_answered(db, method):
    assert getattr(Client(), method)(URL).status_code == 405


ANONYMOUS_PAGES = ["/", "/login/", "/signup/", "/recover/", "/help/", "/words/", "/no/such/page/"]
PERSON_PAGES = ["/journal/", "/journal/day/2026-01-05/", "/account/", "/about-your-loss/"]


def test_every_page_leads_to_help_in_one_tap(owner):
    for client, paths in ((Client(), ANONYMOUS_PAGES), (owner.client, PERSON_PAGES)):
        for path in paths:
            page = client.get(path).content.decode()
            assert 'class="help-link" href="/help/">Help now</a>' in page, path
            assert "find urgent help now" in page, path


def test_the_help_page_lists_every_red_flag_a_check_in_can_raise(client, db):
    from datetime import date

    from afterwards.journal.checkin import SYMPTOMS, CheckIn
    from afterwards.journal.red_flags import SIGNS, red_flags

    everything = CheckIn(day=date(2026, 3, 1), bleeding="heavy", pain=10, symptoms=list(SYMPTOMS))
    raised = {flag.key for flag in red_flags(everything)}
    listed = {key for sign in SIGNS for key in sign.keys}
    assert raised <= listed, raised - listed

    page = client.get("/help/", {"country": "GB"}).content.decode()
    for sign in SIGNS:
        assert escape(sign.words) in page
    assert "When your body needs care" in page


def test_where_each_line_comes_from_is_one_step_away_not_beside_each_number(db):
    page = Client().get(URL, {"country": "gb"}).content.decode()
    sources = page.split('<details class="help-sources">')[1]
    for line in helplines.lines_for("GB"):
        assert escape(line.source_label) in sources
    lines = page.split('<details class="help-sources">')[0]
    assert "Source:" not in lines


def test_the_help_page_says_shift_three_times_leaves_at_once(db):
    assert "press the Shift key three times" in Client().get(URL).content.decode()


@pytest.mark.parametrize(
    ("code", "name", "tel"),
    [
        ("GB", "National Domestic Abuse Helpline", "08082000247"),
        ("US", "National Domestic Violence Hotline", "18007997233"),
        ("AU", "1800RESPECT", "1800737732"),
        ("NZ", "Are You OK (family violence information line)", "0800456450"),
        ("IE", "Women&#x27;s Aid", "1800341900"),
    ],
)
def test_a_domestic_abuse_line_comes_after_urgent_help(db, code, name, tel):
    page = Client().get(URL, {"country": code}).content.decode()

    section = page.split('id="help-abuse"')[1].split('id="help-loss"')[0]
    assert page.index('id="help-urgent"') < page.index('id="help-abuse"')
    assert "If someone close to you hurts or frightens you" in page
    assert "No one deserves to be hurt, and you don't have to face it alone." in section
    assert name in section and f'href="tel:{tel}"' in section


def test_a_domestic_abuse_line_found_only_second_hand_shows_its_website(db):
    section = Client().get(URL, {"country": "GB"}).content.decode().split('id="help-abuse"')[1]
    section = section.split('id="help-loss"')[0]

    assert "Men&#x27;s Advice Line" in section
    assert 'href="https://mensadviceline.org.uk"' in section and "0327" not in section


def test_without_a_domestic_abuse_line_the_section_says_where_to_look(db):
    page = Client().get(URL, {"country": "FR"}).content.decode()

    section = page.split('id="help-abuse"')[1].split('id="help-loss"')[0]
    assert 'href="tel:112"' in section  # in danger now: the emergency number
    assert 'href="https://findahelpline.com/fr"' in section
