"""The wellbeing pages through the test client: the list, a questionnaire, a result, the
schedule; who may see what; invalid input; results sealed in the vault."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from afterwards.vault.models import Entry
from afterwards.vault.services import entry_open
from afterwards.wellbeing import services
from afterwards.wellbeing.catalogue import instruments
from tests.wellbeing.conftest import answers_for_total

NOW = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW, tick=False)


def _post(answers: dict[int, int], **extra: str) -> dict[str, str]:
    return {f"item_{n}": str(value) for n, value in answers.items()} | extra


def _results(person):  # type: ignore[no-untyped-def]
    return Entry.objects.filter(owner=person.user, kind=services.RESULT_KIND)


def _save(person, key: str, total: int, taken: datetime = NOW) -> uuid.UUID:  # type: ignore[no-untyped-def]
    instrument = instruments()[key]
    entry = services.result_save(
        owner=person.user,
        keys=person.keys,
        instrument=instrument,
        answers=dict(answers_for_total(instrument, total)),
        taken=taken,
    )
    return entry.id


# --- The list -------------------------------------------------------------------------


def test_list_shows_each_instrument_with_what_it_asks_its_length_citation_and_licence(owner):
    response = owner.client.get("/wellbeing/")

    assert response.status_code == 200
    page = response.content.decode()
    for instrument in instruments().values():
        assert instrument.name in page
        assert instrument.about in page
        assert f"About {instrument.minutes} minute" in page
        assert instrument.citation in page
        assert instrument.licence.replace("'", "&#x27;") in page
        assert f'href="/wellbeing/{instrument.id}/"' in page


def test_each_licence_is_shown_exactly_once_on_every_page_with_its_questionnaires(owner):
    # A licence's words must be shown (PHQ-9 and GAD-7 share Pfizer's); once a page is enough.
    pfizer = "with an educational grant from Pfizer Inc."
    offered = instruments().values()
    sharing = [i.short_name for i in offered if pfizer in i.licence]
    assert len(sharing) >= 2, "the check needs questionnaires that share a licence"
    result = _save(owner, "phq9", 12)
    pages = ["/wellbeing/", "/wellbeing/phq9/", "/wellbeing/gad7/", f"/wellbeing/results/{result}/"]
    for path in pages:
        page = owner.client.get(path).content.decode()
        assert page.count(pfizer) == 1, path
    page = owner.client.get("/wellbeing/").content.decode()
    assert f"{' and '.join(sharing)}: " in page
    for instrument in offered:
        assert page.count(instrument.licence.replace("'", "&#x27;")) == 1, instrument.id


def test_list_shows_past_results_with_a_chart_and_a_table(owner):
    _save(owner, "phq9", 12, NOW - timedelta(days=30))
    _save(owner, "phq9", 7, NOW - timedelta(days=2))

    page = owner.client.get("/wellbeing/").content.decode()

    assert '<svg class="trend"' in page
    assert "2 complete PHQ-9 results, on a scale of 0 to 27: 12 on 26 February 2026, 7 on" in page
    assert "<caption>PHQ-9 results</caption>" in page
    assert "style=" not in page


def test_list_reads_results_without_a_query_per_result(owner, django_assert_max_num_queries):
    for days in range(6):
        _save(owner, "gad7", days, NOW - timedelta(days=days))
    with django_assert_max_num_queries(12):
        assert owner.client.get("/wellbeing/").status_code == 200


# --- The schedule and the gentle "due" note -------------------------------------------


def test_schedule_is_saved_in_the_vault_and_shown_again(owner):
    response = owner.client.post("/wellbeing/schedule/", {"phq9": "14", "gad7": "28", "pcl5": "0"})

    assert response.status_code == 302
    assert services.schedule_get(owner=owner.user, keys=owner.keys) == {
        "phq9": 14,
        "gad7": 28,
        "pcl5": 0,
    }
    entry = Entry.objects.get(owner=owner.user, kind=services.SCHEDULE_KIND)
    assert b"phq9" not in bytes(entry.blob)
    page = owner.client.get("/wellbeing/")
    assert page.context["schedule_form"].initial["gad7"] == 28


def test_a_schedule_that_is_not_a_choice_is_refused_and_kept(owner):
    response = owner.client.post("/wellbeing/schedule/", {"phq9": "7", "gad7": "28", "pcl5": "0"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_phq9_error"' in page
    assert "Please choose one of the three." in page
    assert response.context["schedule_form"].data["gad7"] == "28"
    assert not Entry.objects.filter(owner=owner.user, kind=services.SCHEDULE_KIND).exists()


def test_due_note_when_the_last_result_is_older_than_the_chosen_interval(owner):
    owner.client.post("/wellbeing/schedule/", {"phq9": "14", "gad7": "28", "pcl5": "0"})
    _save(owner, "phq9", 3, NOW - timedelta(days=40))
    _save(owner, "phq9", 3, NOW - timedelta(days=15))
    _save(owner, "gad7", 3, NOW - timedelta(days=15))

    page = owner.client.get("/wellbeing/").content.decode()

    assert "It has been more than 2 weeks since your last PHQ-9." in page
    assert "since your last GAD-7" not in page  # every 4 weeks: not yet
    assert "missed" not in page.lower()


def test_no_due_note_when_off_or_recent():
    assert not services.is_due(every_days=0, last_taken=NOW - timedelta(days=99), now=NOW)
    assert not services.is_due(every_days=14, last_taken=None, now=NOW)
    assert not services.is_due(every_days=14, last_taken=NOW - timedelta(days=14), now=NOW)
    assert services.is_due(every_days=14, last_taken=NOW - timedelta(days=15), now=NOW)


# --- Taking a questionnaire -----------------------------------------------------------


@pytest.mark.parametrize("key", ["phq9", "gad7", "pcl5"])
def test_questionnaire_shows_the_published_words(owner, key):
    instrument = instruments()[key]

    response = owner.client.get(f"/wellbeing/{key}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert instrument.stem in page
    if instrument.instructions:
        assert instrument.instructions in page
    for item in instrument.items:
        assert item.text.replace('"', "&quot;") in page
    assert page.count("<fieldset") == len(instrument.items) + (1 if instrument.difficulty else 0)
    for option in instrument.options:
        assert page.count(f">{option.label}</label>") == len(instrument.items)
    assert "only you can read them" in page
    assert instrument.citation in page


@pytest.mark.parametrize("key", ["phq9", "gad7", "pcl5"])
def test_every_item_is_described_by_the_stem_so_its_time_frame_is_heard_with_it(owner, key):
    instrument = instruments()[key]

    page = owner.client.get(f"/wellbeing/{key}/").content.decode()

    assert f'<p class="stem" id="stem">{instrument.stem}</p>' in page
    assert page.count('id="stem"') == 1
    fieldsets = re.findall(r"<fieldset[^>]*>\s*<legend>(.*?)</legend>", page, flags=re.DOTALL)
    described = re.findall(
        r'<fieldset aria-describedby="stem">\s*<legend><span class="item-number">(\d+)\.</span>',
        page,
    )
    assert described == [str(item.n) for item in instrument.items]
    # The difficulty question is not one of the stem's items, so it does not point at it.
    assert len(fieldsets) == len(described) + (1 if instrument.difficulty else 0)


def test_phq9_shows_the_difficulty_question_and_gad7_does_not(owner):
    phq9 = owner.client.get("/wellbeing/phq9/").content.decode()
    gad7 = owner.client.get("/wellbeing/gad7/").content.decode()

    question = "how difficult have these problems made it for you"
    assert question in phq9
    assert "Extremely difficult" in phq9
    assert question not in gad7


def test_owner_takes_the_phq9_and_reads_the_result(owner):
    answers = answers_for_total(instruments()["phq9"], 12)

    response = owner.client.post("/wellbeing/phq9/", _post(answers, difficulty="1"))

    assert response.status_code == 302
    entry = _results(owner).get()
    assert response["Location"] == f"/wellbeing/results/{entry.id}/"
    content = entry_open(entry, owner.keys)
    assert content["answers"] == {str(n): v for n, v in answers.items()}
    assert content["difficulty"] == 1
    assert content["share"] is False
    page = owner.client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your total: <strong>12</strong>, on a scale of 0 to 27." in text
    assert "<strong>moderate</strong> (10 to 14)" in text
    assert "This is worth talking about with your GP or therapist." in text
    assert "never a diagnosis" in text
    assert "Somewhat difficult</strong> (not scored)" in text
    assert "Private: only you can read this." in text
    assert instruments()["phq9"].citation in text


def test_below_the_threshold_there_is_no_talk_to_your_gp_line(owner):
    answers = answers_for_total(instruments()["phq9"], 9)
    response = owner.client.post("/wellbeing/phq9/", _post(answers))

    text = owner.client.get(response["Location"]).content.decode()

    assert "<strong>mild</strong> (5 to 9)" in text
    assert "worth talking about with your GP" not in text


def test_share_choice_is_stored_and_said_to_reach_no_partners_page(owner):
    answers = answers_for_total(instruments()["gad7"], 3)
    response = owner.client.post("/wellbeing/gad7/", _post(answers, share="on"))

    assert entry_open(_results(owner).get(), owner.keys)["share"] is True
    text = owner.client.get(response["Location"]).content.decode()
    assert "You marked this as one you would share with your partner" in text
    assert "It never appears on their pages" in text


def test_pcl5_result_shows_clusters_and_the_pattern_as_a_screen(owner):
    answers = {n: 2 for n in range(1, 21)}
    response = owner.client.post("/wellbeing/pcl5/", _post(answers))

    text = owner.client.get(response["Location"]).content.decode()

    assert "Your total: <strong>40</strong>, on a scale of 0 to 80." in text
    assert "above the suggested cut-off range" in text
    assert "Your answers match the DSM-5 symptom pattern" in text
    assert "never a diagnosis" in text
    assert "Intrusion (cluster B)" in text


def test_a_result_with_missing_answers_is_incomplete_and_shows_no_total(owner):
    answers = answers_for_total(instruments()["phq9"], 20)
    del answers[3]

    response = owner.client.post("/wellbeing/phq9/", _post(answers, incomplete="ok"))

    assert response.status_code == 302
    text = owner.client.get(response["Location"]).content.decode()
    assert "Incomplete:" in text
    assert "you answered 8 of 9 questions, so there is no total" in text
    assert "Your total" not in text
    assert "Where this falls" not in text
    assert "worth talking about with your GP" not in text
    assert "not answered" in text


def test_a_left_out_safety_item_offers_help_gently(owner):
    answers = {n: 0 for n in range(1, 9)}  # item 9 left out

    response = owner.client.post("/wellbeing/phq9/", _post(answers, incomplete="ok"))

    text = owner.client.get(response["Location"]).content.decode()
    assert "If you left a question out because it was hard to answer, help is here" in text
    assert 'class="urgent-numbers"' in text


# --- Questions left out: asked about first, saved as they are only when chosen ----------


def _main(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


def test_a_question_left_out_is_asked_about_before_anything_is_saved(owner):
    answers = answers_for_total(instruments()["gad7"], 9)
    del answers[7]

    response = owner.client.post("/wellbeing/gad7/", _post(answers, share="on"))

    # 200, not 400: nothing sent was wrong, the page asks rather than refuses.
    assert response.status_code == 200
    assert not _results(owner).exists()
    page = _main(response.content.decode())
    assert 'role="alert"' not in page
    note = page[page.index('<section class="help-box unanswered-note"') : page.index("</section>")]
    assert (
        '<a href="#question-7">Question 7</a> has no answer yet. You can answer it, or save as'
        " it is: a result with a question left out is kept, but has no total." in note
    )
    assert '<a href="#save">Go to the buttons to save</a>' in note
    # The note comes first, before the questions; its link leads to the question.
    assert page.index("unanswered-note") < page.index("<form")
    assert '<li id="question-7">' in page
    assert 'id="save"' in page
    # Beside item 7, and only there, a short note heard with its group.
    assert page.count("No answer yet. You can choose one, or leave it out.") == 1
    item7 = page[page.index('<li id="question-7">') :]
    item7 = item7[: item7.index("</li>")]
    assert 'aria-describedby="id_item_7_note stem"' in item7
    assert '<p class="due-note item-note" id="id_item_7_note">No answer yet.' in item7
    assert "help is here" not in item7  # not a safety item
    # Everything chosen is still chosen.
    for n, value in answers.items():
        radio = f'<input type="radio" name="item_{n}" value="{value}" id="id_item_{n}_{value}"'
        assert f"{radio} checked>" in page
    assert re.search(r'<input type="checkbox" name="share"[^>]* checked', page)
    # Two ways on, both plain submit buttons that work without JavaScript.
    assert '<button type="submit">Save my answers</button>' in page
    assert (
        '<button type="submit" name="incomplete" value="ok" class="button-secondary">'
        "Save as it is</button>" in page
    )
    assert "<title>Some questions have no answer yet · GAD-7" in response.content.decode()


def test_several_questions_left_out_are_each_named_and_linked(owner):
    response = owner.client.post("/wellbeing/gad7/", _post({1: 0, 3: 1, 4: 2, 6: 3}))

    assert response.status_code == 200
    page = _main(response.content.decode())
    assert (
        '<a href="#question-2">Question 2</a>, <a href="#question-5">question 5</a> and'
        ' <a href="#question-7">question 7</a> have no answer yet. You can answer them, or save'
        " as it is: a result with questions left out is kept, but has no total." in page
    )
    assert page.count("No answer yet. You can choose one, or leave it out.") == 3
    assert not _results(owner).exists()


def test_save_as_it_is_keeps_the_result_incomplete_with_no_total(owner):
    answers = answers_for_total(instruments()["phq9"], 14)
    del answers[4]
    held = owner.client.post("/wellbeing/phq9/", _post(answers, difficulty="2", share="on"))
    assert held.status_code == 200

    response = owner.client.post(
        "/wellbeing/phq9/", _post(answers, difficulty="2", share="on", incomplete="ok")
    )

    assert response.status_code == 302
    entry = _results(owner).get()
    assert response["Location"] == f"/wellbeing/results/{entry.id}/"
    content = entry_open(entry, owner.keys)
    assert content["answers"] == {str(n): v for n, v in answers.items()}
    assert content["difficulty"] == 2
    assert content["share"] is True
    text = owner.client.get(response["Location"]).content.decode()
    assert "you answered 8 of 9 questions, so there is no total" in text
    assert "Your total" not in text


def test_answering_the_question_left_out_saves_a_complete_result(owner):
    answers = answers_for_total(instruments()["gad7"], 6)
    partial = {n: v for n, v in answers.items() if n != 2}
    assert owner.client.post("/wellbeing/gad7/", _post(partial)).status_code == 200

    response = owner.client.post("/wellbeing/gad7/", _post(answers))

    assert response.status_code == 302
    text = owner.client.get(response["Location"]).content.decode()
    assert "Your total: <strong>6</strong>, on a scale of 0 to 21." in text
    assert _results(owner).count() == 1


def test_save_my_answers_again_with_the_question_still_left_out_asks_again(owner):
    partial = {n: 1 for n in range(1, 7)}
    owner.client.post("/wellbeing/gad7/", _post(partial))

    response = owner.client.post("/wellbeing/gad7/", _post(partial, incomplete="yes"))

    assert response.status_code == 200
    assert "Question 7</a> has no answer yet." in response.content.decode()
    assert not _results(owner).exists()


def test_a_complete_questionnaire_has_no_note_and_no_save_as_it_is_button(owner):
    page = owner.client.get("/wellbeing/gad7/").content.decode()

    assert "Save as it is" not in page
    assert "no answer yet" not in page
    assert "No answer yet" not in page
    assert '<button type="submit">Save my answers</button>' in page


def test_a_safety_item_left_out_is_named_with_a_gentle_line_about_help(owner):
    answers = {n: 0 for n in range(1, 9)}  # item 9 left out

    response = owner.client.post("/wellbeing/phq9/", _post(answers))

    assert response.status_code == 200
    page = _main(response.content.decode())
    item9 = page[page.index('<li id="question-9">') :]
    item9 = item9[: item9.index("</li>")]
    assert (
        "No answer yet. You can choose one, or leave it out. If this question is hard to"
        ' answer, <a href="/help/">help is here</a> whenever you need it.' in item9
    )
    assert page.count("No answer yet.") == 1  # not beside the difficulty question
    assert 'aria-describedby="id_difficulty_note"' not in page
    assert "Help is here, today" not in page  # nothing positive was answered
    assert not _results(owner).exists()


def test_save_as_it_is_with_nothing_answered_is_still_refused(owner):
    response = owner.client.post("/wellbeing/gad7/", {"incomplete": "ok", "share": "on"})

    assert response.status_code == 400
    assert "No answers were chosen yet." in response.content.decode()
    assert not _results(owner).exists()


def test_nothing_answered_is_refused_and_saves_nothing(owner):
    response = owner.client.post("/wellbeing/gad7/", {"share": "on"})

    assert response.status_code == 400
    assert "No answers were chosen yet." in response.content.decode()
    assert not _results(owner).exists()


@pytest.mark.parametrize("bad", ["4", "-1", "x", "1.5", ""])
def test_an_answer_out_of_range_is_refused_beside_its_field_and_saves_nothing(owner, bad):
    answers = {str(n): "1" for n in range(1, 10)}
    post = {f"item_{n}": v for n, v in answers.items()} | {"item_5": bad, "difficulty": "2"}
    if bad == "":
        post["difficulty"] = "9"  # the difficulty question out of range instead

    response = owner.client.post("/wellbeing/phq9/", post)

    assert response.status_code == 400
    page = response.content.decode()
    field = "difficulty" if bad == "" else "item_5"
    assert (
        f'<p class="error" id="id_{field}_error">Please choose one of the answers shown.</p>'
        in page
    )
    # An item's fieldset is described by its error, then the stem with the time frame.
    described = "id_difficulty_error" if bad == "" else "id_item_5_error stem"
    assert f'aria-describedby="{described}"' in page
    # What was chosen stays chosen.
    assert '<input type="radio" name="item_1" value="1" id="id_item_1_1" checked>' in page
    assert not _results(owner).exists()


def test_unknown_instrument_is_not_found(owner):
    assert owner.client.get("/wellbeing/epds/").status_code == 404
    assert owner.client.post("/wellbeing/epds/", {"item_1": "0"}).status_code == 404
    assert owner.client.get("/wellbeing/results/").status_code == 404
    assert not _results(owner).exists()


def test_a_host_added_instrument_is_offered_and_scored(owner, host_folder):
    assert (
        "Perinatal Grief Scale-shaped test fixture"
        in owner.client.get("/wellbeing/").content.decode()
    )
    answers = {n: 5 for n in range(1, 34)}

    response = owner.client.post("/wellbeing/pgs_shaped/", _post(answers))

    text = owner.client.get(response["Location"]).content.decode()
    assert "Your total: <strong>41</strong>, on a scale of 33 to 165." in text
    assert "Where this falls" not in text  # no validated bands
    assert "<caption>By group of questions</caption>" in text


# --- Who may see what -----------------------------------------------------------------

PAGES = ["/wellbeing/", "/wellbeing/phq9/"]


@pytest.mark.parametrize("path", PAGES + ["/wellbeing/schedule/"])
def test_a_stranger_is_sent_to_log_in(db, path):
    response = Client().get(path) if path != "/wellbeing/schedule/" else Client().post(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_a_stranger_is_sent_to_log_in_from_a_result(owner):
    result_id = _save(owner, "phq9", 3)
    for path in (f"/wellbeing/results/{result_id}/", f"/wellbeing/results/{result_id}/score/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/wellbeing/"),
        ("get", "/wellbeing/schedule/"),
        ("put", "/wellbeing/phq9/"),
        ("delete", "/wellbeing/phq9/"),
    ],
)
def test_wrong_method_is_refused(owner, method, path):
    assert getattr(owner.client, method)(path).status_code == 405


def test_wrong_method_on_a_result_is_refused(owner):
    result_id = _save(owner, "phq9", 3)
    assert owner.client.post(f"/wellbeing/results/{result_id}/").status_code == 405
    assert owner.client.post(f"/wellbeing/results/{result_id}/score/").status_code == 405


def test_an_outsider_never_sees_anothers_result(owner, outsider, partner):
    result_id = _save(owner, "phq9", 21)
    positive = services.result_save(
        owner=owner.user,
        keys=owner.keys,
        instrument=instruments()["phq9"],
        answers={9: 3},
    ).id
    for someone in (outsider, partner):
        for rid in (result_id, positive):
            for path in (f"/wellbeing/results/{rid}/", f"/wellbeing/results/{rid}/score/"):
                assert someone.client.get(path).status_code == 404
        assert owner.user.username not in someone.client.get("/wellbeing/").content.decode()
        assert "21 on" not in someone.client.get("/wellbeing/").content.decode()


def test_an_unknown_result_is_not_found(owner):
    assert owner.client.get(f"/wellbeing/results/{uuid.uuid4()}/").status_code == 404


def test_another_kind_of_entry_is_not_a_result(owner):
    owner.client.post("/wellbeing/schedule/", {"phq9": "14", "gad7": "0", "pcl5": "0"})
    schedule = Entry.objects.get(owner=owner.user, kind=services.SCHEDULE_KIND)
    assert owner.client.get(f"/wellbeing/results/{schedule.id}/").status_code == 404


def test_results_are_sealed_in_the_database(owner):
    answers = answers_for_total(instruments()["pcl5"], 37)
    owner.client.post("/wellbeing/pcl5/", _post(answers))

    entry = _results(owner).get()
    assert entry.index is None
    blob = bytes(entry.blob)
    assert b"pcl5" not in blob
    assert b"answers" not in blob


# --- Help beside "worth talking about", in the severe band -------------------------------

# The published bands the files must hold (clinical-facts.md): PHQ-9 20-27, GAD-7 15-21.
SEVERE = {"phq9": (20, 27), "gad7": (15, 21)}


def _worth_talking(page: str) -> str:
    found = re.search(r'<p class="worth-talking">.*?</p>', page, re.DOTALL)
    return found.group(0) if found else ""


@pytest.mark.parametrize("key", list(SEVERE))
def test_the_severe_band_puts_the_help_link_beside_worth_talking_about(owner, key):
    instrument = instruments()[key]
    (severe,) = [band for band in instrument.bands if band.key == "severe"]
    assert (severe.low, severe.high) == SEVERE[key]
    assert instrument.worth_talking_about_at is not None

    for total in range(instrument.worth_talking_about_at, instrument.score_range[1] + 1):
        result = _save(owner, key, total)
        # The score's own page: with item 9 positive (a total of 25 or more here), the
        # result's first screen is the crisis help, and the score one step further on.
        page = owner.client.get(f"/wellbeing/results/{result}/score/").content.decode()
        worth = _worth_talking(page)
        assert "worth talking about with your GP" in worth, total
        assert ('<a href="/help/">help is here, day or night</a>' in worth) is severe.holds(
            total
        ), total


def test_below_the_threshold_there_is_no_worth_talking_line_and_no_link_in_its_place(owner):
    result = _save(owner, "phq9", 9)

    page = owner.client.get(f"/wellbeing/results/{result}/").content.decode()

    assert _worth_talking(page) == ""
