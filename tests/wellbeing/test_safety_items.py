"""A positive answer to any safety item shows, on the very next screen and before any
score, the crisis line and emergency number for the person's country and "contact your
GP or doctor today". Proven for every positive value of every safety item of every
loaded instrument (a host-added one included), complete or not; a non-positive answer
does not show the crisis screen. With a question left out, a positive safety answer is
never held back to ask about it: the result is saved at once and the crisis help comes
first, as for any other."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from afterwards.accounts.profile import Profile, profile_save
from afterwards.support.helplines import urgent_help
from afterwards.vault.models import Entry
from afterwards.vault.services import entry_open, entry_put
from afterwards.wellbeing import services
from afterwards.wellbeing.catalogue import instruments
from afterwards.wellbeing.chart import Point, describe, safety_note
from afterwards.wellbeing.instrument import Instrument

CRISIS_HEADING = "Please reach out for help today"
GP_LINE = "Contact your GP or doctor today."


def _cases(positive: bool):  # type: ignore[no-untyped-def]
    """(instrument id, item, value) for every safety item of every loaded instrument."""
    from django.conf import settings

    from tests.wellbeing.conftest import FIXTURES

    before = settings.WELLBEING_INSTRUMENTS_DIR
    settings.WELLBEING_INSTRUMENTS_DIR = str(FIXTURES)  # the host-added instrument too
    try:
        loaded = instruments()
    finally:
        settings.WELLBEING_INSTRUMENTS_DIR = before
    cases = []
    for instrument in loaded.values():
        for rule in instrument.safety:
            values = [v for v in instrument.values if (v in rule.positive) == positive]
            cases += [
                pytest.param(instrument.id, rule.item, v, id=f"{instrument.id}-{rule.item}-{v}")
                for v in values
            ]
    return cases


def _safe_answers(instrument: Instrument) -> dict[int, int]:
    """Every item answered with a value that no safety rule counts as positive."""
    unsafe = {rule.item: rule.positive for rule in instrument.safety}
    return {
        item.n: next(v for v in instrument.values if v not in unsafe.get(item.n, ()))
        for item in instrument.items
    }


def _post(answers: dict[int, int]) -> dict[str, str]:
    return {f"item_{n}": str(value) for n, value in answers.items()}


def _headings(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page)
    ]


def _main(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


@pytest.fixture
def uk_owner(owner):  # type: ignore[no-untyped-def]
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="GB"))
    return owner


def test_every_loaded_instrument_with_a_safety_item_is_covered():
    covered = {case.values[0] for case in _cases(positive=True)}
    assert covered >= {"phq9", "pgs_shaped"}


@pytest.mark.parametrize("complete", [True, False], ids=["complete", "incomplete"])
@pytest.mark.parametrize(("key", "item", "value"), _cases(positive=True))
def test_a_positive_safety_answer_shows_crisis_help_first(
    uk_owner, host_folder, key, item, value, complete
):
    instrument = instruments()[key]
    answers = _safe_answers(instrument) if complete else {}
    answers[item] = value

    response = uk_owner.client.post(f"/wellbeing/{key}/", _post(answers), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/wellbeing/results/")
    main = _main(response.content.decode())
    # The heading read first is the crisis heading, and it is the page's only h1.
    assert _headings(main)[0] == CRISIS_HEADING
    assert main.count("<h1") == 1
    assert GP_LINE in main
    urgent = urgent_help("GB")
    assert urgent.emergency is not None
    assert f">{urgent.emergency.phone_shown}</a>" in main
    assert [line.phone_shown for line in urgent.crisis] == ["116 123"]  # Samaritans
    assert ">116 123</a>" in main
    # No score on this screen: it is one step further on.
    assert "Your total" not in main
    assert "Incomplete:" not in main
    assert "Where this falls" not in main
    score_link = re.search(r'href="(/wellbeing/results/[^"]+/score/)"', main)
    assert score_link
    # And one step on, the help is still above the score.
    score_page = _main(uk_owner.client.get(score_link.group(1)).content.decode())
    assert score_page.index("Help is here, today") < score_page.index("What your answers add up to")
    assert GP_LINE in score_page


def _one_left_out(instrument: Instrument, item: int, value: int) -> dict[int, int]:
    """Every item answered, the safety item as given, one other (non-safety) item left out."""
    answers = _safe_answers(instrument) | {item: value}
    safety = set(instrument.safety_items)
    del answers[next(n for n in answers if n not in safety)]
    return answers


@pytest.mark.parametrize(("key", "item", "value"), _cases(positive=True))
def test_a_positive_safety_answer_with_a_question_left_out_is_saved_at_once_with_crisis_help_first(
    uk_owner, host_folder, key, item, value
):
    instrument = instruments()[key]
    answers = _one_left_out(instrument, item, value)

    # "Save my answers", not "Save as it is": the result is not held back to ask first.
    response = uk_owner.client.post(f"/wellbeing/{key}/", _post(answers), follow=True)

    assert response.redirect_chain[0][0].startswith("/wellbeing/results/")
    entry = Entry.objects.get(owner=uk_owner.user, kind=services.RESULT_KIND)
    stored = entry_open(entry, uk_owner.keys)
    assert stored["answers"] == {str(n): v for n, v in answers.items()}
    assert stored["safety_positive"] is True
    main = _main(response.content.decode())
    assert _headings(main)[0] == CRISIS_HEADING
    assert GP_LINE in main
    assert ">116 123</a>" in main
    assert "no answer yet" not in main
    assert "Your total" not in main


@pytest.mark.parametrize(("key", "item", "value"), _cases(positive=False))
def test_a_non_positive_safety_answer_with_a_question_left_out_is_asked_about_without_crisis_help(
    owner, host_folder, key, item, value
):
    instrument = instruments()[key]
    answers = _one_left_out(instrument, item, value)

    response = owner.client.post(f"/wellbeing/{key}/", _post(answers))

    assert response.status_code == 200
    main = _main(response.content.decode())
    assert "has no answer yet." in main
    assert "Help is here, today" not in main
    assert CRISIS_HEADING not in main
    chosen = f'<input type="radio" name="item_{item}" value="{value}" id="[^"]+" checked>'
    assert re.search(chosen, main)
    assert not Entry.objects.filter(owner=owner.user, kind=services.RESULT_KIND).exists()


@pytest.mark.parametrize(("key", "item", "value"), _cases(positive=True))
def test_the_crisis_screen_comes_back_when_the_result_is_opened_again(
    owner, host_folder, key, item, value
):
    response = owner.client.post(f"/wellbeing/{key}/", _post({item: value}))

    again = owner.client.get(response["Location"]).content.decode()
    assert _headings(_main(again))[0] == CRISIS_HEADING


@pytest.mark.parametrize(("key", "item", "value"), _cases(positive=False))
def test_a_non_positive_safety_answer_does_not_show_the_crisis_screen(
    owner, host_folder, key, item, value
):
    instrument = instruments()[key]
    answers = _safe_answers(instrument) | {item: value}

    response = owner.client.post(f"/wellbeing/{key}/", _post(answers), follow=True)

    main = _main(response.content.decode())
    assert CRISIS_HEADING not in main
    assert "Help is here, today" not in main
    assert "Your total" in main


def test_without_a_country_the_crisis_screen_still_gives_help(owner):
    response = owner.client.post("/wellbeing/phq9/", _post({9: 1}), follow=True)

    main = _main(response.content.decode())
    assert "call your local emergency number" in main
    assert "https://findahelpline.com" in main
    assert GP_LINE in main
    assert 'action="/help/country/"' in main  # a country picker inside the box


def test_us_person_sees_us_numbers(owner):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="US"))

    response = owner.client.post("/wellbeing/phq9/", _post({9: 3}), follow=True)

    main = _main(response.content.decode())
    urgent = urgent_help("US")
    assert urgent.emergency is not None
    assert f">{urgent.emergency.phone_shown}</a>" in main
    assert ">999</a>" not in main


# --- A past result with a positive safety answer, wherever it is listed or charted ------

CUE = "One answer here was about hurting yourself."
HELP_LINK = '<a href="/help/">Help is here, any time.</a>'


def _save_result(person, key: str, answers: dict[int, int], days_ago: int):  # type: ignore[no-untyped-def]
    return services.result_save(
        owner=person.user,
        keys=person.keys,
        instrument=instruments()[key],
        answers=dict(answers),
        taken=timezone.now() - timedelta(days=days_ago),
    )


def _rows(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r"<tr>.*?</tr>", body, flags=re.DOTALL)


def test_a_listed_result_with_a_positive_safety_answer_has_help_beside_it(owner):
    phq9 = instruments()["phq9"]
    _save_result(owner, "phq9", _safe_answers(phq9), days_ago=30)
    _save_result(owner, "phq9", _safe_answers(phq9) | {9: 2}, days_ago=20)
    _save_result(owner, "phq9", {9: 1}, days_ago=10)  # incomplete, listed but not charted

    page = _main(owner.client.get("/wellbeing/").content.decode())

    rows = _rows(page)
    assert len(rows) == 3
    assert CUE not in rows[0]
    for row in rows[1:]:
        assert f"{CUE} {HELP_LINK}" in row
    assert "incomplete" in rows[2]


def test_a_charted_result_with_a_positive_safety_answer_is_named_beside_the_chart_and_in_its_words(
    owner,
):
    phq9 = instruments()["phq9"]
    _save_result(owner, "phq9", _safe_answers(phq9), days_ago=30)
    positive = _save_result(owner, "phq9", _safe_answers(phq9) | {9: 3}, days_ago=20)
    latest = _save_result(owner, "phq9", _safe_answers(phq9), days_ago=1)
    taken = owner.client.get(f"/wellbeing/results/{positive.id}/score/").context["result"].taken
    day = f"{taken.day} {taken:%B %Y}"
    words = f"One answer in the result of {day} was about hurting yourself."

    for path in ("/wellbeing/", f"/wellbeing/results/{latest.id}/"):
        page = _main(owner.client.get(path).content.decode())
        figure = page[page.index('<figure class="trend-figure">') : page.index("</figure>")]
        desc = re.search(r"<desc [^>]*>(.*?)</desc>", figure)
        assert desc
        assert desc.group(1).endswith(f"{words} Help is here, any time.")
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", figure)
        assert caption
        assert caption.group(1) == f"{words} {HELP_LINK}"
        assert sum(CUE in row for row in _rows(page)) == 1


def test_results_without_a_positive_safety_answer_have_no_help_cue(owner):
    phq9 = instruments()["phq9"]
    _save_result(owner, "phq9", _safe_answers(phq9), days_ago=30)
    latest = _save_result(owner, "phq9", _safe_answers(phq9), days_ago=1)

    for path in ("/wellbeing/", f"/wellbeing/results/{latest.id}/"):
        page = _main(owner.client.get(path).content.decode())
        assert '<figure class="trend-figure">' in page
        assert "about hurting yourself" not in page
        assert "<figcaption" not in page


def test_the_charts_words_name_every_result_with_a_positive_safety_answer():
    phq9 = instruments()["phq9"]
    points = [
        Point(datetime(2026, 1, 5, 12, tzinfo=UTC), 4, True),
        Point(datetime(2026, 2, 5, 12, tzinfo=UTC), 6, False),
        Point(datetime(2026, 3, 5, 12, tzinfo=UTC), 9, True),
    ]

    note = safety_note(points)

    assert note == (
        "One answer in each of the results of 5 January 2026 and 5 March 2026"
        " was about hurting yourself."
    )
    assert describe(phq9, points).endswith(f" {note} Help is here, any time.")
    assert safety_note([p._replace(safety_positive=False) for p in points]) == ""
    assert "hurting" not in describe(phq9, [p._replace(safety_positive=False) for p in points])


# --- A refused questionnaire with a positive safety answer ------------------------------


def _tampered(instrument: Instrument, item: int, value: int) -> dict[str, str]:
    """Every item answered, the safety item as given, another item's value tampered."""
    answers = _post(_safe_answers(instrument) | {item: value})
    other = next(n for n in (i.n for i in instrument.items) if n != item)
    answers[f"item_{other}"] = "99"
    return answers


