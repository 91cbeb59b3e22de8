"""A positive answer to any safety item shows, on the very next screen and before any
score, the crisis line and emergency number for the person's country and "contact your
GP or doctor today". Proven for every positive value of every safety item of every
loaded instrument (a host-added one included), complete or not; a non-positive answer
does not show the crisis screen."""

from __future__ import annotations

import re

import pytest

from afterwards.accounts.profile import Profile, profile_save
from afterwards.support.helplines import urgent_help
from afterwards.wellbeing.catalogue import instruments
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
    assert 'href="/account/preferences/"' in main


def test_us_person_sees_us_numbers(owner):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="US"))

    response = owner.client.post("/wellbeing/phq9/", _post({9: 3}), follow=True)

    main = _main(response.content.decode())
    urgent = urgent_help("US")
    assert urgent.emergency is not None
    assert f">{urgent.emergency.phone_shown}</a>" in main
    assert ">999</a>" not in main
