"""Sharing parts of a day: the choice in the check-in, the copy kept in step with it on
every save, the preview, the default sections, and settling in. Through the client
first, then at the vault level (after unsharing, the partner opens nothing, even by id).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from afterwards.couple import membership, sharing, space
from afterwards.couple.kinds import COUPLE_KINDS, SHARE_DEFAULTS, SHARED_CHECKIN
from afterwards.couple.models import Member
from afterwards.journal import services
from afterwards.journal.checkin import KIND, CheckIn
from afterwards.vault import services as vault
from afterwards.vault.crypto import VaultError
from afterwards.vault.models import Entry, PartnerWrap
from tests.conftest import make_person
from tests.couple.test_membership import link

TODAY = date(2026, 3, 28)
URL = f"/journal/day/{TODAY.isoformat()}/"
DAY = {
    "mood": "2",
    "grief": "4",
    "bleeding": "light",
    "pain": "3",
    "intimacy": "closeness",
    "during": "4",
    "note": "words for me alone",
}


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def _partner_reads(reader, writer) -> list[dict]:  # type: ignore[no-untyped-def]
    """What the reader's session opens of the writer's shared days."""
    pair = sharing.pair_for(owner=reader.user, keys=reader.keys)
    return sharing.copies_from_partner(
        reader=reader.user, keys=reader.keys, pair=pair, kind=SHARED_CHECKIN
    )


def _copy(person) -> Entry:  # type: ignore[no-untyped-def]
    return Entry.objects.get(owner=person.user, kind=SHARED_CHECKIN)


def _stored(person, day=TODAY) -> CheckIn | None:  # type: ignore[no-untyped-def]
    return services.checkin_for_day(owner=person.user, keys=person.keys, day=day)


# --- The choice, in the check-in -----------------------------------------------------


def test_in_a_space_the_day_asks_which_parts_the_partner_sees(owner, partner):
    link(owner, partner)

    page = owner.client.get(URL).content.decode()

    assert "<legend>What your partner sees of this day</legend>" in page
    for label in ("Mood, grief, worry, energy and sleep", "Body: bleeding, pain and symptoms"):
        assert f"<span>{label}</span>" in page
    assert 'name="share" value="note"' in page
    assert " checked" not in page.split("What your partner sees")[1].split("</fieldset>")[0]
    assert "Preview what your partner will see" in page
    assert "unless you choose to share your note below" in page


def test_saving_shares_a_copy_of_only_the_chosen_parts(owner, partner):
    link(owner, partner)

    response = owner.client.post(URL, {**DAY, "share": ["mood", "intimacy"]}, follow=True)

    assert "Your partner sees the parts you ticked" in response.content.decode()
    assert _stored(owner).share == ["mood", "intimacy"]
    [shared] = _partner_reads(partner, owner)
    assert shared["day"] == TODAY.isoformat()
    assert (shared["mood"], shared["grief"], shared["intimacy"], shared["during"]) == (
        2,
        4,
        "closeness",
        4,
    )
    assert "note" not in shared and "bleeding" not in shared and "pain" not in shared
    # The private day itself is never wrapped for anyone.
    private = Entry.objects.get(owner=owner.user, kind=KIND)
    assert not PartnerWrap.objects.filter(entry=private).exists()
    with pytest.raises(VaultError):
        vault.entry_open(private, partner.keys)


def test_unticking_a_part_replaces_the_copy_with_a_new_key(owner, partner):
    link(owner, partner)
    owner.client.post(URL, {**DAY, "share": ["mood", "note"]})
    first = _copy(owner)
    old_wrap = PartnerWrap.objects.get(entry=first)

    owner.client.post(URL, {**DAY, "share": ["mood"]})

    second = _copy(owner)
    assert second.pk != first.pk
    assert not Entry.objects.filter(pk=first.pk).exists()
    [shared] = _partner_reads(partner, owner)
    assert "note" not in shared and shared["mood"] == 2
    old_wrap.entry = second  # the old wrap's bytes, tried on the new copy
    with pytest.raises(VaultError):
        vault.entry_open_shared(
            second, old_wrap, partner.keys, owner_public_key=bytes(owner.user.keyring.public_key)
        )


def test_unticking_every_part_deletes_the_copy_and_the_partner_opens_nothing_by_id(owner, partner):
    link(owner, partner)
    owner.client.post(URL, {**DAY, "share": ["mood", "body", "intimacy", "note"]})
    copy_id = _copy(owner).pk

    response = owner.client.post(URL, DAY, follow=True)

    assert "Saved. Only you can read it." in response.content.decode()
    assert _partner_reads(partner, owner) == []
    assert not Entry.objects.filter(pk=copy_id).exists()
    assert not PartnerWrap.objects.filter(reader=partner.user, entry__kind=SHARED_CHECKIN).exists()
    assert _stored(owner).note == "words for me alone"  # the day itself is untouched


def test_adding_how_it_felt_afterwards_updates_the_copy(owner, partner):
    link(owner, partner)
    yesterday = TODAY - timedelta(days=1)
    services.checkin_save(
        owner=owner.user,
        keys=owner.keys,
        checkin=CheckIn(day=yesterday, intimacy="sex", during=3, share=["intimacy"]),
    )
    before = _copy(owner).pk

    owner.client.post(URL, {"mood": "3", "yesterday_afterwards": "4"})

    [shared] = _partner_reads(partner, owner)
    assert (shared["day"], shared["afterwards"]) == (yesterday.isoformat(), 4)
    assert _copy(owner).pk != before


def test_alone_nothing_is_copied_and_a_saved_day_keeps_its_own_choice(owner):
    services.checkin_save(
        owner=owner.user, keys=owner.keys, checkin=CheckIn(day=TODAY, mood=3, share=["note"])
    )

    assert owner.client.post(URL, {"mood": "4"}).status_code == 302

    assert _stored(owner).share == ["note"]
    assert not Entry.objects.filter(kind=SHARED_CHECKIN).exists()


def test_someone_who_left_shares_nothing_more(owner, partner):
    link(owner, partner)
    membership.couple_leave(user=partner.user)

    owner.client.post(URL, {**DAY, "share": ["mood"]})

    assert not Entry.objects.filter(kind=SHARED_CHECKIN).exists()
    assert not PartnerWrap.objects.exists()


def test_a_person_in_another_couple_reads_nothing_of_it(owner, partner, outsider):
    link(owner, partner)
    link(outsider, make_person("ash"))
    owner.client.post(URL, {**DAY, "share": ["mood", "note"]})

    assert _partner_reads(outsider, owner) == []
    copy = _copy(owner)
    assert not PartnerWrap.objects.filter(entry=copy, reader=outsider.user).exists()
    with pytest.raises(VaultError):
        vault.entry_open(copy, outsider.keys)


def test_a_changed_partner_key_saves_the_day_but_shares_nothing(owner, partner, outsider):
    link(owner, partner)
    owner.client.post(URL, {**DAY, "share": ["mood"]})
    keyring = partner.user.keyring
    keyring.public_key = outsider.user.keyring.public_key  # what a hostile host could do
    keyring.save()

    response = owner.client.post(URL, {**DAY, "mood": "5", "share": ["mood"]}, follow=True)

    assert "nothing is shared" in response.content.decode()
    assert _stored(owner).mood == 5
    assert not Entry.objects.filter(kind=SHARED_CHECKIN).exists()


def test_a_made_up_part_is_refused_calmly_and_nothing_is_saved(owner, partner):
    link(owner, partner)

    response = owner.client.post(URL, {**DAY, "share": ["everything"]})

    assert response.status_code == 400
    assert "Please choose from the parts listed." in response.content.decode()
    assert not Entry.objects.filter(owner=owner.user, kind__in=[KIND, SHARED_CHECKIN]).exists()


# --- Preview ---------------------------------------------------------------------------


def test_preview_shows_exactly_the_shared_part_and_saves_nothing(owner, partner):
    link(owner, partner)

    response = owner.client.post(URL, {**DAY, "share": ["mood", "body"], "preview": "1"})

    assert response.status_code == 200
    assert "couple/days_shared.html" in [t.name for t in response.templates]
    page = response.content.decode()
    preview = page.split('id="preview"')[1].split("</section>")[0]
    assert "What your partner will see of this day" in preview
    for shown in ("<dt>Mood</dt><dd>Low</dd>", "<dt>Grief</dt><dd>A lot</dd>"):
        assert shown in preview
    assert "<dt>Bleeding</dt><dd>Light</dd>" in preview
    assert "<dt>Pain</dt><dd>3 out of 10</dd>" in preview
    assert "words for me alone" not in preview and "Closeness" not in preview
    # Everything typed is kept in the form, and nothing was written anywhere.
    assert "words for me alone</textarea>" in page
    assert 'id="id_share_1" checked' in page and 'id="id_mood_1" checked' in page
    assert not Entry.objects.filter(owner=owner.user, kind__in=[KIND, SHARED_CHECKIN]).exists()


def test_preview_with_nothing_ticked_says_the_partner_sees_nothing(owner, partner):
    link(owner, partner)

    response = owner.client.post(URL, {**DAY, "preview": "1"})

    assert response.status_code == 200
    assert "so your partner sees nothing of it" in response.content.decode()


def test_preview_of_ticked_parts_without_answers_says_there_is_nothing_to_see(owner, partner):
    link(owner, partner)

    response = owner.client.post(URL, {"mood": "3", "share": ["body"], "preview": "1"})

    assert "The parts you ticked have no answers yet" in response.content.decode()


def test_preview_of_a_refused_form_is_the_refused_form(owner, partner):
    link(owner, partner)

    response = owner.client.post(URL, {"mood": "9", "share": ["mood"], "preview": "1"})

    assert response.status_code == 400
    assert 'id="preview"' not in response.content.decode()


# --- Default sections ------------------------------------------------------------------


def test_defaults_are_off_until_turned_on_and_a_new_day_starts_with_them(owner, partner):
    link(owner, partner)
    services.checkin_save(
        owner=owner.user,
        keys=owner.keys,
        checkin=CheckIn(day=TODAY - timedelta(days=1), mood=3, share=["mood"]),
    )
    page = owner.client.get("/together/sharing/")
    assert page.status_code == 200
    assert " checked" not in page.content.decode().split("<fieldset")[1]

    response = owner.client.post("/together/sharing/", {"share": ["body", "note"]}, follow=True)

    assert "New days start with these parts ticked" in response.content.decode()
    new_day = owner.client.get(URL).content.decode()
    assert 'id="id_share_1" checked' in new_day and 'id="id_share_3" checked' in new_day
    assert 'id="id_share_0" checked' not in new_day
    saved_day = owner.client.get(f"/journal/day/{TODAY - timedelta(days=1)}/").content.decode()
    assert 'id="id_share_0" checked' in saved_day  # a saved day keeps its own choice
    assert 'id="id_share_1" checked' not in saved_day


def test_defaults_are_the_persons_own_and_outlive_leaving(owner, partner):
    owner.client.post("/together/sharing/", {"share": ["mood"]})
    link(owner, partner)
    membership.couple_leave(user=owner.user)

    assert SHARE_DEFAULTS not in COUPLE_KINDS
    assert Entry.objects.filter(owner=owner.user, kind=SHARE_DEFAULTS).exists()
    page = owner.client.get("/together/sharing/").content.decode()
    assert 'id="id_share_0" checked' in page
    assert "Nothing is shared until two people share a space" in page


def test_defaults_alone_never_mark_a_new_day(owner):
    owner.client.post("/together/sharing/", {"share": ["mood", "note"]})

    owner.client.post(URL, {"mood": "3"})

    assert _stored(owner).share == []


def test_the_defaults_page_refuses_a_made_up_part(owner):
    response = owner.client.post("/together/sharing/", {"share": ["all of it"]})

    assert response.status_code == 400
    assert "Please choose from the parts listed." in response.content.decode()
    assert not Entry.objects.filter(owner=owner.user, kind=SHARE_DEFAULTS).exists()


# --- Settling in -----------------------------------------------------------------------


def test_days_marked_before_the_space_are_never_shared_with_it(owner, partner):
    marked = CheckIn(day=TODAY - timedelta(days=3), mood=2, note="kept", share=["mood"])
    services.checkin_save(owner=owner.user, keys=owner.keys, checkin=marked)
    link(owner, partner)

    space.pair_ready(owner=owner.user, keys=owner.keys)

    assert Member.objects.get(user=owner.user).settled
    assert _partner_reads(partner, owner) == []
    page = owner.client.get(f"/journal/day/{marked.day.isoformat()}/").content.decode()
    assert 'name="share" value="mood" id="id_share_0" checked' not in page


def test_days_shared_with_one_partner_are_never_shared_with_the_next(owner, partner, outsider):
    link(owner, partner)
    owner.client.post(URL, {**DAY, "share": ["mood", "note"]})
    assert _partner_reads(partner, owner)
    owner.client.post("/together/leave/")
    link(owner, outsider)

    owner.client.get("/together/")  # settling in with the new partner
    space.sharing_pause(owner=owner.user)
    space.sharing_resume(owner=owner.user, keys=owner.keys)

    assert _partner_reads(outsider, owner) == []
    page = owner.client.get(URL).content.decode()
    assert "checked" not in page.split('name="share"', 1)[1].split(">", 1)[0]
    assert _stored(owner).share == ["mood", "note"]  # kept, for nobody but the record


def test_a_day_marked_in_this_space_is_shared_again_on_resuming(owner, partner):
    link(owner, partner)
    owner.client.post(URL, {**DAY, "share": ["mood"]})
    space.sharing_pause(owner=owner.user)
    assert _partner_reads(partner, owner) == []
    space.sharing_resume(owner=owner.user, keys=owner.keys)
    [shared] = _partner_reads(partner, owner)
    assert shared["mood"] == 2 and "note" not in shared


def test_an_old_yes_to_sharing_is_shared_with_nobody(owner, partner):
    vault.entry_put(
        owner=owner.user,
        keys=owner.keys,
        kind=KIND,
        index_value=TODAY.isoformat(),
        content={
            "day": TODAY.isoformat(),
            "mood": 2,
            "bleeding": "heavy",
            "note": "old words",
            "share": True,
            "schema": 2,
        },
    )
    link(owner, partner)
    space.pair_ready(owner=owner.user, keys=owner.keys)
    assert _partner_reads(partner, owner) == []
    # Adding how it felt afterwards, or any later save without a tick, shares nothing.
    owner.client.post(URL, {"mood": "2", "note": "old words"})
    assert _partner_reads(partner, owner) == []


# --- The schema, in plain Python -------------------------------------------------------


def test_schema_three_reads_every_earlier_share_choice():
    day = TODAY.isoformat()
    assert CheckIn.from_content({"day": day, "share": True}).share == ["mood"]
    assert CheckIn.from_content({"day": day, "share": False}).share == []
    assert CheckIn.from_content({"day": day}).share == []
    assert CheckIn.from_content({"day": day, "share": ["note", "x", "mood"]}).share == [
        "mood",
        "note",
    ]


def test_the_shared_part_holds_the_day_and_only_the_chosen_sections():
    checkin = CheckIn(
        day=TODAY,
        mood=3,
        sleep=2,
        bleeding="light",
        symptoms=["cramps"],
        custom_symptoms=["backache"],
        intimacy="sex",
        afterwards=2,
        note="mine",
        share=["body"],
    )
    part = checkin.shared_part()
    assert part["share"] == ["body"] and part["day"] == TODAY.isoformat()
    assert part["symptoms"] == ["cramps"] and part["custom_symptoms"] == ["backache"]
    assert not {"mood", "sleep", "intimacy", "afterwards", "note"} & set(part)
    read = CheckIn.from_content(part)
    assert (read.bleeding, read.mood, read.note) == ("light", None, "")
    assert set(checkin.shared_part(["mood", "note"])) >= {"mood", "sleep", "note"}
