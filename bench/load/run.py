"""`make bench-load`: how many people one box holds, over real HTTP, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.load.run [--quick] [--engines sqlite,postgresql]
        [--workers 1,2] [--seconds 32] [--phase 8] [--people 120] [--days 730]
        [--saturation-users 16] [--target-users 20] [--target-wait 1,3] [--storm 50]
        [--no-profile] [--no-docs] [--reseed]

1. People and two years of their days are sealed once through the vault
   (bench/load/seeding.py, reusing bench/seed.py) with the host's own key-derivation
   parameters: into SQLite, cached in bench/.cache/ and copied fresh for every run; and
   into a PostgreSQL database of the bench's own (AFTERWARDS_LOAD_DATABASE_URL, default
   postgres://afterwards:afterwards@127.0.0.1:5432/afterwards_load), made for the run and
   dropped after it.
2. For every engine, worker count and load, `afterwards serve --with-worker` starts on
   127.0.0.1 with gunicorn (bench/load/server.py; the bench's settings add the bare page),
   and Locust (bench/load/locustfile.py) drives the seeded people over HTTP, each logged
   in, with CSRF, visiting as bench/load/mix.py says. Time alternates between the floor
   (every person asks for the bare logged-in page) and the mix, in phases of the same
   length, so both are measured by the same people, at the same concurrency, in the same
   run. The server's processes are sampled (CPU, memory) all along.
   Loads: "saturation", people who never pause (more than the processors can keep up
   with: every core busy); and
   the "target", people pausing between pages as people do.
   On PostgreSQL, persistent connections (the app's settings) and one per request.
3. A login storm: STORM people log in at once while the others keep visiting.
4. The slowest endpoint at saturation is profiled with py-spy on a web worker.
5. Tables are printed and written between the markers of docs/performance.md ("Load over
   HTTP") and docs/operations.md ("What one box holds").

Timing is never asserted in tests; this prints figures and says whether the aims are met.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.load import mix
from bench.load.report import (
    BEGIN,
    END,
    OPS_BEGIN,
    OPS_END,
    Latency,
    Phases,
    RunFigures,
    cpu_by_phase,
    endpoint_rows,
    markdown,
    ms,
    percentile,
    plain,
    rate,
    records_read,
    run_figures,
    section_replace,
)

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "bench" / ".cache"
PERFORMANCE = ROOT / "docs" / "performance.md"
OPERATIONS = ROOT / "docs" / "operations.md"
PY = Path(sys.executable)
SEED_VERSION = "1"
SEED_SOURCES = [
    "afterwards/vault/crypto.py",
    "afterwards/vault/keyring.py",
    "afterwards/vault/sealing.py",
    "afterwards/vault/models.py",
    "afterwards/vault/services.py",
    "afterwards/journal/checkin.py",
    "afterwards/couple/sharing.py",
    "bench/seed.py",
    "bench/load/seeding.py",
]
DEFAULT_PG = "postgres://afterwards:afterwards@127.0.0.1:5432/afterwards_load"

# Aims (issue 17), on the figures of one run each.
AIM_TARGET_P99_MS = 250.0
AIM_MIX_OVER_FLOOR = 1 / 3
AIM_PG_SCALING = 1.6
# Capacity: one visit a day per person, a quarter of a day's visits in the busiest hour,
# and the box kept at half of what saturates it at that hour.
PEAK_HOUR_SHARE = 0.25
HEADROOM = 0.5
# What a web worker may grow by in a storm beyond its key derivations' memory: the login
# requests' own objects and the allocator's rounding.
STORM_SLACK = 16 * 2**20
# A login not answered in this long is a timeout: what a proxy in front allows by default
# (nginx's proxy_read_timeout); a browser waits longer.
STORM_TIMEOUT = 60.0


@dataclass(frozen=True)
class Setting:
    engine: str  # "sqlite" or "postgresql"
    workers: int
    load: str  # "saturation" or "target"
    conn: str = ""  # on PostgreSQL: "persistent" or "per-request"

    @property
    def label(self) -> str:
        engine = "SQLite" if self.engine == "sqlite" else "PostgreSQL"
        conn = f", {self.conn} connections" if self.conn else ""
        workers = f"{self.workers} worker{'s' if self.workers > 1 else ''}"
        return f"{engine}{conn}, {workers}, {self.load}"


@dataclass
class Measured:
    setting: Setting
    users: int
    figures: RunFigures
    cpu_floor_ms: float  # server CPU per floor request
    cpu_mix_ms: float  # server CPU per mix request
    client_cpu_s: float
    db_bytes: int
    rss_peak: int
    load_before: float
    load_after: float
    seconds: float
    port: int = 0


# --- The databases -------------------------------------------------------------------------


def cache_key(people: int, days: int) -> str:
    digest = hashlib.sha256(f"{SEED_VERSION}|{people}|{days}".encode())
    for name in SEED_SOURCES:
        path = ROOT / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return f"load-v{SEED_VERSION}-{people}x{days}-{digest.hexdigest()[:12]}"


def seed_into(data_dir: Path, database_url: str | None, people: int, days: int) -> dict[str, Any]:
    """bench/load/seeding.py in its own process, on the database the environment names."""
    from bench.load.server import server_env

    env = server_env(data_dir, database_url, None)
    env["DJANGO_SETTINGS_MODULE"] = "afterwards.settings"
    print(f"Seeding {people} people × {days} days into "
          f"{'PostgreSQL' if database_url else 'SQLite'} …", flush=True)
    done = subprocess.run(
        [str(PY), "-m", "bench.load.seeding", str(people), str(days)],
        env=env, cwd=str(ROOT), capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"seeding failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    meta: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  seeded in {meta['seed_seconds']:.0f} s", flush=True)
    return meta


def sqlite_prepare(people: int, days: int, reseed: bool) -> tuple[Path, dict[str, Any]]:
    """The cached seeded SQLite database (made when missing) and what it holds."""
    key = cache_key(people, days)
    folder = CACHE / key
    meta_path = folder / "meta.json"
    if meta_path.exists() and not reseed:
        print(f"Using the cached database {key}")
        return folder / "afterwards.sqlite3", json.loads(meta_path.read_text())
    for old in CACHE.glob(f"load-v*-{people}x{days}-*"):  # the same plan, older code
        shutil.rmtree(old, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="load-seed-", dir=CACHE))
    meta = seed_into(work, None, people, days)
    folder.mkdir(parents=True)
    shutil.copyfile(work / "afterwards.sqlite3", folder / "afterwards.sqlite3")
    meta_path.write_text(json.dumps(meta, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return folder / "afterwards.sqlite3", meta


def _pg_admin(url: str) -> tuple[Any, str]:
    """A connection to the server's `postgres` database, and the bench database's name."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name == "afterwards" or name.startswith("test_"):
        raise SystemExit(f"the load bench makes and drops its own database, not {name!r}")
    conn = psycopg.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
        user=parts.username, password=parts.password, dbname="postgres",
        autocommit=True, connect_timeout=5,
    )
    return conn, name


