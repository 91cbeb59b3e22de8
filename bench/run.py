"""`make bench`: server time of the journal's pages, beside a floor measured in the same run.

    .venv/bin/python bench/run.py [--iterations 300] [--users 1000] [--days 730]
                                  [--short-users 100] [--reseed] [--no-docs]
                                  [--profile ENDPOINT ...]

1. A fresh temporary AFTERWARDS_DATA_DIR (under bench/.cache/, on the same disk as the
   project, never ./data) with SQLite. The seeded database -- USERS people with DAYS
   daily check-ins each (the whole day of check-in schema 2), and SHORT_USERS people
   whose check-ins start two months before the last whole month, sealed by the vault --
   is built once and kept in
   bench/.cache/seed-<key>.sqlite3; each run works on a copy. The key changes with
   SEED_VERSION, the plan, and the code that decides what a stored row looks like.
2. People log in through the real login view; then every endpoint is called through
   Django's real WSGI handler (bench/wsgi_client.py) in shuffled rounds, each call by a
   random logged-in person on a random day or month, and the floor (a bare view behind
   the same middleware, bench/floor_urls.py) is measured in the same rounds.
3. Login is timed separately with the production key-derivation parameters.
4. The table is printed and written into the marked section of docs/performance.md.

Timing assertions never go in tests; this prints figures and says whether aims are met.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
DOCS = ROOT / "docs" / "performance.md"
SEED_VERSION = "3"

# What a sealed row looks like depends on these; a change to any of them re-seeds. Other
# schema changes reach the cached copy through `migrate`; if that fails, it re-seeds too.
SEED_SOURCES = [
    "afterwards/vault/crypto.py",
    "afterwards/vault/keyring.py",
    "afterwards/vault/sealing.py",
    "afterwards/vault/models.py",
    "afterwards/vault/services.py",
    "afterwards/journal/checkin.py",
    "bench/seed.py",
]

AIM_RATIO = 3.0
AIM_P99_MS = 50.0
LOGIN_PASSPHRASE = "a separate passphrase for timing the login"


def cache_key(users: int, days: int, short_users: int) -> str:
    digest = hashlib.sha256(f"{SEED_VERSION}|{users}|{days}|{short_users}".encode())
    for path in (ROOT / name for name in SEED_SOURCES):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return f"v{SEED_VERSION}-{users}x{days}+{short_users}-{digest.hexdigest()[:12]}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=300, help="measured calls per endpoint")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured calls per endpoint")
    parser.add_argument("--users", type=int, default=1000, help="people in the seeded database")
    parser.add_argument("--days", type=int, default=730, help="daily check-ins per person")
    parser.add_argument(
        "--short-users",
        type=int,
        default=100,
        help="more people, whose check-ins start two months before the last whole month",
    )
    parser.add_argument("--browsers", type=int, default=100, help="people logged in for the run")
    parser.add_argument("--logins", type=int, default=5, help="timed production logins")
    parser.add_argument("--reseed", action="store_true", help="ignore the cached database")
    parser.add_argument("--no-docs", action="store_true", help="don't rewrite docs/performance.md")
    parser.add_argument(
        "--profile",
        nargs="*",
        metavar="ENDPOINT",
        help="after measuring, profile these endpoints (all if none named); uses "
        "pyinstrument if installed, else cProfile. Profiled runs are not timed.",
    )
    return parser.parse_args()


def isolate_environment(data_dir: Path) -> None:
    """SQLite in a temporary folder, with the settings a fresh install has."""
    for name in list(os.environ):
        if name.startswith("AFTERWARDS_") or name == "DATABASE_URL":
            del os.environ[name]
    os.environ["AFTERWARDS_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "afterwards.settings"


# --- Figures --------------------------------------------------------------------------


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


@dataclass
class Figure:
    name: str
    floor: str | None  # the name of the floor it is compared with; None for a floor
    samples: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p99_ms(self) -> float:
        return p99(self.samples) * 1000

    @property
    def max_ms(self) -> float:
        return max(self.samples) * 1000

    @property
    def cpu_median_ms(self) -> float:
        return statistics.median(self.cpu) * 1000


# --- The people and what they do ----------------------------------------------------------


@dataclass
class Person:
    index: int
    browser: Any
    new_days: int = 0  # days before the seeded range this person has since written


@dataclass
class People:
    """The logged-in people: most with the whole history, a few with a short one."""

    long: list[Person]
    short: list[Person]


def note_text(rng: random.Random) -> str:
    from seed import _PHRASES

    return " ".join(rng.choices(_PHRASES, k=rng.randint(1, 6)))


def log_in(handler: Any, username: str, passphrase: str) -> tuple[Any, Any]:
    """A browser logged in through the real login view, and the timed login reply."""
    from wsgi_client import Browser

    browser = Browser(handler)
    page = browser.get("/login/")
    if page.status != 200:
        raise SystemExit(f"GET /login/ gave {page.status}")
    reply = browser.post("/login/", {"username": username, "passphrase": passphrase})
    if reply.status != 302:
        raise SystemExit(f"login of {username} gave {reply.status}, not a redirect")
    # Follow the redirects as a browser would: today's page, with a fresh CSRF token
    # (logging in rotates it).
    location = reply.header("Location") or "/"
    for _ in range(3):
        page = browser.get(location)
        if page.status != 302:
            break
        location = page.header("Location") or "/"
    if page.status != 200 or "csrfmiddlewaretoken" not in page.text:
        raise SystemExit(f"after login, {location} gave {page.status}")
    return browser, reply


@dataclass
class Endpoint:
    name: str
    floor: str | None
    call: Callable[[Person, random.Random], Any]
    expect: int
    short: bool = False  # called by the people with a short history


def compare_month(plan: Any) -> date:
    """The last whole month of the seeded days: people with the whole history have about
    two years before it; people with the short one, two months."""
    month: date = plan.compared_month
    if month < plan.days_of(plan.users)[0]:
        raise SystemExit("the short history does not hold the compared month")
    return month


def checkin_form(rng: random.Random) -> dict[str, str | list[str]]:
    """A whole day of check-in schema 2, with the fields afterwards/journal/forms.py names."""
    from afterwards.journal.checkin import BLEEDING, SYMPTOMS

    def scale() -> str:
        return str(rng.randint(1, 5))

    intimacy = rng.choice(["none", "none", "closeness", "sex"])
    close = intimacy != "none"
    fields: dict[str, str | list[str]] = {
        "mood": scale(),
        "grief": scale(),
        "anxiety": scale(),
        "energy": scale(),
        "sleep": scale(),
        "bleeding": rng.choice(list(BLEEDING)),
        "pain": str(rng.randint(0, 10)),
        "symptoms": rng.sample(list(SYMPTOMS), k=rng.randint(0, 3)),
        "new_symptoms": rng.choice(["", "", "", "backache", "headache, tight jaw"]),
        "intimacy": intimacy,
        "during": scale() if close else "",
        "afterwards": scale() if close and rng.random() < 0.7 else "",
        "note": note_text(rng),
    }
    if rng.random() < 0.3:
        fields["share"] = "on"
    return fields


def endpoints(plan: Any) -> list[Endpoint]:
    from floor_urls import FLOOR_PATH

    first_day: date = plan.first_day
    days: list[date] = plan.day_list()
    months = sorted({d.strftime("%Y-%m") for d in days})
    compared = {"month": compare_month(plan).strftime("%Y-%m")}

    def new_day(person: Person) -> str:
        person.new_days += 1
        return (first_day - timedelta(days=person.new_days)).isoformat()

    every = [
        Endpoint("floor GET (bare view)", None, lambda p, r: p.browser.get(FLOOR_PATH), 200),
        Endpoint(
            "check-in page GET",
            "floor GET (bare view)",
            lambda p, r: p.browser.get(f"/journal/day/{r.choice(days).isoformat()}/"),
            200,
        ),
        Endpoint(
            "history (month) GET",
            "floor GET (bare view)",
            lambda p, r: p.browser.get("/journal/", {"month": r.choice(months)}),
            200,
        ),
        Endpoint(
            "history, a month, ~2 years before it",
            "floor GET (bare view)",
            lambda p, r: p.browser.get("/journal/", compared),
            200,
        ),
        Endpoint(
            "history, same month, 2 months before",
            "floor GET (bare view)",
            lambda p, r: p.browser.get("/journal/", compared),
            200,
            short=True,
        ),
        Endpoint(
            "floor POST (bare view)",
            None,
            # The same body as a check-in, so the floor reads as much.
            lambda p, r: p.browser.post(FLOOR_PATH, checkin_form(r)),
            200,
        ),
        Endpoint(
            "check-in POST, edit a day",
            "floor POST (bare view)",
            lambda p, r: p.browser.post(
                f"/journal/day/{r.choice(days).isoformat()}/", checkin_form(r)
            ),
            302,
        ),
        Endpoint(
            "check-in POST, new day",
            "floor POST (bare view)",
            lambda p, r: p.browser.post(f"/journal/day/{new_day(p)}/", checkin_form(r)),
            302,
        ),
    ]
    return [ep for ep in every if plan.short_users or not ep.short]


def check_pages(everyone: People, plan: Any) -> None:
    """Before timing: the pages really open the seeded, sealed check-ins, and the two
    groups' pages of the compared month show the same number of days."""
    from django.utils.html import escape
    from seed import checkin_for

    rng = random.Random(3)
    opened = 0
    people = everyone.long
    compared = {"month": compare_month(plan).strftime("%Y-%m")}
    for group in (everyone.long, everyone.short):
        page = group[0].browser.get("/journal/", compared)
        if page.status != 200 or page.text.count('class="chart-point"') < 10:
            raise SystemExit("the compared month's history does not draw the seeded moods")
    for person in people[:20]:
        day = rng.choice(plan.day_list())
        reply = person.browser.get(f"/journal/day/{day.isoformat()}/")
        expected = checkin_for(person.index, day)
        if reply.status != 200:
            raise SystemExit(f"check-in page gave {reply.status}")
        if expected.note:
            if escape(expected.note) not in reply.text:
                raise SystemExit(f"the check-in page of {day} does not show the seeded note")
            opened += 1
        month = person.browser.get("/journal/", {"month": day.strftime("%Y-%m")})
        if month.status != 200 or 'class="day-list"' not in month.text:
            raise SystemExit("the history page does not list the seeded check-ins")
        if "<svg" not in month.text or 'class="calendar"' not in month.text:
            raise SystemExit("the history page does not draw the month")
    if opened == 0:
        raise SystemExit("no seeded note was checked")


