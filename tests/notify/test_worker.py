"""The worker: what is due when, in the person's zone and quiet hours, and never twice."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine
from django.core import mail
from django_tasks_db.models import DBTaskResult

from afterwards.couple import membership
from afterwards.notify import alarms, tasks, worker
from afterwards.notify.models import Alarm, Preferences, PushSubscription, Sent
from tests.notify.conftest import at, browser_keys, choose, run_worker, tick


def link(inviter, acceptor):  # type: ignore[no-untyped-def]
    new = membership.invitation_create(inviter=inviter.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=acceptor.user)


def test_the_daily_reminder_goes_out_at_the_persons_hour_once(owner, channels_on):
    choose(owner, checkin_on=True, hour=20)
    tick(at(2026, 3, 28, 18, 59))  # 18:59 in London (GMT until the 29th)
    assert mail.outbox == []
    tick(at(2026, 3, 28, 20, 0))
    tick(at(2026, 3, 28, 20, 1))
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["robin@example.org"]
    assert sent.subject == "Afterwards: a moment for today's check-in"
    assert "https://notes.example/" in sent.body


def test_the_hour_is_the_persons_own_time_zone(owner, channels_on):
    choose(owner, checkin_on=True, hour=9, time_zone="America/New_York")
    tick(at(2026, 3, 28, 9, 0))  # 05:00 in New York
    assert mail.outbox == []
    tick(at(2026, 3, 28, 13, 0))  # 09:00 in New York (summer time)
    assert len(mail.outbox) == 1


def test_nothing_goes_out_in_quiet_hours_and_it_is_held_until_they_end(owner, channels_on):
    choose(owner, checkin_on=True, hour=23, quiet_on=True, quiet_from=22, quiet_to=7)
    tick(at(2026, 3, 28, 23, 0))
    tick(at(2026, 3, 29, 3, 0))
    assert mail.outbox == []
    tick(at(2026, 3, 29, 6, 0))  # 07:00 in London, summer time from the 29th
    assert len(mail.outbox) == 1


def test_quiet_hours_may_wrap_past_midnight_or_not():
    prefs = Preferences(quiet_on=True, quiet_from=22, quiet_to=7)
    assert {h for h in range(24) if worker.in_quiet_hours(prefs, h)} == {22, 23, *range(7)}
    prefs = Preferences(quiet_on=True, quiet_from=13, quiet_to=15)
    assert {h for h in range(24) if worker.in_quiet_hours(prefs, h)} == {13, 14}
    prefs.quiet_on = False
    assert not any(worker.in_quiet_hours(prefs, h) for h in range(24))


def test_nothing_is_sent_when_the_host_has_not_configured_sending(owner, settings, pushed):
    settings.NOTIFY_EMAIL = False
    settings.NOTIFY_WEBPUSH = False
    choose(owner, checkin_on=True, hour=20, by_push=True)
    PushSubscription.objects.create(
        user=owner.user, endpoint="https://fcm.googleapis.com/fcm/send/1", p256dh="k", auth="a"
    )
    tick(at(2026, 3, 28, 20, 0))
    assert mail.outbox == []
    assert pushed == []
    assert not Sent.objects.exists()


def test_nothing_is_sent_when_the_person_turned_nothing_on(owner, channels_on, pushed):
    choose(owner, by_email=False)
    tick(at(2026, 3, 28, 20, 0))
    choose(owner, by_email=True)  # a channel, but no reminder chosen
    tick(at(2026, 3, 28, 20, 5))
    assert mail.outbox == []
    assert pushed == []


def test_a_reminder_turned_on_after_its_hour_waits_for_tomorrow(owner, channels_on):
    with time_machine.travel(at(2026, 3, 28, 21, 0), tick=False):
        choose(owner, checkin_on=True, hour=20, checkin_since=at(2026, 3, 28, 21, 0))
    tick(at(2026, 3, 28, 21, 1))
    assert mail.outbox == []
    tick(at(2026, 3, 29, 19, 0))  # 20:00 in London, summer time
    assert len(mail.outbox) == 1


def test_push_goes_to_each_browser_with_generic_words(owner, channels_on, pushed):
    choose(owner, checkin_on=True, hour=20, by_email=False, by_push=True)
    for n in (1, 2):
        PushSubscription.objects.create(
            user=owner.user,
            endpoint=f"https://fcm.googleapis.com/fcm/send/{n}",
            p256dh="k",
            auth="a",
        )
    tick(at(2026, 3, 28, 20, 0))
    assert sorted(call["subscription_info"]["endpoint"] for call in pushed) == [
        "https://fcm.googleapis.com/fcm/send/1",
        "https://fcm.googleapis.com/fcm/send/2",
    ]
    assert json.loads(pushed[0]["data"]) == {
        "title": "Afterwards: a moment for today's check-in",
        "body": "A moment for today's check-in, whenever suits you.",
    }


def test_the_neutral_look_names_the_reminder_notes(owner, channels_on):
    choose(owner, checkin_on=True, hour=20, neutral=True)
    tick(at(2026, 3, 28, 20, 0))
    assert mail.outbox[0].subject == "Notes: a moment for today's check-in"
    assert "Afterwards" not in mail.outbox[0].subject + mail.outbox[0].body


def test_a_send_that_fails_is_retried_after_a_backoff_and_sends_once(
    owner, channels_on, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    choose(owner, checkin_on=True, hour=20)
    failures = iter([True])

    def flaky_open(self):  # type: ignore[no-untyped-def]
        if next(failures, False):
            raise ConnectionRefusedError("the mail server did not answer")

    monkeypatch.setattr(EmailBackend, "open", flaky_open)
    tick(at(2026, 3, 28, 20, 0))
    assert mail.outbox == []
    assert Sent.objects.get().state == Sent.FAILED
    assert not DBTaskResult.objects.filter(status="FAILED").exists()  # no traceback kept
    tick(at(2026, 3, 28, 20, 0, 30))  # before the backoff: not yet
    assert mail.outbox == []
    tick(at(2026, 3, 28, 20, 2))
    tick(at(2026, 3, 28, 20, 3))
    assert len(mail.outbox) == 1
    assert Sent.objects.get().state == Sent.DONE


def test_a_worker_stopped_between_claim_and_send_never_sends_twice(owner, channels_on, monkeypatch):
    choose(owner, checkin_on=True, hour=20)

    class Killed(BaseException):
        """Like SIGKILL: nothing after it runs, not even the failure handler."""

    def die(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise Killed

    with monkeypatch.context() as patched:
        patched.setattr("afterwards.notify.sending.send_email", die)
        with pytest.raises(Killed), time_machine.travel(at(2026, 3, 28, 20, 0), tick=False):
            now = at(2026, 3, 28, 20, 0)
            sent_id = worker.queue(worker.plan(now)[0], now)
            assert sent_id is not None
            worker.deliver(sent_id)
    for minute in range(1, 30, 5):
        tick(at(2026, 3, 28, 20, minute))
    assert mail.outbox == []
    assert Sent.objects.get().state == Sent.CLAIMED


def test_a_duplicate_task_for_the_same_sending_sends_once(owner, channels_on):
    choose(owner, checkin_on=True, hour=20)
    with time_machine.travel(at(2026, 3, 28, 20, 0), tick=False):
        now = at(2026, 3, 28, 20, 0)
        [due] = worker.plan(now)
        sent_id = worker.queue(due, now)
        assert worker.queue(due, now) is None  # a second planner finds it taken
        tasks.deliver_task.enqueue(sent_id)
        tasks.deliver_task.enqueue(sent_id)
        run_worker()
    assert len(mail.outbox) == 1


def test_planning_keeps_one_tick_queued(owner):
    with time_machine.travel(at(2026, 3, 28, 20, 0), tick=False):
        tasks.ensure_planning()
        tasks.ensure_planning()
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        run_worker()
    ready = DBTaskResult.objects.get(status="READY")
    assert ready.task_path == tasks.PLAN_TASK_PATH
    assert ready.run_after == at(2026, 3, 28, 20, 1)


def test_the_questionnaire_reminder_goes_out_on_its_day_and_moves_on(owner, channels_on):
    choose(
        owner,
        questionnaire_on=True,
        hour=10,
        questionnaire_every_days=14,
        questionnaire_next_on=date(2026, 3, 30),
    )
    tick(at(2026, 3, 29, 9, 0))
    assert mail.outbox == []
    tick(at(2026, 3, 30, 9, 0))  # 10:00 in London
    assert [m.subject for m in mail.outbox] == ["Afterwards: a few questions, when you are ready"]
    tick(at(2026, 3, 31, 9, 0))
    assert Preferences.objects.get().questionnaire_next_on == date(2026, 4, 13)
    assert len(mail.outbox) == 1


def test_a_hard_date_heads_up_goes_to_the_person_and_to_the_partner_if_chosen(
    owner, partner, channels_on
):
    link(owner, partner)
    choose(owner, hour=9)
    choose(partner, hour=9, email="sam@example.org")
    with time_machine.travel(at(2026, 3, 28, 12, 0), tick=False):
        alarms.alarm_set(
            user=owner.user, alarm_id="x1", first_on=date(2026, 4, 2), yearly=True, to_partner=True
        )
    tick(at(2026, 4, 1, 8, 0))
    assert mail.outbox == []
    tick(at(2026, 4, 2, 8, 0))  # 09:00 in London
    tick(at(2026, 4, 3, 8, 0))
    by_person = {m.to[0]: m.subject for m in mail.outbox}
    assert by_person == {
        "robin@example.org": "Afterwards: a hard week may be coming",
        "sam@example.org": "Afterwards: a hard week may be coming",
    }
    assert "your partner" in next(m.body for m in mail.outbox if m.to == ["sam@example.org"])
    tick(at(2026, 4, 10, 8, 0))  # the week has ended: next year
    assert Alarm.objects.get().next_on == date(2027, 4, 2)
    assert len(mail.outbox) == 2


def test_a_once_only_heads_up_leaves_the_clear_schedule_once_its_date_has_passed(owner, outsider):
    """Its date may be up to 28 days after the day it goes out (the most the Hard dates
    page allows), and until then the row is what tells Today to look in the sealed
    entry; after that it would only keep a day in clear for good. A yearly one moves on."""
    from afterwards.dates.forms import HeadsUpForm

    assert HeadsUpForm({"days_before": alarms.LONGEST_BEFORE_DAYS}, space=None).is_valid()
    assert not HeadsUpForm({"days_before": alarms.LONGEST_BEFORE_DAYS + 1}, space=None).is_valid()
    with time_machine.travel(at(2026, 3, 28, 12, 0), tick=False):
        for person, yearly in ((owner, False), (outsider, True)):
            alarms.alarm_set(
                user=person.user,
                alarm_id="x1",
                first_on=date(2026, 4, 2),
                yearly=yearly,
                to_partner=False,
            )
    tick(at(2026, 5, 1, 12, 0))  # the date may be 30 April, still today somewhere
    assert alarms.heads_ups(user=owner.user, today=date(2026, 4, 30)) == (True, False)
    tick(at(2026, 5, 2, 12, 0))
    assert alarms.heads_ups(user=owner.user, today=date(2026, 5, 2)) == (False, False)
    assert [(a.user_id, a.next_on) for a in Alarm.objects.all()] == [
        (outsider.user.pk, date(2027, 4, 2))
    ]


def test_the_partner_gets_no_heads_up_without_notifications_or_after_leaving(
    owner, partner, channels_on
):
    link(owner, partner)
    choose(owner, hour=9, by_email=False)
    with time_machine.travel(at(2026, 3, 28, 12, 0), tick=False):
        alarms.alarm_set(
            user=owner.user, alarm_id="x1", first_on=date(2026, 4, 2), yearly=False, to_partner=True
        )
    tick(at(2026, 4, 2, 8, 0))  # the partner turned nothing on
    assert mail.outbox == []
    membership.couple_leave(user=partner.user)
    choose(partner, hour=9, email="sam@example.org")
    tick(at(2026, 4, 3, 8, 0))
    assert mail.outbox == []


def test_the_partner_gets_no_heads_up_while_the_person_has_paused_sharing(
    owner, partner, channels_on
):
    from afterwards.couple import space

    link(owner, partner)
    choose(owner, hour=9, by_email=False)
    choose(partner, hour=9, email="sam@example.org")
    with time_machine.travel(at(2026, 3, 28, 12, 0), tick=False):
        alarms.alarm_set(
            user=owner.user, alarm_id="x1", first_on=date(2026, 4, 2), yearly=False, to_partner=True
        )
    space.sharing_pause(owner=owner.user)
    tick(at(2026, 4, 2, 8, 0))  # 09:00 in London, the day it would go out
    assert mail.outbox == []
    space.sharing_resume(owner=owner.user, keys=owner.keys)
    tick(at(2026, 4, 3, 8, 0))
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_a_browser_the_push_service_no_longer_knows_is_forgotten(owner, channels_on, monkeypatch):
    import pywebpush

    class Response:
        status_code = 410

    def gone(**kwargs):  # type: ignore[no-untyped-def]
        raise pywebpush.WebPushException("gone", response=Response())

    monkeypatch.setattr("pywebpush.webpush", gone)
    choose(owner, checkin_on=True, hour=20, by_email=False, by_push=True)
    PushSubscription.objects.create(
        user=owner.user, endpoint="https://fcm.googleapis.com/fcm/send/1", p256dh="k", auth="a"
    )
    tick(at(2026, 3, 28, 20, 0))
    assert not PushSubscription.objects.exists()


def test_deleting_an_account_leaves_no_reminder_row(owner, channels_on):
    choose(owner, checkin_on=True, hour=20)
    PushSubscription.objects.create(
        user=owner.user, endpoint="https://fcm.googleapis.com/fcm/send/1", p256dh="k", auth="a"
    )
    tick(at(2026, 3, 28, 20, 0))
    alarms.alarm_set(
        user=owner.user, alarm_id="x1", first_on=date(2026, 4, 2), yearly=True, to_partner=True
    )
    owner.user.delete()
    for model in (Preferences, PushSubscription, Sent, Alarm):
        assert not model.objects.exists()


def test_the_worker_deletes_expired_report_links_with_their_ciphertext(owner):
    from afterwards.report import links
    from afterwards.report.models import ReportLink

    # Making a link purges expired ones too, so the expired one is made last.
    with time_machine.travel(at(2026, 3, 27, 12, 0), tick=False):
        kept = links.report_link_create(owner=owner.user, pdf=b"%PDF-new", days=7)
    with time_machine.travel(at(2026, 3, 20, 12, 0), tick=False):
        links.report_link_create(owner=owner.user, pdf=b"%PDF-old", days=1)
    assert ReportLink.objects.count() == 2
    tick(at(2026, 3, 28, 12, 0))
    assert list(ReportLink.objects.values_list("pk", flat=True)) == [kept.link.pk]


def test_the_worker_posts_only_to_the_push_service_and_follows_no_redirect(
    owner, channels_on, monkeypatch, tmp_path
):
    import requests

    from afterwards.notify.vapid import keys_make

    keys_make(tmp_path)
    channels_on.VAPID_PRIVATE_KEY_PATH = tmp_path / "vapid_private.pem"
    posted: list[tuple[str, object]] = []

    def push_service(self, request, **kwargs):  # type: ignore[no-untyped-def]
        """Answers every request by sending it on to the cloud's metadata address."""
        posted.append((request.url, kwargs.get("timeout")))
        response = requests.Response()
        response.status_code = 307
        response.headers["Location"] = "http://169.254.169.254/latest/meta-data/"
        response.url = request.url
        response.request = request
        response._content = b""
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", push_service)
    choose(owner, checkin_on=True, hour=20, by_email=False, by_push=True)
    p256dh, auth = browser_keys()
    endpoint = "https://fcm.googleapis.com/fcm/send/1"
    PushSubscription.objects.create(user=owner.user, endpoint=endpoint, p256dh=p256dh, auth=auth)
    tick(at(2026, 3, 28, 20, 0))
    assert [url for url, _ in posted] == [endpoint]
    assert posted[0][1] == 10
    assert Sent.objects.get().state == Sent.FAILED


