"""The partner sees the warning too: a red flag in a day shared with them (today or
yesterday, its body section shared by choice) shows a calm box on "How we're doing" and
on their Today page, worded for them, with their own country's numbers. Nothing else of
the day can raise it: not an unshared body section, not an older day, not a paused or
ended space."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from afterwards.accounts.profile import Profile, profile_save
from afterwards.couple import membership, space
from afterwards.couple.partner_flags import about_them, partner_flags
from afterwards.journal import services
from afterwards.journal.checkin import SYMPTOMS, CheckIn
from afterwards.journal.red_flags import red_flags
from afterwards.vault.models import PartnerWrap
from tests.couple.test_membership import link

TODAY = date(2026, 3, 28)
DAYS = "/together/days/"
TODAY_PAGE = f"/journal/day/{TODAY.isoformat()}/"
BOX = 'class="checkin-red-flags partner-red-flags"'


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def write(person, back: int, **answers) -> None:  # type: ignore[no-untyped-def]
    services.checkin_save(
        owner=person.user,
        keys=person.keys,
        checkin=CheckIn(day=TODAY - timedelta(days=back), **answers),
    )


def _page(person, path: str = DAYS) -> str:  # type: ignore[no-untyped-def]
    response = person.client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _box(page: str) -> str:
    start = page.index(BOX)
    return page[start : page.index("</section>", start)]


def _country(person, code: str) -> None:  # type: ignore[no-untyped-def]
    profile_save(owner=person.user, keys=person.keys, profile=Profile(country=code))


@pytest.fixture
def pair(owner, partner):  # type: ignore[no-untyped-def]
    """The owner shares their days with the partner, who reads them."""
    link(owner, partner)
    return owner, partner


def test_the_partner_sees_a_calm_box_with_their_own_countrys_numbers(pair):
    owner, partner = pair
    _country(owner, "GB")
    _country(partner, "US")  # the reader's numbers, not the writer's
    write(owner, 0, bleeding="heavy", share=["body"])

    box = _box(_page(partner))

    assert "Your partner may need care" in box
    assert "Today, your partner noted:" in box and "<li>Heavy bleeding</li>" in box
    assert "If this is happening now, they need medical help now" in box
    assert 'href="tel:911"' in box and "tel:999" not in box and "tel:111" not in box
    assert "You see this because your partner shared this part of their day with you." in box


def test_an_emergency_sign_puts_call_now_first_with_the_readers_number(pair):
    owner, partner = pair
    _country(partner, "AU")
    write(owner, 1, symptoms=["dizziness"], share=["body"])

    box = _box(_page(partner))

    assert "Yesterday, your partner noted:" in box
    first = box.index('class="checkin-call-first"')
    assert first < box.index("Who to call")
    assert '<a href="tel:000">call 000</a> now.' in box


def test_the_box_speaks_of_the_partner_not_to_them(pair):
    owner, partner = pair
    write(owner, 0, symptoms=["one_sided_pain"], share=["body"])

    box = _box(_page(partner))

    assert "Pain on one side of their tummy" in box
    assert not re.search(r"\byour (tummy|body)\b", box)


def test_without_a_country_the_box_offers_a_picker_not_a_guess(pair):
    owner, partner = pair
    write(owner, 0, symptoms=["fever"], share=["body"])

    box = _box(partner.client.get(DAYS, HTTP_ACCEPT_LANGUAGE="en-GB").content.decode())

    assert "your local emergency number" in box and "tel:" not in box
    assert 'action="/help/country/"' in box
    assert 'name="next" value="/together/days/"' in box


def test_choosing_a_country_in_the_box_brings_its_numbers_back_to_the_box(pair):
    owner, partner = pair
    write(owner, 0, symptoms=["fever"], share=["body"])

    response = partner.client.post("/help/country/", {"country": "GB", "next": "/together/days/"})

    assert response.status_code == 302 and response["Location"] == "/together/days/"
    box = _box(_page(partner))
    assert 'href="tel:999"' in box and 'action="/help/country/"' not in box


def test_the_today_page_shows_the_box_too(pair):
    owner, partner = pair
    _country(partner, "GB")
    write(owner, 0, pain=9, share=["body"])

    box = _box(_page(partner, TODAY_PAGE))

    assert "Pain of 9 out of 10" in box and 'href="tel:999"' in box


def test_another_days_page_does_not(pair):
    owner, partner = pair
    write(owner, 0, pain=9, share=["body"])

    assert BOX not in _page(partner, f"/journal/day/{(TODAY - timedelta(days=1)).isoformat()}/")


def test_nothing_shows_when_the_body_section_was_not_shared(pair):
    owner, partner = pair
    write(
        owner,
        0,
        bleeding="heavy",
        pain=10,
        symptoms=["dizziness"],
        note="soaking a pad an hour, dizzy",
        share=["mood", "note"],
    )

    for path in (DAYS, TODAY_PAGE):
        page = _page(partner, path)
        assert BOX not in page and "Your partner may need care" not in page


def test_nothing_shows_for_a_day_older_than_yesterday(pair):
    owner, partner = pair
    write(owner, 2, bleeding="heavy", share=["body"])

    page = _page(partner)
    assert "Heavy" in page  # the day itself is there, as shared
    assert BOX not in page and BOX not in _page(partner, TODAY_PAGE)


def test_nothing_shows_while_the_sharer_has_paused(pair):
    owner, partner = pair
    write(owner, 0, bleeding="heavy", share=["body"])
    space.sharing_pause(owner=owner.user)

    assert BOX not in _page(partner) and BOX not in _page(partner, TODAY_PAGE)


def test_nothing_shows_after_leaving(pair):
    owner, partner = pair
    write(owner, 0, bleeding="heavy", share=["body"])
    membership.couple_leave(user=partner.user)

    assert BOX not in _page(partner, TODAY_PAGE)
    assert partner.client.get(DAYS).status_code == 302


def test_a_person_is_not_shown_their_own_flags_as_their_partners(pair):
    owner, partner = pair
    write(owner, 0, bleeding="heavy", share=["body"])

    assert BOX not in _page(owner) and BOX not in _page(owner, TODAY_PAGE)


def test_a_copy_that_does_not_open_leaves_today_as_it_was(pair):
    owner, partner = pair
    write(owner, 0, bleeding="heavy", share=["body"])
    wrap = PartnerWrap.objects.get()
    wrap.wrap = bytes(wrap.wrap)[:-1] + bytes([bytes(wrap.wrap)[-1] ^ 1])
    wrap.save()

    assert BOX not in _page(partner, TODAY_PAGE)


def test_the_today_page_reads_the_same_queries_however_many_days_are_shared(pair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner, partner = pair
    write(owner, 0, bleeding="heavy", share=["body"])
    partner.client.get(TODAY_PAGE)  # the first visit of the day also notes it

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert BOX in _page(partner, TODAY_PAGE)
        return len(captured)

    few = queries()
    for back in range(1, 40):
        write(owner, back, mood=3, share=["mood", "body"])
    partner.client.get(TODAY_PAGE)  # the new copies seen once
    assert queries() == few


def test_today_opens_only_the_copies_it_has_not_seen_to_be_of_older_days(pair, monkeypatch):
    from afterwards.vault import services as vault

    owner, partner = pair
    for back in range(0, 10):
        write(owner, back, bleeding="heavy" if back == 0 else None, mood=3, share=["body"])
    opened: list[object] = []
    real = vault.entry_open_shared

    def counting(entry, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(entry.pk)
        return real(entry, *args, **kwargs)

    monkeypatch.setattr(vault, "entry_open_shared", counting)

    assert BOX in _page(partner, TODAY_PAGE)
    assert len(opened) == 10  # once, every copy
    opened.clear()
    assert BOX in _page(partner, TODAY_PAGE)
    assert len(opened) == 2  # then today's and yesterday's only
    opened.clear()
    write(owner, 5, mood=1, symptoms=["fever"], share=["body"])  # an older day changed
    assert BOX in _page(partner, TODAY_PAGE)
    assert len(opened) == 3  # its new copy, once
    session = partner.client.session.get("partner_copies_past", "")
    assert session and "2026-" not in session  # sealed to the browser's cookie


# --- The words, for every flag a check-in can raise ------------------------------------


def test_about_them_turns_the_second_person_into_the_third():
    assert about_them("Pain on one side of your tummy") == "Pain on one side of their tummy"
    assert about_them("Your chest hurts, you're dizzy, you feel faint") == (
        "Their chest hurts, they're dizzy, they feel faint"
    )
    assert about_them("Heavy bleeding") == "Heavy bleeding"


def test_every_flag_a_check_in_can_raise_reads_about_the_partner():
    """Whatever flags journal/red_flags.py raises, now or later, none speaks to the reader."""
    symptoms = [key for key in SYMPTOMS if key != "cramps"]
    seen = set()
    for size in (1, 2):
        for chosen in itertools.combinations(symptoms, size):
            for bleeding, pain in (("heavy", 10), (None, None)):
                day = CheckIn(
                    day=TODAY, bleeding=bleeding, pain=pain, symptoms=list(chosen), share=["body"]
                )
                found = partner_flags({TODAY: day}, today=TODAY)
                if found is None:
                    assert not red_flags(day)
                    continue
                for words in found.days[0].noted:
                    seen.add(words)
                    assert not re.search(r"\b(you|your|you're)\b", words, re.I), words
    everything = CheckIn(day=TODAY, bleeding="heavy", pain=10, symptoms=symptoms)
    assert len(seen) >= len(red_flags(everything))  # every flag was met at least once


def test_a_copy_holding_body_answers_outside_its_shared_sections_raises_nothing():
    """Defence in depth: only a copy that names the body section as shared is read."""
    crafted = CheckIn(day=TODAY, bleeding="heavy", symptoms=["dizziness"], share=["mood"])

    assert partner_flags({TODAY: crafted}, today=TODAY) is None
