"""The pure parts of `make bench-load` (bench/load/), so that the bench cannot rot without
a test failing: the forms it posts are read from the real pages and are accepted with
CSRF enforced, the mix's weights are what its docstring says, and its figures and tables
are computed from the records as they should be. Nothing here needs Locust or a server,
and no timing is asserted."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.utils import timezone

from afterwards.journal import services as journal_services
from afterwards.wellbeing import services as wellbeing_services
from bench import seed
from bench.load import mix, report, run
from bench.load.report import Phases, Record
from bench.load.seeding import in_couple, partner_index
from tests.conftest import PASSPHRASE, create_account


def _csrf_client(username: str) -> Client:
    """A browser that must send the page's CSRF token, logged in through the login form
    as the bench's people are (the form read by mix.forms_read)."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    form = next(f for f in mix.forms_read(page.content.decode()) if "username" in f.fields)
    body = [(n, v) for n, c in form.fields.items() if c.kind == "hidden" for v in c.values]
    body += [("username", username), ("passphrase", PASSPHRASE)]
    reply = client.post("/login/", mix.body_encode(body),
                        content_type="application/x-www-form-urlencoded")
    assert reply.status_code == 302
    return client


@pytest.mark.django_db
def test_the_checkin_is_posted_whole_from_the_real_page_and_saved_as_posted():
    user, keys, _ = create_account("load-robin")
    client = _csrf_client("load-robin")
    today = timezone.localdate()
    path = f"/journal/day/{today.isoformat()}/"
    page = client.get(path)
    form = mix.form_find(page.content.decode(), "checkin")
    assert {"csrfmiddlewaretoken", "day_version", "mood", "grief", "anxiety", "energy",
            "sleep", "bleeding", "pain", "symptoms", "intimacy", "note"} <= set(form.fields)
    rng = random.Random(4)
    pairs = mix.checkin_body(form, rng, in_couple=False)
    posted: dict[str, list[str]] = {}
    for name, value in pairs:
        posted.setdefault(name, []).append(value)
    for scale in ("mood", "grief", "anxiety", "energy", "sleep", "bleeding", "pain"):
        assert len(posted[scale]) == 1  # every scale answered, once
    reply = client.post(path, mix.body_encode(pairs),
                        content_type="application/x-www-form-urlencoded")
    assert reply.status_code == 302 and reply["Location"] == path
    saved = journal_services.checkin_for_day(owner=user, keys=keys, day=today)
    assert saved is not None
    assert saved.mood == int(posted["mood"][0]) and saved.pain == int(posted["pain"][0])
    assert saved.bleeding == posted["bleeding"][0]
    assert saved.note == posted["note"][0]
    assert sorted(saved.symptoms) == sorted(posted.get("symptoms", []))


@pytest.mark.django_db
def test_a_post_without_the_pages_token_is_refused():
    """The bench's POSTs pass only because they carry the page's token (the check is on)."""
    create_account("load-sam")
    client = _csrf_client("load-sam")
    path = f"/journal/day/{timezone.localdate().isoformat()}/"
    form = mix.form_find(client.get(path).content.decode(), "checkin")
    pairs = [(n, v) for n, v in mix.checkin_body(form, random.Random(1), in_couple=False)
             if n != "csrfmiddlewaretoken"]
    reply = client.post(path, mix.body_encode(pairs),
                        content_type="application/x-www-form-urlencoded")
    assert reply.status_code == 403


@pytest.mark.django_db
def test_the_questionnaire_is_answered_from_its_page_safety_item_not_at_all():
    user, keys, _ = create_account("load-kit")
    client = _csrf_client("load-kit")
    page = client.get(mix.QUESTIONNAIRE_PATH)
    form = mix.form_find(page.content.decode(), "questionnaire")
    pairs = mix.questionnaire_body(form, random.Random(2))
    answers = dict(pairs)
    assert answers["item_9"] == "0"
    assert {f"item_{n}" for n in range(1, 10)} <= set(answers)
    reply = client.post(mix.QUESTIONNAIRE_PATH, mix.body_encode(pairs),
                        content_type="application/x-www-form-urlencoded")
    assert reply.status_code == 302
    assert client.get(reply["Location"]).status_code == 200
    [result] = wellbeing_services.results_for(owner=user, keys=keys)
    assert result.instrument_id == "phq9" and result.answers[9] == 0
    assert result.answers == {int(n.removeprefix("item_")): int(v)
                              for n, v in answers.items() if n.startswith("item_")}