def measure(
    people: People, eps: list[Endpoint], iterations: int, warmup: int
) -> dict[str, Figure]:
    figures = {ep.name: Figure(ep.name, ep.floor) for ep in eps}
    rng = random.Random(11)
    for round_ in range(warmup + iterations):
        order = list(eps)
        rng.shuffle(order)
        for ep in order:
            person = rng.choice(people.short if ep.short else people.long)
            reply = ep.call(person, rng)
            if reply.status != ep.expect:
                raise SystemExit(f"{ep.name} gave {reply.status}, expected {ep.expect}")
            if round_ >= warmup:
                figures[ep.name].samples.append(reply.seconds)
                figures[ep.name].cpu.append(reply.cpu_seconds)
    return figures


def measure_login(handler: Any, times: int) -> dict[str, list[float]]:
    """Production cost: the host's Argon2 password hasher and the vault's Argon2id params."""
    from django.conf import settings

    from afterwards.accounts import services
    from afterwards.accounts.models import User
    from afterwards.vault import keyring

    if settings.PASSWORD_HASHERS[0] != "afterwards.accounts.hashers.BoundedArgon2PasswordHasher":
        raise SystemExit(f"login is timed with the host's hasher, not {settings.PASSWORD_HASHERS}")
    t0 = time.perf_counter()
    services.account_create(username="bench-login", email="", passphrase=LOGIN_PASSPHRASE)
    signup_keys = time.perf_counter() - t0
    user = User.objects.get(username="bench-login")
    result: dict[str, list[float]] = {
        "login POST (whole request)": [],
        "— of which the Argon2 password check": [],
        "— of which the vault's Argon2id key derivation": [],
        "sign-up (account_create), for comparison": [signup_keys],
    }
    stored = user.keyring.stored()
    for _ in range(times):  # interleaved, so that the three share the machine's mood
        _, reply = log_in(handler, "bench-login", LOGIN_PASSPHRASE)
        result["login POST (whole request)"].append(reply.seconds)
        t0 = time.perf_counter()
        assert user.check_password(LOGIN_PASSPHRASE)
        result["— of which the Argon2 password check"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        keyring.unlock_with_passphrase(stored, LOGIN_PASSPHRASE)
        result["— of which the vault's Argon2id key derivation"].append(time.perf_counter() - t0)
    return result


def profile(everyone: People, eps: list[Endpoint], names: list[str]) -> None:
    chosen = [ep for ep in eps if not names or ep.name in names or ep.name.split()[0] in names]
    rng = random.Random(5)
    for ep in chosen:
        people = everyone.short if ep.short else everyone.long
        print(f"\n=== profile: {ep.name} (100 calls)")
        try:
            from pyinstrument import Profiler
        except ImportError:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            for _ in range(100):
                ep.call(rng.choice(people), rng)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        else:
            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(100):
                ep.call(rng.choice(people), rng)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False))


