"""Quick exit in a real browser: one click (or Shift three times) leaves for a neutral
page, and Back then shows nothing readable."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, create_account

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
