"""`make bench-pages`: what the main pages weigh on a first visit, in Chromium on a phone,
beside a bare page of the same site measured in the same run.

    .venv/bin/python bench/pages.py [--runs 3] [--no-throttle] [--quick] [--no-docs]

1. A fresh temporary AFTERWARDS_DATA_DIR (under bench/.cache/) with SQLite and the
   settings a fresh install has, its static files collected as `afterwards serve`
   collects them (hashed names, gzip and Brotli copies, served by WhiteNoise). One
   person with half a year of daily check-ins (bench/seed.py's `checkin_for`, sealed by
   the vault), their loss told and two PHQ-9 results (bench/reports.py), with the light
   key derivation. The site is served in this process by Django's threaded server.
2. Debian's Chromium (Playwright, as the browser tests drive it) logs the person in, then
   opens each page as a first visit: a new context with an empty cache and no service
   worker yet, holding only the login's cookies, 390 × 844 px, a phone's user agent and
   touch. By default the network and the CPU are slowed as Lighthouse's mobile preset
   slows them (150 ms round trips, 1.6 Mbit/s down, a CPU four times slower).
3. For each page: the requests and the bytes transferred (headers and compressed bodies,
   from Chromium's own network events, every request the page makes to the end of its
   load and its fonts), DOMContentLoaded and the largest contentful paint, each the
   median of the runs. The floor is a bench-only page of the same site: base.html with
   one heading, so it loads every stylesheet, font, script and icon a page of the site
   does. Aims: at most 100 KiB and 8 requests on a first visit, for every page.
4. The table is printed and written into its own marked section of docs/performance.md.

Timing never goes in tests: this prints figures and says which pages miss the aims.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
DOCS = ROOT / "docs" / "performance.md"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BEGIN = "<!-- bench-pages:begin — written by `make bench-pages`; edits inside are overwritten -->"
END = "<!-- bench-pages:end -->"
HEADING = "## Page weight on a phone (issue 15)"

AIM_BYTES = 100 * 1024
AIM_REQUESTS = 8
WIDTH, HEIGHT = 390, 844
DAYS = 180
USERNAME = "bench-pages"
CHROMIUM = os.environ.get("AFTERWARDS_CHROMIUM", "/usr/bin/chromium")
MOBILE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0 Mobile Safari/537.36"
)
# Lighthouse's mobile preset, applied by DevTools: "slow 4G" and a 4× slower CPU.
THROTTLE = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1024 * 1024 * 0.9 / 8,
    "uploadThroughput": 750 * 1024 * 0.9 / 8,
}
CPU_SLOWDOWN = 4
FLOOR_PATH = "/bench/bare/"
FLOOR = "a bare page (floor)"


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # {today} is today's date
    logged_in: bool = True


PAGES = [
    Page(FLOOR, FLOOR_PATH),
    Page("Log in (logged out)", "/login/", logged_in=False),
    Page("Help now (logged out)", "/help/", logged_in=False),
    Page("Today: the check-in", "/journal/day/{today}/"),
    Page("Your days: a month", "/journal/"),
    Page("Patterns", "/patterns/"),
    Page("Body and cycle", "/body/"),
    Page("Wellbeing", "/wellbeing/"),
    Page("A questionnaire (PHQ-9)", "/wellbeing/phq9/"),
    Page("Together", "/together/"),
    Page("Words that help", "/words/"),
    Page("A report for a therapist", "/report/"),
    Page("Your data", "/your-data/"),
    Page("Reminders", "/reminders/"),
    Page("Account", "/account/"),
]
QUICK_PAGES = [PAGES[0], PAGES[1], PAGES[3]]


@dataclass
class Visit:
    requests: int
    bytes: int
    dcl_ms: float
    lcp_ms: float | None
    kinds: dict[str, int] = field(default_factory=dict)  # requests by resource type
    document_bytes: int = 0  # the page's own HTML, as transferred


@dataclass
class Row:
    page: Page
    visits: list[Visit] = field(default_factory=list)

    @property
    def first(self) -> Visit:
        return self.visits[0]

    @property
    def requests(self) -> int:
        return round(statistics.median(visit.requests for visit in self.visits))

    @property
    def document_bytes(self) -> int:
        return int(statistics.median(visit.document_bytes for visit in self.visits))

    @property
    def bytes(self) -> int:
        return int(statistics.median(visit.bytes for visit in self.visits))

    @property
    def dcl_ms(self) -> float:
        return statistics.median(visit.dcl_ms for visit in self.visits)

    @property
    def lcp_ms(self) -> float | None:
        painted = [visit.lcp_ms for visit in self.visits if visit.lcp_ms is not None]
        return statistics.median(painted) if painted else None

    @property
    def meets(self) -> bool:
        return self.bytes <= AIM_BYTES and self.requests <= AIM_REQUESTS


@dataclass
class Results:
    rows: list[Row]
    throttled: bool
    runs: int


# What the page reports of itself once loaded and its fonts drawn: DOMContentLoaded
# (from the navigation's start) and the latest largest-contentful-paint candidate.
TIMINGS_JS = """async () => {
  await document.fonts.ready;
  const nav = performance.getEntriesByType("navigation")[0];
  const lcp = await new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const all = list.getEntries();
      resolve(all.length ? all[all.length - 1].startTime : null);
    }).observe({type: "largest-contentful-paint", buffered: true});
    setTimeout(() => resolve(null), 3000);
  });
  return {dcl: nav.domContentLoadedEventEnd, lcp: lcp};
}"""


def first_visit(
    browser: Any, base_url: str, path: str, cookies: list[dict[str, Any]], throttle: bool
) -> Visit:
    """One page as a first visit: a fresh context (no cache, no worker), these cookies."""
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": WIDTH, "height": HEIGHT},
        is_mobile=True,
        has_touch=True,
        user_agent=MOBILE_UA,
        locale="en-GB",
        color_scheme="light",
    )
    try:
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": False})
        if throttle:
            session.send("Network.emulateNetworkConditions", THROTTLE)
            session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        sent: dict[str, str] = {}
        received: dict[str, int] = {}

        def on_sent(event: dict[str, Any]) -> None:
            if event["request"]["url"].startswith(("data:", "blob:")):
                return  # drawn from the page itself (a date field's icon), never fetched
            sent[event["requestId"]] = event.get("type", "Other")
            if os.environ.get("BENCH_PAGES_DEBUG"):
                print("   ", event.get("type"), event["request"]["url"])

        def on_finished(event: dict[str, Any]) -> None:
            received[event["requestId"]] = int(event["encodedDataLength"])

        cached: set[str] = set()

        def on_response(event: dict[str, Any]) -> None:
            answer = event["response"]
            if answer.get("fromDiskCache") or answer.get("fromServiceWorker"):
                cached.add(event["requestId"])

        session.on("Network.requestWillBeSent", on_sent)
        session.on("Network.responseReceived", on_response)
        session.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
        session.on("Network.loadingFinished", on_finished)
        response = page.goto(path, wait_until="load")
        if response is None or not response.ok:
            raise SystemExit(f"{path} answered {response.status if response else 'nothing'}")
        timings = page.evaluate(TIMINGS_JS)
        page.wait_for_load_state("networkidle")
        # What a cache answered (the favicon, asked for again after the same image) never
        # crossed the network.
        fetched = {request: kind for request, kind in sent.items() if request not in cached}
        kinds: dict[str, int] = {}
        for kind in fetched.values():
            kinds[kind] = kinds.get(kind, 0) + 1
        return Visit(
            requests=len(fetched),
            bytes=sum(received.get(request, 0) for request in fetched),
            dcl_ms=float(timings["dcl"]),
            lcp_ms=None if timings["lcp"] is None else float(timings["lcp"]),
            kinds=kinds,
            document_bytes=sum(
                received.get(request, 0) for request, kind in fetched.items() if kind == "Document"
            ),
        )
    finally:
        context.close()


def log_in_cookies(browser: Any, base_url: str, username: str, passphrase: str) -> list[Any]:
    context = browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("User name").fill(username)
        page.get_by_label("Passphrase").fill(passphrase)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/journal/day/*/")
        return list(context.cookies())
    finally:
        context.close()


def measure(
    browser: Any,
    base_url: str,
    *,
    username: str,
    passphrase: str,
    today: date,
    pages: list[Page] = PAGES,
    runs: int = 3,
    throttle: bool = True,
    progress: Callable[[str], None] = print,
) -> Results:
    """Every page `runs` times, in rounds (each round visits every page once, in a
    shuffled order), so that the floor and the pages share the machine's mood; a first
    round, not counted, warms the server up (templates read, code imported)."""
    cookies = log_in_cookies(browser, base_url, username, passphrase)
    rows = [Row(page) for page in pages]
    rng = random.Random(15)

    def visit(row: Row) -> Visit:
        path = row.page.path.format(today=today.isoformat())
        return first_visit(browser, base_url, path, cookies if row.page.logged_in else [], throttle)

    progress("Warming up …")
    for row in rows:
        visit(row)
    for run in range(runs):
        progress(f"Round {run + 1} of {runs} …")
        order = list(rows)
        rng.shuffle(order)
        for row in order:
            row.visits.append(visit(row))
    return Results(rows, throttle, runs)


# --- Words and tables ---------------------------------------------------------------------


def kib(nbytes: int) -> str:
    return f"{nbytes / 1024:.1f} KiB"


def table(results: Results) -> list[list[str]]:
    floor = results.rows[0]
    rows = [
        [
            "page",
            "requests",
            "transferred",
            "of which the HTML",
            "÷ floor",
            "DOMContentLoaded",
            "largest paint",
            "aims",
        ]
    ]
    for row in results.rows:
        is_floor = row is floor
        lcp = "—" if row.lcp_ms is None else f"{row.lcp_ms:,.0f} ms"
        rows.append(
            [
                row.page.name,
                str(row.requests),
                kib(row.bytes),
                kib(row.document_bytes),
                "1 (floor)" if is_floor else f"{row.bytes / floor.bytes:.2f}×",
                f"{row.dcl_ms:,.0f} ms",
                lcp,
                "" if is_floor else ("met" if row.meets else "NOT met"),
            ]
        )
    return rows


def plain(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )


def markdown(rows: list[list[str]]) -> str:
    head, *body = rows
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def what_loads(row: Row) -> str:
    kinds = ", ".join(f"{count} {kind.lower()}" for kind, count in sorted(row.first.kinds.items()))
    return f"{row.first.requests} requests ({kinds})"


def section(results: Results, command: str, machine: dict[str, str]) -> str:
    floor, *pages = results.rows
    missed = [row.page.name for row in pages if not row.meets]
    verdict = "**every page meets them**" if not missed else "**not met** by " + ", ".join(missed)
    heaviest = max(pages, key=lambda row: row.bytes) if pages else floor
    conditions = (
        "Lighthouse's mobile preset applied by DevTools (150 ms × 3.75 latency, "
        "1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up, CPU 4× slower)"
        if results.throttled
        else "no throttling (a quick run: the timings mean little)"
    )
    return "\n".join(
        [
            f"Latest run: {machine['when']}; command: `{command}`.",
            "",
            markdown(table(results)),
            "",
            f"Aims (every page ≤ {AIM_BYTES // 1024} KiB transferred and ≤ {AIM_REQUESTS} "
            f"requests on a first visit): {verdict}.",
            "",
            f"The floor loads {what_loads(floor)}: {kib(floor.bytes)} that every page of "
            f"the site pays on a first visit. The heaviest page, {heaviest.page.name}, "
            f"loads {what_loads(heaviest)}.",
            "",
            f"Each figure is the median of {results.runs} first visits, each in a fresh "
            "browser context with an empty cache and no service worker yet, at "
            f"{WIDTH} × {HEIGHT} px with a phone's user agent and touch; "
            f"network and CPU: {conditions}. Bytes are what crossed the network (headers "
            "and compressed bodies) to the end of the page's load and its fonts; times "
            "run from the start of the navigation.",
            "",
            f"Data: one person with {DAYS} days of check-ins, their loss told, two PHQ-9 "
            "results; SQLite; served by Django's threaded server in the bench's process, "
            "static files by WhiteNoise from the collected folder (Brotli).",
            "",
            f"Machine: {machine['machine']}.",
        ]
    )


def write_docs(text: str, path: Path = DOCS) -> None:
    """Replace this bench's marked section of docs/performance.md, or add it at the end."""
    old = path.read_text() if path.exists() else "# Performance\n"
    if BEGIN not in old or END not in old:
        old = old.rstrip("\n") + f"\n\n{HEADING}\n\n{BEGIN}\n{END}\n"
    before, rest = old.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    path.write_text(f"{before}{BEGIN}\n{text.strip()}\n{END}{after}")


