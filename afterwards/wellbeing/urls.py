from __future__ import annotations

from django.urls import path

from afterwards.wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("wellbeing/", views.index, name="index"),
    path("wellbeing/schedule/", views.schedule, name="schedule"),
    path("wellbeing/results/<uuid:result_id>/", views.result, name="result"),
    path("wellbeing/results/<uuid:result_id>/score/", views.result_score, name="result_score"),
    path("wellbeing/<slug:instrument_id>/", views.take, name="take"),
]
