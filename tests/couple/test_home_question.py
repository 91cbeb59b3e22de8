"""The Together page shows the day's question, or a calm line that there is one, from the
person's own answers and choices alone: never anything of the partner's answer, and the
same bytes whether or not the partner answered."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest

from tests.couple.test_membership import link
from tests.couple.test_questions import CHOICES, answer, day_path, page, question_today, today

HOME = "/together/"


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def _rhythm(person, rhythm: str) -> None:  # type: ignore[no-untyped-def]
    assert person.client.post(CHOICES, {"rhythm": rhythm}, follow=True).status_code == 200


def _text(person) -> str:  # type: ignore[no-untyped-def]
    """The page's own words, without its chrome (whose "Skip to content" is no skip)."""
    shown = person.client.get(HOME).content.decode()
    main = shown[shown.index("<main") : shown.index("</main>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_the_days_question_is_on_the_together_page_when_the_rhythm_brings_one(owner, partner):
    link(owner, partner)
    _rhythm(owner, "daily")

    shown = owner.client.get(HOME).content.decode()

    assert html.escape(question_today(owner).text) in shown
    assert 'href="/together/questions/">Answer it, when you are ready' in shown


def test_on_a_day_without_one_a_calm_line_says_a_question_is_there_when_wanted(owner, partner):
    link(owner, partner)
    _rhythm(owner, "asked")

    shown = owner.client.get(HOME).content.decode()

    assert "There is a question for today whenever you would like one." in shown
    assert 'href="/together/questions/?ask=today">Show me today' in shown
    assert html.escape(question_today(owner).text) not in shown


def test_once_answered_the_page_says_so_and_shows_neither_answer(owner, partner):
    link(owner, partner)
    for person in (owner, partner):
        _rhythm(person, "daily")
    answer(owner, "Quieter than I expected.")
    answer(partner, "Loud, some days.")

    for person in (owner, partner):
        shown = _text(person)
        assert "You have answered today's question." in shown
        assert "Quieter than I expected." not in shown and "Loud, some days." not in shown
    assert f'href="{day_path(today())}">See your answer' in owner.client.get(HOME).text


def test_the_page_is_the_same_bytes_whether_or_not_the_partner_answered(owner, partner):
    link(owner, partner)
    for person in (owner, partner):
        _rhythm(person, "daily")
    before = page(partner, HOME)

    answer(owner, "A long answer. " * 100)

    assert page(partner, HOME) == before
    assert html.escape(question_today(partner).text).encode() in before


def test_a_skipped_question_leaves_only_the_calm_line(owner, partner):
    link(owner, partner)
    _rhythm(owner, "daily")

    assert owner.client.post(day_path(today(), "skip/"), follow=True).status_code == 200

    shown = _text(owner)  # the second page after skipping: its "Skipped" message is read
    assert "There is a question for today whenever you would like one." in shown
    assert "skip" not in shown.lower()
