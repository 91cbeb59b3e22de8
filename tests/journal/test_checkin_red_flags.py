"""The red-flag box on the day's page: after a save, on a refused post, with the right
urgent numbers for the person's country, and the ectopic wording when it applies."""

from __future__ import annotations

import re
from datetime import date

import pytest

from afterwards.accounts.profile import Profile, profile_save
from afterwards.journal import services
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.vault.models import Entry
from tests.journal.conftest import TODAY, write

URL = "/journal/day/2026-03-28/"
BOX = 'class="checkin-red-flags" role="alert"'


def _country(person, code: str) -> None:  # type: ignore[no-untyped-def]
    profile_save(owner=person.user, keys=person.keys, profile=Profile(country=code))


def _box(html: str) -> str:
    start = html.index(BOX)
    return html[start : html.index("</section>", start)]


def test_a_day_without_red_flags_has_no_box(owner):
    owner.client.post(URL, {"bleeding": "light", "pain": "4", "symptoms": ["cramps"]})

    page = owner.client.get(URL)
    assert page.context["flags"] == []
    assert BOX not in page.content.decode()


@pytest.mark.parametrize(
    ("posted", "title"),
    [
        ({"bleeding": "heavy"}, "Heavy bleeding."),
        ({"pain": "8"}, "Pain of 8 out of 10."),
        ({"symptoms": "shoulder_tip_pain"}, "Shoulder-tip pain."),
        ({"symptoms": "fever"}, "Fever."),
        (
            {"symptoms": "dizziness"},
            "Dizziness, feeling faint, looking very pale, or a fast heartbeat.",
        ),
        ({"symptoms": "discharge"}, "Unusual discharge."),
        ({"symptoms": "one_sided_pain"}, "Pain on one side of your tummy."),
        ({"symptoms": "worsening_pain"}, "Pain that is getting worse."),
        (
            {"symptoms": "pain_toilet_sickness"},
            "Pain when peeing or pooing, diarrhoea or being sick.",
        ),
    ],
)
def test_after_saving_a_red_flag_the_page_shows_the_box_first(owner, posted, title):
    response = owner.client.post(URL, posted, follow=True)

    html = response.content.decode()
    box = _box(html)
    assert title in box
    # The box comes before the form: a screen reader meets it first, as an alert.
    assert html.index(BOX) < html.index('<form method="post" novalidate class="checkin">')
    assert '<h2 id="red-flags-title">' in box


def test_dizziness_heads_the_box_with_get_help_now(owner):
    owner.client.post(URL, {"symptoms": ["dizziness", "fever"]})

    box = _box(owner.client.get(URL).content.decode())
    assert "Please get help now" in box
    assert box.index("Dizziness") < box.index("Fever")


def test_the_form_offers_each_pain_red_flag_to_tick(owner):
    html = owner.client.get(URL).content.decode()

    for value, label in (
        ("one_sided_pain", "Pain on one side of your tummy"),
        ("worsening_pain", "Pain that is getting worse"),
        ("pain_toilet_sickness", "Pain when peeing or pooing, diarrhoea or being sick"),
    ):
        assert f'name="symptoms" value="{value}"' in html
        assert f"<span>{label}</span>" in html


def test_the_bleeding_field_says_what_heavy_means_and_is_described_by_it(owner):
    html = owner.client.get(URL).content.decode()

    assert '<fieldset aria-describedby="id_bleeding_helptext">' in html
    help_ = (
        '<p class="help" id="id_bleeding_helptext">Heavy: soaking through a pad in an hour '
        "or less, or passing large clots.</p>"
    )
    assert help_ in html
    # Beside its own group: after the bleeding choices, before the pain ones.
    assert html.index('id="id_bleeding_4"') < html.index(help_) < html.index('id="id_pain_0"')


@pytest.mark.parametrize(
    ("posted", "first"),
    [
        ({"bleeding": "heavy", "pain": "8"}, "Pain of 8 out of 10, with heavy bleeding."),
        (
            {"symptoms": "dizziness", "pain": "9"},
            "Dizziness, feeling faint, looking very pale, or a fast heartbeat.",
        ),
    ],
)
def test_severe_pain_with_heavy_bleeding_or_dizziness_heads_the_box_with_the_emergency_number(
    owner, posted, first
):
    _country(owner, "GB")
    owner.client.post(URL, posted)

    box = _box(owner.client.get(URL).content.decode())
    assert '<h2 id="red-flags-title">Please get help now</h2>' in box
    items = box.split("<li>")[1:]
    assert items[0].startswith(f"<strong>{first}</strong>")
    pain = next(item for item in items if "out of 10, with" in item)
    assert "Please call the emergency number now." in pain
    assert 'href="tel:999">999</a>' in box


