from __future__ import annotations

from django.urls import path

from afterwards.couple.views import days, nudges, readiness, space

app_name = "couple"

urlpatterns = [
    # The space itself: invite, join, leave (views/space.py)
    path("", space.home, name="home"),
    path("invite/", space.invite, name="invite"),
    path("invite/withdraw/", space.invite_withdraw, name="invite_withdraw"),
    path("join/", space.join_by_code, name="join"),
    path("join/<str:token>/", space.join_by_link, name="join_link"),
    path("leave/", space.leave, name="leave"),
    # Mutual readiness and gentle nudges (views/readiness.py, views/nudges.py)
    path("readiness/", readiness.readiness, name="readiness"),
    path("readiness/items/", readiness.own_item_add, name="readiness_item_add"),
    path(
        "readiness/items/<slug:item>/remove/",
        readiness.own_item_remove,
        name="readiness_item_remove",
    ),
    path(
        "readiness/partner-items/<slug:item>/hide/",
        readiness.partner_item_hide,
        name="readiness_item_hide",
    ),
    path(
        "readiness/partner-items/show/",
        readiness.partner_items_show,
        name="readiness_items_show",
    ),
    path("nudge/", nudges.nudge, name="nudge"),
    path("nudge/settings/", nudges.nudge_settings, name="nudge_settings"),
    # Shared days: side by side, the default sections, pausing (views/days.py)
    path("days/", days.days, name="days"),
    path("sharing/", days.sharing_defaults, name="sharing"),
    path("pause/", days.pause, name="pause"),
]