# --- Report ---------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import django

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "CPU": cpu,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "SQLite": sqlite3.sqlite_version,
        "code": commit,
    }


def table(figures: dict[str, Figure]) -> list[list[str]]:
    head = ["endpoint", "n", "median ms", "p99 ms", "max ms", "CPU median ms", "median ÷ floor",
            "aims"]
    rows = []
    for fig in figures.values():
        if fig.floor is None:
            ratio, aims = "1 (floor)", ""
        else:
            r = fig.median_ms / figures[fig.floor].median_ms
            ratio = f"{r:.2f}×"
            ok = r <= AIM_RATIO and fig.p99_ms < AIM_P99_MS
            aims = "met" if ok else "NOT met"
        rows.append(
            [fig.name, str(len(fig.samples)), f"{fig.median_ms:.2f}", f"{fig.p99_ms:.2f}",
             f"{fig.max_ms:.2f}", f"{fig.cpu_median_ms:.2f}", ratio, aims]
        )
    return [head, *rows]


def history_growth(figures: dict[str, Figure]) -> str:
    long = figures.get("history, a month, ~2 years before it")
    short = figures.get("history, same month, 2 months before")
    if long is None or short is None:
        return "not measured in this run (no people with a short history)."
    change = (long.median_ms / short.median_ms - 1) * 100
    return (
        f"the same month takes {long.median_ms:.2f} ms (median) with about two years of "
        f"check-ins before it and {short.median_ms:.2f} ms with two months before it "
        f"({change:+.1f} %). Both groups' people share one database, so the difference is "
        "the length of the person's own history alone."
    )


