"""A person's own symptoms: typed once, offered back as boxes to tick on later days,
remembered in the vault (kind "custom_symptoms"), never readable at rest."""

from __future__ import annotations

from datetime import date

from afterwards.journal import services
from afterwards.journal.checkin import custom_symptoms_parse
from afterwards.vault.models import Entry
from tests.journal.conftest import TODAY

URL = "/journal/day/2026-03-28/"
EARLIER = "/journal/day/2026-03-20/"


def _remembered(person):  # type: ignore[no-untyped-def]
    return services.custom_symptoms_remembered(owner=person.user, keys=person.keys)


def test_typed_symptoms_are_split_tidied_and_kept_once():
    assert custom_symptoms_parse(" backache,, Headache ,headache;  sore   feet\nnausea ") == [
        "backache",
        "Headache",
        "sore feet",
        "nausea",
    ]
    assert custom_symptoms_parse("") == []


def test_symptoms_typed_one_day_are_offered_back_as_boxes_another_day(owner):
    owner.client.post(EARLIER, {"new_symptoms": "backache, heavy legs"})

    page = owner.client.get(URL)

    html = page.content.decode()
    assert "<legend>Your own words, from other days</legend>" in html
    assert 'value="backache"' in html
    assert [c.label for c in page.context["choices"]["own_symptoms"]] == [
        "backache",
        "heavy legs",
    ]
    assert not any(c.checked for c in page.context["choices"]["own_symptoms"])


def test_ticking_one_from_before_and_typing_a_new_one_saves_both(owner):
    owner.client.post(EARLIER, {"new_symptoms": "backache"})

    response = owner.client.post(
        URL, {"own_symptoms": "backache", "new_symptoms": "Backache, nausea"}
    )

    assert response.status_code == 302
    stored = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY)
    assert stored.custom_symptoms == ["backache", "nausea"]
    assert _remembered(owner) == ["nausea", "backache"]


def test_a_days_own_symptoms_show_ticked_on_its_page(owner):
    owner.client.post(URL, {"new_symptoms": "a heavy head"})

    choices = owner.client.get(URL).context["choices"]["own_symptoms"]
    assert [(c.label, c.checked) for c in choices] == [("a heavy head", True)]


def test_no_own_symptoms_no_box_and_no_extra_write(owner):
    owner.client.post(URL, {"mood": "3"})

    assert "Your own words, from other days" not in owner.client.get(URL).content.decode()
    assert not Entry.objects.filter(owner=owner.user, kind=services.CUSTOM_KIND).exists()


def test_a_refused_day_remembers_nothing(owner):
    response = owner.client.post(URL, {"new_symptoms": "backache", "pain": "12"})

    assert response.status_code == 400
    assert 'value="backache"' in response.content.decode()  # what was typed is kept
    assert _remembered(owner) == []


def test_only_the_newest_are_remembered(owner):
    for n in range(1, 4):
        day = date(2026, 3, n)
        typed = ", ".join(f"ache {n}-{i}" for i in range(12))
        assert owner.client.post(f"/journal/day/{day}/", {"new_symptoms": typed}).status_code == 302

    remembered = _remembered(owner)
    assert len(remembered) == services.CUSTOM_REMEMBERED_MAX
    assert remembered[0] == "ache 3-0"
    assert "ache 1-0" not in remembered


def test_ones_own_symptoms_are_not_offered_to_anyone_else(owner, outsider):
    owner.client.post(URL, {"new_symptoms": "the owner's own ache"})

    page = outsider.client.get(URL)
    assert page.context["choices"]["own_symptoms"] == []
    assert "the owner" not in page.content.decode()
    refused = outsider.client.post(URL, {"own_symptoms": "the owner's own ache"})
    assert refused.status_code == 400
    assert "own_symptoms" in refused.context["form"].errors


def test_ones_own_words_are_shown_escaped(owner):
    owner.client.post(URL, {"new_symptoms": '<b>sore</b> "feet"'})

    html = owner.client.get(URL).content.decode()
    assert "<b>sore</b>" not in html
    assert 'value="&lt;b&gt;sore&lt;/b&gt; &quot;feet&quot;"' in html
    assert "<span>&lt;b&gt;sore&lt;/b&gt; &quot;feet&quot;</span>" in html
