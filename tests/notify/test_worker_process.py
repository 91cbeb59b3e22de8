"""The real worker process, killed with SIGKILL mid-send, never sends twice; and the
host commands `afterwards worker` and `afterwards vapid`."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from afterwards.notify.vapid import keys_make

ROOT = Path(__file__).resolve().parent.parent.parent

# Run in a child process on its own data folder. The transport is replaced by one that
# writes a line per sending to a file (no network), and in "kill" mode SIGKILLs its own
# process right after the send was accepted, before it could be marked done.
SCRIPT = """
import os, signal, sys
from datetime import UTC, datetime
os.environ["DJANGO_SETTINGS_MODULE"] = "afterwards.settings"
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
import time_machine
settings.NOTIFY_EMAIL = True
mode, sent_file, minute = sys.argv[1], sys.argv[2], int(sys.argv[3])
from afterwards.notify import sending
def send_email(*, to, message):
    with open(sent_file, "a") as out:
        out.write(f"{to} {message.subject}\\n")
    if mode == "kill-after-send":
        os.kill(os.getpid(), signal.SIGKILL)
sending.send_email = send_email
with time_machine.travel(datetime(2026, 3, 28, 20, minute, tzinfo=UTC), tick=False):
    if mode == "setup":
        call_command("migrate", interactive=False, verbosity=0)
        from afterwards.accounts.models import User
        from afterwards.notify.models import Preferences
        user = User.objects.create(username="robin")
        Preferences.objects.create(
            user=user, time_zone="Europe/London", checkin_on=True, hour=20,
            checkin_since=datetime(2026, 3, 1, tzinfo=UTC), by_email=True,
            email="robin@example.org",
        )
    else:
        from afterwards.notify.commands import worker_run
        worker_run(interval=0, batch=True)
    from afterwards.notify.models import Sent
    from django_tasks_db.models import DBTaskResult
    ran = DBTaskResult.objects.filter(task_path__endswith="plan_tick").exclude(status="READY")
    print(",".join(Sent.objects.values_list("state", flat=True)), ran.count())
"""


def _run(tmp_path: Path, mode: str, minute: int = 0) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["AFTERWARDS_DATA_DIR"] = str(tmp_path)
    env.pop("AFTERWARDS_SMTP_HOST", None)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, str(tmp_path / "sent.txt"), str(minute)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_worker_killed_after_the_send_was_accepted_never_sends_it_again(tmp_path):
    assert _run(tmp_path, "setup").returncode == 0
    killed = _run(tmp_path, "kill-after-send")
    assert killed.returncode == -signal.SIGKILL
    assert killed.stdout == ""  # it died before it could say anything
    for ticks, minute in enumerate((5, 10), start=2):  # later workers plan again
        again = _run(tmp_path, "normal", minute)
        assert again.returncode == 0, again.stderr
        assert again.stdout.split() == ["claimed", str(ticks)]
    assert (tmp_path / "sent.txt").read_text().splitlines() == [
        "robin@example.org Afterwards: a moment for today's check-in"
    ]


def test_a_worker_that_is_not_killed_sends_and_marks_it_done(tmp_path):
    assert _run(tmp_path, "setup").returncode == 0
    done = _run(tmp_path, "normal")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["done", "1"]
    assert len((tmp_path / "sent.txt").read_text().splitlines()) == 1


def test_vapid_keys_are_made_once_private_to_the_host(tmp_path):
    public = keys_make(tmp_path)
    private = tmp_path / "vapid_private.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert (tmp_path / "vapid_public.txt").read_text().strip() == public
    assert len(public) == 87  # an uncompressed P-256 point, base64url without padding
    with pytest.raises(FileExistsError):
        keys_make(tmp_path)
    assert keys_make(tmp_path, force=True) != public


def _table_after(text: str, heading_line: str) -> str:
    """The Markdown table that follows a line of docs/operations.md."""
    rest = text.split(heading_line, 1)[1].lstrip("\n")
    lines = []
    for line in rest.splitlines():
        if not line.startswith("|"):
            break
        lines.append(line)
    assert lines, f"no table after {heading_line!r}"
    return "\n".join(lines)


def test_operations_lists_the_reminder_commands_and_key_files_and_who_makes_them():
    from afterwards.notify.commands import COMMANDS

    operations = (ROOT / "docs" / "operations.md").read_text()
    commands = _table_after(operations, "The `afterwards` command (in `.venv/bin/`):")
    for command in COMMANDS:
        assert f"| `afterwards {command}" in commands
    assert "| `afterwards serve --with-worker" in commands
    files = _table_after(
        operations, "folder (`./data` unless `AFTERWARDS_DATA_DIR` says otherwise):"
    )
    for name in ("vapid_private.pem", "vapid_public.txt"):
        assert f"| `{name}`" in files
    web_push = operations.split("**Web Push**", 1)[1].split("\n\n", 1)[0]
    assert "from the first start" in web_push and "`afterwards serve`" in web_push
    several = operations.split("## Several `serve` processes", 1)[1].split("\n## ", 1)[0]
    assert "`AFTERWARDS_VAPID_PRIVATE_KEY_FILE`" in several


def test_operations_gives_systemd_units_that_restart_the_server_and_the_worker():
    operations = (ROOT / "docs" / "operations.md").read_text()
    reminders = operations.split("## Reminders and the worker", 1)[1].split("\n## ", 1)[0]
    units = reminders.split("```ini", 1)[1].split("```", 1)[0]
    services = units.split("# /etc/systemd/system/")[1:]
    assert [service.split("\n", 1)[0] for service in services] == [
        "afterwards.service",
        "afterwards-worker.service",
    ]
    for service in services:
        assert "\nRestart=on-failure\n" in service
    assert "ExecStart=/opt/afterwards/.venv/bin/afterwards worker\n" in services[1]
    monitoring = operations.split("## Monitoring", 1)[1].split("\n## ", 1)[0]
    assert "`GET /healthz/worker`" in monitoring