def test_a_stored_browser_at_an_internal_address_is_never_posted_to(owner, channels_on, pushed):
    choose(owner, checkin_on=True, hour=20, by_email=False, by_push=True)
    PushSubscription.objects.create(
        user=owner.user, endpoint="https://169.254.169.254/latest/", p256dh="k", auth="a"
    )
    tick(at(2026, 3, 28, 20, 0))
    assert pushed == []
    assert Sent.objects.get().state == Sent.FAILED


def _task_rows_text() -> str:
    return "\n".join(
        json.dumps([row.args_kwargs, row.return_value]) + row.traceback
        for row in DBTaskResult.objects.all()
    )


def test_a_person_who_is_erased_leaves_no_task_row_naming_them(owner, partner, channels_on):
    """A task row has no foreign key to the person, and a failed one keeps a traceback."""
    import smtplib

    link(owner, partner)
    choose(owner, checkin_on=True, hour=20, by_push=True, email="robin@example.org")
    choose(partner, hour=20, email="sam@example.org")
    PushSubscription.objects.create(
        user=owner.user, endpoint="https://fcm.googleapis.com/fcm/send/1", p256dh="k", auth="a"
    )
    with time_machine.travel(at(2026, 3, 28, 12, 0), tick=False):
        alarms.alarm_set(
            user=owner.user, alarm_id="x1", first_on=date(2026, 3, 30), yearly=True, to_partner=True
        )

    def refused(self, messages):  # type: ignore[no-untyped-def]
        to = messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({to: (550, b"no mailbox " + to.encode())})

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
        patched.setattr("pywebpush.webpush", lambda **kwargs: None)
        tick(at(2026, 3, 30, 20, 0))  # the check-in and the heads-up, by e-mail and push
    with time_machine.travel(at(2026, 3, 31, 20, 0), tick=False):
        tasks.plan_tick.call()  # deliveries queued, not yet run
    sent_ids = list(Sent.objects.filter(user=owner.user).values_list("pk", flat=True))
    delivering = DBTaskResult.objects.filter(task_path=tasks.DELIVER_TASK_PATH)
    assert delivering.exclude(status="READY").count() >= 4, "positive control"
    assert delivering.filter(status="READY").exists(), "positive control"
    secrets = ["robin@example.org", owner.user.username, "x1", "checkin:", "alarm:", "partner:"]
    for secret in secrets:
        assert secret not in _task_rows_text()  # nothing but a row id, even before

    response = owner.client.post(
        "/account/delete/", {"passphrase": owner.passphrase, "confirm": "on"}
    )

    assert response.status_code == 200
    assert not delivering.filter(args_kwargs__args__0__in=sent_ids).exists()
    assert delivering.exclude(status="READY").exists(), "the partner's rows stay"
    for secret in secrets:
        assert secret not in _task_rows_text()


