from __future__ import annotations

from django.urls import include, path

from afterwards import views

urlpatterns = [
    path("", include("afterwards.accounts.urls")),
    path("", include("afterwards.journal.urls")),
    path("", include("afterwards.support.urls")),
    path("", include("afterwards.loss.urls")),
    path("", include("afterwards.wellbeing.urls")),
    path("words/", include("afterwards.guidance.urls")),
    path("together/", include("afterwards.couple.urls")),
    path("body/", include("afterwards.body.urls")),
    path("patterns/", include("afterwards.insights.urls")),
    path("dates/", include("afterwards.dates.urls")),
    path("your-data/", include("afterwards.portability.urls")),
    path("", include("afterwards.report.urls")),
    path("reminders/", include("afterwards.notify.urls")),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/worker", views.healthz_worker, name="healthz_worker"),
]

handler500 = "afterwards.views.server_error"