@pytest.mark.parametrize(("key", "item", "value"), _cases(positive=True))
def test_a_refused_questionnaire_with_a_positive_safety_answer_shows_crisis_help_before_the_form(
    uk_owner, host_folder, key, item, value
):
    instrument = instruments()[key]

    response = uk_owner.client.post(f"/wellbeing/{key}/", _tampered(instrument, item, value))

    assert response.status_code == 400
    main = _main(response.content.decode())
    help_at = main.index("Help is here, today")
    assert help_at < main.index("<form")
    assert _headings(main)[:2] == [instrument.name, "Help is here, today"]
    assert GP_LINE in main
    assert main.index(GP_LINE) < main.index("<form")
    urgent = urgent_help("GB")
    assert urgent.emergency is not None
    assert main.index(f">{urgent.emergency.phone_shown}</a>") < main.index("<form")
    assert main.index(">116 123</a>") < main.index("<form")
    # The answers stay chosen, and nothing was saved.
    chosen = f'<input type="radio" name="item_{item}" value="{value}" id="[^"]+" checked>'
    assert re.search(chosen, main)
    assert not Entry.objects.filter(owner=uk_owner.user, kind=services.RESULT_KIND).exists()


@pytest.mark.parametrize(("key", "item", "value"), _cases(positive=False))
def test_a_refused_questionnaire_without_a_positive_safety_answer_has_no_crisis_box(
    owner, host_folder, key, item, value
):
    instrument = instruments()[key]

    response = owner.client.post(f"/wellbeing/{key}/", _tampered(instrument, item, value))

    assert response.status_code == 400
    assert "Help is here, today" not in _main(response.content.decode())