def pg_create(url: str) -> bool:
    """A fresh, empty bench database; False (and a notice) when PostgreSQL does not answer."""
    try:
        admin, name = _pg_admin(url)
    except SystemExit:
        raise
    except Exception as error:
        print(f"\n*** PostgreSQL does not answer ({type(error).__name__}); its runs are "
              "skipped. Start it as .ci/run does, or set AFTERWARDS_LOAD_DATABASE_URL. ***\n")
        return False
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return True


def pg_drop(url: str) -> None:
    admin, name = _pg_admin(url)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_size(url: str) -> int:
    admin, name = _pg_admin(url)
    with admin:
        row = admin.execute("SELECT pg_database_size(%s)", (name,)).fetchone()
    return int(row[0]) if row else 0


def sqlite_size(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in data_dir.glob("afterwards.sqlite3*"))


# --- One run -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Plan:
    """How long each run lasts and who takes part."""

    warmup: float
    phase: float
    phases: int
    saturation_users: int
    target_users: int
    target_wait: str
    people: int

    @property
    def measured(self) -> float:
        return self.phase * self.phases


def locust_start(url: str, *, users: int, wait: str, warmup: float, measured: float,
                 phase: float, record: Path, first_day: str, seed: int) -> subprocess.Popen[bytes]:
    """Locust on the locustfile; it stops by itself `measured` seconds after t0 (written
    beside the record as t0.txt), or after a bound of its own."""
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
        "LOAD_USERS": str(users),
        "LOAD_WARMUP": str(warmup),
        "LOAD_MEASURED": str(measured),
        "LOAD_T0_FILE": str(record.with_name("t0.txt")),
        "LOAD_PHASE_SECONDS": str(phase),
        "LOAD_RECORD": str(record),
        "LOAD_FIRST_DAY": first_day,
        "LOAD_WAIT": wait,
        "LOAD_FIRST_PERSON": "0",
        "LOAD_SEED": str(seed),
    })
    return subprocess.Popen(
        [str(PY), "-m", "locust", "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
         "--headless", "--host", url, "--users", str(users), "--spawn-rate", str(users),
         "--run-time", f"{math.ceil(warmup + measured + 120)}s", "--stop-timeout", "0",
         "--only-summary",
         "--loglevel", "WARNING", "--exit-code-on-error", "0", "--skip-log-setup"],
        env=env, cwd=str(ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def t0_wait(record: Path, client: subprocess.Popen[bytes]) -> float:
    """Once every person has logged in: the start of the measured span."""
    path = record.with_name("t0.txt")
    while not path.exists() or not path.read_text().endswith("\n"):
        if client.poll() is not None:
            raise SystemExit("locust stopped before every person had logged in")
        time.sleep(0.1)
    return float(path.read_text())


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(setting: Setting, plan: Plan, *, data_dir: Path, database_url: str | None,
             first_day: str, seed: int) -> Measured:
    from bench.load.server import serving

    users = plan.saturation_users if setting.load == "saturation" else plan.target_users
    wait = "0" if setting.load == "saturation" else plan.target_wait
    record = data_dir / "records.csv"
    with serving(data_dir=data_dir, port=free_port(), workers=setting.workers,
                 database_url=database_url, conn=setting.conn or None) as server:
        server.watch(0.25)
        load_before = os.getloadavg()[0]
        cpu0 = children_cpu()
        client = locust_start(server.url, users=users, wait=wait, warmup=plan.warmup,
                              measured=plan.measured, phase=plan.phase, record=record,
                              first_day=first_day, seed=seed)
        _, err = client.communicate()
        t0 = float(record.with_name("t0.txt").read_text())
        client_cpu = children_cpu() - cpu0
        load_after = os.getloadavg()[0]
        if client.returncode != 0 or not record.exists():
            raise SystemExit(f"locust failed ({client.returncode}):\n{err.decode()[-3000:]}")
        samples = list(server.samples)
        db_bytes = sqlite_size(data_dir) if database_url is None else pg_size(database_url)
    phases = Phases(t0, plan.phase, plan.phases)
    figures = run_figures(records_read(record), phases)
    cpu = cpu_by_phase([(s.at, s.cpu) for s in samples], phases)
    return Measured(
        setting=setting,
        users=users,
        figures=figures,
        cpu_floor_ms=1000 * cpu["floor"] / max(1, figures.floor.n),
        cpu_mix_ms=1000 * cpu["mix"] / max(1, figures.mix.n),
        client_cpu_s=client_cpu,
        db_bytes=db_bytes,
        rss_peak=max((s.rss for s in samples), default=0),
        load_before=load_before,
        load_after=load_after,
        seconds=plan.measured,
        port=server.port,
    )


def fresh_data_dir(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=CACHE))
    folder.chmod(0o700)
    return folder


def run_setting(setting: Setting, plan: Plan, *, sqlite_db: Path | None, database_url: str | None,
                first_day: str, seed: int) -> Measured:
    data_dir = fresh_data_dir("load-run-")
    try:
        if setting.engine == "sqlite":
            assert sqlite_db is not None
            shutil.copyfile(sqlite_db, data_dir / "afterwards.sqlite3")
        print(f"Run: {setting.label} …", flush=True)
        measured = run_once(setting, plan, data_dir=data_dir,
                            database_url=database_url if setting.engine == "postgresql" else None,
                            first_day=first_day, seed=seed)
        f = measured.figures
        if f.errors:
            print("  errors: " + "; ".join(f"{k} ×{v}" for k, v in f.error_kinds.items()))
            log = (data_dir / f"serve-{measured.port}.log").read_text(errors="replace")
            print("  the server's log ends:\n    " + "\n    ".join(log.splitlines()[-15:]))
        print(f"  mix {rate(f.mix_rps)} req/s (p99 {ms(f.mix.p99)} ms), floor "
              f"{rate(f.floor_rps)} req/s (p99 {ms(f.floor.p99)} ms), "
              f"saves {rate(f.saves_per_s)}/s,"
              f" errors {f.errors}", flush=True)
        return measured
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


# --- The login storm -----------------------------------------------------------------------


@dataclass
class Storm:
    people: int
    login_ms: list[float]
    login_errors: list[str]
    errors: list[str]  # of the people visiting meanwhile
    before: Latency
    during: Latency
    span_s: float
    rss_before: dict[int, int]  # web worker pid: RSS before the storm
    rss_peak: dict[int, int]  # web worker pid: peak RSS during it
    tree_peak: int
    kdf_mib: int
    kdf_slots: int
    workers: int
    users: int
    setting: str = ""


def _storm_login(url: str, name: str, passphrase: str, barrier: threading.Barrier,
                 out: list[tuple[float, float, str]]) -> None:
    import requests

    session = requests.Session()
    try:
        page = session.get(url + "/login/", timeout=STORM_TIMEOUT)
        form = next(f for f in mix.forms_read(page.text) if "username" in f.fields)
        body = [(n, v) for n, c in form.fields.items() if c.kind == "hidden" for v in c.values]
        body += [("username", name), ("passphrase", passphrase)]
    except Exception as error:
        barrier.abort()
        out.append((time.time(), 0.0, f"login page: {type(error).__name__}"))
        return
    barrier.wait()
    started = time.time()
    try:
        reply = session.post(url + "/login/", data=body, allow_redirects=False,
                             timeout=STORM_TIMEOUT,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        error = "" if reply.status_code == 302 else f"status {reply.status_code}"
    except Exception as failure:
        error = type(failure).__name__
    out.append((started, time.time() - started, error))


def storm_run(plan: Plan, *, sqlite_db: Path, first_day: str, storm: int, workers: int,
              seed: int) -> Storm:
    """STORM seeded people (not among those visiting) log in at once, while the target
    load's people keep visiting (the mix only, no floor phases)."""
    from bench.load.server import serving

    data_dir = fresh_data_dir("load-storm-")
    shutil.copyfile(sqlite_db, data_dir / "afterwards.sqlite3")
    record = data_dir / "records.csv"
    first_stormer = plan.people - storm
    print(f"Login storm: {storm} people at once, {plan.target_users} people visiting, "
          f"SQLite, {workers} worker{'s' if workers > 1 else ''} …", flush=True)
    try:
        with serving(data_dir=data_dir, port=free_port(), workers=workers, database_url=None,
                     conn=None) as server:
            server.watch(0.05)
            before_s = 15.0
            client = locust_start(server.url, users=plan.target_users, wait=plan.target_wait,
                                  warmup=plan.warmup, measured=before_s + STORM_TIMEOUT,
                                  phase=0,
                                  record=record, first_day=first_day, seed=seed)
            t0 = t0_wait(record, client)
            time.sleep(max(0.0, t0 + before_s - time.time()))
            workers_pids = server.web_workers()
            rss_before = {pid: s for pid, s in server.samples[-1].rss_each.items()
                          if pid in workers_pids}
            out: list[tuple[float, float, str]] = []
            barrier = threading.Barrier(storm)
            threads = [threading.Thread(target=_storm_login,
                                        args=(server.url, mix.person_name(first_stormer + n),
                                              mix.PASSPHRASE, barrier, out))
                       for n in range(storm)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            time.sleep(3)  # the pages asked for as the last login was answered
            client.terminate()  # Locust quits, writing what it recorded
            client.communicate()
            samples = list(server.samples)
        records = [r for r in records_read(record) if r.name in mix.ENDPOINTS]
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    storm_start = min(s for s, _, _ in out)
    storm_end = max(s + d for s, d, _ in out)
    during_samples = [s for s in samples if storm_start <= s.at <= storm_end]
    peak = {pid: max((s.rss_each.get(pid, 0) for s in during_samples), default=0)
            for pid in rss_before}
    return Storm(
        people=storm,
        login_ms=[d * 1000 for _, d, _ in out],
        login_errors=[e for _, _, e in out if e],
        errors=[r.error for r in records if r.error],
        before=Latency.of([r for r in records if t0 <= r.start < storm_start]),
        during=Latency.of([r for r in records if storm_start <= r.start <= storm_end]),
        span_s=storm_end - storm_start,
        rss_before=rss_before,
        rss_peak=peak,
        tree_peak=max((s.rss for s in during_samples), default=0),
        kdf_mib=64,
        kdf_slots=2,
        workers=workers,
        users=plan.target_users,
    )


# --- Profiling ----------------------------------------------------------------------------


def profile_endpoint(name: str, plan: Plan, *, sqlite_db: Path, first_day: str, seconds: float,
                     seed: int) -> list[tuple[str, float]]:
    """py-spy on the one web worker while people at saturation visit; the share of the
    samples inside `name`'s view spent in each function (inclusive), largest first."""
    from bench.load.server import serving

    py_spy = PY.parent / "py-spy"
    data_dir = fresh_data_dir("load-profile-")
    shutil.copyfile(sqlite_db, data_dir / "afterwards.sqlite3")
    flame = data_dir / "profile.txt"
    try:
        with serving(data_dir=data_dir, port=free_port(), workers=1, database_url=None,
                     conn=None) as server:
            worker = server.web_workers()[0]
            record = data_dir / "records.csv"
            client = locust_start(server.url, users=plan.saturation_users, wait="0",
                                  warmup=plan.warmup, measured=seconds + 2, phase=0,
                                  record=record, first_day=first_day, seed=seed)
            t0 = t0_wait(record, client)
            time.sleep(max(0.0, t0 - time.time()))
            spy = subprocess.run(
                [str(py_spy), "record", "--pid", str(worker), "--duration", str(int(seconds)),
                 "--rate", "200", "--format", "raw", "--output", str(flame), "--nonblocking"],
                capture_output=True, text=True,
            )
            client.communicate()
        if spy.returncode != 0 or not flame.exists():
            print(f"py-spy did not record: {spy.stderr[-500:]}")
            return []
        return profile_shares(flame.read_text(), VIEWS[name])
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


# The view function behind each endpoint, as py-spy names frames ("function (file:line)").
VIEWS = {
    mix.TODAY: "day (afterwards/journal/views.py",
    mix.SAVED: "day (afterwards/journal/views.py",
    mix.SAVE: "day (afterwards/journal/views.py",
    mix.MONTH: "history (afterwards/journal/views.py",
    mix.PATTERNS: "index (afterwards/insights/views.py",
    mix.COUPLE_DAYS: "days (afterwards/couple/days.py",
    mix.QUESTIONNAIRE: "take (afterwards/wellbeing/views.py",
    mix.ANSWER: "take (afterwards/wellbeing/views.py",
    mix.RESULT: "result (afterwards/wellbeing/views.py",
    mix.LOGIN: "login_view (afterwards/accounts/views.py",
}


def profile_shares(collapsed: str, view: str) -> list[tuple[str, float]]:
    """From py-spy's collapsed stacks: of the samples whose stack passes through `view`,
    the share in each function below it (inclusive, counted once per stack)."""
    total = 0
    inside: Counter[str] = Counter()
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        frames = stack.split(";")
        at = next((i for i, f in enumerate(frames) if view in f), None)
        if at is None:
            continue
        count = int(count_text)
        total += count
        seen = set()
        for frame in frames[at:]:
            where = frame.split(" (")[0] + " (" + frame.split(" (", 1)[-1].split(":")[0].replace(
                str(ROOT) + "/", "").split("site-packages/")[-1] + ")"
            if where not in seen:
                seen.add(where)
                inside[where] += count
    if not total:
        return []
    return [(name, count / total) for name, count in inside.most_common(25)]


# --- Report -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """bench/run.py's description of the machine, with its memory and Locust's version."""
    from bench.run import machine as bench_machine

    try:
        import locust

        locust_version = locust.__version__
    except ImportError:
        locust_version = "?"
    info = bench_machine()
    code = info.pop("code")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return info | {"memory": f"{memory:.0f} GiB", "Locust": locust_version, "code": code}


def summary_rows(runs: list[Measured]) -> list[list[str]]:
    head = ["run", "people", "mix req/s", "floor req/s", "mix ÷ floor", "saves/s",
            "mix p50 / p95 / p99 ms", "floor p50 / p95 / p99 ms", "errors",
            "server CPU ms per request (mix / floor)", "database", "load avg"]
    rows = [head]
    for m in runs:
        f = m.figures
        rows.append([
            m.setting.label, str(m.users), rate(f.mix_rps), rate(f.floor_rps),
            f"{f.mix_rps / f.floor_rps:.2f}" if f.floor_rps else "—", rate(f.saves_per_s),
            f"{ms(f.mix.p50)} / {ms(f.mix.p95)} / {ms(f.mix.p99)}",
            f"{ms(f.floor.p50)} / {ms(f.floor.p95)} / {ms(f.floor.p99)}",
            str(f.errors), f"{m.cpu_mix_ms:.1f} / {m.cpu_floor_ms:.1f}",
            f"{m.db_bytes / 2**20:,.0f} MiB", f"{m.load_before:.1f} → {m.load_after:.1f}",
        ])
    return rows


def find(runs: list[Measured], **want: Any) -> Measured | None:
    for m in runs:
        if all(getattr(m.setting, k) == v for k, v in want.items()):
            return m
    return None


def aims(runs: list[Measured]) -> list[tuple[str, str, bool | None]]:
    """Each aim: what it is, what was measured, met (None when not measured)."""
    out: list[tuple[str, str, bool | None]] = []
    errors = sum(m.figures.errors for m in runs)
    out.append(("0 errors in every run", f"{errors} errors", errors == 0))
    targets = [m for m in runs if m.setting.load == "target"]
    if targets:
        worst = max(targets, key=lambda m: m.figures.mix.p99)
        out.append((f"at the target load, the mix's p99 ≤ {AIM_TARGET_P99_MS:.0f} ms",
                    f"worst {ms(worst.figures.mix.p99)} ms ({worst.setting.label})",
                    all(m.figures.mix.p99 <= AIM_TARGET_P99_MS for m in targets)))
    saturated = [m for m in runs if m.setting.load == "saturation"]
    if saturated:
        worst = min(saturated, key=lambda m: m.figures.mix_rps / m.figures.floor_rps)
        ratio = worst.figures.mix_rps / worst.figures.floor_rps
        out.append(("at saturation, the mix's throughput ≥ ⅓ of the floor's in the same run",
                    f"lowest {ratio:.2f} ({worst.setting.label})", ratio >= AIM_MIX_OVER_FLOOR))
    one = find(runs, engine="postgresql", workers=1, load="saturation", conn="persistent")
    two = find(runs, engine="postgresql", workers=2, load="saturation", conn="persistent")
    if one and two:
        gain = two.figures.mix_rps / one.figures.mix_rps
        out.append((f"on PostgreSQL, 2 workers give ≥ {AIM_PG_SCALING}× the throughput of 1",
                    f"{gain:.2f}×", gain >= AIM_PG_SCALING))
    return out


def per_person_rate(runs: list[Measured]) -> tuple[float, float]:
    """Requests a visit (measured in the runs' mixes) and requests a second per person in
    the busiest hour."""
    visits = sum(m.figures.visits for m in runs)
    requests = sum(m.figures.mix.n for m in runs)
    per_visit = requests / visits if visits else math.nan
    return per_visit, per_visit * PEAK_HOUR_SHARE / 3600


def capacity_rows(runs: list[Measured], nproc: int) -> list[list[str]]:
    per_visit, per_person = per_person_rate(runs)
    head = ["setting (saturation run)", "mix req/s at saturation", "server CPU ms per request",
            "people at the evening peak (half of saturation)", "people per core"]
    rows = [head]
    for m in runs:
        if m.setting.load != "saturation":
            continue
        people = HEADROOM * m.figures.mix_rps / per_person
        rows.append([m.setting.label.replace(", saturation", ""), rate(m.figures.mix_rps),
                     f"{m.cpu_mix_ms:.1f}", f"{people:,.0f}", f"{people / nproc:,.0f}"])
    return rows


def storm_text(storm: Storm) -> list[str]:
    growth = {pid: storm.rss_peak[pid] - storm.rss_before[pid] for pid in storm.rss_before}
    bound = storm.kdf_slots * storm.kdf_mib * 2**20 + STORM_SLACK
    worst = max(growth.values(), default=0)
    rows = [
        ["", "n", "errors", "p50 ms", "p95 ms", "p99 ms"],
        [f"pages of the {storm.users} people visiting, before the storm", str(storm.before.n),
         str(storm.before.errors), ms(storm.before.p50), ms(storm.before.p95),
         ms(storm.before.p99)],
        ["… during the storm", str(storm.during.n), str(storm.during.errors),
         ms(storm.during.p50), ms(storm.during.p95), ms(storm.during.p99)],
        [f"the {storm.people} logins (POST, from the same moment)", str(len(storm.login_ms)),
         str(len(storm.login_errors)), ms(percentile(storm.login_ms, 0.5)),
         ms(percentile(storm.login_ms, 0.95)), ms(percentile(storm.login_ms, 0.99))],
    ]
    memory = ", ".join(
        f"{storm.rss_before[pid] / 2**20:.0f} → {storm.rss_peak[pid] / 2**20:.0f} MiB"
        for pid in storm.rss_before)
    return [
        markdown(rows),
        "",
        f"The storm lasted {storm.span_s:.1f} s from the first login sent to the last answered "
        f"(SQLite, {storm.workers} web worker{'s' if storm.workers > 1 else ''}, "
        f"{storm.kdf_slots} key derivations at once per "
        f"process). Logins that failed or timed out ({STORM_TIMEOUT:.0f} s): "
        f"{len(storm.login_errors)}; "
        f"errors of the people visiting: {len(storm.errors)}"
        f"{' (' + '; '.join(sorted(set(storm.errors))) + ')' if storm.errors else ''}. "
        "Each web worker's memory "
        f"(RSS) before the storm and at its peak: {memory}; the most one grew is "
        f"{worst / 2**20:.0f} MiB, against the {bound / 2**20:.0f} MiB that "
        f"AFTERWARDS_KDF_CONCURRENCY × 64 MiB allows a process, with "
        f"{STORM_SLACK // 2**20} MiB for the requests themselves "
        f"({'within it' if worst <= bound else 'MORE than it'}); the whole server, the "
        f"reminders worker included, peaked at {storm.tree_peak / 2**20:.0f} MiB.",
    ]


def conclusions(runs: list[Measured]) -> list[str]:
    """Sentences the tables alone leave the reader to work out."""
    lines = []
    for workers in sorted({m.setting.workers for m in runs}):
        kept = find(runs, engine="postgresql", workers=workers, load="saturation",
                    conn="persistent")
        each = find(runs, engine="postgresql", workers=workers, load="saturation",
                    conn="per-request")
        if kept and each:
            lines.append(
                f"PostgreSQL, {workers} worker{'s' if workers > 1 else ''} at saturation: "
                f"persistent connections {rate(kept.figures.mix_rps)} req/s of the mix "
                f"({kept.figures.mix_rps / kept.figures.floor_rps:.2f} of the floor), "
                f"p50 {ms(kept.figures.mix.p50)} ms, {kept.cpu_mix_ms:.1f} ms of server CPU "
                f"a request; a connection per request {rate(each.figures.mix_rps)} req/s "
                f"({each.figures.mix_rps / each.figures.floor_rps:.2f} of the floor), "
                f"p50 {ms(each.figures.mix.p50)} ms, {each.cpu_mix_ms:.1f} ms a request.")
    for engine in ("sqlite", "postgresql"):
        one = find(runs, engine=engine, workers=1, load="saturation",
                   conn="persistent" if engine == "postgresql" else "")
        two = find(runs, engine=engine, workers=2, load="saturation",
                   conn="persistent" if engine == "postgresql" else "")
        if one and two:
            lines.append(
                f"{'SQLite' if engine == 'sqlite' else 'PostgreSQL'}: 2 workers gave "
                f"{two.figures.mix_rps / one.figures.mix_rps:.2f}× the mix's throughput of 1 "
                f"(the floor: {two.figures.floor_rps / one.figures.floor_rps:.2f}×).")
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run of about two minutes: SQLite, 1 worker, few people, "
                             "short phases, a storm of 10; docs are not written")
    parser.add_argument("--engines", help="sqlite,postgresql (the default; --quick: sqlite)")
    parser.add_argument("--workers", help="gunicorn web workers of each run: 1,2 (--quick: 1)")
    parser.add_argument("--seconds", type=float, default=32,
                        help="measured seconds per run (half floor, half mix)")
    parser.add_argument("--phase", type=float, default=8, help="seconds per floor or mix phase")
    parser.add_argument("--warmup", type=float, default=8)
    parser.add_argument("--people", type=int, default=120)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--saturation-users", type=int, default=16)
    parser.add_argument("--target-users", type=int, default=20)
    parser.add_argument("--target-wait", default="1,3",
                        help="seconds between a person's pages at the target load (low,high)")
    parser.add_argument("--storm", type=int,
                        help="people logging in at once: 50 (--quick: 10; 0: none)")
    parser.add_argument("--profile-seconds", type=float, default=15)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--seed", type=int, default=1, help="the simulated people's randomness")
    args = parser.parse_args(argv)
    args.engines = args.engines or ("sqlite" if args.quick else "sqlite,postgresql")
    args.workers = args.workers or ("1" if args.quick else "1,2")
    args.storm = args.storm if args.storm is not None else (10 if args.quick else 50)
    if args.quick:
        args.people, args.days = 70, 90
        args.seconds, args.phase, args.warmup = 10, 5, 8
        args.profile_seconds, args.no_docs = 5, True
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    CACHE.mkdir(exist_ok=True)
    started = time.monotonic()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    worker_counts = [int(w) for w in args.workers.split(",")]
    plan = Plan(
        warmup=args.warmup, phase=args.phase, phases=max(2, round(args.seconds / args.phase)),
        saturation_users=args.saturation_users, target_users=args.target_users,
        target_wait=args.target_wait, people=args.people,
    )
    if max(plan.saturation_users, plan.target_users) + args.storm > args.people:
        raise SystemExit("--people must hold the visiting people and the storm's, apart")
    info = machine()
    load_start = os.getloadavg()
    sqlite_db, meta = sqlite_prepare(args.people, args.days, args.reseed)
    rng = random.Random(args.seed)
    runs: list[Measured] = []
    pg_url = os.environ.get("AFTERWARDS_LOAD_DATABASE_URL", DEFAULT_PG)
    pg_made = False
    try:
        for engine in engines:
            if engine == "postgresql":
                if not pg_create(pg_url):
                    continue
                pg_made = True
                seed_dir = fresh_data_dir("load-pg-seed-")
                try:
                    seed_into(seed_dir, pg_url, args.people, args.days)
                finally:
                    shutil.rmtree(seed_dir, ignore_errors=True)
            for workers in worker_counts:
                for load in ("saturation", "target"):
                    conns = [""] if engine == "sqlite" else (
                        ["persistent", "per-request"] if load == "saturation" else ["persistent"])
                    for conn in conns:
                        runs.append(run_setting(
                            Setting(engine, workers, load, conn), plan, sqlite_db=sqlite_db,
                            database_url=pg_url, first_day=meta["first_day"],
                            seed=rng.randrange(1 << 30)))
        storm = None
        if args.storm:
            storm = storm_run(plan, sqlite_db=sqlite_db, first_day=meta["first_day"],
                              storm=args.storm, workers=max(worker_counts),
                              seed=rng.randrange(1 << 30))
        profiled: tuple[str, list[tuple[str, float]]] | None = None
        base = find(runs, engine="sqlite", workers=1, load="saturation") or (
            runs[0] if runs else None)
        if base and not args.no_profile:
            timed = [n for n in base.figures.endpoints if n not in (mix.LOGIN, mix.LOGIN_PAGE)]
            slowest = max(timed,
                          key=lambda n: base.figures.endpoints[n].p50)
            print(f"Profiling {slowest} at saturation (py-spy, {args.profile_seconds:.0f} s) …",
                  flush=True)
            profiled = (slowest, profile_endpoint(slowest, plan, sqlite_db=sqlite_db,
                                                  first_day=meta["first_day"],
                                                  seconds=args.profile_seconds,
                                                  seed=rng.randrange(1 << 30)))
    finally:
        if pg_made:
            pg_drop(pg_url)
    load_end = os.getloadavg()
    elapsed = time.monotonic() - started
    section = report_section(args, plan, meta, runs, storm, profiled, info, load_start,
                             load_end, elapsed)
    print()
    print(section["plain"])
    if args.no_docs:
        return
    PERFORMANCE.write_text(section_replace(
        PERFORMANCE.read_text(), BEGIN, END, section["performance"]))
    OPERATIONS.write_text(section_replace(
        OPERATIONS.read_text(), OPS_BEGIN, OPS_END, section["operations"]))
    print(f"Wrote {PERFORMANCE.relative_to(ROOT)} and {OPERATIONS.relative_to(ROOT)}")


def report_section(args: argparse.Namespace, plan: Plan, meta: dict[str, Any],
                   runs: list[Measured], storm: Storm | None,
                   profiled: tuple[str, list[tuple[str, float]]] | None, info: dict[str, str],
                   load_start: tuple[float, float, float], load_end: tuple[float, float, float],
                   elapsed: float) -> dict[str, str]:
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    command = " ".join([".venv/bin/python -m bench.load.run", *sys.argv[1:]])
    if os.environ.get("MAKELEVEL"):
        command = f"make bench-load → {command}"
    per_visit, per_person = per_person_rate(runs)
    aim_lines = [f"- {what}: {got} — **{'met' if ok else 'NOT met'}**" if ok is not None
                 else f"- {what}: not measured" for what, got, ok in aims(runs)]
    nproc = int(info["nproc"])
    out = [
        f"Latest run: {when}; command: `{command}`; {elapsed / 60:.1f} minutes in all.",
        "",
        f"Data: {meta['people']} people, each with a check-in on every one of {meta['days']} "
        f"days ({meta['entries']:,} sealed entries), {meta['couples']} couples sharing their "
        f"last {meta['shared_days']} days; keys and password hashes at the host's parameters. "
        f"Each run: {plan.warmup:.0f} s of warm-up, then {plan.measured:.0f} s measured in "
        f"phases of {plan.phase:.0f} s, floor and mix in turn. Saturation: "
        f"{plan.saturation_users} people who never pause; target: {plan.target_users} people "
        f"pausing {plan.target_wait.replace(',', '–')} s between pages.",
        "",
        markdown(summary_rows(runs)) if runs else "(no runs)",
        "",
        "Aims:",
        "",
        *aim_lines,
        "",
        *[f"- {line}" for line in conclusions(runs)],
        "",
    ]
    for m in runs:
        out += [f"**{m.setting.label}** ({m.users} people; Locust used "
                f"{m.client_cpu_s:.0f} s of CPU over the run):", "",
                markdown(endpoint_rows(m.figures)), ""]
        if m.figures.error_kinds:
            kinds = m.figures.error_kinds.items()
            out += ["Errors: " + "; ".join(f"{k} ×{v}" for k, v in kinds), ""]
    if storm:
        out += [f"**Login storm**: {storm.people} people log in at once while {storm.users} "
                "others keep visiting (no floor phases in this run):", "", *storm_text(storm), ""]
    if profiled:
        name, shares = profiled
        out += [f"**Where the time goes**: {name}, SQLite, 1 worker, {plan.saturation_users} "
                f"people at saturation, py-spy at 200 samples a second on the web worker for "
                f"{args.profile_seconds:.0f} s; share of the samples inside the view "
                "(inclusive):", ""]
        rows = [["function (file)", "share"]]
        rows += [[f"`{fn}`", f"{share * 100:.0f} %"] for fn, share in shares[:15]]
        out += [markdown(rows) if shares else "(py-spy recorded nothing)", ""]
    out += [
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        f"Load average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in load_start)} at the "
        f"start, {', '.join(f'{v:.1f}' for v in load_end)} at the end; each run's 1-minute "
        "load before and after is in the table. Locust runs on the same cores as the "
        "server, so the floor carries its cost too.",
    ]
    performance = "\n".join(out)
    ops = [
        f"Measured {when.split(' ')[0]} with `make bench-load` on {nproc} cores "
        f"({info['CPU']}), code {info['code']}: a visit made {per_visit:.1f} requests, so a "
        f"person makes {per_person * 3600:.2f} requests in the busiest hour (one visit a day, "
        f"{PEAK_HOUR_SHARE:.0%} of a day's visits in that hour). People are counted at "
        f"{HEADROOM:.0%} of the throughput that saturates the box, the rest left for other "
        "work and bursts:",
        "",
        markdown(capacity_rows(runs, nproc)) if runs else "(no runs)",
    ]
    plain_text = "\n\n".join([
        plain(summary_rows(runs)) if runs else "(no runs)",
        "\n".join(aim_lines + conclusions(runs)),
        *[f"{m.setting.label}\n{plain(endpoint_rows(m.figures))}" for m in runs],
        "\n".join(storm_text(storm)) if storm else "",
        "\n".join(f"{share * 100:5.1f} %  {fn}"
                  for fn, share in (profiled[1] if profiled else [])[:20]),
        plain(capacity_rows(runs, nproc)) if runs else "",
    ])
    return {"performance": performance, "operations": "\n".join(ops), "plain": plain_text}


if __name__ == "__main__":
    main()