def test_severe_pain_alone_heads_the_box_calmly(owner):
    owner.client.post(URL, {"pain": "10", "bleeding": "medium"})

    box = _box(owner.client.get(URL).content.decode())
    assert "Your body may need care now" in box
    assert "emergency number now" not in box


def test_other_flags_head_the_box_calmly(owner):
    owner.client.post(URL, {"pain": "9"})

    assert "Your body may need care now" in _box(owner.client.get(URL).content.decode())


def test_the_box_gives_the_uk_numbers(owner):
    _country(owner, "GB")
    write(owner, TODAY, bleeding="heavy")

    box = _box(owner.client.get(URL).content.decode())
    assert 'href="tel:999">999</a>' in box
    assert "NHS 111" in box
    assert "Samaritans" in box
    assert "choose your country" not in box


def test_the_box_gives_the_us_numbers(owner):
    _country(owner, "US")
    write(owner, TODAY, bleeding="heavy")

    box = _box(owner.client.get(URL).content.decode())
    assert 'href="tel:911">911</a>' in box
    assert 'href="tel:988">988</a>' in box
    assert "999" not in box


def test_a_country_we_hold_nothing_for_gets_the_local_number_and_find_a_helpline(owner):
    _country(owner, "JP")
    write(owner, TODAY, symptoms=["fever"])

    box = _box(owner.client.get(URL).content.decode())
    assert "your local emergency number" in box
    assert 'href="https://findahelpline.com/jp"' in box
    assert "Japan" in box
    assert "tel:" not in box


def test_without_a_country_the_box_still_helps_and_offers_to_choose_one(owner):
    write(owner, TODAY, symptoms=["fever"])

    box = _box(owner.client.get(URL).content.decode())
    assert "your local emergency number" in box
    assert 'href="https://findahelpline.com"' in box
    # A country picker inside the box: one tap later the numbers are there.
    assert 'action="/help/country/"' in box and '<option value="GB">' in box


def test_shoulder_tip_pain_after_an_ectopic_pregnancy_says_why(owner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind="ectopic"))
    write(owner, TODAY, symptoms=["shoulder_tip_pain"])

    box = _box(owner.client.get(URL).content.decode())
    assert "You told us your loss was an ectopic pregnancy" in box


def test_shoulder_tip_pain_after_another_loss_has_the_usual_words(owner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind="miscarriage"))
    write(owner, TODAY, symptoms=["shoulder_tip_pain"])

    box = _box(owner.client.get(URL).content.decode())
    assert "can be a sign of an ectopic pregnancy" in box
    assert "You told us" not in box


def test_a_refused_post_whose_body_answers_show_a_red_flag_still_shows_the_box(owner):
    _country(owner, "GB")

    response = owner.client.post(
        URL, {"bleeding": "heavy", "symptoms": ["dizziness", "nonsense"], "pain": "11"}
    )

    assert response.status_code == 400
    box = _box(response.content.decode())
    assert "Heavy bleeding." in box
    assert "Dizziness, feeling faint, looking very pale, or a fast heartbeat." in box
    assert 'href="tel:999">999</a>' in box
    assert not Entry.objects.filter(owner=owner.user).exclude(kind="profile").exists()


def test_a_refused_post_without_red_flags_has_no_box(owner):
    response = owner.client.post(URL, {"bleeding": "light", "pain": "eleven"})

    assert response.status_code == 400
    assert BOX not in response.content.decode()


def test_an_earlier_day_says_on_this_day(owner):
    owner.client.post("/journal/day/2026-03-20/", {"bleeding": "heavy"})

    assert "On this day you noted" in owner.client.get("/journal/day/2026-03-20/").content.decode()


LONG_PAST = "/journal/day/2026-03-20/"


@pytest.mark.parametrize(
    ("answers", "heading"),
    [
        (
            {"bleeding": "heavy", "symptoms": ["fever"]},
            "If this is still happening, or happens again, your body may need care",
        ),
        (
            {"bleeding": "heavy", "pain": 9, "symptoms": ["dizziness"]},
            "If this is still happening, or happens again, please get help",
        ),
    ],
    ids=["calm", "emergency"],
)
def test_a_day_long_past_says_if_this_is_still_happening_with_the_same_numbers(
    owner, answers, heading
):
    _country(owner, "GB")
    write(owner, date(2026, 3, 20), **answers)

    box = _box(owner.client.get(LONG_PAST).content.decode())
    assert f'<h2 id="red-flags-title">{heading}</h2>' in box
    assert "On this day you noted" in box
    assert "If this is still happening, or happens again, please" in box
    assert "get help now" not in box
    assert "help now" not in box and "number now" not in box
    # The same numbers as on a recent day.
    assert 'href="tel:999">999</a>' in box
    assert "NHS 111" in box