def test_a_refused_questionnaire_without_a_country_still_gives_help(owner):
    response = owner.client.post("/wellbeing/phq9/", {"item_9": "1", "difficulty": "7"})

    assert response.status_code == 400
    main = _main(response.content.decode())
    form_at = main.index("<form")
    assert main.index("call your local emergency number") < form_at
    assert main.index("https://findahelpline.com") < form_at
    assert main.index(GP_LINE) < form_at


# --- A stored result that no longer fits, or whose instrument is gone -------------------


def _store(person, content: dict[str, object]):  # type: ignore[no-untyped-def]
    """A result stored as an older version of the app, or another file, left it."""
    return entry_put(
        owner=person.user,
        keys=person.keys,
        kind=services.RESULT_KIND,
        index_value=None,
        content={"schema": 1, "taken": "2026-01-10T09:00:00+00:00", "share": False} | content,
    )


def test_new_results_store_whether_a_safety_item_was_positive(owner):
    positive = _save_result(owner, "phq9", {9: 1}, days_ago=1)
    negative = _save_result(owner, "phq9", {9: 0}, days_ago=1)
    without = _save_result(owner, "gad7", {1: 3}, days_ago=1)

    assert entry_open(positive, owner.keys)["safety_positive"] is True
    assert entry_open(negative, owner.keys)["safety_positive"] is False
    assert entry_open(without, owner.keys)["safety_positive"] is False


