"""Two devices, one day: a page opened before the day was saved elsewhere does not
silently overwrite it. The page asks which version to keep, showing both, and keeps
every word typed on it until the person chooses (journal.conflict)."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from afterwards.journal import services
from afterwards.journal.checkin import NOTE_MAX, CheckIn
from afterwards.vault import services as vault
from tests.conftest import Person
from tests.couple.test_membership import link
from tests.couple.test_sharing_checkins import _partner_reads
from tests.journal.conftest import TODAY

URL = f"/journal/day/{TODAY.isoformat()}/"


def _another_device(person: Person) -> Client:
    """The same person logged in on a second device (its own session)."""
    client = Client()
    response = client.post(
        "/login/", {"username": person.user.username, "passphrase": person.passphrase}
    )
    assert response.status_code == 302
    return client


def _opened(client: Client) -> str:
    """The version of the day the page carries, as a browser would post it back."""
    version: str = client.get(URL).context["form"]["day_version"].value()
    return version


def _stored(person: Person) -> CheckIn | None:
    return services.checkin_for_day(owner=person.user, keys=person.keys, day=TODAY)


def _laptop_then_phone(owner: Person) -> str:
    """The day written, opened on the laptop, then changed on the phone: the laptop
    page's version (now out of date)."""
    owner.client.post(URL, {"mood": "3", "note": "morning words"})
    laptop = _opened(owner.client)
    phone = _another_device(owner)
    phone.post(URL, {"mood": "2", "note": "words from the phone", "day_version": _opened(phone)})
    return laptop


