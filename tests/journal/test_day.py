"""/journal/day/<day>/: one check-in per person per day, written and read through the vault."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from afterwards.journal import services
from afterwards.journal.checkin import KIND, SCALES, SCHEMA, CheckIn
from afterwards.vault import services as vault
from afterwards.vault.models import Entry
from tests.journal.conftest import TODAY, write

URL = "/journal/day/2026-03-28/"


def _entries(person):  # type: ignore[no-untyped-def]
    return Entry.objects.filter(owner=person.user, kind=KIND)


def test_owner_sees_an_empty_form_for_a_new_day(owner):
    response = owner.client.get(URL)

    assert response.status_code == 200
    assert "How are you today?" in response.content.decode()
    assert response.context["form"].initial == {"day_version": vault.VERSION_NONE}


def test_owner_can_write_and_read_back_a_checkin(owner):
    response = owner.client.post(URL, {"mood": "3", "note": "a small walk"})

    assert response.status_code == 302
    assert response["Location"] == URL
    assert _entries(owner).count() == 1
    page = owner.client.get(URL)
    assert "a small walk" in page.content.decode()
    assert page.context["form"].initial["mood"] == 3
    assert page.context["form"].initial["note"] == "a small walk"


def test_checkin_is_sealed_in_the_database(owner):
    owner.client.post(URL, {"mood": "3", "note": "a small walk"})

    entry = _entries(owner).get()
    assert b"a small walk" not in bytes(entry.blob)
    assert b"2026-03-28" not in bytes(entry.index)


def test_mood_and_note_are_both_optional(owner):
    response = owner.client.post(URL, {"mood": "", "note": ""})

    assert response.status_code == 302
    assert _entries(owner).count() == 1


def test_an_earlier_day_has_its_own_page(owner):
    response = owner.client.post("/journal/day/2026-02-14/", {"note": "a quiet day"})

    assert response.status_code == 302
    page = owner.client.get("/journal/day/2026-02-14/").content.decode()
    assert "Saturday 14 February 2026" in page
    assert "a quiet day" in page
    assert "a quiet day" not in owner.client.get(URL).content.decode()


def test_editing_a_day_updates_its_single_entry(owner):
    owner.client.post(URL, {"mood": "2", "note": "first words"})
    first = _entries(owner).get()

    owner.client.post(URL, {"mood": "4", "note": "second thoughts"})

    entry = _entries(owner).get()
    assert entry.pk == first.pk
    assert bytes(entry.blob) != bytes(first.blob)
    page = owner.client.get(URL)
    assert "second thoughts" in page.content.decode()
    assert "first words" not in page.content.decode()
    assert page.context["form"].initial["mood"] == 4


@pytest.mark.parametrize("mood", ["0", "6", "9", "very low", "-1"])
def test_bad_mood_is_refused_beside_the_field_and_the_note_is_kept(owner, mood):
    response = owner.client.post(URL, {"mood": mood, "note": "words I do not want to lose"})

    assert response.status_code == 400
    assert response.context["form"].errors["mood"] == ["Please choose one of the five words."]
    page = response.content.decode()
    assert 'id="id_mood_error"' in page
    assert "words I do not want to lose" in page
    assert not _entries(owner).exists()


def test_note_that_is_too_long_is_refused(owner):
    response = owner.client.post(URL, {"mood": "3", "note": "x" * 10001})

    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    assert not _entries(owner).exists()


def test_a_day_that_has_not_come_yet_is_refused(owner):
    reading = owner.client.get("/journal/day/2026-03-29/")
    writing = owner.client.post("/journal/day/2026-03-29/", {"mood": "3", "note": "tomorrow"})

    for response in (reading, writing):
        assert response.status_code == 400
        assert response.context["picker"].errors["day"] == [
            "That day hasn't come yet. You can write about today or any day before it."
        ]
        assert "That day hasn&#x27;t come yet" in response.content.decode()
    assert not _entries(owner).exists()


def test_a_day_before_1900_is_refused(owner):
    response = owner.client.get("/journal/day/1899-12-31/")

    assert response.status_code == 400
    assert "day" in response.context["picker"].errors


@pytest.mark.parametrize(
    "day", ["2026-02-30", "2026-13-01", "yesterday", "28-03-2026", "20260328", "2026-W13-6"]
)
def test_malformed_day_is_not_found(owner, day):
    assert owner.client.get(f"/journal/day/{day}/").status_code == 404
    assert owner.client.post(f"/journal/day/{day}/", {"note": "lost"}).status_code == 404
    assert not _entries(owner).exists()


def test_day_sends_a_stranger_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_stranger_cannot_write(client, db):
    client.post(URL, {"mood": "3", "note": "hello"})
    assert not Entry.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_day_refuses_other_methods(owner, method):
    assert getattr(owner.client, method)(URL).status_code == 405


def test_outsider_on_the_same_day_sees_only_their_own_page(owner, outsider):
    write(owner, TODAY, "the owner's private words", mood=1)

    response = outsider.client.get(URL)

    assert response.status_code == 200
    assert "the owner's private words" not in response.content.decode()
    assert "the owner&#x27;s private words" not in response.content.decode()
    assert response.context["form"].initial == {"day_version": vault.VERSION_NONE}


def test_outsider_writing_the_same_day_does_not_touch_the_owners_entry(owner, outsider):
    write(owner, TODAY, "the owner's private words")
    owners = _entries(owner).get()

    outsider.client.post(URL, {"mood": "5", "note": "the outsider's own words"})

    assert bytes(_entries(owner).get().blob) == bytes(owners.blob)
    assert _entries(outsider).count() == 1
    page = owner.client.get(URL).content.decode()
    assert "the owner&#x27;s private words" in page
    assert "outsider" not in page


def test_checkin_for_a_day_survives_a_new_login(owner):
    write(owner, date(2026, 3, 1), "the first of the month")
    again = Client()
    again.post("/login/", {"username": "robin", "passphrase": owner.passphrase})

    assert "the first of the month" in again.get("/journal/day/2026-03-01/").content.decode()


# --- The whole day (schema 2) ------------------------------------------------------------

WHOLE_DAY = {
    "mood": "2",
    "grief": "4",
    "anxiety": "3",
    "energy": "2",
    "sleep": "3",
    "bleeding": "light",
    "pain": "3",
    "symptoms": ["cramps", "tiredness"],
    "new_symptoms": "backache,  a heavy head ",
    "intimacy": "closeness",
    "during": "4",
    "afterwards": "3",
    "note": "held each other for a long time",
}


def _stored(person, day=TODAY):  # type: ignore[no-untyped-def]
    return services.checkin_for_day(owner=person.user, keys=person.keys, day=day)


def test_the_whole_day_is_saved_and_read_back(owner):
    response = owner.client.post(URL, WHOLE_DAY)

    assert response.status_code == 302
    assert _stored(owner) == CheckIn(
        day=TODAY,
        mood=2,
        grief=4,
        anxiety=3,
        energy=2,
        sleep=3,
        bleeding="light",
        pain=3,
        symptoms=["cramps", "tiredness"],
        custom_symptoms=["backache", "a heavy head"],
        intimacy="closeness",
        during=4,
        afterwards=3,
        note="held each other for a long time",
    )
    page = owner.client.get(URL)
    html = page.content.decode()
    for checked in (
        'id="id_grief_3" checked',
        'id="id_bleeding_2" checked',
        'id="id_pain_3" checked',
        'id="id_symptoms_0" checked',
        'id="id_own_symptoms_0" checked',
        'id="id_intimacy_1" checked',
        'id="id_during_3" checked',
        'id="id_afterwards_2" checked',
    ):
        assert f"{checked}" in html, checked
    assert 'value="backache"' in html


def test_every_answer_is_optional_and_sharing_is_off_unless_ticked(owner):
    response = owner.client.post(URL, {})

    assert response.status_code == 302
    assert _stored(owner) == CheckIn(day=TODAY)
    assert _stored(owner).share == []


def test_each_scale_has_five_words_in_its_own_group(owner):
    html = owner.client.get(URL).content.decode()

    for legend in ("How are you today?", "Grief", "Worry or anxiety", "Energy", "Sleep last night"):
        assert f"<legend>{legend}</legend>" in html
    for word in ("Very low", "Overwhelming", "Panicky", "Full of energy", "Hardly slept"):
        assert f">{word}</label>" in html


def test_alone_the_day_asks_nothing_about_sharing_and_says_when_it_becomes_possible(owner):
    page = owner.client.get(URL)
    html = page.content.decode()

    assert "share" not in page.context["form"].fields
    assert "What your partner sees" not in html and 'name="share"' not in html
    assert "Once two people share a space" in html
    assert 'href="/together/"' in html
    assert "Preview what your partner will see" not in html


def test_sections_with_answers_start_open_and_empty_ones_closed(owner):
    empty = owner.client.get(URL).content.decode()
    # An empty day is one screen on a phone: every section closed.
    assert empty.count('<details class="checkin-section" data-remember=') == 3
    assert '" open>' not in empty

    write(owner, TODAY, bleeding="spotting")
    page = owner.client.get(URL)
    assert page.context["open"] == {"feelings": False, "body": True, "closeness": False}


def test_a_past_day_asks_in_the_past(owner):
    html = owner.client.get("/journal/day/2026-03-01/").content.decode()

    assert "How were you that day?" in html
    assert "Closeness or sex that day" in html


def test_how_it_felt_is_cleared_when_there_was_none_that_day(owner):
    response = owner.client.post(URL, {"intimacy": "none", "during": "2", "afterwards": "2"})

    assert response.status_code == 302
    stored = _stored(owner)
    assert (stored.intimacy, stored.during, stored.afterwards) == ("none", None, None)


def test_how_it_felt_without_saying_what_it_was_asks_which(owner):
    response = owner.client.post(URL, {"during": "4", "note": "kept"})

    assert response.status_code == 400
    assert "was it closeness or sex?" in response.context["form"].errors["intimacy"][0]
    assert 'id="id_intimacy_error"' in response.content.decode()
    assert not _entries(owner).exists()


INVALID = [
    ("pain", {"pain": "11"}, "Please choose a number from 0 to 10."),
    ("pain", {"pain": "-1"}, "Please choose a number from 0 to 10."),
    ("pain", {"pain": "3.5"}, "Please choose a number from 0 to 10."),
    ("bleeding", {"bleeding": "gushing"}, "Please choose one of the words for bleeding."),
    ("grief", {"grief": "6"}, "Please choose one of the five words."),
    ("sleep", {"sleep": "0"}, "Please choose one of the five words."),
    ("symptoms", {"symptoms": ["cramps", "nausea"]}, "Please choose from the symptoms listed."),
    ("intimacy", {"intimacy": "maybe"}, "Please choose one of the three."),
    ("during", {"intimacy": "sex", "during": "9"}, "Please choose one of the five words."),
    ("afterwards", {"intimacy": "sex", "afterwards": "x"}, "Please choose one of the five words."),
    (
        "own_symptoms",
        {"own_symptoms": "never used before"},
        "Please choose from your own words listed.",
    ),
    (
        "new_symptoms",
        {"new_symptoms": ",".join(f"ache {n}" for n in range(13))},
        "Up to 12 of your own on one day, please.",
    ),
    ("new_symptoms", {"new_symptoms": "a" * 61}, "Each one can be up to 60 characters"),
    ("new_symptoms", {"new_symptoms": "a," * 800}, "That is more than fits here."),
    ("note", {"note": "x" * 10_001}, "A note can be up to 10,000 characters."),
]


@pytest.mark.parametrize(
    ("field", "posted", "message"), INVALID, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(INVALID)]
)
def test_invalid_answer_is_refused_beside_its_field_keeping_the_rest(owner, field, posted, message):
    data = {"mood": "4", "bleeding": "spotting", "note": "words I do not want to lose", **posted}

    response = owner.client.post(URL, data)

    assert response.status_code == 400
    assert response.context["form"].errors[field][0].startswith(message)
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    if field != "note":
        assert "words I do not want to lose" in html
    if field != "bleeding":
        assert 'id="id_bleeding_1" checked' in html
    assert 'id="id_mood_3" checked' in html
    assert not _entries(owner).exists()


def test_a_refused_edit_leaves_the_stored_day_as_it_was(owner):
    write(owner, TODAY, "as it was", mood=2, bleeding="light", pain=2)
    before = bytes(_entries(owner).get().blob)

    response = owner.client.post(URL, {"mood": "5", "pain": "11", "note": "half of a change"})

    assert response.status_code == 400
    assert bytes(_entries(owner).get().blob) == before
    assert _stored(owner).note == "as it was"


# --- The foundation's check-ins (schema 1) stay readable ---------------------------------


def test_a_schema_one_checkin_is_shown_and_saving_writes_the_current_schema_keeping_the_note(
    owner,
):
    vault.entry_put(
        owner=owner.user,
        keys=owner.keys,
        kind=KIND,
        index_value=TODAY.isoformat(),
        content={
            "day": TODAY.isoformat(),
            "mood": 4,
            "note": "from the first version",
            "schema": 1,
        },
    )

    page = owner.client.get(URL)
    assert page.status_code == 200
    assert "from the first version" in page.content.decode()
    assert 'id="id_mood_3" checked' in page.content.decode()

    # What the page shows is what is posted back, with one new answer.
    initial = page.context["form"].initial
    data = {k: v for k, v in initial.items() if v not in (None, [], False)} | {"sleep": "4"}
    assert owner.client.post(URL, data).status_code == 302

    content = vault.entry_find(
        owner=owner.user, keys=owner.keys, kind=KIND, index_value=TODAY.isoformat()
    )
    assert content["schema"] == SCHEMA
    assert content["note"] == "from the first version"
    assert (content["mood"], content["sleep"]) == (4, 4)
    assert _entries(owner).count() == 1


def test_no_other_scale_on_the_page_reuses_one_of_moods_words():
    mood = set(SCALES["mood"].values())
    for name, words in SCALES.items():
        if name != "mood":
            assert mood.isdisjoint(words.values()), name


def test_a_past_day_offers_none_that_day_and_no_promise_of_adding_it_later(owner):
    past = owner.client.get("/journal/day/2026-03-01/").content.decode()
    today = owner.client.get(URL).content.decode()

    assert '<label for="id_intimacy_0">None that day</label>' in past
    assert "None today" not in past
    assert "You can add this later" not in past
    assert '<label for="id_intimacy_0">None today</label>' in today
    assert "You can add this later, today or tomorrow." in today


def test_a_past_day_asking_which_it_was_names_none_that_day(owner):
    response = owner.client.post("/journal/day/2026-03-01/", {"during": "4"})

    assert response.status_code == 400
    message = response.context["form"].errors["intimacy"][0]
    assert "“None that day”" in message
    assert "None today" not in response.content.decode()