@pytest.mark.parametrize(
    ("day", "noted"),
    [("2026-03-28", "Today you noted"), ("2026-03-27", "Yesterday you noted")],
)
def test_today_and_yesterday_keep_the_urgent_words(owner, day, noted):
    write(owner, date.fromisoformat(day), bleeding="heavy", symptoms=["fever"])

    box = _box(owner.client.get(f"/journal/day/{day}/").content.decode())
    assert '<h2 id="red-flags-title">Your body may need care now</h2>' in box
    assert noted in box
    assert "Please get medical help now." in box
    assert "still happening" not in box


def test_a_refused_post_on_a_day_long_past_still_shows_the_box_first(owner):
    response = owner.client.post(LONG_PAST, {"symptoms": ["one_sided_pain"], "pain": "eleven"})

    assert response.status_code == 400
    html = response.content.decode()
    box = _box(html)
    assert "Pain on one side of your tummy." in box
    assert "If this is still happening, or happens again" in box
    assert html.index(BOX) < html.index('<form method="post" novalidate class="checkin">')


def test_the_outsider_never_sees_the_owners_box(owner, outsider):
    write(owner, TODAY, bleeding="heavy", symptoms=["dizziness"])

    assert BOX not in outsider.client.get(URL).content.decode()


def test_a_red_flag_is_stored_sealed_like_the_rest(owner):
    owner.client.post(URL, {"bleeding": "heavy", "symptoms": "shoulder_tip_pain"})

    entry = Entry.objects.get(owner=owner.user, kind="checkin")
    assert b"heavy" not in bytes(entry.blob)
    assert b"shoulder" not in bytes(entry.blob)
    stored = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY)
    assert stored.bleeding == "heavy"


def _first_line(box: str) -> str:
    """What comes right after the heading."""
    after = box[box.index("</h2>") + len("</h2>") :].lstrip()
    return after[: after.index("</p>") + len("</p>")]


@pytest.mark.parametrize(
    "answers",
    [
        {"symptoms": ["dizziness"]},
        {"pain": 9, "bleeding": "heavy"},
        {"pain": 8, "symptoms": ["dizziness", "fever"]},
    ],
    ids=["dizziness", "severe-pain-heavy-bleeding", "severe-pain-dizziness"],
)
def test_an_emergency_puts_call_the_number_now_first_under_the_heading(owner, answers):
    _country(owner, "GB")
    write(owner, TODAY, **answers)

    box = _box(owner.client.get(URL).content.decode())

    first = _first_line(box)
    assert first == (
        '<p class="checkin-call-first"><strong><a href="tel:999">Call 999</a> now.</strong></p>'
    )
    assert box.index(first) < box.index("Today you noted") < box.index("Who to call")


def test_without_a_number_the_first_line_says_call_your_local_emergency_number(owner):
    write(owner, TODAY, symptoms=["dizziness"])

    box = _box(owner.client.get(URL).content.decode())

    assert "Call your local emergency number now." in _first_line(box)
    assert "tel:" not in _first_line(box)


def test_a_day_long_past_puts_if_this_is_still_happening_call_the_number_first(owner):
    _country(owner, "US")
    write(owner, date(2026, 3, 20), symptoms=["dizziness"])

    box = _box(owner.client.get(LONG_PAST).content.decode())

    first = _first_line(box)
    assert 'If this is still happening, <a href="tel:911">call 911</a>.' in first
    assert "now" not in first


def test_without_an_emergency_there_is_no_call_now_line(owner):
    _country(owner, "GB")
    write(owner, TODAY, bleeding="heavy", symptoms=["fever"])

    box = _box(owner.client.get(URL).content.decode())

    assert "checkin-call-first" not in box
    assert _first_line(box) == "<p>Today you noted:</p>"


def test_with_dizziness_noted_the_box_does_not_ask_if_you_also_feel_dizzy(owner):
    write(owner, TODAY, bleeding="heavy", symptoms=["dizziness"])

    box = _box(owner.client.get(URL).content.decode())

    assert "Heavy bleeding." in box
    assert "If you also feel dizzy" not in box