def test_a_day_saved_on_another_device_since_opening_is_not_overwritten(owner):
    laptop = _laptop_then_phone(owner)

    response = owner.client.post(
        URL, {"mood": "4", "note": "words from the laptop", "day_version": laptop}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "This day was saved somewhere else" in page
    # Both notes on the page, the laptop's still in the form, and the phone's kept.
    assert "words from the phone" in page
    assert response.context["form"]["note"].value() == "words from the laptop"
    assert _stored(owner).note == "words from the phone"  # type: ignore[union-attr]


def test_the_page_shows_each_answer_that_differs_in_words(owner):
    laptop = _laptop_then_phone(owner)

    response = owner.client.post(
        URL, {"mood": "4", "note": "words from the laptop", "day_version": laptop}
    )

    rows = {d.label: (d.saved, d.here) for d in response.context["changed"].differences}
    assert rows == {
        "Mood": ("Low", "Good"),
        "Note": ("words from the phone", "words from the laptop"),
    }
    page = response.content.decode()
    assert '<th scope="row">Mood</th><td>Low</td><td>Good</td>' in page


def test_the_question_is_announced_and_every_choice_is_a_named_button(owner):
    laptop = _laptop_then_phone(owner)

    page = owner.client.post(URL, {"note": "words from the laptop", "day_version": laptop})

    html = page.content.decode()
    alert = html.split('role="alert"')[1].split("</div>")[0]
    assert 'href="#changed"' in alert
    assert 'id="changed"' in html
    for value, words in (
        ("here", "Keep what I wrote here"),
        ("both", "Keep both notes"),
        ("saved", "Keep what was saved elsewhere"),
    ):
        assert f'name="keep" value="{value}"' in html and words in html


def test_keeping_what_was_written_here_saves_it(owner):
    laptop = _laptop_then_phone(owner)
    asked = owner.client.post(URL, {"note": "words from the laptop", "day_version": laptop})

    response = owner.client.post(
        URL,
        {
            "note": "words from the laptop",
            "day_version": asked.context["form"]["day_version"].value(),
            "keep": "here",
        },
    )

    assert response.status_code == 302
    assert _stored(owner).note == "words from the laptop"  # type: ignore[union-attr]


def test_keeping_both_notes_puts_the_saved_one_first(owner):
    laptop = _laptop_then_phone(owner)
    asked = owner.client.post(
        URL, {"mood": "4", "note": "words from the laptop", "day_version": laptop}
    )

    response = owner.client.post(
        URL,
        {
            "mood": "4",
            "note": "words from the laptop",
            "day_version": asked.context["form"]["day_version"].value(),
            "keep": "both",
        },
    )

    assert response.status_code == 302
    stored = _stored(owner)
    assert stored is not None
    assert stored.note == "words from the phone\n\nwords from the laptop"
    assert stored.mood == 4  # the other answers as they were in the form


def test_keeping_what_was_saved_elsewhere_changes_nothing(owner):
    laptop = _laptop_then_phone(owner)
    asked = owner.client.post(URL, {"note": "words from the laptop", "day_version": laptop})

    response = owner.client.post(
        URL,
        {
            "note": "words from the laptop",
            "day_version": asked.context["form"]["day_version"].value(),
            "keep": "saved",
        },
        follow=True,
    )

    assert "Kept as it was saved elsewhere" in response.content.decode()
    stored = _stored(owner)
    assert stored is not None
    assert (stored.note, stored.mood) == ("words from the phone", 2)


def test_both_notes_too_long_together_stay_in_the_form_to_shorten(owner):
    owner.client.post(URL, {"note": "p" * 6000})
    laptop = _opened(owner.client)
    phone = _another_device(owner)
    phone.post(URL, {"note": "q" * 6000, "day_version": _opened(phone)})
    asked = owner.client.post(URL, {"note": "l" * 6000, "day_version": laptop})

    response = owner.client.post(
        URL,
        {
            "note": "l" * 6000,
            "day_version": asked.context["form"]["day_version"].value(),
            "keep": "both",
        },
    )

    assert response.status_code == 400
    assert response.context["form"]["note"].value() == "q" * 6000 + "\n\n" + "l" * 6000
    assert f"up to {NOTE_MAX:,} characters" in response.content.decode()
    assert _stored(owner).note == "q" * 6000  # type: ignore[union-attr]


def test_a_new_day_written_elsewhere_since_opening_is_a_change_too(owner):
    laptop = _opened(owner.client)
    assert laptop == vault.VERSION_NONE
    phone = _another_device(owner)
    phone.post(URL, {"note": "first from the phone", "day_version": _opened(phone)})

    response = owner.client.post(URL, {"note": "first from the laptop", "day_version": laptop})

    assert response.status_code == 409
    assert _stored(owner).note == "first from the phone"  # type: ignore[union-attr]


def test_a_day_nobody_else_changed_saves_as_before(owner):
    owner.client.post(URL, {"note": "first words"})

    response = owner.client.post(
        URL, {"note": "second thoughts", "day_version": _opened(owner.client)}
    )

    assert response.status_code == 302
    assert _stored(owner).note == "second thoughts"  # type: ignore[union-attr]


def test_saving_the_same_words_twice_is_not_a_change(owner):
    """A double tap on Save posts one page twice: the second finds its own words."""
    opened = _opened(owner.client)

    first = owner.client.post(URL, {"mood": "3", "note": "once", "day_version": opened})
    second = owner.client.post(URL, {"mood": "3", "note": "once", "day_version": opened})

    assert (first.status_code, second.status_code) == (302, 302)


def test_a_page_from_before_versions_saves_as_before(owner):
    owner.client.post(URL, {"note": "first words"})

    response = owner.client.post(URL, {"note": "from an old page"})

    assert response.status_code == 302
    assert _stored(owner).note == "from an old page"  # type: ignore[union-attr]


def test_a_day_changed_by_the_question_about_yesterday_is_a_change(owner):
    """Today's page also writes how the person felt after yesterday's closeness: that
    is a save of yesterday, and yesterday's own page, opened before, does not undo it."""
    yesterday = f"/journal/day/{(TODAY - timedelta(days=1)).isoformat()}/"
    owner.client.post(yesterday, {"intimacy": "closeness", "note": "held"})
    opened = owner.client.get(yesterday).context["form"]["day_version"].value()
    owner.client.post(URL, {"yesterday_afterwards": "4"})

    response = owner.client.post(
        yesterday, {"intimacy": "closeness", "note": "held", "day_version": opened}
    )

    assert response.status_code == 409
    rows = {d.label: (d.saved, d.here) for d in response.context["changed"].differences}
    assert rows == {"How you felt afterwards": ("Good", "No answer")}


def test_in_a_space_a_stopped_save_leaves_the_partners_copy_as_it_was(owner, partner):
    link(owner, partner)
    owner.client.post(URL, {"note": "shared words", "share": ["note"]})
    laptop = _opened(owner.client)
    phone = _another_device(owner)
    phone.post(URL, {"note": "shared from the phone", "share": ["note"], "day_version": laptop})

    response = owner.client.post(
        URL, {"note": "shared from the laptop", "share": ["note"], "day_version": laptop}
    )

    assert response.status_code == 409
    [copy] = services.checkins_all(owner=owner.user, keys=owner.keys).values()
    assert copy.note == "shared from the phone"
    [shared] = _partner_reads(partner, owner)
    assert shared["note"] == "shared from the phone"


def test_a_day_resaved_elsewhere_with_the_same_answers_is_not_asked_about(owner):
    """Saved elsewhere since, but only how it is stored differs (here, an older schema
    written again): there is nothing to choose, so the save goes ahead."""
    older = {**CheckIn(day=TODAY, mood=3, note="the same words").to_content(), "schema": 3}

    def put() -> None:
        vault.entry_put(
            owner=owner.user,
            keys=owner.keys,
            kind="checkin",
            index_value=TODAY.isoformat(),
            content=older,
        )

    put()
    laptop = _opened(owner.client)
    put()  # the same content, sealed again: a new version

    response = owner.client.post(
        URL, {"mood": "3", "note": "the same words", "day_version": laptop}
    )

    assert response.status_code == 302
    stored = vault.entry_find(
        owner=owner.user, keys=owner.keys, kind="checkin", index_value=TODAY.isoformat()
    )
    assert stored is not None and stored["schema"] > 3
