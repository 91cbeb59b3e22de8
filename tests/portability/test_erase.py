"""Deleting an account leaves no row that names the person, and no key of theirs.

The scan is generic: every model Django knows (the apps added this week included) is read
for a relation to the person, their name in any text, and their key material in any
binary column, so a new table cannot keep something behind unnoticed.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from afterwards.accounts.models import User
from afterwards.couple import membership
from afterwards.vault.models import Entry, Keyring
from tests.portability.conftest import write_a_journal

pytestmark = pytest.mark.django_db

USERNAME = "robin"


def _relations_to_people() -> list[models.ForeignObject]:  # type: ignore[type-arg]
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignObject)
        and field.concrete
        and field.related_model is user_model
    ]


def test_every_relation_to_a_person_goes_with_them():
    relations = _relations_to_people()

    assert len(relations) >= 5, "positive control: keyring, entries, wraps, sessions, member"
    kept = [
        f"{field.model._meta.label}.{field.name}"
        for field in relations
        if field.remote_field.on_delete is not models.CASCADE
    ]
    assert kept == [], "a row that outlives its person keeps them in the database"


def _rows_naming(user_id: int, username: str, secrets: list[bytes]) -> list[str]:
    found = []
    relations = {(field.model, field.name) for field in _relations_to_people()}
    for model in apps.get_models():
        rows = model._default_manager.all()
        for field_model, name in relations:
            if field_model is model and rows.filter(**{f"{name}_id": user_id}).exists():
                found.append(f"{model._meta.label}.{name} still points at the person")
        for field in model._meta.concrete_fields:
            column = field.attname
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                for value in rows.values_list(column, flat=True):
                    text = value if isinstance(value, str) else json.dumps(value)
                    if text and username in text.lower():
                        found.append(f"{model._meta.label}.{column} holds the name")
            elif isinstance(field, models.BinaryField):
                for value in rows.values_list(column, flat=True):
                    if value is not None and any(s in bytes(value) for s in secrets):
                        found.append(f"{model._meta.label}.{column} holds key material")
    return found


def test_after_deletion_no_row_anywhere_names_the_person_or_holds_their_keys(owner, partner):
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    for person in (owner, partner):
        person.client.get("/together/")  # settling in: each pins the other's key
    write_a_journal(owner)
    owner.client.post("/journal/day/2026-03-12/", {"mood": "3", "share": ["mood", "note"]})
    owner.client.post("/together/readiness/", {"held": "yes", "kissing": "maybe"})
    owner.client.post("/together/nudge/", {"message": "go-gently"})
    ring = Keyring.objects.get(user=owner.user)
    secrets = [
        bytes(getattr(ring, name))
        for name in ("uk_by_passphrase", "uk_by_recovery", "public_key", "secret_key_sealed")
    ]
    user_id = owner.user.pk
    before = _rows_naming(user_id, USERNAME, secrets)
    stored = set(Entry.objects.owned_by(owner.user).values_list("kind", flat=True))
    assert {"readiness", "nudge", "shared_checkin", "couple_pin"} <= stored, "positive control"
    assert any("vault.Entry.owner" in line for line in before), "positive control"
    assert any("vault.Keyring" in line for line in before), "positive control"

    response = owner.client.post(
        "/account/delete/", {"passphrase": owner.passphrase, "confirm": "on"}
    )

    assert response.status_code == 200
    assert not User.objects.filter(pk=user_id).exists()
    assert not Keyring.objects.filter(user_id=user_id).exists()
    assert _rows_naming(user_id, USERNAME, secrets) == []


def test_the_delete_page_says_what_backups_hold(owner):
    response = owner.client.get("/account/delete/")

    assert "what you wrote is sealed: nobody can open it without your passphrase" in response.text
    # and honestly, what is not sealed there
    assert "Your user name is in those copies in plain form" in response.text
    assert "they are told only that the space has ended" in response.text
    assert 'href="/your-data/"' in response.text
