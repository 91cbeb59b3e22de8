"""One step of the restore drill, run in a fresh process against the data folder and
database its environment names (AFTERWARDS_DATA_DIR, DATABASE_URL):

    python tests/host/drill.py write USERNAME PASSPHRASE WORDS
        makes the account and writes today's check-in with WORDS as its note, through
        the real sign-in and check-in pages
    python tests/host/drill.py read USERNAME PASSPHRASE WORDS
        logs in with the passphrase and finds WORDS on the day's page; exit status 3 if
        the login fails, 4 if the words are not there
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afterwards.settings")


def main(step: str, username: str, passphrase: str, words: str) -> int:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()  # the test client's host name, nothing else
    day = f"/journal/day/{timezone.localdate().isoformat()}/"
    client = Client()
    if step == "write":
        from afterwards.accounts import services
        from afterwards.vault.models import Keyring

        user, _, _ = services.account_create(username=username, email="", passphrase=passphrase)
        Keyring.objects.filter(user=user).update(recovery_code_kept=True)
    login = client.post("/login/", {"username": username, "passphrase": passphrase})
    if login.status_code != 302:
        print(f"login answered {login.status_code}", file=sys.stderr)
        return 3
    if step == "write":
        saved = client.post(day, {"mood": "3", "grief": "4", "note": words})
        return 0 if saved.status_code == 302 else 5
    page = client.get(day).content.decode()
    return 0 if words in page else 4


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
