"""The demo: its own data folder, made-up people and days made once, a banner on every page."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import escape

from afterwards.accounts.models import User
from afterwards.accounts.profile import profile_get
from afterwards.cli import DemoRefused, demo_data_dir
from afterwards.couple import membership
from afterwards.couple.models import Member
from afterwards.demo.services import demo_seed
from afterwards.demo.story import DAYS, LOSS_DAYS_AGO, NOTES, PEOPLE, story
from afterwards.journal.services import checkin_for_day
from afterwards.loss.about import about_loss_get
from afterwards.vault import keyring
from afterwards.vault.models import Entry

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 3, 28)
BANNER = "Demo: made-up people and data."
ALEX, SAM = PEOPLE


@pytest.fixture
def on_the_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def _log_in(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        "/login/", {"username": person.username, "passphrase": person.passphrase}
    )
    assert response.status_code == 302, response.content
    return client


# --- The command: its own folder, never the real one ---------------------------------


def _demo_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("AFTERWARDS_")}
    # Light key derivation, as in every test; the host's cost changes nothing else.
    base.update(AFTERWARDS_KDF_OPSLIMIT="1", AFTERWARDS_KDF_MEMLIMIT_MIB="8")
    base.update(env)
    return subprocess.run(  # noqa: S603 (our own command, with our own arguments)
        [sys.executable, "-m", "afterwards.cli", "demo", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _entries(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute("SELECT count(*) FROM vault_entry").fetchone()
    return int(count)


def test_demo_command_makes_its_data_once_in_its_own_folder(tmp_path):
    real, demo = tmp_path / "data", tmp_path / "demo"
    # Even a DATABASE_URL (here one that leads nowhere) never takes the demo elsewhere.
    env = {
        "AFTERWARDS_DATA_DIR": str(real),
        "AFTERWARDS_DEMO_DIR": str(demo),
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/real",
        # Nor does it sign its sessions with the host's real secret key.
        "AFTERWARDS_SECRET_KEY": "the host's real secret",
    }

    first = _demo_command(env, "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "made alex, sam" in first.stdout
    assert "demo passphrase for alex" in first.stdout
    entries = _entries(demo / "afterwards.sqlite3")
    assert entries > 250  # two people, six months, their loss and their country
    assert not (real / "afterwards.sqlite3").exists()
    assert (demo / "secret_key").read_text().strip() != "the host's real secret"

    again = _demo_command(env, "--no-serve")
    assert again.returncode == 0, again.stderr
    assert "already there" in again.stdout
    assert _entries(demo / "afterwards.sqlite3") == entries


@pytest.mark.parametrize("demo_dir", ["{real}", "{real}/", "{real}/../data"])
def test_demo_command_refuses_the_real_data_folder(tmp_path, demo_dir):
    real = tmp_path / "data"
    real.mkdir()
    result = _demo_command(
        {"AFTERWARDS_DATA_DIR": str(real), "AFTERWARDS_DEMO_DIR": demo_dir.format(real=real)},
        "--no-serve",
    )
    assert result.returncode == 1
    assert "would use the real data folder" in result.stderr
    assert list(real.iterdir()) == []


def test_demo_folder_defaults_to_demo_data_and_refuses_a_link_to_the_real_one(tmp_path):
    assert demo_data_dir({}) == (Path.cwd() / "demo-data").resolve()
    with pytest.raises(DemoRefused):
        demo_data_dir({"AFTERWARDS_DATA_DIR": "demo-data"})
    real = tmp_path / "data"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(DemoRefused):
        demo_data_dir(
            {"AFTERWARDS_DATA_DIR": str(real), "AFTERWARDS_DEMO_DIR": str(tmp_path / "link")}
        )
    assert demo_data_dir(
        {"AFTERWARDS_DATA_DIR": str(real), "AFTERWARDS_DEMO_DIR": str(tmp_path / "demo")}
    ) == (tmp_path / "demo")


# --- The seed, through the real services ---------------------------------------------


@pytest.mark.django_db
def test_a_demo_person_logs_in_and_sees_a_full_month(on_the_day):
    assert demo_seed(today=TODAY) == ["alex", "sam"]

    client = _log_in(ALEX)
    response = client.get("/journal/", {"month": "2026-01"})

    assert response.status_code == 200
    page = response.content.decode()
    january = [c for c in story(TODAY)["alex"] if (c.day.year, c.day.month) == (2026, 1)]
    assert len(january) >= 20
    for checkin in january:
        assert escape(checkin.note) in page, checkin.day
    assert BANNER not in page  # the demo's own setting is off here


@pytest.mark.django_db
def test_demo_seed_is_idempotent(on_the_day):
    demo_seed(today=TODAY)
    entries = Entry.objects.count()

    assert demo_seed(today=TODAY) == []
    assert Entry.objects.count() == entries
    assert User.objects.filter(username__in=["alex", "sam"]).count() == 2


@pytest.mark.django_db
def test_demo_seed_finishes_a_person_it_did_not_make(on_the_day):
    """Each person is made whole or not at all, so a second run makes the one missing."""
    demo_seed(today=TODAY)
    User.objects.get(username="sam").delete()

    assert demo_seed(today=TODAY) == ["sam"]
    # The two share a space again, and what Alex marked is shared anew.
    alex, sam = (User.objects.get(username=p.username) for p in PEOPLE)
    assert membership.partner_of(alex) == sam
    assert Entry.objects.filter(owner=alex, kind="shared_checkin").count() == sum(
        1 for c in story(TODAY)["alex"] if c.share
    )


@pytest.mark.django_db
def test_demo_people_have_their_loss_country_and_days_in_the_vault(on_the_day):
    demo_seed(today=TODAY)
    for person in PEOPLE:
        user = User.objects.get(username=person.username)
        keys = keyring.unlock_with_passphrase(user.keyring.stored(), person.passphrase)
        assert profile_get(owner=user, keys=keys).country == "GB"
        about = about_loss_get(owner=user, keys=keys)
        assert about.kind == "miscarriage"
        assert about.loss_date == TODAY - timedelta(days=LOSS_DAYS_AGO)
        assert about.due_date is not None and about.loss_date < about.due_date < TODAY
        assert Entry.objects.owned_by(user).of_kind("checkin").count() > 100
    alex = User.objects.get(username="alex")
    keys = keyring.unlock_with_passphrase(alex.keyring.stored(), ALEX.passphrase)
    today_ = checkin_for_day(owner=alex, keys=keys, day=TODAY)
    assert today_ is not None and today_.mood is not None


@pytest.mark.django_db
def test_demo_people_share_a_space_and_see_each_others_shared_days(on_the_day):
    demo_seed(today=TODAY)
    alex, sam = (User.objects.get(username=p.username) for p in PEOPLE)
    assert membership.partner_of(alex) == sam
    assert all(Member.objects.get(user=user).settled for user in (alex, sam))

    response = _log_in(SAM).get("/together/days/")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') == 3  # mood, grief, and grief over the weeks
    window = [c for c in story(TODAY)["alex"] if (TODAY - c.day).days < 14 and c.note]
    shared = [c.note for c in window if "note" in c.share]
    kept = [c.note for c in window if "note" not in c.share]
    assert shared and kept
    for note in shared:
        assert escape(note) in page
    for note in kept:
        assert escape(note) not in page
    assert "<h4>Your partner</h4>" in page and "<h4>You</h4>" in page


# --- The story ------------------------------------------------------------------------


def test_story_is_the_same_every_time_and_ends_today():
    first, second = story(TODAY), story(TODAY)
    assert first == second
    for checkins in first.values():
        assert checkins[-1].day <= TODAY
        assert checkins[0].day <= TODAY - timedelta(days=DAYS - 7)
    assert first["alex"][-1].day == TODAY


def test_story_bleeding_tapers_then_a_cycle_returns():
    alex = {c.day: c for c in story(TODAY)["alex"]}
    loss = TODAY - timedelta(days=LOSS_DAYS_AGO)
    since = {(day - loss).days: c.bleeding for day, c in alex.items()}
    assert all(since[d] in ("medium", "heavy") for d in (1, 2) if d in since)
    assert all(since[d] == "none" for d in range(17, 35) if d in since)
    bled = {d for d, flow in since.items() if flow != "none"}
    # A period starts on a day of bleeding after a week without any.
    starts = [d for d in sorted(bled) if d > 17 and not bled & set(range(d - 7, d))]
    assert 35 <= starts[0] <= 43
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(gaps) >= 3 and all(26 <= gap <= 33 for gap in gaps)


def test_story_closeness_comes_before_sex_and_feelings_ease():
    days = story(TODAY)
    loss = TODAY - timedelta(days=LOSS_DAYS_AGO)
    for checkins in days.values():
        intimate = [c for c in checkins if c.intimate]
        assert (intimate[0].day - loss).days >= 21
        assert intimate[0].intimacy == "closeness"
        sex = [c for c in intimate if c.intimacy == "sex"]
        assert sex and sex[0].day > intimate[0].day
        early = [c.afterwards for c in sex[:4] if c.afterwards]
        later = [c.afterwards for c in sex[-4:] if c.afterwards]
        assert sum(early) / len(early) < sum(later) / len(later)
    alex, sam = days["alex"], days["sam"]
    assert {c.day for c in alex if c.intimate} == {c.day for c in sam if c.intimate}


def test_story_grief_eases_unevenly_with_harder_days_near_the_due_date():
    alex = story(TODAY)["alex"]

    def mean_grief(first: int, last: int) -> float:
        loss = TODAY - timedelta(days=LOSS_DAYS_AGO)
        values = [c.grief for c in alex if first <= (c.day - loss).days <= last and c.grief]
        return sum(values) / len(values)

    due = LOSS_DAYS_AGO - 12
    assert mean_grief(1, 30) > mean_grief(120, 160) + 1
    assert mean_grief(due - 4, due + 4) > mean_grief(due - 40, due - 10)


def test_story_notes_are_many_and_never_the_same_two_days_running():
    for who, checkins in story(TODAY).items():
        notes = [c.note for c in checkins if c.note]
        assert len(set(notes)) >= 25
        assert all(a != b for a, b in zip(notes, notes[1:], strict=False)), who
    assert sum(len(pool) for pool in NOTES.values()) >= 36


# --- The banner -----------------------------------------------------------------------

PAGES_LOGGED_OUT = ["/", "/login/", "/signup/", "/recover/", "/help/", "/no-such-page/"]
PAGES_LOGGED_IN = ["/journal/", f"/journal/day/{TODAY.isoformat()}/", "/account/"]


@pytest.mark.django_db
def test_demo_banner_shows_on_every_page_in_demo_mode(settings, on_the_day):
    settings.DEMO = True
    demo_seed(today=TODAY)
    client = Client()
    for url in PAGES_LOGGED_OUT:
        page = client.get(url).content.decode()
        assert BANNER in page, url
    login = client.get("/login/").content.decode()
    assert "demo passphrase for alex" in login and "demo passphrase for sam" in login

    client = _log_in(ALEX)
    for url in PAGES_LOGGED_IN:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert BANNER in page, url
        assert "demo passphrase" not in page, url


@pytest.mark.django_db
def test_no_demo_banner_outside_demo_mode(owner):
    for url in PAGES_LOGGED_OUT:
        assert "made-up people" not in Client().get(url).content.decode(), url
    for url in PAGES_LOGGED_IN:
        assert "made-up people" not in owner.client.get(url).content.decode(), url


@pytest.mark.django_db
def test_demo_people_took_questionnaires_that_ease_and_never_endorse_self_harm(on_the_day):
    from afterwards.demo.story import QUESTIONNAIRES
    from afterwards.wellbeing import services as wellbeing

    demo_seed(today=date(2026, 3, 28))
    for person in PEOPLE:
        user = User.objects.get(username=person.username)
        keys = keyring.unlock_with_passphrase(user.keyring.stored(), person.passphrase)
        results = wellbeing.results_for(owner=user, keys=keys)
        assert len(results) == len(QUESTIONNAIRES[person.username])
        for instrument_id in ("phq9", "gad7"):
            mine = [r for r in results if r.instrument_id == instrument_id]  # newest first
            totals = [r.score.total for r in mine if r.score is not None]
            assert len(totals) >= 3 and totals == sorted(totals), totals  # easing
            assert not any(r.safety_positive for r in mine)
        assert wellbeing.schedule_get(owner=user, keys=keys) == {"phq9": 28, "gad7": 28}
