from __future__ import annotations

from django.urls import path

from afterwards.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("this-browser/", views.push_subscribe, name="push_subscribe"),
    path("sw.js", views.service_worker, name="service_worker"),
]
