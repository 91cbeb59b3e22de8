"""How long the check-in is on a phone: document.documentElement.scrollHeight in
Chromium at 390 × 844 px, for an empty day and a full day (and the full day once the
person has closed its sections, which the device then remembers), in a space (so the
share choice and "Preview what your partner will see" are drawn) and alone.

    .venv/bin/python bench/checkin_height.py [FOLDER FOR FULL-PAGE SCREENSHOTS]

A fresh temporary data folder, two people in a space and one alone, each with a full
day yesterday (every answer, two symptoms that are no red flag, a note of a few
sentences); today is their empty day. Each person's pages open in a fresh context with
no storage, so every section is as the server draws it until they close some. Prints
the heights and how many screens of 844 px each is; docs/performance.md ("The check-in
on a phone") records a run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 390, 844
CHROMIUM = os.environ.get("AFTERWARDS_CHROMIUM", "/usr/bin/chromium")
NOTE = (
    "A slow morning. We walked to the river after lunch and talked about the spring. "
    "I was tired by the evening, and we went to bed early."
)


def height_of(page: Any, url: str, shots: str) -> int:
    """The page's height once its fonts are in; a screenshot of it and of its first
    screen into `shots`, if given."""
    page.goto(url)
    page.evaluate("() => document.fonts.ready")
    height = int(page.evaluate("() => document.documentElement.scrollHeight"))
    if shots:
        slug = f"{len(list(Path(shots).glob('*-screen.png'))):02d}"
        page.screenshot(path=Path(shots) / f"{slug}.png", full_page=True)
        page.screenshot(path=Path(shots) / f"{slug}-screen.png")
    return height


def run(shots: str = "") -> list[tuple[str, int]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import timezone
    from playwright.sync_api import sync_playwright

    from afterwards.couple import membership
    from afterwards.host.staticfiles import static_collect
    from afterwards.journal import services
    from afterwards.journal.checkin import CheckIn
    from afterwards.vault.models import Keyring
    from bench.pages import log_in_cookies, served, urlconf_install
    from bench.reports import account
    from bench.seed import LIGHT, PASSPHRASE

    call_command("migrate", verbosity=0, interactive=False)
    static_collect()
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    full = CheckIn(
        day=yesterday,
        mood=3,
        grief=4,
        anxiety=2,
        energy=3,
        sleep=2,
        bleeding="light",
        pain=3,
        symptoms=["cramps", "tiredness"],
        intimacy="closeness",
        during=4,
        afterwards=4,
        note=NOTE,
        share=["mood", "feelings"],
    )
    with override_settings(**LIGHT):
        people = {name: account(name) for name in ("height-robin", "height-sam", "height-alone")}
        new = membership.invitation_create(inviter=people["height-robin"][0])
        membership.invitation_accept(invitation=new.invitation, acceptor=people["height-sam"][0])
        for user, keys in people.values():
            Keyring.objects.filter(user=user).update(recovery_code_kept=True)
            services.checkin_save(owner=user, keys=keys, checkin=full)
        found: list[tuple[str, int]] = []
        with override_settings(ROOT_URLCONF=urlconf_install()), served() as base_url:
            os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
            os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                try:
                    for name, who in (("in a space", "height-robin"), ("alone", "height-alone")):
                        cookies = log_in_cookies(browser, base_url, who, PASSPHRASE)
                        context = browser.new_context(
                            viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB"
                        )
                        context.add_cookies(cookies)
                        page = context.new_page()
                        empty = f"{base_url}/journal/day/{today.isoformat()}/"
                        past = f"{base_url}/journal/day/{yesterday.isoformat()}/"
                        found.append((f"empty day, {name}", height_of(page, empty, shots)))
                        found.append((f"full day, {name}", height_of(page, past, shots)))
                        # The person closes every section once; the device remembers.
                        for section in page.locator("details[data-remember]").all():
                            if section.evaluate("(d) => d.open"):
                                section.locator("summary").click()
                        label = f"full day, sections kept closed, {name}"
                        found.append((label, height_of(page, past, shots)))
                        context.close()
                finally:
                    browser.close()
    return found


def main() -> None:
    from bench.run import isolate_environment

    cache = BENCH / ".cache"
    cache.mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="height-", dir=cache))
    isolate_environment(data_dir)
    try:
        shots = sys.argv[1] if len(sys.argv) > 1 else ""
        for label, height in run(shots):
            print(f"{label}: {height} px ({height / HEIGHT:.1f} screens of {HEIGHT} px)")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
