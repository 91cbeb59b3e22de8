from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import numpy as np

from afterwards.journal.checkin import CheckIn
from afterwards.loss.about import AboutLoss, about_loss_save
from tests.insights.conftest import TODAY, journal_days, write_journal

PATTERNS = "/patterns/"


def test_owner_sees_the_pattern_their_days_show_in_plain_words(owner):
    write_journal(owner, journal_days(120, after_closeness=-2.5))
    response = owner.client.get(PATTERNS)
    assert response.status_code == 200
    text = response.content.decode()
    assert "On the day after closeness or sex, your mood was on average" in text
    assert "lower than on other days (likely between" in text
    # What the numbers are, and what they are not.
    assert "allowing for how one day runs into the next). Plain averages:" in text
    assert "This shows what went together, not what caused what." in text
    # Each picture has its words and a table of the same figures.
    assert 'role="img" aria-labelledby="timeline-summary"' in text
    assert 'id="timeline-summary"' in text
    assert "The timeline as a table" in text
    assert "The days after closeness or sex as a table" in text
    # The chart draws mood, and says so; what is a pattern is said above it.
    assert "Your mood on the days after closeness or sex</h2>" in text
    assert "Whether these differ clearly is said above." in text
    # Phases are estimates, never something the page is sure of.
    assert "sure of" not in text
    assert "How we decide what to show" in text
    # What the page can and cannot tell, in plain words.
    assert "What this can tell you: which things went together in your own days" in text
    assert "What it cannot tell you: what caused what, whether a pattern will go on" in text
    assert "now and then, by chance, a pattern is shown that is not really there" in text
    assert "looked at together, so that a difference on one of them is not lent" in text


def test_without_enough_days_the_page_says_what_is_needed_and_asks_for_nothing(owner):
    write_journal(owner, journal_days(12))
    text = owner.client.get(PATTERNS).content.decode()
    assert "Not enough to say yet" in text
    assert (
        "This needs 8 days or more with closeness or sex noted and 20 days or more without "
        "before anything can be said; there is nothing you need to do."
    ) in text
    assert "more days" not in text and "would let this be looked at" not in text
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


def test_a_chart_marks_what_is_not_a_pattern(owner):
    write_journal(owner, journal_days(120, after_closeness=-2.5))
    text = owner.client.get(PATTERNS).content.decode()
    summary = re.search(r'<figcaption id="after-summary">(.*?)</figcaption>', text, re.S)
    assert summary is not None
    # The day after is the pattern; the day itself and two days after are not.
    assert "the day after -" in summary.group(1)
    assert "(no clear pattern yet)" in summary.group(1)
    assert not re.search(r"the day after -\d\.\d \(no clear", summary.group(1))


def test_a_person_who_never_noted_bleeding_is_shown_nothing_about_a_cycle(owner):
    days = journal_days(120)
    write_journal(owner, [replace(c, bleeding=None) for c in days])
    text = owner.client.get(PATTERNS).content.decode()
    assert "your cycle" not in text.replace("Mood through your cycle as a table", "")
    assert "part of your cycle" not in text
    assert "Bleeding" not in text and "bleeding on" not in text
    assert "cycle phases" not in text
    assert 'id="phase-heading"' not in text


def test_grief_grown_heavier_has_a_line_about_help_beside_it(owner):
    about_loss_save(
        owner=owner.user,
        keys=owner.keys,
        about=AboutLoss(kind="unsaid", loss_date=TODAY - timedelta(days=130)),
    )
    rng = np.random.default_rng(3)
    days = []
    for n in range(120):
        day = TODAY - timedelta(days=119 - n)
        grief = int(np.clip(round(1.2 + n / 30 + 0.4 * rng.normal()), 1, 5))
        days.append(CheckIn(day=day, mood=3, grief=grief, intimacy="none", bleeding="none"))
    write_journal(owner, days)
    text = owner.client.get(PATTERNS).content.decode()
    assert "your grief has grown heavier by about" in text
    assert 'If it feels too heavy, <a href="/help/">there is help, today</a>.' in text


def test_no_line_about_help_when_nothing_has_grown_heavier(owner):
    write_journal(owner, journal_days(120, after_closeness=-2.5))
    assert "there is help, today" not in owner.client.get(PATTERNS).content.decode()
