"""What one simulated person does on a visit, and the forms they post, as a browser would.

Nothing here needs Locust: the locustfile walks these steps over HTTP, and the tests read
them directly.

A visit, as people use the app in the evening:

- now and then the visit starts with a login (LOGIN_EVERY: see below);
- open Today (the day's check-in page);
- save the day: the whole check-in form as the browser posts it (every field the page
  has, the CSRF token from the page), then the page the save redirects to;
- look at the month (mostly the current one, sometimes an earlier one);
- sometimes Patterns (PATTERNS_SHARE of visits);
- for people in a space, the couple's days (COUPLE_DAYS_SHARE of their visits);
- now and then a questionnaire (QUESTIONNAIRE_SHARE): open the PHQ-9, answer it, see
  the result.

Logins are rare: a session lasts AFTERWARDS_SESSION_DAYS (14 days) and is renewed by
nothing but a login, so a person who visits every evening on one device logs in about
once every 14 visits; LOGIN_EVERY is 14. (Two devices would double it; a person who
logs out every time is rarer still in an app kept on a phone's home screen.)
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

LOGIN_EVERY = 14  # visits per login: a 14-day session, one visit a day
PATTERNS_SHARE = 0.25  # of visits that look at Patterns
COUPLE_DAYS_SHARE = 0.5  # of a person-in-a-space's visits that look at the couple's days
QUESTIONNAIRE_SHARE = 1 / 14  # a PHQ-9 about every two weeks
EARLIER_MONTH_SHARE = 0.3  # of month views that page back to an earlier month

FLOOR = "floor: bare logged-in page GET"
LOGIN_PAGE = "login page GET"
LOGIN = "login POST"
TODAY = "Today GET"
SAVE = "save the day POST"
SAVED = "Today after the save GET"
MONTH = "the month GET"
PATTERNS = "Patterns GET"
COUPLE_DAYS = "couple's days GET"
QUESTIONNAIRE = "questionnaire GET"
ANSWER = "questionnaire POST"
RESULT = "questionnaire result GET"

# Endpoints in the order tables list them.
ENDPOINTS = [FLOOR, LOGIN_PAGE, LOGIN, TODAY, SAVE, SAVED, MONTH, PATTERNS, COUPLE_DAYS,
             QUESTIONNAIRE, ANSWER, RESULT]
SAVES = {SAVE, ANSWER}  # requests that write what a person entered

FLOOR_PATH = "/bench/floor/"
QUESTIONNAIRE_PATH = "/wellbeing/phq9/"
# A positive answer to the PHQ-9's item 9 leads to crisis help, not to the plain result;
# the simulated people answer it "not at all", as most people do.
SAFETY_ITEMS = {"item_9": "0"}


@dataclass(frozen=True)
class Step:
    """One request of a visit: its endpoint name, method, path and the status it must get.

    A POST's body is built from the page fetched just before it (`form_from`)."""

    name: str
    method: str
    path: str
    expect: int
    form: str = ""  # which form to fill from the previous page: "checkin", "questionnaire"


def visit_steps(
    rng: random.Random, *, today: date, first_day: date, in_couple: bool
) -> list[Step]:
    """The requests of one visit, in order (the login, when there is one, first)."""
    steps: list[Step] = []
    if rng.random() < 1 / LOGIN_EVERY:
        steps += [Step(LOGIN_PAGE, "GET", "/login/", 200), Step(LOGIN, "POST", "/login/", 302)]
    day_path = f"/journal/day/{today.isoformat()}/"
    steps += [
        Step(TODAY, "GET", day_path, 200),
        Step(SAVE, "POST", day_path, 302, form="checkin"),
        Step(SAVED, "GET", day_path, 200),
        Step(MONTH, "GET", month_path(rng, today=today, first_day=first_day), 200),
    ]
    if rng.random() < PATTERNS_SHARE:
        steps.append(Step(PATTERNS, "GET", "/patterns/", 200))
    if in_couple and rng.random() < COUPLE_DAYS_SHARE:
        steps.append(Step(COUPLE_DAYS, "GET", "/together/days/", 200))
    if rng.random() < QUESTIONNAIRE_SHARE:
        steps += [
            Step(QUESTIONNAIRE, "GET", QUESTIONNAIRE_PATH, 200),
            Step(ANSWER, "POST", QUESTIONNAIRE_PATH, 302, form="questionnaire"),
            Step(RESULT, "GET", "", 200),  # wherever the answer redirected
        ]
    return steps


def month_path(rng: random.Random, *, today: date, first_day: date) -> str:
    if rng.random() >= EARLIER_MONTH_SHARE:
        return "/journal/"
    span = (today - first_day).days
    earlier = today - timedelta(days=rng.randint(31, max(31, span)))
    return f"/journal/?month={earlier:%Y-%m}"


def visits(
    rng: random.Random, *, today: date, first_day: date, in_couple: bool
) -> Iterator[Step]:
    """One visit after another, for as long as the person is simulated."""
    while True:
        yield from visit_steps(rng, today=today, first_day=first_day, in_couple=in_couple)


