"""A question for the two of you, through the pages: both are offered the same question;
each answers alone; until someone has answered, nothing on their pages, nor their size,
says whether the other did; once both have, each sees both and can reply; skipping
leaves no trace; hiding is for oneself; pausing and leaving take every copy back."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from afterwards.couple import membership, space, therapist
from afterwards.couple.kinds import QUESTION_ANSWER, QUESTION_COPY
from afterwards.couple.questions import answers
from afterwards.couple.questions import library as books
from afterwards.vault import services as vault
from afterwards.vault.models import Entry, PartnerWrap
from tests.conftest import Person
from tests.couple.test_membership import link

PAGE = "/together/questions/"
CHOICES = "/together/questions/choices/"


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def linked(owner: Person, partner: Person) -> tuple[Person, Person]:
    link(owner, partner)
    for person in (owner, partner):  # followed, so that no page later shows its "Saved"
        assert person.client.post(CHOICES, {"rhythm": "daily"}, follow=True).status_code == 200
    return owner, partner


def today() -> date:
    return timezone.localdate()


def day_path(day: date, tail: str = "") -> str:
    return f"{PAGE}{day.isoformat()}/{tail}"


def talk(person: Person) -> answers.Talk:
    pair = space.pair_ready(owner=person.user, keys=person.keys)
    assert pair is not None
    return answers.talk_for(owner=person.user, keys=person.keys, pair=pair)


def question_today(person: Person) -> books.Question:
    return answers.question_for(talk(person), today())


def answer(person: Person, words: str, day: date | None = None) -> None:
    day = day or today()
    question = answers.question_for(talk(person), day)
    response = person.client.post(day_path(day), {"question": question.id, "text": words})
    assert response.status_code == 302, response.content.decode()


def page(person: Person, path: str) -> bytes:
    """A page as its bytes, with only the per-request CSRF token taken out."""
    response = person.client.get(path)
    assert response.status_code == 200, path
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)


def test_both_are_offered_the_same_question_on_the_same_day(linked):
    owner, partner = linked
    question = question_today(owner)
    assert question == question_today(partner)
    for person in linked:
        assert question.text.replace("'", "&#x27;") in person.client.get(PAGE).content.decode()


def test_each_answers_alone_and_sees_the_other_only_once_both_have_answered(linked):
    owner, partner = linked
    answer(owner, "Quieter than I expected.")

    mine = owner.client.get(day_path(today())).content.decode()
    assert "Quieter than I expected." in mine
    assert "once they have answered this question too" in mine
    assert "Your partner</h2>" not in mine

    answer(partner, "Loud, some days.")

    for person in linked:
        shown = person.client.get(day_path(today())).content.decode()
        assert "Quieter than I expected." in shown and "Loud, some days." in shown
        assert "Your partner</h2>" in shown and "Send this reply" in shown
        listed = person.client.get(PAGE).content.decode()
        assert "You have both answered." in listed


def test_nothing_of_the_partners_answer_shows_until_one_has_answered_oneself(linked):
    owner, partner = linked
    paths = [PAGE, day_path(today()), "/together/", f"{PAGE}?ask=today"]
    before = [page(partner, path) for path in paths]

    answer(owner, "A long answer. " * 100)

    after = [page(partner, path) for path in paths]
    assert after == before  # the same bytes, so the same size: no count, no waiting line
    assert Entry.objects.filter(owner=owner.user, kind=QUESTION_COPY).count() == 1


def test_the_waiting_page_never_reads_the_partners_copy(linked, monkeypatch):
    owner, partner = linked
    answer(owner, "Something private.")

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a partner's copy was opened before the reader answered")

    monkeypatch.setattr(vault, "entry_open_shared", refuse)
    for path in (PAGE, day_path(today()), f"{PAGE}?ask=today"):
        assert partner.client.get(path).status_code == 200
    # Positive control: once the reader answers, the copy is read.
    with pytest.raises(AssertionError, match="was opened"):
        answer(partner, "And mine.")
        partner.client.get(day_path(today()))


def test_a_page_opens_only_the_copies_of_questions_the_reader_answered(linked, monkeypatch):
    owner, partner = linked
    for back in (2, 1, 0):
        answer(owner, f"Words {back}.", today() - timedelta(days=back))
    answer(partner, "Mine, today.")
    opened = []
    real = vault.entry_open_shared

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(args[0].pk)
        return real(*args, **kwargs)

    monkeypatch.setattr(vault, "entry_open_shared", counting)
    listed = partner.client.get(PAGE).content.decode()

    assert len(opened) == 1  # today's copy; never yesterday's or the day before's
    assert "You have both answered." in listed
    assert "Words 1." not in listed and "Words 2." not in listed


def test_after_both_answered_either_can_reply_with_prepared_words(linked):
    owner, partner = linked
    answer(owner, "I miss the plans we made.")
    before = owner.client.post(day_path(today(), "reply/"), {"reply": "thank-you"})
    assert before.status_code == 404  # nothing to reply to yet
    answer(partner, "I do too.")

    response = partner.client.post(day_path(today(), "reply/"), {"reply": "didnt-know"})

    assert response.status_code == 302
    shown = owner.client.get(day_path(today())).content.decode()
    assert "Their reply to you: I didn&#x27;t know that" in shown
    refused = owner.client.post(day_path(today(), "reply/"), {"reply": "Call me"})
    assert refused.status_code == 400
    assert "Please choose one of the replies offered." in refused.content.decode()
    assert len(answers.REPLIES) >= 5
    for words in ("Thank you for telling me", "Can we talk about this tonight?"):
        assert words in answers.REPLIES.values()


def test_skipping_leaves_nothing_but_the_persons_own_choice(linked):
    owner, partner = linked
    response = owner.client.post(day_path(today(), "skip/"), follow=True)
    assert "Skipped. Your partner is not told" in response.content.decode()
    assert not Entry.objects.filter(kind__in=[QUESTION_ANSWER, QUESTION_COPY]).exists()
    listed = owner.client.get(PAGE).content.decode()
    assert "No question is waiting for you today" in listed
    assert "The questions you answer gather here" in listed
    # Asked for, it comes back, and can still be answered.
    assert "Send my answer" in owner.client.get(f"{PAGE}?ask=today").content.decode()
    answer(owner, "After all.")


def test_only_when_i_ask_offers_no_question_until_asked(linked):
    owner, _ = linked
    owner.client.post(CHOICES, {"rhythm": "asked"})
    shown = owner.client.get(PAGE).content.decode()
    assert "Show me today's question" in shown and "Send my answer" not in shown
    asked = owner.client.get(f"{PAGE}?ask=today").content.decode()
    assert question_today(owner).text.replace("'", "&#x27;") in asked


def test_the_choices_are_checked_and_kept_privately(linked):
    owner, partner = linked
    refused = owner.client.post(CHOICES, {"rhythm": "hourly", "themes": ["gossip"]})
    assert refused.status_code == 400
    owner.client.post(CHOICES, {"rhythm": "few_days", "themes": ["children"]})
    kept = answers.settings_get(owner=owner.user, keys=owner.keys)
    assert (kept.rhythm, kept.themes) == ("few_days", ["children"])
    assert not PartnerWrap.objects.filter(entry__kind=answers.SETTINGS).exists()
    assert answers.settings_get(owner=partner.user, keys=partner.keys).themes == []


def _theme_day(person: Person, theme: str) -> date:
    """A day this week whose question, for someone who chose `theme`, is of that theme."""
    secret = talk(person).secret
    for n in range(answers.OPEN_DAYS):
        day = today() - timedelta(days=n)
        if books.question_of_day(secret, day, frozenset({theme})).theme.id == theme:
            return day
    raise AssertionError("no day of the theme this week")


def test_a_theme_only_one_chose_never_reaches_the_other(linked):
    owner, partner = linked
    owner.client.post(CHOICES, {"rhythm": "daily", "themes": ["another-pregnancy"]})
    day = _theme_day(owner, "another-pregnancy")
    theirs = answers.question_for(talk(owner), day)
    mine = answers.question_for(talk(partner), day)
    assert theirs.theme.id == "another-pregnancy" and not mine.theme.opt_in

    answer(owner, "Not yet, and maybe not.", day)
    answer(partner, "Tired.", day)

    for path in (PAGE, day_path(day)):
        shown = partner.client.get(path).content.decode()
        assert "Not yet, and maybe not." not in shown
        assert theirs.text.replace("'", "&#x27;") not in shown
    assert "Tired." not in owner.client.get(day_path(day)).content.decode()


def test_the_trying_again_theme_is_offered_only_to_those_who_opt_in(linked):
    owner, partner = linked
    days = [today() - timedelta(days=n) for n in range(answers.OPEN_DAYS)]
    assert all(not answers.question_for(talk(partner), d).theme.opt_in for d in days)
    owner.client.post(CHOICES, {"rhythm": "daily", "themes": ["another-pregnancy"]})
    offered = [answers.question_for(talk(owner), d).theme.id for d in days]
    assert offered.count("another-pregnancy") == 1


def test_hiding_a_conversation_is_for_oneself_only(linked):
    owner, partner = linked
    answer(owner, "Hard to say.")
    answer(partner, "Easier than I thought.")
    label = "Hard to say."
    response = owner.client.post(day_path(today(), "hide/"), {"hidden": "on"}, follow=True)
    listed = response.content.decode()
    assert "Hidden from your list." in listed and "1 conversation hidden" in listed
    assert "You have both answered." not in listed
    assert "You have both answered." in partner.client.get(PAGE).content.decode()
    assert label in owner.client.get(day_path(today())).content.decode()  # still there to open
    owner.client.post(f"{PAGE}hidden/show/")
    assert "You have both answered." in owner.client.get(PAGE).content.decode()


def test_past_conversations_are_listed_newest_first(linked):
    owner, partner = linked
    for back in (3, 0, 1):
        day = today() - timedelta(days=back)
        answer(owner, f"Mine {back}.", day)
    listed = owner.client.get(PAGE).content.decode()
    order = [
        listed.index(
            answers.question_for(talk(owner), today() - timedelta(days=back)).text.replace(
                "'", "&#x27;"
            )
        )
        for back in (0, 1, 3)
    ]
    assert order == sorted(order)


def test_pausing_takes_every_answer_back_and_hides_the_partners_until_resuming(linked):
    owner, partner = linked
    answer(owner, "Before the pause.")
    answer(partner, "Mine too.")

    owner.client.post("/together/pause/", {"paused": "on"})

    assert not Entry.objects.filter(owner=owner.user, kind=QUESTION_COPY).exists()
    for person, other_words in ((partner, "Before the pause."), (owner, "Mine too.")):
        assert other_words not in person.client.get(day_path(today())).content.decode()
    paused = owner.client.get(day_path(today())).content.decode()
    assert "Your sharing is paused, so your answer stays with you" in paused

    owner.client.post("/together/pause/", {"paused": "off"})

    assert "Before the pause." in partner.client.get(day_path(today())).content.decode()
    assert "Mine too." in owner.client.get(day_path(today())).content.decode()


def test_an_answer_given_while_paused_reaches_the_partner_on_resuming(linked):
    owner, partner = linked
    owner.client.post("/together/pause/", {"paused": "on"})
    response = owner.client.post(
        day_path(today()),
        {"question": question_today(owner).id, "text": "Said while paused."},
        follow=True,
    )
    assert "your answer stays with you until you resume" in response.content.decode()
    answer(partner, "Said openly.")
    assert "Said while paused." not in partner.client.get(day_path(today())).content.decode()
    owner.client.post("/together/pause/", {"paused": "off"})
    assert "Said while paused." in partner.client.get(day_path(today())).content.decode()


def test_leaving_takes_every_answer_of_both(linked):
    owner, partner = linked
    answer(owner, "Shared words.")
    answer(partner, "Other words.")
    therapist.question_mark(
        owner=partner.user,
        keys=partner.keys,
        question=question_today(partner).id,
        day=today(),
        on=True,
    )

    owner.client.post("/together/leave/")

    assert not Entry.objects.filter(kind__in=[QUESTION_ANSWER, QUESTION_COPY]).exists()
    assert not PartnerWrap.objects.exists()
    assert partner.client.get(PAGE).status_code == 302
    # The therapist list keeps only the question's words, never an answer.
    kept = therapist.report_lines(owner=partner.user, keys=partner.keys)
    assert len(kept) == 1 and "Shared words." not in kept[0] and "Other words." not in kept[0]


def test_an_answer_stays_as_given_and_is_checked(linked):
    owner, _ = linked
    question = question_today(owner).id
    empty = owner.client.post(day_path(today()), {"question": question, "text": "   "})
    assert empty.status_code == 400
    assert "Please write an answer, or skip this question." in empty.content.decode()
    long = owner.client.post(day_path(today()), {"question": question, "text": "x" * 2001})
    assert long.status_code == 400
    answer(owner, "First words.")
    again = owner.client.post(day_path(today()), {"question": question, "text": "Second."})
    assert again.status_code == 200  # the conversation, unchanged
    assert "Second." not in again.content.decode()
    assert answers.answer_own(talk(owner), today()).text == "First words."


def test_a_changed_question_keeps_the_words_typed(linked):
    owner, _ = linked
    response = owner.client.post(
        day_path(today()), {"question": "us-not-a-question", "text": "Kept words."}
    )
    assert response.status_code == 400
    shown = response.content.decode()
    assert "Kept words." in shown and "The question for this day changed" in shown
    assert f'value="{question_today(owner).id}"' in shown


def test_a_question_is_open_for_a_week_and_not_before_its_day(linked):
    owner, _ = linked
    assert owner.client.get(day_path(today() - timedelta(days=6))).status_code == 200
    assert owner.client.get(day_path(today() - timedelta(days=7))).status_code == 404
    assert owner.client.get(day_path(today() + timedelta(days=1))).status_code == 404
    assert owner.client.get(f"{PAGE}not-a-day/").status_code == 404
    earlier = owner.client.get(PAGE).content.decode()
    assert "Earlier questions this week" in earlier


def test_outside_a_space_the_questions_lead_to_the_together_page(outsider):
    assert outsider.client.get(PAGE)["Location"] == "/together/"
    assert outsider.client.get(day_path(today())).status_code == 302


def test_someone_from_another_couple_never_meets_this_couples_answers(linked, outsider):
    owner, partner = linked
    other = membership.invitation_create(inviter=outsider.user)
    from tests.conftest import make_person

    ash = make_person("ash")
    membership.invitation_accept(invitation=other.invitation, acceptor=ash.user)
    outsider.client.post(CHOICES, {"rhythm": "daily"})
    answer(owner, "Ours alone.")
    answer(partner, "Ours too.")
    answer(outsider, "Theirs.")
    for path in (PAGE, day_path(today())):
        shown = outsider.client.get(path).content.decode()
        assert "Ours alone." not in shown and "Ours too." not in shown
    assert not PartnerWrap.objects.filter(reader=outsider.user, entry__owner=owner.user).exists()
