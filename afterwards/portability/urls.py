from __future__ import annotations

from django.urls import path

from afterwards.portability import views

app_name = "portability"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("import/", views.bring_in, name="import"),
    path("drip/", views.drip_in, name="drip"),
]