def login_table(login: dict[str, list[float]]) -> list[list[str]]:
    head = ["login, production parameters", "n", "median ms", "max ms"]
    rows = [
        [name, str(len(v)), f"{statistics.median(v) * 1000:.0f}", f"{max(v) * 1000:.0f}"]
        for name, v in login.items()
    ]
    return [head, *rows]


def plain(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(rows: list[list[str]]) -> str:
    align = ["---"] + ["---:"] * (len(rows[0]) - 1)
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


BEGIN = "<!-- bench:begin — written by `make bench`; edits inside are overwritten -->"
END = "<!-- bench:end -->"

INTRO = f"""# Performance

`make bench` (`bench/run.py`) measures the **server time** of the journal's pages: the
time from the moment Django's WSGI handler receives a request to the end of the
response, with no network and no browser. Each figure is measured beside a **floor**
in the same run: a bare view that returns "ok" behind the same middleware, for the same
logged-in people (session row, user row, the vault opening the person's keys, CSRF for
a POST). The ratio to the floor is what a page costs over and above being a logged-in
request at all, on that machine, on that day.

The data is what two years of use looks like: 1,000 people with a daily check-in each
for 730 days, each check-in the whole day of schema 2 (five scales, bleeding that
follows a cycle, pain, symptoms, sometimes the person's own, closeness or sex with how
it felt, a note), in SQLite, seeded once through the vault's own sealing functions and
cached in `bench/.cache/`. Each call is made by a random one of 100 logged-in people,
on a random day or month of those two years, in shuffled rounds so the floor and the
pages share the same conditions.

To show that the history page does not grow with the whole history, 100 more people
have check-ins only from two months before the last whole month. That month's page is
timed for both groups in the same run ("a month, ~2 years before it" and "same month,
2 months before"): same database, same month, only the length of the person's own
history differs.

Aims, on SQLite:

- the median of each page within {AIM_RATIO:g}× the floor's median;
- the 99th percentile of each page under {AIM_P99_MS:g} ms.

Logging in is excluded from these aims: it is slow on purpose (memory-hard Argon2id
twice: once for the password hash, once for the vault's key), and is reported
separately with the production parameters.

Timing never goes in the tests; a change that makes a page slower shows here.

{BEGIN}
{END}
"""


def write_docs(section: str) -> None:
    text = DOCS.read_text() if DOCS.exists() else INTRO
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(f"{before}{BEGIN}\n{section.strip()}\n{END}{after}")


# --- The run --------------------------------------------------------------------------


def prepare_database(args: argparse.Namespace, plan_days: int) -> tuple[Any, dict[str, Any]]:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from seed import Plan, seed, verify

    key = cache_key(args.users, plan_days, args.short_users)
    cached = CACHE / f"seed-{key}.sqlite3"
    meta_path = cached.with_suffix(".json")
    db = Path(settings.DATABASES["default"]["NAME"])
    meta: dict[str, Any] | None = None
    if cached.exists() and meta_path.exists() and not args.reseed:
        meta = json.loads(meta_path.read_text())
        t0 = time.perf_counter()
        shutil.copyfile(cached, db)
        print(f"Using the cached database {cached.name} ({time.perf_counter() - t0:.1f} s to copy)")
        meta["from_cache"] = True
        try:
            call_command("migrate", verbosity=0, interactive=False)
        except Exception as error:  # whatever the reason, seed afresh instead
            print(f"The cached database does not migrate ({error}); seeding afresh")
            connections.close_all()
            db.unlink()
            meta = None
    if meta is None:
        today = date.fromisoformat(_localdate())
        plan = Plan(
            users=args.users,
            first_day=today - timedelta(days=plan_days),
            days=plan_days,
            short_users=args.short_users,
        )
        call_command("migrate", verbosity=0, interactive=False)
        print(f"Seeding {plan.users} people × {plan.days} days and {plan.short_users} × "
              f"{plan.short_days} ({plan.entries:,} sealed entries) with {os.cpu_count()} "
              "workers …")
        seconds = seed(plan)
        print(f"Seeded in {seconds:.0f} s")
        connections.close_all()
        for old in CACHE.glob("seed-*"):
            old.unlink()
        partial = cached.with_suffix(".partial")
        shutil.copyfile(db, partial)
        partial.rename(cached)
        meta = {
            "key": key,
            "users": plan.users,
            "days": plan.days,
            "short_users": plan.short_users,
            "short_days": plan.short_days,
            "entries": plan.entries,
            "first_day": plan.first_day.isoformat(),
            "seeded_on": today.isoformat(),
            "seed_seconds": round(seconds, 1),
            "workers": os.cpu_count(),
            "db_bytes": cached.stat().st_size,
        }
        meta_path.write_text(json.dumps(meta, indent=2))
        meta["from_cache"] = False
    plan = Plan(
        meta["users"], date.fromisoformat(meta["first_day"]), meta["days"], meta["short_users"]
    )
    verify(plan)
    return plan, meta


def _localdate() -> str:
    from django.utils import timezone

    return str(timezone.localdate().isoformat())


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings
    from seed import LIGHT, PASSPHRASE, username

    plan, meta = prepare_database(args, args.days)

    with override_settings(ROOT_URLCONF="floor_urls"):
        handler = WSGIHandler()
        step = max(1, plan.users // args.browsers)
        with override_settings(**LIGHT):  # the seeded people have light keys
            people = People(
                long=[
                    Person(index, log_in(handler, username(index), PASSPHRASE)[0])
                    for index in range(0, plan.users, step)[: args.browsers]
                ],
                short=[
                    Person(index, log_in(handler, username(index), PASSPHRASE)[0])
                    for index in range(plan.users, plan.people)[: max(1, args.browsers // 5)]
                ],
            )
        check_pages(people, plan)
        eps = endpoints(plan)
        print(f"Measuring {len(eps)} endpoints × {args.iterations} calls "
              f"(+{args.warmup} warm-up) over {len(people.long)} + {len(people.short)} "
              "logged-in people …")
        load_before = os.getloadavg()[0]
        figures = measure(people, eps, args.iterations, args.warmup)
        load_after = os.getloadavg()[0]
        print(f"Timing {args.logins} logins with the production parameters …")
        login = measure_login(handler, args.logins)
        if args.profile is not None:
            profile(people, eps, args.profile)

    rows = table(figures)
    lrows = login_table(login)
    info = machine()
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    command = "make bench" if os.environ.get("MAKELEVEL") else ""
    command = " ".join(filter(None, [command and f"{command} →", ".venv/bin/python",
                                     "bench/run.py", *sys.argv[1:]]))
    seeding = (
        f"{meta['seed_seconds']:.0f} s with {meta['workers']} worker processes "
        f"(seeded {meta['seeded_on']}; this run reused the cached copy)"
        if meta["from_cache"]
        else f"{meta['seed_seconds']:.0f} s with {meta['workers']} worker processes (this run)"
    )
    met = all(r[-1] in ("", "met") for r in rows[1:])

    print()
    print(plain(rows))
    print()
    print(plain(lrows))
    print()
    print(f"Aims (median ≤ {AIM_RATIO:g}× floor, p99 < {AIM_P99_MS:g} ms): "
          + ("all met" if met else "NOT all met"))
    load = f"{load_before:.1f} before, {load_after:.1f} after the measurement"
    print(f"Seeding: {seeding}; database {meta['db_bytes'] / 2**20:.0f} MiB")
    print(f"Load average (1 min): {load}")
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))

    if args.no_docs:
        return
    section = "\n".join([
        f"## Latest run: {when}",
        "",
        f"Command: `{command}`",
        "",
        markdown(rows),
        "",
        f"Aims (median ≤ {AIM_RATIO:g}× floor, p99 < {AIM_P99_MS:g} ms): "
        + ("**all met**." if met else "**not all met**."),
        "",
        "POSTs are compared with a POST to the floor (same middleware, CSRF check, no write); "
        "the check-in POST ends in a redirect (302) and includes the commit of the entry. "
        "\"Edit a day\" reseals an existing entry; \"new day\" inserts one. Both post a "
        "whole day of check-in schema 2 (every scale, bleeding, pain, symptoms, sometimes "
        "the person's own, intimacy and how it felt, a note, sometimes shared); the floor "
        "is posted the same body.",
        "",
        "The history page reads one month, whatever came before it: "
        f"{history_growth(figures)}",
        "",
        "Login, with the production parameters of settings.py (vault Argon2id opslimit "
        f"{_setting('VAULT_KDF_OPSLIMIT')}, {_setting('VAULT_KDF_MEMLIMIT') // 2**20} MiB; "
        "the password hash: Argon2id 64 MiB, 3 passes, 2 lanes), not part of the aims:",
        "",
        markdown(lrows),
        "",
        f"Data: {meta['users']:,} people × {meta['days']} days and "
        f"{meta['short_users']:,} people × {meta['short_days']} days of check-ins (the whole "
        f"day of schema 2), with each person's own symptoms: {meta['entries']:,} sealed "
        "entries, "
        f"SQLite file {meta['db_bytes'] / 2**20:.0f} MiB; "
        f"{len(people.long)} + {len(people.short)} people logged in for the run; "
        f"{args.warmup} warm-up calls per "
        "endpoint are not counted.",
        "",
        f"Seeding: {seeding}.",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        f"Load average (1 min): {load}. Other work on the machine shows first in the p99 "
        "and in the gap between the median and the CPU median (time spent waiting for a "
        "core or for the disk).",
    ])
    write_docs(section)
    print(f"Wrote {DOCS.relative_to(ROOT)}")


def _setting(name: str) -> int:
    from django.conf import settings

    return int(getattr(settings, name))


def main() -> None:
    args = parse_args()
    CACHE.mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="run-", dir=CACHE))
    isolate_environment(data_dir)
    sys.path.insert(0, str(BENCH))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
