"""The load bench's people and their two years of days, sealed through the vault.

bench/seed.py seals each person's days as entry_put would and inserts the rows in bulk;
here it is used with the host's own key-derivation parameters (not the light ones of
`make bench`), because this bench logs people in over HTTP and a login must cost what
it costs on a real server. Some people share a space: every fourth and fifth person
(0 and 1, 4 and 5, ...) among the first COUPLE_PEOPLE are a couple, each settled in and
sharing mood, body and a note on their last SHARED_DAYS days, saved through the
journal's own service so that the partner's copies are real.

Runs inside a process where Django is set up on the database to fill (SQLite or
PostgreSQL); the database must be migrated and empty.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.seed import Plan

COUPLE_PEOPLE = 48  # couples are formed among the first 48 people only
SHARED_DAYS = 60
SHARED = ("mood", "body", "note")


def in_couple(index: int) -> bool:
    """Whether person `index` shares a space: 0 and 1, 4 and 5, ... below COUPLE_PEOPLE."""
    return index < COUPLE_PEOPLE and index % 4 in (0, 1)


def partner_index(index: int) -> int | None:
    if not in_couple(index):
        return None
    return index + 1 if index % 4 == 0 else index - 1


def plan_for(people: int, days: int, today: date) -> Plan:
    """`people` people, each with a check-in every day of the `days` days before today."""
    from bench.seed import Plan

    return Plan(users=people, first_day=today - timedelta(days=days), days=days)


def people_seed(plan: Plan, *, progress: Callable[[str], None] = print) -> float:
    """Fill an empty, migrated database with the plan's people. Returns the seconds taken."""
    from django.db import connection, connections

    from bench.seed import _insert, _seal_person

    t0 = time.perf_counter()
    workers = os.cpu_count() or 1
    sqlite = connection.vendor == "sqlite"
    connections.close_all()  # nothing open crosses the fork
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        if sqlite:
            with connection.cursor() as cursor:  # seeding only, as bench/seed.py does
                cursor.execute("PRAGMA cache_size = -262144")
                cursor.execute("PRAGMA synchronous = OFF")
        batch: list[dict[str, Any]] = []
        done = 0
        jobs = ((index, plan) for index in range(plan.people))
        for person in pool.imap_unordered(_seal_person, jobs, chunksize=2):
            batch.append(person)
            if len(batch) == 20:
                _insert(batch)
                done += len(batch)
                batch = []
                progress(f"  sealed {done}/{plan.people} people")
        if batch:
            _insert(batch)
    couples_seed(plan, progress=progress)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if sqlite:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if connection.vendor == "postgresql":
        _sequences_reset()
    connections.close_all()
    return time.perf_counter() - t0


def _sequences_reset() -> None:
    """bench/seed.py gives users explicit ids; PostgreSQL's sequence must move past them."""
    from django.core.management.color import no_style
    from django.db import connection

    from afterwards.accounts.models import User
    from afterwards.vault.models import Keyring

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [User, Keyring]):
            cursor.execute(sql)


def couples_seed(plan: Plan, *, progress: Callable[[str], None] = print) -> int:
    """Pair the couples, settle each person in, and share their last SHARED_DAYS days."""
    from django.db import transaction

    from afterwards.accounts.models import User
    from afterwards.couple import membership, sharing
    from afterwards.journal import services
    from afterwards.vault import keyring
    from bench.seed import PASSPHRASE, checkin_for, username

    couples = 0
    last_day = plan.day_list()[-1]
    shared_days = [last_day - timedelta(days=n) for n in range(min(SHARED_DAYS, plan.days))]
    for index in range(0, min(plan.users, COUPLE_PEOPLE), 4):
        if index + 1 >= plan.users:
            break
        pair = [User.objects.get(username=username(i)) for i in (index, index + 1)]
        new = membership.invitation_create(inviter=pair[0])
        membership.invitation_accept(invitation=new.invitation, acceptor=pair[1])
        unlocked = [keyring.unlock_with_passphrase(u.keyring.stored(), PASSPHRASE) for u in pair]
        for user, keys in zip(pair, unlocked, strict=True):
            sharing.pair_ready(owner=user, keys=keys)
        with transaction.atomic():  # one commit a couple: seeding, not the bench
            for offset, (user, keys) in enumerate(zip(pair, unlocked, strict=True)):
                for day in shared_days:
                    checkin = replace(checkin_for(index + offset, day), share=list(SHARED))
                    services.checkin_save(owner=user, keys=keys, checkin=checkin)
        couples += 1
        progress(f"  paired {couples} couples, each sharing {len(shared_days)} days")
    return couples


def main() -> None:
    """`python -m bench.load.seeding PEOPLE DAYS`: migrate and fill the database the
    environment names (AFTERWARDS_DATA_DIR's SQLite, or DATABASE_URL); the last line
    printed is what was made, as JSON."""
    import json
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afterwards.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from afterwards.host.staticfiles import static_collect

    people, days = int(sys.argv[1]), int(sys.argv[2])
    call_command("migrate", verbosity=0, interactive=False)
    static_collect()
    plan = plan_for(people, days, timezone.localdate())
    seconds = people_seed(plan, progress=lambda line: print(line, flush=True))
    print(json.dumps({
        "people": plan.users,
        "days": plan.days,
        "first_day": plan.first_day.isoformat(),
        "entries": plan.entries,
        "couples": len(range(0, min(plan.users, COUPLE_PEOPLE), 4)),
        "shared_days": min(SHARED_DAYS, plan.days),
        "seed_seconds": round(seconds, 1),
    }))


if __name__ == "__main__":
    main()