def test_the_form_offers_looking_very_pale_and_a_fast_heartbeat_and_they_mean_call_now(owner):
    _country(owner, "GB")
    label = "Dizziness, feeling faint, looking very pale, or a fast heartbeat"
    assert f"<span>{label}</span>" in owner.client.get(URL).content.decode()

    owner.client.post(URL, {"symptoms": ["dizziness"]})

    box = _box(owner.client.get(URL).content.decode())
    assert '<h2 id="red-flags-title">Please get help now</h2>' in box
    assert _first_line(box).startswith('<p class="checkin-call-first"><strong><a href="tel:999">')


def test_pain_of_seven_out_of_ten_brings_the_box(owner):
    owner.client.post(URL, {"pain": "7"})

    box = _box(owner.client.get(URL).content.decode())
    assert "Pain of 7 out of 10." in box
    assert "Your body may need care now" in box


AFTER_A_BIRTH = {
    "chest_breathless": "Chest pain, being short of breath, or coughing up blood",
    "leg_pain": "Pain, redness or swelling in one leg, often the calf",
    "severe_headache": "A severe headache",
    "breast_red": "A breast that is hot, red, swollen or painful",
}


def _loss(person, **about) -> None:  # type: ignore[no-untyped-def]
    about_loss_save(owner=person.user, keys=person.keys, about=AboutLoss(**about))


@pytest.mark.parametrize(
    "about",
    [
        {"kind": "stillbirth"},
        {"kind": "tfmr"},
        {"kind": "tfmr", "loss_date": date(2026, 3, 1), "due_date": date(2026, 7, 5)},
        {"kind": "other", "loss_date": date(2026, 3, 1), "due_date": date(2026, 5, 1)},
    ],
    ids=["stillbirth", "tfmr-weeks-unknown", "tfmr-22-weeks", "other-31-weeks"],
)
def test_after_a_later_loss_the_form_offers_the_signs_of_the_weeks_after_a_birth(owner, about):
    _loss(owner, **about)

    html = owner.client.get(URL).content.decode()

    for value, label in AFTER_A_BIRTH.items():
        assert f'name="symptoms" value="{value}"' in html
        assert f"<span>{label}</span>" in html


@pytest.mark.parametrize(
    "about",
    [
        {},
        {"kind": "miscarriage"},
        {"kind": "ectopic"},
        {"kind": "tfmr", "loss_date": date(2026, 3, 1), "due_date": date(2026, 9, 1)},
        {"kind": "stillbirth", "loss_date": date(2025, 12, 1)},
    ],
    ids=["nothing-told", "miscarriage", "ectopic", "tfmr-13-weeks", "stillbirth-17-weeks-ago"],
)
def test_otherwise_the_signs_after_a_birth_are_not_asked(owner, about):
    _loss(owner, **about)

    html = owner.client.get(URL).content.decode()

    for value in AFTER_A_BIRTH:
        assert f'value="{value}"' not in html


def test_a_day_holding_a_sign_after_a_birth_keeps_it_ticked_and_flagged_whatever_the_loss(owner):
    _loss(owner, kind="miscarriage")
    write(owner, TODAY, symptoms=["leg_pain"])

    html = owner.client.get(URL).content.decode()

    assert re.search(r'name="symptoms" value="leg_pain" id="id_symptoms_\d+" checked', html)
    assert 'value="breast_red"' not in html  # the others are still not asked
    assert "Pain, redness or swelling in one leg." in _box(html)
    # Saving the day again keeps it.
    owner.client.post(URL, {"symptoms": ["leg_pain"], "mood": "3"})
    stored = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY)
    assert stored.symptoms == ["leg_pain"]


@pytest.mark.parametrize(
    ("symptom", "heading"),
    [
        ("chest_breathless", "Please get help now"),
        ("severe_headache", "Please get help now"),
        ("leg_pain", "Your body may need care now"),
        ("breast_red", "Your body may need care now"),
    ],
)
def test_each_sign_after_a_birth_brings_the_box_with_its_urgency(owner, symptom, heading):
    _country(owner, "GB")
    _loss(owner, kind="stillbirth")

    response = owner.client.post(URL, {"symptoms": [symptom]}, follow=True)

    box = _box(response.content.decode())
    assert f'<h2 id="red-flags-title">{heading}</h2>' in box
    emergency = heading == "Please get help now"
    assert ('href="tel:999">Call 999</a> now.' in box) is emergency
    assert "NHS 111" in box
