"""Helpers for account tests: signing up and logging in through the real forms."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "lantern over a still harbour"
CODE_IN_PAGE = re.compile(r'<code id="recovery-code">([^<]+)</code>')


def signup_data(username: str = "robin", passphrase: str = PASSPHRASE, **extra: str) -> dict:
    return {
        "username": username,
        "email": "",
        "new_passphrase": passphrase,
        "new_passphrase_again": passphrase,
        **extra,
    }


def log_in(client: Client, username: str, passphrase: str = PASSPHRASE):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": username, "passphrase": passphrase})


def shown_code(response) -> str:  # type: ignore[no-untyped-def]
    match = CODE_IN_PAGE.search(response.content.decode())
    assert match, "no recovery code in the page"
    return match.group(1)


def is_logged_in(client: Client) -> bool:
    """Whether a person page opens for this client (not a redirect to the log-in page)."""
    response = client.get("/account/")
    return response.status_code == 200


@pytest.fixture
def newcomer(db) -> Client:  # type: ignore[no-untyped-def]
    """Someone who has just signed up and not yet said they kept their recovery code."""
    client = Client()
    response = client.post("/signup/", signup_data("robin"))
    assert response.status_code == 302
    return client
