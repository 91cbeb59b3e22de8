"""/together/days/ month by month, grief over the weeks, and "You" always in the first
column: only what each shared, and a long shared history read without opening every
copy on every visit."""

from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from afterwards.couple import membership, shared_days
from afterwards.couple.kinds import SHARED_CHECKIN, SHARED_DAYS_SEEN
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.vault import services as vault
from afterwards.vault.models import Entry
from tests.couple.test_membership import link

TODAY = date(2026, 3, 28)  # a Saturday
URL = "/together/days/"


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def write(person, day: date, **answers) -> None:  # type: ignore[no-untyped-def]
    answers.setdefault("share", ["mood", "note"])
    services.checkin_save(owner=person.user, keys=person.keys, checkin=CheckIn(day=day, **answers))


def page(person, month: str = "") -> str:  # type: ignore[no-untyped-def]
    response = person.client.get(URL, {"month": month} if month else {})
    assert response.status_code == 200
    return response.content.decode()


def words(shown: str) -> str:
    main = shown[shown.index("<main") : shown.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def without_tokens(shown: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", shown)


def nav(shown: str) -> list[tuple[str, str]]:
    found = re.search(r'<nav aria-label="Months" class="month-nav">(.*?)</nav>', shown, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', found.group(1)) if found else []


@pytest.fixture
def linked(owner, partner):  # type: ignore[no-untyped-def]
    link(owner, partner)
    return owner, partner


def test_the_page_goes_back_month_by_month_to_the_first_month_either_shared(linked):
    owner, partner = linked
    write(owner, date(2026, 1, 20), mood=2, note="a January walk")
    write(partner, date(2026, 3, 3), mood=4, note="early March")
    write(partner, date(2026, 3, 27), mood=3, note="this week")

    assert nav(page(owner)) == [("?month=2026-03", "Earlier: March 2026")]
    march = page(owner, "2026-03")
    assert "How we're doing: March 2026" in words(march)
    assert "early March" in march and "this week" in march and "a January walk" not in march
    assert nav(march) == [
        ("?month=2026-02", "Earlier: February 2026"),
        ("/together/days/", "The last two weeks"),
    ]
    january = page(owner, "2026-01")
    assert "a January walk" in january and "early March" not in january
    assert nav(january) == [
        ("?month=2026-02", "Later: February 2026"),
        ("/together/days/", "The last two weeks"),
    ]  # nothing shared before January: no way further back


def test_a_month_that_holds_nothing_shared_says_so_calmly(linked):
    owner, partner = linked
    write(partner, date(2026, 1, 20), mood=2, note="a January walk")
    write(owner, date(2026, 2, 9), mood=1, note="kept", share=[])  # a private day

    shown = page(partner, "2026-02")

    said = words(shown)
    assert "Nothing from February 2026 is shared here." in said
    assert 'role="img"' not in shown and "Day by day" not in said
    for word in ("missing", "no entry", "missed", "streak", "private", "skipped", "only"):
        assert word not in said.lower(), word
    assert nav(shown)[0] == ("?month=2026-01", "Earlier: January 2026")


def test_a_month_page_is_the_same_however_many_private_days_the_other_keeps(linked):
    owner, partner = linked
    write(owner, date(2026, 2, 10), mood=3, grief=3, note="shared")
    before = without_tokens(page(partner, "2026-02"))

    for n in range(1, 28):
        write(
            owner, date(2026, 2, n) if n != 10 else date(2026, 1, 1), mood=1, note="kept", share=[]
        )

    after = without_tokens(page(partner, "2026-02"))
    assert after == before


@pytest.mark.parametrize("month", ["2026-13", "2026-04", "1899-12", "March", "2026-3", "0000-01"])
def test_a_month_not_asked_as_the_links_ask_shows_the_last_two_weeks(linked, month):
    owner, _ = linked

    assert "The last two weeks, 15 March to 28 March" in words(page(owner, month))


def test_you_are_always_the_first_side_of_a_day_even_when_only_your_partner_shared(linked):
    owner, partner = linked
    write(owner, TODAY, mood=4)
    write(partner, TODAY, mood=2)
    write(partner, TODAY - timedelta(days=1), mood=3)  # only the partner shared this day

    shown = page(owner)

    sides = re.findall(r'<div class="pair-day-side (pair-day-\w+)"><h4>([^<]+)</h4>', shown)
    assert sides == [
        ("pair-day-own", "You"),
        ("pair-day-partner", "Your partner"),
        ("pair-day-partner", "Your partner"),
    ]


def test_grief_over_the_weeks_shows_both_lines_on_the_last_two_weeks_only(linked):
    owner, partner = linked
    for n, (mine, theirs) in enumerate([(5, 1), (4, 2), (3, 3)]):
        day = date(2026, 3, 2) + timedelta(weeks=n)
        write(owner, day, mood=3, grief=mine)
        write(partner, day, mood=3, grief=theirs)
    write(partner, date(2026, 3, 4), grief=5, share=[])  # private: never counted

    shown = page(owner)

    assert shown.count('role="img"') == 3
    summary = re.search(r'<figcaption id="weeks-chart-summary">([^<]+)<', shown)
    assert summary is not None
    assert html.unescape(summary.group(1)).endswith(
        "Your two lines ran furthest apart in the week of 2 March 2026 (yours about "
        "Overwhelming, your partner's about None), and came closest in the week of 16 March "
        "2026 (both about Some)."
    )
    assert '<th scope="row">Week of 9 March 2026</th><td>A lot</td><td>A little</td>' in shown
    assert "weeks-chart-summary" not in page(owner, "2026-03")


def test_the_weeks_say_calmly_when_there_is_nothing_to_draw_yet(linked):
    owner, partner = linked
    write(owner, TODAY, mood=3, grief=4)

    assert "Once you have both shared your grief, over more than one week" in words(page(owner))


def count_opened(monkeypatch):  # type: ignore[no-untyped-def]
    opened = {"own": 0, "partner": 0}
    open_own, open_shared = vault.entry_open, vault.entry_open_shared

    def own(*args, **kwargs):  # type: ignore[no-untyped-def]
        opened["own"] += 1
        return open_own(*args, **kwargs)

    def theirs(*args, **kwargs):  # type: ignore[no-untyped-def]
        opened["partner"] += 1
        return open_shared(*args, **kwargs)

    monkeypatch.setattr(vault, "entry_open", own)
    monkeypatch.setattr(vault, "entry_open_shared", theirs)
    return opened


def test_a_second_visit_opens_only_the_copies_of_the_days_it_shows(linked, monkeypatch):
    owner, partner = linked
    for n in range(60):
        write(owner, TODAY - timedelta(days=n), mood=3, grief=1 + n % 5)
        write(partner, TODAY - timedelta(days=n), mood=3, grief=5 - n % 5)
    opened = count_opened(monkeypatch)

    first = page(owner)
    assert opened["partner"] == 60
    opened.update(own=0, partner=0)
    second = page(owner)

    assert opened["partner"] == 14  # the two weeks shown
    assert without_tokens(second) == without_tokens(first)


def test_a_day_changed_taken_back_or_paused_since_is_read_anew(linked):
    owner, partner = linked
    for n in (0, 7, 14):
        write(owner, TODAY - timedelta(days=n), mood=3, grief=3)
        write(partner, TODAY - timedelta(days=n), mood=3, grief=3)
    page(owner)  # remembered

    write(partner, TODAY - timedelta(days=14), mood=3, grief=5)  # changed: a new copy
    assert "<td>Overwhelming</td>" in page(owner)
    write(partner, TODAY - timedelta(days=14), mood=3, grief=5, share=[])  # taken back
    assert "<td>Overwhelming</td>" not in page(owner)
    # Nothing is kept of a copy once it is gone: a record for each copy there is.
    entry = kept(owner)
    assert entry is not None
    remembered = shared_days._seen_read(
        vault.entry_open(entry, owner.keys),
        uuid.UUID(str(membership.member_of(owner.user).couple_id)),  # type: ignore[union-attr]
    )
    copies = Entry.objects.filter(kind=SHARED_CHECKIN).count()
    assert len(remembered) == copies == 5
    assert owner.client.post("/together/pause/", {"paused": "on"}).status_code == 302
    shown = page(owner)
    assert 'class="pair-point-own"' not in shown


def kept(person) -> Entry | None:  # type: ignore[no-untyped-def]
    return Entry.objects.filter(owner=person.user, kind=SHARED_DAYS_SEEN).first()


def test_what_the_page_keeps_of_the_copies_is_sealed_and_gone_on_leaving(linked):
    owner, partner = linked
    write(partner, TODAY, mood=3, grief=4, note="a quiet day")
    write(owner, TODAY, mood=3, grief=2)
    page(owner)
    page(partner)
    entry = kept(owner)
    assert entry is not None and kept(partner) is not None
    blob = bytes(entry.blob)
    assert TODAY.isoformat().encode() not in blob and b"grief" not in blob

    membership.couple_leave(user=partner.user)

    assert kept(owner) is None and kept(partner) is None
    assert owner.client.get(URL)["Location"] == "/together/"


def test_pausing_takes_back_what_either_kept_of_the_copies_at_once(linked):
    owner, partner = linked
    write(partner, TODAY, mood=3, grief=4)
    write(owner, TODAY, mood=3, grief=2)
    page(owner)
    page(partner)

    assert partner.client.post("/together/pause/", {"paused": "on"}).status_code == 302

    assert kept(owner) is None and kept(partner) is None
    assert "<td>A lot</td>" not in page(owner)


def test_a_space_ended_and_a_new_one_begun_keeps_nothing_of_the_first(linked, outsider):
    owner, partner = linked
    write(partner, TODAY - timedelta(days=20), mood=3, grief=5)
    page(owner)
    membership.couple_leave(user=owner.user)
    link(owner, outsider)
    write(outsider, TODAY, mood=3, grief=1)

    shown = page(owner)

    assert "<td>Overwhelming</td>" not in shown and "weeks-chart-summary" not in shown
    assert f'data-day="{(TODAY - timedelta(days=20)).isoformat()}"' not in shown


def test_a_copy_that_does_not_open_with_the_pinned_key_is_explained_not_shown(linked, outsider):
    owner, partner = linked
    write(partner, TODAY, mood=3, grief=4, note="a quiet day")
    page(owner)  # the partner's copy, remembered
    # What a hostile host could do: box another person's entry to the reader and file it
    # among the partner's copies.
    write(outsider, TODAY - timedelta(days=1), note="not theirs", share=[])
    forged = Entry.objects.get(owner=outsider.user)
    vault.entry_share(
        entry=forged, keys=outsider.keys, reader=owner.user, reader_public_key=owner.keys.public_key
    )
    Entry.objects.filter(pk=forged.pk).update(owner=partner.user, kind=SHARED_CHECKIN)

    response = owner.client.get(URL)

    assert response.status_code == 409
    shown = response.content.decode()
    assert "not theirs" not in shown and "a quiet day" not in shown
