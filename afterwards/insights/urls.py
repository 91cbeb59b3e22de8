from __future__ import annotations

from django.urls import path

from afterwards.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
]
