"""The day's page reads everything it shows in one query, whatever the journal holds."""

from __future__ import annotations

from datetime import date, timedelta

from afterwards.accounts.profile import Profile, profile_save
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.journal.conftest import TODAY

URL = f"/journal/day/{TODAY.isoformat()}/"
# Session, person, one query for the day, today, yesterday, the person's own symptoms,
# their profile and the parts they share by default, and whether they share a space;
# and on Today, the clear schedule of heads-ups (the person's own and their partner's).
DAY_QUERIES = 5


def test_the_day_page_reads_the_same_few_queries_however_full_the_journal(
    owner, django_assert_num_queries
):
    owner.client.get(URL)  # the first visit of the day also notes it in the session
    with django_assert_num_queries(DAY_QUERIES):
        empty = owner.client.get(URL)

    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="GB"))
    for back in range(60):
        services.checkin_save(
            owner=owner.user,
            keys=owner.keys,
            checkin=CheckIn(
                day=TODAY - timedelta(days=back),
                mood=3,
                intimacy="sex" if back == 1 else None,
                bleeding="heavy" if back == 0 else None,
                custom_symptoms=["backache"],
            ),
        )
    with django_assert_num_queries(DAY_QUERIES):
        full = owner.client.get(URL)

    assert empty.status_code == full.status_code == 200
    page = full.content.decode()
    assert "backache" in page  # the person's own symptom, offered back
    assert "after sex yesterday" in page  # yesterday's closeness awaits how it felt
    assert "999" in page  # the red-flag box, with the profile's country


def test_an_earlier_day_shows_its_own_check_in_not_todays(owner):
    services.checkin_save(
        owner=owner.user, keys=owner.keys, checkin=CheckIn(day=TODAY, note="today's words")
    )
    earlier = date(2026, 3, 2)
    services.checkin_save(
        owner=owner.user, keys=owner.keys, checkin=CheckIn(day=earlier, note="an earlier day")
    )
    page = owner.client.get(f"/journal/day/{earlier.isoformat()}/").content.decode()
    assert "an earlier day" in page and "today's words" not in page


def test_saving_a_day_takes_the_same_queries_however_full_the_journal(owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner.client.get(URL)  # the first visit of the day also notes it in the session

    def queries_to_save() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = owner.client.post(URL, {"mood": "3", "note": "a day"})
        assert response.status_code == 302
        return len(queries)

    queries_to_save()  # the day's entry now exists: the saves below reseal it
    few = queries_to_save()
    for back in range(1, 60):
        services.checkin_save(
            owner=owner.user,
            keys=owner.keys,
            checkin=CheckIn(day=TODAY - timedelta(days=back), mood=2, intimacy="sex"),
        )
    assert queries_to_save() == few
