from datetime import date

from afterwards.journal.checkin import CheckIn
from afterwards.journal.services import checkin_save, checkins_all


def test_every_check_in_is_read_back_by_day_in_one_query(
    owner, outsider, django_assert_num_queries
):
    for day in (date(2026, 3, 1), date(2026, 3, 2)):
        checkin_save(owner=owner.user, keys=owner.keys, checkin=CheckIn(day=day, mood=3))
    checkin_save(
        owner=outsider.user, keys=outsider.keys, checkin=CheckIn(day=date(2026, 3, 3), mood=1)
    )
    with django_assert_num_queries(1):
        found = checkins_all(owner=owner.user, keys=owner.keys)
    assert sorted(found) == [date(2026, 3, 1), date(2026, 3, 2)]
    assert found[date(2026, 3, 2)].mood == 3
