"""The Body page through the client: what the owner sees, what they can change, and
that it is theirs alone."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import pytest

from afterwards.body import services
from afterwards.journal import services as journal
from afterwards.journal.checkin import CheckIn
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.vault.models import Entry
from tests.conftest import make_person

TODAY = date(2026, 5, 20)
LOSS = date(2026, 1, 5)
FIRST_RETURN = date(2026, 2, 12)


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 5, 20, 12, 0, tzinfo=UTC), tick=False)


def bleed(person, start: date, count: int, value: str = "medium") -> None:  # type: ignore[no-untyped-def]
    for i in range(count):
        day = start + timedelta(days=i)
        journal.checkin_save(
            owner=person.user, keys=person.keys, checkin=CheckIn(day=day, bleeding=value)
        )


def after_a_loss(person, kind: str = "") -> None:  # type: ignore[no-untyped-def]
    about = AboutLoss(loss_date=LOSS, kind=kind)
    about_loss_save(owner=person.user, keys=person.keys, about=about)
    bleed(person, LOSS, 6, "heavy")
    bleed(person, FIRST_RETURN, 4)


def test_a_stranger_is_sent_to_log_in(client, db):  # type: ignore[no-untyped-def]
    response = client.get("/body/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_an_empty_journal_is_invited_not_pressed(owner):  # type: ignore[no-untyped-def]
    page = owner.client.get("/body/").content.decode()
    assert "When you note bleeding in a check-in" in page
    assert "Was this a period?" not in page


def test_the_bleeding_of_the_loss_gets_calm_words_and_no_question(owner, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 1, 12, 12, 0, tzinfo=UTC), tick=False)
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(loss_date=LOSS))
    bleed(owner, LOSS, 6, "heavy")
    page = owner.client.get("/body/").content.decode()
    assert "There is nothing you need to do here" in page
    assert "Was this a period?" not in page
    for word in ("late", "irregular", "normal"):
        assert f" {word}" not in page.split("<main", 1)[-1].lower()


def test_the_owner_is_asked_whether_bleeding_that_came_back_was_a_period(owner):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    page = owner.client.get("/body/").content.decode()
    assert "Bleeding came back on 12 February 2026" in page
    assert "Was this a period?" in page
    assert "I&#x27;m not sure" in page or "I'm not sure" in page


def test_a_yes_is_kept_in_the_vault_and_makes_the_period_count(owner, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 2, 25, 12, 0, tzinfo=UTC), tick=False)
    after_a_loss(owner)
    response = owner.client.post("/body/period/", {"day": "2026-02-12", "answer": "yes"})
    assert response.status_code == 302
    marks = services.marks_get(owner=owner.user, keys=owner.keys)
    assert marks.periods == {FIRST_RETURN}
    page = owner.client.get("/body/").content.decode()
    assert "Bleeding came back on 12 February 2026" not in page
    assert "Periods and cycles" in page and "12 February 2026" in page
    assert "no full cycles after yours yet" in page


def test_not_sure_sets_the_question_aside_without_counting_it(owner):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    owner.client.post("/body/period/", {"day": "2026-02-12", "answer": "unsure"})
    page = owner.client.get("/body/").content.decode()
    assert "Questions you set aside (1)" in page
    assert "Periods and cycles" not in page


def test_a_missing_answer_is_a_400_with_the_message_beside_it_and_nothing_saved(owner):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    response = owner.client.post("/body/period/", {"day": "2026-02-12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error" id="id_20260212_answer_error"' in page
    assert "Please choose one of the three answers." in page
    assert not Entry.objects.filter(owner=owner.user, kind=services.KIND).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"day": "2026-03-01", "answer": "yes"},  # no bleeding came back that day
        {"day": "not a day", "answer": "yes"},
        {"day": "2026-02-12", "answer": "maybe"},
        {"answer": "yes"},
    ],
)
def test_a_tampered_answer_is_a_calm_400_and_nothing_saved(owner, data):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    response = owner.client.post("/body/period/", data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Entry.objects.filter(owner=owner.user, kind=services.KIND).exists()


def regular_periods(person) -> list[date]:  # type: ignore[no-untyped-def]
    """Four periods 28 days apart after the loss, and a check-in every other day between
    them, so that the later ones are seen to come after dry days and taken as periods."""
    after_a_loss(person)
    starts = [FIRST_RETURN + timedelta(days=28 * i) for i in range(1, 4)]
    for start in starts:
        for day in range(-23, 0, 2):
            bleed(person, start + timedelta(days=day), 1, "none")
        bleed(person, start, 5)
    services.period_answer(owner=person.user, keys=person.keys, day=FIRST_RETURN, answer="yes")
    return [FIRST_RETURN, *starts]


def test_the_owner_sees_their_cycles_the_next_period_as_a_range_and_today(owner):  # type: ignore[no-untyped-def]
    regular_periods(owner)
    page = owner.client.get("/body/").content.decode()
    assert "28 days" in page
    assert "The time from your loss to the first period after it is never counted" in page
    assert "This blends what is usual for most people with your last 3 cycles." in page
    assert "Likely between" in page and "80% range" in page
    assert "By our estimate, today is in" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "cycle-range" in page
    assert 'aria-labelledby="cycle-strip-summary"' in page


def test_a_cycle_left_out_leaves_the_averages_and_can_be_counted_again(owner):  # type: ignore[no-untyped-def]
    starts = regular_periods(owner)
    response = owner.client.post(
        "/body/leave-out/", {"day": starts[1].isoformat(), "leave_out": "yes"}
    )
    assert response.status_code == 302
    page = owner.client.get("/body/").content.decode()
    assert "Left out" in page and "your last 2 cycles" in page
    owner.client.post("/body/leave-out/", {"day": starts[1].isoformat(), "leave_out": "no"})
    page = owner.client.get("/body/").content.decode()
    assert "your last 3 cycles" in page


def test_leaving_out_a_day_that_starts_no_cycle_is_a_400(owner):  # type: ignore[no-untyped-def]
    regular_periods(owner)
    response = owner.client.post("/body/leave-out/", {"day": "2026-03-01", "leave_out": "yes"})
    assert response.status_code == 400
    assert "no longer one we can ask about" in response.content.decode()
    assert services.marks_get(owner=owner.user, keys=owner.keys).excluded == set()


def test_a_period_taken_from_the_bleeding_can_be_called_not_a_period(owner):  # type: ignore[no-untyped-def]
    starts = regular_periods(owner)
    owner.client.post("/body/period/", {"day": starts[2].isoformat(), "answer": "no"})
    page = owner.client.get("/body/").content.decode()
    assert "Bleeding you said was not a period" in page
    assert "56 days" in page


def test_fertile_days_appear_only_once_turned_on_and_always_with_the_plain_statement(owner):  # type: ignore[no-untyped-def]
    regular_periods(owner)
    page = owner.client.get("/body/").content.decode()
    assert "is not contraception" in page
    assert "fertile days could fall" not in page
    response = owner.client.post("/body/fertile-days/", {"show": "on"})
    assert response.status_code == 302
    page = owner.client.get("/body/").content.decode()
    assert "fertile days could fall between" in page and "is not contraception" in page
    owner.client.post("/body/fertile-days/", {})
    assert "fertile days could fall" not in owner.client.get("/body/").content.decode()


def test_an_outsider_sees_only_their_own_body_page(owner, outsider):  # type: ignore[no-untyped-def]
    regular_periods(owner)
    page = outsider.client.get("/body/").content.decode()
    assert "12 February 2026" not in page and "Periods and cycles" not in page
    response = outsider.client.post("/body/period/", {"day": "2026-02-12", "answer": "no"})
    assert response.status_code == 400
    assert services.marks_get(owner=owner.user, keys=owner.keys).periods == {FIRST_RETURN}


def test_the_page_reads_a_long_journal_in_a_fixed_number_of_queries(
    owner, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    regular_periods(owner)
    owner.client.get("/body/")  # the session is warm
    with django_assert_max_num_queries(8) as few:
        owner.client.get("/body/")
    bleed(owner, date(2026, 5, 1), 15, "none")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert owner.client.get("/body/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_answers_are_unreadable_at_rest():  # type: ignore[no-untyped-def]
    from tests.journal.test_checkin_at_rest import _stored_bytes
    from tests.security.test_nothing_readable_at_rest import hits

    person = make_person(f"wren{secrets.token_hex(3)}")
    after_a_loss(person)
    person.client.post("/body/period/", {"day": "2026-02-12", "answer": "yes"})
    person.client.post("/body/fertile-days/", {"show": "on"})
    # What was written opens again for its owner, or the search below proves nothing.
    marks = services.marks_get(owner=person.user, keys=person.keys)
    assert marks.periods == {FIRST_RETURN} and marks.fertile_window
    stored = _stored_bytes()
    assert person.user.username.encode() in stored, "positive control: names are in clear"
    secrets_ = {
        "answer": '"periods":["2026-02-12"]',
        "the day": "2026-02-12",
        "preference": '"fertile_window":true',
        "field name": '"not_periods"',
    }
    assert hits(stored, secrets_) == []


def test_waiting_past_the_range_says_so_without_dates(owner):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    services.period_answer(owner=owner.user, keys=owner.keys, day=FIRST_RETURN, answer="yes")
    # One period, on 12 February, and nothing since by 20 May.
    page = owner.client.get("/body/").content.decode()
    assert "It has been longer than the range we could estimate" in page
    assert "Likely between" not in page


def main_of(page: str) -> str:
    return page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_a_person_who_never_noted_bleeding_sees_only_a_neutral_intro(owner):  # type: ignore[no-untyped-def]
    # A partner who filled in About your loss, checking in for months, never bleeding.
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(loss_date=LOSS))
    for i in range(0, 130, 3):
        day = LOSS + timedelta(days=i)
        checkin = CheckIn(day=day, mood=3, bleeding="none" if i % 2 else None)
        journal.checkin_save(owner=owner.user, keys=owner.keys, checkin=checkin)
    response = owner.client.get("/body/")
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert "No bleeding has been noted in your check-ins since the loss" in page
    assert "If it does not apply to you, there is nothing you need to do here." in page
    for assumed in (
        "longer than the range",
        "care team",
        "<svg",
        "Was this a period?",
        "days with bleeding noted",
        "The first period after a loss",
        "There is no period since your loss",
        "your cycle",
        "your body",
        "Fertile days",
        "Ovulation",
        'id="phase-heading"',
    ):
        assert assumed.lower() not in page.lower(), assumed


# About two weeks is what the facts say after a miscarriage [S25]; for any other kind, or
# none named, the page says it can come first and leaves the timing to the care team.
OVULATION_FIRST = {
    "miscarriage": "Ovulation can come before the first period after a miscarriage, from about",
    "": "Ovulation can come before the first period after a loss. Your care team can tell you",
}


@pytest.mark.parametrize(
    "kind", ["miscarriage", "", "ectopic", "molar", "stillbirth", "tfmr", "other"]
)
def test_before_a_first_period_the_fertile_box_says_ovulation_can_come_first_in_words_for_the_loss(
    owner, kind
):  # type: ignore[no-untyped-def]
    after_a_loss(owner, kind)
    sentence = OVULATION_FIRST.get(kind, OVULATION_FIRST[""])
    page = owner.client.get("/body/").content.decode()
    assert sentence in page and "is not contraception" in page  # even with the estimate off
    owner.client.post("/body/fertile-days/", {"show": "on"})
    page = owner.client.get("/body/").content.decode()
    assert "There is no estimate yet: it would start from the first period" in page
    assert sentence in page and "is not contraception" in page
    fertile = main_of(page).split('id="fertile-heading"', 1)[1]
    assert ("two weeks" in fertile) == (kind == "miscarriage")
    assert ("miscarriage" in fertile) == (kind == "miscarriage")


@pytest.mark.parametrize("periods", [False, True], ids=["before-a-period", "with-cycles"])
def test_the_fertile_days_heading_shows_only_once_the_estimate_is_turned_on(owner, periods):  # type: ignore[no-untyped-def]
    regular_periods(owner) if periods else after_a_loss(owner)
    page = main_of(owner.client.get("/body/").content.decode())
    assert "Fertile days" not in page and "An estimate you can turn on" in page
    assert "Show an estimate of fertile days" in page  # the switch is still there
    owner.client.post("/body/fertile-days/", {"show": "on"})
    page = main_of(owner.client.get("/body/").content.decode())
    assert '<h2 id="fertile-heading">Fertile days</h2>' in page
    owner.client.post("/body/fertile-days/", {})
    assert "Fertile days" not in main_of(owner.client.get("/body/").content.decode())


@pytest.mark.parametrize("kind", ["miscarriage", "", "ectopic", "stillbirth", "tfmr"])
def test_the_first_period_range_says_its_figures_may_not_fit_a_loss_other_than_a_miscarriage(
    owner, time_machine, kind
):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 1, 20, 12, 0, tzinfo=UTC), tick=False)
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(loss_date=LOSS, kind=kind))
    bleed(owner, LOSS, 6, "heavy")
    page = owner.client.get("/body/").content.decode()
    assert "The first period after a loss" in page and "For many people it comes between" in page
    caveat = "The figures it starts from may not fit every kind of loss"
    assert (caveat in page) == (kind != "miscarriage")


def test_with_periods_but_no_range_the_fertile_box_says_why_without_naming_the_first_period(owner):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    services.period_answer(owner=owner.user, keys=owner.keys, day=FIRST_RETURN, answer="yes")
    owner.client.post("/body/fertile-days/", {"show": "on"})
    page = owner.client.get("/body/").content.decode()
    assert "this cycle has gone on longer than that range" in page
    assert "Ovulation can still come before the next period." in page
    assert "is not contraception" in page
    assert "first period" not in main_of(page).split('id="fertile-heading"', 1)[1]


def test_only_the_earliest_return_is_asked_about_and_the_page_says_what_a_yes_does(owner):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    second, third = FIRST_RETURN + timedelta(days=30), FIRST_RETURN + timedelta(days=60)
    bleed(owner, second, 4)
    bleed(owner, third, 4)
    page = owner.client.get("/body/").content.decode()
    assert page.count('class="body-question"') == 1
    assert "Bleeding came back on 12 February 2026" in page
    assert "Bleeding came back on 14 March 2026" not in page
    assert "Bleeding came back 2 more times after this" in page
    assert "If you say yes, it counts as the first period since your loss" in page
    assert "after two weeks or more with no bleeding noted" in page
    assert "more than two weeks without" not in page
    owner.client.post("/body/period/", {"day": "2026-02-12", "answer": "no"})
    page = owner.client.get("/body/").content.decode()
    assert page.count('class="body-question"') == 1
    assert "Bleeding came back on 14 March 2026" in page
    assert "Bleeding came back 1 more time after this" in page


def test_a_later_return_after_days_with_no_check_in_is_asked_about_not_counted(owner):  # type: ignore[no-untyped-def]
    after_a_loss(owner)
    services.period_answer(owner=owner.user, keys=owner.keys, day=FIRST_RETURN, answer="yes")
    second = FIRST_RETURN + timedelta(days=30)
    bleed(owner, second, 4)  # and no check-in at all in the 26 days before it
    page = owner.client.get("/body/").content.decode()
    assert "Bleeding came back on 14 March 2026" in page
    assert "check-ins were noted on fewer than half of the days before it" in page
    assert "Not while a question about bleeding in it is open" in page
    owner.client.post("/body/period/", {"day": "2026-03-14", "answer": "yes"})
    page = owner.client.get("/body/").content.decode()
    assert "Was this a period?" not in page and "30 days" in page


def test_a_range_counted_from_before_an_open_question_says_so(owner, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 20, 12, 0, tzinfo=UTC), tick=False)
    after_a_loss(owner)
    services.period_answer(owner=owner.user, keys=owner.keys, day=FIRST_RETURN, answer="yes")
    bleed(owner, FIRST_RETURN + timedelta(days=30), 4)  # no check-in in the days before
    page = owner.client.get("/body/").content.decode()
    assert "Likely between" in page
    assert "This counts from the period on 12 February 2026." in page
    assert "A question about bleeding since then is still open" in page


def test_each_cell_of_the_cycle_table_names_its_column_for_small_screens(owner):  # type: ignore[no-untyped-def]
    regular_periods(owner)
    page = owner.client.get("/body/").content.decode()
    assert '<th scope="col">Cycle length</th>' in page  # the table's own headers stay
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == 4
    for row in rows:
        for column in ("Period began", "Cycle length", "In the averages", "Change"):
            assert f'<span class="cell-label" aria-hidden="true">{column}</span>' in row


def test_the_range_is_described_no_stronger_than_the_checks_measured(owner):  # type: ignore[no-untyped-def]
    regular_periods(owner)
    page = owner.client.get("/body/").content.decode()
    assert "about four times in five" not in page
    assert "In our checks on simulated cycles it held the day about 7 to 8 times in 10" in page


def test_nothing_on_the_page_claims_a_phase_is_known(owner, time_machine):  # type: ignore[no-untyped-def]
    starts = regular_periods(owner)
    time_machine.move_to(
        datetime.combine(starts[-1] + timedelta(days=8), datetime.min.time(), tzinfo=UTC)
    )
    page = main_of(owner.client.get("/body/").content.decode())
    assert "By our estimate, today is in" in page
    assert "counted back from the next period" in page
    assert "(estimated)" in page
    for claim in ("certain", "is known", "exactly", "for sure"):
        assert claim not in page.lower(), claim


def test_weeks_after_a_loss_with_no_period_yet_the_page_shows_a_range_not_an_error(
    owner, time_machine
):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 2, 6, 12, 0, tzinfo=UTC), tick=False)  # 32 days on
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(loss_date=LOSS))
    bleed(owner, LOSS, 6, "heavy")
    response = owner.client.get("/body/")
    assert response.status_code == 200
    assert "For many people it comes between" in response.content.decode()


def test_the_drawings_words_count_only_the_days_it_draws_and_name_no_phases_before_a_period(
    owner,
):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(loss_date=LOSS))
    bleed(owner, LOSS, 6, "heavy")  # more than four months ago: outside the drawing
    bleed(owner, date(2026, 5, 1), 3)  # a return, still a question
    page = owner.client.get("/body/").content.decode()
    summary = page.split('id="cycle-strip-summary">', 1)[1].split("</figcaption>", 1)[0]
    assert "3 days with bleeding noted" in summary
    assert "with no period since the loss" in summary and "phases estimated" not in summary
    legend = page.split('class="cycle-legend"', 1)[1].split("</ul>", 1)[0]
    assert "(estimated)" not in legend and "Dashed outline" not in legend
    assert "we will ask you whether it was a period" not in page  # it is being asked
