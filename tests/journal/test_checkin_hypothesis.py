"""Hypothesis on the check-in: whatever is posted for any field, the answer is never a
server error; what is accepted always fits the schema's ranges; and a refused post
leaves the stored day (and the remembered symptoms) exactly as they were."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.http import QueryDict
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from afterwards.journal import services
from afterwards.journal.checkin import (
    BLEEDING,
    CUSTOM_SYMPTOM_MAX,
    CUSTOM_SYMPTOMS_MAX,
    FEELING_WORDS,
    INTIMACY,
    KIND,
    NOTE_MAX,
    PAIN_MAX,
    SCALES,
    SHARE_SECTIONS,
    SYMPTOMS,
    CheckIn,
)
from afterwards.journal.forms import CheckInForm
from afterwards.vault.models import Entry
from tests.journal.conftest import TODAY

DAY = date(2026, 3, 20)
URL = f"/journal/day/{DAY.isoformat()}/"
BEFORE = CheckIn(
    day=DAY,
    mood=2,
    bleeding="light",
    pain=3,
    symptoms=["cramps"],
    custom_symptoms=["backache"],
    intimacy="sex",
    during=3,
    note="written before",
)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_garbage = st.one_of(
    st.sampled_from(
        ["", " ", "0", "-1", "6", "11", "3.0", "1e3", "None", "null", "on", "\x00", "heavy "]
    ),
    st.integers(-5, 15).map(str),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(20, 4_000)),
)


def _field(valid: list[str]) -> st.SearchStrategy[object]:
    one = st.one_of(st.sampled_from(valid), _garbage)
    return st.one_of(one, st.lists(one, max_size=3))


FIELDS = {
    **{name: _field([str(n) for n in words]) for name, words in SCALES.items()},
    "bleeding": _field(list(BLEEDING)),
    "pain": _field([str(n) for n in range(PAIN_MAX + 1)]),
    "symptoms": _field(list(SYMPTOMS)),
    "own_symptoms": _field(["backache"]),
    "new_symptoms": _field(["sore feet", "backache, nausea", ",".join(["ache"] * 3)]),
    "intimacy": _field(list(INTIMACY)),
    "during": _field([str(n) for n in FEELING_WORDS]),
    "afterwards": _field([str(n) for n in FEELING_WORDS]),
    "note": _field(["a quiet day", "x" * NOTE_MAX, "x" * (NOTE_MAX + 1)]),
    "share": _field(list(SHARE_SECTIONS)),
}
posts = st.fixed_dictionaries({}, optional=FIELDS)


def _snapshot(person) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {
        f"{entry.kind}:{entry.pk}": bytes(entry.blob)
        for entry in Entry.objects.filter(owner=person.user)
    }


def _fits_the_schema(checkin: CheckIn) -> None:
    for name, words in SCALES.items():
        assert getattr(checkin, name) in (None, *words), name
    assert checkin.bleeding in (None, *BLEEDING)
    assert checkin.pain is None or 0 <= checkin.pain <= PAIN_MAX
    assert set(checkin.symptoms) <= set(SYMPTOMS)
    assert len(checkin.custom_symptoms) <= CUSTOM_SYMPTOMS_MAX
    assert all(0 < len(item) <= CUSTOM_SYMPTOM_MAX for item in checkin.custom_symptoms)
    assert checkin.intimacy in (None, *INTIMACY)
    for name in ("during", "afterwards"):
        value = getattr(checkin, name)
        assert value in (None, *FEELING_WORDS), name
        if checkin.intimacy == "none":
            assert value is None, name
    assert len(checkin.note) <= NOTE_MAX
    assert isinstance(checkin.share, list) and set(checkin.share) <= set(SHARE_SECTIONS)


@SETTINGS
@given(data=posts)
def test_any_post_is_saved_whole_or_refused_leaving_the_day_untouched(owner, data):
    services.checkin_save(owner=owner.user, keys=owner.keys, checkin=BEFORE)
    before = _snapshot(owner)

    response = owner.client.post(URL, data)

    assert response.status_code in (302, 400), response.status_code
    assert Entry.objects.filter(owner=owner.user, kind=KIND).count() == 1
    stored = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=DAY)
    event(f"status {response.status_code}")
    if response.status_code == 400:
        assert _snapshot(owner) == before, "a refused post changed something"
    else:
        _fits_the_schema(stored)


@SETTINGS
@given(data=posts)
def test_the_form_never_raises_and_accepts_only_what_fits(data):
    form = CheckInForm(_query(data), remembered=["backache"], in_space=True)
    if form.is_valid():
        _fits_the_schema(form.checkin(TODAY))
    else:
        assert form.errors
        form.answers_so_far(TODAY)  # read leniently for red flags: never raises


@SETTINGS
@given(value=_field(["1", "3", "5"]))
def test_any_answer_about_yesterday_sets_that_one_answer_or_nothing(owner, value):
    yesterday = replace(BEFORE, day=TODAY - timedelta(days=1))
    services.checkin_save(owner=owner.user, keys=owner.keys, checkin=yesterday)
    before = _snapshot(owner)

    response = owner.client.post(
        f"/journal/day/{TODAY.isoformat()}/", _query({"yesterday_afterwards": value})
    )

    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert _snapshot(owner) == before
    else:
        stored = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=yesterday.day)
        assert stored.afterwards in (None, *FEELING_WORDS)
        assert {**vars(stored), "afterwards": None} == {**vars(yesterday), "afterwards": None}


def _query(data: dict[str, object]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return query
