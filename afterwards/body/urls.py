from __future__ import annotations

from django.urls import path

from afterwards.body import views

app_name = "body"

urlpatterns = [
    path("", views.index, name="index"),
    path("period/", views.answer, name="answer"),
    path("leave-out/", views.leave_out, name="leave_out"),
    path("fertile-days/", views.fertile_window, name="fertile_window"),
]
