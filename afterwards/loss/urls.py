from __future__ import annotations

from django.urls import path

from afterwards.loss import views

app_name = "loss"

urlpatterns = [
    path("about-your-loss/", views.about, name="about"),
]
