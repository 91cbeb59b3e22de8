from __future__ import annotations

from datetime import timedelta

from afterwards.loss.about import AboutLoss, about_loss_save
from tests.insights.conftest import TODAY, journal_days, write_journal

PATTERNS = "/patterns/"


def test_owner_sees_the_pattern_their_days_show_in_plain_words(owner):
    write_journal(owner, journal_days(120, after_closeness=-2.5))
    response = owner.client.get(PATTERNS)
    assert response.status_code == 200
    text = response.content.decode()
    assert "On the day after closeness or sex, your mood was on average" in text
    assert "lower (likely between" in text
    # Each picture has its words and a table of the same figures.
    assert 'role="img" aria-labelledby="timeline-summary"' in text
    assert 'id="timeline-summary"' in text
    assert "The timeline as a table" in text
    assert "The days after closeness or sex as a table" in text
    assert "How we decide what to show" in text


def test_without_enough_days_the_page_says_how_many_more_would_help(owner):
    write_journal(owner, journal_days(12))
    text = owner.client.get(PATTERNS).content.decode()
    assert "Not enough to say yet" in text
    # 12 days hold 2 of closeness: 6 more would make the 8 needed.
    assert "6 more days with closeness or sex noted" in text
    assert "would let this be looked at." in text
    assert "your mood was on average" not in text


def test_a_person_without_check_ins_is_invited_to_begin(owner):
    text = owner.client.get(PATTERNS).content.decode()
    assert "There is nothing to look at yet." in text


def test_another_person_sees_none_of_the_owners_patterns(owner, outsider):
    write_journal(owner, journal_days(120, after_closeness=-2.5))
    text = outsider.client.get(PATTERNS).content.decode()
    assert "There is nothing to look at yet." in text
    assert "your mood was on average" not in text


def test_a_stranger_is_sent_to_log_in(client, db):
    response = client.get(PATTERNS)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_the_page_reads_a_long_journal_in_as_few_queries_as_a_short_one(
    owner, django_assert_max_num_queries
):
    about_loss_save(
        owner=owner.user,
        keys=owner.keys,
        about=AboutLoss(
            kind="unsaid",
            loss_date=TODAY - timedelta(days=200),
            due_date=TODAY - timedelta(days=60),
        ),
    )
    write_journal(owner, journal_days(10))
    with django_assert_max_num_queries(8) as few:
        owner.client.get(PATTERNS)
    write_journal(owner, journal_days(150, after_closeness=-2.5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = owner.client.get(PATTERNS)
    assert response.status_code == 200
    # About your loss gave hard dates, so the week around them was looked at too.
    assert "Your mood in the week around a hard date" in response.content.decode()
