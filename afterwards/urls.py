from __future__ import annotations

from django.urls import include, path

from afterwards import views

urlpatterns = [
    path("", include("afterwards.accounts.urls")),
    path("", include("afterwards.journal.urls")),
    path("help/", views.help_page, name="help"),
    path("healthz", views.healthz, name="healthz"),
]

handler500 = "afterwards.views.server_error"