def machine_line() -> dict[str, str]:
    from django.utils import timezone

    try:
        version = subprocess.run(  # noqa: S603
            [CHROMIUM, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        version = "Chromium (version unknown)"
    try:
        commit = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": (
            f"nproc {os.cpu_count()}; {platform.platform()}; Python {platform.python_version()}; "
            f"{version}; code {commit}"
        ),
    }


# --- The run --------------------------------------------------------------------------------


def bare_page_urls() -> Any:
    """The site's URLs, and the floor: base.html with one heading and nothing else."""
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import include, path

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>A bare page</h1>{% endblock %}'
    )

    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse(template.render(request=request))

    return [path(FLOOR_PATH.strip("/") + "/", bare), path("", include("afterwards.urls"))]


@contextmanager
def served() -> Iterator[str]:
    """The site in a thread of this process: Django's threaded server and WSGI handler
    (WhiteNoise serves the collected static files, as under `afterwards serve`)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def seed_person(today: date, days: int) -> None:
    from afterwards.vault.models import Keyring
    from bench.reports import person_told_more, person_with_days

    person = person_with_days(USERNAME, 0, today, days)
    person_told_more(person)
    # They kept their recovery code at sign-up: logging in goes straight to Today.
    Keyring.objects.filter(user=person.user).update(recovery_code_kept=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="first visits of each page")
    parser.add_argument(
        "--no-throttle", action="store_true", help="the machine's own network and CPU"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the floor and one page, once, unthrottled: checks the bench works, writes no docs",
    )
    parser.add_argument("--no-docs", action="store_true", help="don't rewrite docs/performance.md")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> Results:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import timezone
    from playwright.sync_api import sync_playwright

    from afterwards.host.staticfiles import static_collect
    from bench.seed import LIGHT, PASSPHRASE

    call_command("migrate", verbosity=0, interactive=False)
    static_collect()
    today = timezone.localdate()
    quick = args.quick
    with override_settings(**LIGHT):
        print(f"Sealing {DAYS if not quick else 30} days of check-ins …")
        seed_person(today, 30 if quick else DAYS)
        with override_settings(ROOT_URLCONF=urlconf_install()), served() as base_url:
            # Playwright's sync API runs an event loop in this thread; the database is
            # only used by the server's threads meanwhile.
            os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
            os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"],
                )
                try:
                    results = measure(
                        browser,
                        base_url,
                        username=USERNAME,
                        passphrase=PASSPHRASE,
                        today=today,
                        pages=QUICK_PAGES if quick else PAGES,
                        runs=1 if quick else args.runs,
                        throttle=not (quick or args.no_throttle),
                    )
                finally:
                    browser.close()
    print()
    print(plain(table(results)))
    command = "make bench-pages" if os.environ.get("MAKELEVEL") else ""
    command = " ".join(
        filter(
            None,
            [command and f"{command} →", ".venv/bin/python", "bench/pages.py", *sys.argv[1:]],
        )
    )
    text = section(results, command, machine_line())
    print()
    for line in text.splitlines():
        if line.startswith(("Aims", "The floor")):
            print(line)
    if quick or args.no_docs:
        return results
    write_docs(text)
    print(f"Wrote {DOCS.relative_to(ROOT)}")
    return results


URLCONF = "bench.pages_urlconf"


def urlconf_install() -> str:
    """The name of a URLconf holding the site's URLs and the floor's bare page."""
    import types

    module = types.ModuleType(URLCONF)
    module.urlpatterns = bare_page_urls()  # type: ignore[attr-defined]
    sys.modules[URLCONF] = module
    return URLCONF


def main() -> None:
    from bench.run import isolate_environment

    args = parse_args()
    CACHE.mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="pages-", dir=CACHE))
    isolate_environment(data_dir)
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
