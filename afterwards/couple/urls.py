from __future__ import annotations

from django.urls import path

from afterwards.couple.views import days, nudges, questions, readiness, space, therapist

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
    path("nudge/answer/", nudges.nudge_answer, name="nudge_answer"),
    # A question for the two of you, and the list for a therapist (views/questions.py,
    # views/therapist.py)
    path("questions/", questions.index, name="questions"),
    path("questions/choices/", questions.choices, name="questions_choices"),
    path("questions/hidden/show/", questions.hidden_show, name="questions_hidden_show"),
    path("questions/<str:day>/", questions.day, name="question"),
    path("questions/<str:day>/skip/", questions.skip, name="question_skip"),
    path("questions/<str:day>/reply/", questions.reply, name="question_reply"),
    path("questions/<str:day>/hide/", questions.hide, name="question_hide"),
    path("questions/<str:day>/therapist/", questions.for_therapist, name="question_therapist"),
    path("therapist/", therapist.index, name="therapist"),
    path("therapist/<slug:item>/remove/", therapist.remove, name="therapist_remove"),
    # Shared days: side by side, the default sections, pausing (views/days.py)
    path("days/", days.days, name="days"),
    path("sharing/", days.sharing_defaults, name="sharing"),
    path("pause/", days.pause, name="pause"),
]
