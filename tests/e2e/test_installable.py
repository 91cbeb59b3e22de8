"""Installing the site from Chromium: the manifest, the service worker, the offline page,
a form kept when the network goes, and nothing personal ever in the Cache Storage.

The worker (templates/sw.js, served at /sw.js) keeps only the static shell under its
hashed names (installable.py); these tests read what Chromium itself holds.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone
from PIL import Image

from afterwards import installable
from afterwards.demo.services import demo_seed
from afterwards.demo.story import PEOPLE
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "rowan"

# The worker's state as the page sees it, waiting (up to 8 s) for it to be ready.
READY_JS = """() => Promise.race([
  navigator.serviceWorker.ready.then((r) => r.active.state === "activated" ? "activated"
    : new Promise((resolve) => r.active.addEventListener("statechange", (event) => {
        if (event.target.state === "activated") resolve("activated");
      }))),
  new Promise((resolve) => setTimeout(() => resolve("never ready"), 8000)),
])"""
CONTROLLER_JS = (
    "() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"
)
FETCH_JSON_JS = "(url) => fetch(url, {credentials: 'include'}).then((r) => r.json())"
# Every cache and every URL in it, with the headers it was kept with.
CACHES_JS = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push({
        cache: name,
        url: request.url,
        method: request.method,
        control: response.headers.get("Cache-Control") || "",
        type: response.headers.get("Content-Type") || "",
      });
    }
  }
  return found;
}"""


