"""The simulated people, for Locust (`locust -f bench/load/locustfile.py --headless ...`).

Each Locust user is one seeded person (bench/load/seeding.py), logged in once as it
starts, then visiting as bench/load/mix.py says. Once every user has logged in, LOAD_WARMUP
seconds more pass; from then (t0, written to LOAD_T0_FILE) time is cut into phases of the
same length, for LOAD_MEASURED seconds, after which Locust stops: in a "floor" phase
every user asks for the bare logged-in page
instead of the visit's next page, in a "mix" phase it goes on with its visit; so the
floor and the mix are driven by the same people, at the same concurrency, in the same
run. Every request is recorded (when it started, its endpoint, its time, whether it
failed) and written to LOAD_RECORD as the run ends; bench/load/run.py reads it.

Environment: LOAD_USERS, LOAD_WARMUP, LOAD_MEASURED, LOAD_T0_FILE, LOAD_PHASE_SECONDS,
LOAD_RECORD, LOAD_FIRST_DAY (the first seeded day), LOAD_WAIT ("0", or "low,high" seconds
between pages), LOAD_FIRST_PERSON (the first seeded person these users are), LOAD_SEED,
LOAD_MAX_REQUESTS (a bound on the run's requests).
"""

from __future__ import annotations

import csv
import itertools
import math
import os
import random
import time
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import gevent
from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

from bench.load import mix
from bench.load.seeding import in_couple

USERS = int(os.environ.get("LOAD_USERS", "1"))
WARMUP = float(os.environ.get("LOAD_WARMUP", "5"))
MEASURED = float(os.environ.get("LOAD_MEASURED", "20"))
T0_FILE = os.environ.get("LOAD_T0_FILE", "")
T0 = math.inf  # set once every user has logged in
PHASE = float(os.environ.get("LOAD_PHASE_SECONDS", "10"))
RECORD = os.environ.get("LOAD_RECORD", "")
FIRST_DAY = date.fromisoformat(os.environ.get("LOAD_FIRST_DAY", "2000-01-01"))
FIRST_PERSON = int(os.environ.get("LOAD_FIRST_PERSON", "0"))
SEED = int(os.environ.get("LOAD_SEED", "1"))
# A bound on the requests of one run, whatever else happens (far above what a run makes).
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "200000"))
TIME_ZONE = ZoneInfo("Europe/London")  # the server's default: it decides what today is
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# People who pause between pages come back on a new connection, as gunicorn closes an idle
# one after 2 s: a client reusing one the server is closing would count as an error what
# a browser quietly retries.
PAUSING = os.environ.get("LOAD_WAIT", "0") != "0"
HEADERS = {"Connection": "close"} if PAUSING else {}

_records: list[tuple[float, str, float, int, str]] = []
_people = itertools.count(FIRST_PERSON)
_logged_in = itertools.count(1)
_environment: list[Any] = []


@events.test_start.add_listener
def _started(environment: Any, **_: Any) -> None:
    _environment.append(environment)


def _all_logged_in(environment: Any) -> None:
    """Every user is in: t0 is set, written down, and Locust stops when the measured
    span has passed."""
    global T0
    T0 = time.time() + WARMUP
    if T0_FILE:
        with open(T0_FILE, "w") as out:
            out.write(f"{T0:.6f}\n")

    def stop_later() -> None:
        gevent.sleep(T0 + MEASURED - time.time())
        if environment.runner is not None:
            environment.runner.quit()

    gevent.spawn(stop_later)


def _wait() -> Any:
    low, _, high = os.environ.get("LOAD_WAIT", "0").partition(",")
    return constant(0) if not high else between(float(low), float(high))


