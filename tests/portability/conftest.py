"""A journal with something of every common kind, and reading a person's whole vault."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from afterwards.accounts import profile
from afterwards.body import services as body
from afterwards.couple import checkins as share_defaults
from afterwards.couple import nudges
from afterwards.journal import services as journal
from afterwards.journal.checkin import CheckIn
from afterwards.loss import about
from afterwards.vault import services as vault
from afterwards.vault.models import Entry
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.conftest import Person

FIRST_DAY = date(2026, 3, 1)
DAYS = 10


def write_a_journal(person: Person) -> None:
    """Ten days of check-ins, about the loss, a questionnaire, and the person's settings."""
    owner, keys = person.user, person.keys
    for n in range(DAYS):
        journal.checkin_save(
            owner=owner,
            keys=keys,
            checkin=CheckIn(
                day=FIRST_DAY + timedelta(days=n),
                mood=1 + n % 5,
                grief=5 - n % 5,
                bleeding=["heavy", "light", "spotting", "none", None][n % 5],
                # the signs of the weeks after a birth, on a day of their own
                symptoms=["cramps"] if n % 3 == 0 else ["leg_pain", "breast_red"] if n == 4 else [],
                custom_symptoms=["heavy legs"] if n == 2 else [],
                intimacy="closeness" if n == 6 else None,
                afterwards=4 if n == 6 else None,
                note=f"Day {n + 1}: a walk by the river, «tea», and a few words.",
            ),
        )
    about.about_loss_save(
        owner=owner,
        keys=keys,
        about=about.AboutLoss(
            kind="ectopic",
            loss_date=date(2026, 1, 12),
            due_date=date(2026, 8, 30),
            name="Pip",
            pregnant="yes",
        ),
    )
    wellbeing.result_save(
        owner=owner,
        keys=keys,
        instrument=catalogue.instruments()["gad7"],
        answers=dict.fromkeys(range(1, 8), 2),
        taken=datetime.fromisoformat("2026-03-05T09:30:00+00:00"),
    )
    wellbeing.schedule_save(owner=owner, keys=keys, every={"phq9": 14})
    profile.profile_save(owner=owner, keys=keys, profile=profile.Profile(country="GB"))
    share_defaults.share_defaults_save(owner=owner, keys=keys, sections=["mood"])
    nudges.receiving_set(owner=owner, keys=keys, receive=False)
    body.fertile_window_set(owner=owner, keys=keys, show=True)
    journal.body_section_choose(owner=owner, keys=keys, theirs=False)


def vault_contents(person: Person) -> list[tuple[str, str]]:
    """Every entry the person owns, opened: (kind, content as JSON), sorted."""
    return sorted(
        (entry.kind, json.dumps(vault.entry_open(entry, person.keys), sort_keys=True))
        for entry in Entry.objects.owned_by(person.user)
    )


def export_of(person: Person, **fields: Any) -> Any:
    """The response to the person asking for their export with these fields."""
    data = {"export-format": "json", "export-passphrase": person.passphrase}
    data.update({f"export-{name}": value for name, value in fields.items()})
    return person.client.post("/your-data/export/", data)
