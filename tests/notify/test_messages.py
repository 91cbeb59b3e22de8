"""Every reminder's words are generic on a lock screen: they name nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string

import afterwards.notify
from afterwards.notify.messages import NOTICES, message_for

MESSAGES = Path(afterwards.notify.__file__).parent / "templates" / "notify" / "messages"
# Each is matched as the start of a word, so "loss" catches "losses" and "period"
# "periods"; forms that do not start with a listed word are listed themselves.
NEVER_ON_A_LOCK_SCREEN = [
    "pregnancy", "pregnancies", "pregnant", "baby", "babies", "loss", "miscarriage",
    "miscarry", "miscarried", "miscarries", "ectopic", "stillbirth", "stillborn",
    "termination", "terminate", "bleed", "bled", "blood", "period", "sex", "intimacy",
    "intimate", "grief", "grieve", "grieving", "die", "dying", "death", "dead",
    "anniversary", "anniversaries", "due date", "therapy", "therapies", "therapist",
    "depress", "anxiety", "anxieties", "anxious", "suicide", "suicidal", "self-harm",
]  # fmt: skip
PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, NEVER_ON_A_LOCK_SCREEN)) + r")\w*", re.I)
TEST_DATA = {
    "site_name": "Afterwards",
    "push_body": "A moment for today's check-in.",
    "link": "https://notes.example/today/",
    "settings_link": "https://notes.example/reminders/",
}


@pytest.mark.parametrize("path", sorted(MESSAGES.glob("*.txt")), ids=lambda p: p.name)
def test_every_message_template_names_nothing(path):
    text = render_to_string(f"notify/messages/{path.name}", TEST_DATA)
    assert text.strip()
    assert PATTERN.findall(text) == []


@pytest.mark.parametrize("notice", NOTICES)
@pytest.mark.parametrize("neutral", [False, True])
def test_every_reminder_as_sent_names_nothing_and_links_only_to_the_site(notice, neutral, settings):
    settings.BASE_URL = "https://notes.example"
    message = message_for(notice, neutral=neutral)
    for text in (message.subject, message.body, message.email):
        assert PATTERN.findall(text) == []
    assert message.subject.startswith("Notes: " if neutral else "Afterwards: ")
    links = re.findall(r"https?://\S+", message.email)
    assert links and all(link.startswith("https://notes.example/") for link in links)
    assert "&#x27;" not in message.subject + message.body + message.email


def test_the_word_list_does_catch_a_word_it_lists():
    assert PATTERN.findall("A Pregnancy week; a due date") == ["Pregnancy", "due date"]
    assert PATTERN.findall("a moment, a hard week, your partner, notes") == []


@pytest.mark.parametrize(
    "word",
    [
        "babies", "losses", "periods", "miscarriages", "miscarried", "pregnancies",
        "bleeds", "bled", "grieved", "dying", "anniversaries", "due dates", "therapist",
        "therapies", "depressed", "anxieties", "suicidal", "stillborn", "terminated",
    ],
)  # fmt: skip
def test_the_word_list_catches_plurals_and_other_forms_of_a_word_it_lists(word):
    assert PATTERN.findall(f"A {word.upper()} week") != []


def test_a_server_without_smtp_settings_sends_no_mail_at_all():
    from django.core import mail

    from afterwards.notify.mail import EmailOff

    backend = EmailOff()
    assert backend.send_messages([mail.EmailMessage("s", "b", to=["a@example.org"])]) == 0
    # (That settings.py chooses it without SMTP settings is proved by `check --deploy`
    # passing: tests/security/test_headers.py.)