def test_finished_task_rows_are_deleted_after_a_day(owner, channels_on):
    choose(owner, checkin_on=True, hour=20)
    tick(at(2026, 3, 28, 20, 0))
    first = set(DBTaskResult.objects.exclude(status="READY").values_list("pk", flat=True))
    assert len(first) == 2, "a tick and a delivery"
    tick(at(2026, 3, 29, 12, 0))  # under a day later: kept
    later = set(DBTaskResult.objects.exclude(status="READY").values_list("pk", flat=True))
    assert first < later
    tick(at(2026, 3, 29, 20, 1))
    now_kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert not first & now_kept
    assert later - first <= now_kept


def _people(prefix: str, n: int) -> None:
    """n people with every kind of reminder due at 20:00 on 28 March in London: the
    check-in, a questionnaire whose day moved on, their own heads-up, by e-mail and two
    browsers; every second one shares a space with a partner whose heads-up is meant for
    them (every fourth partner has paused sharing); some sendings already queued."""
    from afterwards.accounts.models import User
    from afterwards.couple.models import Couple, Member

    for i in range(n):
        user = User.objects.create(username=f"{prefix}{i}")
        Preferences.objects.create(
            user=user,
            time_zone="Europe/London",
            hour=20,
            checkin_on=True,
            checkin_since=at(2026, 3, 1),
            questionnaire_on=True,
            questionnaire_every_days=7,
            questionnaire_next_on=date(2026, 3, 21),
            email=f"{prefix}{i}@example.org",
            by_email=True,
            by_push=True,
        )
        for b in range(2):
            PushSubscription.objects.create(
                user=user,
                endpoint=f"https://fcm.googleapis.com/{prefix}{i}/{b}",
                p256dh="k",
                auth="a",
            )
        Alarm.objects.create(user=user, alarm_id=f"own{i}", next_on=date(2026, 3, 25))
        Alarm.objects.create(user=user, alarm_id=f"old{i}", next_on=date(2025, 3, 1), yearly=True)
        Sent.objects.create(
            user=user,
            key="checkin:2026-03-27:email",
            claimed_at=at(2026, 3, 27, 20),
            state=Sent.DONE,
        )
        if i % 2:
            partner = User.objects.create(username=f"{prefix}{i}-partner")
            Alarm.objects.create(
                user=partner, alarm_id=f"p{i}", next_on=date(2026, 3, 26), to_partner=True
            )
            couple = Couple.objects.create()
            Member.objects.create(user=user, couple=couple)
            Member.objects.create(user=partner, couple=couple, paused=i % 4 == 3)
        if i % 3 == 0:
            Sent.objects.create(
                user=user,
                key="checkin:2026-03-28:email",
                claimed_at=at(2026, 3, 28, 20),
                state=Sent.DONE,
            )


