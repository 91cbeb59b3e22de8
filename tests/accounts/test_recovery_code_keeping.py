"""Keeping the recovery code: as a text file, on paper, and the page after a recovery
(issue 15.4). The copy button is tested in a browser (tests/e2e/test_copy_and_share.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from afterwards.accounts.models import UserSession
from afterwards.accounts.services import PENDING_CODE_FIELD
from tests.accounts.conftest import NEW_PASSPHRASE, shown_code

PAGE = "/signup/recovery-code/"
DOWNLOAD = "/signup/recovery-code/download/"


def _recover(client: Client, code: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/recover/",
        {
            "username": "robin",
            "recovery_code": code,
            "new_passphrase": NEW_PASSPHRASE,
            "new_passphrase_again": NEW_PASSPHRASE,
        },
    )


def test_the_download_is_the_code_on_the_page_as_a_text_file_kept_by_no_cache(newcomer):
    code = shown_code(newcomer.get(PAGE))

    response = newcomer.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="recovery-code.txt"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert f"\n{code}\n" in text
    assert "http://testserver/" in text
    assert "forget your passphrase" in text
    assert "robin" not in text  # the code alone: the name is the other half of a way in


def test_the_page_offers_the_download_as_a_plain_link_and_the_script_buttons_hidden(newcomer):
    page = newcomer.get(PAGE).content.decode()

    assert f'href="{DOWNLOAD}" download>Download as a text file</a>' in page
    assert 'data-copy="recovery-code" hidden>Copy the code</button>' in page
    assert "data-print hidden>Print</button>" in page
    assert 'id="copy-status" role="status"' in page
    assert '<script src="/static/js/copy.' in page


def test_the_printed_page_says_what_the_code_is_for(newcomer):
    page = newcomer.get(PAGE).content.decode()

    line = page.split('<p class="print-only">', 1)[1].split("</p>", 1)[0]
    assert "http://testserver/" in line
    assert "your recovery code. If you forget your passphrase, it opens your account" in line


def test_the_download_says_notes_with_the_neutral_look(newcomer, settings):
    settings.NEUTRAL_LOOK = True

    text = newcomer.get(DOWNLOAD).content.decode()

    assert text.startswith("Notes: your recovery code\n")
    assert "Afterwards" not in text


def test_the_download_is_for_the_session_that_holds_the_code_only(newcomer):
    shown_code(newcomer.get(PAGE))
    stranger = Client()
    row_only = Client()  # the session cookie without the vault cookie that opens the code
    row_only.cookies["session"] = newcomer.cookies["session"].value

    for other in (stranger, row_only):
        response = other.get(DOWNLOAD)
        assert response.status_code == 302
        assert response["Location"] == "/login/"


def test_no_download_once_the_code_is_kept(newcomer):
    code = shown_code(newcomer.get(PAGE))
    newcomer.post(PAGE, {"kept": "on"})

    response = newcomer.get(DOWNLOAD)

    assert response.status_code == 404
    assert code not in response.content.decode()


def test_no_download_for_someone_with_no_code_waiting(owner):
    assert owner.client.get(DOWNLOAD).status_code == 404


def test_the_download_answers_get_only(newcomer):
    assert newcomer.post(DOWNLOAD).status_code == 405


def test_a_new_code_from_the_account_page_is_the_one_downloaded(owner):
    owner.client.post("/account/recovery-code/", {"passphrase": owner.passphrase})
    code = shown_code(owner.client.get(PAGE))

    assert code != owner.recovery_code
    assert f"\n{code}\n" in owner.client.get(DOWNLOAD).content.decode()


def test_after_recovering_the_page_says_the_passphrase_changed_and_shows_the_new_code(owner):
    client = Client()
    response = _recover(client, owner.recovery_code)
    assert response["Location"] == PAGE

    page = client.get(PAGE)

    assert page.status_code == 200
    text = page.content.decode()
    assert "<h1>Your passphrase is changed</h1>" in text
    assert "The recovery code you just used no longer works" in text
    new_code = shown_code(page)
    assert new_code != owner.recovery_code
    assert f"\n{new_code}\n" in client.get(DOWNLOAD).content.decode()
    assert UserSession.objects.filter(user=owner.user).count() == 1  # every other one ended


def test_the_old_code_no_longer_works_after_recovering(owner):
    first = Client()
    _recover(first, owner.recovery_code)

    again = _recover(Client(), owner.recovery_code)

    assert again.status_code == 200
    assert "did not open an account" in again.content.decode()


def test_after_recovering_and_keeping_the_new_code_the_notice_is_gone(owner):
    client = Client()
    _recover(client, owner.recovery_code)
    client.post(PAGE, {"kept": "on"})
    assert PENDING_CODE_FIELD not in client.session

    client.post("/account/recovery-code/", {"passphrase": NEW_PASSPHRASE})
    page = client.get(PAGE).content.decode()

    assert "<h1>Your recovery code</h1>" in page
    assert "Your passphrase is changed" not in page


@pytest.mark.parametrize("path", [PAGE, DOWNLOAD])
def test_a_fresh_sign_up_is_not_told_of_a_recovery(newcomer, path):
    assert "passphrase is changed" not in newcomer.get(path).content.decode()
