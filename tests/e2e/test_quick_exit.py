"""Quick exit in a real browser: one click (or Shift three times) leaves for a neutral
page, replacing the one shown, ends the session, and Back then shows nothing readable.
Also: the first Tab on any page lands on it, and the neutral look titles pages "Notes"."""

from __future__ import annotations

import pytest
from django.utils import timezone

from afterwards.accounts.models import UserSession
from afterwards.journal.checkin import CheckIn
from afterwards.journal.services import checkin_save
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.conftest import new_page

pytestmark = pytest.mark.browser

NOTE = "the blue blanket by the window"


@pytest.fixture
def neutral(settings, live_server):  # type: ignore[no-untyped-def]
    # A page of our own stands in for the host's neutral site: tests use no network.
    settings.QUICK_EXIT_URL = f"{live_server.url}/healthz"
    return settings.QUICK_EXIT_URL


def _log_in_and_write(page) -> None:  # type: ignore[no-untyped-def]
    create_account("heron", PASSPHRASE)
    page.goto("/login/")
    page.get_by_label("User name").fill("heron")
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")
    page.get_by_label("A note to yourself").fill(NOTE)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert NOTE in page.content()


def test_quick_exit_leaves_and_back_shows_nothing_readable(page, neutral):  # type: ignore[no-untyped-def]
    _log_in_and_write(page)

    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(neutral)
    page.go_back()
    page.wait_for_load_state()

    assert NOTE not in page.content()
    assert "/login/" in page.url


def test_shift_three_times_leaves_at_once(page, neutral):  # type: ignore[no-untyped-def]
    _log_in_and_write(page)

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral)
    page.go_back()
    page.wait_for_load_state()

    assert NOTE not in page.content()


# --- On every kind of page ------------------------------------------------------------

TODAY_NOTE = "the shells we brought back from the beach"


def _log_in_with_a_note(page):  # type: ignore[no-untyped-def]
    """A person with a note for today, logged in; returns their user and today's address."""
    user, keys, _ = create_account("wren", PASSPHRASE)
    today = timezone.localdate()
    checkin_save(owner=user, keys=keys, checkin=CheckIn(day=today, mood=3, note=TODAY_NOTE))
    page.goto("/login/")
    page.get_by_label("User name").fill("wren")
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/journal/day/*/")
    return user, f"/journal/day/{today.isoformat()}/"


def _first_tab(page) -> str:  # type: ignore[no-untyped-def]
    page.keyboard.press("Tab")
    return str(
        page.evaluate(
            "() => { const el = document.activeElement;"
            " return (el.id || '') + ' | ' + (el.textContent || '').trim(); }"
        )
    )


@pytest.mark.parametrize("demo", [False, True])
def test_first_tab_lands_on_quick_exit_on_every_kind_of_page(page, settings, demo):  # type: ignore[no-untyped-def]
    settings.DEMO = demo  # the demo's banner comes before the brand, and takes no focus
    for url in ("/", "/login/", "/help/"):
        page.goto(url)
        assert _first_tab(page) == "quick-exit | Quick exit", url
    _, day = _log_in_with_a_note(page)
    for url in (day, "/journal/", "/account/"):
        page.goto(url)
        assert ("Demo: made-up people and data" in page.content()) is demo
        assert _first_tab(page) == "quick-exit | Quick exit", url


def test_private_pages_are_never_stored(page):  # type: ignore[no-untyped-def]
    _, day = _log_in_with_a_note(page)
    for url in (day, "/journal/", "/account/", "/account/preferences/"):
        response = page.goto(url)
        assert response.status == 200, url
        assert "no-store" in response.headers["cache-control"], url


def _leave(page, how: str) -> None:  # type: ignore[no-untyped-def]
    if how == "click":
        page.get_by_role("link", name="Quick exit").click()
    else:
        page.locator("body").focus()
        for _ in range(3):
            page.keyboard.press("Shift")


@pytest.mark.parametrize(
    ("how", "where"),
    [("click", "day"), ("shift", "day"), ("click", "/journal/"), ("shift", "/account/")],
)
def test_quick_exit_replaces_the_page_and_ends_the_session(page, neutral, how, where):  # type: ignore[no-untyped-def]
    user, day = _log_in_with_a_note(page)
    private = day if where == "day" else where
    page.goto("/help/")  # an ordinary page before the private one, to come Back to
    page.goto(private)
    assert TODAY_NOTE in page.content() or where != "day"
    before = page.evaluate("() => history.length")

    _leave(page, how)
    page.wait_for_url(neutral)

    # Replaced, not added: the private page is no longer in this tab's history.
    assert page.evaluate("() => history.length") == before
    assert not UserSession.objects.filter(user=user).exists()
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/help/")
    assert TODAY_NOTE not in page.content()

    # The old address, typed again or reloaded, shows the login page and nothing else.
    page.goto(private)
    assert "/login/" in page.url
    assert TODAY_NOTE not in page.content()
    page.reload()
    assert "/login/" in page.url
    assert TODAY_NOTE not in page.content()


def test_neutral_look_titles_every_page_notes(page):  # type: ignore[no-untyped-def]
    _, day = _log_in_with_a_note(page)
    page.goto("/account/preferences/")
    page.get_by_label('Show "Notes" as the page title').check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    for url in (day, "/journal/", "/account/"):
        page.goto(url)
        assert page.title() == "Notes", url
        assert "/img/notes." in (page.locator("link[rel=icon]").get_attribute("href") or "")
    # Kept on the device: the login page after logging out says Notes too, no daisy.
    page.get_by_role("button", name="Log out", exact=True).click()
    page.wait_for_url("**/login/")
    assert page.title() == "Notes"
    assert "/img/notes." in (page.locator("link[rel=icon]").get_attribute("href") or "")
    assert page.locator("img[src*='daisy']").count() == 0


