"""Seeding the bench database: many people, each with two years of daily check-ins,
and a few more whose check-ins start two months before the last whole month (to show
that a month's page does not grow with the whole history).

Every entry is sealed by the vault's own functions (keyring.create, sealing.seal_entry,
the blind index of afterwards.vault.services), exactly as entry_put would seal it, but
rows are inserted in bulk. Key derivation uses the light, test-grade parameters: the
maths is the same, only the cost of a login differs, and login is measured on its own.

Sealing runs in worker processes (one per core); the parent only inserts.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
from django.test import override_settings

from afterwards.accounts import services as account_services
from afterwards.accounts.models import User
from afterwards.journal import services as journal_services
from afterwards.journal.checkin import BLEEDING, KIND, MOOD_WORDS, SYMPTOMS, CheckIn
from afterwards.vault import keyring, sealing
from afterwards.vault import services as vault_services
from afterwards.vault.models import Entry, Keyring

PASSPHRASE = "bench passphrase, never for a real account"
LIGHT = {
    "VAULT_KDF_OPSLIMIT": 1,
    "VAULT_KDF_MEMLIMIT": 8 * 1024 * 1024,
    "PASSWORD_HASHERS": ["afterwards.accounts.hashers.LightArgon2PasswordHasher"],
}

_PHRASES = [
    "Slept badly again.",
    "A short walk by the river helped a little.",
    "We talked tonight, properly, for the first time in days.",
    "Work was loud and I kept thinking about the due date.",
    "My sister rang. I didn't pick up.",
    "Cried in the car park, then felt lighter.",
    "Made soup. Ate most of it.",
    "The midwife's letter came; I put it in the drawer.",
    "Quiet day. Nothing much to say, and that is fine.",
    "Saw a pram on the bus and had to get off a stop early.",
    "We planted the bulbs for the little one.",
    "Tired in my body more than in my head.",
    "Laughed at something silly and then felt guilty for laughing.",
    "Back at the gym. It felt good to be strong at something.",
    "Anniversary coming up; I want to mark it somehow.",
    "Counselling session today — hard but useful.",
]


def username(index: int) -> str:
    return f"bench{index + 1:04d}"


def user_id(index: int) -> int:
    return index + 1


_OWN_SYMPTOMS = ["backache", "headache", "sore breasts", "no appetite"]
_TAPER = ["heavy", "medium", "medium", "light", "spotting"]  # a period, day by day


def checkin_for(index: int, day: date) -> CheckIn:
    """The seeded check-in of person `index` on `day`: reproducible, so it can be checked.

    The whole day of schema 2, with plausible gaps: moods now and then left out, a
    cycle of bleeding that tapers, some pain and symptoms, closeness or sex on some
    days with how it felt, and "afterwards" sometimes still to add.
    """
    rng = random.Random(index * 1_000_003 + day.toordinal())
    person = random.Random(index)
    cycle, offset = person.randint(26, 32), person.randrange(40)
    in_cycle = (day.toordinal() + offset) % cycle
    bleeding = _TAPER[in_cycle] if in_cycle < len(_TAPER) else "none"
    if bleeding != "none" and rng.random() < 0.2:
        bleeding = rng.choice(list(BLEEDING))

    def scale() -> int | None:
        return None if rng.random() < 0.1 else rng.randint(1, len(MOOD_WORDS))

    roll = rng.random()
    intimacy = "sex" if roll < 0.06 else "closeness" if roll < 0.18 else "none"
    close = intimacy != "none"
    return CheckIn(
        day=day,
        mood=scale(),
        grief=scale(),
        anxiety=scale(),
        energy=scale(),
        sleep=scale(),
        bleeding=None if rng.random() < 0.05 else bleeding,
        pain=min(10, int(rng.expovariate(0.6))) if rng.random() < 0.7 else None,
        symptoms=rng.sample(list(SYMPTOMS), k=rng.choice([0, 0, 0, 1, 2])),
        custom_symptoms=rng.sample(_OWN_SYMPTOMS, k=1) if rng.random() < 0.05 else [],
        intimacy=intimacy if rng.random() < 0.9 else None,
        during=rng.randint(1, 5) if close else None,
        afterwards=rng.randint(1, 5) if close and rng.random() < 0.8 else None,
        note="" if rng.random() < 0.3 else " ".join(rng.choices(_PHRASES, k=rng.randint(1, 6))),
        share=["mood"] if rng.random() < 0.3 else [],
    )


def _month_before(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Plan:
    """USERS people with DAYS days each, from FIRST_DAY; then SHORT_USERS people whose
    days start two whole months before the compared month."""

    users: int
    first_day: date
    days: int
    short_users: int = 0

    def day_list(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.days)]

    @property
    def compared_month(self) -> date:
        """The last whole month of the days: its history page is timed for both groups."""
        return _month_before(self.day_list()[-1].replace(day=1))

    @property
    def short_first_day(self) -> date:
        return max(self.first_day, _month_before(_month_before(self.compared_month)))

    @property
    def short_days(self) -> int:
        return len(self.days_of(self.users))

    def days_of(self, index: int) -> list[date]:
        days = self.day_list()
        return days if index < self.users else [d for d in days if d >= self.short_first_day]

    @property
    def people(self) -> int:
        return self.users + self.short_users

    @property
    def entries(self) -> int:
        # Each person's check-ins and their remembered own symptoms.
        return self.users * self.days + self.short_users * self.short_days + self.people


def _entry_fields() -> list[Any]:
    return list(Entry._meta.concrete_fields)


def _entry_insert_sql() -> str:
    quote = connection.ops.quote_name
    fields = _entry_fields()
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(Entry._meta.db_table)} ({columns}) VALUES ({values})"


def _seal_person(job: tuple[int, Plan]) -> dict[str, Any]:
    """In a worker: one person's password hash, keyring and every sealed entry, as rows.

    Each entry is sealed as vault.services.entry_put seals a new one; the row is the
    model's own database values, so only the INSERT itself skips the ORM.
    """
    index, plan = job
    owner_id = user_id(index)
    stored, keys, _code = keyring.create(PASSPHRASE, account_services.kdf_params())
    fields = _entry_fields()
    rows = []
    sealed_entries = [
        (KIND, day.isoformat(), checkin_for(index, day).to_content())
        for day in plan.days_of(index)
    ]
    # The person's own symptoms, offered back on the check-in page.
    own = {"symptoms": random.Random(index).sample(_OWN_SYMPTOMS, k=2)}
    sealed_entries.append(
        (journal_services.CUSTOM_KIND, journal_services.CUSTOM_INDEX, own)
    )
    for kind, index_value, content_dict in sealed_entries:
        content = vault_services._encode(content_dict)
        entry = Entry(
            id=uuid.uuid4(),
            owner_id=owner_id,
            kind=kind,
            index=vault_services.entry_index(keys, kind=kind, value=index_value),
        )
        sealed = sealing.seal_entry(keys, content, aad=entry.aad)
        entry.blob = sealed.blob
        entry.owner_wrap = sealed.owner_wrap
        values = (f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields)
        rows.append(tuple(bytes(v) if isinstance(v, memoryview) else v for v in values))
    return {
        "index": index,
        "password": make_password(PASSPHRASE),
        "keyring": Keyring.fields_from(stored),
        "rows": rows,
    }


def _insert(batch: list[dict[str, Any]]) -> None:
    with transaction.atomic():
        User.objects.bulk_create(
            User(id=user_id(p["index"]), username=username(p["index"]), password=p["password"])
            for p in batch
        )
        Keyring.objects.bulk_create(
            Keyring(user_id=user_id(p["index"]), recovery_code_kept=True, **p["keyring"])
            for p in batch
        )
        with connection.cursor() as cursor:
            cursor.executemany(_entry_insert_sql(), [row for p in batch for row in p["rows"]])


def seed(plan: Plan, *, workers: int | None = None, progress: bool = True) -> float:
    """Fill an empty, migrated database. Returns the seconds it took."""
    workers = workers or os.cpu_count() or 1
    t0 = time.perf_counter()
    with override_settings(**LIGHT):
        context = multiprocessing.get_context("fork")
        connections.close_all()  # nothing open crosses the fork
        with context.Pool(workers) as pool:
            # Seeding only: a large page cache (the indexes of random keys outgrow the
            # default one) and no fsync per batch. The bench runs with the settings' own.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
                cursor.execute("PRAGMA synchronous = OFF")
            batch: list[dict[str, Any]] = []
            done = 0
            jobs = ((index, plan) for index in range(plan.people))
            for person in pool.imap_unordered(_seal_person, jobs, chunksize=2):
                batch.append(person)
                if len(batch) == 25:
                    _insert(batch)
                    done += len(batch)
                    batch = []
                    if progress and done % 100 == 0:
                        rate = done / (time.perf_counter() - t0)
                        print(f"  seeded {done:5d}/{plan.people} people ({rate:.1f}/s)", flush=True)
            if batch:
                _insert(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connections.close_all()
    return time.perf_counter() - t0


def verify(plan: Plan, samples: int = 5) -> None:
    """Read a few seeded check-ins back through the journal's own services."""
    rng = random.Random(7)
    with override_settings(**LIGHT):
        for n in range(samples):
            # The last sample is one of the people with a short history.
            short = n == samples - 1 and plan.short_users
            index = rng.randrange(plan.users, plan.people) if short else rng.randrange(plan.users)
            day = rng.choice(plan.days_of(index))
            user = User.objects.get(username=username(index))
            keys = keyring.unlock_with_passphrase(user.keyring.stored(), PASSPHRASE)
            got = journal_services.checkin_for_day(owner=user, keys=keys, day=day)
            if got != checkin_for(index, day):
                raise SystemExit(f"seed check failed for {username(index)} on {day}: {got!r}")
    count = Entry.objects.count()
    if count != plan.entries:
        raise SystemExit(f"seed check failed: {count} entries, expected {plan.entries}")
