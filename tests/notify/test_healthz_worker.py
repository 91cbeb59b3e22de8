"""/healthz/worker tells a host's monitoring whether a reminders worker runs; /healthz
keeps answering for the web process alone."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client

from tests.notify.conftest import at, choose, tick


def _get(path: str, now) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with time_machine.travel(now, tick=False):
        response = Client().get(path)
    assert response["Content-Type"] == "text/plain"
    return response.status_code, response.content.decode()


def test_no_worker_ever_is_a_503_with_a_plain_reason_and_the_site_still_answers(db):
    now = at(2026, 3, 28, 20, 0)
    assert _get("/healthz/worker", now) == (
        503,
        "no reminders worker has finished a task in the last 3 minutes",
    )
    assert _get("/healthz", now) == (200, "ok")


def test_a_worker_that_planned_lately_is_ok_and_one_quiet_for_minutes_is_missing(
    owner, channels_on
):
    choose(owner, checkin_on=True, hour=20)
    ran = at(2026, 3, 28, 20, 0)
    tick(ran)  # the real worker: it plans, and sends the reminder
    assert _get("/healthz/worker", ran + timedelta(minutes=2)) == (200, "ok")
    status, reason = _get("/healthz/worker", ran + timedelta(minutes=4))
    assert status == 503
    assert "robin" not in reason
    assert _get("/healthz", ran + timedelta(minutes=4)) == (200, "ok")


def test_a_planning_tick_that_broke_does_not_count_as_a_worker_running(owner, monkeypatch):
    def broken(now):  # type: ignore[no-untyped-def]
        raise ValueError("a fault in planning")

    monkeypatch.setattr("afterwards.notify.worker.plan", broken)
    ran = at(2026, 3, 28, 20, 0)
    tick(ran)
    assert _get("/healthz/worker", ran + timedelta(minutes=1))[0] == 503
