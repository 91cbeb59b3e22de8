from __future__ import annotations

from django.urls import path

from afterwards.journal import views

app_name = "journal"

urlpatterns = [
    path("journal/", views.history, name="history"),
    path("journal/day/", views.today, name="today"),
    path("journal/day/<str:day>/", views.day, name="day"),
]
