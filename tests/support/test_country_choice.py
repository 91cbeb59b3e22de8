"""Never a warning without a number: a country picker inside every urgent box and on the
help page when none is chosen, kept in the person's profile (or, logged out, in the help
page's address), and never a country guessed from the address, the browser's languages or
anything else a request carries."""

from __future__ import annotations

import pytest
from django.test import Client

from afterwards.accounts.profile import Profile, profile_get, profile_save
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn

HELP = "/help/"
CHOOSE = "/help/country/"
# What a browser, a proxy or a CDN may say about where someone is. None of it is asked.
HINTS = {
    "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
    "HTTP_CF_IPCOUNTRY": "GB",
    "HTTP_X_COUNTRY_CODE": "GB",
    "HTTP_CLOUDFRONT_VIEWER_COUNTRY": "GB",
    "HTTP_X_FORWARDED_FOR": "81.2.69.160",
    "REMOTE_ADDR": "81.2.69.160",
    "TZ": "Europe/London",
}


def _profile(person) -> Profile:  # type: ignore[no-untyped-def]
    return profile_get(owner=person.user, keys=person.keys)


def test_the_help_page_guesses_no_country_from_anything_a_request_carries(db):
    page = Client().get(HELP, **HINTS).content.decode()

    assert "your local emergency number" in page and "tel:" not in page
    assert '<option value="" selected>' in page and '"GB" selected' not in page


def test_a_logged_in_person_without_a_country_is_not_guessed_one_either(owner):
    page = owner.client.get(HELP, **HINTS).content.decode()

    assert "tel:" not in page and '"GB" selected' not in page
    assert _profile(owner).country == ""


def test_the_help_page_offers_to_keep_a_country_for_someone_who_has_none(owner):
    page = owner.client.get(HELP).content.decode()

    assert 'action="/help/country/"' in page and 'name="next" value="/help/"' in page
    assert "We keep it in your private settings" in page


def test_choosing_on_the_help_page_keeps_the_country_and_shows_its_numbers(owner):
    response = owner.client.post(CHOOSE, {"country": "US", "next": HELP}, **HINTS)

    assert response.status_code == 302 and response["Location"] == HELP
    assert _profile(owner).country == "US"
    page = owner.client.get(HELP).content.decode()
    assert 'href="tel:911"' in page and "Showing numbers for United States" in page
    assert 'action="/help/country/"' not in page  # chosen: the plain picker for another


def test_a_country_chosen_after_prefer_not_to_say_is_the_persons_own_choice(owner):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country_declined=True))

    owner.client.post(CHOOSE, {"country": "IE", "next": HELP})

    profile = _profile(owner)
    assert profile.country == "IE" and not profile.country_declined


def test_someone_logged_out_goes_to_the_help_page_for_that_country(db):
    response = Client().post(CHOOSE, {"country": "au", "next": "/journal/"})

    assert response.status_code == 302 and response["Location"] == "/help/?country=AU"


@pytest.mark.parametrize("value", ["", "zz", "GBR", "<script>"])
def test_a_choice_that_is_not_a_country_is_asked_for_again_with_help_still_shown(owner, value):
    response = owner.client.post(CHOOSE, {"country": value, "next": HELP})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Please choose a country from the list." in page
    assert "your local emergency number" in page and "<script>" not in page
    assert _profile(owner).country == ""


@pytest.mark.parametrize("wanted", ["https://example.org/", "//example.org/", "javascript:x"])
def test_the_way_back_is_always_this_sites_own(owner, wanted):
    response = owner.client.post(CHOOSE, {"country": "GB", "next": wanted})

    assert response["Location"] == HELP


def test_the_check_in_red_flag_box_carries_the_picker_and_comes_back_to_it(owner):
    from tests.journal.conftest import TODAY

    url = f"/journal/day/{TODAY.isoformat()}/"
    services.checkin_save(
        owner=owner.user, keys=owner.keys, checkin=CheckIn(day=TODAY, bleeding="heavy")
    )
    page = owner.client.get(url, **HINTS).content.decode()
    box = page[page.index('class="checkin-red-flags"') :]
    box = box[: box.index("</section>")]

    assert "your local emergency number" in box and "tel:" not in box
    assert f'name="next" value="{url}"' in box and 'target="_blank"' not in box

    owner.client.post(CHOOSE, {"country": "GB", "next": url})
    assert 'href="tel:999"' in owner.client.get(url).content.decode()


def test_a_page_showing_unsaved_answers_opens_the_help_page_in_a_new_tab(owner):
    """A refused questionnaire: going back to the page would lose what was chosen."""
    response = owner.client.post("/wellbeing/phq9/", {"item_9": "1", "difficulty": "7"})

    main = response.content.decode()
    assert response.status_code == 400
    form = main[main.index('class="country-pick"') - 80 :]
    form = form[: form.index("</form>")]
    assert 'target="_blank"' in form and 'name="next" value="/help/"' in form
    assert "nothing you wrote here is lost" in form


def test_the_crisis_screen_carries_the_picker(owner):
    response = owner.client.post("/wellbeing/phq9/", {f"item_{n}": "1" for n in range(1, 10)})
    page = owner.client.get(response["Location"]).content.decode()

    assert "call your local emergency number" in page
    assert 'action="/help/country/"' in page


def test_with_a_country_no_picker_is_drawn(owner):
    profile_save(owner=owner.user, keys=owner.keys, profile=Profile(country="US"))
    response = owner.client.post("/wellbeing/phq9/", {f"item_{n}": "1" for n in range(1, 10)})
    page = owner.client.get(response["Location"]).content.decode()

    assert 'href="tel:988"' in page and 'action="/help/country/"' not in page


def test_only_post_is_answered(db):
    assert Client().get(CHOOSE).status_code == 405
