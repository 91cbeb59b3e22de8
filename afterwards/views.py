from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_GET

from afterwards.accounts.device import LOOK_COOKIE, LOOK_NOTES, theme_chosen
from afterwards.accounts.profile import NEUTRAL_TITLE
from afterwards.notify.tasks import WORKER_QUIET, worker_seen


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For a host's monitoring: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def healthz_worker(request: HttpRequest) -> HttpResponse:
    """For a host's monitoring of reminders: some worker finished a task in the last
    three minutes (it plans every minute). Apart from /healthz, so a load balancer does
    not take the site away when only reminders are held up. Names no one."""
    if not worker_seen(timezone.now()):
        minutes = int(WORKER_QUIET.total_seconds() // 60)
        return HttpResponse(
            f"no reminders worker has finished a task in the last {minutes} minutes",
            status=503,
            content_type="text/plain",
        )
    return HttpResponse("ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """A calm 500 page that needs neither the database nor the session: the look and
    the theme come from the host's setting and this device's cookies alone."""
    neutral = settings.NEUTRAL_LOOK or request.COOKIES.get(LOOK_COOKIE) == LOOK_NOTES
    page = loader.get_template("500.html").render(
        {
            "site_name": settings.SITE_NAME,
            "quick_exit_url": settings.QUICK_EXIT_URL,
            "neutral": neutral,
            "neutral_title": NEUTRAL_TITLE,
            "theme": theme_chosen(request),
        }
    )
    return HttpResponse(page, status=500)