def test_a_visit_follows_the_mix_and_its_weights_hold_over_many_visits():
    rng = random.Random(9)
    today, first = date(2026, 12, 7), date(2024, 12, 7)
    counts: dict[str, int] = {}
    visits = 14_000
    for _ in range(visits):
        steps = mix.visit_steps(rng, today=today, first_day=first, in_couple=True)
        names = [s.name for s in steps]
        # Today, its save and the page the save leads back to, in that order, every visit
        at = names.index(mix.TODAY)
        assert names[at:at + 3] == [mix.TODAY, mix.SAVE, mix.SAVED]
        if mix.LOGIN in names:
            assert names[:2] == [mix.LOGIN_PAGE, mix.LOGIN]
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    for name, share in mix.expected_shares(in_couple=True).items():
        assert counts[name] / visits == pytest.approx(share, rel=0.12), name
    assert counts[mix.LOGIN] / visits == pytest.approx(1 / mix.LOGIN_EVERY, rel=0.12)


def test_people_alone_never_ask_for_the_couples_days():
    rng = random.Random(3)
    for _ in range(500):
        steps = mix.visit_steps(rng, today=date(2026, 12, 7), first_day=date(2025, 1, 1),
                                in_couple=False)
        assert mix.COUPLE_DAYS not in [s.name for s in steps]
    assert mix.COUPLE_DAYS not in mix.expected_shares(in_couple=False)


def test_an_earlier_month_is_within_the_seeded_days():
    rng = random.Random(5)
    today, first = date(2026, 12, 7), date(2026, 6, 1)
    for _ in range(300):
        path = mix.month_path(rng, today=today, first_day=first)
        if "month=" in path:
            month = dict(parse_qsl(path.split("?", 1)[1]))["month"]
            assert f"{first:%Y-%m}" <= month < f"{today:%Y-%m}"


def test_the_people_the_locustfile_logs_in_are_the_seeded_people():
    assert mix.PASSPHRASE == seed.PASSPHRASE
    assert [mix.person_name(i) for i in (0, 9, 159)] == [seed.username(i) for i in (0, 9, 159)]


def test_couples_are_pairs():
    people = [i for i in range(200) if in_couple(i)]
    assert people and all(partner_index(partner_index(i)) == i for i in people)  # type: ignore[arg-type]
    assert all(in_couple(partner_index(i)) for i in people)  # type: ignore[arg-type]
    assert partner_index(2) is None


# --- Figures and tables ----------------------------------------------------------------------


def _records() -> list[Record]:
    """Two phases of 10 s from t0 = 100: floor (100–110), then mix (110–120)."""
    records = [Record(95.0, mix.TODAY, 999.0, 200)]  # warm-up: not counted
    records += [Record(100 + n / 10, mix.FLOOR, 2.0 + n % 5, 200) for n in range(100)]
    records += [Record(110 + n / 4, mix.TODAY, 10.0 + n, 200) for n in range(20)]
    records += [Record(110.1 + n / 4, mix.SAVE, 20.0, 302) for n in range(20)]
    records.append(Record(119.0, mix.PATTERNS, 500.0, 500, "CatchResponseError: gave 500"))
    records.append(Record(121.0, mix.TODAY, 1.0, 200))  # after the measured span
    return records


def test_run_figures_count_each_phase_over_its_own_time():
    figures = report.run_figures(_records(), Phases(100.0, 10.0, 2))
    assert figures.floor.n == 100 and figures.floor_rps == pytest.approx(10.0)
    assert figures.mix.n == 41 and figures.mix_rps == pytest.approx(4.1)
    assert figures.saves_per_s == pytest.approx(2.0)
    assert figures.errors == 1 and figures.endpoints[mix.PATTERNS].errors == 1
    assert figures.endpoints[mix.TODAY].n == 20
    assert figures.endpoints[mix.TODAY].p50 == 19.0  # nearest rank of 10..29
    assert figures.visits == 20


def test_percentiles_are_values_that_were_measured():
    values = [float(n) for n in range(1, 101)]
    assert report.percentile(values, 0.99) == 99.0
    assert report.percentile(values, 0.5) == 50.0
    assert math.isnan(report.percentile([], 0.5))


def test_cpu_goes_to_the_phase_it_was_spent_in():
    phases = Phases(0.0, 10.0, 2)
    samples = [(0.0, 0.0), (5.0, 1.0), (10.0, 1.5), (15.0, 4.5), (20.0, 5.0)]
    used = report.cpu_by_phase(samples, phases)
    assert used["floor"] == pytest.approx(1.5) and used["mix"] == pytest.approx(3.5)


def test_the_endpoint_table_puts_every_endpoint_beside_the_floor():
    figures = report.run_figures(_records(), Phases(100.0, 10.0, 2))
    rows = report.endpoint_rows(figures)
    assert rows[1][0] == mix.FLOOR and rows[1][-1] == "1 (floor)"
    today = next(r for r in rows if r[0] == mix.TODAY)
    assert today[-1] == f"{19.0 / figures.floor.p50:.1f}×"
    assert rows[-1][0] == "the whole mix"
    assert report.markdown(rows).count("\n") == len(rows)


