"""/about-your-loss/: optional, private, editable words about the loss, kept in the vault."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from afterwards.loss.about import KIND, PREGNANCY, AboutLoss, about_loss_get
from afterwards.vault.models import Entry

URL = "/about-your-loss/"


def _entries(person):  # type: ignore[no-untyped-def]
    return Entry.objects.filter(owner=person.user, kind=KIND)


def _stored(person) -> AboutLoss:  # type: ignore[no-untyped-def]
    return about_loss_get(owner=person.user, keys=person.keys)


def test_owner_sees_a_calm_empty_form(owner):
    response = owner.client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Only you can read what you write here" in page
    assert "they have their own page" in page
    assert "How would you like us to speak of it?" in page
    assert not _entries(owner).exists()


def test_owner_saves_everything_and_reads_it_back(owner):
    loss_day = timezone.localdate() - timedelta(days=40)
    response = owner.client.post(
        URL,
        {
            "kind": "ectopic",
            "loss_date": loss_day.isoformat(),
            "due_date": "2027-01-15",
            "speak_of": "name",
            "name": "Wren",
            "pregnant": "no",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    assert _stored(owner) == AboutLoss(
        kind="ectopic", loss_date=loss_day, due_date=date(2027, 1, 15), name="Wren", pregnant="no"
    )
    page = owner.client.get(URL)
    assert page.context["form"].initial == {
        "kind": "ectopic",
        "loss_date": loss_day,
        "due_date": date(2027, 1, 15),
        "speak_of": "name",
        "name": "Wren",
        "pregnant": "no",
    }
    assert "We speak of it as <strong>Wren</strong>" in page.content.decode()


def test_every_field_is_optional(owner):
    response = owner.client.post(URL, {})

    assert response.status_code == 302
    assert _stored(owner) == AboutLoss()


@pytest.mark.parametrize(
    ("speak_of", "name", "stored"),
    [("pregnancy", "", PREGNANCY), ("nothing", "Wren", ""), ("", "", "")],
)
def test_the_words_are_a_name_the_pregnancy_or_none(owner, speak_of, name, stored):
    owner.client.post(URL, {"speak_of": speak_of, "name": name})

    assert _stored(owner).name == stored
    initial = owner.client.get(URL).context["form"].initial
    assert initial["speak_of"] == {"pregnancy": "pregnancy"}.get(speak_of, "")


def test_editing_keeps_one_entry(owner):
    owner.client.post(URL, {"kind": "miscarriage"})
    first = _entries(owner).get()

    owner.client.post(URL, {"kind": "molar", "speak_of": "pregnancy"})

    assert _entries(owner).get().pk == first.pk
    assert _stored(owner) == AboutLoss(kind="molar", name=PREGNANCY)


def test_a_loss_date_in_the_future_is_refused_and_typed_values_are_kept(owner):
    owner.client.post(URL, {"kind": "stillbirth"})
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = owner.client.post(
        URL,
        {
            "kind": "tfmr",
            "loss_date": tomorrow.isoformat(),
            "due_date": "2026-13-45",
            "speak_of": "name",
            "name": "Little one",
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["loss_date"] == ["That day hasn't come yet. Please choose today or before."]
    assert errors["due_date"] == ["Please give a date, like 2026-03-14."]
    page = response.content.decode()
    assert f'value="{tomorrow.isoformat()}"' in page
    assert 'value="2026-13-45"' in page
    assert 'value="Little one"' in page
    assert 'id="id_loss_date_error"' in page
    assert _stored(owner) == AboutLoss(kind="stillbirth")


def test_a_due_date_may_be_in_the_future(owner):
    later = timezone.localdate() + timedelta(days=200)

    response = owner.client.post(URL, {"due_date": later.isoformat()})

    assert response.status_code == 302
    assert _stored(owner).due_date == later


def test_choosing_a_name_without_writing_one_is_refused(owner):
    response = owner.client.post(URL, {"speak_of": "name", "name": "  "})

    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not _entries(owner).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "loss"},
        {"speak_of": "shouting"},
        {"loss_date": "1899-12-31"},
        {"speak_of": "name", "name": "x" * 81},
        {"name": "nul\x00"},
    ],
)
def test_other_bad_answers_are_refused_and_nothing_is_saved(owner, data):
    response = owner.client.post(URL, data)

    assert response.status_code == 400
    assert not _entries(owner).exists()


def test_a_stranger_is_sent_to_log_in(db):
    for method in ("get", "post"):
        response = getattr(Client(), method)(URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_not_allowed(owner, method):
    assert getattr(owner.client, method)(URL).status_code == 405


def test_nothing_readable_at_rest(owner):
    owner.client.post(
        URL,
        {"kind": "stillbirth", "loss_date": "2026-01-02", "speak_of": "name", "name": "Juniper"},
    )

    entry = _entries(owner).get()
    for secret in (b"Juniper", b"stillbirth", b"2026-01-02"):
        assert secret not in bytes(entry.blob)
        assert secret not in bytes(entry.index)


def test_each_partner_has_their_own(owner, partner):
    owner.client.post(URL, {"kind": "miscarriage", "speak_of": "name", "name": "Robin's words"})
    partner.client.post(URL, {"kind": "other", "speak_of": "pregnancy"})

    assert _stored(owner) == AboutLoss(kind="miscarriage", name="Robin's words")
    assert _stored(partner) == AboutLoss(kind="other", name=PREGNANCY)
    assert "Robin" not in partner.client.get(URL).content.decode()
    assert _entries(owner).count() == 1 and _entries(partner).count() == 1
