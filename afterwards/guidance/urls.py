from __future__ import annotations

from django.urls import path

from afterwards.guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.card_list, name="cards"),
    path("<slug:card_id>/", views.card_detail, name="card"),
]
