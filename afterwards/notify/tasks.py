"""The worker's tasks (Django Tasks API, django-tasks-db backend).

`plan_tick` runs once a minute: it first queues the next tick, so a worker stopped
mid-run does not end the chain, then queues one `deliver_task` per sending due. It also
deletes what has expired: old idempotency keys, once-only alarms whose date has passed,
task rows finished over a day ago, and report links with their ciphertext.
django-tasks-db does not retry a failed task itself; a failed send is marked in the
Sent table and planned again after its backoff (afterwards/notify/worker.py).

A task row is kept in clear, with no link to a person, and django-tasks-db writes a
failed task's traceback into it. So a delivery task is given only its Sent row's id,
never a user id, key, address or day; it catches its own errors, so no traceback is
stored; and a person's rows go when their account does (`person_tasks_delete`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from afterwards.notify import sending, worker
from afterwards.notify.models import Sent

TICK = timedelta(minutes=1)
PLAN_TASK_PATH = "afterwards.notify.tasks.plan_tick"
DELIVER_TASK_PATH = "afterwards.notify.tasks.deliver_task"
# A finished task row is kept this long, for a host looking into a problem.
KEEP_TASKS = timedelta(days=1)
# A running worker finishes the planning tick every minute: three minutes without any
# finished task means no worker runs (or none reaches the database).
WORKER_QUIET = timedelta(minutes=3)

logger = logging.getLogger(__name__)


def planning_queued() -> bool:
    return DBTaskResult.objects.filter(status="READY", task_path=PLAN_TASK_PATH).exists()


def ensure_planning() -> None:
    """Queue a tick now unless one is already waiting (several workers share one chain)."""
    if not planning_queued():
        plan_tick.enqueue()


def worker_seen(now: datetime) -> bool:
    """Whether some worker finished a task lately (/healthz/worker). The rows are the
    heartbeat: any worker on any machine counts, as any one of them sends reminders."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__gte=now - WORKER_QUIET
    ).exists()


def tasks_forget_old(now: datetime) -> None:
    """Task rows finished over a day ago, and rows a killed worker left running."""
    DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - KEEP_TASKS,
    ).delete()
    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - KEEP_TASKS
    ).delete()


def person_tasks_delete(*, user_id: int) -> None:
    """Every task row that names one of the person's sendings (called as their account is
    deleted, before their Sent rows go)."""
    sent_ids = list(Sent.objects.filter(user_id=user_id).values_list("pk", flat=True))
    if sent_ids:
        DBTaskResult.objects.filter(
            task_path=DELIVER_TASK_PATH, args_kwargs__args__0__in=sent_ids
        ).delete()


@task()
def plan_tick() -> int:
    now = timezone.now()
    if not planning_queued():
        next_minute = now.replace(second=0, microsecond=0) + TICK
        plan_tick.using(run_after=next_minute).enqueue()
    due = worker.plan(now)
    for item in due:
        with transaction.atomic():  # a queued key always has its task
            sent_id = worker.queue(item, now)
            if sent_id is not None:
                deliver_task.enqueue(sent_id)
    worker.forget_old(now)
    tasks_forget_old(now)
    # Imported here: the report app is not the worker's, only its expired links are.
    from afterwards.report.links import report_links_purge

    report_links_purge(now=now)
    return len(due)


@task()
def deliver_task(sent_id: int) -> str:
    """Send one queued sending. Any error is caught and logged by its kind alone: a
    failed task's traceback would be kept in clear, and may hold an address."""
    try:
        return worker.deliver(sent_id)
    except Exception as error:
        logger.warning("reminder %s not sent (%s)", sent_id, sending.error_kind(error))
        return "held"
