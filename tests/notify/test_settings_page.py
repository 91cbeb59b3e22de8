"""The reminders page, through the client: all off at first, saved, refused kindly."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from afterwards.notify.models import Preferences, PushSubscription
from afterwards.notify.services import ZONE_REGIONS, zones_offered

URL = reverse("notify:settings")
PUSH_URL = reverse("notify:push_subscribe")


def form(**changes: str) -> dict[str, str]:
    data = {"hour": "20", "time_zone": "Europe/London", "quiet_from": "22", "quiet_to": "7"}
    data.update(changes)
    return data


def test_the_page_starts_with_everything_off_and_says_what_is_kept_in_clear(owner):
    response = owner.client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kept in clear, not in your vault" in page
    for name in ("checkin_on", "questionnaire_on", "quiet_on", "by_email", "by_push"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert tag is not None
        assert "checked" not in tag.group(0)
    assert '<option value="Europe/London" selected>' in page
    assert not Preferences.objects.exists()


def test_saving_turns_reminders_on_with_the_persons_choices(owner):
    response = owner.client.post(
        URL,
        form(
            checkin_on="on",
            hour="8",
            time_zone="America/New_York",
            quiet_on="on",
            by_email="on",
            email="robin@example.org",
        ),
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=owner.user)
    assert (prefs.checkin_on, prefs.hour, prefs.time_zone) == (True, 8, "America/New_York")
    assert (prefs.quiet_on, prefs.quiet_from, prefs.quiet_to) == (True, 22, 7)
    assert prefs.email == "robin@example.org"
    assert prefs.checkin_since is not None
    page = owner.client.get(URL).content.decode()
    assert re.search(r'<input[^>]*name="checkin_on"[^>]*checked', page)
    assert "Saved." in page


def _zones_offered(page: str) -> list[str]:
    select = re.search(r'<select name="time_zone".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]+)"', select.group(0))


def test_only_region_and_city_time_zones_are_offered_and_utc(owner):
    offered = _zones_offered(owner.client.get(URL).content.decode())
    for name in ("Europe/London", "Europe/Amsterdam", "Asia/Kolkata", "Europe/Kyiv", "UTC"):
        assert name in offered
    assert "America/Argentina/Buenos_Aires" in offered
    # Etc/GMT+5 means UTC−5; the others are old names for zones offered under their own.
    for name in ("Etc/GMT+5", "US/Eastern", "Asia/Calcutta", "Europe/Kiev", "Australia/NSW"):
        assert name not in offered
    assert "America/Buenos_Aires" not in offered
    assert all(name == "UTC" or name.split("/")[0] in ZONE_REGIONS for name in offered)
    assert len(offered) < 450


def test_without_the_tz_databases_country_list_the_regions_alone_decide():
    known = {"Europe/London", "Asia/Calcutta", "Etc/GMT+5", "US/Eastern", "UTC", "GB"}
    assert zones_offered(known, None) == ["Asia/Calcutta", "Europe/London", "UTC"]
    assert zones_offered(known, {"Europe/London"}) == ["Europe/London", "UTC"]


def test_a_time_zone_saved_before_that_is_no_longer_offered_stays_chosen_and_valid(owner):
    Preferences.objects.create(user=owner.user, time_zone="Asia/Calcutta", checkin_on=True)
    page = owner.client.get(URL).content.decode()
    assert '<option value="Asia/Calcutta" selected>' in page
    assert "Etc/GMT+5" not in _zones_offered(page)
    response = owner.client.post(URL, form(checkin_on="on", time_zone="Asia/Calcutta"))
    assert response.status_code == 302
    assert Preferences.objects.get(user=owner.user).time_zone == "Asia/Calcutta"


def test_the_servers_own_time_zone_is_kept_for_someone_who_never_chose(owner, settings):
    settings.TIME_ZONE = "Etc/GMT+5"
    page = owner.client.get(URL).content.decode()
    assert '<option value="Etc/GMT+5" selected>' in page


def test_an_address_is_asked_for_beside_the_field_and_typed_values_are_kept(owner):
    response = owner.client.post(URL, form(checkin_on="on", hour="9", by_email="on"))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<p class="error" id="id_email_error">Please give the address reminders' in page
    assert '<option value="9" selected>' in page
    assert not Preferences.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not an address", "does not look like an e-mail address"),
        ("hour", "25", "Please choose one of the hours offered."),
        ("time_zone", "Mars/Olympus", "Please choose a time zone from the list."),
    ],
)
def test_bad_input_is_refused_with_a_calm_message(owner, field, value, message):
    response = owner.client.post(
        URL, form(**{"by_email": "on", "email": "robin@example.org", field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_turning_a_channel_off_forgets_its_address_and_browsers(owner, settings):
    settings.NOTIFY_WEBPUSH = True
    owner.client.post(URL, form(by_email="on", email="robin@example.org", by_push="on"))
    response = owner.client.post(
        PUSH_URL,
        {"endpoint": "https://fcm.googleapis.com/fcm/send/abc", "p256dh": "key", "auth": "secret"},
    )
    assert response.status_code == 204
    assert PushSubscription.objects.filter(user=owner.user).count() == 1
    owner.client.post(URL, form())
    prefs = Preferences.objects.get(user=owner.user)
    assert prefs.email == ""
    assert not PushSubscription.objects.exists()


def test_the_browser_part_shows_only_when_push_is_chosen_and_ready(owner, push_key):
    assert "js/reminders." not in owner.client.get(URL).content.decode()
    owner.client.post(URL, form(by_push="on"))
    page = owner.client.get(URL).content.decode()
    assert f'data-key="{push_key}"' in page
    assert "js/reminders." in page  # its hashed name
    # Registered from /reminders/, so the worker's scope covers this page.
    assert 'data-worker="/reminders/sw.js"' in page


PUSH_KEPT = (
    "This server does not send browser reminders: the person who runs it has turned them "
    "off. Your choice is kept in case they turn them on."
)


def _push_box_help(page: str) -> str:
    found = re.search(r'<p class="help" id="id_by_push_helptext">(.*?)</p>', page)
    assert found is not None
    return found.group(1)


def test_with_web_push_off_the_browser_choice_promises_no_button_only_that_it_is_kept(
    owner, settings
):
    settings.NOTIFY_WEBPUSH = False
    page = owner.client.get(URL).content.decode()
    assert _push_box_help(page) == PUSH_KEPT
    assert "Needs JavaScript" not in page
    assert 'aria-describedby="id_by_push_helptext"' in page

    settings.NOTIFY_WEBPUSH = True
    page = owner.client.get(URL).content.decode()
    assert _push_box_help(page).startswith("Needs JavaScript: after saving, a button below")
    assert "does not send browser reminders" not in page


SAVED = "Saved. You can change or stop reminders here at any time."


def _saved_says(owner, **choices: str) -> str:  # type: ignore[no-untyped-def]
    response = owner.client.post(URL, form(**choices), follow=True)
    found = re.search(r'<p class="message message-success">(.*?)</p>', response.content.decode())
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("email_on", "push_on", "choices", "said"),
    [
        (
            False,
            False,
            {"by_push": "on"},
            "Saved. Nothing can reach you yet: this server does not send browser reminders "
            "at the moment. The person who runs it can change this; your choices are kept "
            "until then.",
        ),
        (
            False,
            True,
            {"by_email": "on", "email": "robin@example.org"},
            "Saved. Nothing can reach you yet: this server does not send e-mail at the "
            "moment. The person who runs it can change this; your choices are kept until then.",
        ),
        (
            False,
            False,
            {"by_email": "on", "email": "robin@example.org", "by_push": "on"},
            "Saved. Nothing can reach you yet: this server does not send e-mail or browser "
            "reminders at the moment. The person who runs it can change this; your choices "
            "are kept until then.",
        ),
        (
            True,
            True,
            {},
            "Saved. Nothing can reach you yet: no way is chosen under “How reminders reach you”.",
        ),
        (True, False, {"by_push": "on"}, "Saved. Nothing can reach you yet: this server"),
        (False, True, {"by_push": "on"}, SAVED),
        (True, False, {"by_email": "on", "email": "robin@example.org", "by_push": "on"}, SAVED),
    ],
)
def test_saving_says_gently_when_nothing_chosen_can_reach_the_person_yet(
    owner, settings, email_on, push_on, choices, said
):
    settings.NOTIFY_EMAIL, settings.NOTIFY_WEBPUSH = email_on, push_on
    assert _saved_says(owner, checkin_on="on", **choices).startswith(said)


def test_with_everything_off_saving_says_only_that_it_is_saved(owner):
    assert _saved_says(owner) == SAVED


def test_a_hard_date_heads_up_with_no_way_to_reach_the_person_is_named_on_saving(owner):
    from afterwards.notify import alarms

    alarms.alarm_set(
        user=owner.user, alarm_id="a1", first_on=date(2026, 9, 1), yearly=True, to_partner=False
    )
    assert _saved_says(owner).startswith("Saved. Nothing can reach you yet: no way is chosen")


def test_a_partners_heads_up_with_no_way_to_reach_the_person_is_named_on_saving(owner, partner):
    from afterwards.notify import alarms
    from tests.couple.test_membership import link

    link(owner, partner)
    alarms.alarm_set(
        user=partner.user, alarm_id="a1", first_on=date(2026, 9, 1), yearly=True, to_partner=True
    )
    assert _saved_says(owner).startswith("Saved. Nothing can reach you yet")


def test_the_service_worker_is_served_from_reminders_as_javascript_never_cached(client):
    response = client.get("/reminders/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'addEventListener("push"' in response.content.decode()


def test_a_browser_is_refused_when_push_is_off_or_the_address_is_not_https(owner, settings):
    settings.NOTIFY_WEBPUSH = True
    data = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
        "p256dh": "key",
        "auth": "secret",
    }
    assert owner.client.post(PUSH_URL, data).status_code == 400  # not chosen
    owner.client.post(URL, form(by_push="on"))
    assert (
        owner.client.post(
            PUSH_URL, {**data, "endpoint": "http://fcm.googleapis.com/fcm/send/abc"}
        ).status_code
        == 400
    )
    settings.NOTIFY_WEBPUSH = False
    assert owner.client.post(PUSH_URL, data).status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/push",
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost/push",
        "https://[::1]/push",
        "https://push.example/abc",
        "https://fcm.googleapis.com.push.example/fcm/send/abc",
        "https://fcm.googleapis.com@127.0.0.1/fcm/send/abc",
        "https://fcm.googleapis.com:8443/fcm/send/abc",
        "https://notify.windows.com/w/",
    ],
)
def test_a_push_address_that_is_not_a_known_push_service_is_refused(owner, settings, endpoint):
    settings.NOTIFY_WEBPUSH = True
    owner.client.post(URL, form(by_push="on"))
    response = owner.client.post(PUSH_URL, {"endpoint": endpoint, "p256dh": "k", "auth": "a"})
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc:def",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABc",
        "https://web.push.apple.com/QGSnGMcPo",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD",
    ],
)
def test_the_usual_push_services_are_kept(owner, settings, endpoint):
    settings.NOTIFY_WEBPUSH = True
    owner.client.post(URL, form(by_push="on"))
    response = owner.client.post(PUSH_URL, {"endpoint": endpoint, "p256dh": "k", "auth": "a"})
    assert response.status_code == 204
    assert PushSubscription.objects.get().endpoint == endpoint


def test_a_host_can_add_its_own_push_service(owner, settings):
    settings.NOTIFY_WEBPUSH = True
    settings.NOTIFY_PUSH_HOSTS = [*settings.NOTIFY_PUSH_HOSTS, "push.example.org"]
    owner.client.post(URL, form(by_push="on"))
    data = {"endpoint": "https://push.example.org/wpush/1", "p256dh": "k", "auth": "a"}
    assert owner.client.post(PUSH_URL, data).status_code == 204
    assert PushSubscription.objects.count() == 1


def test_a_sixth_browser_replaces_the_oldest(owner, settings):
    settings.NOTIFY_WEBPUSH = True
    owner.client.post(URL, form(by_push="on"))
    endpoints = [f"https://fcm.googleapis.com/fcm/send/{n}" for n in range(6)]
    for endpoint in endpoints:
        data = {"endpoint": endpoint, "p256dh": "k", "auth": "a"}
        assert owner.client.post(PUSH_URL, data).status_code == 204
    kept = PushSubscription.objects.filter(user=owner.user).values_list("endpoint", flat=True)
    assert sorted(kept) == sorted(endpoints[1:])


def test_questionnaire_reminders_keep_only_every_n_days_and_the_next_day(owner):
    owner.client.post(reverse("wellbeing:schedule"), {"phq9": "14", "gad7": "28", "pcl5": "0"})
    owner.client.post(URL, form(questionnaire_on="on"))
    prefs = Preferences.objects.get(user=owner.user)
    assert prefs.questionnaire_every_days == 14
    assert prefs.questionnaire_next_on is not None
    # Saving the wellbeing schedule again updates the clear copy.
    owner.client.post(reverse("wellbeing:schedule"), {"phq9": "0", "gad7": "28", "pcl5": "0"})
    assert Preferences.objects.get(user=owner.user).questionnaire_every_days == 28
    owner.client.post(reverse("wellbeing:schedule"), {"phq9": "0", "gad7": "0", "pcl5": "0"})
    prefs = Preferences.objects.get(user=owner.user)
    assert (prefs.questionnaire_every_days, prefs.questionnaire_next_on) == (None, None)


NOT_CHOSEN = "You have not chosen how often yet — choose on the"


def _questionnaire_box(page: str) -> tuple[str, str]:
    """The questionnaire box's input, and the help beside it."""
    tag = re.search(r'<input[^>]*name="questionnaire_on"[^>]*>', page)
    help_text = re.search(r'<p class="help" id="id_questionnaire_on_helptext">(.*?)</p>', page)
    assert tag is not None
    return tag.group(0), help_text.group(1) if help_text else ""