def log_in(page, username: str = USERNAME, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")


def controlled(page) -> str:  # type: ignore[no-untyped-def]
    """Wait for the site's worker, reload, and return the script controlling the page."""
    assert page.evaluate(READY_JS) == "activated"
    page.reload()
    return str(page.evaluate(CONTROLLER_JS) or "")


def shell_paths() -> set[str]:
    from django.templatetags.static import static

    return {static(name) for name in installable.shell_files()}


def test_the_manifest_parses_with_every_member_an_install_needs(page, live_server):  # type: ignore[no-untyped-def]
    page.goto("/login/")
    link = page.locator("link[rel=manifest]")
    assert link.get_attribute("crossorigin") == "use-credentials"
    session = page.context.new_cdp_session(page)
    got = session.send("Page.getAppManifest")
    assert got["url"] == f"{live_server.url}/manifest.webmanifest"
    assert got["errors"] == []  # Chromium's own parser found nothing to say
    manifest = page.evaluate(FETCH_JSON_JS, got["url"])
    assert manifest["name"] == manifest["short_name"] == "Afterwards"
    assert manifest["start_url"] == "/journal/day/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == manifest["background_color"] == "#fbf8f3"
    purposes = Counter((icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"])
    for size in ("192x192", "512x512"):
        assert purposes[(size, "any")] == purposes[(size, "maskable")] == 1
    assert purposes[("any", "any")] == 1  # the SVG
    # Every icon is there, of the size it says, and served under the site's CSP.
    for icon in manifest["icons"]:
        response = page.request.get(icon["src"])
        assert response.ok and response.headers["content-type"].startswith(icon["type"])
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert "daisy" in icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(response.body())).size
            assert f"{width}x{height}" == icon["sizes"]
    served = page.request.get("/manifest.webmanifest")
    assert served.headers["content-type"] == "application/manifest+json"
    assert "manifest-src 'self'" in served.headers["content-security-policy"]
    # Chromium finds nothing that keeps the site from being installed.
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []


def test_with_the_neutral_look_the_manifest_says_notes_with_the_plain_icon(page):  # type: ignore[no-untyped-def]
    create_account(USERNAME, PASSPHRASE)
    log_in(page)
    page.goto("/account/preferences/")
    page.get_by_label('Show "Notes" as the page title').check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")
    assert page.title() == "Notes"
    session = page.context.new_cdp_session(page)
    url = session.send("Page.getAppManifest")["url"]
    manifest = page.evaluate(FETCH_JSON_JS, url)
    assert manifest["name"] == manifest["short_name"] == "Notes"
    assert all("notes" in icon["src"] and "daisy" not in icon["src"] for icon in manifest["icons"])
    assert page.locator("link[rel=apple-touch-icon]").get_attribute("href").count("notes") == 1


def test_the_worker_controls_the_page_after_a_reload(page, live_server):  # type: ignore[no-untyped-def]
    page.goto("/login/")
    assert controlled(page) == f"{live_server.url}/sw.js"
    scope = page.evaluate("() => navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == f"{live_server.url}/"


def test_offline_a_page_shows_the_calm_offline_page_with_no_accessibility_problems(page, audit):  # type: ignore[no-untyped-def]
    page.goto("/login/")
    controlled(page)
    page.context.set_offline(True)
    try:
        page.goto("/help/")
        assert page.title() == "You are offline"
        assert page.get_by_role("heading", name="You are offline").is_visible()
        assert page.get_by_role("link", name="Load this page again").is_visible()
        # Drawn in the site's own styles and type, from the shell the worker kept.
        assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith(
            '"Atkinson Hyperlegible Next"'
        )
        assert page.evaluate("() => document.fonts.check('16px \"Atkinson Hyperlegible Next\"')")
        audit(page, "offline page")
        # It names no one and no site, whatever look was chosen.
        assert "Afterwards" not in page.content() and "daisy" not in page.content()
    finally:
        page.context.set_offline(False)
    page.goto("/help/")
    assert page.title() != "You are offline"
    audit.assert_clean()


def test_quick_exit_offline_still_leaves_for_the_everyday_site(page, settings):  # type: ignore[no-untyped-def]
    page.goto("/login/")
    controlled(page)
    page.context.set_offline(True)
    try:
        with page.expect_request(lambda request: request.url == settings.QUICK_EXIT_URL):
            page.get_by_role("link", name="Quick exit").click()
    finally:
        page.context.set_offline(False)


def _fill_login(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("User name").fill("someone")
    page.get_by_label("Passphrase").fill("words typed before the network went")


def _kept_with_the_message(page) -> None:  # type: ignore[no-untyped-def]
    message = page.get_by_role("alert").filter(has_text="this was not sent")
    message.wait_for()
    assert "Everything you wrote is still here" in message.inner_text()
    assert page.get_by_label("User name").input_value() == "someone"
    assert page.get_by_label("Passphrase").input_value() == "words typed before the network went"
    assert urlsplit(page.url).path == "/login/"


def test_a_form_sent_offline_keeps_its_words_and_says_it_was_not_sent(browser, live_server, audit):  # type: ignore[no-untyped-def]
    """With no worker (a first visit, or a browser that has none), the page's own
    script keeps the form: offline, it is not sent at all."""
    page = new_page(browser, live_server.url, service_workers="block")
    try:
        page.goto("/login/")
        _fill_login(page)
        page.context.set_offline(True)
        page.get_by_role("button", name="Log in").click()
        _kept_with_the_message(page)
        # The audit's first Tab starts from the top of the page, not from the button.
        page.mouse.click(1, 1)
        audit(page, "login, not sent offline")
        page.context.set_offline(False)
    finally:
        page.context.close()
    audit.assert_clean()


def test_a_form_whose_sending_fails_in_the_worker_stays_with_its_words(page):  # type: ignore[no-untyped-def]
    """The browser thinks it is online, but the request cannot get through: the worker
    answers 204, so the page stays, and tells the page it was not sent."""
    page.goto("/login/")
    controlled(page)
    _fill_login(page)
    page.evaluate("() => Object.defineProperty(navigator, 'onLine', {get: () => true})")
    page.context.set_offline(True)
    try:
        page.get_by_role("button", name="Log in").click()
        _kept_with_the_message(page)
    finally:
        page.context.set_offline(False)


# Never followed: leaving, and files rather than pages.
SKIP = re.compile(r"^/(quick-exit|r)/|\.(pdf|json|csv|zip|age|js|webmanifest)$|^/static/")
SAME_SHAPE = 1
MOST_PAGES = 80
LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"


def _shape(path: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", path)


def test_nothing_personal_is_in_the_cache_storage_after_a_visit_to_every_page(browser, live_server):  # type: ignore[no-untyped-def]
    demo_seed(today=timezone.localdate())
    person = PEOPLE[0]
    page = new_page(browser, live_server.url)
    try:
        log_in(page, person.username, person.passphrase)
        assert controlled(page).endswith("/sw.js")
        seen: set[str] = set()
        shapes: Counter[str] = Counter()
        waiting = [urlsplit(page.url).path]
        while waiting and len(seen) < MOST_PAGES:
            path = waiting.pop(0)
            if path in seen or SKIP.search(urlsplit(path).path):
                continue
            if shapes[_shape(path)] >= SAME_SHAPE:
                continue
            seen.add(path)
            shapes[_shape(path)] += 1
            page.goto(path)
            for href in page.evaluate(LINKS_JS):
                target = urlsplit(urljoin(page.url, href))
                if target.netloc == urlsplit(live_server.url).netloc:
                    waiting.append(target.path + (f"?{target.query}" if target.query else ""))
        # A form sent too: a page that answers a POST is never kept either.
        page.goto("/light-or-dark/")
        page.get_by_text("Dark", exact=True).click()
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        assert len(seen) > 20, seen

        kept = page.evaluate(CACHES_JS)
        shell = shell_paths()
        assert kept, "the worker kept nothing at all"
        assert {entry["cache"] for entry in kept} == {kept[0]["cache"]}  # one cache
        for entry in kept:
            url = urlsplit(entry["url"])
            assert url.path in shell and not url.query, entry
            assert entry["method"] == "GET"
            assert "no-store" not in entry["control"] and "private" not in entry["control"]
            assert not entry["type"].startswith("text/html"), entry
        # What the pages drew with came from the shell: the stylesheet is among it.
        assert any(urlsplit(entry["url"]).path.endswith(".css") for entry in kept)
    finally:
        page.context.close()