def test_the_docs_change_only_between_their_markers():
    text = f"# Title\n\nbefore\n\n{report.BEGIN}\nold\n{report.END}\n\nafter\n"
    new = report.section_replace(text, report.BEGIN, report.END, "new table")
    assert new == f"# Title\n\nbefore\n\n{report.BEGIN}\nnew table\n{report.END}\n\nafter\n"
    appended = report.section_replace("# Title\n", report.BEGIN, report.END, "x")
    assert appended.endswith(f"{report.BEGIN}\nx\n{report.END}\n")


def test_profile_shares_count_each_function_once_per_stack_below_the_view():
    view = run.VIEWS[mix.PATTERNS]
    collapsed = "\n".join([
        "main (gunicorn/arbiter.py:1);index (afterwards/insights/views.py:10);"
        "fit (afterwards/insights/stats.py:5);fit (afterwards/insights/stats.py:9) 30",
        "main (gunicorn/arbiter.py:1);index (afterwards/insights/views.py:10);"
        "open (afterwards/vault/crypto.py:7) 10",
        "main (gunicorn/arbiter.py:1);floor (bench/floor_urls.py:3) 60",
    ])
    shares = dict(run.profile_shares(collapsed, view))
    assert shares["index (afterwards/insights/views.py)"] == 1.0
    assert shares["fit (afterwards/insights/stats.py)"] == pytest.approx(0.75)
    assert shares["open (afterwards/vault/crypto.py)"] == pytest.approx(0.25)
    assert not any("floor" in name for name in shares)


def test_capacity_follows_from_the_measured_rate_per_person():
    figures = report.run_figures(_records(), Phases(100.0, 10.0, 2))
    measured = run.Measured(
        setting=run.Setting("sqlite", 1, "saturation"), users=16, figures=figures,
        cpu_floor_ms=1.0, cpu_mix_ms=5.0, client_cpu_s=1.0, db_bytes=0, rss_peak=0,
        load_before=0.0, load_after=0.0, seconds=20.0)
    per_visit, per_person = run.per_person_rate([measured])
    assert per_visit == pytest.approx(41 / 20)
    assert per_person == pytest.approx(41 / 20 * run.PEAK_HOUR_SHARE / 3600)
    rows = run.capacity_rows([measured], nproc=2)
    people = run.HEADROOM * figures.mix_rps / per_person
    assert rows[1][3] == f"{people:,.0f}" and rows[1][4] == f"{people / 2:,.0f}"


def test_aims_are_judged_on_the_runs_figures():
    figures = report.run_figures(_records(), Phases(100.0, 10.0, 2))
    measured = run.Measured(
        setting=run.Setting("sqlite", 1, "saturation"), users=16, figures=figures,
        cpu_floor_ms=1.0, cpu_mix_ms=5.0, client_cpu_s=1.0, db_bytes=0, rss_peak=0,
        load_before=0.0, load_after=0.0, seconds=20.0)
    judged = {what: ok for what, _, ok in run.aims([measured])}
    assert judged["0 errors in every run"] is False  # the one 500 above
    ratio = next(ok for what, _, ok in run.aims([measured]) if "⅓" in what)
    assert ratio is (figures.mix_rps / figures.floor_rps >= 1 / 3)


def test_the_quick_run_is_small_and_writes_no_docs():
    args = run.parse_args(["--quick"])
    assert args.no_docs and args.engines == "sqlite" and args.workers == "1"
    assert args.storm == 10 and args.people < 160 and args.days < 730
    full = run.parse_args([])
    assert full.engines == "sqlite,postgresql" and full.workers == "1,2" and full.storm == 50
    assert timedelta(seconds=full.seconds) <= timedelta(minutes=1)


# --- Connections on PostgreSQL ------------------------------------------------------------


def _databases(module: str, **env: str) -> dict[str, object]:
    """DATABASES["default"] as `module` makes it, in a fresh interpreter."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("AFTERWARDS_", "DATABASE_URL", "DJANGO_"))}
    clean.update(env, PYTHONPATH=str(root))
    code = (f"import json, importlib; s = importlib.import_module({module!r}); "
            "d = s.DATABASES['default']; "
            "print(json.dumps({k: d.get(k) for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))")
    done = subprocess.run([sys.executable, "-c", code], env=clean, cwd=root,
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_postgresql_keeps_connections_and_checks_them_before_reuse(tmp_path):
    """What `make bench-load` measured as the faster (docs/performance.md)."""
    url = "postgres://someone:secret@127.0.0.1:5432/afterwards"
    got = _databases("afterwards.settings", DATABASE_URL=url, AFTERWARDS_DATA_DIR=str(tmp_path))
    assert got == {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    per_request = _databases("bench.load.settings", DATABASE_URL=url,
                             AFTERWARDS_DATA_DIR=str(tmp_path),
                             AFTERWARDS_LOAD_CONN="per-request")
    assert per_request == {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
