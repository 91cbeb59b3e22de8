"""/together/days/, "How we're doing": each partner's shared days side by side, and
nothing at all about what either keeps private."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from afterwards.couple import membership
from afterwards.journal import services
from afterwards.journal.checkin import KIND, CheckIn
from afterwards.vault.models import Entry
from tests.conftest import make_person
from tests.couple.test_membership import link

TODAY = date(2026, 3, 28)
URL = "/together/days/"


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def write(person, back: int, **answers) -> None:  # type: ignore[no-untyped-def]
    services.checkin_save(
        owner=person.user,
        keys=person.keys,
        checkin=CheckIn(day=TODAY - timedelta(days=back), **answers),
    )


def _page(person) -> str:  # type: ignore[no-untyped-def]
    response = person.client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def _shared_days(owner, partner) -> None:  # type: ignore[no-untyped-def]
    link(owner, partner)
    write(owner, 0, mood=2, grief=4, bleeding="light", note="a slow walk", share=["mood", "note"])
    write(owner, 3, mood=3, grief=3, intimacy="closeness", during=4, share=["intimacy"])
    write(partner, 0, mood=4, grief=2, note="thinking of you all day", share=["mood"])
    write(partner, 1, mood=3, grief=3, share=["mood", "note"])


def test_outside_a_space_the_page_leads_to_together(owner):
    response = owner.client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/together/"


def test_someone_who_left_is_led_to_together_too(owner, partner):
    _shared_days(owner, partner)
    membership.couple_leave(user=partner.user)

    assert partner.client.get(URL)["Location"] == "/together/"
    assert owner.client.get(URL)["Location"] == "/together/"


def test_each_sees_both_shared_moods_and_griefs_side_by_side(owner, partner):
    _shared_days(owner, partner)

    response = partner.client.get(URL)

    page = response.content.decode()
    assert "couple/days.html" in [t.name for t in response.templates]
    assert page.count('role="img"') == 2  # one drawing for mood, one for grief
    assert 'aria-labelledby="mood-chart-summary"' in page
    assert 'id="grief-chart-summary"' in page
    assert "Yours: between Okay and Good; most recently Good, on 28 March." in page
    assert "Your partner&#x27;s: always Low; most recently Low, on 28 March." in page
    assert 'class="pair-point-own" data-day="2026-03-28" data-value="4"' in page
    assert 'class="pair-point-partner" data-day="2026-03-28" data-value="2"' in page
    assert (
        '<tr><th scope="row">28 March</th><td>Good</td><td>Low</td>'
        "<td>A little</td><td>A lot</td></tr>" in page
    )


def test_the_day_by_day_list_shows_what_each_chose_and_nothing_else(owner, partner):
    _shared_days(owner, partner)

    theirs = _page(partner)
    mine = _page(owner)

    for page in (theirs, mine):
        assert "a slow walk" in page  # the owner shared their note today
        assert "<dt>Closeness or sex</dt><dd>Closeness (being held, touch)</dd>" in page
        assert "thinking of you all day" not in page  # the partner kept their note
        assert "Bleeding" not in page  # the owner kept their body
    # The owner's own side is exactly what the partner's page shows of them.
    owner_side = re.findall(r"<h4>You</h4>(.*?)</dl>", mine, re.S)
    partner_view = re.findall(r"<h4>Your partner</h4>(.*?)</dl>", theirs, re.S)
    assert owner_side == partner_view and len(owner_side) == 2


def test_only_the_last_two_weeks_show(owner, partner):
    link(owner, partner)
    write(owner, 13, mood=5, note="the first day of the window", share=["note"])
    write(owner, 14, mood=1, note="a day before the window", share=["mood", "note"])

    page = _page(partner)

    assert "the first day of the window" in page
    assert "a day before the window" not in page and "Very low" not in page


def test_nothing_shared_yet_is_said_gently_without_counting(owner, partner):
    link(owner, partner)
    write(owner, 0, mood=1, note="private")

    page = _page(partner)

    assert "When either of you shares how you are on a day, it shows here" in page
    text = re.sub(r"<[^>]+>", " ", page).lower()
    for word in ("missing", "no entry", "missed", "streak", "private", "paused", "skipped"):
        assert word not in text, word


def test_the_partners_page_is_the_same_however_many_private_days_the_other_keeps(owner, partner):
    """The page's words and its size follow what was shared, never what was kept."""
    _shared_days(owner, partner)
    before = _without_tokens(_page(partner))

    for back in [1, 2, *range(4, 42)]:  # every day around the two it shares
        write(owner, back, mood=1 + back % 5, grief=2, note=f"kept {back}", bleeding="heavy")
    private = Entry.objects.filter(owner=owner.user, kind=KIND)
    assert private.count() == 2 + 40
    after = _without_tokens(_page(partner))

    assert after == before
    assert len(after.encode()) == len(before.encode())


def test_no_id_or_date_of_a_private_entry_is_anywhere_on_the_partners_pages(owner, partner):
    _shared_days(owner, partner)
    private_days = [TODAY - timedelta(days=n) for n in (2, 5, 9)]
    for day in private_days:
        write(owner, (TODAY - day).days, mood=1, note="kept")
    private = Entry.objects.filter(owner=owner.user, kind=KIND)

    pages = [partner.client.get(url).content.decode() for url in (URL, "/together/")]

    for page in pages:
        for entry in private:
            assert str(entry.pk) not in page
            assert entry.pk.hex not in page
        for day in private_days:
            assert day.isoformat() not in page
            assert f"{day:%A} {day.day} {day:%B}" not in page
        assert "kept" not in page


def test_a_person_in_another_couple_sees_only_their_own_partners_days(owner, partner, outsider):
    _shared_days(owner, partner)
    other = make_person("ash")
    link(outsider, other)
    write(other, 0, mood=5, note="from the other couple", share=["mood", "note"])

    page = _page(outsider)

    assert "from the other couple" in page
    assert "a slow walk" not in page and "Closeness (being held" not in page


def test_a_changed_partner_key_is_explained_and_nothing_is_opened(owner, partner, outsider):
    _shared_days(owner, partner)
    keyring = owner.user.keyring
    keyring.public_key = outsider.user.keyring.public_key  # what a hostile host could do
    keyring.save()

    response = partner.client.get(URL)

    assert response.status_code == 409
    page = response.content.decode()
    assert "nothing is shared and nothing of theirs is opened" in page
    assert "a slow walk" not in page and 'role="img"' not in page


def test_the_page_answers_only_get(owner, partner):
    link(owner, partner)

    assert owner.client.post(URL).status_code == 405
