"""Quick exit ends the session and goes to the host's neutral page."""

from __future__ import annotations

import re

from django.utils import timezone


def test_quick_exit_sends_the_browser_to_the_neutral_page(client, db, settings):
    response = client.get("/quick-exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL


def test_after_quick_exit_back_shows_nothing_readable(owner, settings):
    day = timezone.localdate().isoformat()
    owner.client.post(f"/journal/day/{day}/", {"mood": "2", "note": "the blue blanket"})

    response = owner.client.get("/quick-exit/")

    assert response["Location"] == settings.QUICK_EXIT_URL
    again = owner.client.get(f"/journal/day/{day}/")
    assert again.status_code == 302
    assert again["Location"].startswith("/login/")
    assert owner.client.cookies["vault"].value == ""


def test_every_page_offers_quick_exit_first(client, db):
    page = client.get("/login/").content.decode()
    body = page[page.index("<body") :]
    first_link = re.search(r"<a [^>]*>", body)
    assert first_link and 'id="quick-exit"' in first_link.group(0)
    assert 'href="/quick-exit/"' in first_link.group(0)


def test_quick_exit_refuses_post(client, db):
    assert client.post("/quick-exit/").status_code == 405