def test_questionnaire_reminders_say_beside_the_box_when_no_schedule_is_chosen(owner):
    tag, beside = _questionnaire_box(owner.client.get(URL).content.decode())
    assert NOT_CHOSEN in beside
    assert f'<a href="{reverse("wellbeing:index")}#schedule-heading">Wellbeing page</a>' in beside
    assert 'aria-describedby="id_questionnaire_on_helptext"' in tag

    response = owner.client.post(URL, form(questionnaire_on="on"), follow=True)
    tag, beside = _questionnaire_box(response.content.decode())
    assert "checked" in tag
    assert NOT_CHOSEN in beside  # ticked, and still nothing would ever come

    owner.client.post(reverse("wellbeing:schedule"), {"phq9": "14", "gad7": "0", "pcl5": "0"})
    tag, beside = _questionnaire_box(owner.client.get(URL).content.decode())
    assert NOT_CHOSEN not in beside


def test_the_note_stays_while_every_questionnaire_on_the_schedule_is_off(owner):
    """A saved schedule with every rhythm Off is no schedule: nothing would ever come."""
    owner.client.post(reverse("wellbeing:schedule"), {"phq9": "0", "gad7": "0", "pcl5": "0"})
    response = owner.client.post(URL, form(questionnaire_on="on"), follow=True)
    tag, beside = _questionnaire_box(response.content.decode())
    assert "checked" in tag
    assert NOT_CHOSEN in beside


def test_the_next_questionnaire_day_counts_from_the_last_time_it_was_taken():
    from afterwards.notify.services import questionnaire_next

    today = date(2026, 3, 28)
    assert questionnaire_next(every={"a": 0}, last_taken={}, today=today) is None
    assert questionnaire_next(every={"a": 14}, last_taken={}, today=today) == (
        14,
        date(2026, 4, 11),
    )
    assert questionnaire_next(
        every={"a": 14, "b": 28},
        last_taken={"a": date(2026, 3, 20), "b": date(2026, 2, 20)},
        today=today,
    ) == (14, today)
    assert questionnaire_next(
        every={"a": 14}, last_taken={"a": date(2026, 3, 20)}, today=today
    ) == (
        14,
        date(2026, 4, 3),
    )


def test_someone_not_logged_in_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_in_a_shared_space_the_page_says_a_partners_heads_up_comes_the_same_ways(owner, partner):
    from tests.couple.test_membership import link

    sentence = "If your partner chooses to let you know a hard week may be coming"
    assert sentence not in owner.client.get(URL).content.decode()
    link(owner, partner)
    page = owner.client.get(URL).content.decode()
    assert f"{sentence}, it reaches you these ways too" in page
