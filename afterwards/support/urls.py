from __future__ import annotations

from django.urls import path

from afterwards.support import views

urlpatterns = [
    path("help/", views.help_page, name="help"),
]