def expected_shares(in_couple: bool) -> dict[str, float]:
    """How many requests of each endpoint a visit makes, on average (the mix's weights)."""
    shares = {
        LOGIN_PAGE: 1 / LOGIN_EVERY,
        LOGIN: 1 / LOGIN_EVERY,
        TODAY: 1.0,
        SAVE: 1.0,
        SAVED: 1.0,
        MONTH: 1.0,
        PATTERNS: PATTERNS_SHARE,
        COUPLE_DAYS: COUPLE_DAYS_SHARE if in_couple else 0.0,
        QUESTIONNAIRE: QUESTIONNAIRE_SHARE,
        ANSWER: QUESTIONNAIRE_SHARE,
        RESULT: QUESTIONNAIRE_SHARE,
    }
    return {name: share for name, share in shares.items() if share}


# The seeded people, as bench/seed.py names them (it needs Django; the locustfile does not).
PASSPHRASE = "bench passphrase, never for a real account"


def person_name(index: int) -> str:
    return f"bench{index + 1:04d}"


# --- Forms, read from the page as a browser reads them ---------------------------------


@dataclass
class Field:
    """A named control of a form: its kind, the values it offers, and what is filled."""

    name: str
    kind: str  # "hidden", "radio", "checkbox", "text", "textarea", "date", ...
    values: list[str] = field(default_factory=list)  # offered (radio, checkbox) or current
    checked: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    classes: str
    fields: dict[str, Field] = field(default_factory=dict)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(action=a.get("action", ""), classes=a.get("class", ""))
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            control = self._form.fields.setdefault(name, Field(name, kind))
            value = a.get("value", "on" if kind in ("radio", "checkbox") else "")
            control.values.append(value)
            if kind in ("radio", "checkbox") and "checked" in a:
                control.checked.append(value)
        elif tag == "textarea":
            self._textarea = self._form.fields.setdefault(name, Field(name, "textarea", [""]))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.values = [self._textarea.values[0] + data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None


def forms_read(html: str) -> list[Form]:
    """Every POST form of a page, with its named controls."""
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def form_find(html: str, which: str) -> Form:
    """The page's check-in form ("checkin") or questionnaire form ("questionnaire")."""
    for form in forms_read(html):
        if which in form.classes.split():
            return form
    raise LookupError(f"the page has no {which} form")


NOTES = [
    "Slept badly again.",
    "A short walk by the river helped a little.",
    "We talked tonight, properly, for the first time in days.",
    "Cried in the car park, then felt lighter.",
    "Quiet day. Nothing much to say, and that is fine.",
    "Made soup. Ate most of it.",
    "Counselling session today; hard but useful.",
]
_OWN_WORDS = ["", "", "", "", "backache", "headache, tight jaw"]


def checkin_body(form: Form, rng: random.Random, *, in_couple: bool) -> list[tuple[str, str]]:
    """The whole day as a person fills it in: every scale answered, the body, closeness
    now and then with how it felt, a note most days, and, in a space, a part or two shared
    some days. Hidden fields (the CSRF token, the day's version) go back as they came."""
    pairs: list[tuple[str, str]] = []
    intimacy = rng.choice(["none", "none", "none", "closeness", "sex"])
    for control in form.fields.values():
        name = control.name
        if control.kind == "hidden":
            pairs += [(name, value) for value in control.values]
        elif control.kind == "radio":
            if name == "intimacy":
                pairs.append((name, intimacy if intimacy in control.values else control.values[0]))
            elif name in ("during", "afterwards"):
                if intimacy != "none":
                    pairs.append((name, rng.choice(control.values)))
            else:
                pairs.append((name, rng.choice(control.values)))
        elif control.kind == "checkbox":
            if name == "share":
                if in_couple and rng.random() < 0.4:
                    shared = rng.sample(control.values, k=rng.randint(1, 2))
                    pairs += [(name, value) for value in shared]
            else:
                k = min(len(control.values), rng.choice([0, 0, 1, 2]))
                ticked = rng.sample(control.values, k=k)
                pairs += [(name, value) for value in ticked]
        elif control.kind == "textarea":
            note = " ".join(rng.choices(NOTES, k=rng.randint(1, 4))) if rng.random() < 0.7 else ""
            pairs.append((name, note))
        elif name == "new_symptoms":
            pairs.append((name, rng.choice(_OWN_WORDS)))
        else:
            pairs += [(name, value) for value in control.values]
    return pairs


def questionnaire_body(form: Form, rng: random.Random) -> list[tuple[str, str]]:
    """A questionnaire answered: every item, the safety items "not at all", not shared."""
    pairs: list[tuple[str, str]] = []
    for control in form.fields.values():
        if control.kind == "hidden":
            pairs += [(control.name, value) for value in control.values]
        elif control.kind == "radio":
            answer = SAFETY_ITEMS.get(control.name) or rng.choice(control.values[:3])
            pairs.append((control.name, answer))
    return pairs


def body_encode(pairs: Sequence[tuple[str, str]]) -> str:
    return urlencode(list(pairs))