def test_a_result_that_no_longer_fits_its_instrument_still_shows_crisis_help(owner):
    # An older result (no stored fact) whose answers the file no longer has: item 5 is
    # out of range now, so it cannot be scored, but item 9 was answered positively.
    stored = _store(owner, {"instrument": "phq9", "answers": {"5": 7, "9": 2}})

    first = _main(owner.client.get(f"/wellbeing/results/{stored.id}/").content.decode())
    assert _headings(first)[0] == CRISIS_HEADING
    assert GP_LINE in first

    response = owner.client.get(f"/wellbeing/results/{stored.id}/score/")
    assert response.status_code == 200
    page = _main(response.content.decode())
    assert "can no longer be scored" in page
    assert page.index("Help is here, today") < page.index("can no longer be scored")
    assert GP_LINE in page
    assert 'class="urgent-numbers"' in page


def test_a_result_that_no_longer_fits_without_a_positive_safety_answer_shows_no_crisis_help(
    owner,
):
    stored = _store(owner, {"instrument": "phq9", "answers": {"5": 7, "9": 0}})

    page = _main(owner.client.get(f"/wellbeing/results/{stored.id}/").content.decode())

    assert "can no longer be scored" in page
    assert "Help is here, today" not in page
    assert CRISIS_HEADING not in page


def test_a_result_whose_instrument_is_gone_shows_crisis_help_from_what_it_stored(
    owner, host_folder, settings
):
    saved = owner.client.post("/wellbeing/pgs_shaped/", _post({8: 1}))
    assert saved.status_code == 302
    settings.WELLBEING_INSTRUMENTS_DIR = ""  # the host took the file away

    first = _main(owner.client.get(saved["Location"]).content.decode())
    assert _headings(first)[0] == CRISIS_HEADING

    page = _main(owner.client.get(f"{saved['Location']}score/").content.decode())
    assert "no longer offered" in page
    assert page.index("Help is here, today") < page.index("no longer offered")
    assert GP_LINE in page


def test_an_older_result_whose_instrument_is_gone_opens_without_the_stored_fact(owner):
    stored = _store(owner, {"instrument": "epds", "answers": {"10": 3}})

    response = owner.client.get(f"/wellbeing/results/{stored.id}/")

    assert response.status_code == 200
    page = _main(response.content.decode())
    assert "no longer offered" in page
    assert CRISIS_HEADING not in page  # nothing stored says so, and no file to read it by