def test_planning_reads_as_few_queries_for_thirty_people_as_for_three(
    db, channels_on, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from afterwards.accounts.models import User

    now = at(2026, 3, 28, 20, 5)
    _people("few", 3)
    with CaptureQueriesContext(connection) as few:
        planned = worker.plan(now)
    # check-in, questionnaire and own heads-up on 3 channels each, but for person 0's
    # check-in by e-mail (sent already); and person 1's partner heads-up.
    assert len(planned) == 3 * 3 * 3 - 1 + 3
    assert Preferences.objects.filter(questionnaire_next_on=date(2026, 3, 28)).count() == 3
    assert not Alarm.objects.filter(next_on__year=2025).exists()
    # Yearly alarms read and moved on; people; browsers; couples; alarms; questionnaire
    # days moved on; quiet days (a routine reminder is due); sendings already queued.
    assert len(few) <= 9

    User.objects.all().delete()
    _people("many", 30)
    with django_assert_max_num_queries(len(few)):
        planned = worker.plan(now)
    paused = len([i for i in range(30) if i % 4 == 3])
    assert len(planned) == 30 * 3 * 3 - 10 + (15 - paused) * 3


def test_a_browser_forgotten_after_its_reminder_was_queued_is_nothing_to_send_to(
    owner, channels_on, pushed
):
    """Not an error to retry five times: the sending is done, with nothing sent."""
    choose(owner, checkin_on=True, hour=20, by_email=False, by_push=True)
    PushSubscription.objects.create(
        user=owner.user, endpoint="https://fcm.googleapis.com/fcm/send/1", p256dh="k", auth="a"
    )
    with time_machine.travel(at(2026, 3, 28, 20, 0), tick=False):
        tasks.plan_tick.call()  # queued, not yet delivered
    assert Sent.objects.get().state == Sent.QUEUED, "positive control"
    PushSubscription.objects.all().delete()  # the person turned this browser off
    with time_machine.travel(at(2026, 3, 28, 20, 0), tick=False):
        run_worker()
    tick(at(2026, 3, 28, 20, 30))
    assert pushed == []
    row = Sent.objects.get()
    assert (row.state, row.attempts) == (Sent.DONE, 1)


def test_an_error_is_logged_by_its_kind_alone_never_its_address(owner, channels_on, caplog):
    """One rule for every log line (sending.error_kind): a failed send names the mail
    server's own error, and an error in the delivery task its kind, never the message."""
    import smtplib

    choose(owner, checkin_on=True, hour=20)

    def refused(self, messages):  # type: ignore[no-untyped-def]
        to = messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({to: (550, b"no mailbox " + to.encode())})

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
        tick(at(2026, 3, 28, 20, 0))
    with pytest.MonkeyPatch.context() as patched:

        def broken(sent_id):  # type: ignore[no-untyped-def]
            raise ValueError("robin@example.org")

        patched.setattr(worker, "deliver", broken)
        assert tasks.deliver_task.call(Sent.objects.get().pk) == "held"
    logged = [record.getMessage() for record in caplog.records if "reminder" in record.getMessage()]
    assert any("(SMTPRecipientsRefused)" in line for line in logged), logged
    assert any(line.endswith("not sent (ValueError)") for line in logged), logged
    assert "robin@example.org" not in caplog.text
