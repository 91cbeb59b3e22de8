"""The worker's tasks (Django Tasks API, django-tasks-db backend).

`plan_tick` runs once a minute: it first queues the next tick, so a worker stopped
mid-run does not end the chain, then queues one `deliver_task` per sending due. It also
deletes what has expired: old idempotency keys, and report links with their ciphertext.
django-tasks-db does not retry a failed task itself; a failed send is marked in the
Sent table and planned again after its backoff (afterwards/notify/worker.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from afterwards.notify import worker

TICK = timedelta(minutes=1)
PLAN_TASK_PATH = "afterwards.notify.tasks.plan_tick"


def planning_queued() -> bool:
    return DBTaskResult.objects.filter(status="READY", task_path=PLAN_TASK_PATH).exists()


def ensure_planning() -> None:
    """Queue a tick now unless one is already waiting (several workers share one chain)."""
    if not planning_queued():
        plan_tick.enqueue()


@task()
def plan_tick() -> int:
    now = timezone.now()
    if not planning_queued():
        next_minute = now.replace(second=0, microsecond=0) + TICK
        plan_tick.using(run_after=next_minute).enqueue()
    due = worker.plan(now)
    for item in due:
        deliver_task.enqueue(item.user_id, item.notice, item.key, item.channel)
    worker.forget_old(now)
    # Imported here: the report app is not the worker's, only its expired links are.
    from afterwards.report.links import report_links_purge

    report_links_purge(now=now)
    return len(due)


@task()
def deliver_task(user_id: int, notice: str, key: str, channel: str) -> str:
    return worker.deliver(worker.Due(user_id=user_id, notice=notice, key=key, channel=channel))
