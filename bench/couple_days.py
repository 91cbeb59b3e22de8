"""How long "How we're doing" (/together/days/) takes for a couple with a long shared
history, beside the floor (a bare page behind the same middleware) in the same rounds.

    .venv/bin/python bench/couple_days.py [--days 365] [--rounds 30]

A fresh temporary data folder (under bench/.cache/), SQLite; two people in a space, each
with DAYS days shared (mood, body and a note: the whole shared part a day can have, so
each copy is as large as they come). Each is logged in through the real login view. In
shuffled rounds, each call by one of the two: the floor, the page (the last two weeks and
grief over every week, after the session's first visit), a month of a year before, and
the page on a first visit (a person whose page has kept nothing yet opens every copy:
what the page keeps is deleted before each such call). Medians and the ratio to the
floor are printed; docs/performance.md ("How we're doing over months") records a run.
Timing assertions never go in tests.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def run(days: int, rounds: int) -> dict[str, list[float]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.utils import timezone
    from floor_urls import FLOOR_PATH

    from afterwards.couple import membership
    from afterwards.couple.kinds import SHARED_DAYS_SEEN
    from afterwards.host.staticfiles import static_collect
    from afterwards.journal import services
    from afterwards.journal.checkin import CheckIn
    from afterwards.vault.models import Entry, Keyring
    from bench.reports import account
    from bench.seed import LIGHT, PASSPHRASE

    call_command("migrate", verbosity=0, interactive=False)
    static_collect()
    pick = random.Random(7)
    timings: dict[str, list[float]] = {}
    with override_settings(**LIGHT, ROOT_URLCONF="floor_urls", ALLOWED_HOSTS=["*"]):
        people = [account(name) for name in ("days-robin", "days-sam")]
        new = membership.invitation_create(inviter=people[0][0])
        membership.invitation_accept(invitation=new.invitation, acceptor=people[1][0])
        today = timezone.localdate()
        for user, keys in people:
            Keyring.objects.filter(user=user).update(recovery_code_kept=True)
            for n in range(days):
                services.checkin_save(
                    owner=user,
                    keys=keys,
                    checkin=CheckIn(
                        day=today - timedelta(days=n),
                        mood=pick.randint(1, 5),
                        grief=pick.randint(1, 5),
                        bleeding="none",
                        pain=0,
                        note="A slow day. We walked by the river and talked a little.",
                        share=["mood", "body", "note"],
                    ),
                )
        clients = []
        for name in ("days-robin", "days-sam"):
            client = Client()
            reply = client.post("/login/", {"username": name, "passphrase": PASSPHRASE})
            assert reply.status_code == 302
            client.get("/together/days/")  # settles in; the page keeps what it opened
            clients.append(client)
        month = (today.replace(day=1) - timedelta(days=360)).replace(day=1).strftime("%Y-%m")

        def first_visit(client: Client) -> object:
            Entry.objects.filter(kind=SHARED_DAYS_SEEN).delete()
            return client.get("/together/days/")

        calls: dict[str, Callable[[Client], object]] = {
            "floor": lambda client: client.get(FLOOR_PATH),
            "the last two weeks, and the weeks": lambda client: client.get("/together/days/"),
            f"a month ({month})": lambda client: client.get("/together/days/", {"month": month}),
            "the last two weeks, on a first visit": first_visit,
        }
        for _ in range(rounds):
            order = list(calls.items())
            pick.shuffle(order)
            for name, call in order:
                client = pick.choice(clients)
                if name != "the last two weeks, on a first visit":
                    # what the page keeps is made again outside the timing
                    client.get("/together/days/")
                started = time.perf_counter()
                reply = call(client)
                timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                assert getattr(reply, "status_code", 0) == 200, name
    return timings


def main() -> None:
    from bench.run import isolate_environment

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    cache = BENCH / ".cache"
    cache.mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="couple-days-", dir=cache))
    isolate_environment(data_dir)
    try:
        timings = run(args.days, args.rounds)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    floor = statistics.median(timings["floor"])
    print(f"{args.days} days shared by each of two people, {args.rounds} rounds")
    for name, samples in timings.items():
        median = statistics.median(samples)
        ratio = "1 (floor)" if name == "floor" else f"{median / floor:.1f}x"
        print(f"  {name}: median {median:.0f} ms, max {max(samples):.0f} ms, {ratio}")


if __name__ == "__main__":
    main()
