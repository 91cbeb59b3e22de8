from __future__ import annotations

from django.urls import path

from afterwards.report import views

app_name = "report"

urlpatterns = [
    path("report/", views.index, name="index"),
    path("report/make/", views.make, name="make"),
    path("report/couple/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("report/links/<uuid:link_id>/revoke/", views.link_revoke, name="link_revoke"),
    # The therapist's link: public, opened only with the code (links.py).
    path("r/<str:link_id>/<str:secret>/", views.link_open, name="open"),
]
