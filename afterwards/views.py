from __future__ import annotations

import json

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from afterwards import installable
from afterwards.accounts.device import LOOK_COOKIE, LOOK_NOTES, look_neutral, theme_chosen
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


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, in this device's look and theme (installable.py says why it
    is a view). Names no one: it is one of two names and one of two colours."""
    data = installable.manifest(neutral=look_neutral(request), theme=theme_chosen(request))
    return HttpResponse(json.dumps(data, indent=1), content_type="application/manifest+json")


@require_GET
@gzip_page
def service_worker(request: HttpRequest) -> HttpResponse:
    """The site's service worker, at the root so that its scope is the whole site. The
    same for everyone, naming no one; never cached (PrivatePagesMiddleware), so a
    browser sees a new version at once; under the site's CSP. A browser asks for it
    again with every page it opens (to look for a new version), so it is compressed:
    it holds no secret and repeats nothing a request sent, which pages cannot say."""
    return HttpResponse(
        installable.worker_script(), content_type="text/javascript; charset=utf-8"
    )