def test_capital_letters_typed_in_a_note_never_leave(page, neutral):  # type: ignore[no-untyped-def]
    _, day = _log_in_with_a_note(page)
    page.goto(day)
    box = page.get_by_label("A note to yourself")
    box.fill("")
    box.focus()
    for key in ("Shift+W", "Shift+E", "Shift+L", "Shift+L"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url.endswith(day)
    assert box.input_value() == "WELL"

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral)


def test_the_demo_banner_keeps_quick_exit_first_and_pages_accessible(page, audit, settings):  # type: ignore[no-untyped-def]
    settings.DEMO = True
    page.goto("/login/")
    assert "demo passphrase for alex" in page.content()
    audit(page, "login, demo")
    _log_in_with_a_note(page)
    audit(page, "journal day, demo")
    audit.assert_clean()


@pytest.mark.parametrize("width", [320, 390])
def test_quick_exit_stays_on_a_phones_screen_even_if_something_is_too_wide(  # type: ignore[no-untyped-def]
    browser, live_server, width
):
    """On a phone a page wider than the screen widens the layout viewport, and a fixed
    button goes with it, off the screen. Whatever a page holds, the page never grows
    wider than the screen (site.css clips it), so Quick exit stays where a thumb is."""
    page = new_page(
        browser, live_server.url, is_mobile=True, has_touch=True,
        viewport={"width": width, "height": 700},
    )
    try:
        page.goto("/help/")
        page.evaluate(
            "() => { const wide = document.createElement('p');"
            " wide.textContent = 'x'.repeat(40); wide.style.whiteSpace = 'nowrap';"
            " wide.style.width = '1600px'; document.querySelector('main').append(wide); }"
        )
        page.evaluate("() => window.scrollTo(1600, 400)")

        box = page.get_by_role("link", name="Quick exit").bounding_box()
        assert box is not None
        assert 0 <= box["x"] and box["x"] + box["width"] <= width
        assert 0 <= box["y"] and box["y"] + box["height"] <= 700
        assert page.evaluate("() => document.documentElement.scrollWidth") == width
    finally:
        page.context.close()
