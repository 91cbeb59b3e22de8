from __future__ import annotations

from django.urls import path

from afterwards.support import views

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("help/country/", views.country_choose, name="help_country"),
]