def phase_at(moment: float) -> str:
    """"warm-up" before T0, then "floor" and "mix" in turn, PHASE seconds each (only
    "mix" when PHASE is 0)."""
    if moment < T0:
        return "warm-up"
    if PHASE <= 0:
        return "mix"
    return "floor" if int((moment - T0) // PHASE) % 2 == 0 else "mix"


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, response: Any = None,
            exception: Any = None, start_time: float = 0.0, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    error = "" if exception is None else f"{type(exception).__name__}: {exception}"[:200]
    _records.append((start_time, name, response_time, status, error))
    if len(_records) == MAX_REQUESTS and _environment and _environment[0].runner is not None:
        gevent.spawn(_environment[0].runner.quit)


@events.quitting.add_listener
def _write(**_: Any) -> None:
    if not RECORD:
        return
    with open(RECORD, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["start", "name", "ms", "status", "error"])
        writer.writerows(_records)


def _status(reply: Any) -> str:
    """The status, or for no answer at all, why (a reset, a timeout)."""
    if reply.status_code:
        return str(reply.status_code)
    error = getattr(reply, "error", None)
    return f"no answer ({type(error).__name__}: {error})" if error else "no answer"


class Person(FastHttpUser):
    """A seeded person with a phone: logged in once, then visit after visit."""

    wait_time = _wait()
    # A page not answered in 60 s counts as an error: what a proxy in front allows by
    # default (nginx's proxy_read_timeout), and less than a browser waits.
    network_timeout = 60.0
    connection_timeout = 60.0

    def on_start(self) -> None:
        self.index = next(_people)
        self.couple = in_couple(self.index)
        self.rng = random.Random(SEED * 100_003 + self.index)
        self.page = ""  # the last page fetched, whose form the next POST fills
        self.redirect = ""
        self.log_in("login at the start")
        if next(_logged_in) == USERS:
            _all_logged_in(self.environment)
        today = datetime.now(TIME_ZONE).date()
        self.steps = mix.visits(self.rng, today=today, first_day=FIRST_DAY, in_couple=self.couple)

    def log_in(self, name: str) -> None:
        """As a browser whose session has ended: no cookies, the login page, then its form."""
        self.client.cookiejar.clear()
        page = self.client.get("/login/", name=mix.LOGIN_PAGE if name == mix.LOGIN else name,
                               headers=HEADERS)
        form = next(f for f in mix.forms_read(page.text) if f.action in ("", "/login/")
                    and "username" in f.fields)
        body = [(n, v) for n, c in form.fields.items() if c.kind == "hidden" for v in c.values]
        body += [("username", mix.person_name(self.index)), ("passphrase", mix.PASSPHRASE)]
        with self.client.post("/login/", data=mix.body_encode(body), headers=FORM | HEADERS,
                              name=name,
                              allow_redirects=False, catch_response=True) as reply:
            if reply.status_code != 302:
                reply.failure(f"login gave {_status(reply)}")

    def do(self, step: mix.Step) -> None:
        if step.name == mix.LOGIN_PAGE:
            return  # log_in fetches the login page itself
        if step.name == mix.LOGIN:
            self.log_in(mix.LOGIN)
            return
        path = step.path or self.redirect
        if step.method == "POST":
            form = mix.form_find(self.page, step.form)
            pairs = (mix.checkin_body(form, self.rng, in_couple=self.couple)
                     if step.form == "checkin" else mix.questionnaire_body(form, self.rng))
            request = self.client.post(path, data=mix.body_encode(pairs), headers=FORM | HEADERS,
                                       name=step.name, allow_redirects=False,
                                       catch_response=True)
        else:
            request = self.client.get(path, name=step.name, allow_redirects=False,
                                      headers=HEADERS, catch_response=True)
        with request as reply:
            if reply.status_code != step.expect:
                reply.failure(f"{step.name} gave {_status(reply)}, not {step.expect}")
                return
            if step.method == "POST":
                self.redirect = reply.headers.get("Location", "") or ""
            else:
                self.page = reply.text or ""

    @task
    def next_page(self) -> None:
        if phase_at(time.time()) == "floor":
            with self.client.get(mix.FLOOR_PATH, name=mix.FLOOR, headers=HEADERS,
                                 catch_response=True) as reply:
                if reply.status_code != 200 or reply.text != "ok":
                    reply.failure(f"the floor gave {_status(reply)}")
            return
        self.do(next(self.steps))
