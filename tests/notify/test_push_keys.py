"""Browser reminders on a fresh install: `afterwards serve --with-worker` (what `make run`
starts) makes the Web Push key pair in the data folder at its first start, private to
the host, kept by a backup; the Reminders page then offers this browser. A host can turn
it off, or name one key for several machines."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from afterwards.notify import commands, vapid
from afterwards.notify.models import Preferences
from tests.notify.test_settings_page import PUSH_KEPT, PUSH_URL, URL, _push_box_help, form

ROOT = Path(__file__).resolve().parent.parent.parent
BACKUP_PASSPHRASE = "a long walk along the estuary at dusk"


def _env(folder: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AFTERWARDS_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(AFTERWARDS_DATA_DIR=str(folder), **extra)
    return env


def _afterwards(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afterwards.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Path, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """A data folder that `afterwards serve --with-worker` started in once, as `make run`
    does on a fresh install (no AFTERWARDS_WEBPUSH, no `afterwards vapid`)."""
    base = tmp_path_factory.mktemp("fresh")
    folder = base / "data"
    secret = base / "backup-passphrase"
    secret.write_text(BACKUP_PASSPHRASE + "\n")
    env = _env(folder, AFTERWARDS_BACKUP_PASSPHRASE_FILE=str(secret))
    log = base / "serve.log"
    with log.open("wb") as out:
        # Port 0: the system's choice; nothing here connects to it.
        server = subprocess.Popen(
            [sys.executable, "-m", "afterwards.cli", "serve", "--with-worker"]
            + ["--port", "0", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for _ in range(600):  # up to ~60 s on a loaded machine
            if "Afterwards is at" in log.read_text():
                break
            assert server.poll() is None, log.read_text()
            time.sleep(0.1)
        else:
            pytest.fail(f"the server did not start:\n{log.read_text()}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    yield folder, env


def test_a_fresh_serve_makes_the_push_keys_private_to_the_host(served):
    folder, _ = served
    private, public = folder / vapid.PRIVATE_NAME, folder / vapid.PUBLIC_NAME
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(public.stat().st_mode) == 0o600
    assert public.read_text().strip() == vapid.public_key_of(private)
    assert not [path.name for path in folder.iterdir() if path.name.endswith(".new")]


def test_the_reminders_page_offers_this_browser_with_the_key_serve_made(served, owner, settings):
    folder, _ = served
    settings.VAPID_PRIVATE_KEY_PATH = folder / vapid.PRIVATE_NAME
    page = owner.client.get(URL).content.decode()
    assert "does not send browser reminders" not in page
    assert _push_box_help(page).startswith("Needs JavaScript: after saving, a button below")
    owner.client.post(URL, form(by_push="on", checkin_on="on"))
    page = owner.client.get(URL).content.decode()
    assert "Allow reminders in this browser" in page
    assert f'data-key="{(folder / vapid.PUBLIC_NAME).read_text().strip()}"' in page


def test_a_backup_keeps_the_push_keys_and_a_restore_brings_them_back(served):
    folder, env = served
    keys = {name: (folder / name).read_bytes() for name in (vapid.PRIVATE_NAME, vapid.PUBLIC_NAME)}
    made = _afterwards(env, "backup")
    assert made.returncode == 0, made.stderr
    for name in keys:
        (folder / name).unlink()
    [backup] = (folder / "backups").glob("*.age")
    restored = _afterwards(env, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    for name, content in keys.items():
        assert (folder / name).read_bytes() == content
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600


def test_a_host_who_turned_browser_reminders_off_gets_no_keys_and_no_offer(
    owner, settings, tmp_path
):
    settings.NOTIFY_WEBPUSH = False
    settings.DATA_DIR = tmp_path
    settings.VAPID_PRIVATE_KEY_PATH = tmp_path / vapid.PRIVATE_NAME
    commands.vapid_keys_at_start()
    assert list(tmp_path.iterdir()) == []
    Preferences.objects.create(user=owner.user, time_zone="Europe/London", by_push=True)
    page = owner.client.get(URL).content.decode()
    assert _push_box_help(page) == PUSH_KEPT
    assert "Allow reminders in this browser" not in page
    data = {"endpoint": "https://fcm.googleapis.com/fcm/send/1", "p256dh": "k", "auth": "a"}
    assert owner.client.post(PUSH_URL, data).status_code == 400


def test_turning_browser_reminders_off_takes_effect_with_keys_already_made(owner, settings):
    Preferences.objects.create(user=owner.user, time_zone="Europe/London", by_push=True)
    assert "Allow reminders in this browser" in owner.client.get(URL).content.decode()
    settings.NOTIFY_WEBPUSH = False
    assert vapid.public_key() == ""
    assert "Allow reminders in this browser" not in owner.client.get(URL).content.decode()


def test_processes_starting_at_once_make_one_key_and_all_use_it(tmp_path):
    found: list[str] = []
    start = threading.Barrier(8)

    def first_start() -> None:
        start.wait()
        found.append(vapid.keys_ensure(tmp_path))

    threads = [threading.Thread(target=first_start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8 and len(set(found)) == 1
    assert found[0] == vapid.public_key_of(tmp_path / vapid.PRIVATE_NAME)
    assert (tmp_path / vapid.PUBLIC_NAME).read_text().strip() == found[0]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        vapid.PRIVATE_NAME,
        vapid.PUBLIC_NAME,
    ]


def test_a_key_the_host_names_is_used_and_nothing_is_made(owner, settings, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    public = vapid.keys_make(shared)
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.VAPID_PRIVATE_KEY_FILE = str(shared / vapid.PRIVATE_NAME)
    settings.VAPID_PRIVATE_KEY_PATH = shared / vapid.PRIVATE_NAME
    commands.vapid_keys_at_start()
    assert list(settings.DATA_DIR.iterdir()) == []
    Preferences.objects.create(user=owner.user, time_zone="Europe/London", by_push=True)
    assert f'data-key="{public}"' in owner.client.get(URL).content.decode()


def test_a_named_key_that_is_missing_stops_serve_with_one_line(tmp_path):
    folder = tmp_path / "data"
    env = _env(folder, AFTERWARDS_VAPID_PRIVATE_KEY_FILE=str(tmp_path / "missing.pem"))
    done = _afterwards(env, "serve", "--port", "0", "--no-migrate")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("afterwards: AFTERWARDS_VAPID_PRIVATE_KEY_FILE names ")
    assert "missing.pem" in line and "AFTERWARDS_WEBPUSH=false" in line
    assert not (folder / vapid.PRIVATE_NAME).exists()


def test_a_key_file_in_the_data_folder_that_is_no_key_stops_the_start(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.VAPID_PRIVATE_KEY_PATH = tmp_path / vapid.PRIVATE_NAME
    (tmp_path / vapid.PRIVATE_NAME).write_text("not a key")
    with pytest.raises(commands.VapidKeyUnusable, match="afterwards vapid --force"):
        commands.vapid_keys_at_start()
    assert (tmp_path / vapid.PRIVATE_NAME).read_text() == "not a key"
