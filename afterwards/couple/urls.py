from __future__ import annotations

from django.urls import path

from afterwards.couple.views import space

app_name = "couple"

urlpatterns = [
    # The space itself: invite, join, leave (views/space.py)
    path("", space.home, name="home"),
    path("invite/", space.invite, name="invite"),
    path("invite/withdraw/", space.invite_withdraw, name="invite_withdraw"),
    path("join/", space.join_by_code, name="join"),
    path("join/<str:token>/", space.join_by_link, name="join_link"),
    path("leave/", space.leave, name="leave"),
]
