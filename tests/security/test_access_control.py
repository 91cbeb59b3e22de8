"""Every address the app serves: one table, with the methods each answers.

Each row names a URL, a concrete address for it and the methods it answers. The test
here fails when an address exists that the table does not name (or the other way
round); tests/security/test_access_matrix.py then says, for every row, method and kind
of person, exactly which status they get.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = "public"
PERSON = "person"
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
NOBODYS = "00000000-0000-4000-8000-000000000000"  # an id that belongs to no one


@dataclass(frozen=True)
class Route:
    name: str  # the URL's name, namespace included
    path: str  # a concrete address for it
    methods: tuple[str, ...]  # the methods it answers
    access: str  # PUBLIC or PERSON


ROUTES = [
    Route("accounts:home", "/", ("GET",), PUBLIC),
    Route("accounts:signup", "/signup/", ("GET", "POST"), PUBLIC),
    Route("accounts:recovery_code", "/signup/recovery-code/", ("GET", "POST"), PUBLIC),
    # The code waiting on that page as a text file, to the session that holds it only
    Route("accounts:recovery_code_download", "/signup/recovery-code/download/", ("GET",), PUBLIC),
    Route("accounts:login", "/login/", ("GET", "POST"), PUBLIC),
    Route("accounts:logout", "/logout/", ("POST",), PUBLIC),
    Route("accounts:quick_exit", "/quick-exit/", ("GET",), PUBLIC),
    Route("accounts:recover", "/recover/", ("GET", "POST"), PUBLIC),
    Route("accounts:settings", "/account/", ("GET",), PERSON),
    Route("accounts:preferences", "/account/preferences/", ("GET", "POST"), PERSON),
    Route("accounts:passphrase", "/account/passphrase/", ("GET", "POST"), PERSON),
    Route("accounts:recovery_code_new", "/account/recovery-code/", ("GET", "POST"), PERSON),
    Route("accounts:logout_everywhere", "/account/logout-everywhere/", ("POST",), PERSON),
    Route("accounts:delete", "/account/delete/", ("GET", "POST"), PERSON),
    Route("journal:today", "/journal/day/", ("GET",), PERSON),
    Route("journal:day", "/journal/day/2026-03-14/", ("GET", "POST"), PERSON),
    Route("journal:history", "/journal/", ("GET",), PERSON),
    Route("loss:about", "/about-your-loss/", ("GET", "POST"), PERSON),
    Route("body:index", "/body/", ("GET",), PERSON),
    Route("insights:index", "/patterns/", ("GET",), PERSON),
    Route("body:answer", "/body/period/", ("POST",), PERSON),
    Route("body:leave_out", "/body/leave-out/", ("POST",), PERSON),
    Route("body:fertile_window", "/body/fertile-days/", ("POST",), PERSON),
    Route("wellbeing:index", "/wellbeing/", ("GET",), PERSON),
    Route("wellbeing:schedule", "/wellbeing/schedule/", ("POST",), PERSON),
    Route("wellbeing:take", "/wellbeing/phq9/", ("GET", "POST"), PERSON),
    Route("wellbeing:result", f"/wellbeing/results/{NOBODYS}/", ("GET",), PERSON),
    Route("wellbeing:result_score", f"/wellbeing/results/{NOBODYS}/score/", ("GET",), PERSON),
    Route("couple:home", "/together/", ("GET",), PERSON),
    Route("couple:invite", "/together/invite/", ("POST",), PERSON),
    Route("couple:invite_withdraw", "/together/invite/withdraw/", ("POST",), PERSON),
    Route("couple:join", "/together/join/", ("GET", "POST"), PERSON),
    # An invitation's link first explains itself to whoever holds it, logged out too;
    # accepting (POST) sends someone logged out to log in
    Route("couple:join_link", f"/together/join/{NOBODYS}/", ("GET", "POST"), PUBLIC),
    Route("couple:leave", "/together/leave/", ("GET", "POST"), PERSON),
    # Readiness and nudges (couple/views/readiness.py, couple/views/nudges.py)
    Route("couple:readiness", "/together/readiness/", ("GET", "POST"), PERSON),
    Route("couple:readiness_item_add", "/together/readiness/items/", ("POST",), PERSON),
    Route(
        "couple:readiness_item_remove",
        "/together/readiness/items/own-000000000000/remove/",
        ("POST",),
        PERSON,
    ),
    Route(
        "couple:readiness_item_hide",
        "/together/readiness/partner-items/own-000000000000/hide/",
        ("POST",),
        PERSON,
    ),
    Route(
        "couple:readiness_items_show", "/together/readiness/partner-items/show/", ("POST",), PERSON
    ),
    Route("couple:nudge", "/together/nudge/", ("GET", "POST"), PERSON),
    Route("couple:nudge_settings", "/together/nudge/settings/", ("POST",), PERSON),
    Route("couple:nudge_answer", "/together/nudge/answer/", ("POST",), PERSON),
    # A question for the two of you, and the list for a therapist (couple/views/questions.py,
    # couple/views/therapist.py); a question's address carries its day, here a closed one
    Route("couple:questions", "/together/questions/", ("GET",), PERSON),
    Route("couple:questions_choices", "/together/questions/choices/", ("POST",), PERSON),
    Route("couple:questions_hidden_show", "/together/questions/hidden/show/", ("POST",), PERSON),
    Route("couple:question", "/together/questions/2026-03-14/", ("GET", "POST"), PERSON),
    Route("couple:question_skip", "/together/questions/2026-03-14/skip/", ("POST",), PERSON),
    Route("couple:question_reply", "/together/questions/2026-03-14/reply/", ("POST",), PERSON),
    Route("couple:question_hide", "/together/questions/2026-03-14/hide/", ("POST",), PERSON),
    Route(
        "couple:question_therapist", "/together/questions/2026-03-14/therapist/", ("POST",), PERSON
    ),
    Route("couple:therapist", "/together/therapist/", ("GET", "POST"), PERSON),
    Route("couple:therapist_remove", "/together/therapist/000000000000/remove/", ("POST",), PERSON),
    # Shared days, default sections, pausing (couple/views/days.py)
    Route("couple:days", "/together/days/", ("GET",), PERSON),
    Route("couple:sharing", "/together/sharing/", ("GET", "POST"), PERSON),
    Route("couple:pause", "/together/pause/", ("POST",), PERSON),
    Route("guidance:cards", "/words/", ("GET",), PUBLIC),
    Route("guidance:card", "/words/partner-what-helps/", ("GET",), PUBLIC),
    # Hard dates (dates/views.py); the edit and remove rows open the owner's own date
    Route("dates:index", "/dates/", ("GET",), PERSON),
    Route("dates:add", "/dates/add/", ("GET", "POST"), PERSON),
    Route("dates:quiet", "/dates/quiet/", ("POST",), PERSON),
    Route("dates:edit", "/dates/own-000000000000/", ("GET", "POST"), PERSON),
    Route("dates:remove", "/dates/own-000000000000/remove/", ("POST",), PERSON),
    # The report for a therapist (report/views.py); /r/ is the therapist's link, public
    Route("report:index", "/report/", ("GET",), PERSON),
    Route("report:make", "/report/make/", ("POST",), PERSON),
    Route("report:consent_withdraw", "/report/couple/withdraw/", ("POST",), PERSON),
    Route("report:link_revoke", f"/report/links/{NOBODYS}/revoke/", ("POST",), PERSON),
    Route("report:open", "/r/AAAAAAAAAAAAAAAAAAAAAA/not-a-secret/", ("GET", "POST"), PUBLIC),
    # Your data: export, import, drip (portability/views.py), each person's own
    Route("portability:index", "/your-data/", ("GET",), PERSON),
    Route("portability:export", "/your-data/export/", ("POST",), PERSON),
    Route("portability:import", "/your-data/import/", ("POST",), PERSON),
    Route("portability:drip", "/your-data/drip/", ("POST",), PERSON),
    # Reminders (notify/views.py): each person's own choices and browsers
    Route("notify:settings", "/reminders/", ("GET", "POST"), PERSON),
    Route("notify:push_subscribe", "/reminders/this-browser/", ("POST",), PERSON),
    # The browser's service worker script: the same for everyone, naming no one
    Route("notify:service_worker", "/reminders/sw.js", ("GET",), PUBLIC),
    Route("help", "/help/", ("GET",), PUBLIC),
    # The country picker of an urgent box and of the help page: anyone may choose
    Route("help_country", "/help/country/", ("POST",), PUBLIC),
    Route("healthz", "/healthz", ("GET",), PUBLIC),
    # Installing the site (views.py, installable.py): the manifest in this device's
    # look and theme, and the site's service worker, the same for everyone
    Route("manifest", "/manifest.webmanifest", ("GET",), PUBLIC),
    Route("service_worker", "/sw.js", ("GET",), PUBLIC),
    # Light or dark, kept on the device: anyone may choose (accounts/device.py)
    Route("accounts:theme", "/light-or-dark/", ("GET", "POST"), PUBLIC),
    # Whether a reminders worker runs, for a host's monitoring: names no one
    Route("healthz_worker", "/healthz/worker", ("GET",), PUBLIC),
]


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern.url_patterns, namespace)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_address_the_app_serves_is_in_the_table():
    served = _names(get_resolver().url_patterns)
    named = {route.name for route in ROUTES}
    assert served - named == set(), "add these to ROUTES, with who may use them"
    assert named - served == set(), "these are in ROUTES but no longer served"
