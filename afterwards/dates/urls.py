from __future__ import annotations

from django.urls import path

from afterwards.dates import views

app_name = "dates"

urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("quiet/", views.quiet, name="quiet"),
    path("<str:date_id>/", views.edit, name="edit"),
    path("<str:date_id>/remove/", views.remove, name="remove"),
]
