"""Whatever is posted to any form, the answer is never a server error, and nothing is left
half-done: no person without keys, no passphrase that logs in but does not open the
vault, no check-in changed by a rejected post, nothing left of a deleted person.

Hypothesis posts garbage (control characters, huge strings, missing, extra and repeated
fields, undecodable bodies, and now and then the real values, so the success paths run
too) to every form, as someone logged out and as a logged-in person.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from afterwards.accounts.models import User, UserSession
from afterwards.journal import services as journal
from afterwards.journal.checkin import KIND as CHECKIN_KIND
from afterwards.journal.checkin import CheckIn
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import unlock_with_passphrase
from afterwards.vault.models import Entry, Keyring, PartnerWrap
from tests.conftest import create_account
from tests.security.conftest import signup

PASSPHRASE = "pale lanterns drift over the canal"
# Placeholders the strategies may draw, replaced by the fresh person's real values.
USER, PASS, CODE = "\ue000user", "\ue000pass", "\ue000code"

BOUNDED = hypothesis_settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


NEW_USER = "\ue000new"
NEW_PASS = "a much longer passphrase that passes"


@dataclass(frozen=True)
class Target:
    name: str
    path: str  # "{day}" is filled with the drawn day
    valid: dict[str, str]  # what a person would send; garbage is made from it too
    method: str = "post"

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.valid)


TARGETS = [
    Target(
        "signup",
        "/signup/",
        {
            "username": NEW_USER,
            "email": "",
            "new_passphrase": NEW_PASS,
            "new_passphrase_again": NEW_PASS,
        },
    ),
    Target("login", "/login/", {"username": USER, "passphrase": PASS}),
    Target(
        "recover",
        "/recover/",
        {
            "username": USER,
            "recovery_code": CODE,
            "new_passphrase": NEW_PASS,
            "new_passphrase_again": NEW_PASS,
        },
    ),
    Target("recovery code kept", "/signup/recovery-code/", {"kept": "on"}),
    Target(
        "passphrase",
        "/account/passphrase/",
        {"passphrase": PASS, "new_passphrase": NEW_PASS, "new_passphrase_again": NEW_PASS},
    ),
    Target("preferences", "/account/preferences/", {"country": "GB", "neutral_look": "on"}),
    Target("help by country", "/help/", {"country": "gb"}, method="get"),
    Target("delete", "/account/delete/", {"passphrase": PASS, "confirm": "on"}),
    Target(
        "journal day",
        "/journal/day/{day}/",
        {
            "mood": "3",
            "grief": "4",
            "anxiety": "2",
            "energy": "2",
            "sleep": "3",
            "bleeding": "heavy",
            "pain": "8",
            "symptoms": "shoulder_tip_pain",
            "own_symptoms": "",
            "new_symptoms": "backache, sore feet",
            "intimacy": "sex",
            "during": "4",
            "afterwards": "2",
            "note": "a quiet day",
            "share": "on",
        },
    ),
    Target("day picker", "/journal/day/", {"day": "2020-02-29"}, method="get"),
    Target("history month", "/journal/", {"month": "2020-02"}, method="get"),
    Target("logout everywhere", "/account/logout-everywhere/", {}),
    Target("logout", "/logout/", {}),
    Target(
        "about your loss",
        "/about-your-loss/",
        {
            "kind": "stillbirth",
            "loss_date": "2020-02-29",
            "due_date": "9999-12-31",
            "speak_of": "name",
            "name": "Wren",
        },
    ),
    Target("words by audience", "/words/", {"for": "partner"}, method="get"),
    Target(
        "wellbeing questionnaire",
        "/wellbeing/phq9/",
        {**{f"item_{n}": "1" for n in range(1, 10)}, "difficulty": "2", "share": "on"},
    ),
    Target("wellbeing schedule", "/wellbeing/schedule/", {"phq9": "14", "gad7": "28", "pcl5": "0"}),
]

_any_char = st.characters(exclude_categories=["Cs"])
_control = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Co"])
_plausible = st.sampled_from(
    [
        USER,
        PASS,
        CODE,
        "",
        " ",
        "\x00",
        "on",
        "true",
        "1",
        "3",
        "5",
        "0",
        "6",
        "-1",
        "3.0",
        "1e9",
        "99999999999999999999999",
        "2020-02-29",
        "9999-12-31",
        "0001-01-01",
        "null",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "a@b",
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345",
        "a much longer passphrase that passes",
        "robin",
        "\r\n",
        "\u202e\u200b",
    ]
)
_small_text = st.one_of(
    _plausible,
    st.text(_any_char, max_size=40),
    st.text(st.one_of(_control, _any_char), max_size=300),
)
_text = st.one_of(
    _small_text,
    # Past every max_length (the longest is the note's 10,000).
    st.builds(
        lambda part, times: part * times,
        st.text(_any_char, min_size=1, max_size=4),
        st.integers(1_000, 40_000),
    ),
    st.just("x" * 2_700_000),  # over Django's upload limit: must be a 400
)
_value = st.one_of(_text, st.lists(_text, max_size=4))
_query_value = st.one_of(_small_text, st.lists(_small_text, max_size=4))
_raw_body = st.tuples(
    st.binary(max_size=3000),
    st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=BoUnDaRy",
            "multipart/form-data",
            "text/plain",
            "application/json",
        ]
    ),
)
_days = st.one_of(
    st.just("today"),
    st.just("2020-02-29"),
    st.sampled_from(["1899-12-31", "9999-12-31", "2021-02-30", "not-a-day", "0001-01-01"]),
)


def _fields(target: Target, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from(target.fields) if target.fields else st.nothing()
    return st.dictionaries(
        st.one_of(
            keys, st.text(_any_char, min_size=1, max_size=20), st.just("csrfmiddlewaretoken")
        ),
        values,
        max_size=len(target.fields) + 3,
    )


def _mutate(valid: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The valid form with some fields dropped (None) or replaced, and some added."""
    data = dict(valid)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _near_valid(target: Target, values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = (
        st.one_of(st.sampled_from(target.fields), st.text(_any_char, min_size=1, max_size=20))
        if target.fields
        else st.text(_any_char, min_size=1, max_size=20)
    )
    changes = st.dictionaries(keys, st.one_of(st.none(), values), max_size=3)
    return st.builds(_mutate, st.just(target.valid), changes)


def _payloads(target: Target) -> st.SearchStrategy[Any]:
    if target.method == "get":
        return st.one_of(_near_valid(target, _query_value), _fields(target, _query_value))
    return st.one_of(_near_valid(target, _value), _fields(target, _value), _raw_body)


@dataclass
class Fresh:
    user: User
    passphrase: str
    code: str
    client: Client


_names = itertools.count()
_addresses = itertools.count(1)


def _address() -> str:
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def _fresh_person(*, logged_in: bool, pending_code: bool = False) -> Fresh:
    username = f"hyp-{next(_names)}"
    client = Client(REMOTE_ADDR=_address())
    if pending_code:
        code = signup(client, username, PASSPHRASE)  # the code waits to be confirmed
    else:
        _, _, code = create_account(username, PASSPHRASE)
        if logged_in:
            response = client.post("/login/", {"username": username, "passphrase": PASSPHRASE})
            assert response.status_code == 302
    return Fresh(User.objects.get(username=username), PASSPHRASE, code, client)


def _fill(value: Any, person: Fresh) -> Any:
    if isinstance(value, list):
        return [_fill(item, person) for item in value]
    return (
        value.replace(NEW_USER, f"{person.user.username}-new")
        .replace(USER, person.user.username)
        .replace(PASS, person.passphrase)
        .replace(CODE, person.code)
    )


def _day(drawn: str) -> str:
    return timezone.localdate().isoformat() if drawn == "today" else drawn


def _send(client: Client, target: Target, path: str, payload: Any, person: Fresh) -> Any:
    if isinstance(payload, tuple):
        body, content_type = payload
        return client.post(path, data=body, content_type=content_type)
    data = {_fill(key, person): _fill(value, person) for key, value in payload.items()}
    if target.method == "get":
        return client.get(path, data)
    return client.post(path, data)


def _strings_in(payload: Any, person: Fresh) -> set[str]:
    if isinstance(payload, tuple):
        return set()
    found: set[str] = set()
    for value in payload.values():
        for item in value if isinstance(value, list) else [value]:
            item = _fill(item, person)
            if len(item) <= 1024:
                found.add(item)
    return found


def _assert_whole(person: Fresh, payload: Any, before_note: str | None, day: str) -> None:
    """Nothing half-done, for this person and for everyone."""
    assert not User.objects.filter(keyring__isnull=True).exists(), "a person without keys"
    user = User.objects.filter(pk=person.user.pk).first()
    if user is None:
        event("the person was deleted")
        pk = person.user.pk
        assert not Keyring.objects.filter(user_id=pk).exists()
        assert not Entry.objects.filter(owner_id=pk).exists()
        assert not PartnerWrap.objects.filter(reader_id=pk).exists()
        assert not UserSession.objects.filter(user_id=pk).exists()
        return
    stored = user.keyring.stored()
    candidates = {person.passphrase} | _strings_in(payload, person)
    working = [c for c in candidates if user.check_password(c)]
    assert working, "no passphrase logs this person in any more"
    if person.passphrase not in working:
        event("the passphrase was changed")
    opened = []
    for passphrase in working:
        try:
            opened.append(unlock_with_passphrase(stored, passphrase))
        except VaultError:
            pytest.fail("a passphrase logs in but does not open the vault")
    keys = opened[0]
    if before_note is not None:
        checkin = journal.checkin_for_day(owner=user, keys=keys, day=date.fromisoformat(day))
        assert checkin is not None, "a rejected or accepted post lost the day's check-in"
        # One check-in; the person's own symptoms, when a day had some, are remembered
        # in an entry of their own.
        assert Entry.objects.filter(owner=user, kind=CHECKIN_KIND).count() == 1


def _valid_past_day(day: str) -> bool:
    try:
        the_day = date.fromisoformat(day)
    except ValueError:
        return False
    return 1900 <= the_day.year and the_day <= timezone.localdate()


def _run(target: Target, payload: Any, drawn_day: str, *, logged_in: bool) -> None:
    person = _fresh_person(
        logged_in=logged_in, pending_code=logged_in and target.name == "recovery code kept"
    )
    client = person.client if logged_in else Client(REMOTE_ADDR=_address())
    day = _day(drawn_day)
    path = target.path.format(day=day)
    before_note = None
    # One valid day already has a check-in (an edit), today has none (a new one).
    if target.name == "journal day" and drawn_day != "today" and _valid_past_day(day):
        keys = unlock_with_passphrase(person.user.keyring.stored(), person.passphrase)
        before_note = "written before"
        journal.checkin_save(
            owner=person.user,
            keys=keys,
            checkin=CheckIn(day=date.fromisoformat(day), note=before_note),
        )
    users_before = User.objects.count()
    entries_before = Entry.objects.filter(kind=CHECKIN_KIND).count()
    note_before = _note(person, day) if before_note is not None else None

    response = _send(client, target, path, payload, person)

    assert response.status_code < 500, (target.name, response.status_code)
    event(f"status {response.status_code}")
    if target.name == "signup":
        created = User.objects.count() - users_before
        assert created == (1 if response.status_code == 302 else 0)
    elif target.name == "journal day":
        created = Entry.objects.filter(kind=CHECKIN_KIND).count() - entries_before
        saved = logged_in and response.status_code == 302
        if saved:
            assert response["Location"] == path
        if before_note is not None:
            assert created == 0, "an edit made a second entry"
            if not saved:
                assert _note(person, day) == note_before, "a rejected check-in changed the day"
        else:
            assert created == (1 if saved else 0), "a rejected check-in left an entry"
            if saved:
                assert _note(person, day) is not None, "a saved check-in does not open"
            event(f"new check-in {'saved' if saved else 'refused'}")
    elif target.name == "logout everywhere" and logged_in and response.status_code == 302:
        assert not UserSession.objects.filter(user=person.user).exists()
    elif target.name != "signup":
        assert User.objects.count() in {users_before, users_before - 1}
    if target.name == "wellbeing questionnaire":
        saved = Entry.objects.filter(owner=person.user, kind="wellbeing_result").count()
        assert saved == (1 if logged_in and response.status_code == 302 else 0)
    _assert_whole(person, payload, before_note, day)


def _note(person: Fresh, day: str) -> str | None:
    user = User.objects.filter(pk=person.user.pk).first()
    if user is None:
        return None
    keys = unlock_with_passphrase(user.keyring.stored(), person.passphrase)
    checkin = journal.checkin_for_day(owner=user, keys=keys, day=date.fromisoformat(day))
    return checkin.note if checkin else None


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
@BOUNDED
@given(data=st.data())
def test_garbage_from_someone_logged_out_never_breaks_a_form(db, target, data):
    payload = data.draw(_payloads(target), label="payload")
    _run(target, payload, data.draw(_days, label="day"), logged_in=False)


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
@BOUNDED
@given(data=st.data())
def test_garbage_from_a_logged_in_person_never_breaks_a_form(db, target, data):
    payload = data.draw(_payloads(target), label="payload")
    _run(target, payload, data.draw(_days, label="day"), logged_in=True)


def test_garbage_without_a_csrf_token_is_refused_not_broken(db):
    person = _fresh_person(logged_in=True)
    person.client.handler.enforce_csrf_checks = True
    for target in TARGETS:
        if target.method == "get":
            continue
        path = target.path.format(day=timezone.localdate().isoformat())
        response = person.client.post(path, {name: "\x00" * 3 for name in target.fields})
        assert response.status_code == 403, target.name
    assert person.client.get("/account/").status_code == 200
